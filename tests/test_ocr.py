"""OCR on pages the tests render themselves, read by the real Tesseract."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from dataclasses import replace

import numpy as np
import pytesseract
import pytest
from fixtures import FRENCH_SENTENCE, render_text_image
from PIL import Image
from rapidfuzz.distance import Levenshtein

from pipeline import emit, extract, lexicon, ocr
from pipeline.errors import MissingDependency, PageTimeout
from pipeline.model import Box, Document, Line, Page, PageMethod, Source, Word
from pipeline.ocr import diagnose, parse, vote
from pipeline.ocr.tesseract import orientation
from pipeline.settings import DEFAULT_DICTIONARIES, Settings

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


@pytest.mark.parametrize("turned", [90, 180])
def test_a_turned_line_too_short_for_osd_is_found_by_reading_strips_of_the_page(turned):
    """OSD gives up on a page of a few words ("too few characters"): each other orientation is then
    tried on a strip of the page, and Tesseract, which also reads a line standing on end, must not
    take the strip that holds the line on end for the right way up."""
    text = "Prochaine réunion le 12 mars."
    image = render_text_image(text, rotate=turned)
    assert orientation(image, 300, SETTINGS) == (0, 0.0)
    page = ocr.ocr_page(image, 1, SETTINGS)
    assert page.rotation == turned
    assert share_read([w.original for w in page.words], text) == 1.0


def test_pages_trusted_upright_are_not_turned():
    page = ocr.ocr_page(render_text_image(NOTICE, rotate=90), 1, Settings(rotate_pages=False))
    assert page.rotation == 0
    assert share_read([w.original for w in page.words], NOTICE) < 0.5


def test_a_page_whose_ink_looks_sideways_but_osd_says_upside_down_is_read_as_scanned(monkeypatch):
    """A typewritten page's letters stand in columns, so its ink can look sideways; OSD then says 0
    or 180 (once wrongly, sure at 2.4). Both errors are forced: no rendered page provokes them."""
    from pipeline.ocr import page as page_module

    monkeypatch.setattr(page_module, "measure_page", lambda image: (True, 0.0))
    monkeypatch.setattr(page_module, "orientation", lambda image, dpi, settings: (180, 2.4))
    page = ocr.ocr_page(render_text_image(NOTICE), 1, SETTINGS)
    assert page.rotation == 0
    assert share_read([w.original for w in page.words], NOTICE) >= 0.9


def test_skew_is_measured_from_the_ink():
    assert ocr.detect_skew(render_text_image(NOTICE).convert("L")) == 0.0
    assert ocr.detect_skew(render_text_image(NOTICE, skew=2.5)) == pytest.approx(2.5, abs=0.3)
    assert ocr.detect_skew(render_text_image(NOTICE, skew=-1.5)) == pytest.approx(-1.5, abs=0.3)


def test_small_skew_is_corrected_before_ocr():
    page = ocr.ocr_page(render_text_image(NOTICE, skew=3), 1, SETTINGS)
    assert page.skew == pytest.approx(3, abs=0.3)
    assert share_read([w.original for w in page.words], NOTICE) >= 0.9


def test_a_page_tilted_by_less_than_a_degree_is_read_as_it_lies():
    """Tesseract reads text lines tilted by 0.6° as they lie; straightening them would blur the letters."""
    tilted = render_text_image(NOTICE, skew=0.6)
    assert 0.5 <= ocr.detect_skew(tilted) < 0.8
    page = ocr.ocr_page(tilted, 1, SETTINGS)
    assert page.skew == 0.0 and (page.width, page.height) == tilted.size
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


# --- second pass on weak lines ------------------------------------------------------------------

URL_NOTICE = ("Les comptes rendus des réunions sont publiés chaque mois.\n"
              "Consultez la page https://www.exemple.fr/conseils-citoyens/comptes-rendus\n"
              "Le bureau du conseil répond aux questions des habitants.")


def _word(text: str, confidence: float, x: float, top: float = 100.0, height: float = 40.0) -> Word:
    return Word(original=text, confidence=confidence, box=(x, top, x + 30.0 * len(text), top + height))


def _line(texts: list[str], confidence: float, top: float = 100.0) -> Line:
    words, x = [], 0.0
    for text in texts:
        words.append(_word(text, confidence, x, top))
        x += 30.0 * len(text) + 20.0
    return Line(words=words, box=(0.0, top, x, top + 40.0))


def test_a_more_confident_reading_of_the_same_length_wins():
    old = [Word("coton", confidence=20.0), Word("dans", confidence=90.0)]
    assert ocr.better_reading(old, [Word("citoyen", confidence=92.0), Word("dans", confidence=95.0)])
    assert not ocr.better_reading(old, [Word("coton", confidence=40.0), Word("dans", confidence=41.0)])
    assert not ocr.better_reading(old, [Word("c", confidence=99.0)])  # lost most of the line
    assert not ocr.better_reading(old, [Word("citoyenne-dans-son-quartier-ici", confidence=99.0)])
    assert not ocr.better_reading(old, [])


def test_only_lines_with_a_doubtful_url_or_a_date_are_read_again():
    clean = [_line(["le", "conseil", "citoyen", "se", "réunit"], 95.0, top=100.0 * i) for i in range(10)]
    url = _line(["voir", "https://www.exemple.fr/page"], 85.0, top=1100.0)
    sure_url = _line(["voir", "https://www.exemple.fr/page"], 96.0, top=1200.0)
    doubtful = _line(["une", "masterclass", "coton"], 50.0, top=1300.0)  # left to the corrector
    specks = _line([".", "'", "-", "/"], 10.0, top=1400.0)
    numbered = _line(["Diagnostics", "en", "marchant", "page", "1/2"], 85.0, top=1500.0)  # not a date
    dated = _line(["mise", "à", "jour", "du", "14/04/2018"], 85.0, top=1600.0)  # a date must be exact
    # however sure OCR was of it: a clean 300-dpi scan's ``18/12/2012`` was read ``2017`` at 91
    sure_date = _line(["Date", ":", "18/12/2017"], 96.0, top=1700.0)
    # a figure of its day read as a mark, surely: no date in it, but the line alone reads as printed
    misread_date = _line(["Date", "2:/07/2025"], 96.0, top=1800.0)
    lines = [*clean, url, sure_url, doubtful, specks, numbered, dated, sure_date, misread_date]
    page = Page(number=1, method="ocr", lines=lines)
    weak = (url, dated, sure_date, misread_date)
    assert [id(line) for line in ocr.weak_lines(page)] == [id(line) for line in weak]


def test_a_line_the_page_reading_doubted_is_read_again_from_its_pixels():
    image = render_text_image(URL_NOTICE)
    page = ocr.ocr_page(image, 1, replace(SETTINGS, second_pass=False))
    line = page.lines[1]
    truth_box = line.box
    _garbled(line)
    untouched = [other.original for other in page.lines if other is not line]
    assert ocr.reread_weak_lines(image, page, 300, SETTINGS) >= 1
    assert share_read([w.original for w in line.words], URL_NOTICE.split("\n")[1]) >= 0.9
    assert any(w.first_reading for w in line.words)  # the reading replaced is kept, to be logged
    assert sum(w.confidence for w in line.words) / len(line.words) > 80
    for word in line.words:  # boxes in page pixels, inside the printed line
        assert truth_box[0] - 5 <= word.box[0] < word.box[2] <= truth_box[2] + 5
        assert truth_box[1] - 15 <= word.box[1] < word.box[3] <= truth_box[3] + 15
    assert [other.original for other in page.lines if other is not line] == untouched


def _garbled(line: Line) -> None:
    """What a bad page reading looks like: the right boxes, garbled words Tesseract doubted."""
    line.words = [Word(original=w.original if "/" in w.original else w.original[::-1] + "~", confidence=25.0,
                       box=w.box) for w in line.words]


def test_two_line_readers_share_out_the_lines_and_read_them_as_one_does():
    printed = ["Le site https://www.lille.fr/conseils-citoyens/comptes-rendus",
               "La fiche https://www.irev.fr/thematiques/participation",
               "Mise à jour du 14/03/2018, page https://www.exemple.fr/agenda"]
    image = render_text_image("\n".join(printed))
    readings = []
    for readers in (1, 2):
        page = ocr.ocr_page(image, 1, replace(SETTINGS, second_pass=False))
        for line in page.lines:
            if line.words:
                _garbled(line)
        assert len(ocr.weak_lines(page)) == 3
        assert ocr.reread_weak_lines(image, page, 300, SETTINGS, readers) == 3
        readings.append([line.original for line in page.lines if line.words])
    assert readings[0] == readings[1]
    for reading, text in zip(readings[1], printed, strict=True):  # each line got its own reading back
        assert share_read(reading.split(), text) >= 0.9


def test_a_reader_given_lines_is_no_longer_free_to_hand_on_before_its_thread_starts(monkeypatch):
    # Readers a page left unused go on to the next page; one handed lines whose thread has not yet
    # started must not look unused, or the next page gives it work too (one run a process).
    image = render_text_image("Le site https://www.lille.fr/conseils-citoyens/comptes-rendus\n"
                              "La fiche https://www.irev.fr/thematiques/participation")
    page = ocr.ocr_page(image, 1, replace(SETTINGS, second_pass=False))
    for line in page.lines:
        _garbled(line)
    gate = threading.Event()
    read = ocr.LineReader.read

    def held(self, images, dpi):  # the thread is late to start its run
        gate.wait(60)
        return read(self, images, dpi)

    monkeypatch.setattr(ocr.LineReader, "read", held)
    readers = [ocr.LineReader(SETTINGS) for _ in range(2)]
    try:
        assert len(ocr.weak_lines(page)) == 2  # a share for each reader
        finish = ocr.start_reread(image, page, 300, readers)
        assert not any(reader.unused for reader in readers)
        gate.set()
        assert finish(None) >= 1
    finally:
        gate.set()
        ocr.close_all(readers)


def test_lines_are_shared_out_by_width():
    assert ocr.share_out([900, 300, 500, 400], 2) == [[0, 1], [2, 3]]
    assert ocr.share_out([1000, 300, 500, 400], 2) == [[0], [1, 2, 3]]
    assert ocr.share_out([500, 500, 500], 2) == [[0, 2], [1]]
    assert ocr.share_out([700], 2) == [[0], []]
    assert ocr.share_out([700, 100], 1) == [[0, 1]]


def test_a_line_box_swallowing_its_neighbours_is_cut_at_the_line_own_ink():
    image = render_text_image(NOTICE)
    page = ocr.ocr_page(image, 1, replace(SETTINGS, second_pass=False))
    first, middle, last = (line for line in page.lines if line.words)
    printed = middle.box
    # Tesseract sometimes gives a line (and one word) a box reaching into the lines around it.
    middle.box = (middle.box[0], first.box[1], middle.box[2], last.box[3])
    word = middle.words[2]
    word.box = (word.box[0], first.box[1], word.box[2], last.box[3])
    top, bottom = ocr.ink_band(image.convert("L"), middle)
    assert first.box[3] <= top <= printed[1] and printed[3] <= bottom <= last.box[1]
    crop = ocr.line_crop(image.convert("L"), middle)
    ink = np.asarray(crop.image) < 128
    assert ink[: crop.margin].sum() == 0 and ink[-crop.margin:].sum() == 0  # no neighbour's ink


def test_a_clean_page_reads_the_same_with_the_second_pass():
    image = render_text_image(f"{NOTICE}\n{URL_NOTICE}")
    plain = ocr.ocr_page(image, 1, replace(SETTINGS, second_pass=False))
    assert len(ocr.weak_lines(plain)) <= 1
    second = ocr.ocr_page(image, 1, SETTINGS)
    assert [line.original for line in second.lines] == [line.original for line in plain.lines]


def test_the_second_reading_keeps_each_character_s_alternatives():
    image = render_text_image("Mise à jour du 14/03/2018")
    page = ocr.ocr_page(image, 1, replace(SETTINGS, second_pass=False))
    line = next(line for line in page.lines if line.words)
    crop = ocr.line_crop(image.convert("L"), line)
    words = ocr.LineReader(SETTINGS).read([crop.image, crop.image], 300)
    assert len(words) == 2 and [w.original for w in words[0]] == [w.original for w in words[1]]
    date = next(w for w in words[0] if "2018" in w.original)
    assert date.choices and len(date.choices) == len(date.original)
    assert all(group[0][0] == char for group, char in zip(date.choices, date.original, strict=True) if group)
    assert sum(bool(group) for group in date.choices) >= len(date.original) - 1
    assert all(0 <= confidence <= 100 for group in date.choices for _, confidence in group)


def test_unused_readers_are_stopped():
    for reader in (ocr.LineReader(SETTINGS), ocr.PageReader(SETTINGS)):
        reader.close()
        assert reader.process.poll() is not None


def test_a_tesseract_failure_carries_tesseract_s_reason(tmp_path):
    with pytest.raises(pytesseract.TesseractError, match="cannot be read"):
        ocr.PageReader(SETTINGS).run(f"{tmp_path / 'absent.tif'}\n".encode())


@pytest.mark.parametrize("dpi", [300, 150])
def test_a_reader_started_ahead_reads_what_pytesseract_reads(dpi):
    image = render_text_image(URL_NOTICE, dpi=dpi)
    reader = ocr.PageReader(SETTINGS)  # its model loads meanwhile; the page's DPI travels in the TIFF
    page = ocr.read_words(image, 1, dpi, SETTINGS, reader)
    data = pytesseract.image_to_data(image, lang="fra", config=f"--dpi {dpi}",
                                     output_type=pytesseract.Output.DICT)
    expected = ocr.page_from_data(data, 1)
    assert [(w.original, w.confidence, w.box) for w in page.words] == \
        [(w.original, w.confidence, w.box) for w in expected.words]
    assert len(page.words) >= 15 and reader.process.poll() is not None


def test_ink_tesseract_read_twice_is_taken_once():
    """Tesseract's LSTM sometimes reads the same ink twice: a word, then over it a word opening with it
    again (``tant-`` ``tant-cie-…``), or a word opening with what the word before it ends with over
    their common ink (``…%202012.`` ``12.pdf``); words that merely touch, or repeat without sharing
    ink (``de de``), are as read."""
    rows = [("Voir", 100, 180), ("tant-", 194, 246), ("tant-cie-habitant-maisons.html", 195, 668),
            ("anru.fr/ressources/Centres%20sociaux%202012.", 700, 1820), ("12.pdf", 1752, 1900),
            ("de", 1910, 1940), ("de", 1950, 1980), ("Ia", 1978, 2010)]
    data = {"level": [4] + [5] * len(rows), "block_num": [1] * (len(rows) + 1),
            "par_num": [1] * (len(rows) + 1), "line_num": [1] * (len(rows) + 1),
            "text": ["", *(text for text, _, _ in rows)], "conf": [-1] + [90] * len(rows),
            "left": [100, *(x0 for _, x0, _ in rows)], "top": [0] * (len(rows) + 1),
            "width": [1910, *(x1 - x0 for _, x0, x1 in rows)], "height": [40] * (len(rows) + 1)}
    page = ocr.page_from_data(data, 1)
    assert [w.original for w in page.words] == ["Voir", "tant-cie-habitant-maisons.html",
                                                "anru.fr/ressources/Centres%20sociaux%202012.", "pdf",
                                                "de", "de", "Ia"]
    assert page.words[3].box[0] >= 1820 - 1
    # two readings that split a word differently: the vote keeps its ink once
    first = [Word("tant-cie-habitant-maisons-de-projet.html", confidence=91.0, box=Box(195, 513, 668, 542))]
    second = [Word("tant-", confidence=93.0, box=Box(194, 516, 246, 555)),
              Word("-cie-habitant-maisons-de-projet.html", confidence=88.0, box=Box(239, 513, 673, 544))]
    voted = vote.vote(first, second, lexicon.load(DEFAULT_DICTIONARIES)).words
    assert "".join(w.original for w in voted) == "tant-cie-habitant-maisons-de-projet.html"


# --- diagnosis, preprocessing, several readings and one vote -----------------------------------

def test_resolution_is_measured_from_the_letters_not_the_file():
    sharp = render_text_image(NOTICE, dpi=300)
    small = render_text_image(NOTICE, dpi=150)
    small.info["dpi"] = (300, 300)  # the file lies about its resolution
    big, little = diagnose.diagnose(sharp), diagnose.diagnose(small)
    assert big.x_height and little.x_height
    assert big.x_height / little.x_height == pytest.approx(2.0, rel=0.2)
    assert diagnose.Step.ENLARGE not in big.steps
    assert diagnose.Step.ENLARGE in little.steps and little.scale > 1.4


def test_despeckling_removes_specks_and_keeps_dots_and_accents():
    text = "Où est la fête ? Île, été, naïf, ça, déjà : il lit ici."
    clean = np.asarray(render_text_image(text))
    below = clean.shape[0] // 2 + 60  # under the text line: paper only
    specked = clean.copy()
    rng = np.random.default_rng(7)
    for y in range(below + 5, clean.shape[0] - 10, 24):  # 3-pixel specks, apart from each other
        for x in range(10, clean.shape[1] - 10, 24):
            dy, dx = rng.integers(0, 12, 2)
            specked[y + dy:y + dy + 3, x + dx:x + dx + 3] = 0
    assert diagnose.diagnose(Image.fromarray(specked)).specks > diagnose.SPECK_SHARE
    cleaned = diagnose.despeckle(specked)
    assert (cleaned[below:] < 128).sum() == 0  # every speck gone
    assert np.array_equal(cleaned[:below], specked[:below])  # every dot and accent of the text kept


def test_a_second_reading_reshapes_the_letters():
    """Despeckling removes only specks with no letter near them, which Tesseract leaves out of its
    lines already: a page read again for that alone would read as it did, so it is not read again."""
    clean = np.asarray(render_text_image(NOTICE))
    specked = clean.copy()
    specked[-40:-37, 20:-20:24] = 0  # a row of specks under the text
    despeckled = diagnose.diagnose(Image.fromarray(specked))
    assert despeckled.steps == [diagnose.Step.DESPECKLE] and not despeckled.reshapes
    assert diagnose.second_steps(despeckled) is None
    clean_page = diagnose.diagnose(Image.fromarray(clean))
    assert clean_page.steps == [] and diagnose.second_steps(clean_page) == [diagnose.Step.FLATTEN]
    faint = diagnose.diagnose(Image.fromarray((255 - (255 - clean) * 0.25).astype(np.uint8)))
    assert diagnose.Step.FLATTEN in faint.steps and diagnose.second_steps(faint) == faint.steps
    small = diagnose.diagnose(render_text_image(NOTICE, dpi=150))
    assert diagnose.Step.ENLARGE in small.steps and diagnose.second_steps(small) == small.steps


def test_a_reading_started_beside_the_first_and_not_needed_is_stopped():
    """With a core to spare, a page whose measures call for preprocessing is read preprocessed at
    once; read clearly the first time, it needs no second reading: that one is killed, and the page
    is the one read without a spare core."""
    psutil = pytest.importorskip("psutil")
    clean = np.asarray(render_text_image(NOTICE)).astype(float)
    shade = np.linspace(1.0, 0.7, clean.shape[1])[None, :]  # paper darkening across the sheet
    image = Image.fromarray((clean * shade).astype(np.uint8))
    assert diagnose.diagnose(image).steps == [diagnose.Step.FLATTEN]  # to be flattened
    alone = ocr.start_page(image, 1, SETTINGS, readers_wanted=1)()
    spare = ocr.start_page(image, 1, SETTINGS, readers_wanted=2)()
    assert (spare.confidence or 0) >= 80 and spare.diagnosis and not spare.diagnosis["readings"]
    assert [(w.original, w.box) for w in spare.words] == [(w.original, w.box) for w in alone.words]
    # Only Tesseract's: worker processes of other tests in the suite may live on.
    assert not [c for c in psutil.Process().children(recursive=True)
                if c.name() == "tesseract" and c.status() != psutil.STATUS_ZOMBIE]


def test_a_tan_sheet_on_a_white_lid_read_as_blank_is_read_again_preprocessed():
    """One global threshold parts the white lid from the tan sheet, and the sheet, letters and all,
    becomes one dark block: bare Tesseract reads nothing. The page's measures call for flattening
    its paper, so a page read as blank is read again so."""
    text = np.asarray(render_text_image(NOTICE), dtype=np.float64) / 255.0
    lid = np.full((text.shape[0] + 400, text.shape[1] + 400), 250.0)
    lid[200:-200, 200:-200] = text * 170 + (1 - text) * 90  # grey ink on a tan sheet
    image = Image.fromarray(lid.astype(np.uint8))
    image.info["dpi"] = (300, 300)
    assert pytesseract.image_to_string(image, lang="fra").strip() == ""
    page = ocr.ocr_page(image, 1, SETTINGS)
    assert share_read([w.original for w in page.words], NOTICE) >= 0.9
    assert page.diagnosis and page.diagnosis["readings"] == ["page", "flatten"]


def test_flattening_makes_mottled_shaded_paper_even_and_keeps_the_ink_darker_than_its_paper():
    """Paper darkening across the sheet, with blotches a few letters wide: divided by its own shade,
    the paper is white and even, and each letter stays as much darker than the paper around it."""
    text = np.asarray(render_text_image(NOTICE), dtype=np.float64) / 255.0
    rows, columns = np.mgrid[0:text.shape[0], 0:text.shape[1]]
    paper = 230 - 80 * columns / text.shape[1] + 15 * np.sin(rows / 40.0) * np.cos(columns / 55.0)
    grey = (paper * (0.35 + 0.65 * text)).astype(np.uint8)  # ink at 35 % of its paper's shade
    flat = diagnose.flatten(grey).astype(np.float64)
    on_paper, in_ink = text > 0.99, text < 0.2
    assert np.percentile(grey[on_paper], 99) - np.percentile(grey[on_paper], 1) > 80
    assert np.percentile(flat[on_paper], 99) - np.percentile(flat[on_paper], 1) < 25
    assert np.median(flat[on_paper]) > 245 and np.median(flat[in_ink]) < 0.5 * 255


@pytest.mark.parametrize("window", [31, 201])
def test_sauvola_binarises_as_scikit_image_does(window):
    """The local threshold is computed with OpenCV's box filters, in bands of rows; scikit-image's,
    on the whole page, is the reference (a window of 201 rows reaches over several bands)."""
    from skimage.filters import threshold_sauvola

    rng = np.random.default_rng(3)
    page = np.asarray(render_text_image(NOTICE, dpi=200)).astype(np.float64)
    shade = np.linspace(0, 90, page.shape[1])[None, :]  # paper darkening towards one side, and noise
    grey = np.clip(page - shade + rng.normal(0, 12, page.shape), 0, 255).astype(np.uint8)
    assert grey.shape[0] > 3 * diagnose.SAUVOLA_BAND
    reference = np.where(grey > threshold_sauvola(grey, window_size=window, k=0.2), 255, 0)
    assert np.array_equal(diagnose.sauvola(grey, window), reference)
    assert 0 < (diagnose.sauvola(grey) == 0).mean() < 0.2  # ink, not the dark side of the sheet


def test_each_page_records_its_measures_and_the_preprocessing_chosen(upright_page):
    diagnosis = upright_page.diagnosis
    assert diagnosis is not None
    assert {"x_height", "specks", "contrast", "stroke", "background", "steps", "scale"} <= set(diagnosis)
    assert diagnosis["steps"] == [] and diagnosis["x_height"] > 16  # a clean 300-dpi page needs nothing


@pytest.fixture(scope="module")
def known_words():
    return lexicon.load(DEFAULT_DICTIONARIES)


def _words(text: str, confidence: float) -> list[Word]:
    return [Word(original=t, confidence=confidence) for t in text.split()]


def test_the_vote_keeps_the_words_a_reader_knows_and_logs_what_it_replaced(known_words):
    first = _words("Organiser une masterclass coton dans son n'uartiet", 90.0)
    first[3].confidence, first[6].confidence = 45.0, 40.0
    second = _words("Organiser une masterclass citoyenne dans son quartier", 90.0)
    result = vote.vote(first, second, known_words)
    assert [w.original for w in result.words] == [w.original for w in second]
    assert result.changed == 2
    assert [w.first_reading for w in result.words if w.first_reading is not None] == ["coton", "n'uartiet"]
    assert result.words[0] is first[0]  # words read alike keep the first reading's box and confidence


def test_the_vote_does_not_trade_known_words_for_garbage_or_drop_words(known_words):
    first = _words("Les habitants du quartier sont invités", 60.0)
    garbage = _words("Lcs hab1tants du qu@rtier sont", 95.0)
    result = vote.vote(first, garbage, known_words)
    assert [w.original for w in result.words] == [w.original for w in first] and result.changed == 0


def test_the_vote_keeps_names_and_never_takes_another_lines_words(known_words):
    first = _words("la résidence Sellier : M. Haddad propose un atelier", 60.0)
    for word in first[2:6]:
        word.confidence = 30.0
    other_line = _words("la résidence publique. Un conseiller propose un atelier", 95.0)
    result = vote.vote(first, other_line, known_words)
    assert [w.original for w in result.words] == [w.original for w in first] and result.changed == 0
    misread_name = _words("rue SELLIER", 40.0)
    result = vote.vote(misread_name, _words("rue SELEIER", 95.0), known_words)
    assert [w.original for w in result.words] == ["rue", "SELLIER"]


def test_the_vote_adds_no_words_where_the_first_reading_saw_signs_and_keeps_sure_names(known_words):
    """A catalogue's ditto marks read again come out as lone letters; a sure name read again
    doubtfully may come out as a known word; a line's crop may take in its neighbour's words."""
    first = _words('" # 53 Li O de bon printemps', 80.0)
    first[0].confidence = first[1].confidence = 5.0
    ditto = _words("L ] L 1 53 Li O de bon printemps", 80.0)
    for word in ditto[:4]:
        word.confidence = 30.0
    result = vote.vote(first, ditto, known_words, set())
    assert [w.original for w in result.words] == [w.original for w in first] and result.changed == 0
    sure_name = _words("# Bm 9 50", 95.0)
    sure_name[0].confidence = 0.0
    unsure = _words("2 Ba 9 50", 95.0)
    unsure[0].confidence, unsure[1].confidence = 10.0, 32.0
    result = vote.vote(sure_name, unsure, known_words, set())
    assert [w.original for w in result.words] == ["#", "Bm", "9", "50"]
    two = _words("enreg;àMeteghan) richesse", 96.0)
    two[0].confidence = 26.0
    nine = _words("en reg. rt Bm 8,62,35,49 1 v.h. Er ten", 70.0)
    result = vote.vote(two, nine, known_words)
    assert [w.original for w in result.words] == [w.original for w in two]
    words_for_signs = _words("— Les habitants sont invités", 90.0)
    words_for_signs[0].confidence = 10.0
    result = vote.vote(words_for_signs, _words("Les Les habitants sont invités", 96.0), known_words, {"Les"})
    assert result.changed == 0


def test_a_lone_letter_or_an_unknown_word_read_less_surely_does_not_outvote_the_first_reading(known_words):
    """The lexicon knows every letter (as its name): a second reading's lone ``s`` or ``C`` vouches
    for nothing, however unsure the first reading was; and an unknown word read less surely than the
    one it would replace is no better for looking French. A known word still wins (``la`` for ``In``)."""
    cases = [("au C.R,, du", 30.0, "au C.:., du", 0.0),
             ("le 3 : et", 40.0, "le 3 s et", 66.0),
             ("la réunion v.p.h, et", 60.0, "la réunion Vopehe et", 50.0)]
    for first_text, first_sure, second_text, second_sure in cases:
        first, second = _words(first_text, 95.0), _words(second_text, 95.0)
        first[2].confidence, second[2].confidence = first_sure, second_sure
        result = vote.vote(first, second, known_words, set())
        assert [w.original for w in result.words] == first_text.split() and result.changed == 0, second_text
    first, second = _words("In réunion", 90.0), _words("la réunion", 90.0)
    first[0].confidence, second[0].confidence = 20.0, 73.0
    assert [w.original for w in vote.vote(first, second, known_words, set()).words] == ["la", "réunion"]


def test_a_known_word_a_letter_away_replaces_an_unknown_one_however_sure_tesseract_was(known_words):
    """Tesseract is as sure of a misread letter as of a right one: ``asnects`` read at 89, ``aspects``
    at 27 in the other reading. A name is not made a known word so (``Marchant`` is printed so)."""
    first, second = _words("sur les asnects chiffrés", 89.0), _words("sur les aspects chiffrés", 89.0)
    second[2].confidence = 27.0
    result = vote.vote(first, second, known_words, set())
    assert [w.original for w in result.words] == ["sur", "les", "aspects", "chiffrés"]
    assert result.words[2].first_reading == "asnects"
    first, second = _words("le diagnostic Marchant", 90.0), _words("le diagnostic marchand", 30.0)
    assert [w.original for w in vote.vote(first, second, known_words, set()).words] == [
        "le", "diagnostic", "Marchant"]


PERFORATION = [("ER", 36), ("LS", 30), ("RS", 24), ("NE", 32), ("Ta", 13), ("Sn", 42), ("DT", 19),
               ("|", 9), ("un", 35), ("x", 42), ("‘ont", 45), ("a", 23), ("RE", 30), ("EE", 15),
               ("ie", 39), ("note", 35), ("un", 15), ("on.", 41), ("on.", 28), ("es.", 30), ("nm", 1),
               ("OR", 5), ("RC", 8)]
"""A perforated edge read as a line (Tapuscorpus, Oulipo 10010130k), with Tesseract's confidences."""


