"""Lines → structure: title, sections, paragraphs, lists, URLs, dates, places, metadata.

Each printed line is first classified alone (blank, list item, heading, metadata line,
page header/footer, text), from its layout (font size or box height), its form (short,
no final full stop, capitals, a bullet) and its neighbours; then lines are grouped into
blocks, blocks into sections. OCR specks (``|``, ``©``, a lone ``Ë``) are left out of the
blocks' text but stay in the raw text. URLs come from :mod:`pipeline.urls`, dates from
:mod:`pipeline.dates`.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from pipeline import furniture as furniture_module
from pipeline import gazetteer
from pipeline import lexicon as lexicon_module
from pipeline import urls as urls_module
from pipeline.dates import document_date, document_year, find_dates
from pipeline.lexicon import Lexicon
from pipeline.model import (
    Block,
    DateMention,
    Document,
    Fix,
    Line,
    Page,
    Place,
    Section,
    Span,
    Table,
    Url,
    Word,
)
from pipeline.settings import SPACY_MODEL, Settings
from pipeline.text import DOUBT
from pipeline.urlmodel import judge_url, link_hosts, log_repair
from pipeline.urls import clean_url, find_urls, reading

BULLETS = set("•-–—*+<>»·▪◦‣●■□➢►→✓")
"""Bullet signs, and the signs OCR reads for them."""
LETTER_BULLETS = {"e", "o", "P"}
"""Letters Tesseract reads for a round or arrow bullet; none is a French word alone."""
NUMBERED = re.compile(r"^(\d{1,2}|[a-z])[.):]$")
SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.?")
"""A section's number before a heading in bigger or bold type (``2``, ``3.1``, ``IV.``)."""
CONTENTS_TITLES = {"table des matières", "table des matieres", "sommaire", "contents", "table of contents"}
PAGE_REFERENCE = re.compile(r"^(?:[.·…_ ]*)(\d{1,4}|[ivxlc]{1,6})$")
"""The page number ending a line of a table of contents, after its leaders (``…… 12``)."""
PUNCTUATION = set(",;:.?!»«()[]'\"–—-/…&%€")
TERMINAL = (".", "!", "?", ";", ":")
LIST_ENDS = (";", ":")
"""How an item ends when another follows."""
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
METADATA_LABELS = {
    "date",
    "dates",
    "lieu",
    "lieux",
    "poids",
    "url de la source",
    "source",
    "auteur",
    "auteurs",
    "participants",
    "excusés",
    "excusé",
    "absents",
    "contact",
    "thématique",
    "thématiques",
    "type",
    "public",
    "durée",
    "format",
    "mots-clés",
    "horaires",
    "adresse",
    "organisateur",
}
"""Field labels of a fiche (``Lieu : …``); other ``Label : value`` lines count only next to these."""
METADATA_LINE = re.compile(r"^(?P<label>[A-ZÉÈÀ][\w'’ -]{0,40}?)\s*(?:\([^)]*\))?\s*:\s*(?P<value>\S.*)$")
ELISION = re.compile(r"^[dlDL]'")
QUOTES = "'‘’`\"."
"""Specks OCR reads as a quote or a dot before a section number (``'2.``)."""
HEADING_MAX_WORDS = 12
SPECK_HEIGHT = 0.5
"""A line of one or two tokens lower than this share of a body line is specks, not print."""
WIDE_GAP = 2.0
"""Line heights: a gap between two words of a line wider than this parts cells, not words."""
CELL_SEPARATOR = " | "
"""Between a table's cells in ``text`` (rows are lines)."""
STREAK_HEIGHT = 2.5
"""A line taller than this many body lines, and narrower than tall, is a streak along the edge."""


@dataclass
class _Line:
    """A printed line as the segmenter sees it."""

    page: int
    index: int
    line: Line
    words: list[Word]
    """The words kept (specks left out)."""
    kind: str = "text"
    url_continuation: bool = False
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

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def core_text(self) -> str:
        return " ".join(w.text for w in self.core)


def prepare(settings: Settings) -> None:
    """Load now what segmentation reads, each once a process: the dictionaries, URL repair's word
    lists and spaCy's model (~3 s of CPU, most of it compiling spaCy's French tokenizer rules)."""
    urls_module.prepare(lexicon_module.load(settings.dictionaries, settings.user_words))
    _spacy()


def segment(doc: Document, settings: Settings) -> Document:
    """Fill title, blocks, sections, URLs, dates, places and metadata from the pages' lines."""
    lex = lexicon_module.load(settings.dictionaries, settings.user_words)
    url_of: dict[int, tuple[Url, int, int]] = {}
    furniture = repeated_lines(doc.pages)
    lines: list[_Line] = []
    for page in doc.pages:
        doc.urls.extend(_page_urls(page, lex, url_of))
        lines.extend(_page_lines(page, furniture, url_of))
    classify(lines, lex)
    blocks, masks = build_blocks(lines, lex, url_of)
    doc.blocks = blocks
    account_for_dropped(doc)
    doc.title = next((b.text for b in blocks if b.kind == "title"), None)
    doc.sections = sections(blocks)
    doc.metadata = metadata(blocks, url_of)
    doc.dates = dates(blocks, masks)
    doc.places = places(blocks, masks, lex)
    locate(doc, url_of, lex, settings)
    return doc


