"""The OCR cache: what extraction read from a file, kept under the output folder and found again
by the file's content, so a run that changes only what comes after reading (user words, the
corrector, segmentation) or finds a scan moved or renamed reads no page again.

An entry is the extracted :class:`~pipeline.model.Document` (pages, lines, words, boxes,
confidences, character choices, diagnosis) as gzipped JSON, named after

* the sha256 of the source's bytes (never its path: a moved file is found again), and
* a key over everything that changes what extraction returns: the reading code itself (a hash of
  its modules, as the lexicon's index is keyed by its builder), the Tesseract version, the options
  that change a reading (``--dpi``, ``--force-ocr``, the language, the second pass, the orientation
  check) and, with the second pass, the shipped dictionaries its vote consults. Never the user
  words: they change correction only.

As OCRmyPDF's and tesseract-ocr-cache's caches do, a hit is trusted only on a full key match; it is
JSON, not pickle, because the output folder is not trusted (an index line there can be hostile):
anything unreadable is a miss. Entries are written atomically (a temporary ``.*.tmp`` name the
next run clears), only inside the output folder, and pruned with the outputs: an entry whose
source no output keeps any more is removed, and a source keeps at most :data:`KEEP_PER_SOURCE`
keys.

Beside each source's readings, the cache keeps spaCy's entities of its blocks' texts
(:class:`EntityCache`), keyed by each text and by spaCy's and its model's versions: a rerun whose
blocks did not change never loads spaCy (~3 s of CPU a process), and a block that changed is given
to spaCy again.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
import types
import typing
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import MissingDependency
from pipeline.model import Document, Page, Word
from pipeline.paths import Unsafe, contained
from pipeline.settings import Execution, Settings

if typing.TYPE_CHECKING:
    from pipeline.structure.entities import Entity

FOLDER = ".fiches-cache"
"""The cache's folder inside the output folder (hidden: a folder walk never takes it as input)."""
FORMAT = 1
KEEP_PER_SOURCE = 2
"""Keys kept for one source (e.g. with and without ``--no-second-pass``); older ones are pruned."""
_NAME = re.compile(r"^(?P<sha>[0-9a-f]{64})-(?P<key>[0-9a-f]{16})(?P<kind>\.entities)?\.json\.gz$")
READER_ROOT = "extract.py"
"""The module extraction starts from: what it imports, at any depth, decides what a reading returns
(the URL model too, as it chooses between readings of URL lines)."""

log = logging.getLogger("fiches.cache")


def reader_modules() -> list[Path]:
    """The project's modules that :data:`READER_ROOT` imports, at any depth (imports inside functions
    too), read from their source: a list kept by hand had missed modules split off later."""
    root = Path(__file__).resolve().parent
    seen: set[Path] = set()
    todo = [root / READER_ROOT]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_bytes())):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "pipeline":
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names if alias.name.split(".")[0] == "pipeline"]
            for name in names:
                module = root.joinpath(*name.split(".")[1:])
                found = module / "__init__.py" if module.is_dir() else module.with_suffix(".py")
                if found.is_file():
                    todo.append(found)
    return sorted(seen)


