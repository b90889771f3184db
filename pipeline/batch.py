"""Run the pipeline over many files: output names, failures as records, the run report."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import emit
from pipeline.errors import EXIT_OK, EXIT_SOME_FAILED, FichesError
from pipeline.process import process_file
from pipeline.settings import Settings

INPUT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".txt"}


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = 1
    force: bool = False
    prune: bool = False
    quiet: bool = False
    scheduler: str | None = None
    log_file: Path | None = None


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class RunReport:
    processed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if self.failed else EXIT_OK


def find_inputs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every input file under ``paths``, with the folder its output name is relative to."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            found += [
                (p, path)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
            ]
        else:
            found.append((path, path.parent))
    return found


def output_path(source: Path, root: Path, out: Path) -> Path:
    """``out/<relative folder>/<stem>.json``; ``<stem>.<ext>.json`` when the folder holds
    several inputs with that stem (so a.pdf and a.png never overwrite each other)."""
    relative = source.parent.relative_to(root) if source.is_relative_to(root) else Path()
    siblings = [
        p for p in source.parent.glob(f"{source.stem}.*")
        if p.is_file() and p.stem == source.stem and p.suffix.lower() in INPUT_SUFFIXES
    ]
    name = f"{source.stem}.json" if len(siblings) <= 1 else f"{source.name}.json"
    return out / relative / name


def run_batch(paths: list[Path], out: Path, settings: Settings, options: BatchOptions) -> RunReport:
    report = RunReport()
    for source, root in find_inputs(paths):
        target = output_path(source, root, out)
        try:
            document = process_file(source, settings)
        except FichesError as exc:
            report.failed.append(Failure(str(source), str(exc)))
            print(f"fiches: error: {exc}", file=sys.stderr)
            continue
        emit.write_atomic(target, emit.dumps(document))
        report.processed.append(str(source))
    return report
