"""One document from file to JSON: the stages in order, and nothing else."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import correct, emit, extract, lexicon, segment
from pipeline.review import decisions as review
from pipeline.settings import Settings


def process_file(path: Path, settings: Settings, decisions: review.Decisions | None = None) -> dict[str, Any]:
    """Extract, correct, segment and emit one file; the JSON document, validated.

    ``decisions``: the archivist's review of an earlier run (its sidecar), applied right
    after correction: rejected corrections undone, known words no longer unknown.
    Raises :class:`pipeline.errors.FichesError` subclasses for bad input.
    """
    preparing = _prepare(settings)
    doc = extract.extract(path, settings)
    preparing.result()
    if settings.correct:
        doc = correct.correct(doc, settings)
    applied = review.apply(doc, decisions) if decisions is not None else None
    doc = segment.segment(doc, settings)
    processed_at = datetime.now(UTC).isoformat(timespec="seconds")
    # The version of the dictionaries this process really used, read once with them.
    version = lexicon.load(settings.dictionaries).version
    document = emit.to_dict(doc, version, processed_at)
    if applied is not None:
        document["review"] = applied.as_dict()
    emit.validate(document)
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
