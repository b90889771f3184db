"""A block's text from its lines, and where each word stands in it.

Offsets into a block's text are assigned here, and only here (:mod:`pipeline.emit` adds the
block's place in the document): a word gets its span, a URL's pieces share the rebuilt URL's,
a hyphen at a line end goes when the lexicon says the two halves are one word. A word that
reaches no block (a speck, a bullet sign, a fragment left out, a word the corrector deleted)
gets an empty span where it stood, so every correction, deletions included, points into
``text``, whichever stage made it.
"""

from __future__ import annotations

import re

from pipeline.lexicon import Lexicon
from pipeline.model import Block, Document, Fix, Span, Table, Word
from pipeline.structure.lines import PrintedLine
from pipeline.text import PRONOUNS, is_bullet

CELL_SEPARATOR = " | "
"""Between a table's cells in ``text`` (rows are lines)."""


def render(
    kind: str, group: list[PrintedLine], lex: Lexicon
) -> Block:
    """The block's text and the span of each word in it: hyphens at line ends undone when the
    lexicon says so, a URL's pieces replaced by the rebuilt URL (``Block.url_spans``)."""
    if kind == "table" and group[0].table is not None:
        return render_table(group[0].table, group[0].page)
    text = ""
    spans: list[Span] = []
    url_spans: list[tuple[int, int]] = []
    heading_like = kind in ("heading", "title")
    words = [w for e in group for w in (e.core + _end_mark(e) if heading_like else e.words)]
    line_end = {id(e.words[-1]) for e in group if e.words}
    glue = False
    for i, word in enumerate(words):
        url = word.url
        if url is not None:
            piece, pieces = url.piece(word), len(url.words)
            if piece == 0:
                if text and not glue:
                    text += " "
                start = len(text)
                text += url.in_text
                url_spans.append((start, len(text)))
            shown = url.in_text
            size = max(1, len(shown) // pieces)
            start = url_spans[-1][0] if url_spans else 0
            whole = word.fix is not None and word.fix.corrected == shown  # the URL's repair: all of it
            spans.append(
                Span(word, start, start + len(shown)) if whole else
                Span(word, min(start + piece * size, len(text)), min(start + (piece + 1) * size, len(text)))
            )
            glue = False
            continue
        piece = word.text
        nxt = words[i + 1] if i + 1 < len(words) else None
        joined = False
        if id(word) in line_end and nxt is not None and piece.endswith("-") and nxt.url is None:
            joined = True
            if dehyphenate(piece, nxt.text, lex):
                piece = piece[:-1]
        if text and not glue:
            text += " "
        spans.append(Span(word, len(text), len(text) + len(piece)))
        text += piece
        glue = joined
    level = 1 if kind == "heading" else 0
    return Block(kind=kind, text=text, page=group[0].page, level=level, spans=spans, url_spans=url_spans)


def render_table(table: Table, page: int) -> Block:
    """A table block: a row a line, cells parted by `` | ``; its rows of cells kept as such."""
    text, spans, rows = "", [], []
    for r, row in enumerate(table.rows):
        if r:
            text += "\n"
        cells = []
        for c, cell in enumerate(row):
            if c:
                text += CELL_SEPARATOR
            start = len(text)
            for k, word in enumerate(cell):
                if k:
                    text += " "
                spans.append(Span(word, len(text), len(text) + len(word.text)))
                text += word.text
            cells.append(text[start:])
        rows.append(cells)
    return Block(kind="table", text=text, page=page, spans=spans, rows=rows)


def _end_mark(entry: PrintedLine) -> list[Word]:
    """A heading keeps its final ``?`` or ``!`` when it stood right after its last word."""
    rest = entry.words[len(entry.core) :]
    return rest[:1] if rest and rest[0].text in ("?", "!") else []


def dehyphenate(left: str, right: str, lex: Lexicon) -> bool:
    """True when ``left-`` + ``right`` at a line break is one word cut in two (``renouvelle-``
    ``ment``), False for a real hyphen (``Val-de-`` ``Sambre``, ``contrat-`` ``cadre``, ``pense-t-``
    ``il``): the lexicon decides, then the form (a capital or a pronoun after the hyphen)."""
    stem = left[:-1]
    tail = re.match(r"[\w'-]*\w", right)
    tail_word = tail.group(0) if tail else right
    whole, hyphenated = stem + tail_word, left + tail_word
    if lex.frequencies:
        if lex.is_word(hyphenated) or lex.place(hyphenated):
            return False
        if lex.is_word(whole):
            return True
    if tail_word[:1].isupper() or tail_word.lower() in PRONOUNS or "-" in stem:
        return False
    if lex.frequencies:
        last = stem.split("-")[-1]
        return not (lex.is_word(last) and lex.is_word(tail_word) and len(tail_word) > 3)
    return True


def account_for_dropped(doc: Document) -> None:
    """Every word of the raw text reaches a block or says why not: a word segmentation left out
    (a speck, a bullet sign, a margin's fragment) gets a correction to nothing (``noise``, or
    ``bullet``), so ``raw_text`` and ``corrections`` still rebuild each other. A word the corrector
    had changed (``e`` read for a bullet, made ``•``) and segmentation then left out keeps its
    reason, and its correction says what ``text`` has: nothing."""
    placed = {id(span.word) for block in doc.blocks for span in block.spans}
    for word in doc.words:
        if id(word) in placed or not word.text:
            continue
        if word.fix is not None:
            word.text, word.fix.corrected = "", None
            continue
        reason = "bullet" if is_bullet(word.text) else "noise"
        doubt = 1 - word.confidence / 100 if word.confidence is not None else 0.5
        word.fix = Fix(reason=reason, confidence=round(max(doubt, 0.0), 3))
        word.text = ""


def place_removed(doc: Document) -> None:
    """Give every word that reaches no block an empty span (``start == end``) where it stood: right
    after the word before it on its line, else right before the word after it, else after the last
    word placed before it (before the first one placed, at the very start). Put back there, the
    removed words come back in the order the page has them."""
    where: dict[int, tuple[Block, Span]] = {}
    for block in doc.blocks:
        for span in block.spans:
            where.setdefault(id(span.word), (block, span))
    if not where:
        return
    last: tuple[Block, int] | None = None
    waiting: list[Word] = []
    for line in (line for page in doc.pages for line in page.lines):
        before: tuple[Block, Span] | None = None
        pending: list[Word] = []
        for word in line.words:
            anchor = where.get(id(word))
            if anchor is None and before is not None:
                before[0].spans.append(Span(word, _extent(*before)[1], _extent(*before)[1]))
            elif anchor is None:
                pending.append(word)
            else:
                start = _extent(*anchor)[0]
                anchor[0].spans.extend(Span(w, start, start) for w in pending)
                pending, before = [], anchor
        if pending and last is not None:
            last[0].spans.extend(Span(w, last[1], last[1]) for w in pending)
        elif pending:
            waiting.extend(pending)
        if before is not None:
            last = (before[0], _extent(*before)[1])
    first_block, first_span = next(where[id(w)] for w in doc.words if id(w) in where)
    start = _extent(first_block, first_span)[0]
    first_block.spans.extend(Span(word, start, start) for word in waiting)


def _extent(block: Block, span: Span) -> tuple[int, int]:
    """Where a word stands in the block's text: a URL's piece stands for the whole URL (its own
    span is a share of it), so nothing is put back inside a URL."""
    if span.word.url is not None:
        for start, end in block.url_spans:
            if start <= span.start <= end:
                return start, end
    return span.start, span.end
