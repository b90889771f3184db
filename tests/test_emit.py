"""emit: text rendering, correction offsets, schema validation, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline import emit
from pipeline.dates import DateSource
from pipeline.gazetteer import PlaceKind
from pipeline.model import (
    Block,
    BlockKind,
    DateMention,
    Document,
    Fix,
    Line,
    Page,
    PageMethod,
    Place,
    Reason,
    Section,
    Source,
    Span,
    Url,
    Word,
)


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


def test_blocks_get_ids_spans_and_boxes_within_their_page_and_others_point_to_them() -> None:
    words = [Word(original="Lens"), Word(original="le"), Word(original="3"), Word(original="mai")]
    title = Block("title", "Lens", 1, bbox=(-3.0, 10.0, 400.0, 40.0), language="fr")
    heading = Block("heading", "Séance", 1, level=1, bbox=(20.0, 50.0, 300.0, 80.0))
    body = Block("paragraph", "le 3 mai", 1, bbox=(20.0, 90.0, 2600.0, 3600.0))
    doc = _document(words, [title, heading, body])
    doc.pages[0] = Page(number=1, method="ocr", lines=doc.pages[0].lines, width=2480.0, height=3508.0,
                        dpi=300)
    doc.sections = [Section(heading=None, level=0), Section(heading=heading, level=1, blocks=[body])]
    doc.dates = [DateMention(date="2019-05-03", raw="3 mai", page=1, block=2)]
    doc.places = [Place(name="Lens", raw="Lens", page=1, block=0, kind="commune", insee="62498")]
    doc.urls = [Url(url="https://www.lens.fr", raw="https://www.lens.fr", page=1)]
    document = emit.to_dict(doc, dictionary_version="test")
    emit.validate(document)
    ids = [b["id"] for b in document["blocks"]]
    assert ids == ["abababababababab-b0001", "abababababababab-b0002", "abababababababab-b0003"]
    for block in document["blocks"]:
        assert document["text"][block["span"]["start"] : block["span"]["end"]] == block["text"]
    assert document["blocks"][0]["bbox"] == [0.0, 10.0, 400.0, 40.0]  # the overhang is cut at the paper
    assert document["blocks"][2]["bbox"] == [20.0, 90.0, 2480.0, 3508.0]
    assert document["blocks"][0]["language"] == "fr" and document["blocks"][1]["language"] is None
    assert (document["pages"][0]["unit"], document["pages"][0]["dpi"]) == ("px", 300)
    section = document["sections"][1]
    assert section["heading_block"] == ids[1] and section["blocks"] == [ids[2]]
    assert document["dates"][0]["block"] == ids[2] and document["places"][0]["block"] == ids[0]
    assert document["urls"][0]["block"] is None


def _schemas(node: object, path: str = "$"):  # noqa: ANN202 - yields (path, sub-schema)
    """Every sub-schema that describes a field: properties, array items, additionalProperties, $defs."""
    if not isinstance(node, dict):
        return
    for key in ("properties", "$defs"):
        for name, child in node.get(key, {}).items():
            yield f"{path}.{name}", child
            yield from _schemas(child, f"{path}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield f"{path}[{key}]", node[key]
            yield from _schemas(node[key], f"{path}[{key}]")


def test_no_schema_field_lacks_a_description() -> None:
    schema = emit.schema()
    undescribed = [path for path, child in _schemas(schema)
                   if not child.get("description") and "$ref" not in child
                   and not (path.endswith("[items]") and set(child) <= {"type", "minimum"})]
    assert undescribed == []
    assert schema["$id"].startswith("urn:") and schema["properties"]["schema_version"]["const"] == 2
    for field in ("kind", "method", "reason", "status"):
        enums = [child for path, child in _schemas(schema) if path.endswith(f".{field}")]
        assert enums and all("enum" in child for child in enums), field


def test_the_schemas_closed_lists_are_the_codes_own() -> None:
    properties = emit.schema()["properties"]
    places = properties["places"]["items"]["properties"]
    assert set(places["kind"]["enum"]) == {k.value for k in PlaceKind} | {None}
    assert set(properties["date_source"]["enum"]) == {s.value for s in DateSource} | {None}
    assert set(properties["pages"]["items"]["properties"]["method"]["enum"]) == {m.value for m in PageMethod}
    assert set(emit.schema()["$defs"]["block"]["properties"]["kind"]["enum"]) == {k.value for k in BlockKind}
    reasons = properties["corrections"]["items"]["properties"]["reason"]["enum"]
    assert set(reasons) == {r.value for r in Reason}
    units = properties["pages"]["items"]["properties"]["unit"]["enum"]
    assert set(units) == set(emit.UNITS.values()) | {None}
