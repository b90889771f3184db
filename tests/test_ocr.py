"""OCR on pages the tests render themselves, read by the real Tesseract."""

from __future__ import annotations

import pytest
from fixtures import FRENCH_SENTENCE, render_text_image
from PIL import Image

from pipeline import ocr
from pipeline.errors import MissingDependency, PageTimeout
from pipeline.settings import Settings

SETTINGS = Settings()
NOTICE = (f"{FRENCH_SENTENCE}\nLes habitants du quartier sont invités à participer.\n"
          "Prochaine réunion le 12 mars.")


def words_of(text: str) -> set[str]:
    return {w.strip(".:,").lower() for w in text.split() if w.strip(".:,")}


def share_read(page_words: list[str], text: str) -> float:
    """Share of the printed words that came back."""
    expected = words_of(text)
    return len(expected & words_of(" ".join(page_words))) / len(expected)


@pytest.fixture(scope="module")
def upright_page():
    return ocr.ocr_page(render_text_image(NOTICE), 1, SETTINGS)


def test_french_words_come_back_with_accents_confidence_and_boxes(upright_page):
    words = [w.original for w in upright_page.words]
    assert share_read(words, NOTICE) >= 0.9
    assert {"réunion", "à", "invités"} <= set(words)
    assert upright_page.method == "ocr" and upright_page.rotation == 0 and upright_page.skew == 0.0
    assert all(w.confidence is not None and 0 <= w.confidence <= 100 for w in upright_page.words)
    assert upright_page.confidence > 80
    assert all(w.box is not None and w.box[2] > w.box[0] and w.box[3] > w.box[1] for w in upright_page.words)
    assert upright_page.width and upright_page.height


def test_printed_lines_stay_lines(upright_page):
    lines = [line.original for line in upright_page.lines if line.words]
    assert len(lines) == 3
    assert lines[0].startswith("La politique") and lines[2].startswith("Prochaine")


def test_paragraphs_are_separate_blocks_with_a_blank_line_between():
    text = "Premier paragraphe du compte rendu.\nIl continue sur cette ligne.\n\n\n\nSecond paragraphe ici."
    page = ocr.ocr_page(render_text_image(text), 1, SETTINGS)
    blocks = [line.block for line in page.lines if line.words]
    assert blocks[0] == blocks[1] != blocks[2]
    assert any(not line.words for line in page.lines[1:-1])


@pytest.mark.parametrize("turned", [90, 180])
def test_sideways_and_upside_down_scans_come_out_readable(turned):
    page = ocr.ocr_page(render_text_image(NOTICE, rotate=turned), 1, SETTINGS)
    assert page.rotation == turned  # turned counter-clockwise → turned back clockwise
    assert share_read([w.original for w in page.words], NOTICE) >= 0.9


def test_skew_is_measured_from_the_ink():
    assert ocr.detect_skew(render_text_image(NOTICE).convert("L")) == 0.0
    assert ocr.detect_skew(render_text_image(NOTICE, skew=2.5)) == pytest.approx(2.5, abs=0.3)
    assert ocr.detect_skew(render_text_image(NOTICE, skew=-1.5)) == pytest.approx(-1.5, abs=0.3)


def test_small_skew_is_corrected_before_ocr():
    page = ocr.ocr_page(render_text_image(NOTICE, skew=3), 1, SETTINGS)
    assert page.skew == pytest.approx(3, abs=0.3)
    assert share_read([w.original for w in page.words], NOTICE) >= 0.9


def test_blank_page_is_an_empty_page_with_a_warning():
    blank = Image.new("L", (1200, 1600), 255)
    page = ocr.ocr_page(blank, 3, SETTINGS)
    assert page.words == [] and page.confidence is None
    assert page.warnings == ["page 3: no text found"]


def test_page_timeout_is_reported_as_page_timeout():
    with pytest.raises(PageTimeout):
        ocr.ocr_page(render_text_image(NOTICE), 1, Settings(page_timeout=0.01))


def test_missing_language_data_is_a_missing_dependency():
    assert {"fra", "osd"} <= set(ocr.available_languages())
    with pytest.raises(MissingDependency, match="tesseract-ocr-xyz"):
        ocr.check_language("xyz")


def test_version_is_reported():
    assert ocr.tesseract_version()[0].isdigit()


def test_dpi_defaults_to_300_when_missing_or_absurd():
    image = Image.new("L", (10, 10))
    assert ocr.image_dpi(image) == 300
    image.info["dpi"] = (1, 1)
    assert ocr.image_dpi(image) == 300
    image.info["dpi"] = (150.01, 150.01)
    assert ocr.image_dpi(image) == 150
