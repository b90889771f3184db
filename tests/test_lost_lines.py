"""A URL line the page's reading lost, read from its band of ink (real Tesseract on rendered pages)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixtures import render_text_image

from pipeline import lexicon, ocr
from pipeline.model import Page
from pipeline.ocr.urlread import URL_LANGUAGE, start_url_reread
from pipeline.ocr.urlstrip import unread_bands
from pipeline.ocr.version import available_languages
from pipeline.settings import DEFAULT_DICTIONARIES, Settings
from pipeline.urlrepair import clean_url
from pipeline.urls import find_urls

LEX = lexicon.load(DEFAULT_DICTIONARIES)
URL = "http://www.prefectures-regions.gouv.fr/dossiers/9164/protocole-de-prefiguration"
PAGE = f"La boîte à outils :\n{URL}\nLes actes du séminaire :\n\nProchaine réunion le 3 mai."


def _read(text: str) -> tuple[object, Page]:
    if URL_LANGUAGE not in available_languages():
        pytest.skip(f"no Tesseract {URL_LANGUAGE} data")
    image = render_text_image(text, font_size=10.0)
    return image, ocr.ocr_page(image, 1, replace(Settings(), second_pass=False))


def _urls(page: Page) -> list[str]:
    tokens = [[w.original for w in line.words] for line in page.lines]
    return [clean_url(hit.raw, LEX) for hit in find_urls(tokens)]


def test_a_url_line_ocr_read_as_nothing_is_read_from_its_band_of_ink_in_its_place() -> None:
    """On the worst scans OCR may read a whole URL line between two labels as nothing: the band of ink
    that no line covers is found, read as a URL line, and put back between the lines around it."""
    image, page = _read(PAGE)
    assert _urls(page) == [URL]
    page.lines = [line for line in page.lines if "prefectures" not in line.original]
    assert _urls(page) == []
    [band] = unread_bands(image, page, 0.0)  # type: ignore[arg-type]
    assert start_url_reread(image, page, 300, Settings(), LEX)() == 1  # type: ignore[arg-type]
    assert _urls(page) == [URL]
    texts = [line.original for line in page.lines if line.words]
    at = next(k for k, text in enumerate(texts) if "prefectures" in text)
    assert texts[at - 1].startswith("La boîte") and texts[at + 1].startswith("Les actes")
    [found] = [line for line in page.lines if "prefectures" in line.original]
    assert all(w.first_reading == "" for w in found.words)  # logged as read again in place of nothing
    assert band.box[1] < next(line for line in page.lines if line.original.startswith("Les actes")).box[1]


def test_a_page_read_whole_has_no_band_and_a_lost_line_of_prose_is_left_lost() -> None:
    """Where every line was read there is no band to read; a band that reads as prose holds no URL, and the
    page's lines stay as OCR read them (prose is the page reading's to vote on, not the URL lines')."""
    text = "La rencontre du conseil citoyen a réuni les habitants\nde tous les quartiers prioritaires de " \
           "la ville\net les acteurs de la politique de la ville du territoire."
    image, page = _read(text)
    assert unread_bands(image, page, 0.0) == []  # type: ignore[arg-type]
    page.lines = [line for line in page.lines if "quartiers" not in line.original]
    assert len(unread_bands(image, page, 0.0)) == 1  # type: ignore[arg-type]
    before = [line.original for line in page.lines]
    start_url_reread(image, page, 300, Settings(), LEX)()  # type: ignore[arg-type]
    assert [line.original for line in page.lines] == before
