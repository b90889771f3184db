"""A PDF text layer read the way a PDF reader shows it: words, lines, columns, tables.

pdfplumber gives characters with their boxes and fonts; the page's structure is rebuilt here:

- **words** split where the gap between two characters is wider than a share of the font size
  (``WORD_GAP`` em, as pdftotext does), not a fixed tolerance: a LaTeX page squeezes its word spaces
  to 2 pt, which a 3 pt tolerance swallows (``Ceguides'adresseaux``);
- **hyphens** at a line end, of every kind (``-``, U+2010, U+2011, the soft hyphen a typesetter
  prints when it breaks a word there), become ``-`` so segmentation can join the word again;
- **columns**: a vertical gutter that most lines stop at is a column break; lines crossing it
  (a title, a running header) are read where they stand, and between them the left column is
  read before the right one (recursively, for three columns);
- **tables**: pdfplumber's table finder (ruled tables); a table's words are read cell by cell,
  a row becomes a line of :class:`~pipeline.model.Line` marked with its table, and the
  :class:`~pipeline.model.Table` keeps which words stand in which cell.

On OCR pages and text layers, :func:`aligned_tables` finds the tables no rule frames from their word
columns alone: lines in one type size whose words stand in groups far apart (wider than ``CELL_GAP``
line heights), each group starting where a column of the first row starts. The lines stay as they
were read (the raw text is the reading); the table keeps which words stand in which cell.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from pipeline.model import Box, Line, Page, Table, Word
from pipeline.text import normalise

WORD_GAP = 0.12
"""Em: a gap between two characters wider than this share of their font size parts two words.
LaTeX's tightest word space is 0.22 em, kerning rarely opens more than 0.05 em; pdftotext uses 0.1."""
INNER_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
MIN_GUTTER = 0.5
"""Em: a gutter between columns is at least this wide."""
MIN_COLUMN_ROWS = 3
"""A column break needs at least this many rows on each side of it."""
MAX_CROSSING = 0.2
"""A gutter is crossed by at most this share of the rows beside it (titles, running heads)."""
CELL_GAP = 0.7
"""Line heights: on an OCR line, a gap wider than this may part two cells (a word space is about
0.4): only where three lines or more agree on the columns it makes a table."""
MIN_TABLE_CONFIDENCE = 70
"""Mean OCR confidence below which aligned groups of words are taken for specks, not a table."""
MIN_TABLE_ROWS = 3
"""Lines with two cells or more that an aligned table needs (its first row among them)."""
SIZE_TOLERANCE = 0.1
"""Share of a table's type size by which another line's may differ and still be a row of it."""


@dataclass
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


SCANNED_COVER = 0.7
"""Share of the page an image covers above which its text layer is OCR laid over a scan."""


def typeset(pdf_page: Any) -> bool:
    """Whether the text layer was typeset, not OCR'd: no image covers most of the page (a scan
    under an OCR layer does) and no font is Tesseract's invisible ``GlyphLessFont``."""
    if any("GlyphLess" in char.get("fontname", "") for char in pdf_page.chars[:200]):
        return False
    area = float(pdf_page.width * pdf_page.height) or 1.0
    for image in pdf_page.images:
        width = min(image["x1"], pdf_page.width) - max(image["x0"], 0)
        height = min(image["bottom"], pdf_page.height) - max(image["top"], 0)
        if width > 0 and height > 0 and width * height / area >= SCANNED_COVER:
            return False
    return True


def read_page(pdf_page: Any) -> tuple[list[Line], list[Table]]:
    """The page's lines in reading order (a blank line between blocks) and its tables, whose rows
    are lines too (``Line.table``), placed where the table stands in the reading order."""
    found = _find_tables(pdf_page)
    members: list[list[_Word]] = [[] for _ in found]
    words = []
    for word in _words(pdf_page):
        k = next((k for k, (box, _) in enumerate(found) if _inside(word, box)), None)
        (words if k is None else members[k]).append(word)
    tables = []
    for (box, cells), inside in zip(found, members, strict=True):
        table, outside = _table(box, cells, inside)
        words.extend(outside)  # a caption inside the frame, a word between cells: read as text
        if table.rows:
            tables.append(table)
        else:
            words.extend(inside)
    return _assemble(_read_in_order(words), tables), tables


