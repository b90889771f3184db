"""What an analyst asks of the archive, answered from the exported tables (Parquet and CSV) with
pandas and with DuckDB, each answer checked against the same figure computed from the JSON.

The corpus is made by the real pipeline: transcriptions, a born-digital PDF and a scan OCR'd by
Tesseract; one more document carries by hand what other scans carry (a doubtful page, URLs the
URL model repaired, corrections of several kinds), so every question has a non-empty answer.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fixtures import REPO, build_text_pdf, render_text_image, save_image

from pipeline import emit
from pipeline.load import TABLES, export, load_corpus
from pipeline.process import process_file
from pipeline.settings import Settings

README = REPO / "README.md"
TRANSCRIPTIONS = {
    "cr-lens-2018.txt": "Compte rendu du conseil citoyen\n\nDate : 12 mars 2018\nLieu : Lens\n\n"
                        "Les habitants de Lens et de Liévin ont parlé du renouvellement urbain.\n",
    "atelier-roubaix.txt": "Atelier de la politique de la ville\n\nDate : 5 avril 2019\n\n"
                           "À Roubaix, les habitants ont participé : https://www.ville-roubaix.fr/atelier\n",
    "bilan-lens.txt": "Bilan annuel du contrat de ville\n\nLens et Douai ont signé le 2 mai 2018.\n\n"
                      "Fait à Lens, le 3 décembre 2019\n",
    "note.txt": "Note de synthèse\n\nLes quartiers d'Arras restent prioritaires.\n",
}
PDF_PAGES = ["Réunion plénière du conseil citoyen", "Date : 7 mars 2019\nLieu : Denain\n\n"
             "Les habitants de Denain et de Valenciennes étaient présents.\n"
             "Une seconde ligne du même paragraphe."]
SCAN = ("Compte rendu du conseil citoyen de Liévin\n\nDate : 14 juin 2018\n\n"
        "Les habitants de Liévin et de Lens ont parlé\ndu contrat de ville et des écoles.")
THRESHOLD = 70


def duckdb():  # noqa: ANN201 - the duckdb module
    """DuckDB, a dev dependency: a virtualenv made before it was added skips (``make setup`` adds it)."""
    return pytest.importorskip("duckdb", reason="duckdb is not installed: pip install -e '.[dev]'")


def make_sources(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in TRANSCRIPTIONS.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    paths.append(build_text_pdf(folder / "pleniere-denain.pdf", PDF_PAGES))
    paths.append(save_image(render_text_image(SCAN, width_cm=15), folder / "cr-lievin.png"))
    return paths


def hand_enriched(document: dict[str, Any]) -> dict[str, Any]:
    """A copy with what another scan carries: a doubtful second page, URLs the URL model judged,
    corrections of several reasons (offsets from its own text)."""
    document = copy.deepcopy(document)
    document["id"] = "00000000000000ab"
    document["source"].update(path="scans/lens.jpg", media_type="image/jpeg", sha256="ab" * 32)
    for block in document["blocks"]:
        block["id"] = block["id"].replace(block["id"][:16], document["id"])
    for section in document["sections"]:
        section["id"] = section["id"].replace(section["id"][:16], document["id"])
        section["blocks"] = [b.replace(b[:16], document["id"]) for b in section["blocks"]]
        if section["heading_block"]:
            section["heading_block"] = section["heading_block"].replace(section["heading_block"][:16],
                                                                        document["id"])
    for entry in document["dates"] + document["places"] + document["urls"]:
        if entry.get("block"):
            entry["block"] = entry["block"].replace(entry["block"][:16], document["id"])
    first = document["pages"][0]
    document["pages"] = [dict(first, number=1, confidence=82.5), dict(first, number=2, confidence=51.0)]
    text = document["text"]
    document["corrections"] = [
        {"original": original, "corrected": word, "page": 1, "start": text.index(word),
         "end": text.index(word) + len(word), "reason": reason, "confidence": 0.8, "block": None}
        for original, word, reason in [("habitauts", "habitants", "ocr-confusion"),
                                       ("Lcns", "Lens", "ocr-confusion"), ("ontparlé", "ont", "split")]
    ]
    document["urls"] = [
        {"url": "https://www.villedelens.fr/cr", "raw": "www.vi1ledelens.fr/cr", "label": None, "ref": None,
         "page": 1, "block": None, "status": "repaired", "confidence": 0.7},
        {"url": "https://www.lens.fr", "raw": "https://www.lens.fr", "label": None, "ref": None, "page": 2,
         "block": None, "status": "as-read", "confidence": 1.0},
        {"url": "https://www.1iévin.fr/x", "raw": "https://www.1iévin.fr/x", "label": None, "ref": None,
         "page": 2, "block": None, "status": "doubtful", "confidence": 0.3},
    ]
    emit.validate(document)
    return document


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sources, processed here and again by `fiches run` in another process (another string
    hash seed: a set iterated in another order would show), and the folder of the first run's JSON."""
    root = tmp_path_factory.mktemp("analysts")
    sources = make_sources(root / "raw")
    first = [process_file(path, Settings()) for path in sources]
    command = [sys.executable, "-m", "pipeline.cli", "run", str(root / "raw"), "--out", str(root / "again"),
               "--jobs", "1", "-q"]
    subprocess.run(command, check=True, capture_output=True, timeout=600, cwd=REPO,
                   env={**os.environ, "PYTHONHASHSEED": "12345"})
    outputs = [json.loads(path.read_text(encoding="utf-8")) for path in (root / "again").glob("[!.]*.json")]
    again = {d["source"]["sha256"]: d for d in outputs}
    second = [again[d["source"]["sha256"]] for d in first]
    clean = root / "clean"
    documents = [*first, hand_enriched(first[0])]
    for document in documents:
        emit.write_atomic(clean / f"{document['id']}.json", emit.dumps(document))
    return {"root": root, "clean": clean, "documents": documents, "first": first, "second": second}


