"""Extraction on files the tests build (PDFs with and without a text layer, images, TIFFs,
transcriptions, broken files), and on the shared real-world PDFs and dev scans when present."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from fixtures import (
    FRENCH_SENTENCE,
    SHARED,
    build_image_pdf,
    build_text_pdf,
    build_tiff,
    encrypt_pdf,
    load_script,
    merge_pdfs,
    render_text_image,
    save_image,
)
from PIL import Image

from pipeline import emit, extract, ocr
from pipeline.errors import BadInput, PageTimeout
from pipeline.settings import Execution, Settings

SETTINGS = Settings()
TEXT_PAGE = f"Fiche méthodologie\n{FRENCH_SENTENCE}\nLes habitants sont invités à la réunion."
URI = "https://www.example.org/politique-de-la-ville/conseils-citoyens"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("extract")


@pytest.fixture(scope="module")
def text_pdf(folder) -> Path:
    return build_text_pdf(folder / "texte.pdf", [TEXT_PAGE], links=[URI])


@pytest.fixture(scope="module")
def scanned_pdf(folder) -> Path:
    return build_image_pdf(folder / "scan.pdf", [render_text_image(FRENCH_SENTENCE)])


@pytest.fixture(scope="module")
def encrypted_pdf(folder, text_pdf) -> Path:
    return encrypt_pdf(text_pdf, folder / "chiffre.pdf", "secret")


def words(doc) -> list[str]:
    return [w.original for w in doc.words]


# --- PDFs -----------------------------------------------------------------------------------

def test_text_layer_pdf_is_read_without_ocr_with_its_link_and_fonts(text_pdf):
    doc = extract.extract(text_pdf, SETTINGS)
    (page,) = doc.pages
    assert page.method == "text-layer" and doc.tesseract is None
    assert "réunion" in words(doc) and URI in words(doc)
    assert all(w.confidence is None and w.box is not None for w in page.words)
    title, first = [line for line in page.lines if line.words][:2]
    assert title.original == "Fiche méthodologie" and title.bold and not first.bold
    assert title.font_size > first.font_size
    assert first.original == FRENCH_SENTENCE
    assert [link.uri for link in page.links] == [URI]
    assert page.width == pytest.approx(595.3, abs=1)


def test_image_only_pdf_is_ocred(scanned_pdf):
    doc = extract.extract(scanned_pdf, SETTINGS)
    assert [p.method for p in doc.pages] == ["ocr"]
    assert doc.tesseract and "réunion" in words(doc)


def test_mixed_pdf_is_decided_page_by_page(folder, text_pdf, scanned_pdf):
    mixed = merge_pdfs(folder / "mixte.pdf", [text_pdf, scanned_pdf])
    doc = extract.extract(mixed, SETTINGS)
    assert [(p.number, p.method) for p in doc.pages] == [(1, "text-layer"), (2, "ocr")]
    assert "citoyen" in [w.original for w in doc.pages[1].words]


def test_force_ocr_reads_even_a_text_layer_with_tesseract(text_pdf):
    doc = extract.extract(text_pdf, Settings(force_ocr=True))
    assert [p.method for p in doc.pages] == ["ocr"]
    assert "réunion" in words(doc) and doc.pages[0].confidence is not None


def test_pages_in_parallel_come_back_in_order(folder):
    pdf = build_image_pdf(folder / "deux.pdf", [render_text_image("Première page du dossier"),
                                                render_text_image("Deuxième page du dossier")])
    doc = extract.extract(pdf, Settings(), execution=Execution(page_jobs=2))
    assert [p.number for p in doc.pages] == [1, 2]
    assert words(doc)[0] == "Première" and "Deuxième" in [w.original for w in doc.pages[1].words]


def test_encrypted_pdf_needs_its_password(encrypted_pdf):
    with pytest.raises(BadInput, match="--password") as missing:
        extract.extract(encrypted_pdf, SETTINGS)
    assert str(encrypted_pdf) in str(missing.value)
    with pytest.raises(BadInput, match="wrong password"):
        extract.extract(encrypted_pdf, Settings(password="faux"))
    doc = extract.extract(encrypted_pdf, Settings(password="secret"))
    assert doc.pages[0].method == "text-layer" and "réunion" in words(doc)


@pytest.mark.parametrize(("text", "usable"), [
    ("La politique de la ville à Lille : réunion du conseil citoyen", True),
    ("(cid:12)(cid:40)(cid:3)(cid:77)(cid:12)(cid:40)(cid:3)(cid:77)", False),
    ('"7+%- 12 / 44 ; 3.1 - 987 654', False),
    ("Page 2", False),
    ("réunion \ufffd\ufffd\ufffd du conseil citoyen", False),
])
def test_text_layer_usable_only_with_enough_mapped_letters(text, usable):
    assert extract.usable_text_layer(text) is usable


def test_render_pages_gives_one_image_per_page(folder, text_pdf, scanned_pdf):
    mixed = merge_pdfs(folder / "rendu.pdf", [text_pdf, scanned_pdf])
    images = list(extract.render_pages(mixed, dpi=100))
    assert len(images) == 2 and all(im.mode == "L" for im in images)
    assert images[0].size == (pytest.approx(827, abs=2), pytest.approx(1169, abs=2))


# --- images ---------------------------------------------------------------------------------

def test_multipage_tiff_gives_one_page_per_frame(folder):
    tiff = build_tiff(folder / "dossier.tif", [render_text_image("Première page"),
                                               render_text_image("Seconde page")])
    doc = extract.extract(tiff, SETTINGS)
    assert [(p.number, p.method) for p in doc.pages] == [(1, "ocr"), (2, "ocr")]
    assert [p.words[0].original for p in doc.pages] == ["Première", "Seconde"]
    assert len(list(extract.render_pages(tiff))) == 2


def test_a_page_read_again_while_the_next_is_read_keeps_its_own_words(folder, monkeypatch):
    monkeypatch.setattr("pipeline.ocr.reread.CONFIDENT_WORD", 101.0)  # every URL line goes to the second pass
    pages = [render_text_image(f"Page {n} du dossier\nVoir https://www.exemple.fr/dossier-{n}/annexe")
             for n in (1, 2, 3)]
    doc = extract.extract(build_tiff(folder / "liens.tif", pages), SETTINGS)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    for n, page in enumerate(doc.pages, start=1):
        assert f"dossier-{n}/" in " ".join(w.original for w in page.words)
        assert any(w.choices for w in page.words)  # only the second reading gives alternatives


def tesseract_children() -> list[int]:
    """Live Tesseract processes started by this one."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except (OSError, IndexError):
            continue
        if name == "tesseract" and int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_a_document_that_fails_on_a_page_leaves_no_tesseract_behind(folder):
    tiff = build_tiff(folder / "lent.tif", [render_text_image(FRENCH_SENTENCE)] * 3)
    with pytest.raises(PageTimeout):  # page 1 fails while page 2's reader is already started
        extract.extract(tiff, Settings(page_timeout=0.01))
    assert tesseract_children() == []
    extract.extract(tiff, Settings(second_pass=True))
    assert tesseract_children() == []


