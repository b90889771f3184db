"""Run the pipeline over many files, unattended: index, skip-unchanged, pool or Dask, lock, report.

A nightly cron job reprocesses the archive with nobody watching, so a run

* holds a lock on the output folder (a second run exits with :data:`EXIT_LOCKED`);
* skips documents whose JSON is up to date: same source bytes (sha256), pipeline version and
  dictionary version. Unchanged files are recognised by size and mtime against the index,
  so a run with nothing to do reads no input file;
* never writes a half file: the parent process writes each JSON atomically, then appends
  its line to the index; a run killed at any moment is finished by the next one (a JSON
  without its index line is adopted after checking its sha256 and versions);
* never modifies inputs; reports outputs whose source disappeared (removes them with ``prune``);
* writes and deletes only inside the output folder (:func:`pipeline.paths.contained`), never over a
  file it did not write, and refuses an output folder inside an input folder unless asked;
* turns every failure inside one document (its name, its bytes, the disk) into a record (stderr,
  index, run report); a missing dependency, a signal or a lost scheduler stops the run early, and
  the report still says what was done, what failed and what was never reached, with the exit code
  the command returns;
* skips, and lists as ``still failing``, documents that failed on an earlier run and have not
  changed since (``retry_failed`` retries them).

The corpus index, ``OUT/.fiches-index.jsonl``, has one JSON line per source file (absolute
path): its output, status, sha256, size, mtime, versions, pages, timings and error.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import __version__, emit, lexicon
from pipeline import cache as ocr_cache
from pipeline.errors import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    FichesError,
    Interrupted,
    Locked,
    MissingDependency,
    RunStopped,
    UsageError,
)
from pipeline.inputs import Found, input_stems, output_path, scan_inputs
from pipeline.lexicon import words_version
from pipeline.logs import JsonLines, formatter
from pipeline.paths import Fence, Unsafe, inside, json_safe, printable, sha256_of
from pipeline.review import decisions as review
from pipeline.settings import Settings

INDEX_NAME = ".fiches-index.jsonl"
REPORT_NAME = ".fiches-run-report.json"
LOCK_NAME = ".fiches.lock"

log = logging.getLogger("fiches.batch")

PRELOAD = ["pipeline.process"]
"""Modules the forkserver imports once, so each worker forks with them loaded. Not spaCy: each
worker loads it (~3 s of CPU) in a thread while its first document's pages are read
(``process._prepare``); preloaded here, it would hold every worker back for those seconds."""


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = 1
    """Documents processed in parallel; 0 means one per core."""
    force: bool = False
    prune: bool = False
    quiet: bool = False
    """Nothing on stderr unless something failed or the run stopped."""
    retry_failed: bool = False
    """Retry documents that failed before and have not changed (skipped as "still failing" otherwise)."""
    in_place: bool = False
    """Allow an output folder that is, or lies inside, an input folder."""
    include: tuple[str, ...] = ()
    """Glob patterns (on the path below the folder given): only matching files are inputs."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of files to leave out."""
    scheduler: str | None = None
    """Address of a Dask scheduler (``tcp://HOST:8786``): run there instead of a local pool."""
    log_file: Path | None = None
    verbose: bool = False
    """Log each document's stages and their timings."""
    log_format: str = "text"
    """"text" (``fiches: message``) or "json" (one object a line) for stderr and the log file."""
    progress: bool | None = None
    """Progress bar: None means "when stderr is a terminal and neither quiet nor log_file"."""


@dataclass
class Failure:
    path: str
    reason: str
    error: str = "BadInput"
    """The kind of failure: the exception class name, or InternalError / WorkerDied."""


