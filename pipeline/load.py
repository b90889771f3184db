"""Folder of cleaned JSON → tidy pandas tables, and export of those tables to Parquet or CSV.

Analysts want the archive as a handful of joinable tables, not a folder of nested JSON.
Every table carries the document ``id``, so any two tables join on it; the elements join on
``block_id`` (blocks, and the sections, URLs, dates, places and corrections that point to
them). Files that are not ours (bad JSON, another schema) are reported and skipped: one
stray file in ``data/clean`` must not stop a notebook. Schema versions 1 and 2 are read; what
version 1 did not record (block ids, boxes, spans, places' kinds…) is null.

Each table is built once from a list of plain dicts (fast: no row-by-row appends), then
typed in one place (:data:`DTYPES`): dates as ``date32``, datetimes as datetimes, few-valued
columns as categories, nullable integers where the JSON allows null.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.emit import block_id, section_id
from pipeline.errors import UsageError
from pipeline.review.decisions import is_sidecar

log = logging.getLogger("fiches.load")

SCHEMA_VERSIONS = (1, 2)
TABLES = ("documents", "pages", "blocks", "sections", "urls", "dates", "places", "metadata", "corrections",
          "unknown_words", "cells")
REQUIRED_KEYS = frozenset({"schema_version", "id", "source", "pages", "text", "blocks", "sections",
                           "urls", "dates", "corrections", "unknown_words"})
TEXT_COLUMNS = ("text", "raw_text")
"""Columns of ``documents`` loaded only when asked (``text=True``): they are most of the JSON's size."""

DATE = pd.ArrowDtype(pa.date32())
"""A day, no time: Parquet ``date32``, DuckDB ``DATE``, ``YYYY-MM-DD`` in CSV."""
DATETIME = "datetime64[us]"
"""A printed date with its time (local, no zone): DuckDB ``TIMESTAMP``."""
INSTANT = "datetime64[us, UTC]"
"""A moment in UTC (when a document was processed): DuckDB ``TIMESTAMP WITH TIME ZONE``."""

DTYPES: dict[str, dict[str, Any]] = {
    "documents": {
        "id": "string", "title": "string", "date": DATE, "date_source": "category", "language": "category",
        "source_path": "string", "media_type": "category", "pages": "Int64", "method": "category",
        "ocr_confidence": "Float64", "words": "Int64", "blocks": "Int64", "corrections": "Int64",
        "unknown_words": "Int64", "low_confidence_words": "Int64", "urls": "Int64", "dates": "Int64",
        "places": "Int64", "first_date": DATE, "warnings": "Int64", "schema_version": "Int64",
        "pipeline_version": "string", "dictionary_version": "string", "tesseract": "string",
        "sha256": "string", "bytes": "Int64", "json_path": "string", "processed_at": INSTANT,
        "text": "string", "raw_text": "string",
    },
    "pages": {"id": "string", "page": "Int64", "method": "category", "confidence": "Float64",
              "rotation": "Int64", "skew": "Float64", "width": "Float64", "height": "Float64",
              "unit": "category", "dpi": "Int64", "words": "Int64", "low_confidence_words": "Int64",
              "links": "Int64", "notices": "string"},
    "blocks": {"id": "string", "block_id": "string", "block": "Int64", "section_id": "string",
               "kind": "category", "level": "Int64", "page": "Int64", "x0": "Float64", "top": "Float64",
               "x1": "Float64", "bottom": "Float64", "unit": "category", "start": "Int64", "end": "Int64",
               "language": "category", "text": "string"},
    "sections": {"id": "string", "section_id": "string", "section": "Int64", "heading": "string",
                 "heading_block_id": "string", "level": "Int64", "page": "Int64", "blocks": "Int64",
                 "paragraphs": "Int64", "items": "Int64", "text": "string"},
    "urls": {"id": "string", "url": "string", "raw": "string", "label": "string", "ref": "string",
             "page": "Int64", "block_id": "string", "status": "category", "confidence": "Float64"},
    "dates": {"id": "string", "date": DATE, "datetime": DATETIME, "has_time": "boolean", "raw": "string",
              "label": "string", "page": "Int64", "block_id": "string", "is_document_date": "boolean"},
    "places": {"id": "string", "name": "string", "raw": "string", "kind": "category", "insee": "string",
               "page": "Int64", "source": "category", "block_id": "string"},
    "metadata": {"id": "string", "key": "string", "value": "string"},
    "corrections": {"id": "string", "correction": "Int64", "original": "string", "corrected": "string",
                    "page": "Int64", "start": "Int64", "end": "Int64", "reason": "category",
                    "confidence": "Float64", "block_id": "string"},
    "unknown_words": {"id": "string", "word": "string"},
    "cells": {"id": "string", "block_id": "string", "page": "Int64", "row": "Int64", "column": "Int64",
              "text": "string"},
}


