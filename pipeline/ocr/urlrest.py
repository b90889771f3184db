"""The rest of a URL a line break cut at the right margin, printed on a line the page's reading left
out or the noise filter dropped (:mod:`pipeline.ocr.noise`): which lines may have one under them
(:func:`cut_at_margin`), and whether what was read there is that rest (:func:`rest_under`). The URL
lines' second reading (:mod:`pipeline.ocr.urlread`) reads the band under each such line."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from pipeline import urljudge, urls
from pipeline.lexicon import Lexicon
from pipeline.model import Line, Page, Word
from pipeline.ocr.geometry import words_span
from pipeline.ocr.urlstrip import line_height, line_middle, next_top, usual_height
from pipeline.text import is_url_like
from pipeline.urlfiles import EXTENSION, FILE_ENDING
from pipeline.urlshapes import reaches_margin, right_margin

BAND_GAP = 1.0
"""Word heights of bare paper, under a URL line's own letters, for the band there to be read: a
line OCR left out fits in it; the next line of a paragraph is nearer."""
MIN_BAND_REST = 4
"""Letters and figures a band's reading must add to the URL above it to be taken as its rest."""


def cut_at_margin(page: Page) -> list[Line]:
    """Lines whose URL is cut at the right margin (:func:`cut_lines`) with bare paper under them where
    the next line would be (:data:`BAND_GAP`): the rest of the URL may be printed there, on a line OCR
    left out or dropped as specks (a long slug read as ``OOPER ONE``). The URL may have opened on the
    line before (a URL of three lines)."""
    usual = usual_height(page)
    out = []
    for line in cut_lines(page):
        height, middle = min(line_height(line), usual), line_middle(line)
        if next_top(page, line, middle) - (middle + height / 2) >= BAND_GAP * height:
            out.append(line)
    return out


def cut_lines(page: Page) -> list[Line]:
    """The page's lines holding a piece of URL whose last word ends at the right margin
    (:func:`pipeline.urlshapes.reaches_margin`) with no file extension, or ends with a slug's words and a
    mark no URL ends with (:data:`CUT_SLUG`): a line break may have cut the URL there, and its rest be on
    the next line. The URL's last piece may be no URL-like word (``de-commun.``), nor be found by the URL
    finder on a line read badly (``Employeuse_ Territoires Diagnostic.``); a line of prose that reaches
    the margin holds no piece of URL."""
    lines = [line for line in page.lines if line.words and line.box and all(w.box for w in line.words)]
    margin = right_margin([line.box[2] for line in lines])
    if margin is None:
        return []
    out = []
    for k, line in enumerate(lines):
        tokens = [w.original for w in line.words]
        last = line.words[_url_end(tokens)]
        x0, _, x1, _ = last.box
        slug = CUT_SLUG.fullmatch(last.original) is not None
        if not (slug or any(is_url_like(t) for t in tokens)) or \
                not (slug or reaches_margin(last.original, x0, x1, margin)):
            continue
        hit = _url_ending([w.original for w in lines[k - 1].words] if k else None, tokens)
        path = hit.raw.split("//", 1)[-1].partition("/")[2] if hit else last.original
        if not FILE_ENDING.search(path):  # else a file: the URL ends there
            out.append(line)
    return out


CUT_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+[-_.]")
"""A slug's words and the mark a typesetter broke the URL after, before the extension or the rest it put
on the next line (``developpement-economique.`` then ``html``, on a line OCR read as specks)."""


def _url_ending(before: list[str] | None, tokens: list[str],
                band: list[str] | None = None) -> urls.FoundUrl | None:
    """The URL the finder finds ending with ``tokens``' last piece (:func:`_url_end`) and, when ``band``
    is given, going on into it; it may open on the line ``before``."""
    context = [before] if before else []
    last = (len(context), _url_end(tokens))
    lines = [*context, tokens, *([band] if band is not None else [])]
    return next((h for h in urls.find_urls(lines) if last in h.words
                 and (band is not None or h.words[-1] == last)), None)