def account_for_dropped(doc: Document) -> None:
    """Every word of the raw text reaches a block or says why not: a word segmentation left out
    (a speck, a bullet sign, a margin's fragment) gets a correction to nothing (``noise``, or
    ``bullet``), so ``raw_text`` and ``corrections`` still rebuild each other."""
    placed = {id(span.word) for block in doc.blocks for span in block.spans}
    for word in doc.words:
        if id(word) in placed or word.fix is not None or not word.text:
            continue
        reason = "bullet" if _bullet(word.text) else "noise"
        doubt = 1 - word.confidence / 100 if word.confidence is not None else 0.5
        word.fix = Fix(reason=reason, confidence=round(max(doubt, 0.0), 3))
        word.text = ""


# --- URLs ---------------------------------------------------------------------------------


def _page_urls(page: Page, lex: Lexicon, url_of: dict[int, tuple[Url, int, int]]) -> list[Url]:
    """The page's URLs: link annotations first, then the URLs printed in its text, each with its
    status and confidence; a URL rebuilt from what OCR read is one correction (reason ``url``)."""
    tokens = [[w.original for w in line.words] for line in page.lines]
    found = find_urls(tokens)
    out: list[Url] = []
    annotations = [link.uri for link in page.links if link.uri]
    hosts = link_hosts(annotations)
    margin = _right_margin(page)
    for hit in found:
        words = [page.lines[li].words[wi] for li, wi in hit.words]
        url = Url(url=clean_url(hit.raw, lex, hosts), raw=hit.raw, label=hit.label, ref=hit.ref,
                  page=page.number)
        match = max(annotations, key=lambda uri: fuzz.ratio(uri, url.url), default=None)
        if match is not None and fuzz.ratio(match, url.url) >= 80:
            url.url = match
            annotations.remove(match)
        read = reading([w.original for w in words])
        if url.url != match:
            at_margin = margin is not None and words[-1].box is not None and words[-1].box[2] >= margin
            url.status, url.confidence = judge_url(url.url, read, words, lex, hosts, at_margin)
        log_repair(url, words, read)
        out.append(url)
        for k, word in enumerate(words):
            url_of[id(word)] = (url, k, len(hit.words))
    out.extend(Url(url=uri, raw=uri, page=page.number) for uri in annotations)
    return out


def _right_margin(page: Page) -> float | None:
    """Where the page's longest lines end, less two characters' width: a word that reaches it
    ends where a line break may have cut it. None for a page without boxes."""
    ends = sorted(line.box[2] for line in page.lines if line.box and line.words)
    if len(ends) < 3:
        return None
    height = statistics.median(line.box[3] - line.box[1] for line in page.lines if line.box and line.words)
    return ends[int(0.9 * (len(ends) - 1))] - height


# --- Lines --------------------------------------------------------------------------------


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


def _page_lines(
    page: Page, furniture: dict[tuple[int, int], str], url_of: dict[int, tuple[Url, int, int]]
) -> list[_Line]:
    out = []
    height = _line_height(page)
    filled = [i for i, line in enumerate(page.lines) if line.words]
    ends = {filled[0]: "header", filled[-1]: "footer"} if filled else {}
    for i, line in enumerate(page.lines):
        if line.table is not None and line.words:
            entry = _Line(page=page.number, index=i, line=line, words=list(line.words), kind="table",
                          table=page.tables[line.table])
            entry.core, entry.ends = list(line.words), ""
            out.append(entry)
            continue
        if height and line.words and _speck_line(line, height):
            continue
        words = [w for w in line.words if id(w) in url_of or w.text and not _speck(w.text)]
        if len(words) > 2 and _stray_letter(words[0].text) and _bullet(words[1].text):
            words = words[1:]
        while words and id(words[0]) not in url_of and _leading_junk(words[0].text):
            words = words[1:] if not _bullet(words[0].text) else words
            if words and _bullet(words[0].text):
                break
        if words and not any(c.isalnum() for w in words for c in w.text):
            continue  # marks only (``+``, ``® +``): specks, which neither hold text nor part blocks
        entry = _Line(page=page.number, index=i, line=line, words=words)
        entry.url_continuation = (
            bool(words) and i > 0 and id(words[0]) in url_of and url_of[id(words[0])][1] > 0
        )
        entry.core, entry.ends = _core(words, url_of)
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


def _in_lower_half(page: Page, i: int) -> bool:
    box = page.lines[i].box
    if box and page.height:
        return box[1] > page.height / 2
    return i > len(page.lines) / 2


def _line_height(page: Page) -> float | None:
    """The height of a line of body text on an OCR'd page (the median over lines of three words or more)."""
    if page.method != "ocr":
        return None
    heights = [ln.box[3] - ln.box[1] for ln in page.lines if ln.box and len(ln.words) >= 3]
    return statistics.median(heights) if heights else None


def _speck_line(line: Line, height: float) -> bool:
    """A "line" OCR made of specks, not of print: one or two marks far smaller than the text
    (``4``, ``DIET`` in a margin), or a streak taller than wide along the page's edge."""
    if not line.box:
        return False
    width, tall = line.box[2] - line.box[0], line.box[3] - line.box[1]
    tiny = tall < SPECK_HEIGHT * height and len(line.words) <= 2
    return tiny or tall > STREAK_HEIGHT * height and width < tall