@pytest.fixture(scope="module")
def tables(built: dict[str, Any]) -> dict[str, Path]:
    out = {}
    for fmt in ("parquet", "csv"):
        out[fmt] = built["root"] / fmt
        written = export(built["clean"], out[fmt], fmt)
        assert sorted(p.name for p in written) == sorted(f"{name}.{fmt}" for name in TABLES)
    return out


# -- the elements: ids, spans, boxes -----------------------------------------------------------------


def test_every_span_slices_its_block_out_of_text(built) -> None:
    for document in built["documents"]:
        assert document["blocks"], document["source"]["path"]
        for block in document["blocks"]:
            assert document["text"][block["span"]["start"]:block["span"]["end"]] == block["text"]


def test_every_bbox_lies_inside_its_page_in_the_pages_unit(built) -> None:
    units = set()
    for document in built["first"]:
        pages = {p["number"]: p for p in document["pages"]}
        for block in document["blocks"]:
            page = pages[block["page"]]
            units.add(page["unit"])
            if page["method"] == "text":
                assert block["bbox"] is None and page["unit"] is None
                continue
            x0, top, x1, bottom = block["bbox"]
            assert 0 <= x0 < x1 <= page["width"] and 0 <= top < bottom <= page["height"], block
        if document["pages"][0]["method"] == "ocr":
            assert document["pages"][0]["dpi"] == 300
    assert units == {None, "pt", "px"}


def test_ids_are_unique_and_the_same_in_another_run(built) -> None:
    ids = [b["id"] for d in built["documents"] for b in d["blocks"]]
    ids += [s["id"] for d in built["documents"] for s in d["sections"]]
    assert len(ids) == len(set(ids))
    for one, two in zip(built["first"], built["second"], strict=True):
        assert [(b["id"], b["text"], b["bbox"], b["span"]) for b in one["blocks"]] == \
               [(b["id"], b["text"], b["bbox"], b["span"]) for b in two["blocks"]]
        assert one["sections"] == two["sections"]