@dataclass
class Corpus:
    """The cleaned archive as tables; join any two on ``id``, elements on ``block_id``."""

    documents: pd.DataFrame
    pages: pd.DataFrame
    blocks: pd.DataFrame
    sections: pd.DataFrame
    urls: pd.DataFrame
    dates: pd.DataFrame
    places: pd.DataFrame
    metadata: pd.DataFrame
    corrections: pd.DataFrame
    unknown_words: pd.DataFrame
    cells: pd.DataFrame
    """Every cell of every table block: its row and column (from 0) and its text."""
    warnings: list[str] = field(default_factory=list)
    """One line per file that was skipped, and why."""

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(table)}" for name, table in self.tables().items())
        return f"Corpus({sizes}, warnings={len(self.warnings)})"


# -- reading (I/O at the edge) ------------------------------------------------------------------


def json_files(path: Path) -> list[Path]:
    """The JSON files under ``path`` (recursively), hidden files and folders excluded.

    Hidden names are the batch runner's own state (index, lock, run report), and `*.review.json`
    files the archivists' review decisions: neither is a document.
    """
    if path.is_file():
        return [path]
    return sorted(
        p for p in path.rglob("*.json")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and not is_sidecar(p)
    )


def read_document(path: Path) -> dict[str, Any]:
    """One JSON document of schema v1 or v2; ValueError (with the reason) for anything else."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    problem = foreign_reason(document)
    if problem:
        raise ValueError(problem)
    return document


def foreign_reason(document: Any) -> str | None:
    """Why a parsed JSON value is not a fiches document we read, or None when it is one.

    A cheap structural check rather than full JSON Schema validation: the writer already
    validated every document, and validating 1,000 of them here would dominate load time.
    """
    if not isinstance(document, dict):
        return f"not a fiches document (a JSON {type(document).__name__}, not an object)"
    if "schema_version" not in document:
        return "not a fiches document (no schema_version)"
    if document["schema_version"] not in SCHEMA_VERSIONS:
        expected = " or ".join(map(str, SCHEMA_VERSIONS))
        return f"unsupported schema_version {document['schema_version']!r} (expected {expected})"
    missing = sorted(REQUIRED_KEYS - document.keys())
    if missing:
        return f"not a fiches document (missing {', '.join(missing)})"
    return None


def load_corpus(path: str | Path = "data/clean", text: bool = False) -> Corpus:
    """Load every cleaned JSON document under ``path`` (a folder or one file) as tables.

    ``text``: also load each document's ``text`` and ``raw_text`` into ``documents`` (most of the
    JSON's size, hence opt-in). Bad or foreign JSON files are skipped: each one is logged on stderr
    and listed in ``Corpus.warnings``. ``documents.processed_at`` is ``pipeline.processed_at``, or
    the JSON file's modification time for documents written before that field existed.
    """
    folder = Path(path)
    if not folder.exists():
        raise FileNotFoundError(f"no such file or folder: {folder}")
    documents: list[tuple[dict[str, Any], Path, float]] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for file in json_files(folder):
        try:
            document = read_document(file)
        except ValueError as exc:
            warnings.append(f"{file}: skipped: {exc}")
            continue
        if document["id"] in seen:
            warnings.append(f"{file}: skipped: same document id {document['id']} as {seen[document['id']]}")
            continue
        seen[document["id"]] = file
        documents.append((document, file, file.stat().st_mtime))
    for warning in warnings:
        log.warning(warning)
    return build_corpus(documents, warnings, text=text)


# -- tables (pure) ------------------------------------------------------------------------------


def build_corpus(documents: list[tuple[dict[str, Any], Path, float]], warnings: list[str],
                 text: bool = False) -> Corpus:
    """The typed tables from already-read documents: (document, JSON path, mtime) triples."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    warnings = list(warnings)
    for document, file, mtime in documents:
        try:
            contributed = document_rows(document, file, mtime)
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            warnings.append(f"{file}: skipped: malformed fiches document ({type(exc).__name__}: {exc})")
            log.warning(warnings[-1])
            continue
        for name, table_rows in contributed.items():
            rows[name].extend(table_rows)
    tables = {name: typed(name, rows[name]) for name in TABLES}
    if not text:
        tables["documents"] = tables["documents"].drop(columns=list(TEXT_COLUMNS))
    return Corpus(**tables, warnings=warnings)