def _stray_letter(token: str) -> bool:
    """A lone letter before a bullet (``È - envoi``): a speck read as a letter, no French word."""
    return len(token) == 1 and token.isalpha() and token not in ONE_LETTER_WORDS


def _speck(token: str) -> bool:
    """A token with no letter or digit that is not punctuation a sentence uses."""
    return not any(c.isalnum() for c in token) and not all(c in PUNCTUATION or c in BULLETS for c in token)


def _leading_junk(token: str) -> bool:
    return not any(c.isalnum() for c in token) and token[:1] not in "«(["


def _bullet(token: str) -> bool:
    return (all(c in BULLETS or c in "_=…" for c in token) and any(c in BULLETS for c in token)) or (
        token in LETTER_BULLETS
    )


def _core(words: list[Word], url_of: dict[int, tuple[Url, int, int]]) -> tuple[list[Word], str]:
    """The line without its trailing fragments (``Ë : ; î ë``), and the punctuation ending it."""
    core = list(words)
    dropped: list[Word] = []
    while (
        len(core) > 1
        and id(core[-1]) not in url_of
        and (
            len(core[-1].text) <= 2
            and core[-1].text not in ONE_LETTER_WORDS - {"a", "à"}
            or not any(c.isalnum() for c in core[-1].text)
        )
    ):
        dropped.append(core.pop())
    connector = len(dropped) == 1 and dropped[0].text.lower() in CONNECTORS
    if connector and any(c.isalnum() for c in core[-1].text):
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


def _beside(word: Word, mark: Word, dropped: int = 1) -> bool:
    """Whether a mark stands right after a word, as printed punctuation does (a speck read as ``:``
    lies anywhere on the line); without boxes, only when it is the one mark after the word."""
    if not word.box or not mark.box:
        return dropped == 1
    height = word.box[3] - word.box[1]
    return mark.box[0] - word.box[2] <= height


def classify(lines: list[_Line], lex: Lexicon | None = None) -> None:
    """Give each line its kind: item, heading, metadata, title, kicker; the rest stays text."""
    typical = _typical_length(lines)
    sizes = _body_sizes(lines)
    contents(lines)
    in_list = False
    last_item: _Line | None = None
    for n, entry in enumerate(lines):
        if entry.kind != "text" or entry.url_continuation:
            in_list = in_list and entry.kind != "blank"
            continue
        prev = _neighbour(lines, n, -1)
        nxt = _neighbour(lines, n, +1)
        if prev is not None and prev.kind == "heading" and _same_run(prev, entry) and entry.line.font_size:
            entry.kind = "heading"  # a heading set on two lines (same block, same type)
            continue
        while nxt is not None and entry.line.font_size and _same_run(entry, nxt) and layout_emphasis(
                entry.line, sizes):
            nxt = _neighbour(lines, lines.index(nxt), +1)  # judge a heading by what follows all of it
        first = entry.words[0].text
        if (
            _bullet(first)
            and len(entry.words) > 1
            and (
                first in "•–-"
                or first in LETTER_BULLETS
                and entry.words[1].text[:2].isalpha()
                or in_list
                or prev is None
                or prev.ends in (":", ";", ".")
                or prev.kind != "text"
            )
        ):
            bullet = entry.words[0]
            entry.kind = "item"
            entry.words = entry.words[1:]
            while entry.words and _bullet(entry.words[0].text):
                entry.words = entry.words[1:]
            if bullet.box and entry.words[0].box and entry.words[0].box[0] > bullet.box[0]:
                entry.indent = (bullet.box[0], entry.words[0].box[0])
            last_item, in_list = entry, True
            continue
        in_fields = _next_is_field(nxt)
        if len(entry.words) > 2 and len(first) == 1 and _field(entry.text.partition(" ")[2], in_fields):
            entry.words = entry.words[1:]  # a speck read as a letter before the label (``À Date :``)
            entry.core = entry.core[1:]
        if _field(entry.text, in_fields):
            entry.kind = "metadata"
        after_item = prev is not None and (prev.kind == "item" or prev.wraps)
        if entry.kind == "metadata":
            pass
        elif after_item and prev.ends in LIST_ENDS and _at_bullet(entry, last_item):  # type: ignore[union-attr]
            entry.kind = "item"  # its bullet lost, the line starts where the bullets stand
            if len(first) == 1 and (entry.words[0].confidence or 100) < DOUBT:  # doubted: the bullet misread
                entry.words = entry.words[1:]  # the bullet read as a letter or a figure (``2 prochaine``)
            continue
        elif wordy(entry.core, lex) and is_heading(entry, prev, nxt, typical, sizes):
            entry.kind = "heading"
        elif in_list and prev is not None and prev.ends == ";" and first[:1].islower():
            entry.kind = "item"
            continue
        wrapped = last_item is not None and _at_text(entry, last_item)
        entry.wraps = after_item and entry.kind == "text" and wrapped
        in_list = in_list and entry.kind == "text" and prev is not None and prev.kind in ("item", "text")
    _find_title(lines, lex)


