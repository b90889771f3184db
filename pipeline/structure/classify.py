"""Each printed line's kind: heading, list item, metadata field, title, kicker, contents.

A line is judged alone and by its neighbours: its layout (bigger or bold type, box height),
its form (short, no full stop, a capital or a number first, a bullet), the line before and
after. A title is the first heading-like line(s) of the first page, or an act's own title
(``ARRÊTÉ n° …`` and its object); a table of contents is its title and the lines that end with
a page number.
"""

from __future__ import annotations

import re
import statistics

from pipeline import furniture as furniture_module
from pipeline.lexicon import Lexicon
from pipeline.model import Line, Word
from pipeline.structure.lines import (
    CONNECTORS,
    TERMINAL,
    PrintedLine,
    at_bullet,
    at_text,
    ends_cut,
    same_run,
)
from pipeline.text import DOUBT, LETTER_BULLETS, is_bullet

NUMBERED = re.compile(r"^(\d{1,2}|[a-z])[.):]$")
SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.?")
"""A section's number before a heading in bigger or bold type (``2``, ``3.1``, ``IV.``)."""
CONTENTS_TITLES = {"table des matières", "table des matieres", "sommaire", "contents", "table of contents"}
PAGE_REFERENCE = re.compile(r"^(?:[.·…_ ]*)(\d{1,4}|[ivxlc]{1,6})$")
"""The page number ending a line of a table of contents, after its leaders (``…… 12``)."""
LIST_ENDS = (";", ":")
"""How an item ends when another follows."""
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
QUOTES = "'‘’`\".°"
"""Specks OCR reads as a quote, a dot or a degree sign before a section number (``'2.``, ``°2.``)."""
HEADING_MAX_WORDS = 12
ITEM_LINES = 4
"""Lines an item may wrap over: the next item's bullet is looked for this far."""
WIDE_GAP = 2.0
"""Line heights: a gap between two words of a line wider than this parts cells, not words."""


