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
* turns every document failure into a record (stderr, index, run report), except a missing
  dependency, which stops the run early since every other document would fail the same way.

The corpus index, ``OUT/.fiches-index.jsonl``, has one JSON line per source file (absolute
path): its output, status, sha256, size, mtime, versions, pages, timings and error.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
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

from pipeline import __version__, emit
from pipeline.errors import EXIT_OK, EXIT_SOME_FAILED, FichesError, Locked, MissingDependency
from pipeline.lexicon import dictionary_version
from pipeline.review import decisions as review
from pipeline.settings import Settings

INPUT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"}
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
    scheduler: str | None = None
    """Address of a Dask scheduler (``tcp://HOST:8786``): run there instead of a local pool."""
    log_file: Path | None = None
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
    pages: int = 0
    words_corrected: int = 0
    corrections_rejected: int = 0
    """Corrections undone by the archivists' review decisions (``<name>.review.json``)."""
    seconds: float = 0.0
    stopped: str | None = None
    """Why the run stopped early (a missing dependency), else None."""

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    def summary(self) -> str:
        return (f"{len(self.processed)} processed, {len(self.skipped)} skipped, {len(self.failed)} failed, "
                f"{self.pages} pages, {self.words_corrected} words corrected, {self.seconds:.1f} s")


# --- inputs and output names -------------------------------------------------------------------


def find_inputs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every input file under ``paths`` (each once), with the folder its output name is relative to.

    Hidden files and folders are left out (they are where our own temporary files live).
    """
    found: list[tuple[Path, Path]] = []
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            candidates = [(p, path) for p in sorted(path.rglob("*"))
                          if p.suffix.lower() in INPUT_SUFFIXES
                          and not any(part.startswith(".") for part in p.relative_to(path).parts)
                          and p.is_file()]
        else:
            candidates = [(path, path.parent)]
        for source, root in candidates:
            key = os.path.abspath(source)
            if key not in seen:
                seen.add(key)
                found.append((source, root))
    return found


def _stems(folder: Path) -> Counter[str]:
    return Counter(p.stem for p in folder.iterdir() if p.suffix.lower() in INPUT_SUFFIXES and p.is_file())


def output_path(source: Path, root: Path, out: Path, stems: Counter[str] | None = None) -> Path:
    """``out/<relative folder>/<stem>.json``; ``<stem>.<ext>.json`` when the folder holds
    several inputs with that stem (so a.pdf and a.png never overwrite each other).

    ``stems`` counts the input stems of the source's folder (pass it to avoid listing the
    folder once per file). Once a document is indexed, its output name is kept from the
    index, so a sibling added later does not rename it.
    """
    relative = source.parent.relative_to(root) if source.is_relative_to(root) else Path()
    if stems is None:
        stems = _stems(source.parent)
    name = f"{source.stem}.json" if stems[source.stem] <= 1 else f"{source.name}.json"
    return out / relative / name


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
    return json.dumps(asdict(entry), ensure_ascii=False) + "\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def _adopt(key: str, target: Path, stat: os.stat_result, versions: Versions) -> Entry | None:
    """An index entry for an existing JSON that matches the source (e.g. written just before a kill)."""
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
        sha256 = _sha256(Path(key))
    except (OSError, ValueError):
        return None
    if (document.get("source", {}).get("sha256") != sha256
            or document.get("pipeline", {}).get("version") != versions.pipeline
            or document.get("pipeline", {}).get("dictionary_version") != versions.dictionary):
        return None
    return Entry(source=key, output="", status="ok", id=document.get("id"), sha256=sha256,
                 size=stat.st_size, mtime_ns=stat.st_mtime_ns, pipeline_version=versions.pipeline,
                 dictionary_version=versions.dictionary, pages=len(document.get("pages", [])),
                 words_corrected=len(document.get("corrections", [])), processed_at=_now())


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
    if entry.size == stat.st_size and _sha256(Path(key)) == entry.sha256:
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


def process_document(key: str, display_path: str, settings: Settings,
                     decisions: review.Decisions | None = None) -> Outcome:
    """Process one file into its JSON text; every failure comes back as a value.

    Exceptions are not sent back as such: ``BadInput`` does not survive pickling, and a
    bug in one document must not stop the run. ``display_path`` is recorded in the JSON
    as the source path, so a local pool and a Dask worker produce the same bytes.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per process: faster on few cores
    from pipeline.process import process_file

    started = time.monotonic()
    try:
        document = process_file(Path(key), settings, decisions)
    except FichesError as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        return Outcome(key, seconds=time.monotonic() - started, error=type(exc).__name__, reason=reason)
    except Exception as exc:  # noqa: BLE001 - a bug on one document is a record, not a crash of the run
        return Outcome(key, seconds=time.monotonic() - started, error="InternalError",
                       reason=f"{type(exc).__name__}: {exc}")
    document["source"]["path"] = display_path
    return Outcome(key, json_text=emit.dumps(document), id=document["id"],
                   sha256=document["source"]["sha256"], pages=len(document["pages"]),
                   words_corrected=len(document["corrections"]),
                   corrections_rejected=document.get("review", {}).get("corrections_rejected", 0),
                   seconds=time.monotonic() - started)


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


