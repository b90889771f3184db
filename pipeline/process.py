"""One document from file to JSON: the stages in order, and nothing else."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import cache, correct, emit, lexicon, structure
from pipeline.errors import DocumentTimeout
from pipeline.review import decisions as review
from pipeline.settings import Execution, Settings


def process_file(path: Path, settings: Settings, decisions: review.Decisions | None = None,
                 timings: dict[str, float] | None = None,
                 execution: Execution | None = None) -> dict[str, Any]:
    """Extract, correct, segment and emit one file; the JSON document, validated.

    ``decisions``: the archivist's review of an earlier run (its sidecar), applied right
    after correction: rejected corrections undone, known words no longer unknown.
    ``timings``, when given, receives each stage's wall-clock seconds (what ``fiches run -v`` logs).
    ``execution``: how the pages are spread over the machine, and the OCR cache (:mod:`pipeline.cache`)
    the extraction is looked up in and kept in (none by default).
    Raises :class:`pipeline.errors.FichesError` subclasses for bad input.
    """
    with budget(settings.doc_timeout):
        return _stages(path, settings, decisions, {} if timings is None else timings,
                       execution or Execution())


def _stages(path: Path, settings: Settings, decisions: review.Decisions | None,
            timings: dict[str, float], execution: Execution) -> dict[str, Any]:
    clock = time.monotonic()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[stage] = round(now - clock, 3)
        clock = now

    doc = cache.cached(path, settings, execution)
    # spaCy is loaded ahead only to hide it behind OCR; read from the cache, a document loads it
    # only if a block needs it.
    preparing = prepare(settings, ner=doc is None and path.suffix.lower() != ".txt")
    if doc is None:
        doc = cache.read_document(path, settings, execution)
    lap("extract")
    preparing.result()
    lex = lexicon.load(settings.dictionaries, settings.user_words)  # once a process; given to the stages
    lap("load dictionaries")
    if settings.correct:
        doc = correct.correct(doc, lex)
        lap("correct")
    applied = review.apply(doc, decisions) if decisions is not None else None
    entities = cache.EntityCache(execution.cache, doc.source.sha256)  # spaCy's answers of the last run
    doc = structure.segment(doc, settings, lex, entities)
    entities.save()
    lap("segment")
    processed_at = datetime.now(UTC).isoformat(timespec="seconds")
    # The version of the dictionaries this process really used, read once with them.
    document = emit.to_dict(doc, lex.version, processed_at)
    if applied is not None:
        document["review"] = applied.as_dict()
    emit.validate(document)
    lap("emit")
    return document


RAISE_AGAIN = 1.0
"""Seconds after which an expired document budget is raised again, while the document still runs."""


@contextlib.contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this thread once ``seconds`` of wall-clock time have passed.

    In the main thread (a worker process's, or the command's), a timer signal. In another thread (a
    Dask worker runs its tasks in threads), a timer thread raises the exception in this one through
    ``PyThreadState_SetAsyncExc``, Python's own way to interrupt a thread: it lands as soon as the
    thread runs Python again (a Tesseract call it waits on is bounded by ``--timeout``). Either is
    raised again every :data:`RAISE_AGAIN` seconds until the document ends: code that catches every
    exception (a library's fallbacks while it imports) may swallow one, and the budget must hold.
    """
    if not seconds:
        yield
        return
    reason = f"took longer than {seconds:g} s (--doc-timeout), every stage counted"
    if threading.current_thread() is threading.main_thread():
        def expire(signum: int, frame: Any) -> None:
            raise DocumentTimeout(reason)

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds, RAISE_AGAIN)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    expired = type("DocumentTimeout", (DocumentTimeout,), {"__init__": lambda self: DocumentTimeout.__init__(
        self, reason)})  # raised by class, with no argument: the reason travels with the class
    target, lock, finished = threading.get_ident(), threading.Lock(), threading.Event()

    def interrupt() -> None:
        wait = seconds
        while not finished.wait(wait):
            with lock:
                if finished.is_set():
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(expired))
            wait = RAISE_AGAIN

    threading.Thread(target=interrupt, daemon=True).start()
    try:
        yield
    finally:
        with lock:
            finished.set()


_prepared: dict[tuple[Path, Path | None, bool], Future[None]] = {}
_lock = threading.Lock()


def prepare(settings: Settings, ner: bool = True) -> Future[None]:
    """Load what correction and segmentation read (dictionaries; with ``ner``, spaCy's model: ~3 s of
    CPU in a fresh process) in a thread of its own, once a process: it runs on the core that the
    first document's OCR leaves idle, instead of after it. A transcription has no OCR to hide spaCy
    behind: segmentation loads it only if a block needs it."""
    with _lock:
        key = (settings.dictionaries, settings.user_words, ner)
        if key not in _prepared:
            loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fiches-prepare")
            _prepared[key] = loader.submit(structure.prepare, settings, ner)
            loader.shutdown(wait=False)
        return _prepared[key]