def test_lines_of_ink_read_as_letters_tesseract_doubted_are_dropped_and_text_read_badly_is_kept(known_words):
    from pipeline.ocr.noise import drop_noise

    def line(words: list[tuple[str, float]], block: int) -> Line:
        return Line(words=[Word(original=t, confidence=c) for t, c in words], block=block)

    doubted_text = line([(t, 40.0) for t in ["Les", "habitants", "du", "quartier", "sont", "invités"]], 1)
    sure_name = line([("Salagoïty", 91.0)], 1)
    perforation = line(PERFORATION, 2)
    scribble = line([("D", 32.0), ("Qu", 0.0), ("BEenee", 0.0)], 3)
    rule = line([*PERFORATION, ("ns", 60.0), *PERFORATION], 3)  # one speck read surely among fifty
    name_among_specks = line([("Qu", 0.0), ("BEenee", 0.0), ("Salagoïty", 91.0)], 3)
    speakers = [line([("Salagoïty", 16.0)], 4), line([("F.M.", 42.0)], 4)]  # a play's margin, doubted
    scrawl = line([("Htteiettetrt", 20.0)], 4)
    last = line([("Bien", 92.0), ("OuLiPiennement", 88.0), ("vôtre,", 85.0)], 5)
    lines = [doubted_text, sure_name, perforation, scribble, rule, name_among_specks, *speakers, scrawl, last]
    page = Page(number=1, method="ocr", lines=parse.parted(lines))
    assert drop_noise(page, known_words) == [" ".join(t for t, _ in PERFORATION), "D Qu BEenee",
                                             " ".join(w.original for w in rule.words), "Htteiettetrt"]
    firsts = [line.words and line.words[0].original for line in page.lines]
    assert firsts == ["Les", "Salagoïty", [], "Qu", [], "Salagoïty", "F.M.", [], "Bien"]


