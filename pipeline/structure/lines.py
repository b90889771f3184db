"""Printed lines as segmentation sees them: specks, stray letters and leading junk left out,
each line's core (without its trailing fragments) and closing mark, page headers and footers.

A line's geometry (where its bullet and text columns stand, whether two lines are one run of
type) is here too: classification and grouping both read it.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline import furniture as furniture_module
from pipeline.lexicon import Lexicon
from pipeline.model import Line, Page, Table, Word
from pipeline.text import (
    DOUBT,
    PUNCTUATION,
    beside_figure,
    between_numbers,
    cut_at_end,
    is_bullet,
    is_number_like,
    is_rule,
    is_speck,
)

TERMINAL = (".", "!", "?", ";", ":")
"""Marks that close a sentence or a clause: a line ending with one is not carried on by the next."""
CONNECTORS = {
    "et",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "à",
    "en",
    "pour",
    "sur",
    "dans",
    "d'",
    "l'",
    "au",
    "aux",
    "ou",
    "un",
    "une",
    "par",
    "avec",
}
"""Words that cannot end a title or a sentence: a title ending with one goes on on the next line."""
ONE_LETTER_WORDS = {"a", "à", "y", "A", "À", "ô"}
"""Letters that are French words alone: never a stray speck, nor a fragment to drop."""
UNITS = frozenset("€$£%")
"""Signs a figure is followed by (``2,50 €``, ``20 %``): the figure's unit, no fragment."""
SPECK_HEIGHT = 0.5
"""A line of one or two tokens lower than this share of a body line is specks, not print."""
STREAK_HEIGHT = 2.5
"""A line taller than this many body lines, and narrower than tall, is a streak along the edge."""
REAL_TAIL = 2
"""Words or numbers a line's tail of short tokens holds when it is text (``de 10 H 30 à 13 H``,
``des danses de sa``), not a margin's fragments (``Ë : ; î ë``)."""


@dataclass
class PrintedLine:
    """A printed line as the segmenter sees it."""

    page: int
    index: int
    line: Line
    words: list[Word]
    """The words kept (specks left out)."""
    kind: str = "text"
    url_continuation: bool = False
    """The line opens with a URL's second or later piece: it goes on the block above."""
    core: list[Word] = field(default_factory=list)
    """The words without trailing specks and short fragments, for headings and titles."""
    ends: str = ""
    """The punctuation that ends the line, once specks are left out."""
    indent: tuple[float, float] | None = None
    """An item's bullet and text columns (x of the bullet, x of its first word), when boxes tell."""
    wraps: bool = False
    """A text line at the text column of the item above: the item wrapped onto it."""
    table: Table | None = None
    """The table this line is a row of."""
    reply: bool = False
    """The line opens a reply of a dialogue (its dash is no bullet): a paragraph starts there."""

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def core_text(self) -> str:
        return " ".join(w.text for w in self.core)


def repeated_lines(pages: list[Page]) -> dict[tuple[int, int], str]:
    """Page headers and footers: a line among the first or last two of most pages, the same
    on each page but for its figures (``page 1/2``). (page number, line index) → kind."""
    if len(pages) < 2:
        return {}
    out: dict[tuple[int, int], str] = {}
    for kind, pick in (("header", lambda ls: ls[:2]), ("footer", lambda ls: ls[-2:])):
        candidates = []
        for page in pages:
            filled = [(i, line) for i, line in enumerate(page.lines) if line.words]
            candidates.append([(page.number, i, _shape(line.original)) for i, line in pick(filled)])
        for number, i, shape in (c for page in candidates for c in page):
            pages_with = sum(any(fuzz.ratio(shape, other[2]) >= 85 for other in page) for page in candidates)
            if shape and pages_with >= max(2, 0.6 * len(pages)):
                out[(number, i)] = kind
    return out


