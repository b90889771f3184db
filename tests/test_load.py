"""load_corpus() and export on a small corpus the tests build with the real pipeline.

The corpus: transcriptions run through process_file, one document enriched by hand with
what a scan would carry (corrections, dates, URLs, places...), and the files that must
not stop a load: a foreign JSON, a broken JSON, another schema version, a malformed one.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import pipeline
from pipeline import cli, emit
from pipeline.errors import UsageError
from pipeline.load import TABLES, export, load_corpus
from pipeline.process import process_file
from pipeline.settings import Settings

TRANSCRIPTIONS = {
    "conseil-lens.txt": "Compte rendu du conseil citoyen de Lens\n\nLa réunion s'est tenue à la mairie.\n",
    "atelier-lille.txt": "Atelier de la politique de la ville\n\nLes habitants de Lille ont participé.\n",
    "bilan-douai.txt": "Bilan annuel du contrat de ville\n\nDouai, quartier Gayant.\n",
}
PROCESSED_AT = 1_700_000_000  # 2023-11-14T22:13:20Z, set as the JSON files' mtime


def processed(folder: Path, name: str, text: str) -> dict[str, Any]:
    source = folder / name
    source.write_text(text, encoding="utf-8")
    return process_file(source, Settings())


def enriched(document: dict[str, Any]) -> dict[str, Any]:
    """A copy with the parts a corrected scan carries, offsets computed from its own text."""
    document = copy.deepcopy(document)
    document["id"] = "00000000000000ab"
    document["source"].update(path="scans/lens.jpg", media_type="image/jpeg", sha256="ab" * 32)
    document["title"] = "Compte rendu du conseil citoyen de Lens"
    text = document["text"]
    start = text.index("réunion")
    document["corrections"] = [
        {"original": "rèunion", "corrected": "réunion", "page": 1, "start": start, "end": start + 7,
         "reason": "ocr-confusion", "confidence": 0.9},
        {"original": "qu une", "corrected": "qu'une", "page": 2, "start": None, "end": None,
         "reason": "merge", "confidence": 0.6},
        {"original": "rnairie", "corrected": "mairie", "page": 1, "start": text.index("mairie"),
         "end": text.index("mairie") + 6, "reason": "ocr-confusion", "confidence": 0.7},
    ]
    document["dates"] = [
        {"date": "2017-02-28T18:30", "raw": "28 février 2017 à 18 h 30", "label": "Date", "page": 1},
        {"date": "2016-12-01", "raw": "1er décembre 2016", "label": None, "page": 2},
    ]
    document["urls"] = [{"url": "https://www.villedelens.fr/cr", "raw": "www.villedelens.fr/\ncr",
                         "label": None, "ref": "1", "page": 2}]
    document["places"] = [{"name": "Lens", "raw": "Lens", "page": 1, "source": "dictionary"},
                          {"name": "Lens", "raw": "LENS", "page": 2, "source": "dictionary"},
                          {"name": "Arras", "raw": "Arras", "page": 2, "source": "ner"}]
    document["unknown_words"] = ["Sellier", "Dumas"]
    first = dict(document["pages"][0], number=1, method="ocr", confidence=80.0, words=30,
                 low_confidence_words=[{"text": "rnairie", "confidence": 41.0}])
    document["pages"] = [first, dict(first, number=2, confidence=50.0, words=10, low_confidence_words=[])]
    emit.validate(document)
    return document


def version_1(document: dict[str, Any]) -> dict[str, Any]:
    """The document as schema version 1 wrote it: no block ids, boxes, spans, pointers or own date;
    sections copied their blocks."""
    old = copy.deepcopy(document)
    old["schema_version"] = 1
    old["id"] = "00000000000000c1"
    for key in ("date", "date_source", "language"):
        del old[key]
    for page in old["pages"]:
        del page["unit"], page["dpi"]
    blocks = {b["id"]: {k: b[k] for k in ("kind", "text", "page", "level")} for b in old["blocks"]}
    old["blocks"] = list(blocks.values())
    for section in old["sections"]:
        body = [blocks[bid] for bid in section["blocks"]]
        section.update(paragraphs=[b["text"] for b in body if b["kind"] == "paragraph"],
                       items=[b["text"] for b in body if b["kind"] == "item"], blocks=body)
        del section["id"], section["heading_block"]
    for entry in old["dates"] + old["places"] + old["urls"] + old["corrections"]:
        entry.pop("block", None)
    for place in old["places"]:
        place.pop("kind", None), place.pop("insee", None)
    return old


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of cleaned JSON as `fiches run` would leave it, plus files that are not ours."""
    root = tmp_path_factory.mktemp("corpus")
    raw, out = root / "raw", root / "clean"
    raw.mkdir()
    documents = [processed(raw, name, text) for name, text in TRANSCRIPTIONS.items()]
    for document, name in zip(documents, TRANSCRIPTIONS, strict=True):
        sub = "2017" if name.startswith("bilan") else ""
        emit.write_atomic(out / sub / f"{Path(name).stem}.json", emit.dumps(document))
    emit.write_atomic(out / "lens-scan.json", emit.dumps(enriched(documents[0])))
    emit.write_atomic(out / "old" / "lens-v1.json", emit.dumps(version_1(enriched(documents[0]))))
    (out / "foreign.json").write_text(json.dumps({"name": "not a fiche", "items": [1, 2]}), encoding="utf-8")
    (out / "broken.json").write_text('{"schema_version": 1, "id": ', encoding="utf-8")
    (out / "future.json").write_text(json.dumps(dict(documents[1], schema_version=3)), encoding="utf-8")
    (out / "malformed.json").write_text(json.dumps(dict(documents[1], id="00000000000000ff", pages=None)),
                                        encoding="utf-8")
    (out / ".fiches-index.json").write_text("{}", encoding="utf-8")  # the batch runner's own state
    for path in out.rglob("*.json"):
        os.utime(path, (PROCESSED_AT, PROCESSED_AT))
    return out