def contents(lines: list[_Line]) -> None:
    """A table of contents: its title (``Table des matières``, ``Sommaire``) and the lines after it
    that end with a page number (or go on on a line that does), kind ``contents``."""
    n = 0
    while n < len(lines):
        entry = lines[n]
        if entry.kind != "text" or entry.text.strip(" :").casefold() not in CONTENTS_TITLES:
            n += 1
            continue
        entry.kind = "contents"
        k = n + 1
        while k < len(lines) and lines[k].page == entry.page:
            line = lines[k]
            if line.kind == "blank":
                k += 1
                continue
            if line.kind != "text":
                break
            after = next((x for x in lines[k + 1:] if x.kind != "blank"), None)
            if _page_reference(line) or (
                    after is not None and after.kind == "text" and _page_reference(after)
                    and line.ends != "." and len(line.words) <= HEADING_MAX_WORDS):
                line.kind = "contents"
                k += 1
            else:
                break
        n = k


def _page_reference(entry: _Line) -> bool:
    return len(entry.words) >= 2 and bool(PAGE_REFERENCE.match(entry.words[-1].text))


def _at_bullet(entry: _Line, item: _Line | None) -> bool:
    """Whether a line starts at the bullets' column of the list above rather than at its text's
    (a wrapped item line is indented to the text; an item whose bullet OCR lost is not)."""
    if item is None or item.indent is None or not entry.line.box or item.page != entry.page:
        return False
    bullet_x, text_x = item.indent
    return entry.line.box[0] < bullet_x + (text_x - bullet_x) / 2


def _at_text(entry: _Line, item: _Line) -> bool:
    """Whether a line starts at the text column of an item (its wrapped continuation)."""
    if item.indent is None or not entry.words or not entry.words[0].box:
        return False
    bullet_x, text_x = item.indent
    return abs(entry.words[0].box[0] - text_x) < (text_x - bullet_x) / 2


def _neighbour(lines: list[_Line], n: int, step: int) -> _Line | None:
    """The nearest non-blank line before or after (None past a page's blank or the start)."""
    k = n + step
    while 0 <= k < len(lines) and lines[k].kind == "blank" and lines[k].page == lines[n].page:
        k += step
    return lines[k] if 0 <= k < len(lines) and lines[k].page == lines[n].page else None


def _typical_length(lines: list[_Line]) -> float:
    """The length of a full line (a high percentile: many lines end a paragraph or an item short)."""
    lengths = sorted(len(e.text) for e in lines if e.kind == "text")
    return float(lengths[int(len(lengths) * 0.8)]) if lengths else 80.0


def _body_sizes(lines: list[_Line]) -> tuple[float | None, float | None]:
    """The body text's font size (text layers) and line height (OCR boxes)."""
    fonts = [e.line.font_size for e in lines if e.line.font_size and e.kind == "text"]
    heights = [e.line.box[3] - e.line.box[1] for e in lines if e.line.box and e.kind == "text"]
    return (statistics.median(fonts) if fonts else None, statistics.median(heights) if heights else None)


def layout_emphasis(line: Line, sizes: tuple[float | None, float | None]) -> bool | None:
    """True when the layout sets the line apart (bigger or bold), None when it cannot tell."""
    font, height = sizes
    if line.font_size and font:
        return line.font_size >= font * 1.12 or line.bold
    if line.box and height:
        return (line.box[3] - line.box[1]) >= height * 1.2 or None
    return None


def is_heading(
    entry: _Line,
    prev: _Line | None,
    nxt: _Line | None,
    typical: float,
    sizes: tuple[float | None, float | None],
) -> bool:
    """A short line that ends with no full stop, starts with a capital or a number, and is
    followed by more text; bigger or bold type confirms it, body type in a text layer denies it."""
    core = entry.core_text
    words = core.split()
    if not words or len(words) > HEADING_MAX_WORDS or len(core) > 80 or entry.ends in (".", ",", ";", ":"):
        return False
    if nxt is None or nxt.url_continuation or nxt.kind in ("header", "footer"):
        return False  # a heading has text after it, not only the page's foot
    if not entry.line.font_size and _spread(entry.core):
        return False
    emphasis = layout_emphasis(entry.line, sizes)
    if emphasis is False and entry.line.font_size:
        return False
    numbered = (NUMBERED.match(words[0].lstrip(QUOTES))
                or emphasis and SECTION_NUMBER.fullmatch(words[0])) and len(words) > 1
    head = words[1] if numbered else words[0]
    if not head[:1].isupper():
        return False
    next_first = nxt.words[0].text if nxt.words else ""
    if not (next_first[:1].isupper() or next_first[:1].isdigit() or _bullet(next_first)):
        return False
    if emphasis:
        return True
    short = len(core) < 0.6 * typical
    prev_closed = (
        prev is None or prev.kind != "text" or prev.ends in TERMINAL or entry.line.block != prev.line.block
    )
    return bool(short and (prev_closed or len(words) <= 6))


def _spread(words: list[Word]) -> bool:
    """Words set apart by a gap wider than twice the line's height: cells of a table row or a
    form's label and value, not a heading (a heading's words stand at a word space). For OCR
    lines: a text layer's justified heading may be stretched that wide, and its tables are ruled."""
    boxes = [w.box for w in words if w.box]
    if len(boxes) < 2:
        return False
    height = max(b[3] - b[1] for b in boxes)
    return any(b[0] - a[2] > WIDE_GAP * height for a, b in zip(boxes, boxes[1:], strict=False))


def _metadata_label(text: str) -> str | None:
    match = METADATA_LINE.match(text)
    if not match:
        return None
    label = match["label"].strip()
    return label if label.lower() in METADATA_LABELS else None


