"""Document → JSON (schema v2): render the cleaned text, compute every offset, write atomically.

The text is rendered here, once, from the segmenter's blocks, so the offsets of the
corrections and the blocks' spans are computed in exactly one place and always point
into ``text``. Blocks get their ids here too, from the document id and their position,
so sections, URLs, dates, places and corrections can point to them.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from pipeline import __version__
from pipeline.model import Block, Box, Document, Page, Word
from pipeline.text import DOUBT

SCHEMA_VERSION = 2
SCHEMA_PATH = Path(__file__).with_name("schema") / "fiche.schema.json"
BLOCK_SEPARATOR = "\n\n"
ITEM_MARKER = "- "
UNITS = {"text-layer": "pt", "ocr": "px"}
"""The unit of a page's size and boxes, by how it was read: PDF points, or pixels of the image OCR read
(at the page's ``dpi``). Transcriptions have neither."""


def block_id(doc_id: str, index: int) -> str:
    """The id of the document's ``index``-th block (0-based, reading order): the same input, the same
    pipeline give the same ids."""
    return f"{doc_id}-b{index + 1:04d}"


def section_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-s{index + 1:03d}"


def document_id(sha256: str) -> str:
    """Stable id derived from the source bytes: the same scan always gets the same id."""
    return sha256[:16]


def render_text(blocks: list[Block]) -> tuple[str, list[int]]:
    """The cleaned text and, for each block, the offset of its text within it.

    Blocks are separated by a blank line, except consecutive list items which
    stand on consecutive lines, each behind a ``- `` marker.
    """
    parts: list[str] = []
    offsets: list[int] = []
    length = 0
    previous: Block | None = None
    for block in blocks:
        if previous is not None:
            sep = "\n" if previous.kind == block.kind == "item" else BLOCK_SEPARATOR
            parts.append(sep)
            length += len(sep)
        if block.kind == "item":
            parts.append(ITEM_MARKER)
            length += len(ITEM_MARKER)
        offsets.append(length)
        parts.append(block.text)
        length += len(block.text)
        previous = block
    return "".join(parts), offsets


def raw_text(doc: Document) -> str:
    """The text as extracted: original words, one line per line, pages separated by a form feed."""
    return "\f".join(
        "\n".join(line.original for line in page.lines) for page in doc.pages
    )


def _corrections(doc: Document, offsets: list[int], ids: list[str]) -> list[dict[str, Any]]:
    placed: dict[int, Where] = {}
    for block, offset, bid in zip(doc.blocks, offsets, ids, strict=True):
        for span in block.spans:
            placed.setdefault(id(span.word), (offset + span.start, offset + span.end, bid))
    out = _rereads(doc, placed)
    for page in doc.pages:
        for word in page.words:
            if word.fix is None:
                continue
            start, end, block = placed.get(id(word)) or _nowhere(doc)
            out.append(
                {
                    "original": word.fix.original or word.original,
                    "corrected": word.fix.corrected if word.fix.corrected is not None else word.text,
                    "page": page.number,
                    "start": start,
                    "end": end,
                    "reason": word.fix.reason,
                    "confidence": round(word.fix.confidence, 3),
                    "block": block,
                    "box": _box(word),
                }
            )
    return out


Where = tuple[int | None, int | None, str | None]
"""Where a word stands in ``text``: start, end, the id of its block."""


def _nowhere(doc: Document) -> Where:
    """Where a word no block placed stands: at 0 when nothing was rendered (``text`` is empty).
    Segmentation places every word, removed ones included, once there are blocks
    (:func:`pipeline.structure.segment`); a document emitted unsegmented has no offsets."""
    return (0, 0, None) if not doc.blocks else (None, None, None)


def _box(word: Word) -> list[float] | None:
    """The word's box for the review page to draw on the scan (rounded: tenths of a pixel or point)."""
    return [round(v, 1) for v in word.box] if word.box else None


def _rereads(doc: Document, placed: dict[int, Where]) -> list[dict[str, Any]]:
    """One entry (reason ``reread``) for each run of words a second OCR reading put in place of the
    first reading's: what the first reading had, and what was kept."""
    out: list[dict[str, Any]] = []
    for page in doc.pages:
        run: list[Word] = []
        for word in [*page.words, None]:
            if word is not None and word.first_reading is not None and (not run or word.first_reading == ""):
                run.append(word)
                continue
            if run:
                first = placed.get(id(run[0])) or _nowhere(doc)
                last = placed.get(id(run[-1])) or first
                ordered = first[0] is not None and last[0] is not None and first[0] <= last[0]
                out.append({
                    "original": run[0].first_reading or "",
                    "corrected": " ".join(w.original for w in run),
                    "page": page.number,
                    "start": first[0],
                    "end": last[1] if ordered else first[1],  # else only the first word's place
                    "reason": "reread",
                    "confidence": round(min(w.confidence or 0.0 for w in run) / 100, 3),
                    "block": first[2],
                    "box": _box(run[0]),
                })
            run = [word] if word is not None and word.first_reading is not None else []
    return out


def _low_confidence(words: list[Word]) -> list[dict[str, Any]]:
    return [
        {"text": w.original, "confidence": w.confidence, "box": _box(w)}
        for w in words
        if w.confidence is not None and w.confidence < DOUBT
    ]


def _bbox(box: Box | None, page: Page | None) -> list[float] | None:
    """``[x0, top, x1, bottom]`` rounded, within the page (a glyph's box may overhang the paper)."""
    if box is None:
        return None
    x0, top, x1, bottom = box
    if page is not None and page.width and page.height:
        x0, x1 = (min(max(v, 0.0), page.width) for v in (x0, x1))
        top, bottom = (min(max(v, 0.0), page.height) for v in (top, bottom))
    return [round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)]


