"""Folder of cleaned JSON → tidy pandas tables, and export of those tables to Parquet or CSV.

Analysts want the archive as a handful of joinable tables, not a folder of nested JSON.
Every table carries the document ``id`` (the stable id of schema v1), so any two tables
join on it. Files that are not ours (bad JSON, another schema) are reported and skipped:
one stray file in ``data/clean`` must not stop a notebook.

Each table is built once from a list of plain dicts (fast: no row-by-row appends), then
typed in one place (:data:`DTYPES`): datetimes as datetimes, few-valued columns as
categories, nullable integers where the JSON allows null.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import UsageError

log = logging.getLogger("fiches.load")

SCHEMA_VERSION = 1
TABLES = ("documents", "blocks", "sections", "urls", "dates", "corrections", "unknown_words")
REQUIRED_KEYS = frozenset({"schema_version", "id", "source", "pages", "text", "blocks", "sections",
                           "urls", "dates", "corrections", "unknown_words"})

DTYPES: dict[str, dict[str, str]] = {
    "documents": {
        "id": "string", "title": "string", "source_path": "string", "media_type": "category",
        "pages": "Int64", "method": "category", "ocr_confidence": "Float64", "words": "Int64",
        "corrections": "Int64", "unknown_words": "Int64", "low_confidence_words": "Int64",
        "urls": "Int64", "dates": "Int64", "first_date": "datetime64[ns]", "places": "string",
        "warnings": "Int64", "pipeline_version": "string", "dictionary_version": "string",
        "tesseract": "string", "sha256": "string", "bytes": "Int64", "json_path": "string",
        "processed_at": "datetime64[ns, UTC]",
    },
    "blocks": {"id": "string", "block": "Int64", "kind": "category", "level": "Int64", "page": "Int64",
               "text": "string"},
    "sections": {"id": "string", "section": "Int64", "heading": "string", "level": "Int64",
                 "page": "Int64", "paragraphs": "Int64", "items": "Int64", "text": "string"},
    "urls": {"id": "string", "url": "string", "raw": "string", "label": "string", "ref": "string",
             "page": "Int64"},
    "dates": {"id": "string", "date": "datetime64[ns]", "has_time": "boolean", "raw": "string",
              "label": "string", "page": "Int64"},
    "corrections": {"id": "string", "correction": "Int64", "original": "string", "corrected": "string",
                    "page": "Int64", "start": "Int64", "end": "Int64", "reason": "category",
                    "confidence": "Float64"},
    "unknown_words": {"id": "string", "word": "string"},
}


@dataclass
class Corpus:
    """The cleaned archive as tables; join any two on ``id``."""

    documents: pd.DataFrame
    blocks: pd.DataFrame
    sections: pd.DataFrame
    urls: pd.DataFrame
    dates: pd.DataFrame
    corrections: pd.DataFrame
    unknown_words: pd.DataFrame
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

    Hidden names are the batch runner's own state (index, lock, run report), not documents.
    """
    if path.is_file():
        return [path]
    return sorted(
        p for p in path.rglob("*.json")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def read_document(path: Path) -> dict[str, Any]:
    """One JSON document of schema v1; ValueError (with the reason) for anything else."""
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
    """Why a parsed JSON value is not a schema-v1 document, or None when it is one.

    A cheap structural check rather than full JSON Schema validation: the writer already
    validated every document, and validating 1,000 of them here would dominate load time.
    """
    if not isinstance(document, dict):
        return f"not a fiches document (a JSON {type(document).__name__}, not an object)"
    if "schema_version" not in document:
        return "not a fiches document (no schema_version)"
    if document["schema_version"] != SCHEMA_VERSION:
        return f"unsupported schema_version {document['schema_version']!r} (expected {SCHEMA_VERSION})"
    missing = sorted(REQUIRED_KEYS - document.keys())
    if missing:
        return f"not a fiches document (missing {', '.join(missing)})"
    return None


def load_corpus(path: str | Path = "data/clean") -> Corpus:
    """Load every cleaned JSON document under ``path`` (a folder or one file) as tables.

    Bad or foreign JSON files are skipped: each one is logged on stderr and listed in
    ``Corpus.warnings``. ``documents.processed_at`` is ``pipeline.processed_at``, or the
    JSON file's modification time for documents written before that field existed.
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
    return build_corpus(documents, warnings)


# -- tables (pure) ------------------------------------------------------------------------------


def build_corpus(documents: list[tuple[dict[str, Any], Path, float]], warnings: list[str]) -> Corpus:
    """The typed tables from already-read documents: (document, JSON path, mtime) triples."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    warnings = list(warnings)
    for document, file, mtime in documents:
        try:
            contributed = document_rows(document, file, mtime)
        except (KeyError, TypeError, AttributeError) as exc:
            warnings.append(f"{file}: skipped: malformed fiches document ({type(exc).__name__}: {exc})")
            log.warning(warnings[-1])
            continue
        for name, table_rows in contributed.items():
            rows[name].extend(table_rows)
    tables = {name: typed(name, rows[name]) for name in TABLES}
    first = tables["dates"].groupby("id", observed=True)["date"].min()
    tables["documents"]["first_date"] = first.reindex(tables["documents"]["id"]).to_numpy()
    return Corpus(**tables, warnings=warnings)


def typed(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One table from its rows, every column typed after :data:`DTYPES` (empty tables too)."""
    dtypes = DTYPES[name]
    frame = pd.DataFrame.from_records(rows, columns=list(dtypes))
    for column, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
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


def document_rows(document: dict[str, Any], file: Path, mtime: float) -> dict[str, list[dict[str, Any]]]:
    """The rows one document contributes to each table."""
    doc_id = document["id"]
    source = document["source"]
    pipeline = document.get("pipeline") or {}
    pages = document["pages"]
    places = [p["name"] for p in document.get("places", [])]
    summary = {
        "id": doc_id,
        "title": document.get("title"),
        "source_path": source.get("path"),
        "media_type": source.get("media_type"),
        "pages": len(pages),
        "method": document_method(pages),
        "ocr_confidence": ocr_confidence(pages),
        "words": sum(p.get("words", 0) for p in pages),
        "corrections": len(document["corrections"]),
        "unknown_words": len(document["unknown_words"]),
        "low_confidence_words": sum(len(p.get("low_confidence_words", [])) for p in pages),
        "urls": len(document["urls"]),
        "dates": len(document["dates"]),
        "places": "; ".join(dict.fromkeys(places)) or None,
        "warnings": len(document.get("warnings", [])),
        "pipeline_version": pipeline.get("version"),
        "dictionary_version": pipeline.get("dictionary_version"),
        "tesseract": pipeline.get("tesseract"),
        "sha256": source.get("sha256"),
        "bytes": source.get("bytes"),
        "json_path": str(file),
        "processed_at": pd.Timestamp(pipeline.get("processed_at") or pd.Timestamp(mtime, unit="s", tz="UTC")),
    }
    return {
        "documents": [summary],
        "blocks": [
            {"id": doc_id, "block": i, "kind": b["kind"], "level": b.get("level"), "page": b.get("page"),
             "text": b["text"]}
            for i, b in enumerate(document["blocks"])
        ],
        "sections": [section_row(doc_id, i, s) for i, s in enumerate(document["sections"])],
        "urls": [
            {"id": doc_id, "url": u["url"], "raw": u.get("raw"), "label": u.get("label"),
             "ref": u.get("ref"), "page": u.get("page")}
            for u in document["urls"]
        ],
        "dates": [
            {"id": doc_id, "date": d["date"], "has_time": "T" in d["date"], "raw": d.get("raw"),
             "label": d.get("label"), "page": d.get("page")}
            for d in document["dates"]
        ],
        "corrections": [
            {"id": doc_id, "correction": i, **{k: c.get(k) for k in
                                             ("original", "corrected", "page", "start", "end",
                                              "reason", "confidence")}}
            for i, c in enumerate(document["corrections"])
        ],
        "unknown_words": [{"id": doc_id, "word": w} for w in document["unknown_words"]],
    }


def section_row(doc_id: str, index: int, section: dict[str, Any]) -> dict[str, Any]:
    """One section: its heading, counts, and its body text (blocks in reading order)."""
    paragraphs = section.get("paragraphs", [])
    items = section.get("items", [])
    body = [b["text"] for b in section["blocks"]] if section.get("blocks") else paragraphs + items
    return {"id": doc_id, "section": index, "heading": section.get("heading"),
            "level": section.get("level"), "page": section.get("page"),
            "paragraphs": len(paragraphs), "items": len(items), "text": "\n\n".join(body)}


# -- export -------------------------------------------------------------------------------------


FORMATS = ("parquet", "csv")


def export(input_dir: Path, out: Path, fmt: str) -> list[Path]:
    """Write every table of the corpus under ``input_dir`` to ``out/<table>.<fmt>``; the paths written.

    CSV is UTF-8 with ISO 8601 datetimes; Parquet keeps the column types (pyarrow).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose {' or '.join(FORMATS)})")
    if not Path(input_dir).exists():
        raise UsageError(f"no such file or folder: {input_dir}")
    corpus = load_corpus(input_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in corpus.tables().items():
        target = out / f"{name}.{fmt}"
        if fmt == "parquet":
            table.to_parquet(target, engine="pyarrow", index=False)
        else:
            table.to_csv(target, index=False)
        written.append(target)
    log.info("wrote %d tables (%d documents) to %s", len(written), len(corpus.documents), out)
    return written