def _field(text: str, lost_colon: bool = False) -> tuple[str, str] | None:
    """``(label, value)`` of a metadata line ``Label : value``; with ``lost_colon``, also a line opening
    with a one-word label whose colon OCR lost (``Date Mardi 28 février``)."""
    label = _metadata_label(text)
    if label:
        return label, METADATA_LINE.match(text)["value"].strip()  # type: ignore[index]
    head, _, value = text.partition(" ")
    if lost_colon and head.lower() in METADATA_LABELS and value.strip():
        return head, value.strip()
    return None


def _next_is_field(nxt: _Line | None) -> bool:
    """A label's colon may be lost only in a run of fields: the next line is one."""
    return nxt is not None and _metadata_label(nxt.text) is not None


def wordy(words: list[Word], lex: Lexicon | None) -> bool:
    """Real words, not a margin's specks read as letters (``EMULE``, ``RO EAU TA NES``): a word of
    four letters or more, and, with a lexicon, at least half the words known."""
    tokens = [ELISION.sub("", w.text.strip(",.;:?!()«»")) for w in words]
    tokens = [t for t in tokens if t.isalpha()]
    if not any(len(t) >= 4 for t in tokens):
        return False
    if lex is None or not lex.frequencies:
        return True
    known = sum(1 for t in tokens if lex.is_word(t) or lex.place(t) or lex.is_acronym(t))
    return known >= len(tokens) / 2 and (len(tokens) > 1 or known == 1)


def _find_title(lines: list[_Line], lex: Lexicon | None = None) -> None:
    """The title: the first heading-like line(s) of the first page. An all-capitals line above
    a mixed-case one is a kicker (``FICHE MÉTHODOLOGIE``), a metadata line, not the title.
    An administrative act's title is its own (``ARRÊTÉ n° …`` and its object)."""
    if _act_title(lines):
        return
    top = [e for e in lines[:20] if e.kind not in ("blank", "header") and e.page == lines[0].page]
    top = [e for e in top if e.kind != "text" or wordy(e.core, lex)][:4]
    if not top or top[0].kind not in ("text", "heading") or len(top[0].core) > 15:
        return
    first = top[0]
    if first.core_text.isupper() and len(top) > 1 and not top[1].core_text.isupper() and top[1].ends != ".":
        first.kind = "kicker"
        first = top[1]
        rest = top[2:]
    else:
        rest = top[1:]
    if first.ends == "." or len(first.core) > 15:
        return
    first.kind = "title"
    following = rest[0] if rest else None
    if (
        following is not None
        and following.kind in ("text", "heading")
        and (first.core[-1].text.lower() in CONNECTORS or following.words[0].text[:1].islower())
    ):
        following.kind = "title"


def _act_title(lines: list[_Line]) -> bool:
    """An act's title line (``ARRÊTÉ n° 2024-117``) and its object on the lines under it
    (``instituant les bureaux de vote…``) are the title; the lines above them on the page are the
    letterhead (``PRÉFET DU NORD``, the direction, the office): header."""
    page = [e for e in lines if e.page == lines[0].page][:80]
    start = next((n for n, e in enumerate(page) if e.kind in ("text", "heading", "metadata")
                  and furniture_module.is_act_title(e.text)), None)
    if start is None:
        return False
    for entry in page[:start]:
        if entry.kind in ("text", "heading", "kicker"):
            entry.kind = "header"
    title = page[start]
    title.kind, title.core = "title", list(title.words)
    opened = False
    for entry in page[start + 1:]:
        if entry.kind == "blank":
            continue
        goes_on = (entry.words[0].text[:1].islower() or title.line.font_size and _same_run(title, entry)
                   or title.words[-1].text.lower() in CONNECTORS) and title.ends != "."
        if entry.kind not in ("text", "heading") or not (
                goes_on if opened else furniture_module.opens_object(entry.text)):
            break
        entry.kind, entry.core = "title", list(entry.words)
        title, opened = entry, True
    return True


# --- Blocks -------------------------------------------------------------------------------


