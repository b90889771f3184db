"""One run from start to end: lock, plan, execute, record each document, write the report."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline import __version__, emit, lexicon
from pipeline import cache as ocr_cache
from pipeline.batch.index import INDEX_NAME, Entry, Index, Versions, now
from pipeline.batch.options import BatchOptions
from pipeline.batch.plan import Task, plan_tasks, prepare_out, screen_index, sweep_orphans
from pipeline.batch.report import Failure, Progress, RunReport, log, write_report
from pipeline.batch.workers import Outcome, execute
from pipeline.errors import (
    EXIT_SOME_FAILED,
    FichesError,
    Interrupted,
    Locked,
    MissingDependency,
    RunStopped,
)
from pipeline.inputs import Found, scan_inputs
from pipeline.lexicon import words_version
from pipeline.paths import Fence, Unsafe, json_safe, printable
from pipeline.settings import Settings

LOCK_NAME = ".fiches.lock"




@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out`` for the whole run; raise Locked when another run has it.

    flock is released by the kernel when the holder dies, even by kill -9: no stale lock.
    """
    path = out / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise Locked(f"another run holds the lock on {out} (pid {holder}); not starting") from None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def clean_temporary_files(out: Path) -> list[Path]:
    """Remove the ``.*.tmp`` files a killed run left (only ever called under the lock)."""
    removed = []
    for folder, _, files in os.walk(out):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                path = Path(folder) / name
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def _record(outcome: Outcome, task: Task, fence: Fence, index: Index, versions: Versions,
            report: RunReport) -> Outcome:
    """Write one document's JSON (atomically), then its index line: in that order, for crash safety.

    A write that fails (disk full, a name the file system refuses) fails this document alone;
    the outcome returned says so.
    """
    out = fence.root
    entry = Entry(source=task.key, output=str(task.target.relative_to(out)), status="ok",
                  id=outcome.id, sha256=outcome.sha256, size=task.size, mtime_ns=task.mtime_ns,
                  pipeline_version=versions.pipeline, dictionary_version=versions.dictionary,
                  pages=outcome.pages, words_corrected=outcome.words_corrected,
                  seconds=round(outcome.seconds, 3), processed_at=now())
    if outcome.json_text is not None:
        try:
            emit.write_atomic(fence.path(task.target.relative_to(out)), outcome.json_text)
        except Unsafe as exc:
            outcome = replace(outcome, json_text=None, error="UnsafePath", reason=f"output refused: {exc}")
        except (OSError, UnicodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            outcome = replace(outcome, json_text=None, error="WriteError",
                              reason=f"cannot write {json_safe(str(task.target))}: {reason}")
    if outcome.json_text is None:
        entry.status, entry.error = "failed", f"{outcome.error}: {outcome.reason}"
        report.failed.append(Failure(json_safe(str(task.source)), json_safe(outcome.reason or ""),
                                     outcome.error or "Error"))
    else:
        report.processed.append(json_safe(str(task.source)))
        if task.moved_from is not None:
            _replace_moved(task.moved_from, task, fence, index, report)
        report.pages += outcome.pages
        report.words_corrected += outcome.words_corrected
        report.corrections_rejected += outcome.corrections_rejected
    try:
        index.record(entry)
    except OSError:  # disk full: kept in memory, the index is saved again at the end of the run
        index.entries[entry.source] = entry
    return outcome


def _replace_moved(old: Entry, task: Task, fence: Fence, index: Index, report: RunReport) -> None:
    """The output of a source that moved to ``task``'s path is now ``task``'s: the old one goes."""
    output = fence.path(old.output)
    if output != task.target:
        with contextlib.suppress(OSError):
            output.unlink(missing_ok=True)
    index.remove(old.source)
    report.moved.append(json_safe(f"{old.source} -> {task.source}"))


class _Stopper:
    """SIGINT and SIGTERM raise :class:`Interrupted` once, so the run can write its report; a
    second signal while it does so is ignored. Inside :meth:`shield` (one document's JSON, index
    line and report entry), the signal waits until the document is fully recorded. Outside the
    main thread, signals are left alone."""

    def __init__(self) -> None:
        self.fired: int | None = None
        self.raised = False
        self.shielded = False

    def _stop(self, signum: int, frame: Any) -> None:
        if self.fired is None:
            self.fired = signum
        if not self.shielded:
            self._raise()

    def _raise(self) -> None:
        if self.fired is not None and not self.raised:
            self.raised = True
            raise Interrupted(self.fired)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {number: signal.signal(number, self._stop) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    @contextlib.contextmanager
    def shield(self) -> Iterator[None]:
        self.shielded = True
        try:
            yield
        finally:
            self.shielded = False
        self._raise()


def _note_found(found: Found, report: RunReport) -> None:
    report.unreadable = [Failure(json_safe(path), reason, "Unreadable") for path, reason in found.unreadable]
    report.skipped_types = dict(sorted(found.skipped_types.items()))


def run_batch(paths: list[Path], out: Path, settings: Settings, options: BatchOptions) -> RunReport:
    """Process every input under ``paths`` into ``out``; the report says what happened.

    Raises UsageError when ``out`` cannot be used, Locked when another run holds it; after
    writing the run report, MissingDependency (Tesseract, its data, the Dask scheduler),
    Interrupted (SIGINT, SIGTERM) or RunStopped (the runner itself failed).
    """
    clock = time.monotonic()
    started = now()
    report = RunReport()
    lexicon.check(settings.dictionaries, settings.user_words)
    out = prepare_out(paths, out, options)
    versions = Versions(__version__, words_version(settings.dictionaries, settings.user_words))
    stop: FichesError | None = None
    stopper = _Stopper()
    with output_lock(out), stopper.installed():
        progress = Progress(0, options)
        tasks: list[Task] = []
        recorded: set[str] = set()
        try:
            for stale in clean_temporary_files(out):
                log.info("removed a temporary file left by an interrupted run: %s", printable(str(stale)))
            index = Index(out / INDEX_NAME)
            fence = Fence(out)
            screen_index(index, fence, report)
            found = scan_inputs(paths, options.include, options.exclude, skip=out)
            _note_found(found, report)
            tasks = plan_tasks(found.files, fence, index, versions, options, report)
            moving = {task.moved_from.source for task in tasks if task.moved_from is not None}
            sweep_orphans(index, fence, {os.path.abspath(s) for s, _ in found.files}, moving, options.prune,
                     report)
            index.save()
            progress.total = len(tasks)
            progress.start(report)
            by_key = {task.key: task for task in tasks}
            cache = fence.root / ocr_cache.FOLDER
            with contextlib.closing(execute(tasks, settings, options, report, cache)) as outcomes:
                for outcome in outcomes:
                    task = by_key[outcome.key]
                    if outcome.error == "MissingDependency":
                        raise MissingDependency(f"{outcome.reason}; run stopped (see `fiches doctor`)")
                    with stopper.shield():
                        outcome = _record(outcome, task, fence, index, versions, report)
                        recorded.add(task.key)
                        progress.document(json_safe(str(task.source)), outcome)
        except (Interrupted, MissingDependency) as exc:
            stop = exc
        except KeyboardInterrupt:  # a SIGINT outside the main thread's handler
            stop = Interrupted(signal.SIGINT)
        except Exception as exc:  # noqa: BLE001 - the runner failed: report it, then stop with one line
            log.debug("the run stopped", exc_info=True)
            stop = RunStopped(f"{type(exc).__name__}: {exc}")
        finally:
            if stop is not None:
                report.stopped = str(stop)
                report.stop_code = stop.exit_code
                report.not_reached = [json_safe(str(t.source)) for t in tasks if t.key not in recorded]
            report.seconds = time.monotonic() - clock
            _finish(out, report, paths, versions, started, options, progress, locals().get("index"))
    if stop is not None:
        raise stop
    return report


def _finish(out: Path, report: RunReport, paths: list[Path], versions: Versions, started: str,
            options: BatchOptions, progress: Progress, index: Index | None) -> None:
    """Compact the index, prune the OCR cache, write the report, print the summary: each step tried
    even if one fails."""
    try:
        if index is not None:
            index.save()
            keep = {entry.sha256 for entry in index.entries.values() if entry.sha256}
            report.cache_pruned = len(ocr_cache.prune(out / ocr_cache.FOLDER, keep))
    except OSError as exc:
        progress.line(f"error: cannot save the index: {exc.strerror or exc}", error=True)
    try:
        where = str(write_report(out, report, paths, versions, started, options))
    except OSError as exc:
        where = f"not written ({exc.strerror or exc})"
        report.stop_code = report.stop_code or EXIT_SOME_FAILED
    if report.stopped:
        progress.line(f"error: {report.stopped}", error=True)
    noteworthy = report.failed or report.stopped or where.startswith("not written")
    progress.line(f"{report.summary()}; report: {printable(where)}", error=bool(noteworthy),
                  loud=not options.quiet)
    progress.close()