def test_a_url_read_badly_is_no_line_of_specks(known_words):
    """A URL line Tesseract doubted word by word is left to the URL finder and the URL lines' second
    reading; specks read as slashes and percent signs are still specks."""
    from pipeline.ocr.noise import drop_noise

    url = "https://www. somimie. /IMG/pdf/thematique-emploi-intercommunale- “communaute-de-communes. pdf"
    rest = "uploads/2019/06/1ntervenante_ Me _Convention_Cadre. pdf ."
    specks = "l/ ./ ,/ % ii ‘ont RS"
    lines = [Line(words=[Word(original=t, confidence=20.0) for t in text.split()], block=k)
             for k, text in enumerate([url, rest, specks])]
    page = Page(number=1, method="ocr", lines=parse.parted(lines))
    assert drop_noise(page, known_words) == [specks]


def test_the_rest_of_a_url_read_as_specks_is_kept_and_specks_after_a_url_are_not(known_words):
    """A URL cut at the margin goes on in a line Tesseract doubted, of no French and no URL-like
    word (seed 93 of the URL scans: ``ntercommunalite. htm)``, ``pdf``): the URL finder joins it
    to the URL above, so it is no specks. Specks under a URL, too short for a rest, still are; so
    is the same line under a sentence."""
    from pipeline.ocr.noise import drop_noise

    def page_of(*texts: str) -> Page:
        lines = [Line(words=[Word(original=t, confidence=c) for t in text.split()], block=0)
                 for text, c in zip(texts, [88.0, *[20.0] * (len(texts) - 1)], strict=True)]
        return Page(number=1, method="ocr", lines=parse.parted(lines))

    url = "http://sig.ville.gouv.fr/vie-citoyenne/tranquillite-publique-releve-de-decisions-i"
    assert drop_noise(page_of(url, "ntercommunalite. htm)"), known_words) == []
    assert drop_noise(page_of("https://www.somme.fr/publications/Diagnostics%20en%20marchant%202021.", "pdf"),
                      known_words) == []
    assert drop_noise(page_of(url, "ee :"), known_words) == ["ee :"]
    assert drop_noise(page_of("Les dossiers sont à déposer avant le", "ntercommunalite. htm)"),
                      known_words) == ["ntercommunalite. htm)"]
    cut = "https://www.hauts-de-france.ars.sante.fr/interventions-fonds-d-initiatives-locales-co-constructio"
    page = page_of(cut, "n-2014 fe SE")  # the rest, then specks read as letters: left out, and said so
    assert drop_noise(page, known_words) == ["fe SE"]
    assert [line.original for line in page.lines if line.words][-1] == "n-2014"


