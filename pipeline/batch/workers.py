"""Running documents: one document in a worker process (or on a Dask worker), a local pool that
survives a dead or stuck worker, and the share of the machine each document gets."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import emit
from pipeline.batch import warm
from pipeline.batch.options import BatchOptions
from pipeline.batch.plan import Task
from pipeline.batch.report import RunReport
from pipeline.errors import (
    FichesError,
    MissingDependency,
)
from pipeline.logs import formatter
from pipeline.paths import json_safe
from pipeline.review import decisions as review
from pipeline.settings import LINE_READERS, Execution, Settings

PRELOAD = ["pipeline.process", "pipeline.batch.warm"]
"""Modules the forkserver imports once, so each worker forks with them loaded, and with what
:mod:`pipeline.batch.warm` loads for the run (dictionaries, URL words, language model). Not spaCy:
a worker that needs it loads it (~3 s of CPU) in a thread while its first document's pages are read
(``process.prepare``); preloaded here, it would hold every worker back for those seconds, even in a
rerun whose entities all come from the cache."""


@dataclass
class Outcome:
    """What a worker sends back: the JSON text, or why the document failed."""

    key: str
    json_text: str | None = None
    id: str | None = None
    sha256: str | None = None
    pages: int = 0
    words_corrected: int = 0
    corrections_rejected: int = 0
    seconds: float = 0.0
    error: str | None = None
    """Exception class name when the document failed."""
    reason: str | None = None
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each stage, in order."""


def _show_page_progress(log_format: str | None) -> None:
    """In a worker: log the page progress of long documents to stderr (once a process)."""
    pages = logging.getLogger("fiches.extract")
    if log_format is None or pages.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    pages.addHandler(handler)
    pages.setLevel(logging.INFO)
    pages.propagate = False


def process_document(key: str, display_path: str, settings: Settings,
                     decisions: review.Decisions | None = None, page_progress: str | None = None,
                     execution: Execution | None = None) -> Outcome:
    """Process one file into its JSON text; every failure comes back as a value.

    A failure comes back as a record (its kind and reason, as the index and the report keep
    them), never raised: a bug in one document must not stop the run. ``display_path`` is
    recorded in the JSON as the source path, so a local pool and a Dask worker produce the
    same bytes.
    """
    _show_page_progress(page_progress)
    from pipeline.process import process_file

    started = time.monotonic()
    stages: dict[str, float] = {}
    try:
        document = process_file(Path(key), settings, decisions, stages, execution)
        document["source"]["path"] = display_path
        text = emit.dumps(document)
        text.encode("utf-8")  # what cannot be written fails here, in the document's own record
    except FichesError as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        return Outcome(key, seconds=time.monotonic() - started, error=type(exc).__name__,
                       reason=json_safe(reason), stages=stages)
    except Exception as exc:  # noqa: BLE001 - a bug on one document is a record, not a crash of the run
        return Outcome(key, seconds=time.monotonic() - started, error="InternalError",
                       reason=json_safe(f"{type(exc).__name__}: {exc}"), stages=stages)
    return Outcome(key, json_text=text, id=document["id"],
                   sha256=document["source"]["sha256"], pages=len(document["pages"]),
                   words_corrected=len(document["corrections"]),
                   corrections_rejected=document.get("review", {}).get("corrections_rejected", 0),
                   seconds=time.monotonic() - started, stages=stages)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux /proc), children before grandchildren."""
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            with contextlib.suppress(OSError):
                children = [int(c) for c in (task / "children").read_text().split()]
                found += children
                todo += children
    return found


def _die_with(parent: int) -> None:
    """Pool initializer: when the run's process dies (even by kill -9), end this worker and
    everything under it (page pools, Tesseract) instead of waiting forever on a dead queue."""

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle: it stops the workers

    def watch() -> None:
        try:
            handle = os.pidfd_open(parent)
        except (AttributeError, OSError):  # no pidfd (old kernel): poll
            while os.path.exists(f"/proc/{parent}"):
                time.sleep(1)
        else:
            select.select([handle], [], [])
        for child in reversed(descendants(os.getpid())):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        os._exit(70)

    threading.Thread(target=watch, daemon=True, name="die-with-parent").start()


GRACE = 30.0
"""Seconds past a document's budget before the run kills its worker: the worker's own timer
(:func:`pipeline.process.budget`) fails it first, unless it is stuck where no signal reaches."""


def _overdue(started: dict[Future[Outcome], float], budget: float | None) -> list[Future[Outcome]]:
    if not budget:
        return []
    now = time.monotonic()
    return [future for future, start in started.items() if now - start > budget + GRACE]


def _on_pool(tasks: list[Task], settings: Settings, execution: Execution,
             page_progress: str | None = None) -> Iterator[Outcome]:
    """Outcomes from a local process pool, as they complete.

    At most one document per worker is in flight, so when a worker dies (killed, out of
    memory) only the documents in flight are failed; a new pool takes the rest.
    The pool uses forkserver, not fork: a forked worker would inherit the lock's file
    descriptor and keep the output folder locked after its parent was killed.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with warm.announced(settings):  # a server already running (an earlier run of this process) stays
        multiprocessing.forkserver.ensure_running()
    waiting = list(reversed(tasks))
    while waiting:
        executor = ProcessPoolExecutor(max_workers=execution.jobs, mp_context=context, initializer=_die_with,
                                       initargs=(os.getpid(),))
        in_flight: dict[Future[Outcome], Task] = {}
        started: dict[Future[Outcome], float] = {}
        broken = finished = False
        try:
            while waiting or in_flight:
                while waiting and len(in_flight) < execution.jobs:
                    task = waiting.pop()
                    future = executor.submit(process_document, task.key, json_safe(str(task.source)),
                                             settings, task.decisions, page_progress, execution)
                    in_flight[future], started[future] = task, time.monotonic()
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED,
                               timeout=settings.doc_timeout and GRACE / 3)
                late = _overdue(started, settings.doc_timeout)
                if late and not done:  # stuck where its own timer cannot reach: end this pool
                    _kill_workers(executor)
                    for future in late:
                        task = in_flight.pop(future)
                        started.pop(future)
                        yield Outcome(task.key, error="DocumentTimeout",
                                      reason=f"took longer than {settings.doc_timeout:g} s (--doc-timeout); "
                                      "its worker was stopped")
                    waiting += list(in_flight.values())  # the others in flight start again
                    in_flight.clear()
                    broken = True
                    break
                for future in done:
                    started.pop(future, None)
                    task = in_flight.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        broken = True
                        outcome = Outcome(task.key, error="WorkerDied",
                                          reason="the worker process died (killed or out of memory)")
                    yield outcome
                if broken:  # this pool takes no more work: fail what it held, start another
                    for task in in_flight.values():
                        yield Outcome(task.key, error="WorkerDied",
                                      reason="a worker process died while this document was processed")
                    break
            else:
                finished = True
        finally:
            if not finished and not broken:  # an early stop: the documents in flight are abandoned
                _kill_workers(executor)
            # Waiting joins the workers (none is left behind); whatever is queued is cancelled.
            executor.shutdown(wait=True, cancel_futures=True)


