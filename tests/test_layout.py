"""Born-digital PDFs as a PDF reader shows them, made by LaTeX, LibreOffice and pandoc (see
``documents.py``): words spaced, columns in order, headings, title, running headers and footers,
the table of contents, tables with their cells; and no word lost between raw_text and text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from documents import ORDER, REPORT, latex_pdf, libreoffice_pdf, order_pdf, pandoc_pdf, scan
from fixtures import SANS
from rapidfuzz import fuzz
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline import correct, emit, extract, lexicon, structure
from pipeline.load import load_corpus
from pipeline.model import Document
from pipeline.settings import Settings
from pipeline.text import plain_apostrophes

BUILDERS = {"latex": latex_pdf, "libreoffice": libreoffice_pdf, "pandoc": pandoc_pdf}


def _build(kind: str, folder: Path) -> Path:
    try:
        return BUILDERS[kind](REPORT, folder)
    except FileNotFoundError as exc:  # `make test` installs them; say which is missing
        pytest.skip(str(exc))


@pytest.fixture(scope="session", params=sorted(BUILDERS))
def typeset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The report typeset by each tool (built once a session)."""
    return request.param, _build(request.param, tmp_path_factory.mktemp(request.param))


def process(path: Path) -> tuple[Document, dict]:
    """The stages in order (as ``fiches run`` does), keeping the Document to look at its words."""
    settings = Settings()
    doc = correct.correct(extract.extract(path, settings), lexicon.load(settings.dictionaries))
    doc = structure.segment(doc, settings)
    out = emit.to_dict(doc, "test")
    emit.validate(out)
    return doc, out


@pytest.fixture(scope="session")
def processed(typeset: tuple[str, Path]) -> tuple[str, Document, dict]:
    kind, pdf = typeset
    return kind, *process(pdf)


def _words(text: str) -> list[str]:
    text = re.sub(r"-\n*", "", text)  # a word cut at a line end is one word (hyphens left out)
    return re.findall(r"\w+", text.casefold())


def _runs_in_order(needle: list[str], haystack: list[str]) -> bool:
    joined = " " + " ".join(haystack) + " "
    return " " + " ".join(needle) + " " in joined


def test_raw_text_reads_every_paragraph_whole_and_in_order(processed: tuple[str, Document, dict]) -> None:
    """Word spaces from the glyphs' geometry (no ``Lecentrederessources``), columns read one after
    the other (never line by line across), each paragraph's words in one run, in the document's order."""
    kind, _, out = processed
    raw = _words(out["raw_text"].replace("\f", "\n"))
    position = -1
    for section in REPORT.sections:
        for paragraph in section.paragraphs:
            words = _words(paragraph)
            assert _runs_in_order(words, raw), f"{kind}: paragraph not read whole: {paragraph[:50]}"
            found = " ".join(raw).find(" ".join(words))
            assert found > position, f"{kind}: paragraph out of order: {paragraph[:50]}"
            position = found


def test_title_headings_contents_and_furniture(processed: tuple[str, Document, dict]) -> None:
    kind, _, out = processed
    assert plain_apostrophes(out["title"]) == REPORT.title  # LaTeX and pandoc print ’ for
    headings = [re.sub(r"^\d+ ", "", b["text"]) for b in out["blocks"] if b["kind"] == "heading"]
    assert len(headings) == len(REPORT.headings), kind
    # Matched as bench/structure_quality.py does: the corrector may still change a letter.
    assert all(fuzz.ratio(a, b) >= 85 for a, b in zip(headings, REPORT.headings, strict=True)), headings
    kinds = [b["kind"] for b in out["blocks"]]
    if kind != "pandoc":  # pandoc's default page has no running header
        headers = [b["text"] for b in out["blocks"] if b["kind"] == "header"]
        assert headers and set(headers) == {REPORT.header}
    assert [b["text"] for b in out["blocks"] if b["kind"] == "footer"], kind  # the page numbers
    if kind == "latex":  # its \tableofcontents: kept, labelled, not taken for headings
        assert kinds.count("contents") >= len(REPORT.sections)
    assert "Page" not in " ".join(b["text"] for b in out["blocks"] if b["kind"] == "paragraph")