def build_blocks(
    lines: list[_Line], lex: Lexicon, url_of: dict[int, tuple[Url, int, int]]
) -> tuple[list[Block], dict[int, list[tuple[int, int]]]]:
    """Group lines into blocks; also, per block, where URLs stand in its text (to mask them)."""
    groups: list[tuple[str, list[_Line]]] = []
    gaps = _median_gap(lines)
    for entry in lines:
        if entry.kind == "blank":
            if not groups or groups[-1][0] != "title" and groups[-1][1]:
                groups.append(("", []))
            continue
        kind = {"kicker": "metadata"}.get(entry.kind, entry.kind)
        across = _across_furniture(groups, entry, gaps) if kind == "text" else None
        if across is not None:
            # The paragraph goes on after the page's footer (and the next one's header), which
            # keep their place before it: the sentence is not cut by them.
            paragraph = groups.pop(across)
            paragraph[1].append(entry)
            groups.append(paragraph)
            continue
        if kind == "text" and len(groups) > 1 and not groups[-1][1] and (
            _wrapped(*groups[-2], entry, gaps) or _carries_on(*groups[-2], entry, gaps)
        ):
            groups.pop()  # the blank was only OCR's block boundary inside an item, field or sentence
            groups[-1][1].append(entry)
            continue
        prev_kind, group = groups[-1] if groups else ("", [])
        if kind == "table":
            if (not group and len(groups) > 1 and groups[-2][0] == "table"
                    and groups[-2][1][-1].table is entry.table):
                groups.pop()  # OCR parted the table's lines into paragraphs: one table still
                prev_kind, group = groups[-1]
            if prev_kind == "table" and group and group[-1].table is entry.table:
                group.append(entry)
            else:
                groups.append(("table", [entry]))
            continue
        if (
            entry.url_continuation
            and group
            or kind == "title"
            and prev_kind == "title"
            and group[-1].page == entry.page
            or kind in ("heading", "contents")
            and prev_kind == kind
            and _same_run(group[-1], entry)
            or kind == "text"
            and prev_kind in ("paragraph", "item")
            and _continues(group[-1], entry, prev_kind, gaps)
            or kind == "text"
            and prev_kind == "metadata"
            and _continues_field(group[-1], entry)
        ):
            group.append(entry)
        else:
            groups.append(("paragraph" if kind == "text" else kind, [entry]))
    blocks: list[Block] = []
    masks: dict[int, list[tuple[int, int]]] = {}
    levels = _heading_levels([group for kind, group in groups if kind == "heading" and group])
    for kind, group in groups:
        if not group:
            continue
        block, urls = _render(kind, group, lex, url_of)
        if kind == "heading":
            block.level = levels.get(_type(group[0]), 1)
        block.bbox, block.language = _extent(group), _language(group)
        if block.text:
            masks[id(block)] = urls
            blocks.append(block)
    return blocks, masks


def _type(entry: _Line) -> tuple[float, bool]:
    return (entry.line.font_size or 0.0, entry.line.bold)


def _heading_levels(headings: list[list[_Line]]) -> dict[tuple[float, bool], int]:
    """Heading levels from the type of a text layer's headings: the biggest size is level 1, the
    next one level 2…, bold before regular at the same size. Without font sizes (OCR), all are 1."""
    types = sorted({_type(group[0]) for group in headings if group[0].line.font_size},
                   key=lambda t: (-t[0], not t[1]))
    return {t: level for level, t in enumerate(types, start=1)}


def _median_gap(lines: list[_Line]) -> float | None:
    gaps = [
        b.line.box[1] - a.line.box[3]
        for a, b in zip(lines, lines[1:], strict=False)
        if a.line.box and b.line.box and a.page == b.page and a.words and b.words
    ]
    gaps = [g for g in gaps if g >= 0]
    return statistics.median(gaps) if gaps else None


def _continues(last: _Line, entry: _Line, kind: str, gap: float | None) -> bool:
    """Whether ``entry`` goes on the block whose last line is ``last``."""
    if last.page != entry.page or last.line.block != entry.line.block:
        return False
    if gap is not None and last.line.box and entry.line.box:
        space = entry.line.box[1] - last.line.box[3]
        if space > _widest_gap(last, gap):
            return False
    first = entry.words[0].text
    if kind == "item":
        return last.ends not in (".", "!", "?") or first[:1].islower()
    short_last = last.ends in (".", "!", "?", ":") and len(last.text) < 0.7 * _line_width(last, entry)
    return not short_last


def _wrapped(kind: str, group: list[_Line], entry: _Line, gap: float | None) -> bool:
    """Whether a line OCR put in a block of its own is the wrapped end of the item or field above:
    boxes show it right below, at the item's text column or the field's left edge, the line above
    not closed by a full stop. Without boxes a blank line is a real one and parts blocks."""
    if not group:
        return False
    head, last = group[0], group[-1]
    if kind not in ("item", "metadata") or last.page != entry.page or last.ends in (".", "!", "?"):
        return False
    if not (last.line.box and entry.line.box and head.line.box and gap is not None):
        return False
    height = last.line.box[3] - last.line.box[1]
    if entry.line.box[1] - last.line.box[3] > _widest_gap(last, gap):
        return False
    if kind == "item":
        return _at_text(entry, head) and not _at_bullet(entry, head)
    return entry.words[0].text[:1].islower() and abs(entry.line.box[0] - head.line.box[0]) < height


def _carries_on(kind: str, group: list[_Line], entry: _Line, gap: float | None) -> bool:
    """Whether a line OCR put in a block of its own goes on the sentence of the paragraph above
    (``… de la Métropole`` / ``européenne de Lille …``): the paragraph stops without a closing mark
    and the line goes on in lower case; on the same page, right below it, also when the paragraph
    stops on a word no sentence ends with (``… programme de`` / ``l'ANRU …``) or the line starts
    with a number (``… avant`` / ``2019, …``). Without boxes a blank line is the writer's own."""
    if kind != "paragraph" or not group:
        return False
    last = group[-1]
    if last.ends in TERMINAL or not (last.line.box and entry.line.box and last.words):
        return False
    first = next((w.text for w in entry.words if any(c.isalnum() for c in w.text)), "")
    if first[:1].islower():
        return last.page != entry.page or _right_below(last, entry, gap) or _next_column(last, entry)
    ending = last.words[-1].text.lower()
    return (last.page == entry.page and _right_below(last, entry, gap)
            and (ending in CONNECTORS or first[:1].isdigit() and ending.isalpha()))