@cache
def reader_version() -> str:
    """A hash of the modules that decide what extraction returns: new reading code, new key."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for file in reader_modules():
        digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def _tesseract() -> str:
    try:
        from pipeline.ocr import tesseract_version

        return tesseract_version()
    except MissingDependency:
        return "none"


def key(settings: Settings) -> str:
    """The part of an entry's name that says how the file was read (see the module's docstring)."""
    from pipeline.lexicon import dictionary_version

    parts = {
        "format": FORMAT, "reader": reader_version(), "tesseract": _tesseract(),
        "dpi": settings.dpi, "force_ocr": settings.force_ocr, "language": settings.language,
        "second_pass": settings.second_pass, "rotate_pages": settings.rotate_pages,
        "dictionaries": dictionary_version(settings.dictionaries) if settings.second_pass else None,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def entry_path(folder: Path, sha256: str, settings: Settings) -> Path:
    return folder / sha256[:2] / f"{sha256}-{key(settings)}.json.gz"


def cached(path: Path, settings: Settings, execution: Execution) -> Document | None:
    """The extracted document of ``path`` from the cache folder of ``execution``, when it holds this
    content read this way (never with ``--force-ocr``, which reads again); else None."""
    from pipeline import extract  # not at import: the run's own process never reads a page

    folder = execution.cache
    if folder is None or settings.force_ocr or path.suffix.lower() == ".txt":
        return None
    data = extract.read_bytes(path)
    sha256 = hashlib.sha256(data).hexdigest()
    entry = entry_path(folder, sha256, settings)
    doc = load(entry)
    if doc is None or doc.source.sha256 != sha256:
        return None
    extract.check_extension(path, doc.source.media_type)
    doc.source.path = str(path)
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: kept when the source's older keys are pruned
    return doc


def read_document(path: Path, settings: Settings, execution: Execution) -> Document:
    """``path`` extracted, and stored in the cache folder of ``execution`` when it has one (after a
    miss of :func:`cached`). Transcriptions are not cached: reading them costs less than a lookup."""
    from pipeline import extract

    folder = execution.cache
    data = extract.read_bytes(path)
    doc = extract.extract(path, settings, data, execution)
    if folder is not None and doc.source.media_type != "text/plain":
        store(folder, entry_path(folder, doc.source.sha256, settings), doc)
    return doc


def load(entry: Path) -> Document | None:
    """The document stored in ``entry``, or None when it is missing or unreadable in any way."""
    try:
        with gzip.open(entry, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT:
            return None
        return _decode(Document, data["document"])
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a corrupt or foreign entry is a miss, never a failure
        log.debug("cache entry %s ignored: %s: %s", entry, type(exc).__name__, exc)
        return None


def store(folder: Path, entry: Path, doc: Document) -> None:
    """Write ``doc`` to ``entry`` atomically, inside ``folder`` only; a failure only costs a miss."""
    _write(folder, entry, lambda: {"format": FORMAT, "document": _encode(doc)})


def _write(folder: Path, entry: Path, content: typing.Callable[[], dict[str, Any]]) -> None:
    """Write ``content()`` as gzipped JSON to ``entry`` atomically, inside ``folder`` only; a failure
    only costs a miss."""
    try:
        target = contained(folder.parent, entry.relative_to(folder.parent))
        text = json.dumps(content(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(gzip.compress(text.encode("utf-8"), compresslevel=3))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, Unsafe, ValueError, TypeError) as exc:
        log.debug("cache entry %s not written: %s: %s", entry, type(exc).__name__, exc)


def prune(folder: Path, keep: set[str]) -> list[Path]:
    """Remove the entries of sources no output keeps (their sha256 not in ``keep``), and all but the
    :data:`KEEP_PER_SOURCE` most recently used keys of each source (readings and entities counted
    apart). Only files named as this module names entries are ever removed."""
    removed: list[Path] = []
    if not folder.is_dir() or folder.is_symlink():
        return removed
    by_source: dict[tuple[str, str | None], list[tuple[float, Path]]] = {}
    for sub in folder.iterdir():
        if not sub.is_dir() or sub.is_symlink():
            continue
        for path in sub.iterdir():
            match = _NAME.match(path.name)
            if not match or path.is_symlink():
                continue
            with contextlib.suppress(OSError):
                by_source.setdefault((match["sha"], match["kind"]), []).append((path.stat().st_mtime, path))
    for (sha256, _), paths in by_source.items():
        paths.sort(reverse=True)
        stale = paths if sha256 not in keep else paths[KEEP_PER_SOURCE:]
        for _, path in stale:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


# --- spaCy's entities of a source's blocks ---------------------------------------------------------


@cache
def entities_key() -> str:
    """The part of an entities entry's name that says who found them: spaCy and its model, by version."""
    from pipeline.structure.entities import recogniser_version

    parts = {"format": FORMAT, "recogniser": recogniser_version()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class EntityCache:
    """spaCy's entities of one source's block texts (a :data:`~pipeline.structure.entities.Recogniser`):
    the texts found in the cache folder's entry are answered from it, the others given to spaCy.
    :meth:`save` keeps the texts asked this time only, so an entry never outgrows its document.
    Without a folder (``fiches show``), every text goes to spaCy."""

    def __init__(self, folder: Path | None, sha256: str) -> None:
        self.folder = folder if sha256 else None
        self.entry = None if self.folder is None \
            else self.folder / sha256[:2] / f"{sha256}-{entities_key()}.entities.json.gz"
        self.known = {} if self.entry is None else _load_entities(self.entry)
        self.asked: dict[str, list[Entity]] = {}
        self.recognised = 0
        """Texts given to spaCy (not found in the cache)."""

    def __call__(self, texts: list[str]) -> list[list[Entity]]:
        from pipeline.structure.entities import recognise

        keys = [_text_key(text) for text in texts]
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in self.known}
        if missing:
            self.known.update(zip(missing, recognise(list(missing.values())), strict=True))
            self.recognised += len(missing)
        for key in keys:
            self.asked[key] = self.known[key]
        return [self.known[key] for key in keys]

    def save(self) -> None:
        """Write the entry when it changed: a text was given to spaCy, or one kept is no longer asked."""
        if self.entry is None or self.folder is None:
            return
        if self.entry.exists() and not self.recognised and len(self.asked) == len(self.known):
            with contextlib.suppress(OSError):
                os.utime(self.entry)  # recently used: kept when the source's older keys are pruned
            return
        texts = {key: [[e.text, e.label, e.before] for e in ents] for key, ents in self.asked.items()}
        _write(self.folder, self.entry, lambda: {"format": FORMAT, "texts": texts})


