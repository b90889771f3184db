"""The small data model every stage reads and writes.

A document travels as ``Document → pages → lines → words``. Extraction fills the
pages; correction changes ``Word.text`` (``Word.original`` is never touched, so the
raw text and the audit log come for free); segmentation adds blocks, sections,
URLs, dates, places and metadata; emission renders the JSON from all of it.

Everything here is a plain dataclass with no behaviour beyond small derived views,
so a document can be pickled to a worker process or a Dask worker unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class Box(NamedTuple):
    """A rectangle in the page's own units (pixels for OCR, points for PDFs), top-down.

    A tuple, so it is written to JSON as ``[x0, top, x1, bottom]`` and read back the same way."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @classmethod
    def around(cls, boxes: Iterable[Box | tuple[float, float, float, float]]) -> Box | None:
        """The smallest box holding every box given; None when there is none."""
        boxes = list(boxes)
        if not boxes:
            return None
        return cls(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                   max(b[3] for b in boxes))


class Reason(StrEnum):
    """Why a word of ``raw_text`` differs in ``text``: the JSON's ``corrections[].reason``."""

    OCR_CONFUSION = "ocr-confusion"
    """A word misread (letters OCR confuses, a lost or added letter), corrected from the lexicon."""
    SPLIT = "split"
    """Two words OCR glued together, split apart."""
    MERGE = "merge"
    """One word OCR cut in two (or a word hyphenated at a line end), joined."""
    ELISION = "elision"
    """An elision misread (``I'IREV`` → ``l'IREV``, ``qu une`` → ``qu'une``)."""
    CONTEXT = "context"
    """Chosen by the words around it (a capital after a full stop, an agreement)."""
    NOISE = "noise"
    """A speck or stray sign read as a word, removed (the correction points where it was)."""
    BULLET = "bullet"
    """A list's bullet sign, removed from the item's text."""
    URL_SCHEME = "url-scheme"
    """A URL's garbled scheme rebuilt (``hitps:/`` → ``https://``)."""
    URL = "url"
    """A URL rebuilt from its OCR'd pieces."""
    DATE_CONTEXT = "date-context"
    """A date's part misread, corrected by the date around it."""
    REREAD = "reread"
    """A word a second OCR reading read better (the first reading is the ``original``)."""
    DOCUMENT_FORM = "document-form"
    """A word misread, corrected into a form the same document prints, one OCR confusion away."""


def as_box(value: Box | tuple[float, float, float, float] | list[float] | None) -> Box | None:
    """A box however it was given (a tuple, a list read from JSON), as a :class:`Box`."""
    return value if value is None or isinstance(value, Box) else Box(*value)


@dataclass
class Fix:
    """Why and how sure the corrector was when it changed a word."""

    reason: Reason | str
    confidence: float
    original: str | None = None
    """What the change replaced when it is more than this word (e.g. ``qu une`` merged)."""
    corrected: str | None = None
    """What the change put in the text when it is more than this word (a URL rebuilt from its pieces)."""


@dataclass
class Word:
    """One word as extracted, and as corrected."""

    original: str
    text: str = ""
    confidence: float | None = None
    """OCR confidence 0–100; None for text layers and transcriptions."""
    box: Box | None = None
    fix: Fix | None = None
    """Set by the corrector when ``text`` differs from ``original``."""
    choices: list[list[tuple[str, float]]] | None = None
    """OCR's alternatives for each character of ``original``, best first, with their confidence
    (0–100); only for words of the second OCR pass, and empty for a character it could not place."""
    first_reading: str | None = None
    """Set when a second OCR reading replaced the first: what the first reading had there (the
    replaced stretch on its first replacing word, ``""`` on the others). Logged as reason ``reread``."""
    url: Url | None = field(default=None, compare=False, repr=False)
    """The URL this word is a printed piece of (set by segmentation): its text gives way to the URL."""

    def __post_init__(self) -> None:
        if not self.text and self.original:
            self.text = self.original
        self.box = as_box(self.box)