def test_sections_urls_dates_places_point_to_blocks_that_hold_them(built) -> None:
    for document in built["first"]:
        blocks = {b["id"]: b for b in document["blocks"]}
        for section in document["sections"]:
            assert all(bid in blocks for bid in section["blocks"])
            if section["heading_block"]:
                assert blocks[section["heading_block"]]["text"] == section["heading"]
        for date in document["dates"]:
            assert date["raw"] in blocks[date["block"]]["text"]
        for place in document["places"]:
            assert place["raw"] in blocks[place["block"]]["text"]
        for url in document["urls"]:
            if url["block"]:
                assert url["url"] in blocks[url["block"]]["text"]
    assert any(u["block"] for d in built["first"] for u in d["urls"])


def test_places_have_their_kind_and_insee_code(built) -> None:
    places = {p["name"]: p for d in built["first"] for p in d["places"]}
    assert (places["Lens"]["kind"], places["Lens"]["insee"]) == ("commune", "62498")
    assert (places["Roubaix"]["kind"], places["Roubaix"]["insee"]) == ("commune", "59512")
    assert places["Denain"]["insee"] == "59172"


def test_the_documents_own_date_and_where_it_was_read(built) -> None:
    by_name = {Path(d["source"]["path"]).name: d for d in built["first"]}
    assert (by_name["cr-lens-2018.txt"]["date"], by_name["cr-lens-2018.txt"]["date_source"]) == \
           ("2018-03-12", "metadata")
    # the first date it mentions is 2 May 2018; it was signed on 3 December 2019
    assert (by_name["bilan-lens.txt"]["date"], by_name["bilan-lens.txt"]["date_source"]) == \
           ("2019-12-03", "signature")
    assert by_name["note.txt"]["date"] is None and by_name["note.txt"]["date_source"] is None
    assert by_name["pleniere-denain.pdf"]["date"] == "2019-03-07"
    assert by_name["cr-lievin.png"]["date"] == "2018-06-14"


# -- the questions, four ways each ------------------------------------------------------------------


def answers(tables: dict[str, Path], pandas_answer, sql: str) -> list[Any]:  # noqa: ANN001
    """The answer from the Parquet and the CSV tables, with pandas and with DuckDB."""
    out = []
    for fmt, folder in tables.items():
        read = (lambda name, f=folder: pd.read_parquet(f / f"{name}.parquet")) if fmt == "parquet" else \
               (lambda name, f=folder: pd.read_csv(f / f"{name}.csv", dtype={"insee": "string"}))
        out.append(pandas_answer(read))
        source = {name: f"'{folder / name}.{fmt}'" for name in TABLES}
        rows = duckdb().sql(sql.format(**source)).fetchall()
        out.append(sorted(tuple(row) for row in rows))
    return out


def test_documents_per_commune_per_year(built, tables) -> None:
    expected: dict[tuple[str, str, int], set[str]] = {}
    for document in built["documents"]:
        if document["date"]:
            for place in document["places"]:
                if place["kind"] == "commune":
                    key = (place["insee"], place["name"], int(document["date"][:4]))
                    expected.setdefault(key, set()).add(document["id"])
    expected_rows = sorted((*key, len(ids)) for key, ids in expected.items())
    assert ("62498", "Lens", 2018, 3) in expected_rows and ("62498", "Lens", 2019, 1) in expected_rows

    def with_pandas(read) -> list[tuple]:  # noqa: ANN001
        places, documents = read("places"), read("documents")
        year = pd.to_datetime(documents["date"]).dt.year.rename("year")
        dated = pd.concat([documents["id"], year], axis=1).dropna()
        joined = places[places["kind"] == "commune"].merge(dated, on="id")
        counts = joined.groupby(["insee", "name", "year"])["id"].nunique()
        return sorted((str(i), str(n), int(y), int(c)) for (i, n, y), c in counts.items())

    sql = """SELECT p.insee::VARCHAR, p.name, year(d.date::DATE), count(DISTINCT p.id)
             FROM {places} p JOIN {documents} d USING (id)
             WHERE p.kind = 'commune' AND d.date IS NOT NULL GROUP BY ALL"""
    for answer in answers(tables, with_pandas, sql):
        assert answer == expected_rows