def test_tables_keep_their_cells_ruled_or_only_aligned(processed: tuple[str, Document, dict]) -> None:
    """LaTeX's and LibreOffice's tables are ruled, pandoc's only aligned; LaTeX's contents, whose
    numbers, titles and pages stand apart too, stay contents."""
    _, _, out = processed
    tables = [b for b in out["blocks"] if b["kind"] == "table"]
    assert [t["rows"] for t in tables] == REPORT.tables
    assert tables[0]["text"].split("\n")[1] == " | ".join(REPORT.tables[0][1])
    emit.validate(out)


def test_analysts_get_every_cell(processed: tuple[str, Document, dict], tmp_path: Path) -> None:
    _, _, out = processed
    (tmp_path / "report.json").write_text(json.dumps(out), encoding="utf-8")
    cells = load_corpus(tmp_path).cells
    table = REPORT.tables[0]
    assert len(cells) == sum(len(row) for row in table)
    assert cells.query("row == 1 and column == 1")["text"].tolist() == [table[1][1]]
    block = next(b for b in out["blocks"] if b["kind"] == "table")
    assert set(cells["block_id"]) == {block["id"]}


def test_no_word_lost_without_a_correction(processed: tuple[str, Document, dict]) -> None:
    """Every word of raw_text stands in a block's text, or the corrections say what became of it."""
    kind, doc, out = processed
    placed = {id(span.word) for block in doc.blocks for span in block.spans}
    lost = [w.original for w in doc.words if id(w) not in placed and w.fix is None]
    assert lost == [], kind
    fixed = {c["original"] for c in out["corrections"]}
    assert all(w.original in fixed for w in doc.words if id(w) not in placed)


def test_scans_of_the_typeset_pages_lose_no_word(typeset: tuple[str, Path]) -> None:
    """The same page scanned (200 DPI, and sideways at 150 DPI): every OCR word is in the text or
    in the corrections."""
    kind, pdf = typeset
    if kind != "latex":
        pytest.skip("one typesetter's scans are enough for this check")
    for image in (scan(pdf, 200), scan(pdf, 150, rotate=90)):
        doc, _ = process(image)
        placed = {id(span.word) for block in doc.blocks for span in block.spans}
        assert [w.original for w in doc.words if id(w) not in placed and w.fix is None] == []
        assert len(doc.words) > 150, image.name  # read, not given up


def test_line_end_hyphens_of_every_kind_are_joined(tmp_path: Path) -> None:
    """A word cut at a line end by a hyphen, a non-breaking hyphen (U+2011), a hyphen (U+2010) or a
    soft hyphen (U+00AD, shown at the break) is one word again in ``text``; ``Val-de-Sambre`` keeps
    its own."""
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(SANS)))
    path = tmp_path / "hyphens.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("DejaVuSans", 16)
    page.drawString(72, 790, "Accès aux documents")
    page.setFont("DejaVuSans", 11)
    lines = ["Ce rapport est com\u2011", "municable à toute personne qui en fait la de\u2010",
             "mande auprès du service, pour une démarche parti\u00ad",
             "cipative dans la commune de Val-de-", "Sambre et ses quartiers prioritaires."]
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 14 * n, line)
    page.save()
    text = process(path)[1]["text"]
    for word in ("communicable", "demande", "participative", "Val-de-Sambre"):
        assert word in text


