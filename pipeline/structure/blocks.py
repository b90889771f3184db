"""Printed lines grouped into blocks (paragraphs, items, headings, fields, tables…), blocks
into sections.

A block goes on across what OCR takes for a boundary when the page says it does: a wrapped
item or field right below at its text column, a sentence that goes on in lower case (even
across a page's footer and the next one's header), a table's rows OCR parted. Each block's
text is rendered by :mod:`.render`; its box and language come from its lines.
"""

from __future__ import annotations

import statistics

from pipeline.lexicon import Lexicon
from pipeline.model import Block, Section
from pipeline.structure.lines import CONNECTORS, TERMINAL, PrintedLine, at_bullet, at_text, same_run
from pipeline.structure.render import render


def build_blocks(
    lines: list[PrintedLine], lex: Lexicon
) -> list[Block]:
    """Group lines into blocks, in reading order; a block whose text is empty is left out."""
    groups: list[tuple[str, list[PrintedLine]]] = []
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
            and same_run(group[-1], entry)
            or kind == "text"
            and prev_kind in ("paragraph", "item")
            and not entry.reply
            and _continues(group[-1], entry, prev_kind, gaps)
            or kind == "text"
            and prev_kind == "metadata"
            and _continues_field(group[-1], entry)
        ):
            group.append(entry)
        else:
            groups.append(("paragraph" if kind == "text" else kind, [entry]))
    blocks: list[Block] = []
    levels = _heading_levels([group for kind, group in groups if kind == "heading" and group])
    for kind, group in groups:
        if not group:
            continue
        block = render(kind, group, lex)
        if kind == "heading":
            block.level = levels.get(_type(group[0]), 1)
        block.bbox, block.language = _extent(group), _language(group)
        if block.text:
            blocks.append(block)
    return blocks


def _type(entry: PrintedLine) -> tuple[float, bool]:
    return (entry.line.font_size or 0.0, entry.line.bold)


def _heading_levels(headings: list[list[PrintedLine]]) -> dict[tuple[float, bool], int]:
    """Heading levels from the type of a text layer's headings: the biggest size is level 1, the
    next one level 2…, bold before regular at the same size. Without font sizes (OCR), all are 1."""
    types = sorted({_type(group[0]) for group in headings if group[0].line.font_size},
                   key=lambda t: (-t[0], not t[1]))
    return {t: level for level, t in enumerate(types, start=1)}


def _median_gap(lines: list[PrintedLine]) -> float | None:
    gaps = [
        b.line.box[1] - a.line.box[3]
        for a, b in zip(lines, lines[1:], strict=False)
        if a.line.box and b.line.box and a.page == b.page and a.words and b.words
    ]
    gaps = [g for g in gaps if g >= 0]
    return statistics.median(gaps) if gaps else None


def _continues(last: PrintedLine, entry: PrintedLine, kind: str, gap: float | None) -> bool:
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


def _wrapped(kind: str, group: list[PrintedLine], entry: PrintedLine, gap: float | None) -> bool:
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
    height = last.line.box.height
    if entry.line.box[1] - last.line.box[3] > _widest_gap(last, gap):
        return False
    if kind == "item":
        return at_text(entry, head) and not at_bullet(entry, head)
    return entry.words[0].text[:1].islower() and abs(entry.line.box[0] - head.line.box[0]) < height


def _carries_on(kind: str, group: list[PrintedLine], entry: PrintedLine, gap: float | None) -> bool:
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


def _across_furniture(
    groups: list[tuple[str, list[PrintedLine]]], entry: PrintedLine, gap: float | None
) -> int | None:
    """The index of the paragraph whose sentence ``entry`` carries on across a page's footer or
    header (``… téléchargeables à`` / footer / ``l'adresse suivante …``), else None."""
    j, crossed = len(groups) - 1, False
    while j >= 0 and (not groups[j][1] or groups[j][0] in ("header", "footer")):
        crossed = crossed or bool(groups[j][1])
        j -= 1
    return j if crossed and j >= 0 and _carries_on(*groups[j], entry, gap) else None


def _next_column(last: PrintedLine, entry: PrintedLine) -> bool:
    """``entry`` opens the next column: higher on the page than ``last`` and right of it."""
    assert last.line.box and entry.line.box
    return entry.line.box[1] < last.line.box[1] and entry.line.box[0] >= last.line.box[2] - 1


def _right_below(last: PrintedLine, entry: PrintedLine, gap: float | None) -> bool:
    """``entry`` is the next printed line after ``last``: no wider gap than between lines of a block
    (or, when no block has two lines, than a line's height)."""
    assert last.line.box and entry.line.box
    height = last.line.box.height
    space = entry.line.box[1] - last.line.box[3]
    return -height < space <= (height if gap is None else _widest_gap(last, gap))


def _widest_gap(last: PrintedLine, gap: float) -> float:
    """The widest space below ``last`` that still leaves the next line in its block, given the
    page's usual ``gap`` between lines."""
    assert last.line.box
    return max(gap * 2.0, gap + (last.line.box.height) * 0.6)


def _continues_field(last: PrintedLine, entry: PrintedLine) -> bool:
    """A metadata line's value wrapped on the next line: same page and block, no full stop before,
    and the line goes on in lower case (``Participants : …, Mme Lefebvre, cheffe`` / ``de projet…``)."""
    return (
        last.page == entry.page
        and last.line.block == entry.line.block
        and last.ends not in (".", "!", "?")
        and entry.words[0].text[:1].islower()
    )


def _line_width(last: PrintedLine, entry: PrintedLine) -> float:
    return max(len(last.text), len(entry.text), 1)


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


def _extent(group: list[PrintedLine]) -> tuple[float, float, float, float] | None:
    """The box around the block's lines on the page it starts on (None when lines have no box)."""
    boxes = [e.line.box for e in group if e.page == group[0].page and e.line.box]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _language(group: list[PrintedLine]) -> str | None:
    """The language most of the block's lines are in, None when no line has one."""
    languages = [e.line.language for e in group if e.line.language]
    return max(dict.fromkeys(languages), key=languages.count) if languages else None