@dataclass
class RunReport:
    processed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    """Outputs whose source file has disappeared (kept unless pruned)."""
    pruned: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    """Sources found under a new path (same bytes): ``old -> new``; the old output is replaced."""
    still_failing: list[Failure] = field(default_factory=list)
    """Documents that failed on an earlier run and have not changed since: not retried."""
    not_reached: list[str] = field(default_factory=list)
    """Documents the run stopped before finishing (signal, missing dependency, lost scheduler)."""
    unreadable: list[Failure] = field(default_factory=list)
    """Inputs that could not even be looked at: links that loop or dangle, unlistable folders."""
    skipped_types: dict[str, int] = field(default_factory=dict)
    """Files left out because of their type, by extension."""
    ignored_index_entries: list[str] = field(default_factory=list)
    """Index lines naming an output outside the output folder: ignored (never written or deleted)."""
    cache_pruned: int = 0
    """OCR cache entries removed: their source is no output's any more, or they were read an older way."""
    pages: int = 0
    words_corrected: int = 0
    corrections_rejected: int = 0
    """Corrections undone by the archivists' review decisions (``<name>.review.json``)."""
    seconds: float = 0.0
    jobs: int = 0
    """Worker processes used (0: none was needed)."""
    stopped: str | None = None
    """Why the run stopped early, else None."""
    stop_code: int | None = None
    """The exit code of an early stop (3 missing dependency, 130 SIGINT, 143 SIGTERM...)."""

    @property
    def exit_code(self) -> int:
        if self.stop_code is not None:
            return self.stop_code
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    def summary(self) -> str:
        parts = [f"{len(self.processed)} processed", f"{len(self.skipped)} skipped",
                 f"{len(self.failed)} failed"]
        if self.still_failing:
            parts.append(f"{len(self.still_failing)} still failing (--retry-failed retries them)")
        if self.not_reached:
            parts.append(f"{len(self.not_reached)} not reached")
        parts += [f"{self.pages} pages", f"{self.words_corrected} words corrected", f"{self.seconds:.1f} s"]
        return ", ".join(parts)


# --- the corpus index --------------------------------------------------------------------------


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




# --- planning: what to do with each input ------------------------------------------------------


@dataclass(frozen=True)
class Versions:
    pipeline: str
    dictionary: str


@dataclass
class Task:
    """A document to process."""

    source: Path
    """As found (relative when the user gave a relative path): what the JSON records."""
    key: str
    """Absolute path: what the worker opens and the index is keyed by."""
    target: Path
    size: int
    mtime_ns: int
    decisions: review.Decisions | None = None
    """The archivist's review of the previous output, to apply (``<name>.review.json``)."""
    moved_from: Entry | None = None
    """The index entry of the same bytes under a path that has disappeared (the file was moved or
    renamed): its output is replaced by this one's once written."""


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
                 words_corrected=len(document.get("corrections", [])), processed_at=_now())


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


# --- running one document (in a worker process or on a Dask worker) -----------------------------


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
                     cache: Path | None = None) -> Outcome:
    """Process one file into its JSON text; every failure comes back as a value.

    Exceptions are not sent back as such: ``BadInput`` does not survive pickling, and a
    bug in one document must not stop the run. ``display_path`` is recorded in the JSON
    as the source path, so a local pool and a Dask worker produce the same bytes.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per process: faster on few cores
    _show_page_progress(page_progress)
    from pipeline.process import process_file

    started = time.monotonic()
    stages: dict[str, float] = {}
    try:
        document = process_file(Path(key), settings, decisions, stages, cache)
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


def _descendants(pid: int) -> list[int]:
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
        for child in reversed(_descendants(os.getpid())):
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


def _on_pool(tasks: list[Task], settings: Settings, jobs: int,
             page_progress: str | None = None, cache: Path | None = None) -> Iterator[Outcome]:
    """Outcomes from a local process pool, as they complete.

    At most one document per worker is in flight, so when a worker dies (killed, out of
    memory) only the documents in flight are failed; a new pool takes the rest.
    The pool uses forkserver, not fork: a forked worker would inherit the lock's file
    descriptor and keep the output folder locked after its parent was killed.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    waiting = list(reversed(tasks))
    while waiting:
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_die_with,
                                       initargs=(os.getpid(),))
        in_flight: dict[Future[Outcome], Task] = {}
        started: dict[Future[Outcome], float] = {}
        broken = finished = False
        try:
            while waiting or in_flight:
                while waiting and len(in_flight) < jobs:
                    task = waiting.pop()
                    future = executor.submit(process_document, task.key, json_safe(str(task.source)),
                                             settings, task.decisions, page_progress, cache)
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
        for child in reversed(_descendants(pid)):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _on_dask(tasks: list[Task], settings: Settings, scheduler: str, cache: Path | None) -> Iterator[Outcome]:
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
                             [cache] * len(tasks), pure=False)
        keys = {future.key: task.key for future, task in zip(futures, tasks, strict=True)}
        try:
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker fails its document only
                    yield Outcome(keys[future.key], error="WorkerDied", reason=f"{type(exc).__name__}: {exc}")
        finally:
            client.cancel(futures)


