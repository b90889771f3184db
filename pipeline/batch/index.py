"""The corpus index, ``OUT/.fiches-index.jsonl``: one JSON line per source file (absolute path) with
its output, status, sha256, size, mtime, versions, pages, timings and error; and what it says about
a document (up to date, written by fiches).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pipeline import emit
from pipeline.paths import sha256_of

INDEX_NAME = ".fiches-index.jsonl"


@dataclass
class Entry:
    """One line of the index: what we know about one source file and its output."""

    source: str
    """Absolute path of the source file (the key)."""
    output: str
    """Output path relative to the output folder."""
    status: str
    """"ok" (the output matches sha256 and versions) or "failed" (retried next run)."""
    id: str | None = None
    sha256: str | None = None
    size: int = 0
    mtime_ns: int = 0
    pipeline_version: str = ""
    dictionary_version: str = ""
    pages: int = 0
    words_corrected: int = 0
    seconds: float = 0.0
    error: str | None = None
    processed_at: str = ""


class Index:
    """The index file: loaded whole, appended one line per document, compacted at start and end.

    A line torn by a kill is ignored on load; the compaction that follows every load
    rewrites the file atomically, so appends never land after a torn line.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Entry] = {}
        if path.exists():
            names = set(Entry.__dataclass_fields__)
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    data = json.loads(line)
                    entry = Entry(**{k: v for k, v in data.items() if k in names})
                except (ValueError, TypeError):
                    continue
                self.entries[entry.source] = entry

    def save(self) -> None:
        emit.write_atomic(self.path, "".join(_line(e) for e in self.entries.values()))

    def record(self, entry: Entry) -> None:
        """Add or replace one entry, durably, without rewriting the file."""
        self.entries[entry.source] = entry
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(_line(entry))
            handle.flush()
            os.fsync(handle.fileno())

    def remove(self, source: str) -> None:
        self.entries.pop(source, None)


def _line(entry: Entry) -> str:
    """One index line; ASCII, so a source name that is not UTF-8 survives the round trip."""
    return json.dumps(vars(entry)) + "\n"


@dataclass(frozen=True)
class Versions:
    pipeline: str
    dictionary: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _adopt(key: str, target: Path, stat: os.stat_result, versions: Versions) -> Entry | None:
    """An index entry for an existing JSON that matches the source (e.g. written just before a kill)."""
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
        sha256 = sha256_of(Path(key))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("source"), dict) \
            or not isinstance(document.get("pipeline"), dict):
        return None
    if (document.get("source", {}).get("sha256") != sha256
            or document.get("pipeline", {}).get("version") != versions.pipeline
            or document.get("pipeline", {}).get("dictionary_version") != versions.dictionary):
        return None
    return Entry(source=key, output="", status="ok", id=document.get("id"), sha256=sha256,
                 size=stat.st_size, mtime_ns=stat.st_mtime_ns, pipeline_version=versions.pipeline,
                 dictionary_version=versions.dictionary, pages=len(document.get("pages", [])),
                 words_corrected=len(document.get("corrections", [])), processed_at=now())


def written_for(target: Path, key: str) -> bool:
    """Whether ``target`` is a JSON this tool wrote for the source ``key`` (same source bytes):
    how an output written just before a kill, whose index line was lost, is recognised as ours."""
    try:
        if target.is_symlink() or not target.is_file():
            return False
        document = json.loads(target.read_text(encoding="utf-8"))
        return (isinstance(document, dict) and isinstance(document.get("source"), dict)
                and document["source"].get("sha256") == sha256_of(Path(key)))
    except (OSError, ValueError):
        return False


def up_to_date(entry: Entry | None, key: str, target: Path, stat: os.stat_result,
               versions: Versions) -> Entry | None:
    """The (possibly refreshed) entry when the document needs no work, else None.

    Size and mtime equal to the index's: up to date without reading the file. Otherwise
    the file is hashed: a touched but unchanged file is still up to date.
    """
    if entry is None or entry.status != "ok":
        return _adopt(key, target, stat, versions) if target.is_file() else None
    if (entry.pipeline_version, entry.dictionary_version) != (versions.pipeline, versions.dictionary):
        return None
    if not target.is_file():
        return None
    if (entry.size, entry.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return entry
    if entry.size == stat.st_size and sha256_of(Path(key)) == entry.sha256:
        return replace(entry, mtime_ns=stat.st_mtime_ns)
    return None
