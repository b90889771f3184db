"""The options of one run, as the command line gives them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
