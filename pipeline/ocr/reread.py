"""The second pass: lines that must be exact read again, each alone on its own paper."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from pipeline.dates import dates_in, day_from_choices, unsure_date
from pipeline.lexicon import Lexicon
from pipeline.model import Line, Page, Word
from pipeline.ocr.geometry import line_crop, words_span
from pipeline.ocr.tesseract import LineReader, close_all
from pipeline.ocr.vote import mark_changes, vote
from pipeline.settings import LINE_READERS, Settings
from pipeline.text import has_date, is_number_like, is_url_like

CONFIDENT_WORD = 90.0
"""A line with a URL-like token below this is read again (a date in figures always): one wrong
character breaks a URL or moves a date, and the page reading often splits or garbles long
paths. The second reading also gives each character's alternatives (``Word.choices``).
Other doubtful words are left to the corrector: reading their lines again too cost up to
0.15 s a page (2-3 lines on f02's first pages) and won one word in 1,600 on the dev scans."""
MIN_GAIN = 5.0
"""Points of mean confidence the new reading must gain over the old to replace it."""
LENGTH_RATIO = 1.4
"""The new reading may be at most this much longer or shorter (in characters) than the old:
a reading that lost or invented a good part of the line is not the same line read better."""
MIN_LETTERS = 4
"""A line with fewer letters is specks or a picture's edge: a second reading has nothing to win."""


def weak_lines(page: Page) -> list[Line]:
    """The lines of ``page`` worth a second reading: those with a URL or a date OCR was unsure of
    (a few a page at most, and both must come out exact)."""
    return [line for line in page.lines
            if line.words and line.box and all(w.box for w in line.words)
            and _must_be_exact(line) and _letters(line) >= MIN_LETTERS]


HEADING_HEIGHT = 1.25
"""A line whose words are this much taller than the page's usual word is a heading."""
HEADING_X_HEIGHT = 40.0
"""Pixels of word height under which a heading's crop is enlarged (2×) before it is read again."""
MAX_HEADINGS = 6
"""At most this many headings a page are read again (the tallest): a page of large type is not
all headings."""


def heading_lines(page: Page) -> list[Line]:
    """The page's title and headings as the reading shows them: lines of letters clearly taller
    than the page's usual word, and the first line of the first page (where a fiche's title is)."""
    heights = [w.box.height for w in page.words if w.box and any(c.isalpha() for c in w.original)]
    if not heights:
        return []
    usual = float(np.median(heights))
    tall = [(height, line) for line in page.lines
            if line.words and line.box and all(w.box for w in line.words) and _letters(line) >= MIN_LETTERS
            and (height := _line_height(line)) >= HEADING_HEIGHT * usual]
    chosen = {id(line) for _, line in sorted(tall, key=lambda pair: -pair[0])[:MAX_HEADINGS]}
    first = next((line for line in page.lines if line.words and line.box and _letters(line) >= MIN_LETTERS),
                 None)
    if page.number == 1 and first is not None and all(w.box for w in first.words):
        chosen.add(id(first))
    return [line for line in page.lines if id(line) in chosen]


def _line_height(line: Line) -> float:
    return float(np.median([w.box.height for w in line.words if w.box]))


def _heading_scale(line: Line) -> float:
    return 2.0 if _line_height(line) < HEADING_X_HEIGHT else 1.0


def _letters(line: Line) -> int:
    return sum(c.isalpha() for w in line.words for c in w.original)


MISREAD_FIGURE_DATE = re.compile(r"(?<![\w/])(?=(?:\D*\d){5})\d[^\w\s/]?\d?/\d{1,2}/\d{2,4}(?![\w/])")
"""A date in figures with a figure of its day read as a mark: ``2:/07/2025`` for ``23/07/2023`` (a clean
300-dpi page, seed 193 of ``bench/url_scans.py``; the line alone reads as printed)."""


def _must_be_exact(line: Line) -> bool:
    """The line holds a date in figures (or one with a figure read as a mark,
    :data:`MISREAD_FIGURE_DATE`), or a URL (or a piece of one) that OCR was not sure of: one wrong
    character breaks a URL or moves a date. A number like ``1/2`` is neither. So does a date in words
    OCR was unsure of (:func:`pipeline.dates.unsure_date`). A date in figures is read again however
    sure OCR was: the page reading misreads a clean year's last figure at 91 (``18/12/2012`` read
    ``2017``), and nothing in a date tells a wrong figure from a right one."""
    return any(has_date(w.original) or MISREAD_FIGURE_DATE.search(w.original)
               or is_url_like(w.original) and not is_number_like(w.original)
               and (w.confidence or 0.0) < CONFIDENT_WORD for w in line.words) or \
        unsure_date([(w.original, w.confidence) for w in line.words])


def reread_weak_lines(image: Image.Image, page: Page, dpi: int, settings: Settings,
                      readers_wanted: int = LINE_READERS) -> int:
    """Read weak lines again alone (on ``readers_wanted`` processes) and keep the better readings;
    returns lines changed."""
    readers = [LineReader(settings) for _ in range(readers_wanted)]
    try:
        return start_reread(image, page, dpi, readers)()
    finally:
        close_all(readers)


@dataclass
class Rereading:
    """Lines being read again: ``chosen`` holds (line id, read as a heading) for each; calling it
    waits for the readings and keeps the better ones in the lines whose ids are in ``keep`` (all
    when None), returning how many lines changed. A line read again ahead, on a reading the vote
    then changed, is kept only where the voted page still calls for it (:func:`start_page`)."""

    chosen: set[tuple[int, bool]]
    finish: Callable[[Collection[int] | None], int]

    def __call__(self, keep: Collection[int] | None = None) -> int:
        return self.finish(keep)


def reread_choice(page: Page, lexicon: Lexicon | None = None) -> list[tuple[Line, bool]]:
    """The lines :func:`start_reread` reads again, each with whether it is read as a heading: the
    weak lines, and given a ``lexicon`` the headings."""
    lines = weak_lines(page)
    # A URL's or a date's line must come out exact, read whole at the page's scale: its tall signs
    # (``/``, ``l``, ``f``) can make it look like a heading, whose vote keeps the old words.
    exact = {id(line) for line in lines}
    headings = ([line for line in heading_lines(page) if id(line) not in exact]
                if lexicon is not None else [])
    return [(line, False) for line in lines] + [(line, True) for line in headings]


def start_reread(image: Image.Image, page: Page, dpi: int, readers: list[LineReader],
                 lexicon: Lexicon | None = None, skip: Collection[int] = ()) -> Rereading:
    """Send the page's weak lines (and, given a ``lexicon``, its headings), but those whose ids are
    in ``skip``, to ``readers`` now (those left without a line stay unused); calling the result
    waits for the readings, keeps the better ones (crop, ``--psm 7``) and returns how many lines
    changed.

    A heading is what a document is filed and searched under, and its large or bold letters
    read worse among body text: it is always read again alone, enlarged when its letters are
    small, and the two readings are voted on word by word (:func:`pipeline.ocr.vote.vote`).

    The page reading sees a line among its neighbours: a speck, a bold run or a long URL
    can make Tesseract split or misread it. Alone on its own paper, cut at the gaps of its
    ink, the same line often reads cleanly. The weak lines are shared out between the
    readers (each a Tesseract run on a multi-page TIFF), fed from threads so that the
    caller can go on meanwhile.
    """
    chosen = [(line, heading) for line, heading in reread_choice(page, lexicon) if id(line) not in skip]
    if not chosen or not readers:
        return Rereading(set(), lambda keep: 0)
    crops = [line_crop(image, line, _heading_scale(line) if heading else 1.0) for line, heading in chosen]
    shares = share_out([crop.image.width for crop in crops], len(readers))
    pool = ThreadPoolExecutor(max_workers=len(readers))
    readings = [(share, pool.submit(reader.claim().read, [crops[i].image for i in share], dpi))
                for reader, share in zip(readers, shares, strict=True) if share]
    pool.shutdown(wait=False)  # each thread ends with its one task

    def finish(keep: Collection[int] | None) -> int:
        if keep is not None and not keep:  # none wanted: neither waited for nor checked
            return 0
        found = {i: words for share, reading in readings
                 for i, words in zip(share, reading.result(), strict=True)}
        changed = 0
        for i, ((line, heading), crop) in enumerate(zip(chosen, crops, strict=True)):
            if keep is not None and id(line) not in keep:
                continue
            new = [replace(w, box=crop.to_page(w.box)) for w in found[i]]
            if heading and lexicon is not None:
                result = vote(line.words, new, lexicon)
                line.words, changed = result.words, changed + (result.changed > 0)
            elif better_reading(line.words, new) or more_dates(line.words, new):
                mark_changes(line.words, new)  # logged as the other readings taken are (reason ``reread``)
                line.words = new
                line.box = words_span(new)
                changed += 1
            else:
                _keep_choices(line.words, new)
            possible = day_from_choices(line.words)
            if possible is not None:
                mark_changes(line.words, possible)
                line.words, changed = possible, changed + 1
        return changed

    return Rereading({(id(line), heading) for line, heading in chosen}, finish)


def share_out(widths: list[int], count: int) -> list[list[int]]:
    """Indexes of ``widths`` in ``count`` shares of about equal total width (a line's reading
    time grows with its width): widest first, each to the lightest share."""
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for i in sorted(range(len(widths)), key=lambda i: -widths[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(i)
        loads[lightest] += widths[i]
    return [sorted(share) for share in shares]


def _keep_choices(old: list[Word], new: list[Word]) -> None:
    """Give the old reading's words the alternatives of the same words in the new one."""
    alternatives = {w.original: w.choices for w in new if w.choices}
    for word in old:
        word.choices = word.choices or alternatives.get(word.original)


def better_reading(old: list[Word], new: list[Word]) -> bool:
    """True when ``new`` is the same text read more surely: higher mean confidence, similar length,
    and no date lost (``11: OCT 2022`` is not read better as ``1t OCT 2022``)."""
    return _same_line(old, new) and _mean_confidence(new) >= _mean_confidence(old) + MIN_GAIN and \
        dates_in([w.original for w in new]) >= dates_in([w.original for w in old])


def more_dates(old: list[Word], new: list[Word]) -> bool:
    """True when ``new`` is the same line holding more dates: a day or a month misread had lost one
    (``40 octobre 2016``, ``10 mu 2014``), whatever the confidences say. The date model chooses, as
    the URL model does between readings of a URL line."""
    return _same_line(old, new) and dates_in([w.original for w in new]) > dates_in([w.original for w in old])


def _same_line(old: list[Word], new: list[Word]) -> bool:
    if not new or not old:
        return False
    old_chars, new_chars = sum(len(w.original) for w in old), sum(len(w.original) for w in new)
    return 1 / LENGTH_RATIO <= new_chars / old_chars <= LENGTH_RATIO


def _mean_confidence(words: list[Word]) -> float:
    return sum(w.confidence or 0.0 for w in words) / max(len(words), 1)