def _url_end(tokens: list[str]) -> int:
    """The last token of a line but the specks after it (:func:`pipeline.urls.is_noise`)."""
    return max((k for k, token in enumerate(tokens) if not urls.is_noise(token)), default=len(tokens) - 1)


def rest_under(above: list[Word], band: list[Word], lexicon: Lexicon | None,
               before: list[Word] | None = None) -> list[Word] | None:
    """The opening of ``band``, read under the line ``above`` (``before`` it, the line above that, where
    the URL may have opened), that the URL ending ``above`` goes on into as the URL finder joins a
    next line (:func:`pipeline.urls.find_urls`) by :data:`MIN_BAND_REST` letters or more, or by the
    file extension it lacked (``…%202021.`` then ``pdf``); else None. The band's words after the rest
    are specks read as letters (``n-2014 fe SE``), which no finder joins: the longest opening of
    :data:`REST_WORDS` words or fewer that joins is the rest."""
    band = without_specks([w for w in band if w.original])
    band = band[: _url_end([w.original for w in band]) + 1]  # specks after the rest are none of it
    tokens = [w.original for w in above]
    previous = [w.original for w in before] if before else None
    alone = _url_ending(previous, tokens)
    for size in sorted({len(band), *range(1, min(len(band), REST_WORDS) + 1)}, reverse=True):
        opening = band[:size]
        hit = _url_ending(previous, tokens, [w.original for w in opening])
        if hit is None:
            continue
        added = [opening[k].original for li, k in hit.words if li == (2 if previous else 1)]
        if sum(c.isalnum() for token in added for c in token) >= MIN_BAND_REST:
            return opening
        if EXTENSION_END.search(hit.raw) and not (alone and EXTENSION_END.search(alone.raw)):
            return opening
    return None


REST_WORDS = 3
"""Words of a band's opening tried as a URL's rest when the whole band is not one."""


EXTENSION_END = re.compile(rf"\.{EXTENSION.pattern}$", re.IGNORECASE)
"""A URL that ends with a file extension."""


SPECK_HEIGHT = 0.35
"""A word this much shorter than the line's others is a speck read as letters (``ae`` under a URL)."""


def without_specks(words: list[Word]) -> list[Word]:
    """``words`` but the specks among them (:data:`SPECK_HEIGHT`); a URL-like word stays, however short."""
    heights = [w.box.height for w in words if w.box and len(w.original) >= 3]
    if not heights:
        return words
    usual = float(np.median(heights))
    return [w for w in words if w.box is None or w.box.height >= SPECK_HEIGHT * usual
            or is_url_like(w.original)]


def lost_url(read: list[Word], lexicon: Lexicon | None) -> list[Word] | None:
    """The reading of a band of ink no line of the page covered (:func:`pipeline.ocr.urlstrip.unread_bands`)
    when it holds a URL that opens as one (a scheme or a ``www``, garbled or not) and the URL model can
    judge, its specks left out; else None: a logo's or a stamp's ink, a line of prose left to the page's
    reading."""
    words = without_specks([w for w in read if w.original])
    hits = urls.find_urls([[w.original for w in words]])
    if any(urls.starts_url(hit.raw) for hit in hits) and urljudge.found_doubts(hits, lexicon) is not None:
        return words
    return None


def insert_line(page: Page, words: list[Word]) -> None:
    """``words``, read where the page has no line, as a line of the page: after the nearest line above
    them that shares columns with them (in its block), else first; logged as read again in place of
    nothing, as the vote logs a line the first reading missed whole (``first_reading`` empty)."""
    words = [replace(w, first_reading="") for w in words]
    x0, y0, x1, y1 = words_span(words)
    middle = (y0 + y1) / 2
    above = [k for k, line in enumerate(page.lines) if line.box and line.box[3] <= middle
             and line.box[0] < x1 and line.box[2] > x0]
    at = max(above, key=lambda k: page.lines[k].box[3]) if above else -1  # type: ignore[index]
    block = page.lines[at].block if above else 0
    page.lines.insert(at + 1, Line(words=words, box=words_span(words), block=block))