def test_specks_under_a_url_cut_at_the_margin_are_held_for_the_url_lines_reading(known_words):
    """On the worst scans the rest of a URL cut at the margin reads as specks the URL finder does not join to
    it (seed 245 of the URL scans: ``Partage. pdf`` under ``…_Territoires Diagnostic.``): the noise filter
    holds the line for the URL lines' second reading, and drops it after only if that did not make it the
    URL's rest. Under a sentence that reaches the margin, the same line is dropped at once."""
    from pipeline.ocr.noise import drop_noise, drop_unread_rests

    def line(text: str, top: float, right: float, confidence: float) -> Line:
        tokens = text.split()
        step = (right - 100.0) / len(tokens)
        return Line(words=[Word(original=t, confidence=confidence,
                                box=Box(100.0 + k * step, top, 100.0 + (k + 1) * step - 10.0, top + 40.0))
                           for k, t in enumerate(tokens)],
                    box=Box(100.0, top, right - 10.0, top + 40.0), block=0)

    def page_of(above: str, under: str) -> Page:
        return Page(number=1, method="ocr", lines=[
            line("Les dossiers sont à déposer avant le trente et un août de l'année", 100.0, 2010.0, 92.0),
            line("considérée pour la rencontre du quartier et de la ville de Lens", 160.0, 1990.0, 92.0),
            line(above, 260.0, 2010.0, 91.0), line(under, 320.0, 400.0, 0.0),
            line("Le rapport annuel :", 420.0, 600.0, 92.0)])

    url = "http://www.calameo.com/wp-content/uploads/2021/03/Employeuse_ Territoires Diagnostic."
    page = page_of(url, "Partage. pdf")
    assert drop_noise(page, known_words) == []
    assert drop_unread_rests(page, known_words) == ["Partage. pdf"]
    assert [w.original for w in page.lines[-1].words] == ["Le", "rapport", "annuel", ":"]
    page = page_of(url, "Partage. pdf")
    drop_noise(page, known_words)
    page.lines[3].words = [replace(page.lines[3].words[0], original="_Partage.pdf")]  # as read again
    assert drop_unread_rests(page, known_words) == []
    prose = "et les conseils citoyens de la métropole pour la rencontre de la ville de Lens"
    assert drop_noise(page_of(prose, "Partage. pdf"), known_words) == ["Partage. pdf"]
    # a URL's rest broken after a dot, short of the margin, its extension on a line read as specks (seed 249)
    page = page_of("refet-intergenerationnelle-marche- developpement-economique.", "- html: :")
    page.lines[2].box = Box(100.0, 260.0, 1500.0, 300.0)
    page.lines[2].words[-1].box = Box(900.0, 260.0, 1500.0, 300.0)
    assert drop_noise(page, known_words) == []


