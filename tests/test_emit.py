"""emit: text rendering, correction offsets, schema validation, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline import emit
from pipeline.model import Block, Document, Fix, Line, Page, Source, Span, Word


def _document(words: list[Word], blocks: list[Block]) -> Document:
    source = Source(path="fiche.txt", sha256="ab" * 32, bytes=10, media_type="text/plain")
    page = Page(number=1, method="text", lines=[Line(words=words)])
    return Document(source=source, pages=[page], blocks=blocks)


def _block(kind: str, words: list[Word]) -> Block:
    text, spans = "", []
    for word in words:
        text += " " if text else ""
        spans.append(Span(word, len(text), len(text) + len(word.text)))
        text += word.text
    return Block(kind=kind, text=text, page=1, spans=spans)


def test_items_stand_on_consecutive_lines_and_paragraphs_are_separated_by_a_blank_line() -> None:
    blocks = [
        Block("heading", "Les étapes", 1, level=1),
        Block("item", "choisir un thème", 1),
        Block("item", "préparer les questions", 1),
        Block("paragraph", "Fin.", 1),
    ]
    text, offsets = emit.render_text(blocks)
    assert text == "Les étapes\n\n- choisir un thème\n- préparer les questions\n\nFin."
    for block, offset in zip(blocks, offsets, strict=True):
        assert text[offset : offset + len(block.text)] == block.text


def test_correction_offsets_point_at_the_corrected_word_in_text() -> None:
    fixed = Word(original="peliique", text="politique", fix=Fix(reason="confusion", confidence=0.9))
    first = [Word(original="La"), fixed, Word(original="de"), Word(original="la"), Word(original="ville")]
    second = [Word(original="Un"), Word(original="groupe")]
    doc = _document(first + second, [_block("title", second), _block("paragraph", first)])
    document = emit.to_dict(doc, dictionary_version="test")
    (correction,) = document["corrections"]
    assert document["text"][correction["start"] : correction["end"]] == "politique"
    assert correction["original"] == "peliique"
    assert "peliique" in document["raw_text"] and "peliique" not in document["text"]


def test_a_merged_correction_reports_the_whole_original() -> None:
    merged = Word(original="qu", text="qu'une", fix=Fix(reason="elision", confidence=0.8, original="qu une"))
    dropped = Word(original="une", text="")
    doc = _document([merged, dropped], [_block("paragraph", [merged])])
    document = emit.to_dict(doc, dictionary_version="test")
    assert document["text"] == "qu'une"
    assert document["corrections"][0]["original"] == "qu une"


def test_every_emitted_document_follows_the_schema_and_a_broken_one_does_not() -> None:
    doc = _document([Word(original="Bonjour")], [_block("paragraph", [Word(original="Bonjour")])])
    document = emit.to_dict(doc, dictionary_version="test")
    emit.validate(document)
    del document["text"]
    with pytest.raises(jsonschema.ValidationError):
        emit.validate(document)


def test_the_id_is_derived_from_the_source_bytes() -> None:
    assert emit.document_id("0123456789abcdef" * 4) == "0123456789abcdef"


def test_write_atomic_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "fiche.json"
    emit.write_atomic(target, json.dumps({"a": 1}))
    emit.write_atomic(target, json.dumps({"a": 2}))
    assert json.loads(target.read_text()) == {"a": 2}
    assert [p.name for p in target.parent.iterdir()] == ["fiche.json"]
    assert target.stat().st_mode & 0o044 == 0o044  # readable by the analysts, not only the cron account


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "fiche.json"
    target.write_text("old")
    with pytest.raises(TypeError):  # bytes cannot be written to a text file: fails mid-write
        emit.write_atomic(target, b"new")  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["fiche.json"]