def _kill_workers(executor: ProcessPoolExecutor) -> None:
    """End a pool's workers and everything under them (Tesseract), without waiting for their work."""
    workers = list((getattr(executor, "_processes", None) or {}).keys())
    for pid in workers:
        for child in reversed(descendants(pid)):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _on_dask(tasks: list[Task], settings: Settings, scheduler: str,
             execution: Execution) -> Iterator[Outcome]:
    """Outcomes from a Dask cluster, as they complete: the same function, the same outputs."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise MissingDependency("--scheduler needs Dask: pip install 'fiches[distributed]'") from exc
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError, ValueError) as exc:
        raise MissingDependency(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        futures = client.map(process_document, [t.key for t in tasks],
                             [json_safe(str(t.source)) for t in tasks],
                             [settings] * len(tasks), [t.decisions for t in tasks], [None] * len(tasks),
                             [execution] * len(tasks), pure=False)
        keys = {future.key: task.key for future, task in zip(futures, tasks, strict=True)}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker fails its document only
                    yield Outcome(keys[future.key], error="WorkerDied", reason=f"{type(exc).__name__}: {exc}")
        finally:
            client.cancel(futures)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def share_jobs(jobs: int, documents: int) -> tuple[int, int]:
    """(worker processes, page jobs per document): with fewer documents than jobs, the spare
    jobs go to the pages of each document (a long PDF alone still uses every core)."""
    workers = max(1, min(jobs, documents))
    return workers, max(1, jobs // workers)


def execution_for(jobs: int, documents: int, cache: Path | None) -> Execution:
    """How a run of ``documents`` with ``jobs`` spreads them: documents side by side fill every core,
    so each page's second pass gets one Tesseract process; a document alone gets two."""
    workers, page_jobs = share_jobs(jobs, documents)
    return Execution(jobs=workers, page_jobs=page_jobs, line_readers=1 if workers > 1 else LINE_READERS,
                     cache=cache)


def execute(tasks: list[Task], settings: Settings, options: BatchOptions, report: RunReport,
            cache: Path | None) -> Iterator[Outcome]:
    if not tasks:
        return (outcome for outcome in ())
    if options.scheduler:  # the cluster's workers share its machines: one reader each, pages in turn
        return _on_dask(tasks, settings, options.scheduler, Execution(line_readers=1, cache=cache))
    execution = execution_for(options.jobs or default_jobs(), len(tasks), cache)
    report.jobs = execution.jobs
    page_progress = None if options.quiet else options.log_format
    return _on_pool(tasks, settings, execution, page_progress)
