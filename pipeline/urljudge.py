"""What the page around a URL found, and a reading of its line, say of it: whether its line goes on
with more of it (:func:`goes_on`), and how far the URL model trusts the URLs a reading of a line
holds (:func:`reading_doubts`, :func:`rest_doubts`), to choose between two readings of a URL line.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from pipeline import urlmodel
from pipeline.lexicon import Lexicon
from pipeline.text import is_number_like
from pipeline.urlmodel import URL_CHARS
from pipeline.urlrepair import clean_url
from pipeline.urls import (
    EXTENSION,
    REF,
    TRAILING,
    FoundUrl,
    find_urls,
    near_extension,
    opening,
    starts_url,
)

MORE_URL = re.compile(r"[a-z0-9][a-z0-9._%/-]*[-_/%][a-z0-9._%/-]*")
"""A token of URL material: ASCII, small letters, a slug's or a path's marks (``cadre-``)."""


PATH_PIECE = re.compile(r"\w[/%]\w")
"""A piece of a path further on the URL's line (``politique- de la vile/Cite%20``): its rest."""
TAIL_WORDS = 6


def goes_on(hit: FoundUrl, lexicon: Lexicon | None) -> bool:
    """The URL's line goes on with what looks like more of it (a file extension, more slug, after a
    mark OCR misread or a space it added): the URL as found may have lost its end."""
    token = opening(hit.after or "").strip(TRAILING)  # ``“quartiers-2030-``: a quote is a speck
    if not token and _rest_below(hit):
        return True
    if not token or REF.match(hit.after or ""):
        return False
    if MORE_URL.fullmatch(token) or any(PATH_PIECE.search(t) and not starts_url(t) and not is_number_like(t)
                                        for t in hit.tail[:TAIL_WORDS]):
        return True
    common = lexicon is not None and lexicon.frequencies.get(token.lower(), 0) > 0
    return near_extension(token) is not None and not common or bool(EXTENSION.fullmatch(token))


LONE_REST = re.compile(r"[a-z0-9][A-Za-z0-9._~%/-]{3,}")
"""A line of one token of URL material opening as no sentence does (``2021``, ``nts-relais-2021``)."""


def _rest_below(hit: FoundUrl) -> bool:
    """The URL ends its line without a file extension, and the next line is one token of URL material
    that was not joined to it: the rest of the URL, with a piece between them lost (a line OCR missed
    whole, ``…-college-habita`` then ``2021``)."""
    end = hit.raw.rsplit("/", 1)[-1]
    return len(hit.below) == 1 and LONE_REST.fullmatch(hit.below[0].rstrip(TRAILING)) is not None and \
        not starts_url(hit.below[0]) and not re.search(r"\.[A-Za-z]{2,4}$", end) and hit.ref is None


def reading_doubts(tokens: list[str], lexicon: Lexicon | None) -> tuple[int, int] | None:
    """How far the URL model trusts the URLs one line's ``tokens`` hold, to choose between two
    readings of a URL line: the doubts of each URL as rebuilt (:func:`pipeline.urlmodel.assess`),
    then the characters its rebuilding changed; fewer is better. None when they hold no URL."""
    hits = find_urls([tokens])
    if not hits:
        return None
    doubts = changed = 0
    for hit in hits:
        url = clean_url(hit.raw, lexicon)
        doubts += len(urlmodel.assess(url, lexicon).doubts)
        changed += Levenshtein.distance(url, re.sub(r"\s+", "", hit.raw).rstrip(TRAILING))
    return doubts, changed



def rest_doubts(tokens: list[str], lexicon: Lexicon | None) -> tuple[int, int, int] | None:
    """The same for a line that opens with the rest of a URL a line break cut: the doubts of that
    rest as a path, as far as it goes on the line, then (negated) its length as rebuilt (a rest read
    whole, as printed, runs longer than one broken into words), then the characters rebuilding changed.
    None when the line does not open with URL characters."""
    rest = tokens[0].rstrip(TRAILING) if tokens else ""
    if not URL_CHARS.match(rest) or not any(c.isalnum() for c in rest):
        return None
    hits = find_urls([["www.exemple.fr/" + rest, *tokens[1:]]])
    raw = hits[0].raw if hits else "www.exemple.fr/" + rest
    url = clean_url(raw, lexicon)
    return len(urlmodel.assess(url, lexicon).doubts), -len(url), Levenshtein.distance(url, raw)