def test_second_pass_readers_a_page_did_not_use_go_on_to_the_next(folder, monkeypatch):
    started: list[ocr.LineReader] = []
    start = ocr.LineReader.__init__

    def counted(reader: ocr.LineReader, settings: Settings, language: str | None = None) -> None:
        started.append(reader)
        start(reader, settings, language)

    monkeypatch.setattr(ocr.LineReader, "__init__", counted)
    pages = [render_text_image(f"Page {n}\n{FRENCH_SENTENCE}") for n in (1, 2, 3)]  # no URL, no date
    doc = extract.extract(build_tiff(folder / "propre.tif", pages), SETTINGS)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    # page 1's title line takes one reader; the others, and the one for URL lines, are handed on to
    # pages 2 and 3, never used
    assert len([r for r in started if r.language == SETTINGS.language]) == Execution().line_readers + 1
    assert len([r for r in started if r.language != SETTINGS.language]) == 1
    assert all(reader.process.poll() is not None for reader in started) and tesseract_children() == []


def test_low_resolution_jpeg_is_enlarged_and_read(folder):
    jpeg = save_image(render_text_image(FRENCH_SENTENCE, dpi=120, font_size=14), folder / "basse.jpg")
    (image,) = extract.ocr_images(jpeg, SETTINGS)
    assert image.info["dpi"] == (300, 300)
    assert image.width == pytest.approx(Image.open(jpeg).width * 2.5, abs=1)
    doc = extract.extract(jpeg, SETTINGS)
    assert doc.source.media_type == "image/jpeg"
    assert "réunion" in words(doc) and "citoyen" in words(doc)