def _assemble(flow: list[list[list[_Word]]], tables: list[Table]) -> list[Line]:
    """Blocks of rows to Lines; each table goes before the first block (in reading order) that
    starts below its top and beside it, or at the end."""
    lines: list[Line] = []
    block = 0
    pending = list(range(len(tables)))

    def add(rows: list[Line]) -> None:
        nonlocal block
        block += 1
        if lines:
            lines.append(Line(block=block))
        for line in rows:
            line.block = block
            lines.append(line)

    previous: list[list[_Word]] | None = None
    for rows in flow:
        top = min(w.top for w in rows[0])
        left, right = min(w.x0 for r in rows for w in r), max(w.x1 for r in rows for w in r)
        for k in [k for k in pending if tables[k].box[1] <= top and tables[k].box[0] < right
                  and tables[k].box[2] > left]:
            add(_table_lines(tables[k], k))
            pending.remove(k)
            previous = None
        if previous is not None and _goes_on(previous, rows):
            lines.extend(_line(row, block) for row in rows)
        else:
            add([_line(row) for row in rows])
        previous = rows
    for k in pending:
        add(_table_lines(tables[k], k))
    return lines


def _goes_on(block: list[list[_Word]], rows: list[list[_Word]]) -> bool:
    """Whether ``rows`` carry on the paragraph of ``block`` from the foot of a column to the top of
    the next one: higher on the page, same type, and a word cut at the break or a lower-case start
    after a line with no closing mark."""
    last, first = block[-1], rows[0]
    if min(w.top for w in first) >= min(w.top for w in last) or not _same_type(last, first):
        return False
    end, start = last[-1].text, first[0].text
    return end.endswith("-") or (end[-1:] not in ".!?:;" and start[:1].islower())


def _table_lines(table: Table, index: int) -> list[Line]:
    """One line per table row: its cells' words, cell after cell."""
    out = []
    for row in table.rows:
        words = [w for cell in row for w in cell]
        box = Box.around(w.box for w in words if w.box)
        out.append(Line(words=words, box=box, table=index))
    return out


def _line(row: list[_Word], block: int = 0) -> Line:
    words = [Word(original=w.text, box=Box(w.x0, w.top, w.x1, w.bottom)) for w in row]
    size = round(statistics.median(w.size for w in row), 1)
    bold = sum(w.bold for w in row) > len(row) / 2
    return Line(words=words, box=Box.around(w.box for w in words), block=block, font_size=size, bold=bold)


# --- words ----------------------------------------------------------------------------------------

def _words(pdf_page: Any) -> list[_Word]:
    """Words from the characters' own geometry; hyphens normalised; upright text only."""
    raw = pdf_page.extract_words(x_tolerance_ratio=WORD_GAP, y_tolerance=2, keep_blank_chars=False,
                                 extra_attrs=["fontname", "size"])
    out = []
    for w in raw:
        text = w["text"]
        soft = text.endswith("\u00ad")
        text = normalise(text.translate(INNER_HYPHENS)).strip()
        if soft and text:
            text += "-"  # a soft hyphen shown at a break: the typesetter cut the word there
        if text:
            out.append(_Word(text, w["x0"], w["top"], w["x1"], w["bottom"], float(w["size"]),
                             is_bold(w["fontname"])))
    return out


def is_bold(fontname: str) -> bool:
    """Whether a PDF font name says bold (``ABCDEF+LMRoman10-Bold``, ``Arial,Bold``, ``…-Black``)."""
    name = fontname.split("+")[-1].lower()
    return any(weight in name for weight in ("bold", "black", "heavy", "semibold", "demi"))


def _rows(words: list[_Word]) -> list[list[_Word]]:
    """Words on the same printed line, top to bottom, each row left to right."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            last = rows[-1]
            middle = statistics.fmean(w.middle for w in last)
            height = max(w.bottom - w.top for w in last)
            if abs(word.middle - middle) <= height / 2:
                last.append(word)
                continue
        rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


# --- columns and blocks ---------------------------------------------------------------------------

def _read_in_order(words: list[_Word], depth: int = 0) -> list[list[list[_Word]]]:
    """Blocks (lists of rows) in reading order: columns found by their gutter, left before right;
    the rows that cross the gutter (a title, a running header) read where they stand."""
    rows = _rows(words)
    if not rows:
        return []
    strip = _gutter(rows) if depth < 2 else None
    if strip is None:
        return _blocks(rows)
    out: list[list[list[_Word]]] = []
    band: list[_Word] = []
    wide: list[list[_Word]] = []
    for row in rows:
        if crosses([(w.x0, w.x1) for w in row], strip):
            out.extend(_split_band(band, strip, depth))
            band = []
            wide.append(row)
        else:
            out.extend(_blocks(wide))
            wide = []
            band.extend(row)
    out.extend(_split_band(band, strip, depth))
    out.extend(_blocks(wide))
    return out


def _split_band(words: list[_Word], strip: tuple[float, float], depth: int) -> list[list[list[_Word]]]:
    middle = (strip[0] + strip[1]) / 2
    left = [w for w in words if w.x1 <= middle]
    right = [w for w in words if w.x1 > middle]
    return _read_in_order(left, depth + 1) + _read_in_order(right, depth + 1)


def _gutter(rows: list[list[_Word]]) -> tuple[float, float] | None:
    """A column gutter of a text layer's rows (see :func:`gutter`), in em of the rows' type size."""
    words = [w for row in rows for w in row]
    em = statistics.median(w.size for w in words)
    return gutter([[(w.x0, w.x1) for w in row] for row in rows], em)


Span = tuple[float, float]
"""A word's left and right edges."""