def test_a_line_the_url_finder_opens_a_url_on_is_no_specks(known_words):
    """A URL line read so badly that few of its letters are in URL-like words (seed 93 of the URL
    scans) still opens a URL the finder sees: the URL lines' second reading reads it again."""
    from pipeline.ocr.noise import drop_noise

    text = "https:/wwwnord. gouv. Wstesdefauuriesimedis dounloads/RH CSM AGMACA AGEN tel 2Odes 20m AC"
    page = Page(number=1, method="ocr", lines=[Line(words=[Word(original=t, confidence=20.0)
                                                           for t in text.split()])])
    assert drop_noise(page, known_words) == []


def test_a_reread_is_logged_as_a_correction_in_the_json():
    first = _words("Organiser une masterclass citoyenne", 80.0)
    first[3].first_reading = "coton"
    page = Page(number=1, method="ocr", lines=[Line(words=first)], diagnosis={"steps": ["sauvola"]})
    source = Source(path="f.png", sha256="ab" * 32, bytes=1, media_type="image/png")
    doc = Document(source=source, pages=[page])
    document = emit.to_dict(doc, dictionary_version="test")
    emit.validate(document)
    assert {"original": "coton", "corrected": "citoyenne", "reason": "reread"}.items() \
        <= document["corrections"][0].items()
    assert document["pages"][0]["diagnosis"] == {"steps": ["sauvola"]}