@dataclass
class Line:
    """One printed line. A line with no words is a blank line (it separates blocks)."""

    words: list[Word] = field(default_factory=list)
    box: Box | None = None
    block: int = 0
    """Layout block number within the page (Tesseract's block/paragraph, PDF column)."""
    font_size: float | None = None
    bold: bool = False
    language: str | None = None
    """ISO 639-1 code of the line's layout block (``fr``, ``en``, ``la``…), set by the corrector
    from the whole block's words; None when it could not tell (too few words)."""
    table: int | None = None
    """Index in ``Page.tables`` when the line is part of a table: a row of a text layer's table,
    or a line OCR read across an aligned table (a row may take two lines)."""

    def __post_init__(self) -> None:
        self.box = as_box(self.box)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if w.text)

    @property
    def original(self) -> str:
        return " ".join(w.original for w in self.words)


@dataclass
class Link:
    """A link annotation of a text-layer PDF page."""

    uri: str
    box: Box | None = None

    def __post_init__(self) -> None:
        self.box = as_box(self.box)


@dataclass
class Table:
    """A table as printed: rows of cells, each cell the words it holds (the same Word objects as
    the table's lines, so corrections reach the cells)."""

    box: Box
    rows: list[list[list[Word]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.box = as_box(self.box)  # type: ignore[assignment]


class PageMethod(StrEnum):
    """How a page's words were obtained."""

    TEXT_LAYER = "text-layer"
    """From the PDF's own text layer (born-digital)."""
    OCR = "ocr"
    """Read by Tesseract from the page's image."""
    TEXT = "text"
    """From a plain-text transcription OCR'd elsewhere (no confidences, no positions)."""


@dataclass
class Page:
    number: int
    """1-based page number in the source."""
    method: PageMethod | str
    lines: list[Line] = field(default_factory=list)
    rotation: int = 0
    """Degrees the page was turned clockwise to be read upright (0, 90, 180, 270)."""
    skew: float = 0.0
    """Degrees of skew corrected before OCR."""
    width: float | None = None
    height: float | None = None
    """The page's size in its own units: PDF points for text layers, pixels of the image OCR read."""
    dpi: int | None = None
    """Resolution of the image OCR read (pixels per inch), for OCR'd pages only."""
    links: list[Link] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    typeset: bool = False
    """A text layer written by the program that typeset the page, no scan under it: its words are
    exact (no OCR made them), so the corrector leaves them as they are."""
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """OCR pages: lines read on a strip the digitiser added to the scan outside the sheet (a digital
    library's source line, see ``pipeline.ocr.sheet``): the copy's, not the document's text."""
    diagnosis: dict[str, object] | None = None
    """OCR pages: the page's measures (x-height, specks, contrast, stroke, background), the
    preprocessing chosen from them and the readings made (see ``pipeline.ocr.diagnose``)."""

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def confidence(self) -> float | None:
        """Mean OCR word confidence, or None when the page was not OCR'd."""
        scores = [w.confidence for w in self.words if w.confidence is not None]
        return round(sum(scores) / len(scores), 2) if scores else None


@dataclass
class Source:
    path: str
    sha256: str
    bytes: int
    media_type: str


@dataclass
class Span:
    """Where a word stands in a block's text (characters ``start:end``)."""

    word: Word
    start: int
    end: int


class BlockKind(StrEnum):
    """What a block of the document's structure is: the closed list of the JSON's ``blocks[].kind``."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    """One item of a list."""
    METADATA = "metadata"
    """A ``label: value`` line (``Date : 12 mars 2019``)."""
    HEADER = "header"
    """Page furniture at the top: letterhead, motto, running header."""
    FOOTER = "footer"
    """Page furniture at the bottom: page number, running footer."""
    CONTENTS = "contents"
    """A table of contents."""
    TABLE = "table"


@dataclass
class Block:
    """A unit of the document's structure, in reading order."""

    kind: BlockKind | str
    text: str
    page: int
    level: int = 0
    """Heading level (1 = top); 0 for other kinds."""
    spans: list[Span] = field(default_factory=list)
    """Where each corrected word of the block stands in ``text`` (for correction offsets)."""
    bbox: Box | None = None
    """The box around the block's lines on ``page``, in that page's units; None without boxes."""
    language: str | None = None
    """ISO 639-1 code most of the block's lines have (``Line.language``), else None."""
    rows: list[list[str]] | None = None
    """A table's rows of cells' text (``text`` holds them too: cells parted by `` | ``, a row a line)."""
    url_spans: list[tuple[int, int]] = field(default_factory=list)
    """Where the block's URLs stand in ``text`` (``start:end``): dates and places are not looked for there."""


@dataclass
class Section:
    heading: Block | None
    level: int
    blocks: list[Block] = field(default_factory=list)
    """Paragraphs, items and metadata lines of the section, in reading order."""


class UrlStatus(StrEnum):
    """How far a URL can be trusted: an analyst filters on it."""

    AS_READ = "as-read"
    """Printed and read cleanly, or taken from a link annotation."""
    REPAIRED = "repaired"
    """Rebuilt from its OCR'd form; the repairs are in the document's corrections (reason ``url``)."""
    DOUBTFUL = "doubtful"
    """The URL model could not make it plausible: check it against the scan."""


@dataclass
class Url:
    url: str
    raw: str
    label: str | None = None
    ref: str | None = None
    page: int | None = None
    block: int | None = None
    """Index in ``Document.blocks`` of the block the URL is printed in; None for a link annotation."""
    status: UrlStatus = UrlStatus.AS_READ
    confidence: float = 1.0
    """0–1: how plausible the URL model finds ``url`` and how surely OCR read it."""
    words: list[Word] = field(default_factory=list, compare=False, repr=False)
    """The printed words the URL was read from, in reading order (none for a link annotation)."""
    frame: tuple[str, str] = ("", "")
    """The marks its words hold before and after it that are the sentence's, not the URL's (quotes,
    brackets, a full stop): ``text`` keeps them around the URL."""

    @property
    def in_text(self) -> str:
        """What ``text`` shows for the URL's words: the URL in its frame."""
        return self.frame[0] + self.url + self.frame[1]

    def piece(self, word: Word) -> int:
        """Which of the URL's printed pieces ``word`` is (0 for the first)."""
        return next(k for k, w in enumerate(self.words) if w is word)


@dataclass
class DateMention:
    date: str
    """ISO 8601: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` when a time is given."""
    raw: str
    label: str | None = None
    page: int | None = None
    block: int | None = None
    """Index in ``Document.blocks`` of the block the date is printed in."""


@dataclass
class Place:
    name: str
    raw: str
    page: int | None = None
    source: str = "dictionary"
    """"dictionary" or "ner" (spaCy entity)."""
    block: int | None = None
    """Index in ``Document.blocks`` of the block the place is first named in."""
    kind: str | None = None
    """A :class:`pipeline.gazetteer.PlaceKind` value; None for a name no dictionary knows."""
    insee: str | None = None
    """Official code: INSEE code of a commune, department or region, SIREN of an EPCI."""


@dataclass
class Document:
    source: Source
    pages: list[Page] = field(default_factory=list)
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    urls: list[Url] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    unknown_words: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tesseract: str | None = None
    """Tesseract version used, when any page was OCR'd."""
    language: str | None = None
    """ISO 639-1 code of most of the document's words (set by the corrector), None when unknown."""
    date: DateMention | None = None
    """The document's own date (when it was held, signed or issued), among ``dates``."""
    date_source: str | None = None
    """Where ``date`` was read: a :class:`pipeline.dates.DateSource` value."""

    @property
    def name(self) -> str:
        return Path(self.source.path).stem

    @property
    def words(self) -> list[Word]:
        return [w for page in self.pages for w in page.words]
