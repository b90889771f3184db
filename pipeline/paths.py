"""The paths fiches writes, deletes and prints: one containment rule, safe names, printable names.

The rule for every path written or deleted (after PEP 706's ``data`` filter for tar archives):
resolve it, symbolic links included, and accept it only when it lies strictly inside the resolved
output folder; anything else is refused with a reason, never "corrected". Names the file system
or JSON cannot take (bytes that are not UTF-8, names longer than the file system allows) get an
escaped, hash-shortened output name; the original is kept, escaped only where it is not UTF-8.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

from pipeline.errors import FichesError

MAX_NAME_BYTES = 200
"""Longest output name: 255 (ext4, XFS, Btrfs) minus what the atomic write adds (".NAME.xxxxxxxx.tmp")."""


class Unsafe(FichesError):
    """A path fiches was asked to write or delete lies outside the folder it may write to."""


class Fence:
    """The containment rule for one output folder, with the folders it has resolved remembered
    (one run: a thousand outputs in ten folders cost ten resolutions, not a thousand)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: dict[str, Path] = {}

    def path(self, candidate: Path | str) -> Path:
        """``candidate`` (relative to the root) resolved, when it lies strictly inside the root.

        Raises :class:`Unsafe` for an absolute name elsewhere, one that climbs out with ``..``,
        or one whose folders are symbolic links leading out. The last component is not followed:
        writing replaces it and deleting removes it, link or not, so neither reaches elsewhere.
        """
        relative = Path(candidate)
        if relative.is_absolute():
            if not relative.is_relative_to(self.root):
                raise Unsafe(f"{printable(str(candidate))} is outside {printable(str(self.root))}")
            relative = relative.relative_to(self.root)
        name = relative.name
        if name in ("", ".", ".."):
            raise Unsafe(f"{printable(str(candidate))} does not name a file inside "
                         f"{printable(str(self.root))}")
        key = str(relative.parent)
        folder = self._folders.get(key)
        if folder is None:
            folder = self._folders[key] = (self.root / relative.parent).resolve()
        if not folder.is_relative_to(self.root):
            raise Unsafe(f"{printable(str(candidate))} resolves to {printable(str(folder / name))}, "
                         f"outside {printable(str(self.root))}")
        return folder / name


def contained(root: Path, candidate: Path | str) -> Path:
    """``candidate`` resolved inside ``root``, or :class:`Unsafe` (see :meth:`Fence.path`)."""
    return Fence(root).path(candidate)


def inside(path: Path, folder: Path) -> bool:
    """Whether resolved ``path`` is ``folder`` or lies under it."""
    return path.resolve().is_relative_to(folder.resolve())


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return ascii(char)[1:-1]


def _unprintable(char: str) -> bool:
    return unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp")


def printable(text: str) -> str:
    """``text`` for one log line: control and format characters and non-UTF-8 bytes escaped
    (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xe9``), so a file name can never fake a line."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if _unprintable(c) else c for c in text)


def json_safe(text: str) -> str:
    """``text`` as valid UTF-8: the bytes of a non-UTF-8 file name escaped as ``\\xNN``, the rest kept."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_name(name: str, suffix: str = "") -> str:
    """An output file name for ``name`` + ``suffix``: valid UTF-8, no control characters, at most
    :data:`MAX_NAME_BYTES` bytes (a longer name is cut and ends with a hash of the whole one)."""
    clean = "".join(_percent(c) if _unprintable(c) else c for c in name)
    if len((clean + suffix).encode("utf-8")) <= MAX_NAME_BYTES:
        return clean + suffix
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - len(digest) - 1
    cut = clean.encode("utf-8")[:budget].decode("utf-8", "ignore")
    return f"{cut}-{digest}{suffix}"


def _percent(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogateescape"))


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file's bytes, read a megabyte at a time: a source's identity."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