def test_pages_below_confidence_70(built, tables) -> None:
    expected = sorted((d["id"], p["number"], p["confidence"]) for d in built["documents"] for p in d["pages"]
                      if p["confidence"] is not None and p["confidence"] < THRESHOLD)
    assert ("00000000000000ab", 2, 51.0) in expected

    def with_pandas(read) -> list[tuple]:  # noqa: ANN001
        pages = read("pages")
        low = pages[pages["confidence"] < THRESHOLD]
        rows = low[["id", "page", "confidence"]].itertuples(False)
        return sorted((str(i), int(n), float(c)) for i, n, c in rows)

    sql = f"SELECT id, page, confidence FROM {{pages}} WHERE confidence < {THRESHOLD}"
    for answer in answers(tables, with_pandas, sql):
        assert answer == expected


def test_urls_not_as_read(built, tables) -> None:
    """A URL with no status (written before URLs had one) is not counted: nothing says it was doubted."""
    expected = sorted((d["id"], u["url"], u["status"]) for d in built["documents"] for u in d["urls"]
                      if u.get("status") not in (None, "as-read"))
    assert len(expected) == 2

    def with_pandas(read) -> list[tuple]:  # noqa: ANN001
        urls = read("urls")
        doubted = urls[urls["status"].notna() & (urls["status"] != "as-read")]
        rows = doubted[["id", "url", "status"]].itertuples(False)
        return sorted((str(i), str(u), str(s)) for i, u, s in rows)

    sql = "SELECT id, url, status FROM {urls} WHERE status <> 'as-read'"
    for answer in answers(tables, with_pandas, sql):
        assert answer == expected


def test_corrections_per_reason(built, tables) -> None:
    expected = sorted(Counter(c["reason"] for d in built["documents"] for c in d["corrections"]).items())
    assert dict(expected).get("split") == 1

    def with_pandas(read) -> list[tuple]:  # noqa: ANN001
        counts = read("corrections").groupby("reason", observed=True).size()
        return sorted((str(r), int(n)) for r, n in counts.items())

    sql = "SELECT reason, count(*) FROM {corrections} GROUP BY reason"
    for answer in answers(tables, with_pandas, sql):
        assert answer == expected


# -- types and formats ------------------------------------------------------------------------------


def test_parquet_types_are_what_duckdb_should_see(tables) -> None:
    folder = tables["parquet"]

    def types(table: str) -> dict[str, str]:
        rows = duckdb().sql(f"DESCRIBE FROM '{folder}/{table}.parquet'").fetchall()
        return {row[0]: row[1] for row in rows}

    dates, documents = types("dates"), types("documents")
    assert dates["date"] == "DATE" and dates["datetime"] == "TIMESTAMP"
    assert documents["date"] == "DATE" and documents["processed_at"] == "TIMESTAMP WITH TIME ZONE"


def test_csv_dates_and_datetimes_are_iso_8601(tables) -> None:
    documents = pd.read_csv(tables["csv"] / "documents.csv", dtype=str)
    assert documents["processed_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00").all()
    assert documents["date"].dropna().str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    dates = pd.read_csv(tables["csv"] / "dates.csv", dtype=str)
    assert dates["date"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()


def test_blocks_metadata_and_text_tables(built, tables) -> None:
    corpus = load_corpus(built["clean"], text=True)
    blocks = corpus.blocks.merge(corpus.documents[["id", "text"]], on="id")
    sliced = [text[start:end] for text, start, end in blocks[["text_y", "start", "end"]].itertuples(False)]
    assert sliced == blocks["text_x"].tolist()
    assert blocks["section_id"].notna().any() and blocks["x0"].notna().any()
    metadata = corpus.metadata.set_index(["id", "key"])["value"]
    lens = next(d for d in built["first"] if d["source"]["path"].endswith("cr-lens-2018.txt"))
    assert metadata[(lens["id"], "Lieu")] == "Lens"
    assert "text" not in load_corpus(built["clean"]).documents.columns


def test_the_readme_duckdb_example_runs_on_an_export(tables, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block, "README has a ```sql example"
    monkeypatch.chdir(tables["parquet"].parent)
    (tables["parquet"].parent / "tables").symlink_to(tables["parquet"])
    for statement in filter(str.strip, block.group(1).split(";")):
        duckdb().sql(statement).fetchall()
