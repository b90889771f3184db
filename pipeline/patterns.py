"""Text rules every stage shares: one normalisation, and the shapes of text that are not words
(URLs, e-mail addresses, numbers, codes).

One detector, read by the corrector (to leave these alone) and by the segmenter
(to find and rebuild URLs), so both always agree on what a URL is.
"""

from __future__ import annotations

import re
import unicodedata

URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER = re.compile(r"^[\d.,:/%°h+-]*\d[\d.,:/%°h+-]*$")
"""Numbers, dates, times, percentages, amounts: ``2017``, ``14/03/2018``, ``16:19``, ``337.9``."""
DATE = re.compile(r"(?<!\d)\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?!\d)")
"""A date in figures: ``14/03/2018``, ``14.03.18``."""
URL_PIECE = re.compile(
    r"[/%]|https?:|www\.|\.(?:fr|com|org|net|eu|gouv|php|pdf|html?)\b|[\w-]+-[\w-]+-[\w-]+-", re.IGNORECASE
)
"""A token that is part of a URL even without its scheme: a path, an escape, a long slug."""


ELISIONS = ("l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'",
            "quelqu'", "presqu'", "entr'")
"""The elided words of French, apostrophe included (``jusqu'à``, ``presqu'île``)."""


def is_url_like(token: str) -> bool:
    """True for a URL, an e-mail address, or a piece of a URL broken over lines."""
    return bool(URL.search(token) or EMAIL.search(token) or URL_PIECE.search(token))


def has_date(token: str) -> bool:
    """True when the token holds a date in figures (``14/03/2018,``)."""
    return bool(DATE.search(token))


def is_number_like(token: str) -> bool:
    """True for numbers, dates, times and codes made of digits."""
    return bool(NUMBER.match(token.strip("()[],;.")))


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4`"
"""Signs printed for an apostrophe. ``text`` keeps them as printed; lookups read them as ``'``."""
_PLAIN_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200d\ufeff]")


def plain_apostrophes(text: str) -> str:
    """Every apostrophe sign as the ASCII ``'`` every dictionary uses: for lookups, never for ``text``."""
    return text.translate(_PLAIN_APOSTROPHES)


def normalise(text: str) -> str:
    """NFC, ligatures expanded, no soft hyphens or controls; apostrophes as printed.

    The typographic apostrophe ’ is kept: it is what the page says (old books and charters print
    it, and their transcriptions keep it); lookups read it through :func:`plain_apostrophes`.
    """
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROLS.sub("", text)