def gutter(rows: list[list[Span]], em: float, min_width: float = MIN_GUTTER) -> tuple[float, float] | None:
    """A column gutter (its x from, x to) among ``rows`` of words' spans (each row left to right): a
    vertical strip at least ``min_width`` em wide that few rows cross, with rows of words on each
    side of it (side by side or not: columns need not share their baselines). Shared by text layers
    and OCR pages: an XY-cut that tolerates the few rows (titles, running heads) that cross."""
    rows = [row for row in rows if row]
    if len(rows) < MIN_COLUMN_ROWS:
        return None
    left, right = min(x0 for row in rows for x0, _ in row), max(x1 for row in rows for _, x1 in row)
    width = right - left
    if width < 10 * em:
        return None
    step = em / 4
    pad = em * 0.05
    xs = [left + width * 0.2 + step * i for i in range(int(width * 0.6 / step))]
    crossing = [sum(1 for row in rows if any(x0 - pad < x < x1 + pad for x0, x1 in row)) for x in xs]
    least = min(range(len(xs)), key=crossing.__getitem__)
    limit = crossing[least] + max(1, len(rows) // 20)
    first = last = least
    while first > 0 and crossing[first - 1] <= limit:
        first -= 1
    while last + 1 < len(xs) and crossing[last + 1] <= limit:
        last += 1
    strip = (xs[first], xs[last])
    crossed = [row for row in rows if crosses(row, strip)]
    beside = [row for row in rows if not crosses(row, strip)]
    on_left = sum(1 for row in beside if row[0][1] <= strip[0])
    on_right = sum(1 for row in beside if row[-1][0] >= strip[1])
    if (strip[1] - strip[0] + step < min_width * em or min(on_left, on_right) < MIN_COLUMN_ROWS
            or len(crossed) > MAX_CROSSING * len(rows)):
        return None
    return strip


def crosses(row: list[Span], strip: tuple[float, float]) -> bool:
    """Whether a word of the row stands in the strip."""
    return any(x0 < strip[1] and x1 > strip[0] for x0, x1 in row)


def _blocks(rows: list[list[_Word]]) -> list[list[list[_Word]]]:
    """Rows of one column into blocks: a new block where the gap above a row is more than 0.6 of its
    height, or where the type (size, weight) changes (a heading)."""
    out: list[list[list[_Word]]] = []
    for row in rows:
        if out and _gap(out[-1][-1], row) <= 0.6 * _height(row) and _same_type(out[-1][-1], row):
            out[-1].append(row)
        else:
            out.append([row])
    return out


def _gap(above: list[_Word], row: list[_Word]) -> float:
    return min(w.top for w in row) - max(w.bottom for w in above)


def _height(row: list[_Word]) -> float:
    return max(w.bottom for w in row) - min(w.top for w in row)


def _same_type(a: list[_Word], b: list[_Word]) -> bool:
    size_a, size_b = statistics.median(w.size for w in a), statistics.median(w.size for w in b)
    bold_a, bold_b = sum(w.bold for w in a) > len(a) / 2, sum(w.bold for w in b) > len(b) / 2
    return abs(size_a - size_b) <= 0.15 * size_b and bold_a == bold_b


# --- tables ---------------------------------------------------------------------------------------

Cells = list[list[tuple[float, float, float, float] | None]]


def _find_tables(pdf_page: Any) -> list[tuple[Box, Cells]]:
    """Ruled tables of two rows and two columns or more (pdfplumber's finder, lines strategy):
    each one's box and its rows of cell boxes (None where a merged cell continues)."""
    out = []
    for found in pdf_page.find_tables():
        cells = [list(row.cells) for row in found.rows]
        if len(cells) >= 2 and max(len(row) for row in cells) >= 2:
            out.append((tuple(found.bbox), cells))
    return out


def _inside(word: _Word, box: Box) -> bool:
    x, y = (word.x0 + word.x1) / 2, word.middle
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table(box: Box, cells: Cells, words: list[_Word]) -> tuple[Table, list[_Word]]:
    """The table's rows of cells of words, each cell read in order (lines top to bottom), and the
    words in its frame that no cell holds."""
    rows = []
    placed: set[int] = set()
    for row in cells:
        out: list[list[Word]] = []
        for cell in row:
            members = [w for w in words if cell is not None and id(w) not in placed and _inside(w, cell)]
            placed.update(id(w) for w in members)
            out.append([Word(original=w.text, box=Box(w.x0, w.top, w.x1, w.bottom))
                        for r in _rows(members) for w in r])
        if any(out):
            rows.append(out)
    return Table(box=Box(*box), rows=rows), [w for w in words if id(w) not in placed]


# --- tables no rule frames: aligned word columns (OCR pages and text layers) ------------------------

def aligned_tables(page: Page) -> None:
    """Find the page's tables whose columns are only aligned (no rule frames them; lines already in
    a ruled table are left): fill ``page.tables`` and mark their lines (``Line.table``). A line
    with a cell in the first column starts a row; a line without one carries on the row above (a
    cell set on two lines)."""
    filled = [line for line in page.lines
              if line.words and line.table is None and all(w.box for w in line.words)]
    heights = [ln.box.height for ln in filled if ln.box and len(ln.words) >= 3]
    if not heights:
        return
    height = statistics.median(heights)
    n = 0
    while n < len(filled):
        run, columns = _aligned_run(filled, n, height)
        if (len(columns) >= 2 and sum(len(_cells(ln, height)) >= 2 for ln in run) >= MIN_TABLE_ROWS
                and _printed(run, height)):
            index = len(page.tables)
            page.tables.append(_aligned_table(run, columns, height))
            for line in run:
                line.table = index
            n += len(run)
        else:
            n += 1


def _printed(run: list[Line], height: float) -> bool:
    """Cells of print, not a margin's specks aligned by chance: nearly every cell holds a letter or
    a figure, and OCR was fairly sure of the words."""
    cells = [group for line in run for group in _cells(line, height)]
    texty = sum(any(c.isalnum() for w in group for c in w.original) for group in cells)
    scores = [w.confidence for line in run for w in line.words if w.confidence is not None]
    return texty >= 0.9 * len(cells) and (not scores or statistics.fmean(scores) >= MIN_TABLE_CONFIDENCE)


def _cells(line: Line, height: float) -> list[list[Word]]:
    """The line's words in groups parted by gaps wider than ``CELL_GAP`` line heights."""
    groups: list[list[Word]] = []
    for word in line.words:
        assert word.box
        if groups and word.box[0] - groups[-1][-1].box[2] <= CELL_GAP * height:  # type: ignore[index]
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def _column_of(group: list[Word], columns: list[float], height: float) -> int | None:
    """The column a group of words stands in: it starts at the column's left edge and ends before
    the next column starts."""
    x0, x1 = group[0].box[0], group[-1].box[2]  # type: ignore[index]
    for c, start in enumerate(columns):
        end = columns[c + 1] if c + 1 < len(columns) else float("inf")
        if abs(x0 - start) <= 1.5 * height and x1 < end:
            return c
    return None


def _aligned_run(lines: list[Line], n: int, height: float) -> tuple[list[Line], list[float]]:
    """The lines from ``n`` on that stand in the columns of line ``n`` (its cells' left edges)."""
    first = _cells(lines[n], height)
    if len(first) < 2:
        return [], []
    columns = [g[0].box[0] for g in first]  # type: ignore[index]
    run = [lines[n]]
    for line in lines[n + 1:]:
        assert line.box and run[-1].box
        if line.box[1] - run[-1].box[3] > 2.5 * height:
            break
        groups = _cells(line, height)
        if any(_column_of(g, columns, height) is None for g in groups) or not _same_size(line, lines[n]):
            break
        run.append(line)
    return run, columns


def _same_size(line: Line, first: Line) -> bool:
    """A table's rows are set in one type size (text layers say it; OCR lines do not): a heading in
    bigger type after a table, its number and title apart, is no row of it."""
    if not line.font_size or not first.font_size:
        return True
    return abs(line.font_size - first.font_size) <= SIZE_TOLERANCE * first.font_size


def _aligned_table(run: list[Line], columns: list[float], height: float) -> Table:
    rows: list[list[list[Word]]] = []
    for line in run:
        groups = _cells(line, height)
        places = [_column_of(g, columns, height) for g in groups]
        if not rows or 0 in places:
            rows.append([[] for _ in columns])
        for group, c in zip(groups, places, strict=True):
            rows[-1][c or 0].extend(group)
    return Table(box=Box.around(ln.box for ln in run if ln.box), rows=rows)
