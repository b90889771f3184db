"""Doubtful dates in figures read again in the light of the document's other dates."""

from __future__ import annotations

import datetime as dt

from pipeline import dates
from pipeline.model import Document, Fix, Reason, Word

DOUBTFUL_DATE = 90.0
"""OCR confidence below which a date in figures may be read as one of its alternatives."""
MIN_ALTERNATIVE = 30.0
"""Confidence (0–100) an OCR alternative for a character needs to be weighed at all."""
DATE_WINDOW = 7
"""Days around the document's other dates within which its dates are expected to fall."""


def correct_dates(doc: Document) -> None:
    """Read a doubtful date in figures as the date one of its OCR alternatives gives, when the date
    as read lies far from every other date of the document and the alternative lies near one.

    A fiche's dates cluster: the meeting, its report, the sheet's update. Tesseract keeps the
    characters it hesitated over (``Word.choices``); in a sheet that announces ``jeudi 15 mars
    2018``, a ``mise à jour du 14/04/2018`` whose 4 was nearly read 3 is the 14th of March.
    """
    lines = [line for page in doc.pages for line in page.lines if line.words]
    year = dates.document_year([line.text for line in lines])
    found = [date.date[:10] for line in lines for date in dates.find_dates(line.text, year)]
    for word in doc.words:
        if not word.choices or word.text != word.original or (word.confidence or 0.0) >= DOUBTFUL_DATE:
            continue
        read = dates.find_dates(word.text)
        if not read:
            continue
        others = list(found)
        if read[0].date[:10] in others:
            others.remove(read[0].date[:10])
        if not others or _days_to(read[0].date, others) <= DATE_WINDOW:
            continue
        near = [(_days_to(alternative.date, others), -confidence, text, confidence, top)
                for text, confidence, top in _alternatives(word)
                for alternative in dates.find_dates(text)[:1]]
        near = [entry for entry in near if entry[0] <= DATE_WINDOW]
        if near:
            _, _, text, confidence, top = min(near)
            word.text = text
            sure = round(0.5 + 0.5 * confidence / (confidence + top), 2)
            word.fix = Fix(reason=Reason.DATE_CONTEXT, confidence=sure)


def _alternatives(word: Word) -> list[tuple[str, float, float]]:
    """The word with one digit replaced by an OCR alternative: (text, its confidence, the read one's)."""
    out = []
    for i, group in enumerate(word.choices or []):
        for char, confidence in group[1:]:
            if char.isdigit() and confidence >= MIN_ALTERNATIVE and word.original[i].isdigit():
                out.append((word.original[:i] + char + word.original[i + 1:], confidence, group[0][1]))
    return out


def _days_to(iso: str, others: list[str]) -> int:
    day = dt.date.fromisoformat(iso[:10])
    return min(abs((dt.date.fromisoformat(other) - day).days) for other in others)

