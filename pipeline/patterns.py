"""Shapes of text that no stage may treat as words: URLs, e-mail addresses, numbers, codes.

One detector, read by the corrector (to leave these alone) and by the segmenter
(to find and rebuild URLs), so both always agree on what a URL is.
"""

from __future__ import annotations

import re

URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER = re.compile(r"^[\d.,:/%°h+-]*\d[\d.,:/%°h+-]*$")
"""Numbers, dates, times, percentages, amounts: ``2017``, ``14/03/2018``, ``16:19``, ``337.9``."""
URL_PIECE = re.compile(
    r"[/%]|https?:|www\.|\.(?:fr|com|org|net|eu|gouv|php|pdf|html?)\b|[\w-]+-[\w-]+-[\w-]+-", re.IGNORECASE
)
"""A token that is part of a URL even without its scheme: a path, an escape, a long slug."""


def is_url_like(token: str) -> bool:
    """True for a URL, an e-mail address, or a piece of a URL broken over lines."""
    return bool(URL.search(token) or EMAIL.search(token) or URL_PIECE.search(token))


def is_number_like(token: str) -> bool:
    """True for numbers, dates, times and codes made of digits."""
    return bool(NUMBER.match(token.strip("()[],;.")))