def _across_furniture(groups: list[tuple[str, list[_Line]]], entry: _Line, gap: float | None) -> int | None:
    """The index of the paragraph whose sentence ``entry`` carries on across a page's footer or
    header (``… téléchargeables à`` / footer / ``l'adresse suivante …``), else None."""
    j, crossed = len(groups) - 1, False
    while j >= 0 and (not groups[j][1] or groups[j][0] in ("header", "footer")):
        crossed = crossed or bool(groups[j][1])
        j -= 1
    return j if crossed and j >= 0 and _carries_on(*groups[j], entry, gap) else None


def _next_column(last: _Line, entry: _Line) -> bool:
    """``entry`` opens the next column: higher on the page than ``last`` and right of it."""
    assert last.line.box and entry.line.box
    return entry.line.box[1] < last.line.box[1] and entry.line.box[0] >= last.line.box[2] - 1


def _right_below(last: _Line, entry: _Line, gap: float | None) -> bool:
    """``entry`` is the next printed line after ``last``: no wider gap than between lines of a block
    (or, when no block has two lines, than a line's height)."""
    assert last.line.box and entry.line.box
    height = last.line.box[3] - last.line.box[1]
    space = entry.line.box[1] - last.line.box[3]
    return -height < space <= (height if gap is None else _widest_gap(last, gap))


def _widest_gap(last: _Line, gap: float) -> float:
    """The widest space below ``last`` that still leaves the next line in its block, given the
    page's usual ``gap`` between lines."""
    assert last.line.box
    return max(gap * 2.0, gap + (last.line.box[3] - last.line.box[1]) * 0.6)


def _continues_field(last: _Line, entry: _Line) -> bool:
    """A metadata line's value wrapped on the next line: same page and block, no full stop before,
    and the line goes on in lower case (``Participants : …, Mme Lefebvre, cheffe`` / ``de projet…``)."""
    return (
        last.page == entry.page
        and last.line.block == entry.line.block
        and last.ends not in (".", "!", "?")
        and entry.words[0].text[:1].islower()
    )


def _line_width(last: _Line, entry: _Line) -> float:
    return max(len(last.text), len(entry.text), 1)


