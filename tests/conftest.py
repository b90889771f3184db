"""Shared test setup: the render helpers importable as ``fixtures``,
and the read-only shared corpus, skipped cleanly when it is absent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
for folder in (str(TESTS), str(REPO)):
    if folder not in sys.path:
        sys.path.insert(0, folder)

from fixtures import SHARED  # noqa: E402


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus, or a skip when this checkout has no shared folder beside it."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    return corpus