# --- locking, cleaning, reporting --------------------------------------------------------------


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Progress:
    """A tqdm bar on a terminal; otherwise one log line per document. Failures always reach stderr."""

    def __init__(self, total: int, options: BatchOptions) -> None:
        self.total = total
        self.done = 0
        self.quiet = options.quiet
        self.verbose = options.verbose
        self.json = options.log_format == "json"
        show_bar = options.progress
        if show_bar is None:
            show_bar = sys.stderr.isatty() and not options.quiet and options.log_file is None
        self.show_bar = show_bar
        self.bar: Any = None
        self.file_handler: logging.Handler | None = None
        if options.log_file is not None:
            options.log_file.parent.mkdir(parents=True, exist_ok=True)
            self.file_handler = logging.FileHandler(options.log_file, encoding="utf-8")
            self.file_handler.setFormatter(logging.Formatter("%(asctime)s %(message)s") if not self.json
                                           else JsonLines())
            log.addHandler(self.file_handler)
            log.setLevel(logging.INFO)
        self.pages = 0

    def start(self, report: RunReport) -> None:
        """The bar, once the number of documents is known; the problems found while planning."""
        if self.show_bar and self.total:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="doc", file=sys.stderr, desc="fiches")
        for failure in report.failed:
            self.line(f"error: {failure.path}: {failure.reason}", error=True)
        for failure in report.still_failing:
            self.line(f"still failing (unchanged since it failed): {failure.path}: {failure.reason}")
        for failure in report.unreadable:
            self.line(f"warning: {failure.path}: {failure.reason}")
        for ignored in report.ignored_index_entries:
            self.line(f"warning: index entry ignored: {ignored}")
        for orphan in report.orphans:
            verb = "removed" if orphan in report.pruned else "kept (use --prune to remove)"
            self.line(f"warning: the source of {orphan} has disappeared; {verb}")
        if report.skipped_types:
            kinds = ", ".join(f"{count} {kind}" for kind, count in report.skipped_types.items())
            self.line(f"skipped, not a type fiches reads: {kinds}")

    def line(self, message: str, error: bool = False, loud: bool = False) -> None:
        """A log line, its names' control characters escaped: to the log file, and to stderr when it
        is an error or no bar/quiet hides it."""
        message = printable(message)
        level = logging.ERROR if error else logging.INFO
        record = log.makeRecord(log.name, level, "", 0, message, None, None)
        if self.file_handler is not None:
            self.file_handler.handle(record)
        if error or loud or not (self.quiet or self.bar is not None or self.file_handler is not None):
            text = JsonLines().format(record) if self.json else f"fiches: {message}"
            if self.bar is not None:
                self.bar.write(text, file=sys.stderr)
            else:
                print(text, file=sys.stderr, flush=True)

    def document(self, path: str, outcome: Outcome) -> None:
        self.done += 1
        self.pages += outcome.pages
        if outcome.error:
            self.line(f"error: {path}: {outcome.reason}", error=True)
        else:
            self.line(f"[{self.done}/{self.total}] {path}: {outcome.pages} page(s), "
                      f"{outcome.words_corrected} corrected, {outcome.seconds:.1f} s")
        if self.verbose and outcome.stages:
            stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in outcome.stages.items())
            self.line(f"{path}: {stages}", loud=True)
        if self.bar is not None:
            self.bar.set_postfix(pages=self.pages, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        if self.file_handler is not None:
            log.removeHandler(self.file_handler)
            self.file_handler.close()


def _write_report(out: Path, report: RunReport, paths: list[Path], versions: Versions, started: str,
                  options: BatchOptions) -> Path:
    path = out / REPORT_NAME
    content = {
        "started": started,
        "finished": _now(),
        "seconds": round(report.seconds, 2),
        "inputs": [json_safe(str(p)) for p in paths],
        "output": json_safe(str(out)),
        "pipeline_version": versions.pipeline,
        "dictionary_version": versions.dictionary,
        "jobs": report.jobs,
        "scheduler": options.scheduler,
        "force": options.force,
        "exit_code": report.exit_code,
        "stopped": report.stopped,
        "processed": len(report.processed),
        "skipped": len(report.skipped),
        "failed": len(report.failed),
        "still_failing": len(report.still_failing),
        "not_reached": len(report.not_reached),
        "pages": report.pages,
        "words_corrected": report.words_corrected,
        "corrections_rejected": report.corrections_rejected,
        "failures": [asdict(f) for f in report.failed],
        "still_failing_documents": [asdict(f) for f in report.still_failing],
        "not_reached_documents": report.not_reached,
        "unreadable": [asdict(f) for f in report.unreadable],
        "skipped_types": report.skipped_types,
        "ignored_index_entries": report.ignored_index_entries,
        "orphans": report.orphans,
        "pruned": report.pruned,
        "moved": report.moved,
        "cache_pruned": report.cache_pruned,
    }
    emit.write_atomic(path, json.dumps(content, ensure_ascii=False, indent=1) + "\n")
    return path


# --- the run -----------------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _failure_of(entry: Entry, source: Path) -> Failure:
    kind, _, reason = (entry.error or "Error: failed").partition(": ")
    return Failure(json_safe(str(source)), reason, kind)


def _still_failing(entry: Entry | None, stat: os.stat_result, versions: Versions) -> bool:
    """A document that failed before and whose bytes (size, mtime) and pipeline have not changed."""
    return (entry is not None and entry.status == "failed"
            and (entry.size, entry.mtime_ns, entry.pipeline_version)
            == (stat.st_size, stat.st_mtime_ns, versions.pipeline))


def _target(source: Path, root: Path, fence: Fence, entry: Entry | None,
            stems: dict[Path, Counter[str]]) -> Path:
    if entry is not None and entry.output:
        return fence.path(entry.output)
    if source.parent not in stems:
        stems[source.parent] = input_stems(source.parent)
    name = output_path(source, root, fence.root, stems[source.parent])
    return fence.path(name.relative_to(fence.root))


def _plan(inputs: list[tuple[Path, Path]], fence: Fence, index: Index, versions: Versions,
          options: BatchOptions, report: RunReport) -> list[Task]:
    """The documents to process; up-to-date ones go to ``report.skipped`` (index refreshed),
    unchanged failures to ``report.still_failing``; a document that cannot even be planned fails alone."""
    tasks: list[Task] = []
    stems: dict[Path, Counter[str]] = {}
    keys = {os.path.abspath(source) for source, _ in inputs}
    gone = _gone(index, keys)
    # Outputs already taken; not those the orphan sweep after planning removes from the index.
    claimed = {fence.root / e.output: e.source for e in index.entries.values() if e.output and not (
        (e.status != "ok" or options.prune) and e.source not in keys and not os.path.exists(e.source))}
    for source, root in inputs:
        try:
            task = _plan_one(source, root, fence, index, versions, options, report, stems, claimed, gone)
        except Unsafe as exc:
            report.failed.append(Failure(json_safe(str(source)), f"output refused: {exc}", "UnsafePath"))
        except Exception as exc:  # noqa: BLE001 - one document's name or file cannot stop the others
            report.failed.append(Failure(json_safe(str(source)), f"{type(exc).__name__}: {exc}",
                                         "InternalError"))
        else:
            if task is not None:
                tasks.append(task)
    return tasks


def _gone(index: Index, inputs: set[str]) -> dict[str, Entry]:
    """The written outputs whose source has disappeared, by the sha256 of its bytes: a new input with
    the same bytes is that source moved or renamed."""
    return {entry.sha256: entry for entry in index.entries.values()
            if entry.status == "ok" and entry.output and entry.sha256 and entry.source not in inputs
            and not os.path.exists(entry.source)}


def _plan_one(source: Path, root: Path, fence: Fence, index: Index, versions: Versions,
              options: BatchOptions, report: RunReport, stems: dict[Path, Counter[str]],
              claimed: dict[Path, str], gone: dict[str, Entry]) -> Task | None:
    out = fence.root
    key = os.path.abspath(source)
    entry = index.entries.get(key)
    target = _target(source, root, fence, entry, stems)
    moved_from = gone.pop(sha256_of(source), None) if entry is None and gone else None
    if moved_from is not None and claimed.get(out / moved_from.output) == moved_from.source:
        del claimed[out / moved_from.output]  # its output is this one's to replace
    owner = claimed.setdefault(target, key)
    if owner != key:
        hint = ("whose file has disappeared: run with --prune" if not os.path.exists(owner)
                else "rename one of them or give them separate output folders")
        report.failed.append(Failure(json_safe(str(source)),
                                     f"its output {json_safe(str(target))} belongs to {json_safe(owner)}, "
                                     f"{hint}", "OutputCollision"))
        return None
    try:
        stat = source.stat()
    except OSError as exc:
        report.failed.append(Failure(json_safe(str(source)), f"cannot read file ({exc.strerror or exc})"))
        return None
    if not (options.force or options.retry_failed) and _still_failing(entry, stat, versions):
        assert entry is not None
        report.still_failing.append(_failure_of(entry, source))
        return None
    # Review decisions saved since the output was written: the document is run again.
    fresh = None if options.force or review.newer_than_output(target) \
        else up_to_date(entry, key, target, stat, versions)
    if fresh is not None:
        fresh.output = str(target.relative_to(out))
        if fresh != entry:
            index.record(fresh)
        report.skipped.append(json_safe(str(source)))
        return None
    indexed = entry is not None and entry.output and out / entry.output == target
    if not indexed and (target.exists() or target.is_symlink()) and not written_for(target, key):
        report.failed.append(Failure(json_safe(str(source)),
                                     f"its output {json_safe(str(target))} exists and was not written by "
                                     "fiches: not overwritten (move it away or choose another --out)",
                                     "OutputExists"))
        return None
    try:
        decisions = review.for_output(target)
    except FichesError as exc:  # an unreadable review file: the old output stays, nothing is lost
        report.failed.append(Failure(json_safe(str(source)), json_safe(str(exc)), type(exc).__name__))
        return None
    return Task(source, key, target, stat.st_size, stat.st_mtime_ns, decisions, moved_from)


def _screen_index(index: Index, fence: Fence, report: RunReport) -> None:
    """Drop (and report) index lines whose output lies outside ``out``: never written nor deleted."""
    for entry in list(index.entries.values()):
        if not entry.output:
            continue
        try:
            fence.path(entry.output)
        except Unsafe as exc:
            report.ignored_index_entries.append(json_safe(f"{entry.source}: {exc}"))
            index.remove(entry.source)


def _orphans(index: Index, fence: Fence, inputs: set[str], moving: set[str], prune: bool,
             report: RunReport) -> None:
    """Index entries whose source file is gone: reported, and removed with their output on prune.

    Only an output the index says this tool wrote (status ok) is ever deleted.
    """
    for entry in list(index.entries.values()):
        if entry.source in inputs or entry.source in moving or os.path.exists(entry.source):
            continue
        if entry.status != "ok" or not entry.output:
            index.remove(entry.source)  # a failure whose source is gone: nothing was written
            continue
        output = fence.path(entry.output)
        report.orphans.append(json_safe(str(output)))
        if prune:
            output.unlink(missing_ok=True)
            index.remove(entry.source)
            report.pruned.append(json_safe(str(output)))


def share_jobs(jobs: int, documents: int) -> tuple[int, int]:
    """(worker processes, page jobs per document): with fewer documents than jobs, the spare
    jobs go to the pages of each document (a long PDF alone still uses every core)."""
    workers = max(1, min(jobs, documents))
    return workers, max(1, jobs // workers)


def _execute(tasks: list[Task], settings: Settings, options: BatchOptions, report: RunReport,
             cache: Path | None) -> Iterator[Outcome]:
    if not tasks:
        return (outcome for outcome in ())
    if options.scheduler:
        return _on_dask(tasks, replace(settings, line_readers=1), options.scheduler, cache)
    workers, page_jobs = share_jobs(options.jobs or default_jobs(), len(tasks))
    report.jobs = workers
    # Documents side by side fill every core: one Tesseract process per page's second pass.
    readers = 1 if workers > 1 else settings.line_readers
    page_progress = None if options.quiet else options.log_format
    return _on_pool(tasks, replace(settings, page_jobs=max(settings.page_jobs, page_jobs),
                                   line_readers=readers), workers, page_progress, cache)


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
                  seconds=round(outcome.seconds, 3), processed_at=_now())
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


def _prepare_out(paths: list[Path], out: Path, options: BatchOptions) -> Path:
    """The output folder, made and resolved; UsageError when it cannot be or must not be, or when
    the log file cannot be written (checked before anything is made or locked)."""
    if options.log_file is not None:
        try:
            options.log_file.parent.mkdir(parents=True, exist_ok=True)
            with options.log_file.open("a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise UsageError(f"--log-file {printable(str(options.log_file))}: cannot write "
                             f"({exc.strerror or exc})") from None
    if not options.in_place:
        for path in paths:
            if path.is_dir() and inside(out, path):
                raise UsageError(f"--out {printable(str(out))} is or lies inside the input folder "
                                 f"{printable(str(path))}; choose another folder, or pass --in-place")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a file is in the way" if isinstance(exc, FileExistsError | NotADirectoryError) else (
            exc.strerror or str(exc))
        raise UsageError(f"--out {printable(str(out))}: cannot make this folder ({reason})") from None
    if not out.is_dir():
        raise UsageError(f"--out {printable(str(out))} is not a folder")
    return out.resolve()


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
    started = _now()
    report = RunReport()
    lexicon.check(settings.dictionaries, settings.user_words)
    out = _prepare_out(paths, out, options)
    versions = Versions(__version__, words_version(settings.dictionaries, settings.user_words))
    stop: FichesError | None = None
    stopper = _Stopper()
    with output_lock(out), stopper.installed():
        progress = _Progress(0, options)
        tasks: list[Task] = []
        recorded: set[str] = set()
        try:
            for stale in clean_temporary_files(out):
                log.info("removed a temporary file left by an interrupted run: %s", printable(str(stale)))
            index = Index(out / INDEX_NAME)
            fence = Fence(out)
            _screen_index(index, fence, report)
            found = scan_inputs(paths, options.include, options.exclude, skip=out)
            _note_found(found, report)
            tasks = _plan(found.files, fence, index, versions, options, report)
            moving = {task.moved_from.source for task in tasks if task.moved_from is not None}
            _orphans(index, fence, {os.path.abspath(s) for s, _ in found.files}, moving, options.prune,
                     report)
            index.save()
            progress.total = len(tasks)
            progress.start(report)
            by_key = {task.key: task for task in tasks}
            cache = fence.root / ocr_cache.FOLDER
            with contextlib.closing(_execute(tasks, settings, options, report, cache)) as outcomes:
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
            options: BatchOptions, progress: _Progress, index: Index | None) -> None:
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
        where = str(_write_report(out, report, paths, versions, started, options))
    except OSError as exc:
        where = f"not written ({exc.strerror or exc})"
        report.stop_code = report.stop_code or EXIT_SOME_FAILED
    if report.stopped:
        progress.line(f"error: {report.stopped}", error=True)
    noteworthy = report.failed or report.stopped or where.startswith("not written")
    progress.line(f"{report.summary()}; report: {printable(where)}", error=bool(noteworthy),
                  loud=not options.quiet)
    progress.close()


def load_run_report(out: Path) -> dict[str, Any]:
    """The last run report of ``out`` (what the cron job's mail can point to)."""
    return json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
