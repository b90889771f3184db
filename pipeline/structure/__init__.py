"""Lines → structure: title, sections, paragraphs, lists, tables, URLs, dates, places, metadata.

Each printed line is first classified alone (blank, list item, heading, metadata line,
page header/footer, text), from its layout (font size or box height), its form (short,
no final full stop, capitals, a bullet) and its neighbours; then lines are grouped into
blocks, blocks into sections. OCR specks (``|``, ``©``, a lone ``Ë``) are left out of the
blocks' text but stay in the raw text, each logged as a correction. URLs come from
:mod:`pipeline.urls`, dates from :mod:`pipeline.dates`.

The stage reads in this order, one module a step:

- :mod:`.printed_urls`: each page's URLs, tied to the words they were read from;
- :mod:`.lines`: printed lines without their specks, page headers and footers;
- :mod:`.classify`: each line's kind (heading, item, metadata, title, contents…);
- :mod:`.blocks`: lines grouped into blocks, blocks into sections;
- :mod:`.render`: each block's text and where each word stands in it (words removed included);
- :mod:`.entities`: metadata fields, dates and places named in the blocks.
"""

from __future__ import annotations

from pipeline import lexicon as lexicon_module
from pipeline import urls as urls_module
from pipeline.dates import document_date
from pipeline.lexicon import Lexicon
from pipeline.model import Document
from pipeline.settings import Settings
from pipeline.structure.blocks import build_blocks, sections
from pipeline.structure.classify import classify
from pipeline.structure.entities import (
    Recogniser,
    dates,
    identify_places,
    metadata,
    places,
    recognise,
    spacy_model,
)
from pipeline.structure.lines import PrintedLine, page_lines, repeated_lines
from pipeline.structure.printed_urls import page_urls, point_urls
from pipeline.structure.render import CELL_SEPARATOR, account_for_dropped, dehyphenate, place_removed

__all__ = ["CELL_SEPARATOR", "dehyphenate", "prepare", "segment"]


def prepare(settings: Settings, ner: bool = True) -> None:
    """Load now what segmentation reads, each once a process: the dictionaries, URL repair's word
    lists and, with ``ner``, spaCy's model (~3 s of CPU, most of it compiling spaCy's French
    tokenizer rules: worth loading ahead only while OCR keeps the other core busy)."""
    urls_module.prepare(lexicon_module.load(settings.dictionaries, settings.user_words))
    if ner:
        spacy_model()


def segment(doc: Document, settings: Settings, lex: Lexicon | None = None,
            recogniser: Recogniser = recognise) -> Document:
    """Fill title, blocks, sections, URLs, dates, places and metadata from the pages' lines.

    ``lex`` is the lexicon the process loaded for all its stages (``process`` gives it); a caller
    that has none (a bench, a test) gets the one of ``settings``' dictionaries. ``recogniser``: spaCy's
    entities, or the cache of them ``process`` keeps for a batch."""
    lex = lex if lex is not None else lexicon_module.load(settings.dictionaries, settings.user_words)
    furniture = repeated_lines(doc.pages)
    lines: list[PrintedLine] = []
    for page in doc.pages:
        doc.urls.extend(page_urls(page, lex))
        lines.extend(page_lines(page, furniture, lex))
    classify(lines, lex)
    blocks = build_blocks(lines, lex)
    doc.blocks = blocks
    account_for_dropped(doc)
    doc.title = next((b.text for b in blocks if b.kind == "title"), None)
    doc.sections = sections(blocks)
    doc.metadata = metadata(blocks)
    doc.dates = dates(blocks)
    doc.places = places(blocks, lex, recogniser)
    point_urls(blocks)
    identify_places(doc.places, lex, settings)
    doc.date, doc.date_source = document_date(doc.blocks, doc.dates)
    place_removed(doc)
    return doc