def _block(block: Block, bid: str, start: int, page: Page | None) -> dict[str, Any]:
    out = {"id": bid, "kind": block.kind, "text": block.text, "page": block.page, "level": block.level,
           "bbox": _bbox(block.bbox, page), "span": {"start": start, "end": start + len(block.text)},
           "language": block.language}
    if block.rows is not None:
        out["rows"] = block.rows
    return out


def to_dict(doc: Document, dictionary_version: str, processed_at: str | None = None) -> dict[str, Any]:
    """The JSON document, schema v2. Pure: no I/O (the caller says when it was processed)."""
    text, offsets = render_text(doc.blocks)
    doc_id = document_id(doc.source.sha256)
    ids = [block_id(doc_id, i) for i in range(len(doc.blocks))]
    id_of = {id(block): bid for block, bid in zip(doc.blocks, ids, strict=True)}
    pages = {p.number: p for p in doc.pages}

    def pointer(index: int | None) -> str | None:
        return ids[index] if index is not None and 0 <= index < len(ids) else None

    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc_id,
        "source": {
            "path": doc.source.path,
            "sha256": doc.source.sha256,
            "bytes": doc.source.bytes,
            "media_type": doc.source.media_type,
        },
        "pipeline": {
            "version": __version__,
            "dictionary_version": dictionary_version,
            "tesseract": doc.tesseract,
            "processed_at": processed_at,
        },
        "title": doc.title,
        "date": doc.date.date if doc.date else None,
        "date_source": doc.date_source if doc.date else None,
        "language": doc.language,
        "pages": [
            {
                "number": p.number,
                "method": p.method,
                "confidence": p.confidence,
                "rotation": p.rotation,
                "skew": round(p.skew, 2),
                "width": p.width,
                "height": p.height,
                "unit": UNITS.get(p.method) if p.width else None,
                "dpi": p.dpi,
                "words": len(p.words),
                "low_confidence_words": _low_confidence(p.words),
                "links": [link.uri for link in p.links],
                **({"notices": p.notices} if p.notices else {}),
                **({"diagnosis": p.diagnosis} if p.diagnosis else {}),
            }
            for p in doc.pages
        ],
        "raw_text": raw_text(doc),
        "text": text,
        "blocks": [_block(b, bid, start, pages.get(b.page))
                   for b, bid, start in zip(doc.blocks, ids, offsets, strict=True)],
        "sections": [
            {
                "id": section_id(doc_id, i),
                "heading": s.heading.text if s.heading else None,
                "heading_block": id_of.get(id(s.heading)) if s.heading else None,
                "level": s.level,
                "page": s.heading.page if s.heading else (s.blocks[0].page if s.blocks else None),
                "blocks": [id_of[id(b)] for b in s.blocks if id(b) in id_of],
            }
            for i, s in enumerate(doc.sections)
        ],
        "urls": [
            {"url": u.url, "raw": u.raw, "label": u.label, "ref": u.ref, "page": u.page,
             "block": pointer(u.block),
             "status": str(u.status), "confidence": round(u.confidence, 3)}
            for u in doc.urls
        ],
        "dates": [
            {"date": d.date, "raw": d.raw, "label": d.label, "page": d.page, "block": pointer(d.block)}
            for d in doc.dates
        ],
        "places": [
            {"name": p.name, "raw": p.raw, "page": p.page, "source": p.source, "kind": p.kind,
             "insee": p.insee, "block": pointer(p.block)}
            for p in doc.places
        ],
        "metadata": dict(doc.metadata),
        "corrections": _corrections(doc, offsets, ids),
        "unknown_words": list(doc.unknown_words),
        "warnings": list(dict.fromkeys(doc.warnings + [w for p in doc.pages for w in p.warnings])),
    }


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(document: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when the document does not follow the schema."""
    jsonschema.Draft202012Validator(schema()).validate(document)


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` so that a reader never sees a half-written file.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    renamed over the target: a crash at any moment leaves the old file or the new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for every reader
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

