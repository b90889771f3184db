"""The scan as given, read as bare Tesseract reads it and voted on (pipeline.ocr.scan), on pages the
tests render and real Tesseract readings."""

from __future__ import annotations

import numpy as np
from fixtures import FRENCH_SENTENCE, render_text_image
from PIL import Image, ImageFilter

from pipeline import extract, lexicon, ocr
from pipeline.model import Box, Line, Page, PageMethod, Word
from pipeline.ocr.geometry import straighten
from pipeline.ocr.scan import differs, scan_of, to_page
from pipeline.ocr.vote import drop_lone, outvoted, vote_page
from pipeline.settings import Settings

SECOND_LINE = "Les habitants du quartier sont invités à participer."
TEXT = f"{FRENCH_SENTENCE}\n{SECOND_LINE}\nProchaine réunion le 12 mars."
DPI = 300
MARGIN = round(2 * DPI / 2.54)  # as render_text_image lays out its lines
LINE_HEIGHT = round(12 * DPI / 72 * 1.5)


def test_words_the_page_image_misreads_come_back_from_the_scan_as_given(tmp_path):
    """The image the pipeline reads is its own (a colour scan's grey, straightened here: the page lies
    tilted): where it reads worse than the file, the file's reading wins the vote, its boxes brought
    onto the straightened page."""
    clean = render_text_image(TEXT, dpi=DPI)
    # the page image: the middle of the second line blurred past reading
    band = (MARGIN + 300, MARGIN + LINE_HEIGHT, MARGIN + 1200, MARGIN + 2 * LINE_HEIGHT)
    damaged = clean.copy()
    damaged.paste(damaged.crop(band).filter(ImageFilter.GaussianBlur(5)), band[:2])
    scan, image = (page.rotate(2.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
                   for page in (clean, damaged))
    scan_path = tmp_path / "scan.png"
    scan.convert("RGB").save(scan_path, dpi=(DPI, DPI))
    image.info["dpi"] = (DPI, DPI)
    alone = ocr.ocr_page(image.copy(), 1, Settings())
    assert alone.skew and "quartier" not in [w.original for w in alone.words]  # the image alone misreads it

    image.info[ocr.SCAN] = ocr.Scan(scan_path, 0, 1, scan.size, float(DPI), "RGB")
    page = ocr.ocr_page(image, 1, Settings())
    lines = [line for line in page.lines if line.words]
    assert [line.original for line in lines][1] == SECOND_LINE
    assert "scan" in page.diagnosis["readings"]
    top, bottom = lines[0].box[3], lines[2].box[1]
    assert all(top <= (w.box[1] + w.box[3]) / 2 <= bottom for w in lines[1].words)


def test_words_the_scan_misreads_come_back_from_the_page_image(tmp_path):
    """A page whose measures call for no preprocessing stands on the scan's reading, bare Tesseract's
    own; the page image's reading replaces it where the vote finds it clearly better, logged as read
    again (the scan's words in ``first_reading``)."""
    clean = render_text_image(TEXT, dpi=DPI)
    band = (MARGIN + 300, MARGIN + LINE_HEIGHT, MARGIN + 1200, MARGIN + 2 * LINE_HEIGHT)
    blurred = clean.copy()
    blurred.paste(blurred.crop(band).filter(ImageFilter.GaussianBlur(4.5)), band[:2])
    scan_path = tmp_path / "scan.png"
    blurred.convert("RGB").save(scan_path)  # no resolution stated: the page image states one
    image = clean.copy()
    image.info["dpi"] = (DPI, DPI)
    image.info[ocr.SCAN] = ocr.Scan(scan_path, 0, 1, blurred.size, None, "RGB")
    page = ocr.ocr_page(image, 1, Settings())
    lines = [line for line in page.lines if line.words]
    assert [line.original for line in lines][1] == SECOND_LINE
    assert page.diagnosis["readings"] == ["scan", "page"] and page.diagnosis["changed"] >= 1
    assert any(w.first_reading is not None for w in lines[1].words)


def test_scan_boxes_land_where_straightening_moved_the_ink():
    scan = Image.new("L", (500, 700), 255)
    image = scan.resize((1000, 1400))
    image.paste(0, (700, 200, 740, 230))  # a word's ink, at twice the scan's pixels
    for skew in (1.7, -2.3):
        straight = straighten(image, skew)
        ys, xs = np.nonzero(np.asarray(straight) < 128)
        page = Page(number=1, method="ocr", lines=[Line(words=[Word("mot", box=Box(350, 100, 370, 115))],
                                                        box=Box(350, 100, 370, 115))])
        to_page(page, scan.size, image.size, skew, straight.size)
        box = page.lines[0].words[0].box
        assert abs((box[0] + box[2]) / 2 - xs.mean()) < 2 and abs((box[1] + box[3]) / 2 - ys.mean()) < 2
        assert (box[2] - box[0], box[3] - box[1]) == (40, 30) and page.lines[0].box == box


def test_a_scan_is_read_again_only_where_the_page_image_differs_from_it(tmp_path):
    grey = render_text_image(FRENCH_SENTENCE, dpi=DPI)
    stated = tmp_path / "grey.png"
    grey.save(stated, dpi=(DPI, DPI))
    image = extract._image_page(stated, 0)
    scan = scan_of(image)
    assert scan is not None and scan.path == stated and round(scan.dpi) == DPI and scan.mode == "L"
    assert not differs(scan, image)  # the same pixels: reading them twice would tell nothing

    colour = tmp_path / "colour.jpg"
    grey.convert("RGB").save(colour)  # no resolution stated
    image = extract._image_page(colour, 0)
    assert scan_of(image).dpi is None and scan_of(image).mode == "RGB" and differs(scan_of(image), image)

    coarse = tmp_path / "coarse.png"
    grey.resize((grey.width // 3, grey.height // 3)).save(coarse, dpi=(100, 100))
    image = extract._image_page(coarse, 0)
    assert image.width == 3 * scan_of(image).size[0]
    assert not differs(scan_of(image), image)  # read enlarged: coarse, it reads worse as given


def test_a_scan_that_cannot_be_read_leaves_the_page_to_its_own_image(tmp_path):
    image = render_text_image(TEXT, dpi=DPI)
    gone = tmp_path / "moved-away.jpg"  # e.g. the file changed or vanished while its page was read
    image.info[ocr.SCAN] = ocr.Scan(gone, 0, 1, image.size, None, "RGB")
    page = ocr.ocr_page(image, 1, Settings())
    assert [line.original for line in page.lines if line.words][1] == SECOND_LINE
    assert "scan" not in (page.diagnosis["readings"] or [])


def _read(top: float, *words: tuple[str, float]) -> Line:
    """A line of words read at ``top``, each 12 px a letter and a 12-px space apart, with its confidence."""
    left, out = 100.0, []
    for text, confidence in words:
        out.append(Word(text, confidence=confidence, box=(left, top, left + 12 * len(text), top + 30)))
        left += 12 * len(text) + 12
    return Line(words=out, box=(100.0, top, left - 12, top + 30))


def test_what_one_reading_of_three_alone_read_doubtfully_is_dropped_and_logged() -> None:
    """A letter's page read three times (Tapuscorpus Oulipo ``10010130k``): a pencil mark read as
    ``Ds`` after the greeting by the page image's reading alone, a stamp's ink as a line of its own.
    Both go, logged as read again on the word before; what two readings hold (``Bien``, the scan
    missing it) or what was read surely (``1971``) stays."""
    def page(*lines: Line) -> Page:
        return Page(1, PageMethod.OCR, lines=list(lines))

    first = page(_read(100, ("Chers", 93), ("Brigadiers,", 92), ("Ds", 3)), _read(150, ("LR", 26)),
                 _read(200, ("Bien", 52), ("vôtre,", 85), ("1971", 90)))
    second = page(_read(100, ("Chers", 93), ("Brigadiers,", 87), ("Mb", 12)),
                  _read(200, ("Bien", 40), ("vôtre,", 68), ("1971", 80)))
    scanned = page(_read(100, ("Chers", 93), ("Brigadiers,", 90)), _read(200, ("vôtre,", 83)))
    chosen = page(*(Line(words=list(line.words), box=line.box) for line in first.lines))
    assert drop_lone(chosen, [first.words, second.words, scanned.words]) == 2
    assert [line.original for line in chosen.lines] == ["Chers Brigadiers,", "Bien vôtre, 1971"]
    assert chosen.words[1].first_reading == "Brigadiers, Ds LR"
    assert [w.first_reading for w in chosen.words if w.first_reading is not None] == ["Brigadiers, Ds LR"]


def test_words_two_readings_of_three_agree_on_replace_the_third_but_a_dictionary_word_stays() -> None:
    """A typed page read three times (Tapuscorpus Oulipo ``100100090``): the page image's first reading
    takes ``Il`` for ``11``, which its preprocessed reading and the scan both read ``Il`` between the
    same words; the agreed word is taken and logged. Where the two agree on ``vont`` against a
    ``vent`` the dictionaries know, the first reading's word stays: the page image's readings are
    not independent."""
    def page(*lines: Line) -> Page:
        return Page(1, PageMethod.OCR, lines=list(lines))

    first = page(_read(100, ("Lionnais", 89), (":", 72), ("11", 63), ("en", 96), ("est", 96)),
                 _read(150, ("du", 96), ("vent", 60), ("mauvais", 95)))
    second = page(_read(100, ("Lionnais", 91), (":", 92), ("Il", 57), ("en", 96), ("est", 95)),
                  _read(150, ("du", 96), ("vont", 70), ("mauvais", 95)))
    scanned = page(_read(100, ("Lionnais", 91), (":", 90), ("Il", 63), ("en", 96), ("est", 96)),
                   _read(150, ("du", 96), ("vont", 80), ("mauvais", 95)))
    chosen = page(*(Line(words=list(line.words), box=line.box) for line in first.lines))
    lex = lexicon.load(Settings().dictionaries)
    assert outvoted(chosen, [first.words, second.words, scanned.words], lex) == 1
    assert [line.original for line in chosen.lines] == ["Lionnais : Il en est", "du vent mauvais"]
    assert [(w.original, w.first_reading) for w in chosen.words if w.first_reading] == [("Il", "11")]
    assert chosen.words[2] is not scanned.words[2]  # a word of its own: the scan's reading stays as read


def test_a_line_the_first_reading_missed_whole_is_added_from_the_second_when_it_reads_surely() -> None:
    """Faint type the page image's layout analysis passed over (Tapuscorpus ``52505123m``): the
    preprocessed reading reads the line, and nothing of the first reading lies on it. It is added,
    logged as read again in place of nothing; a mark read as a lone word, letters read unsurely, or a
    line the page already has (its box placed elsewhere) are not."""
    first = Page(1, PageMethod.OCR,
                 lines=[_read(100, ("Compte", 95), ("rendu", 94), ("de", 96), ("séance", 93))])
    second = Page(1, PageMethod.OCR, lines=[
        _read(100, ("Compte", 94), ("rendu", 95), ("de", 96), ("séance", 90)),
        _read(160, ("Les", 91), ("habitants", 88), ("du", 93), ("quartier", 90)),
        _read(220, ("Mb", 40)),
        _read(280, ("rnwq", 35), ("xzvt", 30)),
        _read(340, ("Compte", 93), ("rendu", 94), ("de", 96), ("séance", 91))])  # the first line again
    lex = lexicon.load(Settings().dictionaries)
    assert vote_page(first, second, lex) == 1
    assert [line.original for line in first.lines] == ["Compte rendu de séance", "Les habitants du quartier"]
    assert [w.first_reading for w in first.lines[1].words] == ["", "", "", ""]
    assert first.lines[1].block != first.lines[0].block  # a block of its own, not one of the first reading's
    assert first.lines[1].words[0] is not second.lines[1].words[0]