def _on_pool(tasks: list[Task], settings: Settings, jobs: int) -> Iterator[Outcome]:
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
        broken = False
        try:
            while waiting or in_flight:
                while waiting and len(in_flight) < jobs:
                    task = waiting.pop()
                    in_flight[executor.submit(process_document, task.key, str(task.source), settings,
                                              task.decisions)] = task
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
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
        finally:
            # Waiting joins the workers (none is left behind); whatever is queued is cancelled, so
            # after an early stop only the documents in flight are waited for.
            executor.shutdown(wait=True, cancel_futures=True)


def _on_dask(tasks: list[Task], settings: Settings, scheduler: str) -> Iterator[Outcome]:
    """Outcomes from a Dask cluster, as they complete: the same function, the same outputs."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise MissingDependency("--scheduler needs Dask: pip install 'fiches[distributed]'") from exc
    with Client(scheduler) as client:
        futures = client.map(process_document, [t.key for t in tasks], [str(t.source) for t in tasks],
                             [settings] * len(tasks), [t.decisions for t in tasks], pure=False)
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
        show_bar = options.progress
        if show_bar is None:
            show_bar = sys.stderr.isatty() and not options.quiet and options.log_file is None
        self.bar = None
        if show_bar and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, desc="fiches")
        self.file_handler: logging.Handler | None = None
        if options.log_file is not None:
            options.log_file.parent.mkdir(parents=True, exist_ok=True)
            self.file_handler = logging.FileHandler(options.log_file, encoding="utf-8")
            self.file_handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            log.addHandler(self.file_handler)
            log.setLevel(logging.INFO)
        self.pages = 0

    def line(self, message: str, error: bool = False) -> None:
        """A log line: to the log file, and to stderr when it is an error or no bar/quiet hides it."""
        if self.file_handler is not None:
            self.file_handler.handle(log.makeRecord(log.name, logging.INFO, "", 0, message, None, None))
        if error or not (self.quiet or self.bar is not None or self.file_handler is not None):
            text = f"fiches: {message}"
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
        "inputs": [str(p) for p in paths],
        "output": str(out),
        "pipeline_version": versions.pipeline,
        "dictionary_version": versions.dictionary,
        "jobs": options.jobs,
        "scheduler": options.scheduler,
        "force": options.force,
        "exit_code": report.exit_code,
        "stopped": report.stopped,
        "processed": len(report.processed),
        "skipped": len(report.skipped),
        "failed": len(report.failed),
        "pages": report.pages,
        "words_corrected": report.words_corrected,
        "corrections_rejected": report.corrections_rejected,
        "failures": [asdict(f) for f in report.failed],
        "orphans": report.orphans,
        "pruned": report.pruned,
    }
    emit.write_atomic(path, json.dumps(content, ensure_ascii=False, indent=1) + "\n")
    return path


# --- the run -----------------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _plan(inputs: list[tuple[Path, Path]], out: Path, index: Index, versions: Versions,
          force: bool, report: RunReport) -> list[Task]:
    """The documents to process; up-to-date ones go to ``report.skipped`` (index refreshed)."""
    tasks: list[Task] = []
    stems: dict[Path, Counter[str]] = {}
    claimed: dict[Path, str] = {out / e.output: e.source for e in index.entries.values() if e.output}
    for source, root in inputs:
        key = os.path.abspath(source)
        entry = index.entries.get(key)
        if entry is not None and entry.output:
            target = out / entry.output
        else:
            folder_stems = stems.get(source.parent)
            if folder_stems is None:
                folder_stems = stems[source.parent] = _stems(source.parent)
            target = output_path(source, root, out, folder_stems)
        owner = claimed.setdefault(target, key)
        if owner != key:
            hint = ("whose file has disappeared: run with --prune" if not os.path.exists(owner)
                    else "rename one of them or give them separate output folders")
            report.failed.append(Failure(str(source), f"its output {target} belongs to {owner}, {hint}",
                                         "OutputCollision"))
            continue
        try:
            stat = source.stat()
        except OSError as exc:
            reason = f"cannot read file ({exc.strerror or exc})"
            report.failed.append(Failure(str(source), reason, "BadInput"))
            continue
        # Review decisions saved since the output was written: the document is run again.
        fresh = None if force or review.newer_than_output(target) else up_to_date(entry, key, target, stat,
                                                                                   versions)
        if fresh is not None:
            fresh.output = str(target.relative_to(out))
            if fresh != entry:
                index.record(fresh)
            report.skipped.append(str(source))
            continue
        try:
            decisions = review.for_output(target)
        except FichesError as exc:  # an unreadable review file: the old output stays, nothing is lost
            report.failed.append(Failure(str(source), str(exc), type(exc).__name__))
            continue
        tasks.append(Task(source, key, target, stat.st_size, stat.st_mtime_ns, decisions))
    return tasks


def _orphans(index: Index, out: Path, inputs: set[str], prune: bool, report: RunReport) -> None:
    """Index entries whose source file is gone: reported, and removed with their output on prune."""
    for entry in list(index.entries.values()):
        if entry.source in inputs or os.path.exists(entry.source):
            continue
        output = out / entry.output
        report.orphans.append(str(output))
        if prune:
            output.unlink(missing_ok=True)
            index.remove(entry.source)
            report.pruned.append(str(output))
    if report.pruned:
        index.save()


def share_jobs(jobs: int, documents: int) -> tuple[int, int]:
    """(worker processes, page jobs per document): with fewer documents than jobs, the spare
    jobs go to the pages of each document (a long PDF alone still uses every core)."""
    workers = max(1, min(jobs, documents))
    return workers, max(1, jobs // workers)


def _execute(tasks: list[Task], settings: Settings, options: BatchOptions) -> Iterator[Outcome]:
    if options.scheduler:
        return _on_dask(tasks, replace(settings, line_readers=1), options.scheduler)
    workers, page_jobs = share_jobs(options.jobs or default_jobs(), len(tasks))
    # Documents side by side fill every core: one Tesseract process per page's second pass.
    readers = 1 if workers > 1 else settings.line_readers
    return _on_pool(tasks, replace(settings, page_jobs=max(settings.page_jobs, page_jobs),
                                   line_readers=readers), workers)


def _record(outcome: Outcome, task: Task, out: Path, index: Index, versions: Versions,
            report: RunReport) -> None:
    """Write one document's JSON (atomically), then its index line: in that order, for crash safety."""
    entry = Entry(source=task.key, output=str(task.target.relative_to(out)), status="ok",
                  id=outcome.id, sha256=outcome.sha256, size=task.size, mtime_ns=task.mtime_ns,
                  pipeline_version=versions.pipeline, dictionary_version=versions.dictionary,
                  pages=outcome.pages, words_corrected=outcome.words_corrected,
                  seconds=round(outcome.seconds, 3), processed_at=_now())
    if outcome.json_text is None:
        entry.status, entry.error = "failed", f"{outcome.error}: {outcome.reason}"
        report.failed.append(Failure(str(task.source), outcome.reason or "", outcome.error or "Error"))
    else:
        emit.write_atomic(task.target, outcome.json_text)
        report.processed.append(str(task.source))
        report.pages += outcome.pages
        report.words_corrected += outcome.words_corrected
        report.corrections_rejected += outcome.corrections_rejected
    index.record(entry)