def _shape(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", re.sub(r"[^\w\s]", "", text.lower()))).strip()


def page_lines(page: Page, furniture: dict[tuple[int, int], str],
               lex: Lexicon | None = None) -> list[PrintedLine]:
    """The page's lines as segmentation reads them: specks, a stray letter before a bullet and
    leading junk left out (never a URL's piece), lines of specks dropped, headers and footers
    (repeated lines, page numbers, the Republic's motto) marked. ``lex`` tells the real words of a
    line's tail from fragments (without it, only numbers are known for real)."""
    out = []
    height = _line_height(page)
    filled = [i for i, line in enumerate(page.lines) if line.words]
    ends = {filled[0]: "header", filled[-1]: "footer"} if filled else {}
    for i, line in enumerate(page.lines):
        if line.table is not None and line.words:
            entry = PrintedLine(page=page.number, index=i, line=line, words=list(line.words), kind="table",
                                table=page.tables[line.table])
            entry.core, entry.ends = list(line.words), ""
            out.append(entry)
            continue
        if height and line.words and _speck_line(line, height):
            continue
        texts = [w.text for w in line.words]
        words = [w for k, w in enumerate(line.words)
                 if w.url is not None or w.text and (not is_speck(w.text) or _printed_sign(texts, k)
                                                     or _typed_number_sign(w))]
        if len(words) > 2 and _stray_letter(words[0]) and is_bullet(words[1].text):
            words = words[1:]
        while words and words[0].url is None and _leading_junk(words[0]):
            words = words[1:] if not is_bullet(words[0].text) else words
            if words and is_bullet(words[0].text):
                break
        if words and not any(c.isalnum() for w in words for c in w.text):
            continue  # marks only (``+``, ``® +``): specks, which neither hold text nor part blocks
        entry = PrintedLine(page=page.number, index=i, line=line, words=words)
        entry.url_continuation = (
            bool(words) and i > 0 and words[0].url is not None and words[0].url.piece(words[0]) > 0
        )
        entry.core, entry.ends = _core(words, lex)
        if not words:
            entry.kind = "blank"
        elif (page.number, i) in furniture:
            entry.kind = furniture[(page.number, i)]
        elif i in ends and furniture_module.is_page_number(entry.text):
            entry.kind = ends[i]
        elif furniture_module.is_motto(entry.text):
            entry.kind = "footer" if _in_lower_half(page, i) else "header"
        out.append(entry)
    return out


def _printed_sign(texts: list[str], k: int) -> bool:
    """A sign that is print, not dirt: arithmetic (``2 + 3``, ``Total HT = 8.25``) or a row of signs."""
    return between_numbers(texts, k) or beside_figure(texts, k) or is_rule(texts[k])


def _typed_number_sign(word: Word) -> bool:
    """A ``#`` with no OCR doubt to tell (a transcription's, a text layer's): the number sign a
    receipt or a form prints (``Caisse # : 00016070``, ``Table # 12``). On a scan, OCR's doubt
    tells the dirt it reads as ``#`` from print; a transcription keeps the sign as typed."""
    return word.confidence is None and word.text.rstrip(",.;:") == "#"


def _in_lower_half(page: Page, i: int) -> bool:
    box = page.lines[i].box
    if box and page.height:
        return box[1] > page.height / 2
    return i > len(page.lines) / 2


def _line_height(page: Page) -> float | None:
    """The height of a line of body text on an OCR'd page (the median over lines of three words or more)."""
    if page.method != "ocr":
        return None
    heights = [ln.box.height for ln in page.lines if ln.box and len(ln.words) >= 3]
    return statistics.median(heights) if heights else None


def _speck_line(line: Line, height: float) -> bool:
    """A "line" OCR made of specks, not of print: one or two marks far smaller than the text
    (``4``, ``DIET`` in a margin), or a streak taller than wide along the page's edge."""
    if not line.box:
        return False
    width, tall = line.box.width, line.box.height
    tiny = tall < SPECK_HEIGHT * height and len(line.words) <= 2
    return tiny or tall > STREAK_HEIGHT * height and width < tall


def _stray_letter(word: Word) -> bool:
    """A lone letter before a bullet (``È - envoi``): a speck read as a letter, no French word. A
    capital OCR did not doubt (or a transcription's) labels its line (``B - QUESTIONS``), and stays."""
    token = word.text
    label = token.isupper() and token.isascii() and (word.confidence is None or word.confidence >= DOUBT)
    return len(token) == 1 and token.isalpha() and token not in ONE_LETTER_WORDS and not label


def _leading_junk(word: Word) -> bool:
    """A mark opening a line that is not its text: OCR's speck or stray sign. Punctuation a text layer
    or a transcription gives (no confidence: ``, dit-il``, ``… et``) is printed, and stays."""
    token = word.text
    if any(c.isalnum() for c in token) or token[:1] in "«([" or _typed_number_sign(word):
        return False
    return word.confidence is not None or not all(c in PUNCTUATION for c in token)


def _core(words: list[Word], lex: Lexicon | None = None) -> tuple[list[Word], str]:
    """The line without its trailing fragments (``Ë : ; î ë``), and the punctuation ending it.
    A tail of short tokens that holds real words (``: de 10 H 30 à 13 H``) is text, and stays."""
    if _numbered(words):
        return list(words), ""
    core = list(words)
    dropped: list[Word] = []
    while (
        len(core) > 1
        and core[-1].url is None
        and not (core[-1].text in UNITS and is_number_like(core[-2].text))
        and (
            len(core[-1].text) <= 2
            and core[-1].text not in ONE_LETTER_WORDS - {"a", "à"}
            or not any(c.isalnum() for c in core[-1].text)
        )
    ):
        dropped.append(core.pop())
    connector = len(dropped) == 1 and dropped[0].text.lower() in CONNECTORS
    if sum(_real(w.text, lex) for w in dropped) >= REAL_TAIL:
        core = list(words)  # text, not fragments; only the marks after its last word are left out
        dropped = []
        while len(core) > 1 and not any(c.isalnum() for c in core[-1].text):
            dropped.append(core.pop())
    elif connector and any(c.isalnum() for c in core[-1].text):
        core = list(words)
        dropped = []
    last = core[-1].text if core else ""
    ends = ""
    mark = dropped[-1] if dropped and all(c in ".!?;:," for c in dropped[-1].text) else None
    if mark is not None and _beside(core[-1], mark, len(dropped)):
        ends = dropped[-1].text[-1]
    if last and last[-1] in ".!?;:,":
        ends = last[-1]
    return core, ends


def _numbered(words: list[Word]) -> bool:
    """A line that ends with a number in figures right after a word (``Tableau 2``, ``BUREAU 01``),
    read without doubt: the heading's number, no margin's fragment. Dirt OCR reads as a figure is
    doubted, and a figure after a mark (``Ë : ; 4``) numbers no heading."""
    if len(words) < 2:
        return False
    last, before = words[-1], words[-2]
    sure = last.confidence is None or last.confidence >= DOUBT
    return sure and last.text.isdigit() and len(last.text) <= 3 and sum(c.isalpha() for c in before.text) >= 2


def _real(token: str, lex: Lexicon | None) -> bool:
    """A number, or a word of two letters or more the lexicon knows: no speck reads as one."""
    token = token.strip(".,;:!?()«»\"'")
    if is_number_like(token):
        return True
    return len(token) >= 2 and token.isalpha() and lex is not None and lex.is_word(token)


def _beside(word: Word, mark: Word, dropped: int = 1) -> bool:
    """Whether a mark stands right after a word, as printed punctuation does (a speck read as ``:``
    lies anywhere on the line); without boxes, only when it is the one mark after the word."""
    if not word.box or not mark.box:
        return dropped == 1
    height = word.box.height
    return mark.box[0] - word.box[2] <= height


def ends_cut(entry: PrintedLine) -> bool:
    """The line ends with a word cut in two (``conduc-``): the word, and the line's text, go on on
    the next line, so the line closes no title or heading."""
    return bool(entry.words) and cut_at_end(entry.words[-1].text)


def at_bullet(entry: PrintedLine, item: PrintedLine | None) -> bool:
    """Whether a line starts at the bullets' column of the list above rather than at its text's
    (a wrapped item line is indented to the text; an item whose bullet OCR lost is not)."""
    if item is None or item.indent is None or not entry.line.box or item.page != entry.page:
        return False
    bullet_x, text_x = item.indent
    return entry.line.box[0] < bullet_x + (text_x - bullet_x) / 2


def at_text(entry: PrintedLine, item: PrintedLine) -> bool:
    """Whether a line starts at the text column of an item (its wrapped continuation)."""
    if item.indent is None or not entry.words or not entry.words[0].box:
        return False
    bullet_x, text_x = item.indent
    return abs(entry.words[0].box[0] - text_x) < (text_x - bullet_x) / 2


def same_run(last: PrintedLine, entry: PrintedLine) -> bool:
    """Whether two heading (or contents) lines are one: same page and layout block, the same type."""
    return (last.page == entry.page and last.line.block == entry.line.block
            and last.line.font_size == entry.line.font_size and last.line.bold == entry.line.bold)