@pytest.fixture(scope="session")
def prefectural_order(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An order as prefectures print them (LibreOffice): letterhead and motto, title and object,
    a ruled table of polling stations."""
    try:
        return order_pdf(ORDER, tmp_path_factory.mktemp("order"))
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


def _streets(out: dict) -> list[str]:
    return [b["text"] for b in out["blocks"] if b["kind"] == "heading"
            and any(cell in b["text"] for row in ORDER.table[1:] for cell in row[1:])]


def test_an_order_is_titled_by_its_act_not_its_letterhead(prefectural_order: Path) -> None:
    doc, out = process(prefectural_order)
    assert out["title"] == f"{ORDER.title} {ORDER.object}"
    headers = {b["text"] for b in out["blocks"] if b["kind"] == "header"}
    assert {"Liberté", "Égalité", "Fraternité", "PRÉFET DU NORD"} <= headers
    tables = [b for b in out["blocks"] if b["kind"] == "table"]
    assert len(tables) == 1 and len(tables[0]["rows"]) == len(ORDER.table)
    assert tables[0]["rows"] == ORDER.table  # a typeset layer's words are exact: none corrected
    assert out["corrections"] == []
    assert _streets(out) == []


@pytest.mark.parametrize(("dpi", "rotate"), [(300, 0), (200, 90)])
def test_a_scanned_order_keeps_its_title_and_furniture(prefectural_order: Path, dpi: int,
                                                       rotate: int) -> None:
    """The same order scanned (and fed sideways): upright, the act's title (OCR may miss a letter),
    the motto as furniture, the table found from its aligned columns (a cell on two lines kept
    whole), its rows not taken for headings, no word lost."""
    doc, out = process(scan(prefectural_order, dpi, rotate))
    assert out["pages"][0]["rotation"] == (360 - rotate) % 360
    assert fuzz.ratio(out["title"] or "", f"{ORDER.title} {ORDER.object}") >= 85
    headers = {b["text"] for b in out["blocks"] if b["kind"] == "header"}
    assert {"Liberté", "Égalité", "Fraternité"} <= headers
    assert _streets(out) == []
    tables = [b["rows"] for b in out["blocks"] if b["kind"] == "table"]  # from its aligned columns
    assert len(tables) == 1 and len(tables[0]) == len(ORDER.table)
    for row, printed in zip(tables[0], ORDER.table, strict=True):
        assert len(row) == len(printed)
        assert all(fuzz.ratio(cell, text) >= 80 for cell, text in zip(row, printed, strict=True)), row
    placed = {id(span.word) for block in doc.blocks for span in block.spans}
    assert [w.original for w in doc.words if id(w) not in placed and w.fix is None] == []


def test_heading_levels_follow_their_type(tmp_path: Path) -> None:
    """A text layer's bigger heading type is level 1, the next one level 2."""
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(SANS)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(SANS.with_name("DejaVuSans-Bold.ttf"))))
    path = tmp_path / "levels.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    y = 780
    body = ("Les habitants du quartier ont été réunis au centre social pour préparer la rencontre.",
            "Chacun a pu exprimer ses attentes sur le calendrier et les thèmes de travail retenus.")
    for font, size, text in [("DejaVuSans-Bold", 18, "Compte rendu de la réunion publique"),
                             ("DejaVuSans-Bold", 14, "Le déroulement de la soirée"),
                             ("DejaVuSans-Bold", 12, "Les inscriptions des participants"), *(
                                 ("DejaVuSans", 10, line) for line in body),
                             ("DejaVuSans-Bold", 12, "Les questions posées par la salle"), *(
                                 ("DejaVuSans", 10, line) for line in body),
                             ("DejaVuSans-Bold", 14, "Les suites données à la rencontre"), *(
                                 ("DejaVuSans", 10, line) for line in body)]:
        y -= size * 2.2 if size > 10 else size * 1.4
        page.setFont(font, size)
        page.drawString(72, y, text)
    page.save()
    out = process(path)[1]
    levels = [(b["text"], b["level"]) for b in out["blocks"] if b["kind"] == "heading"]
    assert levels == [("Le déroulement de la soirée", 1), ("Les inscriptions des participants", 2),
                      ("Les questions posées par la salle", 2), ("Les suites données à la rencontre", 1)]


def test_an_ocr_layer_is_told_from_a_typeset_one(shared_corpus: Path, typeset: tuple[str, Path]) -> None:
    """A text layer laid over a scan (Tesseract's GlyphLessFont, a page-sized image) is OCR and may
    be corrected; a typeset one is exact."""
    settings = Settings()
    scanned = extract.extract(shared_corpus / "external" / "graph_ocred.pdf", settings)
    assert [(p.method, p.typeset) for p in scanned.pages] == [("text-layer", False)]
    assert all(p.typeset for p in extract.extract(typeset[1], settings).pages)