def test_titles_are_read_again_alone(monkeypatch):
    read: list[int] = []
    real = ocr.LineReader.read

    def counted(reader, images, dpi):
        read.append(len(images))
        return real(reader, images, dpi)

    monkeypatch.setattr(ocr.LineReader, "read", counted)
    page = ocr.ocr_page(render_text_image(NOTICE), 1, SETTINGS)
    assert sum(read) == 1  # no URL, no date in figures: the title line alone
    assert page.lines[0].original.startswith("La politique de la ville")


TYPESET_TITLE = "Compte rendu de la réunion plénière"
TYPESET_BODY = """Le conseil citoyen s'est réuni le mardi à la maison de quartier. Les habitants ont présenté
les résultats du diagnostic en marchant : éclairage des rues, propreté des espaces verts,
sécurité aux abords de l'école élémentaire et accès des personnes à mobilité réduite.
Après un échange animé, le bureau a décidé de transmettre ces propositions à la mairie
et de préparer une nouvelle visite du quartier au printemps prochain."""
LATEX_PAGE = (r"\documentclass[11pt]{article}\usepackage[utf8]{inputenc}\usepackage[T1]{fontenc}"
              r"\usepackage{lmodern}\pagestyle{empty}\begin{document}\section*{" + TYPESET_TITLE + "}\n"
              + TYPESET_BODY + "\n\\end{document}\n")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex (texlive) is not installed")
