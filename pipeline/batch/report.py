"""What a run tells: the run report (``OUT/.fiches-run-report.json``), with the real counts and exit
code on every path, and the progress lines or bar on stderr."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import emit
from pipeline.batch.index import Versions, now
from pipeline.batch.options import BatchOptions
from pipeline.errors import (
    EXIT_OK,
    EXIT_SOME_FAILED,
)
from pipeline.logs import JsonLines
from pipeline.paths import json_safe, printable

if TYPE_CHECKING:
    from pipeline.batch.workers import Outcome

REPORT_NAME = ".fiches-run-report.json"

log = logging.getLogger("fiches.batch")


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


class Progress:
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


def write_report(out: Path, report: RunReport, paths: list[Path], versions: Versions, started: str,
                  options: BatchOptions) -> Path:
    path = out / REPORT_NAME
    content = {
        "started": started,
        "finished": now(),
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


def load_run_report(out: Path) -> dict[str, Any]:
    """The last run report of ``out`` (what the cron job's mail can point to)."""
    return json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
