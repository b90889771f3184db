"""Document → JSON (schema v1): render the cleaned text, compute every offset, write atomically.

The text is rendered here, once, from the segmenter's blocks, so the offsets of the
corrections are computed in exactly one place and always point into ``text``.
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
from pipeline.model import Block, Document, Word

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "fiche.schema.json"
LOW_CONFIDENCE = 60.0
"""Below this OCR confidence a word is listed for review."""

BLOCK_SEPARATOR = "\n\n"
ITEM_MARKER = "- "


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


def _corrections(doc: Document, offsets: list[int]) -> list[dict[str, Any]]:
    placed: dict[int, tuple[int, int, int]] = {}
    for block, offset in zip(doc.blocks, offsets, strict=True):
        for span in block.spans:
            placed.setdefault(id(span.word), (block.page, offset + span.start, offset + span.end))
    out = []
    for page in doc.pages:
        for word in page.words:
            if word.fix is None:
                continue
            where = placed.get(id(word))
            out.append(
                {
                    "original": word.fix.original or word.original,
                    "corrected": word.text,
                    "page": where[0] if where else page.number,
                    "start": where[1] if where else None,
                    "end": where[2] if where else None,
                    "reason": word.fix.reason,
                    "confidence": round(word.fix.confidence, 3),
                }
            )
    return out


def _low_confidence(words: list[Word]) -> list[dict[str, Any]]:
    return [
        {"text": w.original, "confidence": w.confidence}
        for w in words
        if w.confidence is not None and w.confidence < LOW_CONFIDENCE
    ]


def _block(block: Block) -> dict[str, Any]:
    return {"kind": block.kind, "text": block.text, "page": block.page, "level": block.level}


def to_dict(doc: Document, dictionary_version: str, processed_at: str | None = None) -> dict[str, Any]:
    """The JSON document, schema v1. Pure: no I/O (the caller says when it was processed)."""
    text, offsets = render_text(doc.blocks)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": document_id(doc.source.sha256),
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
        "pages": [
            {
                "number": p.number,
                "method": p.method,
                "confidence": p.confidence,
                "rotation": p.rotation,
                "skew": round(p.skew, 2),
                "width": p.width,
                "height": p.height,
                "words": len(p.words),
                "low_confidence_words": _low_confidence(p.words),
                "links": [link.uri for link in p.links],
            }
            for p in doc.pages
        ],
        "raw_text": raw_text(doc),
        "text": text,
        "blocks": [_block(b) for b in doc.blocks],
        "sections": [
            {
                "heading": s.heading.text if s.heading else None,
                "level": s.level,
                "page": s.heading.page if s.heading else (s.blocks[0].page if s.blocks else None),
                "paragraphs": [b.text for b in s.blocks if b.kind == "paragraph"],
                "items": [b.text for b in s.blocks if b.kind == "item"],
                "blocks": [_block(b) for b in s.blocks],
            }
            for s in doc.sections
        ],
        "urls": [
            {"url": u.url, "raw": u.raw, "label": u.label, "ref": u.ref, "page": u.page}
            for u in doc.urls
        ],
        "dates": [
            {"date": d.date, "raw": d.raw, "label": d.label, "page": d.page} for d in doc.dates
        ],
        "places": [
            {"name": p.name, "raw": p.raw, "page": p.page, "source": p.source} for p in doc.places
        ],
        "metadata": dict(doc.metadata),
        "corrections": _corrections(doc, offsets),
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

