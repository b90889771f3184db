"""One document from file to JSON: the stages in order, and nothing else."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import correct, emit, extract, lexicon, segment
from pipeline.settings import Settings


def process_file(path: Path, settings: Settings, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """Extract, correct, segment and emit one file; the JSON document, validated.

    ``timings``, when given, receives each stage's wall-clock seconds (what ``fiches run -v`` logs).
    Raises :class:`pipeline.errors.FichesError` subclasses for bad input.
    """
    timings = {} if timings is None else timings
    clock = time.monotonic()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[stage] = round(now - clock, 3)
        clock = now

    preparing = _prepare(settings)
    doc = extract.extract(path, settings)
    lap("extract")
    preparing.result()
    lap("load dictionaries")
    if settings.correct:
        doc = correct.correct(doc, settings)
        lap("correct")
    doc = segment.segment(doc, settings)
    lap("segment")
    processed_at = datetime.now(UTC).isoformat(timespec="seconds")
    # The version of the dictionaries this process really used, read once with them.
    version = lexicon.load(settings.dictionaries).version
    document = emit.to_dict(doc, version, processed_at)
    emit.validate(document)
    lap("emit")
    return document


_prepared: dict[Path, Future[None]] = {}
_lock = threading.Lock()


def _prepare(settings: Settings) -> Future[None]:
    """Load what correction and segmentation read (dictionaries, spaCy's model: ~3 s of CPU in a
    fresh process) in a thread of its own, once a process: it runs on the core that the first
    document's OCR leaves idle, instead of after it."""
    with _lock:
        if settings.dictionaries not in _prepared:
            loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fiches-prepare")
            _prepared[settings.dictionaries] = loader.submit(segment.prepare, settings)
            loader.shutdown(wait=False)
        return _prepared[settings.dictionaries]
