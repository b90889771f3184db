"""errors: exit codes, and failures that survive the trip back from a worker process."""

from __future__ import annotations

import pickle

from pipeline.errors import (
    EXIT_LOCKED,
    EXIT_MISSING_DEPENDENCY,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    BadInput,
    Locked,
    MissingDependency,
    UsageError,
)


def test_each_failure_maps_to_its_documented_exit_code() -> None:
    assert BadInput("a.pdf", "empty").exit_code == EXIT_SOME_FAILED == 1
    assert UsageError("x").exit_code == EXIT_USAGE == 2
    assert MissingDependency("tesseract").exit_code == EXIT_MISSING_DEPENDENCY == 3
    assert Locked("data/clean").exit_code == EXIT_LOCKED == 75


def test_bad_input_keeps_its_file_and_reason_across_processes() -> None:
    error = pickle.loads(pickle.dumps(BadInput("scans/vide.pdf", "empty file (0 bytes)")))
    assert isinstance(error, BadInput)
    assert (error.path, error.reason) == ("scans/vide.pdf", "empty file (0 bytes)")
    assert str(error) == "scans/vide.pdf: empty file (0 bytes)"