def test_150_dpi_scan_is_read_as_it_is(folder):
    png = save_image(render_text_image("Compte rendu", dpi=150), folder / "moyen.png")
    (image,) = extract.ocr_images(png, SETTINGS)
    assert image.size == Image.open(png).size


def _tinted(page: Image.Image, ink: tuple[int, int, int], paper: tuple[int, int, int],
            grain: tuple[float, float, float]) -> Image.Image:
    """``page`` (black on white) typed in ``ink`` on ``paper``, the paper's grain in ``grain``'s colour."""
    shade = np.asarray(page, dtype=np.float64)[..., None] / 255.0
    colour = shade * np.array(paper) + (1 - shade) * np.array(ink)
    fibres = np.random.default_rng(5).normal(0, 12, shade.shape[:2])[..., None] * np.array(grain)
    image = Image.fromarray(np.clip(colour + fibres, 0, 255).astype(np.uint8), "RGB")
    image.info["dpi"] = page.info["dpi"]
    return image


def test_violet_typing_on_paper_of_the_same_shade_is_read_from_its_colour(folder):
    """In luma, violet ink and green paper are one shade: the page is made grey by the mix of its
    channels that parts its ink from its paper."""
    ink, paper = (230, 90, 200), (100, 170, 110)  # luma 144 and 142
    page = _tinted(render_text_image(FRENCH_SENTENCE), ink, paper, grain=(1.0, -1.0, 0.0))
    png = save_image(page, folder / "violet.png")
    (image,) = extract.ocr_images(png, SETTINGS)
    grey = np.asarray(image)
    assert abs(float(np.median(grey)) - 142) <= 2 and 0.005 < (grey < 80).mean() < 0.1  # dark ink, paper kept
    assert {"politique", "réunion", "citoyen"} <= set(words(extract.extract(png, SETTINGS)))


def test_a_grey_scan_stored_in_colour_keeps_luma_pixels():
    """Black typing on white paper stored as RGB: its channels are equal, no mix parts ink from paper
    better than luma, and the page is luma's, pixel for pixel."""
    page = render_text_image(FRENCH_SENTENCE).convert("RGB")
    assert np.array_equal(np.asarray(ocr.ink_grey(page)), np.asarray(page.convert("L")))


def test_blank_image_is_an_empty_page_with_a_warning(folder):
    blank = Image.new("L", (1000, 1400), 255)
    blank.info["dpi"] = (300, 300)
    doc = extract.extract(save_image(blank, folder / "blanc.png"), SETTINGS)
    assert len(doc.pages) == 1 and doc.words == []
    assert doc.warnings == ["page 1: no text found"]


# --- transcriptions -------------------------------------------------------------------------

def test_latin1_and_cp1252_transcriptions_decode(folder):
    path = folder / "transcription.txt"
    path.write_bytes("Réunion à Lille\x0c\nl’équipe – œuvre".encode("cp1252"))
    doc = extract.extract(path, SETTINGS)
    assert doc.pages[0].method == "text"
    assert emit.raw_text(doc) == "Réunion à Lille\n\nl’équipe – œuvre"  # the apostrophe as typed
    path.write_bytes("Déjà là".encode("latin-1"))
    assert emit.raw_text(extract.extract(path, SETTINGS)) == "Déjà là"


def test_utf16_transcription_with_bom_decodes(folder):
    path = folder / "unicode.txt"
    path.write_bytes("Réunion à Lille".encode("utf-16"))
    assert emit.raw_text(extract.extract(path, SETTINGS)) == "Réunion à Lille"


def test_utf8_transcription_is_normalised(folder):
    path = folder / "utf8.txt"
    path.write_bytes("\ufeffe\u0301quipe e\ufb03cace po\u00adlitique".encode())
    assert emit.raw_text(extract.extract(path, SETTINGS)) == "équipe efficace politique"


# --- bad input ------------------------------------------------------------------------------