def classify(lines: list[PrintedLine], lex: Lexicon | None = None) -> None:
    """Give each line its kind: item, heading, metadata, title, kicker; the rest stays text."""
    typical = _typical_length(lines)
    sizes = _body_sizes(lines)
    contents(lines)
    spoken = dialogue(lines)
    in_list = False
    last_item: PrintedLine | None = None
    for n, entry in enumerate(lines):
        if entry.kind != "text" or entry.url_continuation:
            in_list = in_list and entry.kind != "blank"
            continue
        prev = _neighbour(lines, n, -1)
        nxt = _neighbour(lines, n, +1)
        if prev is not None and prev.kind == "heading" and same_run(prev, entry) and entry.line.font_size:
            entry.kind = "heading"  # a heading set on two lines (same block, same type)
            continue
        while nxt is not None and entry.line.font_size and same_run(entry, nxt) and layout_emphasis(
                entry.line, sizes):
            nxt = _neighbour(lines, lines.index(nxt), +1)  # judge a heading by what follows all of it
        first = entry.words[0].text
        if n in spoken:
            entry.reply = True  # opened by its dash, not a bullet: a paragraph of its own, dash and all
            continue
        letter = misread_bullet(entry, lines[n + 1:n + 1 + ITEM_LINES])
        if letter is not None:
            entry.kind = "item"
            entry.words = [w for w in entry.words if w is not letter]
            entry.indent = (letter.box[0], entry.words[0].box[0])  # type: ignore[index]
            last_item, in_list = entry, True
            continue
        if (
            is_bullet(first)
            and not all(is_bullet(w.text) for w in entry.words[1:])
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
            while entry.words and is_bullet(entry.words[0].text):
                entry.words = entry.words[1:]
            if bullet.box and entry.words[0].box and entry.words[0].box[0] > bullet.box[0]:
                entry.indent = (bullet.box[0], entry.words[0].box[0])
            last_item, in_list = entry, True
            continue
        in_fields = _next_is_field(nxt)
        rest = entry.text.partition(" ")[2]
        if len(entry.words) > 2 and len(first) == 1 and metadata_field(rest, in_fields):
            entry.words = entry.words[1:]  # a speck read as a letter before the label (``À Date :``)
            entry.core = entry.core[1:]
        if metadata_field(entry.text, in_fields):
            entry.kind = "metadata"
        after_item = prev is not None and (prev.kind == "item" or prev.wraps)
        if entry.kind == "metadata":
            pass
        elif after_item and prev.ends in LIST_ENDS and at_bullet(entry, last_item):  # type: ignore[union-attr]
            entry.kind = "item"  # its bullet lost, the line starts where the bullets stand
            if len(first) == 1 and (entry.words[0].confidence or 100) < DOUBT:  # doubted: the bullet misread
                entry.words = entry.words[1:]  # the bullet read as a letter or a figure (``2 prochaine``)
            continue
        elif wordy(entry.core, lex) and is_heading(entry, prev, nxt, typical, sizes):
            entry.kind = "heading"
        elif in_list and prev is not None and prev.ends == ";" and first[:1].islower():
            entry.kind = "item"
            continue
        wrapped = last_item is not None and at_text(entry, last_item)
        entry.wraps = after_item and entry.kind == "text" and wrapped
        in_list = in_list and entry.kind == "text" and prev is not None and prev.kind in ("item", "text")
    _find_title(lines, lex)


DIALOGUE_DASHES = frozenset("-–—")
REPLY_ENDS = (".", "?", "!", "…", "»")
REPLY_LINES = 4


def dialogue(lines: list[PrintedLine]) -> set[int]:
    """The lines that open a reply of a dialogue: a run of at least two replies, each opened by a
    dash and a capital and ending a sentence (over up to :data:`REPLY_LINES` lines), among which one
    asks or exclaims, and not announced by a colon. A list's items start in lower case or end on
    ``;`` or without a stop, and a list of questions is announced (``Questions à se poser :``)."""
    spoken: set[int] = set()
    run: list[list[int]] = []
    n = 0
    while n <= len(lines):
        reply = _reply(lines, n)
        if reply:
            run.append(reply)
            n = reply[-1] + 1
            continue
        if n < len(lines) and lines[n].kind == "blank" and run:
            n += 1
            continue
        if len(run) >= 2 and any(c in lines[k].text for reply in run for k in reply for c in "?!"):
            before = _neighbour(lines, run[0][0], -1)
            if before is None or before.ends != ":":
                spoken.update(reply[0] for reply in run)
        run = []
        n += 1
    return spoken


def _reply(lines: list[PrintedLine], n: int) -> list[int]:
    """The lines of the reply opening at line ``n`` (none when no reply opens there)."""
    entry = lines[n] if n < len(lines) else None
    if (entry is None or entry.kind != "text" or len(entry.words) < 2
            or entry.words[0].text not in DIALOGUE_DASHES or not entry.words[1].text[:1].isupper()):
        return []
    for k in range(n, min(n + REPLY_LINES, len(lines))):
        line = lines[k]
        if line.kind != "text" or k > n and (not line.words or line.words[0].text in DIALOGUE_DASHES):
            return []
        if line.ends in REPLY_ENDS:
            return list(range(n, k + 1))
    return []


ENTRY_KINDS = ("text", "table")
"""What a line of a table of contents was taken for before: text, or the row of a table found by
its aligned columns (its number, title and page stand apart)."""


def contents(lines: list[PrintedLine]) -> None:
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
            if line.kind not in ENTRY_KINDS:
                break
            after = next((x for x in lines[k + 1:] if x.kind != "blank"), None)
            if _page_reference(line) or (
                    after is not None and after.kind in ENTRY_KINDS and _page_reference(after)
                    and line.ends != "." and len(line.words) <= HEADING_MAX_WORDS):
                line.kind, line.table = "contents", None
                k += 1
            else:
                break
        n = k


def _page_reference(entry: PrintedLine) -> bool:
    return len(entry.words) >= 2 and bool(PAGE_REFERENCE.match(entry.words[-1].text))




def misread_bullet(entry: PrintedLine, following: list[PrintedLine]) -> Word | None:
    """The line's bullet when OCR misread it as a lone letter it doubted (``s choisir``, the first
    item of a list): the letter stands where the next item's bullet stands (the next line opened by
    a bullet among ``following``), and the line's text where that item's text starts. None when the
    line opens no such way."""
    nxt = next((e for e in following if e.kind == "text" and e.words and is_bullet(e.words[0].text)), None)
    printed = entry.line.words
    if nxt is None or nxt.page != entry.page or len(printed) < 2 or len(nxt.words) < 2 or not entry.words:
        return None
    letter = printed[0]
    text = entry.words[1] if entry.words[0] is letter and len(entry.words) > 1 else entry.words[0]
    if (not is_bullet(nxt.words[0].text) or len(letter.original) != 1 or not letter.original.isalpha()
            or (letter.confidence if letter.confidence is not None else 100.0) >= DOUBT or text is letter):
        return None
    boxes = (letter.box, text.box, nxt.words[0].box, nxt.words[1].box)
    if any(box is None for box in boxes):
        return None
    at, starts, bullet, item_text = boxes
    near = max(at.height, bullet.height, 4.0)  # type: ignore[union-attr]
    if abs(at[0] - bullet[0]) <= near and abs(starts[0] - item_text[0]) <= near:  # type: ignore[index]
        return letter
    return None


def _neighbour(lines: list[PrintedLine], n: int, step: int) -> PrintedLine | None:
    """The nearest non-blank line before or after (None past a page's blank or the start)."""
    k = n + step
    while 0 <= k < len(lines) and lines[k].kind == "blank" and lines[k].page == lines[n].page:
        k += step
    return lines[k] if 0 <= k < len(lines) and lines[k].page == lines[n].page else None


def _typical_length(lines: list[PrintedLine]) -> float:
    """The length of a full line (a high percentile: many lines end a paragraph or an item short)."""
    lengths = sorted(len(e.text) for e in lines if e.kind == "text")
    return float(lengths[int(len(lengths) * 0.8)]) if lengths else 80.0


def _body_sizes(lines: list[PrintedLine]) -> tuple[float | None, float | None]:
    """The body text's font size (text layers) and line height (OCR boxes)."""
    fonts = [e.line.font_size for e in lines if e.line.font_size and e.kind == "text"]
    heights = [e.line.box.height for e in lines if e.line.box and e.kind == "text"]
    return (statistics.median(fonts) if fonts else None, statistics.median(heights) if heights else None)


def layout_emphasis(line: Line, sizes: tuple[float | None, float | None]) -> bool | None:
    """True when the layout sets the line apart (bigger or bold), None when it cannot tell."""
    font, height = sizes
    if line.font_size and font:
        return line.font_size >= font * 1.12 or line.bold
    if line.box and height:
        return (line.box.height) >= height * 1.2 or None
    return None


def is_heading(
    entry: PrintedLine,
    prev: PrintedLine | None,
    nxt: PrintedLine | None,
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
    if ends_cut(entry) and not emphasis:
        return False  # its last word goes on on the next line, in body type: so does its text
    numbered = (NUMBERED.match(words[0].lstrip(QUOTES))
                or emphasis and SECTION_NUMBER.fullmatch(words[0])) and len(words) > 1
    head = words[1] if numbered else words[0]
    if not head[:1].isupper():
        return False
    next_first = nxt.words[0].text if nxt.words else ""
    if not (next_first[:1].isupper() or next_first[:1].isdigit() or is_bullet(next_first)):
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
    height = max(b.height for b in boxes)
    return any(b[0] - a[2] > WIDE_GAP * height for a, b in zip(boxes, boxes[1:], strict=False))


def _metadata_label(text: str) -> str | None:
    match = METADATA_LINE.match(text)
    if not match:
        return None
    label = match["label"].strip()
    return label if label.lower() in METADATA_LABELS else None


def metadata_field(text: str, lost_colon: bool = False) -> tuple[str, str] | None:
    """``(label, value)`` of a metadata line ``Label : value``; with ``lost_colon``, also a line opening
    with a one-word label whose colon OCR lost (``Date Mardi 28 février``)."""
    label = _metadata_label(text)
    if label:
        return label, METADATA_LINE.match(text)["value"].strip()  # type: ignore[index]
    head, _, value = text.partition(" ")
    if lost_colon and head.lower() in METADATA_LABELS and value.strip():
        return head, value.strip()
    return None


def _next_is_field(nxt: PrintedLine | None) -> bool:
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


def _find_title(lines: list[PrintedLine], lex: Lexicon | None = None) -> None:
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
    if (first.core_text.isupper() and len(top) > 1 and not top[1].core_text.isupper() and top[1].ends != "."
            and not _opens_paragraph(lines, top[1])):
        first.kind = "kicker"
        first = top[1]
        rest = top[2:]
    else:
        rest = top[1:]
    if first.ends == "." or len(first.core) > 15 or _opens_paragraph(lines, first):
        return
    sizes = _body_sizes(lines)
    if ends_cut(first) and not layout_emphasis(first.line, sizes):
        return  # the first line of a paragraph, whose word (and sentence) goes on on the next one
    following = rest[0] if rest else None
    if (
        following is not None
        and following.kind in ("text", "heading")
        and (first.core[-1].text.lower() in CONNECTORS or following.words[0].text[:1].islower())
    ):
        if ends_cut(following) and not layout_emphasis(following.line, sizes):
            return
        following.kind = "title"
    first.kind = "title"


def _opens_paragraph(lines: list[PrintedLine], entry: PrintedLine) -> bool:
    """A line whose sentence runs on over the next two lines is the start of a paragraph, however
    short its first line: a title wraps once at most (``LES ALPES`` over a page of prose is the
    heading, not a kicker of the prose's first line)."""
    n = lines.index(entry)
    for _ in range(2):
        nxt = _neighbour(lines, n, +1)
        if nxt is None or not _runs_on(lines[n], nxt):
            return False
        n = lines.index(nxt)
    return True


def _runs_on(entry: PrintedLine, nxt: PrintedLine) -> bool:
    """``nxt`` carries on ``entry``'s sentence: plain text, no clause closed between, no capital."""
    return (nxt.kind == "text" and bool(nxt.words) and nxt.words[0].text[:1].islower()
            and entry.ends not in TERMINAL)


def _act_title(lines: list[PrintedLine]) -> bool:
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
        goes_on = (entry.words[0].text[:1].islower() or title.line.font_size and same_run(title, entry)
                   or title.words[-1].text.lower() in CONNECTORS) and title.ends != "."
        if entry.kind not in ("text", "heading") or not (
                goes_on if opened else furniture_module.opens_object(entry.text)):
            break
        entry.kind, entry.core = "title", list(entry.words)
        title, opened = entry, True
    return True