@pytest.fixture(scope="module")
def corpus(clean: Path) -> pipeline.load.Corpus:
    return load_corpus(clean)


def test_loads_every_document_once_and_skips_what_is_not_ours(corpus, clean: Path) -> None:
    assert len(corpus.documents) == 5
    assert corpus.documents["id"].is_unique
    assert "00000000000000ab" in set(corpus.documents["id"])
    skipped = " ".join(corpus.warnings)
    for name in ("foreign.json", "broken.json", "future.json", "malformed.json"):
        assert name in skipped
    assert ".fiches-index.json" not in skipped
    assert "not valid JSON" in skipped and "schema_version 3" in skipped
    assert len(corpus.warnings) == 4


def test_skipped_files_are_logged(clean: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fiches.load"):
        load_corpus(clean)
    logged = [r.getMessage() for r in caplog.records if r.name == "fiches.load"]
    assert any("foreign.json" in line and "skipped" in line for line in logged)
    assert any("broken.json" in line for line in logged)


def test_package_exports_load_corpus(clean: Path) -> None:
    assert len(pipeline.load_corpus(clean).documents) == 5


def test_documents_table_summarises_each_document(corpus) -> None:
    documents = corpus.documents.set_index("id")
    scan = documents.loc["00000000000000ab"]
    assert scan["title"] == "Compte rendu du conseil citoyen de Lens"
    assert scan["pages"] == 2 and scan["method"] == "ocr"
    assert scan["ocr_confidence"] == pytest.approx((80 * 30 + 50 * 10) / 40)
    assert scan["corrections"] == 3 and scan["unknown_words"] == 2 and scan["low_confidence_words"] == 1
    assert scan["places"] == 3 and scan["schema_version"] == 2
    assert scan["first_date"] == dt.date(2016, 12, 1)
    transcription = documents[documents["source_path"].str.endswith("atelier-lille.txt")].iloc[0]
    assert transcription["method"] == "text" and transcription["media_type"] == "text/plain"
    assert pd.isna(transcription["ocr_confidence"]) and pd.isna(transcription["first_date"])
    assert transcription["json_path"].endswith("atelier-lille.json")


def test_columns_are_typed(corpus) -> None:
    documents, dates, corrections = corpus.documents, corpus.dates, corpus.corrections
    assert str(documents["first_date"].dtype) == str(documents["date"].dtype) == "date32[day][pyarrow]"
    assert str(documents["processed_at"].dtype) == "datetime64[us, UTC]"
    # pipeline.processed_at is read first; the files' mtime (set long ago) only when it is absent
    assert (documents["processed_at"] > pd.Timestamp(PROCESSED_AT, unit="s", tz="UTC")).all()
    assert str(dates["date"].dtype) == "date32[day][pyarrow]"
    assert str(dates["datetime"].dtype) == "datetime64[us]"
    for table, column in [(documents, "media_type"), (documents, "method"), (corrections, "reason"),
                          (corpus.blocks, "kind"), (corpus.places, "kind"), (corpus.pages, "unit")]:
        assert isinstance(table[column].dtype, pd.CategoricalDtype), column
    assert str(corrections["start"].dtype) == "Int64"
    assert set(corpus.documents["media_type"].cat.categories) == {"text/plain", "image/jpeg"}


def test_child_tables_join_on_document_id(corpus) -> None:
    ids = set(corpus.documents["id"])
    for name in TABLES:
        assert set(corpus.tables()[name]["id"]) <= ids, name
    per_document = corpus.corrections.groupby("id").size()
    joined = corpus.documents.set_index("id")["corrections"]
    assert (joined[per_document.index] == per_document).all()
    merged = corpus.corrections.merge(corpus.documents[["id", "source_path"]], on="id")
    assert set(merged["source_path"]) == {"scans/lens.jpg"}
    blocks = corpus.blocks.dropna(subset=["section_id"])
    assert set(blocks["section_id"]) <= set(corpus.sections["section_id"])


def test_child_tables_keep_the_details(corpus) -> None:
    fixes = corpus.corrections[corpus.corrections["id"] == "00000000000000ab"].sort_values("correction")
    assert list(fixes["original"]) == ["rèunion", "qu une", "rnairie"]
    assert fixes["start"].isna().tolist() == [False, True, False]
    dates = corpus.dates[corpus.dates["id"] == "00000000000000ab"].sort_values("date")
    assert dates["date"].tolist() == [dt.date(2016, 12, 1), dt.date(2017, 2, 28)]
    assert dates["datetime"].isna().tolist() == [True, False]
    assert dates["datetime"].iloc[1] == pd.Timestamp("2017-02-28 18:30")
    assert dates["has_time"].tolist() == [False, True]
    assert corpus.urls.iloc[0]["url"] == "https://www.villedelens.fr/cr"
    unknown = corpus.unknown_words[corpus.unknown_words["id"] == "00000000000000ab"]
    assert sorted(unknown["word"]) == ["Dumas", "Sellier"]
    lens = corpus.sections[corpus.sections["id"] == "00000000000000ab"]
    assert "réunion" in " ".join(lens["text"])
    transcribed = corpus.blocks[corpus.blocks["id"] != "00000000000000ab"]
    assert transcribed["text"].str.contains("Lille").any()


def test_pages_places_and_metadata_tables(corpus) -> None:
    pages = corpus.pages[corpus.pages["id"] == "00000000000000ab"].set_index("page")
    assert pages["confidence"].tolist() == [80.0, 50.0] and pages["low_confidence_words"].tolist() == [1, 0]
    places = corpus.places
    lille = places[places["name"] == "Lille"].iloc[0]
    assert (lille["kind"], lille["insee"]) == ("commune", "59350")
    douai = corpus.documents[corpus.documents["source_path"].str.endswith("bilan-douai.txt")]["id"].iloc[0]
    assert "Douai" in set(places[places["id"] == douai]["name"])
    assert corpus.metadata.columns.tolist() == ["id", "key", "value"]


def test_version_1_documents_are_read_with_what_they_had(corpus) -> None:
    old = corpus.documents.set_index("id").loc["00000000000000c1"]
    assert old["schema_version"] == 1 and pd.isna(old["date"]) and old["corrections"] == 3
    blocks = corpus.blocks[corpus.blocks["id"] == "00000000000000c1"]
    assert blocks["block_id"].tolist() == [f"00000000000000c1-b{i:04d}" for i in range(1, len(blocks) + 1)]
    assert blocks["x0"].isna().all() and blocks["start"].isna().all()
    sections = corpus.sections[corpus.sections["id"] == "00000000000000c1"]
    new = corpus.sections[corpus.sections["id"] == "00000000000000ab"]
    assert sections["text"].tolist() == new["text"].tolist()
    assert sections["paragraphs"].tolist() == new["paragraphs"].tolist()


def test_text_columns_are_opt_in(clean: Path) -> None:
    assert "text" not in load_corpus(clean).documents.columns
    documents = load_corpus(clean, text=True).documents.set_index("id")
    assert "réunion" in documents.loc["00000000000000ab", "text"]
    assert documents["raw_text"].notna().all()


def test_empty_folder_gives_empty_typed_tables(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path)
    assert all(table.empty for table in corpus.tables().values())
    assert corpus.warnings == []
    assert str(corpus.documents["processed_at"].dtype) == "datetime64[us, UTC]"
    assert isinstance(corpus.corrections["reason"].dtype, pd.CategoricalDtype)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path / "nowhere")


