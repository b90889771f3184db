"""OCR correction of words, with the domain dictionary and a French lexicon."""

from __future__ import annotations

from pipeline.model import Document
from pipeline.settings import Settings


def correct(doc: Document, settings: Settings) -> Document:
    """Correct the OCR errors of the document's words in place; returns the document."""
    return doc
