"""The columns of a scanned page, read one after the other.

Tesseract's own page segmentation finds columns from tab stops, but where two typewritten columns
share their baselines it joins them into lines running straight across the gutter (Tapuscorpus
``34_c9179``: every Tesseract block spans both columns). So, as for text layers, the gutter is found
here from the words' boxes alone (:func:`pipeline.layout.gutter`: a vertical strip of white that
few lines cross, an XY-cut tolerant of titles); each line is cut at it, and each band of lines
beside it is read left column first. A line that crosses the gutter (a title, a wide paragraph)
stays where it stands and parts the bands.

Rows whose cells line up are a table, not columns: a column holds running text, its longer lines
``MIN_COLUMN_WIDTH`` line heights wide or more, where a table's first cells are labels, short next
to the space that parts them from the next cell (the rule other layout readers use too). A table
is left as Tesseract read it, row by row, for :func:`pipeline.layout.aligned_tables`.
"""

from __future__ import annotations

import statistics
from collections import Counter

from pipeline.layout import Span, crosses, gutter
from pipeline.model import Box, Line, Page, Word
from pipeline.ocr.parse import parted
from pipeline.text import cut_at_end

MIN_GUTTER = 0.7
"""Line heights: a gutter between typed columns is wider than a word space (0.6 of a line height in
typewriting) and than two of them after a full stop."""
MIN_COLUMN_WIDTH = 12.0
"""Line heights: the longer lines of a column of running text (its upper quartile) are at least
this wide (about twenty typewritten characters); narrower, the side is a table's labels or a list
of short items."""
MIN_COLUMN_LINES = 5
"""Lines a column holds at least."""
WIDE_GUTTER = 1.5
"""Line heights: a gutter narrower than this is as wide as a typist's double space after a full
stop (Tapuscorpus ``34_c9179``: 0.75), so it may be a river of such spaces through a few lines of
one column; it must then run clear through ``MIN_CLEAR_LINES`` lines with words on both sides."""
MIN_CLEAR_LINES = 10
MIN_SURE = 30.0
"""OCR confidence under which a word does not count for finding a gutter: a vertical rule or specks
in the gutter read as letters."""
MAX_DEPTH = 2
"""A column is searched for columns of its own once more (three columns)."""
SPLIT_GAP = 2.5
"""Line heights: two pieces of one printed line that Tesseract put in blocks of their own stand at
most this far apart: a word space, or a short word Tesseract left unread between them (a stamp or a
correction over it: Oulipo ``100100090_9``'s ``dissertation [de] F. Le Lionnais``); farther, they
are a table's cells or columns. Tapuscorpus, from 1.5: 4,443 -> 4,423 word errors, three pages
better (Oulipo ``100100090_9`` and ``10010116f_7``, Giono ``10515736n_31``: 10, 5 and 5 fewer),
none worse; at 3.0 a catalogue card's numbers join its entries (``FRAN_0011_11121``: 30 more)."""
SAME_BAND = 0.5
"""Share of the lower piece's height the two pieces overlap in at least, to be on one line."""
SAME_HEIGHT = 1.5
"""Ratio of the taller piece's height to the shorter's at most: a heading beside body text is no piece."""


def read_columns(page: Page) -> bool:
    """Put the lines of an OCR page in reading order, column by column, when it has columns, else its
    blocks from the top down; a blank line between blocks, as :func:`pipeline.ocr.parse.page_from_data`
    does. Returns whether it had columns."""
    lines = [line for line in page.lines if line.words]
    if not lines or any(w.box is None for line in lines for w in line.words):
        return False
    heights = [line.box.height for line in lines if line.box and len(line.words) >= 2]
    if not heights:
        return False
    height = statistics.median(heights)
    blocks = _in_order(lines, height, 0)
    if len(blocks) == 1:
        _top_down(page, lines)
        return False
    out: list[Line] = []
    number = 0
    for block in blocks:
        previous = None
        for line in block:
            if previous is None or line.block != previous:
                number += 1
                if out:
                    out.append(Line(block=number))
            previous = line.block
            line.block = number
            out.append(line)
    page.lines = out
    return True


