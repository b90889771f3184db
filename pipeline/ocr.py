"""Everything Tesseract: version check, orientation, deskew, image → words.

This is the only module that calls Tesseract.
"""

from __future__ import annotations

from functools import cache

import pytesseract

from pipeline.errors import MissingDependency


@cache
def tesseract_version() -> str:
    """The installed Tesseract version; raises MissingDependency when it is not installed."""
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise MissingDependency("tesseract is not installed or not on PATH") from exc


def available_languages() -> list[str]:
    """Languages Tesseract has data for (``fra`` and ``osd`` are needed)."""
    tesseract_version()
    return sorted(pytesseract.get_languages(config=""))
