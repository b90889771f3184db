"""Data derived from installed files, kept in the user's cache folder between processes.

Some of what the stages read ships packed (py3langid's LZMA model, pyspellchecker's gzipped JSON)
and costs every process a tenth to half a second to unpack: a rerun of cached pages spends most
of its time there. The first process builds the data and pickles it under a name keyed by what it
was built from; later ones read it back. Written atomically; unreadable, it is built again;
other versions of the same data not read for an hour are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.lexicon import cache_folder, prune_indexes

T = TypeVar("T")


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
    enabled = gc.isenabled()
    gc.disable()  # a pickle of plain containers makes no cycle; the collector's passes are waste
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    finally:
        if enabled:
            gc.enable()
    data = build()
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune_indexes(cache_dir, keep=path)
    return data