def _load_entities(entry: Path) -> dict[str, list[Entity]]:
    """The entities stored in ``entry`` by text key, or none when it is missing or malformed."""
    from pipeline.structure.entities import Entity

    try:
        with gzip.open(entry, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT:
            return {}
        found = {}
        for key, ents in data["texts"].items():
            if not isinstance(key, str) or not isinstance(ents, list):
                return {}
            found[key] = [Entity(*_strings(ent)) for ent in ents]
        return found
    except FileNotFoundError:
        return {}
    except Exception as exc:  # noqa: BLE001 - a corrupt or foreign entry is a miss, never a failure
        log.debug("cache entry %s ignored: %s: %s", entry, type(exc).__name__, exc)
        return {}


def _strings(ent: Any) -> tuple[str, str, str]:
    if not isinstance(ent, list) or len(ent) != 3 or not all(isinstance(part, str) for part in ent):
        raise TypeError(f"{ent!r} is not an entity")
    return ent[0], ent[1], ent[2]


# --- the Document as JSON and back ---------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Page):
        return _encode_page(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def _encode_page(page: Page) -> dict[str, Any]:
    """A page; its tables' cells name their words by (line, word) position, so the decoded cells
    hold the very Word objects of the lines, as extraction made them (corrections reach both)."""
    where = {id(word): [i, j] for i, line in enumerate(page.lines) for j, word in enumerate(line.words)}
    data = {f.name: _encode(getattr(page, f.name)) for f in dataclasses.fields(page) if f.name != "tables"}
    data["tables"] = [{"box": _encode(table.box),
                       "rows": [[[where.get(id(word)) or _encode(word) for word in cell] for cell in row]
                                for row in table.rows]} for table in page.tables]
    return data


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):  # the first option the data fits (PageMethod | str)
        for option in (a for a in args if a is not type(None)):
            with contextlib.suppress(TypeError, ValueError, KeyError):
                return _decode(option, data)
        return data
    if isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields"):  # Box
        hints = _hints(kind)
        return kind(*(_decode(hints[name], value) for name, value in zip(kind._fields, data, strict=True)))
    if kind is Page:
        return _decode_page(data)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: _decode(hints[name], value) for name, value in data.items()})
    if origin is list:
        return [_decode(args[0], v) for v in data]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin is dict:
        return {k: _decode(args[1], v) for k, v in data.items()}
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind in (float, int, str, bool) and not isinstance(data, kind):
        if kind is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        raise TypeError(f"{data!r} is not a {kind.__name__}")
    return data


def _decode_page(data: dict[str, Any]) -> Page:
    """A page, its lines first, then its tables' cells pointed back into them."""
    hints = _hints(Page)
    page = Page(**{name: _decode(hints[name], value) for name, value in data.items() if name != "tables"})
    for stored in data.get("tables", []):
        table = _decode(typing.get_args(hints["tables"])[0], {"box": stored["box"]})
        table.rows = [[[page.lines[w[0]].words[w[1]] if isinstance(w, list) else _decode(Word, w)
                        for w in cell] for cell in row] for row in stored["rows"]]
        page.tables.append(table)
    return page