def bad(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def tiny_png(folder: Path) -> Path:
    return save_image(Image.new("L", (1, 1), 255), folder / "pixel.png")


@pytest.mark.parametrize(("make", "reason"), [
    (lambda f, _: bad(f, "vide.pdf", b""), "empty file"),
    (lambda f, pdf: bad(f, "tronque.pdf", pdf.read_bytes()[: pdf.stat().st_size // 2]),
     "corrupt or truncated"),
    (lambda f, _: bad(f, "faux.pdf", b"%PDF-1.4\nnot really a pdf at all\n"), "corrupt or truncated"),
    (lambda f, _: bad(f, "texte.png", b"Ceci est du texte, pas une image."),
     "file named .png but contains text"),
    (lambda f, _: bad(f, "binaire.txt", bytes(range(256)) * 4), "file named .txt but is not text"),
    (lambda f, pdf: bad(f, "image.jpg", pdf.read_bytes()), "file named .jpg but contains a PDF"),
    (lambda f, _: bad(f, "anim.gif", b"GIF89a\x01\x00\x01\x00\x00\xff\x00" + bytes(40)),
     "unsupported file type"),
    (lambda f, _: bad(f, "casse.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256))), "corrupt image"),
    (lambda f, _: tiny_png(f), "image too small to OCR"),
])
def test_bad_input_names_the_file_and_the_reason(folder, scanned_pdf, make, reason):
    path = make(folder, scanned_pdf)
    before = path.read_bytes()
    with pytest.raises(BadInput) as error:
        extract.extract(path, SETTINGS)
    assert error.value.path == str(path) and str(path) in str(error.value)
    assert reason in error.value.reason
    assert path.read_bytes() == before  # inputs are never modified


def test_missing_file_is_bad_input(folder):
    with pytest.raises(BadInput, match="cannot read"):
        extract.extract(folder / "absent.pdf", SETTINGS)


# --- the shared real-world PDFs and dev scans (skipped when ../shared is absent) --------------

@pytest.fixture(scope="module")
def external(shared_corpus) -> Path:
    return shared_corpus / "external"


def test_cardinal_pages_read_the_same_whatever_their_rotation(external):
    doc = extract.extract(external / "cardinal.pdf", Settings(), execution=Execution(page_jobs=2))
    assert [p.rotation for p in doc.pages] == [0, 270, 180, 90]
    reference = {w.original for w in doc.pages[0].words}
    for page in doc.pages[1:]:
        same = reference & {w.original for w in page.words}
        assert len(same) / len(reference | {w.original for w in page.words}) > 0.95


def test_already_ocred_text_layers_are_not_ocred_again(external):
    doc = extract.extract(external / "graph_ocred.pdf", SETTINGS)
    assert [p.method for p in doc.pages] == ["text-layer"] and doc.tesseract is None
    assert sorted(extract.text_layer_pages(external / "multipage.pdf", None)) == [3]


def test_text_layer_without_unicode_mapping_is_ocred(external):
    doc = extract.extract(external / "truetype_font_nomapping.pdf", SETTINGS)
    assert [p.method for p in doc.pages] == ["ocr"]


def test_not_a_pdf_is_bad_input(external):
    with pytest.raises(BadInput, match="invalid.pdf"):
        extract.extract(external / "invalid.pdf", SETTINGS)


def test_french_scan_keeps_its_accents(external):
    text = emit.raw_text(extract.extract(external / "francais.pdf", SETTINGS))
    assert sum(text.count(c) for c in "éèêàùçôîâ") >= 10


def test_internal_links_are_not_taken_for_uris(external):
    doc = extract.extract(external / "link.pdf", SETTINGS)
    assert [p.method for p in doc.pages] == ["text-layer", "text-layer"]
    assert "Go to page 2" in emit.raw_text(doc)
    assert [link for p in doc.pages for link in p.links] == []  # its two links are GoTo, not URIs


DEV_SCANS = ["f01-methodologie-masterclass.png", "f01-methodologie-masterclass.pdf",
             "f02-capitalisation-diagnostic-marchant.tif", "f02-capitalisation-diagnostic-marchant.pdf",
             "f03-compte-rendu-conseil-citoyen-lens.jpg"]


@pytest.mark.parametrize("name", DEV_SCANS)
def test_dev_scans_read_no_worse_than_plain_tesseract(shared_corpus, name):
    tool = load_script(SHARED / "tools" / "wer.py")
    dev = shared_corpus / "dev"
    truth = (dev / f"{name.rsplit('.', 1)[0]}.truth.txt").read_text(encoding="utf-8")
    plain = (dev / "ocr_raw" / f"{name}.ocr.txt").read_text(encoding="utf-8")
    raw = emit.raw_text(extract.extract(dev / name, SETTINGS))
    assert tool.wer(raw, truth) <= tool.wer(plain, truth)