def test_a_clean_typeset_page_reads_with_no_more_errors_than_bare_tesseract(tmp_path):
    (tmp_path / "page.tex").write_text(LATEX_PAGE, encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "page.tex"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=120)
    (image,) = extract.render_pages(tmp_path / "page.pdf", dpi=300)
    image.save(tmp_path / "page.png", dpi=(300, 300))
    truth = f"{TYPESET_TITLE}\n{TYPESET_BODY}"
    bare = subprocess.run(["tesseract", str(tmp_path / "page.png"), "-", "-l", "fra"], capture_output=True,
                          text=True, check=True).stdout
    page = ocr.ocr_page(image, 1, SETTINGS)

    def errors(text: str) -> int:
        """Word edit distance to the source text (case, punctuation and apostrophe shapes aside)."""
        def tokens(s: str) -> list[str]:
            return re.findall(r"\w+", s.replace("’", "'").lower())
        return Levenshtein.distance(tokens(text), tokens(truth))

    assert errors(page_text(page)) <= errors(bare)
    assert errors(bare) <= 3  # the page is clean: both read it almost whole


def page_text(page: Page) -> str:
    return "\n".join(line.original for line in page.lines)


def test_lines_read_again_while_the_preprocessed_reading_goes_on_give_the_page_read_in_turn(monkeypatch):
    """With a core to spare, a page of small letters (read again enlarged) has its heading and its
    doubtful URL and date line read again on the first reading while the enlarged one goes on,
    not after it; the vote keeps those readings where it leaves the lines standing, and the page
    is the one read in turn, without a spare core."""
    from pipeline.ocr import tesseract

    text = ("Guide de la participation citoyenne\n" f"{FRENCH_SENTENCE}\n"
            "Voir https://www.ville.gouv.fr/guide-participation le 12/03/2019.")
    image = render_text_image(text, dpi=150, font_size=9)
    assert diagnose.Step.ENLARGE in diagnose.diagnose(image).steps
    alone = ocr.start_page(image, 1, SETTINGS, readers_wanted=1)()
    calls: list[tuple[str, float, float]] = []

    def timed(kind, read):
        def wrapper(self, pages, *args, **kwargs):
            start = time.perf_counter()
            try:
                return read(self, pages, *args, **kwargs)
            finally:
                if kind == "page" and pages.width > image.width:
                    time.sleep(2.0)  # an enlarged reading slower than the first, whatever the load
                calls.append((kind, start, time.perf_counter()))
        return wrapper

    monkeypatch.setattr(tesseract.PageReader, "read", timed("page", tesseract.PageReader.read))
    monkeypatch.setattr(tesseract.LineReader, "read", timed("lines", tesseract.LineReader.read))
    spare = ocr.start_page(image, 1, SETTINGS, readers_wanted=2)()
    assert [(w.original, w.box) for w in spare.words] == [(w.original, w.box) for w in alone.words]
    last_page_read = max(end for kind, _, end in calls if kind == "page")
    assert any(kind == "lines" and start < last_page_read for kind, start, _ in calls)