def _render(
    kind: str, group: list[_Line], lex: Lexicon, url_of: dict[int, tuple[Url, int, int]]
) -> tuple[Block, list[tuple[int, int]]]:
    """The block's text and the span of each word in it: hyphens at line ends undone when the
    lexicon says so, a URL's pieces replaced by the rebuilt URL."""
    if kind == "table" and group[0].table is not None:
        return _render_table(group[0].table, group[0].page), []
    text = ""
    spans: list[Span] = []
    url_spans: list[tuple[int, int]] = []
    heading_like = kind in ("heading", "title")
    words = [w for e in group for w in (e.core + _end_mark(e) if heading_like else e.words)]
    line_end = {id(e.words[-1]) for e in group if e.words}
    glue = False
    for i, word in enumerate(words):
        if id(word) in url_of:
            url, piece, pieces = url_of[id(word)]
            if piece == 0:
                if text and not glue:
                    text += " "
                start = len(text)
                text += url.url
                url_spans.append((start, len(text)))
            size = max(1, len(url.url) // pieces)
            start = url_spans[-1][0] if url_spans else 0
            whole = word.fix is not None and word.fix.corrected == url.url  # the URL's repair: all of it
            spans.append(
                Span(word, start, start + len(url.url)) if whole else
                Span(word, min(start + piece * size, len(text)), min(start + (piece + 1) * size, len(text)))
            )
            glue = False
            continue
        piece = word.text
        nxt = words[i + 1] if i + 1 < len(words) else None
        joined = False
        if id(word) in line_end and nxt is not None and piece.endswith("-") and id(nxt) not in url_of:
            joined = True
            if dehyphenate(piece, nxt.text, lex):
                piece = piece[:-1]
        if text and not glue:
            text += " "
        spans.append(Span(word, len(text), len(text) + len(piece)))
        text += piece
        glue = joined
    level = 1 if kind == "heading" else 0
    return Block(kind=kind, text=text, page=group[0].page, level=level, spans=spans), url_spans


def _render_table(table: Table, page: int) -> Block:
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


def _same_run(last: _Line, entry: _Line) -> bool:
    """Whether two heading (or contents) lines are one: same page and layout block, the same type."""
    return (last.page == entry.page and last.line.block == entry.line.block
            and last.line.font_size == entry.line.font_size and last.line.bold == entry.line.bold)


def _end_mark(entry: _Line) -> list[Word]:
    """A heading keeps its final ``?`` or ``!`` when it stood right after its last word."""
    rest = entry.words[len(entry.core) :]
    return rest[:1] if rest and rest[0].text in ("?", "!") else []


PRONOUNS = {
    "il",
    "ils",
    "elle",
    "elles",
    "on",
    "je",
    "tu",
    "nous",
    "vous",
    "ce",
    "là",
    "ci",
    "t-il",
    "t-elle",
    "t-on",
    "moi",
    "toi",
    "lui",
    "leur",
    "y",
    "en",
}


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


# --- Sections, metadata, dates, places ------------------------------------------------------------


def sections(blocks: list[Block]) -> list[Section]:
    """Blocks under their heading; text before the first heading goes to a section with no heading.
    The title and page headers/footers belong to no section."""
    out: list[Section] = []
    for block in blocks:
        if block.kind in ("title", "header", "footer", "contents"):
            continue
        if block.kind == "heading":
            out.append(Section(heading=block, level=block.level))
        elif not out:
            out.append(Section(heading=None, level=0, blocks=[block]))
        else:
            out[-1].blocks.append(block)
    return out


def metadata(blocks: list[Block], url_of: dict[int, tuple[Url, int, int]]) -> dict[str, str]:
    """``Label : value`` lines as fields; the kicker above the title as ``Surtitre``."""
    out: dict[str, str] = {}
    for block in blocks:
        if block.kind != "metadata":
            continue
        field = _field(block.text, lost_colon=True)
        if field:
            out.setdefault(*field)
        elif not METADATA_LINE.match(block.text):
            out.setdefault("Surtitre", block.text)
    del url_of
    return out


def _masked(block: Block, masks: dict[int, list[tuple[int, int]]]) -> str:
    text = block.text
    for start, end in masks.get(id(block), []):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def dates(blocks: list[Block], masks: dict[int, list[tuple[int, int]]]) -> list[DateMention]:
    """Every date printed, URLs left out, with the words before it on its line as label."""
    texts = [_masked(b, masks) for b in blocks]
    year = document_year(texts)
    return [
        DateMention(date=d.date, raw=d.raw, label=d.label, page=b.page, block=i)
        for i, (b, text) in enumerate(zip(blocks, texts, strict=True))
        for d in find_dates(text, year)
    ]


def places(blocks: list[Block], masks: dict[int, list[tuple[int, int]]], lex: Lexicon) -> list[Place]:
    """Places named in the text: known to the place dictionary (its spelling, whatever accents OCR
    put: ``Boulogne-sur-Mér``), else found by spaCy (LOC/GPE) right after ``à`` (``à Roubaix``):
    alone, the small model also tags people and quarters. Departments and EPCIs are places too."""
    found: dict[str, Place] = {}
    texts = [(_masked(b, masks), (b.page, i)) for i, b in enumerate(blocks)]
    for text, (page, index) in texts:
        tokens = [ELISION.sub("", t.strip(",.;:()«»!?")) for t in text.split()]
        n = 0
        while n < len(tokens):
            size = 1
            for size in (4, 3, 2, 1):  # the longest name wins: no Lille inside Métropole européenne de Lille
                name = " ".join(tokens[n : n + size])
                canonical = (lex.place(name) or lex.place_folded(name)) if name[:1].isupper() else None
                if canonical:
                    found.setdefault(
                        canonical,
                        Place(name=canonical, raw=name, page=page, source="dictionary", block=index),
                    )
                    break
            n += size
    nlp = _spacy()
    if nlp is not None:
        for doc, (page, index) in nlp.pipe(texts, as_tuples=True):
            for ent in doc.ents:
                name = ELISION.sub("", ent.text.strip(" ,.;:()«»"))
                after_a = ent.start > 0 and doc[ent.start - 1].lower_ in ("à", "a")
                known = lex.place(name) or lex.place_folded(name)
                if ent.label_ in ("LOC", "GPE") and (known or after_a and _plausible_place(name, lex)):
                    canonical = known or name
                    found.setdefault(canonical, Place(name=canonical, raw=ent.text, page=page, source="ner",
                                                      block=index))
    return list(found.values())


def _plausible_place(name: str, lex: Lexicon) -> bool:
    """A commune's name: one capitalised word or a hyphenated one, not an acronym or a common word."""
    if lex.place(name):
        return True
    return (
        bool(re.fullmatch(r"[A-ZÉÈÀÂ][\wéèêàâîôûç]+(?:-[\wéèêàâîôûç]+)*", name))
        and not name.isupper()
        and not lex.is_word(name.lower())
    )


@cache
def _spacy():  # type: ignore[no-untyped-def]
    """The French spaCy model, loaded once per process (None when it is not installed)."""
    try:
        import spacy

        # Only the entity recogniser is used: the other components are not even loaded (1 s saved).
        return spacy.load(
            SPACY_MODEL, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]
        )
    except (ImportError, OSError):
        return None


# --- Where things are: each block's box and language, what points to which block (analysts) ---------


def locate(doc: Document, url_of: dict[int, tuple[Url, int, int]], lex: Lexicon, settings: Settings) -> None:
    """Point each URL to the block it is printed in, give each place its kind and official code,
    and pick the document's own date among the dates it prints."""
    for index, block in enumerate(doc.blocks):
        for span in block.spans:
            url = url_of.get(id(span.word))
            if url is not None and url[0].block is None:
                url[0].block = index
    for place in doc.places:
        known = bool(lex.place(place.name) or lex.place_folded(place.name))
        official = gazetteer.identify(place.name, known, settings.dictionaries)
        if official is not None:
            place.kind, place.insee = official.kind.value, official.code
    doc.date, doc.date_source = document_date(doc.blocks, doc.dates)


def _extent(group: list[_Line]) -> tuple[float, float, float, float] | None:
    """The box around the block's lines on the page it starts on (None when lines have no box)."""
    boxes = [e.line.box for e in group if e.page == group[0].page and e.line.box]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _language(group: list[_Line]) -> str | None:
    """The language most of the block's lines are in, None when no line has one."""
    languages = [e.line.language for e in group if e.line.language]
    return max(dict.fromkeys(languages), key=languages.count) if languages else None
