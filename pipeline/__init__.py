"""fiches: scanned French administrative documents → clean, structured JSON."""

from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["__version__", "load_corpus"]


def load_corpus(path="data/clean", text=False):  # noqa: ANN001, ANN201 - thin re-export, see pipeline.load
    """Load a folder of cleaned JSON as pandas DataFrames (see :mod:`pipeline.load`)."""
    from pipeline.load import load_corpus as _load

    return _load(path, text=text)
