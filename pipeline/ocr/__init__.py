"""Everything Tesseract: version check, orientation, deskew, image → words.

This is the only module that calls Tesseract. One page goes in as a PIL image,
one :class:`~pipeline.model.Page` comes out.

Orientation costs a second Tesseract run (OSD, ~0.5-1 s a page), too dear for
every page, so it is asked only when the page looks wrong: its text lines run
vertically (a sideways scan, seen from the ink's projection profiles) or the
first reading came back with few confident words (an upside-down scan reads as
low-confidence garbage). Small skew is measured from the ink alone (projection
profile over ±5°) and straightened before OCR.

A second pass reads again, each alone on its own paper, the lines whose URL or date
Tesseract doubted, and keeps each character's alternatives for the corrector.

Tesseract runs as processes started ahead of their work (:class:`TesseractProcess`): each
loads its model (~0.08 s) on the other core while the page is still being prepared or the
page before is read, so a page costs about what bare ``tesseract`` costs on it.

Its names are loaded on first use (PEP 562): importing the package costs nothing, so a command
that reads no page (``fiches show`` of a transcription, ``doctor``'s checks) never imports
pytesseract, pandas (which pytesseract imports when it is installed) or OpenCV.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "diagnose": ["ink_grey"],
    "geometry": ["LineCrop", "detect_skew", "image_dpi", "ink_band", "line_crop",
                 "measure_page", "straighten", "turn", "words_span"],
    "page": ["Prepared", "ocr_page", "prepare_page", "start_page"],
    "parse": ["page_from_data", "words_from_hocr"],
    "scan": ["SCAN", "Scan"],
    "reread": ["better_reading", "reread_weak_lines", "share_out", "start_reread", "weak_lines"],
    "tesseract": ["LineReader", "PageReader", "TesseractProcess", "close_all", "detect_rotation",
                  "read_words"],
    "version": ["NOT_INSTALLED", "available_languages", "check_language", "tesseract_version"],
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = [
    "NOT_INSTALLED", "SCAN", "Scan", "LineCrop", "Prepared", "LineReader", "PageReader", "TesseractProcess",
    "available_languages", "better_reading", "check_language", "close_all", "detect_rotation",
    "detect_skew", "image_dpi", "ink_band", "ink_grey", "line_crop", "measure_page", "ocr_page",
    "page_from_data", "prepare_page",
    "read_words", "reread_weak_lines", "share_out", "start_page", "start_reread", "straighten",
    "tesseract_version", "turn", "weak_lines", "words_from_hocr", "words_span",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME_OF[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:
    from pipeline.ocr.diagnose import ink_grey
    from pipeline.ocr.geometry import (
        LineCrop,
        detect_skew,
        image_dpi,
        ink_band,
        line_crop,
        measure_page,
        straighten,
        turn,
        words_span,
    )
    from pipeline.ocr.page import Prepared, ocr_page, prepare_page, start_page
    from pipeline.ocr.parse import page_from_data, words_from_hocr
    from pipeline.ocr.reread import better_reading, reread_weak_lines, share_out, start_reread, weak_lines
    from pipeline.ocr.scan import SCAN, Scan
    from pipeline.ocr.tesseract import (
        LineReader,
        PageReader,
        TesseractProcess,
        close_all,
        detect_rotation,
        read_words,
    )
    from pipeline.ocr.version import NOT_INSTALLED, available_languages, check_language, tesseract_version