def test_a_page_of_tiny_letters_taken_whole_from_its_enlarged_reading_keeps_its_lines_on_the_page(
        shared_corpus):
    """A page whose letters are 6 pixels high (a typed page with a diagram, Tapuscorpus) reads far
    better enlarged three times, and that reading is taken whole, its lines with it: their boxes must
    be in the page's pixels, around their own words (the column step and the lines read again go by
    them), not in the enlarged image's."""
    scan = shared_corpus / "realworld/tapuscorpus/europeana-random-selection" / \
        "9200518_ark_12148_btv1b53157893j.jpeg"
    page = ocr.ocr_page(Image.open(scan), 1, SETTINGS)
    assert page.diagnosis and page.diagnosis["scale"] > 1.5 and page.diagnosis["changed"]
    width, height = Image.open(scan).size
    for line in (line for line in page.lines if line.words):
        words = Box.around(w.box for w in line.words)
        middle = ((words[0] + words[2]) / 2, (words[1] + words[3]) / 2)
        assert line.box and line.box[0] <= middle[0] <= line.box[2]
        assert line.box[1] <= middle[1] <= line.box[3]
        assert line.box[2] <= width and line.box[3] <= height


def test_the_vote_weighs_each_word_read_two_ways_apart_from_its_neighbours(known_words):
    """A letterhead's line (Tapuscorpus Oulipo ``10010130k``): the town's name read two ways beside a
    date the first reading garbled. The name keeps its surer first reading; the date's words, voted
    apart from it, are taken (voted together, the name's sure first reading held them back)."""
    first = [Word("92-BOULOGNE-SUR-SEINE", confidence=85.0), Word("e:9", confidence=0.0),
             Word("Septembre", confidence=96.0), Word("1971", confidence=96.0)]
    second = [Word("92-BOULOGNE-SUR-SENE", confidence=58.0), Word("le", confidence=95.0),
              Word("2", confidence=94.0), Word("Septembre", confidence=95.0), Word("1971", confidence=96.0)]
    result = vote.vote(first, second, known_words)
    assert [w.original for w in result.words] == ["92-BOULOGNE-SUR-SEINE", "le", "2", "Septembre", "1971"]
    assert [w.first_reading for w in result.words if w.first_reading is not None] == ["e:9", ""]


def test_a_word_of_another_reading_goes_to_the_line_nearest_it(known_words):
    """A letterhead as the page image read it (Tapuscorpus Oulipo ``10010130k``): a mark beside the
    street's line stretched its box over the town's line below. The other reading's words of the
    town's line go to the line whose middle is nearest theirs, so its date is voted there."""
    def word(text: str, confidence: float, x0: float, x1: float,
             top: float = 540, bottom: float = 593) -> Word:
        return Word(text, confidence=confidence, box=Box(x0, top, x1, bottom))

    street = [word("O®", 29, 76, 140, 425, 597), word("23", 95, 449, 500, 496, 537),
              word("ROUTE", 96, 520, 700, 496, 537), word("REINE", 95, 900, 1061, 496, 537)]
    town = [word("92-BOULOGNE-SUR-SEINE", 85, 412, 1000), word("e:9", 0, 1040, 1100),
            word("Septembre", 96, 1900, 2300), word("1971", 96, 2400, 2686)]
    page = Page(1, PageMethod.OCR, lines=[Line(words=street, box=Box(76, 425, 1061, 597)),
                                          Line(words=town, box=Box(412, 540, 2686, 593))])
    other = [word("23", 95, 449, 500, 496, 537), word("ROUTE", 92, 520, 700, 496, 537),
             word("REINE", 95, 900, 1061, 496, 537), word("92-BOULOGNE-SUR-SENE", 58, 412, 1000),
             word("le", 95, 1030, 1070), word("2", 94, 1080, 1100), word("Septembre", 95, 1900, 2300),
             word("1971", 96, 2400, 2686)]
    second = Page(1, PageMethod.OCR, lines=[Line(words=other, box=Box(412, 496, 2686, 593))])
    vote.vote_page(page, second, known_words)
    assert page.lines[1].original == "92-BOULOGNE-SUR-SEINE le 2 Septembre 1971"
    assert page.lines[0].original.endswith("23 ROUTE REINE")


def test_the_vote_takes_words_where_the_first_reading_lost_ink_between_its_neighbours(known_words):
    """A typescript line under a stamp (Tapuscorpus Oulipo ``100100090_9``): the page image's reading
    lost most of two words and a short one. The other reading's words stand where they were lost,
    between the line's words around them: taken, though longer and though the page reads ``de``
    and ``Besançon`` elsewhere. The same words beyond the line's words stay out."""
    def word(text: str, confidence: float, x0: float, x1: float) -> Word:
        return Word(text, confidence=confidence, box=Box(x0, 999, x1, 1016))

    first = [word("B.", 37, 134, 149), word("sur", 96, 240, 273), word("la", 80, 286, 308),
             word("lexi", 90, 322, 362), word("dissertation", 95, 400, 540), word("F.", 95, 590, 610)]
    second = [word("Besançon", 95, 134, 227), word("sur", 96, 240, 272), word("la", 90, 286, 308),
              word("lexicographie.", 83, 322, 380), word("dissertation", 95, 400, 540),
              word("de", 95, 556, 578), word("F.", 95, 590, 610)]
    result = vote.vote(first, second, known_words, {"de", "Besançon"})
    assert [w.original for w in result.words] == [w.original for w in second]
    beyond = [word("dissertation", 95, 400, 540), word("de", 95, 620, 640)]
    result = vote.vote([word("dissertation", 95, 400, 540)], beyond, known_words, {"de"})
    assert [w.original for w in result.words] == ["dissertation"]