def test_same_document_twice_is_reported(tmp_path: Path) -> None:
    document = processed(tmp_path, "a.txt", "Un texte.\n")
    for name in ("a.json", "copy/a.json"):
        emit.write_atomic(tmp_path / "clean" / name, emit.dumps(document))
    corpus = load_corpus(tmp_path / "clean")
    assert len(corpus.documents) == 1
    assert len(corpus.warnings) == 1 and "same document id" in corpus.warnings[0]


def test_export_parquet_keeps_types(clean: Path, corpus, tmp_path: Path) -> None:
    written = export(clean, tmp_path / "tables", "parquet")
    assert sorted(p.name for p in written) == sorted(f"{name}.parquet" for name in TABLES)
    documents = pd.read_parquet(tmp_path / "tables" / "documents.parquet")
    assert len(documents) == len(corpus.documents)
    assert str(documents["processed_at"].dtype).startswith("datetime64")
    assert isinstance(documents["media_type"].dtype, pd.CategoricalDtype)
    corrections = pd.read_parquet(tmp_path / "tables" / "corrections.parquet")
    assert corrections["start"].isna().sum() == 2  # one in the scan, one in its version-1 copy


def test_cli_export_csv(clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert cli.main(["export", "--format", "csv", "--input", str(clean), "--out", str(out)]) == 0
    dates = pd.read_csv(out / "dates.csv", parse_dates=["date"])
    assert dates["date"].min() == pd.Timestamp("2016-12-01")
    assert len(pd.read_csv(out / "documents.csv")) == 5
    assert not (out / "documents.csv").read_text(encoding="utf-8").count("Les habitants de Lille")
    assert cli.main(["export", "--format", "csv", "--input", str(clean), "--out", str(out), "--text"]) == 0
    assert "Les habitants de Lille" in (out / "documents.csv").read_text(encoding="utf-8")


def test_export_rejects_bad_format_and_missing_input(clean: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        export(clean, tmp_path, "xlsx")
    assert cli.main(["export", "--input", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
