"""One exception hierarchy; the CLI maps it to exit codes in one place."""

from __future__ import annotations

import signal

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_MISSING_DEPENDENCY = 3
EXIT_LOCKED = 75


class FichesError(Exception):
    """Base class: a failure the pipeline understands and can explain in one line."""

    exit_code = EXIT_SOME_FAILED


class BadInput(FichesError):
    """The input file cannot be processed (empty, corrupt, encrypted, unsupported...)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Rebuilt with both arguments when it crosses a process boundary (pool, Dask)."""
        return (type(self), (self.path, self.reason))


class PageTimeout(FichesError):
    """A page took longer than the per-page timeout (Tesseract hung)."""


class DocumentTimeout(FichesError):
    """A document took longer than its wall-clock budget (``--doc-timeout``), all stages counted."""


class MissingDependency(FichesError):
    """Tesseract, its French data or the spaCy model is not installed."""

    exit_code = EXIT_MISSING_DEPENDENCY


class BadDictionary(MissingDependency):
    """The dictionary folder is missing or empty, or a word list cannot be read as text."""


class Locked(FichesError):
    """Another run holds the lock on the output folder."""

    exit_code = EXIT_LOCKED


class UsageError(FichesError):
    exit_code = EXIT_USAGE


class Interrupted(FichesError):
    """The run was stopped by a signal (Ctrl-C, SIGTERM): it exits with 128 + the signal's number,
    as a shell reports a process killed by that signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum
        self.exit_code = 128 + signum

    def __reduce__(self) -> tuple[type, tuple[int]]:
        return (type(self), (self.signum,))


class RunStopped(FichesError):
    """The runner itself failed (not one document): the report says why and what was not reached."""