def _top_down(page: Page, lines: list[Line]) -> None:
    """A page of one column has its blocks read from the top down, each whole, by its top:
    Tesseract sometimes puts a block after blocks below it (a line cut from its paragraph, a
    paragraph beside a scribble). Tapuscorpus pages without a gutter: 123 word errors fewer,
    10 pages read better, 4 worse by one to three words."""
    runs: list[list[Line]] = []
    for line in lines:
        if runs and runs[-1][0].block == line.block:
            runs[-1].append(line)
        else:
            runs.append([line])
    ordered = sorted(runs, key=lambda run: min(_top(line) for line in run))
    if ordered != runs:
        page.lines = parted([line for run in ordered for line in run])


def join_cut_blocks(page: Page) -> int:
    """Make one block of a block that ends in a word cut by a hyphen and the block after it in
    reading order when that one starts with a small letter: the word's two halves are one
    paragraph's (Tesseract often makes each line of a typed page a block of its own, and the blank
    line between them parted ``troisiè-`` from ``me``). Returns the blocks joined. Tapuscorpus,
    replayed on the same readings: 40 word errors fewer, 18 pages better, none worse."""
    out: list[Line] = []
    joined = 0
    lines = page.lines
    for k, line in enumerate(lines):
        if line.words:
            out.append(line)
            continue
        before = out[-1] if out else None
        after = lines[k + 1] if k + 1 < len(lines) else None
        if before and before.words and after and after.words and cut_at_end(before.words[-1].original) and (
                after.words[0].original[:1].islower()):
            joined += 1
            block, old = before.block, after.block
            for follower in lines[k + 1:]:
                if follower.block != old:
                    break
                follower.block = block
            continue
        out.append(line)
    page.lines = out
    return joined


def join_split_lines(page: Page) -> int:
    """Join the pieces of one printed line that Tesseract's layout put in blocks of their own, side
    by side and a word space apart (a diagram's captions: ``Les caméras C`` in one block,
    ``iront cueillir l'image…`` in the next), so the line reads whole. A page with a column gutter
    is left to :func:`read_columns`. Returns the pieces joined.

    The joined line stands where one of its pieces stood: where it keeps the page's top-to-bottom
    order with the lines before and after it, else where the larger of the pieces' blocks stands
    (a table of contents' numbers, read as a block before the title, join their entries where the
    entries stand)."""
    lines = [line for line in page.lines if line.words]
    if not lines or any(line.box is None or any(w.box is None for w in line.words) for line in lines):
        return 0
    heights = [line.box.height for line in lines if line.box and len(line.words) >= 2]
    if not heights:
        return 0
    height = statistics.median(heights)
    if _column_gutter(lines, height) is not None:
        return 0
    size: Counter[int] = Counter()
    for line in lines:
        size[line.block] += len(line.words)
    order = list(lines)
    joined = 0
    for line in sorted(lines, key=lambda line: line.box[0] if line.box else 0.0):
        if not any(kept is line for kept in order):
            continue
        while (piece := _next_piece(line, order, height)) is not None:
            box = Box.around([line.box, piece.box])
            assert box
            keep, drop = min((line, piece), (piece, line), key=lambda pair: (
                _out_of_order(order, pair[0], pair[1], box), -size[pair[0].block]))
            keep.words = line.words + piece.words
            keep.box = box
            order = [kept for kept in order if kept is not drop]
            line = keep
            joined += 1
    if joined:
        page.lines = parted(order)
    return joined


def _out_of_order(order: list[Line], at: Line, other: Line, box: Box) -> int:
    """How many of its neighbours a line with ``box`` standing where ``at`` does (``other`` gone)
    would be out of top-to-bottom order with: the line before it lower, the line after it higher."""
    rest = [line for line in order if line is not other]
    k = next(k for k, line in enumerate(rest) if line is at)
    middle = (box[1] + box[3]) / 2
    before = rest[k - 1].box if k > 0 else None
    after = rest[k + 1].box if k + 1 < len(rest) else None
    return (before is not None and before[1] > middle) + (after is not None and after[3] < middle)