def run_batch(paths: list[Path], out: Path, settings: Settings, options: BatchOptions) -> RunReport:
    """Process every input under ``paths`` into ``out``; the report says what happened.

    Raises Locked when another run holds ``out``, MissingDependency (after writing the run
    report) when Tesseract or its data is missing.
    """
    clock = time.monotonic()
    started = _now()
    report = RunReport()
    out.mkdir(parents=True, exist_ok=True)
    versions = Versions(__version__, dictionary_version(settings.dictionaries))
    with output_lock(out):
        for stale in clean_temporary_files(out):
            log.info("removed a temporary file left by an interrupted run: %s", stale)
        index = Index(out / INDEX_NAME)
        index.save()
        inputs = find_inputs(paths)
        _orphans(index, out, {os.path.abspath(s) for s, _ in inputs}, options.prune, report)
        tasks = _plan(inputs, out, index, versions, options.force, report)
        progress = _Progress(len(tasks), options)
        for failure in report.failed:
            progress.line(f"error: {failure.path}: {failure.reason}", error=True)
        for orphan in report.orphans:
            verb = "removed" if orphan in report.pruned else "kept (use --prune to remove)"
            progress.line(f"warning: the source of {orphan} has disappeared; {verb}", error=True)
        by_key = {task.key: task for task in tasks}
        try:
            with contextlib.closing(_execute(tasks, settings, options)) as outcomes:
                for outcome in outcomes:
                    task = by_key[outcome.key]
                    if outcome.error == "MissingDependency":
                        report.stopped = f"{outcome.reason}; run stopped (see `fiches doctor`)"
                        break
                    _record(outcome, task, out, index, versions, report)
                    progress.document(str(task.source), outcome)
        finally:
            progress.close()
            report.seconds = time.monotonic() - clock
            index.save()
            where = _write_report(out, report, paths, versions, started, options)
            progress.line(f"{report.summary()}; report: {where}", error=True)
    if report.stopped:
        raise MissingDependency(report.stopped)
    return report


def load_run_report(out: Path) -> dict[str, Any]:
    """The last run report of ``out`` (what the cron job's mail can point to)."""
    return json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
