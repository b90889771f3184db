"""URL lines read again as URLs: each cut out straight, enlarged when small, made black on white,
read by Tesseract's ``eng`` model, and the reading the URL model trusts more kept.

Why each step (measured on the worst level of ``bench/url_scans.py``, 120-dpi scans enlarged to 300):

- *straight*: a page enlarged from a low resolution is not rotated for a small skew (a second
  interpolation blurs more than a tilt of 1° hurts its words), but a URL spans the page, and 1°
  over 2,000 pixels moves it by more than a line: its crop took in the line above, and read as
  garbage. The strip is sheared along the page's skew instead, which keeps each column's pixels.
- *eng*: Tesseract's French model reads ``%`` as ``#`` and ``.fr/`` as ``ifr/`` on these lines
  (its training has few URLs); the English one reads them as printed far more often. Only the
  URL part of the new reading is taken: the label before it stays as the page reading had it.
- *black on white*: the strip smoothed a little, then thresholded at Otsu's level. A blurred
  120-dpi scan saved as JPEG has its letters' edges in grey noise, which the ``eng`` model reads as
  marks; the clean shapes read more of those URLs as printed (URLs exact, seeds 34-38: 95 -> 103
  of 240; clean and photocopied scans no worse), and cost no more to read than the grey strip did
  (Tesseract's CPU on the dev scans' URL lines, ``bench/url_reread_cost.py``: 5-13 % less). Reading
  the grey strip too, for the lines the URL model still doubts, made 104 of 240, but its own
  Tesseract process cost +70 % CPU on those lines.
- *merged, not chosen* (:mod:`pipeline.ocr.urlvote`): the page's and the strip's readings of the
  URL part aligned character by character, each stretch where they differ taken from the reading
  the URL model doubts less (:func:`line_doubts`), and the result kept when it is doubted less than
  the page's reading. Each reading is often right where the other is wrong; taking either whole
  kept the other's errors (URLs exact, worst level, seeds 24-29: 114 -> 142 of 288; seeds 34-41,
  not read while this was written: 160 -> 181 of 384).
- *the line after, with its URL*: the line after a URL that ends its line is read again also when it
  opens with ink OCR could not read (:data:`UNREAD_OPENING`), and a reading of it is judged as the
  rest of the URL above it (:func:`pipeline.urljudge.continued_doubts`), not alone; a line whose URL
  opens with a ``www`` set apart from its host is merged as a URL line, not as a rest. Worst level,
  fresh readings, with the judge's and the finder's changes of the same days: seeds 71-74, URLs
  exact 124 -> 135 of 288, cut short 61 -> 58; seeds 85-87, not read while this was written:
  87 -> 90 of 216, cut short 44 -> 47 (a long rest read as garbage now loses to a URL cut where
  the model doubts it less: wrong either way, and flagged).
- *the band under a URL cut at the margin*: a URL that ends at the right margin with no file
  extension, over bare paper where the next line would be, often had its rest on a line the page's
  reading left out or the noise filter dropped as specks (``-agglomeration-villes/centre OOPER ONE``);
  that band is found by its ink, read as a URL line, and kept as a line when the URL finder joins it
  to the URL (:func:`pipeline.ocr.urlrest.rest_under`). Worst level, fresh readings, with the finder's
  changes of the same day (a host a space parts before its suffix, a slug's pieces): seeds 76-80,
  URLs exact 180 -> 186 of 360, cut short 58 -> 45 (before :data:`BAND_PAPER`; seed 76 measured again
  with it: the same); seeds 93-96, not read while this was written: 161 -> 162 of 288, cut short
  43 -> 40; clean and photocopied scans of seeds 93-94 as before. The dev scans' URL lines read no
  band: no more Tesseract time there. On a blurred, grainy scan a short rest close under the URL
  (``n-2014``) has no paper apart from the URL's own letters: the band is read one line pitch down
  when there is ink there, the URL may open on the line before (three lines), and the band's specks
  after the rest are left out (seeds 110, 122, 135, worst level: 152 -> 155 of 216; 123 the same).
- *its own row, its rest read on*: on the worst scans Tesseract boxes a URL line's words up to three
  times as tall as the page's, and the strip took in the rows above and under it; such a line is
  cut to its own row (:mod:`pipeline.ocr.urlstrip`). A rest read whole was judged without the line
  after it, which holds its extension, and lost to a reading that had dropped the rest: it is judged
  read on into that line (:func:`_continuing`). And the noise filter keeps a URL's rest, and a URL
  line, that it dropped before they were read again (:func:`pipeline.ocr.noise.drop_noise`). Worst
  level, fresh readings: seeds 93-96, URLs exact 162 -> 176 of 288, cut short 40 -> 36, not found
  22 -> 16; seeds 97-100, not read while this was written: 146 -> 156 of 288, cut short 32 -> 25
  (seed 99's ``bad-11`` fails in Tesseract before and after: its URLs counted missed). Exact among
  URLs not doubtful: 76/81 -> 80/85 and 66/73 -> 75/82. The dev scans read the same strips: no
  more Tesseract time.
- *read a third time, denoised*: a line the URL model still doubts once merged with the strip's
  reading is read again from its strip denoised (:func:`pipeline.ocr.urlstrip.denoised`, non-local
  means), by a process of its own, and merged in turn. On the worst scans the paper's grain left
  specks that Otsu's threshold made into marks; denoised, the strips read as printed twice as often.
  Worst level, fresh readings: seeds 106-109, URLs exact 168 -> 198 of 288; lines the model trusts
  are not read again (the dev scans: one line of eight). With it, a URL line is judged read on into
  the line after it (:func:`_going_on`), or a reading cut one letter too far (``villedelens.frm``)
  won over the rest's first letters (``villedelens.fr/vi``).
- *a letter from OCR's runner-up*: where both readings misread one letter (``unceas.arg``), the strip's
  reading often gave the printed one as that letter's runner-up (``Word.choices``). In a merged line
  the URL model still doubts, each letter whose runner-up, a letter too, OCR gave half its confidence
  or more is tried in its stead, and kept where the model counts fewer doubts
  (:func:`pipeline.ocr.urlvote.alternatives`). Marks and figures taken so, or readings kept for being
  longer, lengthened or cut URLs (``.fr`` read ``ifr``, ``-2023`` read ``5-2023``). Worst level, with
  the finder's changes of the same day: seeds 138-141 (misses read) 203 -> 206 of 288; fresh seeds
  148-151, 202 -> 202.
- *the whole rest, and its line chosen again*: a rest's reading is merged as far as the URL finder takes it
  for the URL's (:func:`_rest_end`: a file name whose underscores the strip read as spaces, not its first
  word alone), and a URL line judged with the page's reading of its rest is chosen again once that rest
  changed (:func:`choose_lines`). Worst level, with the hosts and folders of the same day: seeds 216-219
  (misses read) 217 -> 224 of 288; fresh seeds 224-227, 201 -> 203.
- *a line OCR lost*: a URL line read as nothing, or as a speck merged into the label above it, leaves a band
  of ink no line covers (:func:`pipeline.ocr.urlstrip.unread_bands`), read as a URL line and kept where it
  holds a URL (:func:`pipeline.ocr.urlrest.lost_url`). Worst level, seeds 270-277: 423 -> 426 of 576.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache

from PIL import Image

from pipeline import urljudge, urls
from pipeline.lexicon import Lexicon
from pipeline.model import Box, Line, Page, Word
from pipeline.ocr import urlvote
from pipeline.ocr.geometry import detect_skew, words_span
from pipeline.ocr.reread import Rereading
from pipeline.ocr.tesseract import LineReader
from pipeline.ocr.urlrest import cut_at_margin, cut_lines, insert_line, lost_url, rest_under, without_specks
from pipeline.ocr.urlstrip import (
    Strip,
    band_under,
    black_on_white,
    denoised,
    unread_bands,
    url_strip,
    usual_height,
)
from pipeline.ocr.version import available_languages
from pipeline.ocr.vote import mark_changes
from pipeline.settings import Settings
from pipeline.text import is_number_like, is_url_like

URL_LANGUAGE = "eng"
CONFIDENT_URL = 90.0
"""A URL word OCR read at this confidence or more is not read again."""
MARKED_WWW = re.compile(r"\W?www[^\w.\s]", re.IGNORECASE)
"""A ``www`` read with a mark for its dot (``WWW:``, ``www,``): a URL read too badly to look like one
(``WWW: ser souv: Gr noproéoede pdf.``), which the strip may read as printed."""
CONTINUATION = re.compile(r"^[a-z0-9_-]")
"""How the rest of a URL cut by a line break opens (a new line of text opens with a capital or a
bullet)."""


def url_lines(page: Page) -> list[Line]:
    """Lines holding a URL or a piece of one that OCR was unsure of, and the line after each when
    it opens as a URL's rest would (a small letter, a digit, a hyphen), or, after a URL that ends its
    line, with a word OCR could not read (:data:`UNREAD_OPENING`), after one cut at the margin
    (:func:`pipeline.ocr.urlrest.cut_lines`), with a word OCR doubted: a line break cuts long URLs
    anywhere, and the rest, read as words or as specks, is not known for a URL's until it is read
    better (:func:`choose` judges it with the URL it would continue)."""
    lines = [line for line in page.lines if line.words and all(w.box for w in line.words)]
    cut = {id(line) for line in cut_lines(page)}
    chosen = []
    for k, line in enumerate(lines):
        doubted = any((is_url_like(w.original) or MARKED_WWW.match(w.original))
                      and not is_number_like(w.original) and (w.confidence or 0.0) < CONFIDENT_URL
                      for w in line.words)
        before = lines[k - 1].words if k else []
        under_cut = k > 0 and id(lines[k - 1]) in cut
        opening = line.words[0]
        after_url = (under_cut or any(is_url_like(w.original) for w in before)) and \
            any((w.confidence or 0.0) < CONFIDENT_URL for w in line.words) and (
                CONTINUATION.match(opening.original) is not None
                or is_url_like(before[-1].original) and (opening.confidence or 0.0) < UNREAD_OPENING
                or under_cut and (opening.confidence or 0.0) < CONFIDENT_URL)
        if doubted or after_url:
            chosen.append(line)
    return chosen


UNREAD_OPENING = 40.0
"""OCR confidence under which the first word of the line after a URL that ends its line is ink OCR
could not read (``:`` ``a`` ``en`` for ``lt/files/media/…``, ``ADN en iene`` for ``pel%20%C3%A0…``):
the URL's rest may be in it. A line of text after a URL opens with a word read surely (``Le``,
``Prochaine``), or with a speck before it."""


def start_url_reread(image: Image.Image, page: Page, dpi: int, settings: Settings,
                     lexicon: Lexicon | None, skip: Collection[int] = (),
                     reader: LineReader | None = None) -> Rereading:
    """Read the page's doubtful URL lines (but those whose ids are in ``skip``) again (see the
    module's docstring) in a Tesseract process of their own, now; calling the result waits for the
    readings, keeps in each line the one the URL model trusts more, and returns how many lines
    changed. Nothing is done without Tesseract's ``eng`` data.

    ``reader``: a :func:`url_reader` the caller started ahead, used if still unused (else one is
    started now); the caller closes it if it is left unused."""
    lines = [line for line in url_lines(page) if id(line) not in skip]
    if URL_LANGUAGE not in _languages():
        return Rereading(set(), lambda keep: 0)
    grey = image if image.mode == "L" else image.convert("L")
    slope = -math.tan(math.radians(detect_skew(grey)))
    bands = [(line, band) for line in cut_at_margin(page) if (band := band_under(grey, page, line, slope))]
    lost = [line for line in unread_bands(grey, page, slope)  # but where a URL's rest is read
            if not any(line.box[1] < b.box[3] and b.box[1] < line.box[3] for _, b in bands)]  # type: ignore
    if not lines and not bands and not lost:
        return Rereading(set(), lambda keep: 0)
    given = reader is not None and reader.unused
    if not given:
        reader = url_reader(settings)  # loads its model while the strips are cut
    assert reader is not None
    try:
        usual = usual_height(page)
        strips = [url_strip(grey, line, slope, usual) for line in lines]
        strips += [url_strip(grey, band, slope) for band in [*(b for _, b in bands), *lost]]
    except BaseException:
        if not given:
            reader.close()
        raise
    above, below = _lines_before(page), _lines_after(page)
    context = [(list(line.words), _words(above.get(id(line))), _words(below.get(id(line)))) for line in lines]

    def still_doubted(readings: list[list[Word]]) -> list[int]:
        """The lines the URL model still doubts once merged with their reading (:func:`merge`)."""
        pairs = zip(strips, readings, context, strict=False)  # the bands' strips come last: none read again
        return [k for k, (strip, words, (old, before, after)) in enumerate(pairs)
                if _doubted(merge(old, _placed(strip, words), lexicon, before, after)[1])]

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(_read, reader.claim(), strips, dpi, settings, still_doubted)
    pool.shutdown(wait=False)

    def finish(keep: Collection[int] | None) -> int:
        if keep is not None and not keep:  # none wanted: neither waited for nor checked
            return 0
        readings, again = future.result()
        wanted = [k for k, line in enumerate(lines) if keep is None or id(line) in keep]
        further = [[_placed(strips[k], readings[k]), *([_placed(strips[k], again[k])] if k in again else [])]
                   for k in wanted]
        read = choose_lines(page, [lines[k] for k in wanted], further, lexicon)
        changed = 0
        for line in lines:
            words = read.get(id(line), line.words)
            if words is not line.words:
                mark_changes(line.words, words)
                line.words = words
                line.box = words_span(words)
                changed += 1
        if keep is not None:  # read ahead: the page's lines may have changed since
            return changed
        n = len(lines) + len(bands)
        for (line, _), strip, words in zip(bands, strips[len(lines):n], readings[len(lines):n], strict=True):
            at = next((k for k, other in enumerate(page.lines) if other is line), None)
            previous = next((other.words for other in reversed(page.lines[:at or 0]) if other.words), None)
            rest = rest_under(line.words, _placed(strip, words), lexicon, previous)
            if rest and at is not None:
                rest = [replace(w, first_reading="") for w in rest]  # logged: the first reading saw none
                page.lines.insert(at + 1, replace(line, words=rest, box=words_span(rest), table=None))
                changed += 1
        for strip, words in zip(strips[n:], readings[n:], strict=True):  # the lines OCR lost
            if found := lost_url(_placed(strip, words), lexicon):
                insert_line(page, found)
                changed += 1
        return changed

    return Rereading({(id(line), False) for line in lines}, finish)


def choose_lines(page: Page, lines: list[Line], readings: list[list[list[Word]]], lexicon: Lexicon | None
                 ) -> dict[int, list[Word]]:
    """Each of the page's ``lines`` (by id) merged in turn with its further readings (``readings``, placed
    on the page: the strip's, then the denoised strip's; :func:`choose`), judged with the lines around it
    as chosen. In page order, a line is judged with the line before it as chosen and the line after it
    as the page read it: once that one changed, the line is chosen again (``Bilan?c20d`` won over
    ``Bilan%20d`` while its rest was read as garbage, whose doubts the query's ``?`` hid)."""
    before, following, cut = _lines_before(page), _lines_after(page), _cut_above(page)
    read: dict[int, list[Word]] = {}

    def now(line: Line | None) -> list[Word] | None:
        return None if line is None else read.get(id(line), line.words)

    def chosen(line: Line, further: list[list[Word]]) -> list[Word]:
        words, after = line.words, now(following.get(id(line)))
        for reading in further:
            words = choose(words, reading, lexicon, now(before.get(id(line))), after)
        if words is line.words and id(line) in cut:  # no reading won alone: judged as the rest of the URL
            for reading in further:  # cut above it (a speck read after that URL keeps the finder from
                words = choose(words, reading, lexicon, now(cut[id(line)]), after)  # joining them)
        return words

    for line, further in zip(lines, readings, strict=True):
        read[id(line)] = chosen(line, further)
    moved = {id(line) for line in lines if read[id(line)] is not line.words}
    for line, further in zip(lines, readings, strict=True):
        after = following.get(id(line))
        if after is not None and id(after) in moved:
            read[id(line)] = chosen(line, further)
    return read


def url_reader(settings: Settings) -> LineReader | None:
    """A Tesseract process for URL lines, to start ahead (its model loads meanwhile); None without
    Tesseract's ``eng`` data."""
    return LineReader(settings, language=URL_LANGUAGE) if URL_LANGUAGE in _languages() else None


def _read(reader: LineReader, strips: list[Strip], dpi: int, settings: Settings,
          still_doubted: Callable[[list[list[Word]]], list[int]]
          ) -> tuple[list[list[Word]], dict[int, list[Word]]]:
    """Each strip's reading made black on white, and, by a second process (the first is used up),
    the readings of the strips :func:`still_doubted` names made :func:`denoised`: by their index."""
    try:
        readings = reader.read([black_on_white(s.image) for s in strips], _resolution(strips, dpi))
    finally:
        reader.close()
    doubted = still_doubted(readings)
    if not doubted:
        return readings, {}
    again = url_reader(settings)
    assert again is not None
    try:
        chosen = [strips[k] for k in doubted]
        return readings, dict(zip(doubted, again.read([denoised(s.image) for s in chosen],
                                                      _resolution(chosen, dpi)), strict=True))
    finally:
        again.close()


def _resolution(strips: list[Strip], dpi: int) -> int:
    """The resolution the strips are read at: the page's, times their enlargement."""
    return round(dpi * max(s.scale for s in strips))


def _placed(strip: Strip, words: list[Word]) -> list[Word]:
    """``words`` read on ``strip``, with their boxes on the page."""
    return [replace(w, box=strip.to_page(w.box)) for w in words]


def _words(line: Line | None) -> list[Word] | None:
    return line.words if line is not None else None


def _doubted(doubts: tuple[int, ...] | None) -> bool:
    return doubts is None or doubts[0] > 0


def choose(old: list[Word], new: list[Word], lexicon: Lexicon | None,
           before: list[Word] | None = None, after: list[Word] | None = None) -> list[Word]:
    """:func:`merge`'s reading."""
    return merge(old, new, lexicon, before, after)[0]


def merge(old: list[Word], new: list[Word], lexicon: Lexicon | None, before: list[Word] | None = None,
          after: list[Word] | None = None) -> tuple[list[Word], tuple[int, ...] | None]:
    """``old`` with its URL part merged with ``new``'s (:func:`pipeline.ocr.urlvote.merge`: each
    stretch where they differ from the reading the URL model doubts less, :func:`line_doubts`) when
    the URL model has fewer doubts about the result, else ``old`` itself; and the URL model's doubts
    of the reading returned (None: no URL in it). A URL line is judged read on into the line
    ``after`` it (:func:`_going_on`), where its rest may be. On a line that opens with
    the rest of a URL, that rest is what is judged and merged: with the line ``before`` it, as the
    URL it continues, and the line ``after`` it (:func:`_continuing`), else alone
    (:func:`pipeline.urljudge.rest_doubts`).
    Judged alone, a rest's opening reads as a word's piece (``t-`` of ``…-ci`` ``t-habitante-…``)
    and a rest that no line before holds may be taken for one; judged with its URL, a reading wins
    only when the URL it makes is doubted less."""
    start, old_start = _url_opening(new), _url_opening(old)
    if start is not None and new[start].box is not None or old_start is not None and old[old_start].box:
        edge = new[start].box[0] if start is not None and new[start].box else old[old_start].box[0]
        label = [w for w in old if w.box is not None and w.box[2] <= edge]
        old_part = [w for w in old if w.box is not None and w.box[2] > edge]
        new_part = _joined(without_specks([w for w in new if w.box is not None and w.box[2] > edge]))
        judge: Callable[[list[str], Lexicon | None], tuple[int, ...] | None] = \
            line_doubts if not after else _going_on(after)

        def whole(part: list[Word]) -> list[Word]:
            return label + part
    elif old and new:
        pieces = _joined(new)  # ``…-rendus.`` ``html``: the rest's pieces the finder joins as they are, one
        at = next((k for k, w in enumerate(pieces) if len(w.original) >= MIN_REST and w.box), None)
        if at is None or (box := pieces[at].box) is None:
            return old, None
        last = _rest_end(before, pieces, at) if before is not None else at
        new_part = pieces[at : last + 1]
        left, edge = box[0], max(w.box[2] for w in new_part if w.box is not None)
        # a box that holds the next words' (``harges`` of ``harges De Mission.pdf``: underscores join the
        # glyphs into one blob, which Tesseract boxes whole) ends where they begin
        edge = min([edge, *(w.box[0] for w in pieces[last + 1 :] if w.box is not None and w.box[0] > left)])
        head = [w for w in old if w.box is not None and w.box[2] <= left + 1]  # a short rest (``ve``)
        old_part = [w for w in old if w.box is not None and left + 1 < w.box[2] and w.box[0] < edge]
        tail = [w for w in old if w.box is not None and w.box[0] >= edge]
        judge = urljudge.rest_doubts if before is None else _continuing(before, after)

        def whole(part: list[Word]) -> list[Word]:
            return head + part + tail
    else:
        return old, None

    judged: dict[tuple[str, ...], tuple[int, ...] | None] = {}

    def doubts(words: list[Word]) -> tuple[int, ...] | None:
        tokens = tuple(w.original for w in words)
        if tokens not in judged:  # the merge comes back to the same readings: each is judged once
            judged[tokens] = judge(list(tokens), lexicon)
        return judged[tokens]

    def part_doubts(part: list[Word]) -> tuple[int, ...] | None:
        return doubts(whole(part))

    merged = min((urlvote.merge(old_part, new_part, part_doubts, start_with_second=s) for s in (True, False)),
                 key=lambda part: _order(part_doubts(part)))
    if _doubted(part_doubts(merged)):
        merged = urlvote.alternatives(merged, lambda part: _count(part_doubts(part)))
    candidate = without_specks(whole(merged))
    old_doubts, new_doubts = doubts(old), doubts(candidate)
    if new_doubts is None or old_doubts is not None and new_doubts >= old_doubts:
        return old, old_doubts
    return candidate, new_doubts


def _rest_end(before: list[Word], pieces: list[Word], at: int) -> int:
    """The last of ``pieces`` (a reading of the line after ``before``) that the URL finder takes for the
    rest of the URL ``before`` ends with, ``at`` at least: a file name whose underscores OCR read as
    spaces goes on past its first piece (``…/Plenieres_Intergenerationnelle Peuplement.pdf``), and the
    page's reading of the pieces after it (``PSUDIORENE paf``) is merged with them, not kept."""
    lines = [[w.original for w in before], [w.original for w in pieces]]
    taken = [k for hit in urls.find_urls(lines) if hit.line == 0 for line, k in hit.words if line == 1]
    return max([at, *taken])


def _url_opening(words: list[Word]) -> int | None:
    """Where the first URL of a reading opens: a scheme or a ``www`` glued to its host, or one a space
    sets apart from it (``WWW. prefectures-regions. gouv. fr/…``), as the finder takes them."""
    tokens = [w.original for w in words]
    return next((k for k, token in enumerate(tokens)
                 if urls.starts_url(token) or urls.host_apart(token, tokens[k + 1 : k + 5])), None)


MIN_REST = 3
"""Characters of the first word the strip read that is taken for the rest of a URL: a shorter one is
a bullet or a speck, or a short rest (``ve``) the page's reading has too, and left as it read it."""


def _count(doubts: tuple[int, ...] | None) -> int | None:
    """The number of doubts alone: a letter OCR hesitated over is taken for what the URL model doubts,
    not for a URL it makes longer or repairs less (the rest of the measure)."""
    return None if doubts is None else doubts[0]


def _order(doubts: tuple[int, ...] | None) -> tuple[int, tuple[int, ...]]:
    return (1, ()) if doubts is None else (0, doubts)


def line_doubts(tokens: list[str], lexicon: Lexicon | None) -> tuple[int, ...] | None:
    """:func:`pipeline.urljudge.reading_doubts`, and a URL that stops where its line goes on with
    more of it (:func:`pipeline.urljudge.goes_on`) one doubt more: a reading that ends a URL at a
    stray mark has lost the rest, with its doubts."""
    doubts = urljudge.reading_doubts(tokens, lexicon)
    if doubts is None:
        return None
    cut = sum(urljudge.goes_on(hit, lexicon) for hit in urls.find_urls([tokens]))
    return doubts[0] + cut, *doubts[1:]


def _going_on(after: list[Word]) -> Callable[[list[str], Lexicon | None], tuple[int, ...] | None]:
    """The doubts of a URL line's reading read on into the line ``after`` it
    (:func:`pipeline.urljudge.continued_doubts`): judged alone, a URL cut by its line break seemed to
    stop there, and a reading that ended it with a letter too many (``villedelens.frm``) was doubted
    less than the one that had the rest's first letters (``villedelens.fr/vi`` then ``e-citoyenne/…``)."""
    below = [w.original for w in after]
    return lambda tokens, lexicon: urljudge.continued_doubts([tokens], lexicon, below)


def _continuing(before: list[Word], after: list[Word] | None = None
                ) -> Callable[[list[str], Lexicon | None], tuple[int, ...] | None]:
    """The doubts of a line's reading as the rest of the URL the line ``before`` it ends with
    (:func:`pipeline.urljudge.continued_doubts`), read on into the line ``after`` it: a rest read
    whole lacks the extension the line break put on the next line, and was doubted for it where a
    reading that lost the rest was not (``…/downloads/Charte%20de%20la%20participation%20Somme%2020``
    then ``14.pdf``)."""
    above = [w.original for w in before]
    below = [w.original for w in after] if after else None
    return lambda tokens, lexicon: urljudge.continued_doubts([above, tokens], lexicon, below)


def _lines_after(page: Page) -> dict[int, Line]:
    """Each line (by id) of the page and the line after it."""
    lines = [line for line in page.lines if line.words]
    return {id(line): following for line, following in zip(lines, lines[1:], strict=False)}


def _ends_with_url(line: Line) -> bool:
    return is_url_like(line.words[-1].original)


def _lines_before(page: Page, kept: Callable[[Line], bool] = _ends_with_url) -> dict[int, Line]:
    """Each line (by id) of the page and the line before it, where ``kept`` keeps that one (by default,
    where it ends with a piece of URL)."""
    lines = [line for line in page.lines if line.words]
    return {id(line): previous for previous, line in zip(lines, lines[1:], strict=False) if kept(previous)}


def _cut_above(page: Page) -> dict[int, Line]:
    """Each line (by id) of the page and the line before it whose URL is cut at the margin
    (:func:`pipeline.ocr.urlrest.cut_lines`) though it does not end with a piece of URL: read too badly
    for its last word to look like a URL's (``Employeuse_ Territoires Diagnostic.``)."""
    cut = {id(line) for line in cut_lines(page)}
    return _lines_before(page, lambda previous: id(previous) in cut and not _ends_with_url(previous))


def _joined(words: list[Word]) -> list[Word]:
    """A URL's pieces OCR set apart by a space the URL model puts nothing into, as one word."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is not None and last.box and word.box and urls.joins_as_is(last.original, word.original):
            confidences = [c for c in (last.confidence, word.confidence) if c is not None]
            out[-1] = Word(last.original + word.original, confidence=min(confidences, default=None),
                           box=Box.around([last.box, word.box]))
        else:
            out.append(word)
    return out


@cache
def _languages() -> tuple[str, ...]:
    return tuple(available_languages())