def typed(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One table from its rows, every column typed after :data:`DTYPES` (empty tables too)."""
    dtypes = DTYPES[name]
    frame = pd.DataFrame.from_records(rows, columns=list(dtypes))
    for column, dtype in dtypes.items():
        if dtype is DATE:
            days = pd.to_datetime(frame[column], format="ISO8601", errors="coerce")
            frame[column] = pd.array(days.dt.date.where(days.notna(), None), dtype=DATE)
        elif isinstance(dtype, str) and dtype.startswith("datetime64"):
            values = pd.to_datetime(frame[column], format="ISO8601", errors="coerce", utc="UTC" in dtype)
            frame[column] = values.astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def document_method(pages: list[dict[str, Any]]) -> str | None:
    """How the document's words were obtained: the pages' method, or "mixed"."""
    methods = {p.get("method") for p in pages}
    if not methods:
        return None
    return methods.pop() if len(methods) == 1 else "mixed"


def ocr_confidence(pages: list[dict[str, Any]]) -> float | None:
    """Mean OCR confidence over the document's OCR'd words (pages weighted by word count)."""
    scored = [(p["confidence"], p.get("words") or 1) for p in pages if p.get("confidence") is not None]
    total = sum(weight for _, weight in scored)
    return round(sum(c * w for c, w in scored) / total, 2) if total else None


def day(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` of an ISO date or datetime."""
    return value[:10] if value else None


def document_rows(document: dict[str, Any], file: Path, mtime: float) -> dict[str, list[dict[str, Any]]]:
    """The rows one document contributes to each table."""
    doc_id = document["id"]
    source = document["source"]
    pipeline = document.get("pipeline") or {}
    pages = document["pages"]
    blocks = block_rows(document)
    own_date = document.get("date")
    summary = {
        "id": doc_id,
        "title": document.get("title"),
        "date": day(own_date),
        "date_source": document.get("date_source"),
        "language": document.get("language"),
        "source_path": source.get("path"),
        "media_type": source.get("media_type"),
        "pages": len(pages),
        "method": document_method(pages),
        "ocr_confidence": ocr_confidence(pages),
        "words": sum(p.get("words", 0) for p in pages),
        "blocks": len(blocks),
        "corrections": len(document["corrections"]),
        "unknown_words": len(document["unknown_words"]),
        "low_confidence_words": sum(len(p.get("low_confidence_words", [])) for p in pages),
        "urls": len(document["urls"]),
        "dates": len(document["dates"]),
        "places": len(document.get("places", [])),
        "first_date": min((day(d["date"]) for d in document["dates"]), default=None),
        "warnings": len(document.get("warnings", [])),
        "schema_version": document["schema_version"],
        "pipeline_version": pipeline.get("version"),
        "dictionary_version": pipeline.get("dictionary_version"),
        "tesseract": pipeline.get("tesseract"),
        "sha256": source.get("sha256"),
        "bytes": source.get("bytes"),
        "json_path": str(file),
        "processed_at": pd.Timestamp(pipeline.get("processed_at") or pd.Timestamp(mtime, unit="s", tz="UTC")),
        "text": document.get("text"),
        "raw_text": document.get("raw_text"),
    }
    document_date_seen = False

    def is_document_date(d: dict[str, Any]) -> bool:
        nonlocal document_date_seen
        mine = not document_date_seen and own_date is not None and d["date"] == own_date
        document_date_seen = document_date_seen or mine
        return mine

    return {
        "documents": [summary],
        "pages": [page_row(doc_id, p) for p in pages],
        "blocks": blocks,
        "sections": [section_row(doc_id, i, s, blocks) for i, s in enumerate(document["sections"])],
        "urls": [
            {"id": doc_id, "url": u["url"], "raw": u.get("raw"), "label": u.get("label"),
             "ref": u.get("ref"), "page": u.get("page"), "block_id": u.get("block"),
             "status": u.get("status"), "confidence": u.get("confidence")}
            for u in document["urls"]
        ],
        "dates": [
            {"id": doc_id, "date": day(d["date"]), "datetime": d["date"] if "T" in d["date"] else None,
             "has_time": "T" in d["date"], "raw": d.get("raw"), "label": d.get("label"),
             "page": d.get("page"), "block_id": d.get("block"), "is_document_date": is_document_date(d)}
            for d in document["dates"]
        ],
        "places": [
            {"id": doc_id, "name": p["name"], "raw": p.get("raw"), "kind": p.get("kind"),
             "insee": p.get("insee"), "page": p.get("page"), "source": p.get("source"),
             "block_id": p.get("block")}
            for p in document.get("places", [])
        ],
        "metadata": [{"id": doc_id, "key": key, "value": value}
                     for key, value in (document.get("metadata") or {}).items()],
        "corrections": [
            {"id": doc_id, "correction": i, "block_id": c.get("block"),
             **{k: c.get(k) for k in ("original", "corrected", "page", "start", "end", "reason",
                                      "confidence")}}
            for i, c in enumerate(document["corrections"])
        ],
        "unknown_words": [{"id": doc_id, "word": w} for w in document["unknown_words"]],
        "cells": [
            {"id": doc_id, "block_id": b.get("id"), "page": b["page"], "row": r, "column": c, "text": cell}
            for b in document["blocks"] for r, row in enumerate(b.get("rows") or [])
            for c, cell in enumerate(row)
        ],
    }


def page_row(doc_id: str, page: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc_id, "page": page["number"], "method": page.get("method"),
            "confidence": page.get("confidence"), "rotation": page.get("rotation"), "skew": page.get("skew"),
            "width": page.get("width"), "height": page.get("height"), "unit": page.get("unit"),
            "dpi": page.get("dpi"), "words": page.get("words"),
            "low_confidence_words": len(page.get("low_confidence_words", [])),
            "links": len(page.get("links", [])), "notices": "\n".join(page.get("notices", [])) or None}


def block_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's blocks, each with its box, its span and the section it belongs to. Version 1
    blocks get the ids version 2 would give them; what version 1 did not record is null."""
    doc_id = document["id"]
    units = {p["number"]: p.get("unit") for p in document["pages"]}
    parent = {bid: section_id(doc_id, i) if not s.get("id") else s["id"]
              for i, s in enumerate(document["sections"]) for bid in s.get("blocks", [])
              if isinstance(bid, str)}
    rows = []
    for i, b in enumerate(document["blocks"]):
        bid = b.get("id") or block_id(doc_id, i)
        x0, top, x1, bottom = b.get("bbox") or (None, None, None, None)
        span = b.get("span") or {}
        rows.append({"id": doc_id, "block_id": bid, "block": i, "section_id": parent.get(bid),
                     "kind": b["kind"], "level": b.get("level"), "page": b.get("page"), "x0": x0, "top": top,
                     "x1": x1, "bottom": bottom, "unit": units.get(b.get("page")), "start": span.get("start"),
                     "end": span.get("end"), "language": b.get("language"), "text": b["text"]})
    return rows


def section_row(doc_id: str, index: int, section: dict[str, Any],
                blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """One section: its heading, counts, and its body text (blocks in reading order). Version 2 lists
    its blocks' ids, version 1 copied the blocks."""
    members = section.get("blocks", [])
    if members and isinstance(members[0], str):
        by_id = {b["block_id"]: b for b in blocks}
        body = [by_id[bid] for bid in members if bid in by_id]
    else:
        body = members
    paragraphs = [b for b in body if b["kind"] == "paragraph"] if body else section.get("paragraphs", [])
    items = [b for b in body if b["kind"] == "item"] if body else section.get("items", [])
    texts = [b["text"] for b in body] if body else section.get("paragraphs", []) + section.get("items", [])
    return {"id": doc_id, "section_id": section.get("id") or section_id(doc_id, index), "section": index,
            "heading": section.get("heading"), "heading_block_id": section.get("heading_block"),
            "level": section.get("level"), "page": section.get("page"), "blocks": len(body),
            "paragraphs": len(paragraphs), "items": len(items), "text": "\n\n".join(texts)}


# -- export -------------------------------------------------------------------------------------


FORMATS = ("parquet", "csv")


def csv_ready(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its datetimes as ISO 8601 strings (``2017-02-28T18:30:00``,
    ``2026-12-01T11:11:30+00:00``): pandas would write them with a space."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].map(lambda t: t.isoformat() if pd.notna(t) else None)
    return out


def export(input_dir: Path, out: Path, fmt: str, text: bool = False) -> list[Path]:
    """Write every table of the corpus under ``input_dir`` to ``out/<table>.<fmt>``; the paths written.

    CSV is UTF-8 with ISO 8601 dates and datetimes; Parquet keeps the column types (pyarrow):
    ``date32`` days, microsecond timestamps, dictionary-encoded categories. ``text``: the
    documents' ``text`` and ``raw_text`` too.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose {' or '.join(FORMATS)})")
    if not Path(input_dir).exists():
        raise UsageError(f"no such file or folder: {input_dir}")
    corpus = load_corpus(input_dir, text=text)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in corpus.tables().items():
        target = out / f"{name}.{fmt}"
        if fmt == "parquet":
            table.to_parquet(target, engine="pyarrow", index=False)
        else:
            csv_ready(table).to_csv(target, index=False)
        written.append(target)
    log.info("wrote %d tables (%d documents) to %s", len(written), len(corpus.documents), out)
    return written
