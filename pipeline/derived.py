"""Data built from installed files, kept in the user's cache folder between processes.

What every process reads and ships packed or raw — the lexicon's index (3 s to build from the
dictionaries), py3langid's LZMA model, pyspellchecker's gzipped English words — costs a tenth of
a second to seconds to prepare, and a rerun of cached pages would spend most of its time there.
The first process builds the data and pickles it under a name keyed by what it was built from;
later ones read it back. Written atomically; unreadable, it is built again; other versions of the
same data not read for an hour are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

STALE_SECONDS = 3600.0
"""Data not read for this long is removed when another version of it is written (a lexicon index is
~20 MB, one per version of the code and of the dictionaries: 585 MB of them were found on one
machine). Not at once: checkouts or installations of other versions may share the cache folder, and
would rebuild theirs turn by turn; data removed too early only costs its rebuild."""


def cache_folder() -> Path:
    """``$FICHES_CACHE``, else ``$XDG_CACHE_HOME/fiches``, else ``~/.cache/fiches``."""
    if os.environ.get("FICHES_CACHE"):
        return Path(os.environ["FICHES_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "fiches"


def source_key(*paths: Path, extra: str = "") -> str:
    """A key for data built from ``paths`` (by their name, size and modification time) and ``extra``."""
    parts = [extra]
    for path in paths:
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def kept(name: str, key: str, build: Callable[[], T], cache_dir: Path | None = None) -> T:
    """``build()``'s result, read from ``<cache>/<name>-<key>.pickle`` when a process saved it."""
    cache_dir = cache_folder() if cache_dir is None else cache_dir
    path = cache_dir / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as handle, _collector_paused():
            data = pickle.load(handle)
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: not pruned as stale
        return data
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    data = build()
    with contextlib.suppress(OSError):  # a read-only cache only costs the next process the build
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune_stale(cache_dir, keep=path)
    return data


def prune_stale(cache_dir: Path, keep: Path, seconds: float = STALE_SECONDS) -> list[Path]:
    """Remove the files of ``cache_dir`` named like ``keep`` (its name's first part and its suffix:
    other versions of the same data) and the temporary files of interrupted writes, not read for
    ``seconds``, ``keep`` aside; the paths removed."""
    removed, cutoff = [], time.time() - seconds
    prefix = keep.name.split("-", 1)[0]
    for path in [*cache_dir.glob(f"{prefix}-*{keep.suffix}"), *cache_dir.glob(f"*{prefix}-*.tmp")]:
        with contextlib.suppress(OSError):
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while data is unpickled: its passes over the half-million
    objects of a lexicon being made cost a third of the load, and plain containers make no cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
