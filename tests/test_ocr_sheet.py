"""A strip a digital library adds to a page image, with its source line: set apart, not read as text."""

from __future__ import annotations

import numpy as np
from fixtures import render_text_image
from PIL import Image

from pipeline import ocr
from pipeline.ocr.sheet import added_strips
from pipeline.settings import Settings

BODY = "\n".join([
    "Compte rendu de la réunion du comité de pilotage.",
    "Les habitants du quartier sont invités à participer.",
    "La séance est ouverte à dix heures par le président.",
    "Le contrat de ville est présenté aux partenaires.",
    "Les ateliers se tiendront au centre social en mars.",
    "Prochaine réunion le 12 mars au centre social.",
])
NOTICE = "Source gallica.bnf.fr / Bibliothèque nationale de France"
DPI = 300


def _sheet(text: str) -> Image.Image:
    """``text`` typed on a scanned sheet: a grey paper whose shade varies from pixel to pixel."""
    page = np.asarray(render_text_image(text, dpi=DPI), dtype=np.float32)
    paper = 218 + np.random.default_rng(7).normal(0, 3, page.shape)
    return Image.fromarray(np.clip(np.minimum(page, paper), 0, 255).astype(np.uint8))


def _with_strip(sheet: Image.Image, line: str) -> Image.Image:
    """The sheet with a flat white strip added below it, ``line`` printed on it, as a digital library
    serves its copies."""
    strip = render_text_image(line, dpi=DPI, font_size=8).crop((0, 190, sheet.width, 290))
    image = Image.new("L", (sheet.width, sheet.height + strip.height), 255)
    image.paste(sheet, (0, 0))
    image.paste(strip, (0, sheet.height))
    image.info["dpi"] = (DPI, DPI)
    return image


def test_a_source_line_on_a_strip_added_below_the_sheet_is_set_apart_from_the_text() -> None:
    image = _with_strip(_sheet(BODY), NOTICE)
    assert added_strips(image) == [(image.height - 100, image.height)]
    page = ocr.ocr_page(image, 1, Settings())
    text = "\n".join(line.original for line in page.lines)
    assert "Bibliothèque" not in text and "gallica" not in text
    assert "Prochaine réunion le 12 mars" in text  # the sheet's last line stays
    assert len(page.notices) == 1 and "Bibliothèque nationale de France" in page.notices[0]


def test_a_page_all_of_one_paper_has_no_strip_and_its_foot_line_stays_text() -> None:
    """A page printed to an image (one flat white throughout), its last line near the foot; a scanned
    sheet with no strip; a strip with nothing on it."""
    clean = render_text_image(BODY + "\n" + NOTICE, dpi=DPI)
    assert added_strips(clean) == []
    assert added_strips(_sheet(BODY + "\n" + NOTICE)) == []
    assert added_strips(_with_strip(_sheet(BODY), "")) == []
    page = ocr.ocr_page(clean, 1, Settings())
    assert "gallica" in page.lines[-1].original and page.notices == []


def test_the_strip_under_a_skewed_sheet_is_found_level_and_its_line_set_apart() -> None:
    """A sheet scanned 1.5° askew, the library's strip added level under it: straightened for its
    skew, the page's image has the strip's edge askew, so the strip is looked for as served."""
    sheet = _sheet(BODY)
    skewed = sheet.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=218)
    image = _with_strip(skewed, NOTICE)
    page = ocr.ocr_page(image, 1, Settings())
    assert abs(page.skew) >= 1.0  # the page was straightened
    text = "\n".join(line.original for line in page.lines)
    assert "Bibliothèque" not in text and "gallica" not in text
    assert "Prochaine réunion" in text
    assert len(page.notices) == 1 and "Bibliothèque nationale de France" in page.notices[0]