def _next_piece(line: Line, others: list[Line], height: float) -> Line | None:
    """The nearest line of another block right of ``line``, on the same band and within
    ``SPLIT_GAP`` line heights, of a height like its own."""
    assert line.box
    best, best_gap = None, SPLIT_GAP * height
    for other in others:
        if other.block == line.block or other.box is None:
            continue
        gap = other.box[0] - line.box[2]
        low, high = sorted((line.box.height, other.box.height))
        overlap = min(line.box[3], other.box[3]) - max(line.box[1], other.box[1])
        if 0 <= gap <= best_gap and overlap >= SAME_BAND * low and high <= SAME_HEIGHT * low:
            best, best_gap = other, gap
    return best


def _in_order(lines: list[Line], height: float, depth: int) -> list[list[Line]]:
    """Blocks of lines in reading order: the columns of each band between crossing lines, left
    first (each searched for columns again); ``[lines]`` as they are when there is no gutter."""
    strip = _column_gutter(lines, height) if depth < MAX_DEPTH else None
    if strip is None:
        return [lines]
    out: list[list[Line]] = []
    band: list[Line] = []
    middle = (strip[0] + strip[1]) / 2
    for line in sorted(lines, key=_top):
        if crosses(_spans(line), (middle, middle)):  # a word over the gutter's middle, not at its edge
            out += _split(band, strip, height, depth)
            band = []
            out.append([line])
        else:
            band.append(line)
    return out + _split(band, strip, height, depth)


def _split(band: list[Line], strip: tuple[float, float], height: float, depth: int) -> list[list[Line]]:
    """The band's lines cut at the gutter, the left column read before the right one."""
    middle = (strip[0] + strip[1]) / 2
    left, right = [], []
    for line in band:
        for side, words in ((left, [w for w in line.words if _centre(w) < middle]),
                            (right, [w for w in line.words if _centre(w) >= middle])):
            if words:
                side.append(Line(words=words, box=Box.around(w.box for w in words), block=line.block))
    return [block for side in (left, right) if side for block in _in_order(side, height, depth + 1)]


def _column_gutter(lines: list[Line], height: float) -> tuple[float, float] | None:
    """A gutter between columns of running text: found by :func:`pipeline.layout.gutter`, with
    ``MIN_COLUMN_LINES`` lines on each side of it, their longer lines at least ``MIN_COLUMN_WIDTH``
    line heights wide; a narrow one clear through ``MIN_CLEAR_LINES`` lines."""
    strip = gutter([_spans(line) for line in lines], height, MIN_GUTTER)
    if strip is None:
        return None
    middle = (strip[0] + strip[1]) / 2
    left: list[float] = []
    right: list[float] = []
    both = 0
    for line in lines:
        spans = _spans(line)
        if not spans or crosses(spans, (middle, middle)):
            continue
        inside = [s for s in spans if s[1] <= middle], [s for s in spans if s[0] >= middle]
        for side, found in zip((left, right), inside, strict=True):
            if found:
                side.append(found[-1][1] - found[0][0])
        both += all(inside)
    if (min(len(left), len(right)) < MIN_COLUMN_LINES
            or min(_long(left), _long(right)) < MIN_COLUMN_WIDTH * height):
        return None
    if strip[1] - strip[0] < WIDE_GUTTER * height and both < MIN_CLEAR_LINES:
        return None
    return strip


def _long(widths: list[float]) -> float:
    """The width of a side's longer lines (its upper quartile): running text fills its column in
    most lines, while a play's speakers and short replies keep the median low."""
    return statistics.quantiles(widths, n=4)[2] if len(widths) > 1 else widths[0]


def _spans(line: Line) -> list[Span]:
    """The line's words that show text, left to right: signs alone (a rule read as ``|``) and words
    read unsurely (specks) do not part or join columns."""
    return sorted((w.box[0], w.box[2]) for w in line.words
                  if w.box and any(c.isalnum() for c in w.original)
                  and (w.confidence is None or w.confidence >= MIN_SURE))


def _centre(word: Word) -> float:
    assert word.box
    return (word.box[0] + word.box[2]) / 2


def _top(line: Line) -> float:
    return line.box[1] if line.box else 0.0
