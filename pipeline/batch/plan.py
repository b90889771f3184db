"""Planning a run: what to do with each input (skip, process, refuse), where its output goes, what the
index says of sources that disappeared or moved, and the output folder itself."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.index import Entry, Index, Versions, up_to_date, written_for
from pipeline.batch.options import BatchOptions
from pipeline.batch.report import Failure, RunReport
from pipeline.errors import (
    FichesError,
    UsageError,
)
from pipeline.inputs import input_stems, output_path
from pipeline.paths import Fence, Unsafe, inside, json_safe, printable, sha256_of
from pipeline.review import decisions as review


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


def plan_tasks(inputs: list[tuple[Path, Path]], fence: Fence, index: Index, versions: Versions,
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


def screen_index(index: Index, fence: Fence, report: RunReport) -> None:
    """Drop (and report) index lines whose output lies outside ``out``: never written nor deleted."""
    for entry in list(index.entries.values()):
        if not entry.output:
            continue
        try:
            fence.path(entry.output)
        except Unsafe as exc:
            report.ignored_index_entries.append(json_safe(f"{entry.source}: {exc}"))
            index.remove(entry.source)


def sweep_orphans(index: Index, fence: Fence, inputs: set[str], moving: set[str], prune: bool,
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


def prepare_out(paths: list[Path], out: Path, options: BatchOptions) -> Path:
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
