"""One document from file to JSON: the stages in order, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline import correct, emit, extract, lexicon, segment
from pipeline.settings import Settings


def process_file(path: Path, settings: Settings) -> dict[str, Any]:
    """Extract, correct, segment and emit one file; the JSON document, validated.

    Raises :class:`pipeline.errors.FichesError` subclasses for bad input.
    """
    doc = extract.extract(path, settings)
    if settings.correct:
        doc = correct.correct(doc, settings)
    doc = segment.segment(doc, settings)
    processed_at = datetime.now(UTC).isoformat(timespec="seconds")
    # The version of the dictionaries this process really used, read once with them.
    version = lexicon.load(settings.dictionaries).version
    document = emit.to_dict(doc, version, processed_at)
    emit.validate(document)
    return document
