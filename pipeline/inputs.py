"""What a run takes as input, and the output name each input gets.

Folders are walked recursively, symbolic links followed once (a link that loops or dangles is
reported, not silently dropped); hidden files and folders, and the output folder itself, are left
out; ``--include``/``--exclude`` glob patterns filter by the path below the folder given; files of
other types are counted by extension so the report can say what was skipped.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from pipeline.paths import printable, safe_name

MEDIA_TYPES = {
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".tif": "image/tiff", ".tiff": "image/tiff", ".txt": "text/plain",
}
"""The inputs fiches reads, and what each extension promises: a file whose content breaks the
promise is bad input."""
INPUT_SUFFIXES = frozenset(MEDIA_TYPES)


@dataclass
class Found:
    files: list[tuple[Path, Path]] = field(default_factory=list)
    """Each input file once, with the folder its output name is relative to."""
    skipped_types: Counter[str] = field(default_factory=Counter)
    """Files left out because of their type: extension (``(none)`` without one) -> count."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(path, reason): links that loop or dangle, folders that cannot be listed."""
    excluded: int = 0
    """Files left out by --include/--exclude."""


def _selected(relative: PurePath, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if include and not any(relative.match(p) for p in include):
        return False
    return not any(relative.match(p) for p in exclude)


def _link_problem(path: Path) -> str | None:
    """Why ``path`` cannot be followed (a symbolic link that loops or dangles), else None."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loops"
        if path.is_symlink():
            return f"dangling symbolic link (to {printable(os.readlink(path))})"
        return f"cannot read ({exc.strerror or exc})"
    return None


def scan_inputs(paths: list[Path], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
                skip: Path | None = None) -> Found:
    """Every input file under ``paths``; ``skip`` (the output folder) is never walked into.

    A file under a folder given is named relative to that folder; the files given by name are named
    relative to their common folder, so ``a/30.txt`` and ``b/30.txt`` on one command line become
    ``a/30.json`` and ``b/30.json`` (one file, or files of one folder: ``30.json``).
    """
    found = Found()
    seen: set[str] = set()
    skip_key = os.path.realpath(skip) if skip is not None else None
    named = [os.path.abspath(path.parent) for path in paths if not path.is_dir()]
    common = Path(os.path.commonpath(named)) if named else None

    def add(source: Path, root: Path) -> None:
        key = os.path.abspath(source)
        if key not in seen:
            seen.add(key)
            found.files.append((source, root))

    for path in paths:
        if not path.is_dir():
            problem = _link_problem(path)
            if problem:
                found.unreadable.append((str(path), problem))
            else:
                add(path, common or path.parent)
            continue
        visited: set[tuple[int, int]] = set()

        def walk_error(exc: OSError) -> None:
            found.unreadable.append((exc.filename or "?", f"cannot list folder ({exc.strerror or exc})"))  # noqa: B023

        for folder, dirs, names in os.walk(path, followlinks=True, onerror=walk_error):
            info = os.stat(folder)
            if folder != str(path) and os.path.realpath(folder) == skip_key:
                dirs[:] = []  # the output folder inside an input folder (--in-place): not input
                continue
            if (info.st_dev, info.st_ino) in visited:
                found.unreadable.append((folder, "symbolic link loops (folder already walked)"))
                dirs[:] = []
                continue
            visited.add((info.st_dev, info.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                source = Path(folder) / name
                problem = _link_problem(source)
                if problem:
                    found.unreadable.append((str(source), problem))
                    continue
                if not stat.S_ISREG(source.stat().st_mode):
                    found.skipped_types["(not a regular file)"] += 1
                    continue
                if not _selected(source.relative_to(path), include, exclude):
                    found.excluded += 1
                elif source.suffix.lower() in INPUT_SUFFIXES:
                    add(source, path)
                else:
                    found.skipped_types[source.suffix.lower() or "(none)"] += 1
    found.files.sort(key=lambda pair: (str(pair[1]), pair[0].relative_to(pair[1]).parts)
                     if pair[0].is_relative_to(pair[1]) else (str(pair[1]), pair[0].parts))
    return found


def find_inputs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every input file under ``paths`` (each once), with the folder its output name is relative to."""
    return scan_inputs(paths).files


def input_stems(folder: Path) -> Counter[str]:
    """How many input files of ``folder`` share each stem."""
    try:
        return Counter(p.stem for p in folder.iterdir() if p.suffix.lower() in INPUT_SUFFIXES)
    except OSError:
        return Counter()


def output_path(source: Path, root: Path, out: Path, stems: Counter[str] | None = None) -> Path:
    """``out/<relative folder>/<stem>.json``; ``<stem>.<ext>.json`` when the folder holds
    several inputs with that stem (so a.pdf and a.png never overwrite each other). Names that
    are not UTF-8, hold control characters or are too long get a safe name (:func:`safe_name`).

    ``stems`` counts the input stems of the source's folder (pass it to avoid listing the
    folder once per file). Once a document is indexed, its output name is kept from the
    index, so a sibling added later does not rename it.
    """
    folder, base = Path(os.path.abspath(source.parent)), Path(os.path.abspath(root))
    relative = folder.relative_to(base) if folder.is_relative_to(base) else Path()
    if stems is None:
        stems = input_stems(source.parent)
    name = source.stem if stems[source.stem] <= 1 else source.name
    folders = [safe_name(part) for part in relative.parts]
    return out.joinpath(*folders, safe_name(name, ".json"))
