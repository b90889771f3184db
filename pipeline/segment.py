"""Lines → structure: title, sections, paragraphs, lists, URLs, dates, places, metadata."""

from __future__ import annotations

from pipeline.model import Block, Document, Line, Section, Span
from pipeline.settings import Settings


def _paragraph(lines: list[Line], page: int) -> Block:
    text, spans = "", []
    for word in (w for line in lines for w in line.words if w.text):
        if text:
            text += " "
        spans.append(Span(word, len(text), len(text) + len(word.text)))
        text += word.text
    return Block(kind="paragraph", text=text, page=page, spans=spans)


def segment(doc: Document, settings: Settings) -> Document:
    """Group lines into blocks and sections (minimal: blank lines end paragraphs)."""
    blocks: list[Block] = []
    for page in doc.pages:
        run: list[Line] = []
        for line in page.lines + [Line()]:
            if line.words:
                run.append(line)
            elif run:
                blocks.append(_paragraph(run, page.number))
                run = []
    doc.blocks = blocks
    doc.sections = [Section(heading=None, level=0, blocks=list(blocks))] if blocks else []
    return doc
