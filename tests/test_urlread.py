"""URL lines read again as URLs: cut out along the page's skew, read by the real Tesseract, and
the reading the URL model trusts more kept."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from fixtures import render_text_image, save_image
from PIL import Image, ImageDraw, ImageFilter
from rapidfuzz.distance import Levenshtein

from pipeline import lexicon, ocr
from pipeline.model import Box, Line, Page, PageMethod, Word
from pipeline.ocr import urlread
from pipeline.ocr.tesseract import LineReader
from pipeline.ocr.urlread import (
    URL_LANGUAGE,
    choose,
    start_url_reread,
    url_lines,
)
from pipeline.ocr.urlrest import cut_at_margin, rest_under
from pipeline.ocr.urlstrip import band_under, black_on_white, denoised, url_strip, usual_height, usual_pitch
from pipeline.ocr.version import available_languages
from pipeline.process import process_file
from pipeline.settings import DEFAULT_DICTIONARIES, Settings
from pipeline.urlrepair import clean_url
from pipeline.urls import find_urls

URL = "https://www.cohesion-territoires.gouv.fr/sites/default/files/Rapport%20annuel%202019.pdf"
PAGE = f"Ressources du quartier\nLe rapport annuel :\n{URL}\nProchaine réunion du conseil citoyen."
LEX = lexicon.load(DEFAULT_DICTIONARIES)


def low_resolution_scan(skew: float) -> Image.Image:
    """The page printed at 300 DPI, tilted, scanned at 120 DPI with a little blur."""
    page = render_text_image(PAGE, skew=skew, font_size=10.0)
    small = page.resize((page.width * 2 // 5, page.height * 2 // 5), Image.Resampling.BOX)
    small = small.filter(ImageFilter.GaussianBlur(0.4))
    small.info["dpi"] = (120, 120)
    return small


def ink_rows(image: Image.Image) -> int:
    """Rows of ``image`` holding a tenth of its busiest row's ink: the height the line's letters take."""
    ink = (np.asarray(image) < 128).sum(axis=1)
    return int((ink >= 0.1 * ink.max()).sum())


def test_a_tilted_url_line_is_cut_out_straight_along_the_page_s_skew() -> None:
    image = render_text_image(PAGE, skew=1.2, font_size=10.0)
    # read as an enlarged low-resolution scan is: not turned for a small skew
    page = ocr.ocr_page(image, 1, replace(Settings(), second_pass=False), resampled=True)
    line = next(line for line in page.lines if any("gouv" in w.original for w in line.words))
    slope = -math.tan(math.radians(ocr.detect_skew(image)))
    straight, level = url_strip(image, line, slope), url_strip(image, line, 0.0)
    # the sheared strip holds the letters of one line, in fewer rows than the strip cut level
    assert ink_rows(straight.image) < 0.75 * ink_rows(level.image)
    box = straight.to_page(Box(straight.margin, straight.margin, straight.margin + 10, straight.margin + 10))
    assert box is not None and abs(box[0] - straight.left) < 1


def test_a_url_on_a_tilted_low_resolution_scan_comes_out_as_printed(tmp_path: Path) -> None:
    scan = save_image(low_resolution_scan(1.5), tmp_path / "fiche.png")
    document = process_file(scan, Settings())
    assert [u["url"] for u in document["urls"]] == [URL]
    assert document["urls"][0]["status"] != "doubtful"


def _words(text: str, x: float = 0.0, confidence: float = 50.0) -> list[Word]:
    out = []
    for token in text.split():
        out.append(Word(token, confidence=confidence, box=Box(x, 0.0, x + 10.0 * len(token), 30.0)))
        x += 10.0 * len(token) + 10.0
    return out


def test_the_url_part_of_a_line_is_taken_from_the_reading_the_url_model_trusts_more() -> None:
    old = _words("Le guide : hitps:/Amww.ville gouvifr'IMG/pdf/cadre-de-r#f#rence.pdf")
    new = _words("* ia guide ; https://www.ville.gouv.fr/IMG/pdf/cadre-de-reference.pdf")
    chosen = choose(old, new, LEX)
    assert [w.original for w in chosen] == ["Le", "guide", ":",
                                            "https://www.ville.gouv.fr/IMG/pdf/cadre-de-reference.pdf"]
    assert choose(new, old, LEX) is new  # a worse reading is not taken
    assert choose(old, _words("Le guide : voir plus bas"), LEX) is old  # nor one with no URL


def test_the_rest_of_a_cut_url_is_taken_whole_when_read_as_one_piece() -> None:
    old = _words("ritoriale- “programme -dé.html : :")
    new = _words("ritoriale-programme-de.html ve Boke")
    assert [w.original for w in choose(old, new, LEX)] == ["ritoriale-programme-de.html", ":", ":"]
    assert choose(new[:1], old, LEX)[0].original == "ritoriale-programme-de.html"


def test_a_rest_whose_first_box_holds_the_next_words_keeps_them() -> None:
    """Underscores join a file name's glyphs into one blob: Tesseract boxes its first word over the whole
    name (``harges`` of ``harges De Mission.pdf``), and a reading of that first word alone must not take
    the words inside its box for its own."""
    def nested(text: str) -> list[Word]:
        words = _words(text)
        return [replace(words[0], box=Box(0.0, 0.0, words[-1].box.x1, 30.0)), *words[1:]]  # type: ignore[union-attr]
    old, new = nested("harges De Mission.pdf"), nested("harges De Mission.pdf")
    assert [w.original for w in choose(old, new, LEX)] == ["harges", "De", "Mission.pdf"]


def test_only_doubted_url_lines_and_the_line_their_url_may_go_on_are_read_again() -> None:
    lines = [Line(words=_words("Le guide du ministère :", confidence=95.0)),
             Line(words=_words("https://www.ville.gouv.fr/IMG/pdf/cadre-de-", confidence=60.0)),
             Line(words=_words("reference.pdf", confidence=70.0)),
             Line(words=_words("https://www.anru.fr/le-programme", confidence=96.0)),
             Line(words=_words("Suite du texte.", confidence=60.0)),
             # a URL read too badly to look like one, but for its ``www`` read with a mark (seed 244)
             Line(words=_words("Le dossier de presse : WWW: ser souv: Gr noproéoede pdf.", confidence=40.0)),
             Line(words=_words("Voir le site de la ville, www en est le préfixe.", confidence=60.0))]
    page = ocr.ocr_page(Image.new("L", (50, 50), 255), 1, replace(Settings(), second_pass=False))
    page.lines = lines
    assert [id(line) for line in url_lines(page)] == [id(lines[1]), id(lines[2]), id(lines[5])]


def test_a_url_line_opening_with_a_www_set_apart_from_its_host_is_merged_as_a_url_line() -> None:
    """Neither reading's ``www`` is glued to its host: the line still opens a URL (as the finder takes
    it), not the rest of one, and the strip's reading of the file name is merged into the page's."""
    old = _words("WWW. prefectures-regions. gouv. fr/vie-citoyenne/l ntercommunali te%20connai tre%202021 dé")
    new = _words("www prefectures-regions. gouv frivie-citoyenne/Intercommunalite%20connaitre%20202 1.pdf")
    [hit] = find_urls([[w.original for w in choose(old, new, LEX)]])
    assert clean_url(hit.raw, LEX) == \
        "www.prefectures-regions.gouv.fr/vie-citoyenne/Intercommunalite%20connaitre%202021.pdf"


def test_the_rest_of_a_cut_url_is_judged_with_the_url_it_continues() -> None:
    """Alone, a rest opening with ``t-`` reads as a word's piece and the reading that lost it wins;
    with the URL above it, ``intervenan`` ``t-habitante`` is the URL the model doubts less."""
    above = _words("Voir : https://www.ville.gouv.fr/politique-de-la-ville/conseil-intervenan")
    old = _words("-habitante-agglomeration-2013", x=10.0)
    new = _words("t-habitante-agglomeration-2013")
    assert choose(old, new, LEX) is old  # judged alone
    assert [w.original for w in choose(old, new, LEX, above)] == ["t-habitante-agglomeration-2013"]
    assert choose(new, old, LEX, above) is new


def test_a_line_of_text_is_not_taken_for_the_rest_of_the_url_above_it() -> None:
    above = _words("Voir : https://www.ville.gouv.fr/politique-de-la-ville/conseil-intervenan")
    old = _words("Prochaine réunion le 3 mai.", confidence=95.0)
    new = _words("prochaine-reunion le 3 mai.")
    assert choose(old, new, LEX, above) is old


def test_the_line_after_a_url_that_ends_its_line_is_read_again_when_it_opens_with_unread_ink() -> None:
    lines = [Line(words=_words("Voir : https://www.ville.gouv.fr/sites/defau", confidence=60.0)),
             Line(words=[*_words(": a en", confidence=1.0), *_words("015.", confidence=89.0)]),
             Line(words=_words("https://www.anru.fr/le-programme.pdf", confidence=60.0)),
             Line(words=[*_words("Le programme de la rencontre", confidence=95.0),
                         *_words("?", confidence=0.0)]),
             Line(words=_words("https://www.anru.fr/le-programme.pdf et", confidence=60.0)),
             Line(words=_words("? Le programme", confidence=0.0))]
    page = ocr.ocr_page(Image.new("L", (50, 50), 255), 1, replace(Settings(), second_pass=False))
    page.lines = lines
    assert [id(line) for line in url_lines(page)] == [id(lines[k]) for k in (0, 1, 2, 4)]


def test_a_speck_after_a_url_cut_on_a_hyphen_is_not_joined_to_it() -> None:
    """The rest of the URL is on the next line; a speck under the line's end, read ``ae``, is no piece."""
    old = _words("Voir : https://www.ville.gouv.fr/guide-du-")
    new = _words("Voir : https://www.ville.gouv.fr/guide-du- ae")
    speck = new[-1]
    new[-1] = replace(speck, box=Box(speck.box[0], 20.0, speck.box[2], 24.0))
    assert [w.original for w in choose(old, new, LEX)][-1] != "https://www.ville.gouv.fr/guide-du-ae"


def test_a_strip_made_black_on_white_keeps_its_letters_and_loses_the_paper_s_grain() -> None:
    strip = np.full((60, 400), 205, np.uint8)
    strip[20:40, 50:350:20] = 85  # strokes of ink
    grain = np.random.default_rng(1).normal(0, 12, strip.shape)
    made = np.asarray(black_on_white(Image.fromarray(np.clip(strip + grain, 0, 255).astype(np.uint8))))
    assert set(np.unique(made)) == {0, 255}
    assert (made[:15] == 255).all() and (made[45:] == 255).all()  # no speck on bare paper
    assert (made[25:35, 50:350:20] == 0).mean() > 0.9  # the strokes stay


def test_two_readings_each_wrong_in_a_different_place_are_merged_into_the_url_as_printed() -> None:
    """The same URL line rendered twice, each with a smudge over different letters, read by the real
    Tesseract: each reading misreads its smudged letters, and neither taken whole is the URL."""
    url = "https://www.cohesion-territoires.gouv.fr/sites/default/files/quartiers-prioritaires.pdf"
    image = render_text_image(url, font_size=10.0, width_cm=24.0)
    left, top, right, bottom = Image.eval(image, lambda v: 255 - v).getbbox()
    image = image.crop((left - 30, top - 30, right + 30, bottom + 30))

    def smudged(start: float, end: float) -> Image.Image:
        copy = image.copy()
        draw = ImageDraw.Draw(copy)
        for x in range(round(30 + (image.width - 60) * start), round(30 + (image.width - 60) * end), 5):
            draw.line([(x, 30), (x + 14, image.height - 30)], fill=0, width=2)
        return copy

    if URL_LANGUAGE not in available_languages():
        pytest.skip(f"no Tesseract {URL_LANGUAGE} data")
    reader = LineReader(Settings(), language=URL_LANGUAGE)
    first, second = reader.read([smudged(0.30, 0.36), smudged(0.72, 0.78)], 300)
    assert url not in {"".join(w.original for w in first), "".join(w.original for w in second)}
    assert "".join(w.original for w in choose(first, second, LEX)) == url
    assert "".join(w.original for w in choose(second, first, LEX)) == url


def test_a_letter_both_readings_got_wrong_is_taken_from_ocr_s_alternatives() -> None:
    """Both readings of a URL line misread the same letter (``unceas.arg``, no public suffix), and the
    strip's reading gave the printed one as its runner-up: that letter is taken (``.org``: the repair
    mends the host's name, as it does for a URL read so). A runner-up OCR gave little weight is not
    tried, and one that makes the URL no likelier (``aganda``) is not taken."""
    misread = "http://www.unceas.arg/agenda/conventions-cadres-sous-prefet-binome"
    page = [Word("Lien", confidence=96.0, box=Box(0, 0, 90, 30)),
            Word(misread, confidence=70.0, box=Box(100, 0, 2000, 30))]

    def strip(runner_up: float) -> list[Word]:
        choices = [[(c, 95.0)] for c in misread]
        choices[misread.index(".arg") + 1] = [("a", 90.0), ("o", runner_up)]
        choices[misread.index("unceas") + 3] = [("e", 90.0), ("c", 40.0)]
        choices[misread.index("agenda") + 2] = [("e", 90.0), ("a", 85.0)]
        return [Word("Lien", confidence=96.0, box=Box(0, 0, 90, 30)),
                Word(misread, confidence=70.0, box=Box(100, 0, 2000, 30), choices=choices)]

    assert [w.original for w in choose(page, strip(80.0), LEX)] == ["Lien", misread.replace(".arg", ".org")]
    assert [w.original for w in choose(page, strip(20.0), LEX)] == ["Lien", misread]


CUT_URL = "https://www.cohesion-territoires.gouv.fr/sites/default/files/rapport-annuel-de-la-"
REST = "cite-educative-quartiers-prioritaires-2019"


def test_the_rest_of_a_url_on_a_line_ocr_left_out_is_read_in_the_band_under_it() -> None:
    """The page's reading lost the line under a URL that ends at the margin with no file extension
    (as the noise filter drops a long slug read as specks): the band under the URL is read, and the
    URL comes out whole, its rest logged as read again. A URL that ends with its extension has no band
    read under it."""
    text = f"Le rapport annuel de la cité éducative du quartier :\n{CUT_URL}\n{REST}\n\n" \
           "Prochaine réunion du conseil citoyen le 3 mai."
    image = render_text_image(text, font_size=10.0)
    if URL_LANGUAGE not in available_languages():
        pytest.skip(f"no Tesseract {URL_LANGUAGE} data")
    page = ocr.ocr_page(image, 1, replace(Settings(), second_pass=False))
    page.lines = [line for line in page.lines if "educative-quartiers" not in line.original]
    tokens = [[w.original for w in line.words] for line in page.lines]
    assert all(clean_url(hit.raw, LEX) != CUT_URL + REST for hit in find_urls(tokens))
    assert [line.original for line in cut_at_margin(page)] == [CUT_URL]
    assert start_url_reread(image, page, 300, Settings(), LEX)() >= 1
    tokens = [[w.original for w in line.words] for line in page.lines]
    assert [clean_url(hit.raw, LEX) for hit in find_urls(tokens)] == [CUT_URL + REST]
    rest = next(line for line in page.lines if REST[:12] in line.original)
    assert {w.first_reading for w in rest.words} == {""}  # logged (``reread``): the first reading saw none


def test_a_url_with_its_extension_or_a_line_right_under_it_has_no_band_read_under_it() -> None:
    def line(text: str, top: float) -> Line:
        words = [replace(w, box=Box(w.box[0], top, w.box[2], top + 30.0)) for w in _words(text, x=100.0)]
        return Line(words=words, box=Box.around([w.box for w in words]))

    page = ocr.ocr_page(Image.new("L", (50, 50), 255), 1, replace(Settings(), second_pass=False))
    page.height = 2000.0
    page.lines = [line("Le rapport du ministère pour tous les quartiers", 100.0),
                  line("https://www.ville.gouv.fr/IMG/pdf/rapport-annuel-des-", 140.0),
                  line("quartiers-prioritaires-2019 et les autres", 180.0),
                  line("https://www.ville.gouv.fr/IMG/pdf/rapport-annuel.pdf", 300.0),
                  line("https://www.ville.gouv.fr/IMG/pdf/rapport-annuel-cut", 500.0),
                  line("https://www.ville.gouv.fr/IMG/pdf/rapport-annuel- du-cut.", 700.0)]
    # the last, whose URL ends with a piece that is no URL-like word, is cut at the margin too
    assert cut_at_margin(page) == [page.lines[4], page.lines[5]]


def test_a_band_read_as_a_sentence_or_specks_is_not_taken_for_the_rest_of_the_url_above_it() -> None:
    above = _words("https://www.ville.gouv.fr/politique-de-la-ville/conseil-intervenan")
    assert rest_under(above, _words("t-habitante-agglomeration-2013 ="), LEX) is not None
    rest = rest_under(above, _words("t-habitante-2013 = ;"), LEX)
    assert rest is not None and [w.original for w in rest] == ["t-habitante-2013"]
    assert rest_under(above, _words("Prochaine réunion le 3 mai."), LEX) is None
    assert rest_under(above, _words("ee"), LEX) is None


def test_the_rest_of_a_url_of_three_lines_is_found_under_its_second_line_before_specks() -> None:
    """A URL cut twice: its second line alone is no URL (no host), so the line before it is read with it;
    what the band holds after the rest (specks read as ``fe SE``) is none of it."""
    before = _words("Le diaporama : https://www.hauts-de-france.ars.sante.fr/ressources")
    above = _words("/participation-des-habitants/interventions-fonds-d-initiatives-locales-co-constructio")
    band = _words("n-2014 fe SE")
    assert rest_under(above, band, LEX) is None
    rest = rest_under(above, band, LEX, before)
    assert rest is not None and [w.original for w in rest] == ["n-2014"]
    assert rest_under(above, _words("Prochaine réunion le 3 mai."), LEX, before) is None


def test_the_line_pitch_is_that_of_a_paragraphs_lines_not_of_the_space_between_paragraphs() -> None:
    def line(text: str, top: float) -> Line:
        words = [replace(w, box=Box(w.box[0], top, w.box[2], top + 30.0)) for w in _words(text, x=100.0)]
        return Line(words=words, box=Box.around([w.box for w in words]))

    page = ocr.ocr_page(Image.new("L", (50, 50), 255), 1, replace(Settings(), second_pass=False))
    tops = [100, 140, 180, 250, 290, 360, 430, 470]  # lines 40 apart in a paragraph, 70 between them
    page.lines = [line("une ligne de texte", top) for top in tops]
    assert usual_pitch(page) == 40.0


def test_no_band_is_read_under_a_url_with_bare_paper_under_it() -> None:
    """On a clean scan, under a whole URL at the margin, the densest rows are its own letters'
    descenders: no line set apart by paper is printed there, and no band is read."""
    text = f"Le rapport annuel de la cité éducative du quartier :\n{CUT_URL}{REST[:8]}\n\n\n"
    image = render_text_image(text, font_size=10.0)
    page = ocr.ocr_page(image, 1, replace(Settings(), second_pass=False))
    [line] = [line for line in page.lines if "cohesion" in line.original]
    assert band_under(image, page, line, 0.0) is None


ROWS = ["Les actes du séminaire : https://www.cohesion-territoires.gouv.f",
        "r/sites/default/files/pdf/downloads/Charte%20de%20la%20participation%20Somme%2020",
        "14.pdf"]


def test_a_url_line_boxed_taller_than_its_words_is_cut_to_its_own_row() -> None:
    """On the worst URL scans Tesseract boxed a URL line's words two or three times as tall as the
    page's (seed 95: ``r/sites/…`` between the end of the line above and ``14.pdf``): its strip is cut
    to the page's word height on its own row, and read without the rows above and under it."""
    if URL_LANGUAGE not in available_languages():
        pytest.skip(f"no Tesseract {URL_LANGUAGE} data")
    image = render_text_image("\n".join(ROWS), font_size=10.0)
    page = ocr.ocr_page(image, 1, replace(Settings(), second_pass=False))
    line = next(line for line in page.lines if "downloads" in line.original)
    usual = usual_height(page)
    tall = replace(line, words=[replace(w, box=Box(w.box[0], w.box[1] - 0.8 * usual, w.box[2],
                                                   w.box[3] + 0.6 * usual)) for w in line.words if w.box])
    own, whole = url_strip(image, tall, 0.0, usual), url_strip(image, tall, 0.0)
    assert abs(own.top - url_strip(image, line, 0.0, usual).top) < 0.2 * usual
    reader = LineReader(Settings(), language=URL_LANGUAGE)
    try:
        read_own, read_whole = reader.read([black_on_white(own.image), black_on_white(whole.image)], 300)
    finally:
        reader.close()
    assert "".join(w.original for w in read_own) == ROWS[1]
    assert "".join(w.original for w in read_whole) != ROWS[1]  # the rows above and under read with it


def test_a_url_s_rest_is_judged_with_the_extension_on_the_line_after_it() -> None:
    """The rest of a URL read whole lacks the file extension a second line break put on the next line;
    judged with it, it wins over a reading the URL finder joins nothing of (seed 95: ``Dour
    NMIESIpafdonnlosds/Charte#?0de#…``); a sentence after the URL is still joined to nothing."""
    above = _words(ROWS[0])
    old = _words("Dour NMIESIpafdonnlosds/Charte#?0de#202420participationté2080mmes2020")
    new = _words(ROWS[1])
    assert choose(old, new, LEX, above) is old  # judged without the line after: the cut URL won
    chosen = choose(old, new, LEX, above, _words(ROWS[2]))
    assert len(chosen) == 1 and chosen[0].original.startswith(ROWS[1][:-12])  # merged with the page's
    sentence = _words("Prochaine réunion du conseil citoyen le 3 mai.")
    assert choose(sentence, _words("prochaine-reunion-du-conseil"), LEX, above, _words("14.pdf")) is sentence


def test_a_rest_read_with_its_extension_apart_keeps_its_extension() -> None:
    """The strip read a rest's extension apart from its dot (seed 93: ``…-comptes-rendus.`` ``html``):
    the pieces the URL finder joins as they are make one word, and the extension is not lost."""
    above = _words("Le programme de la rencontre : htip://www.education.gouv.fr/publications/seance-i")
    old = _words("ntroductive-prioriser-mediation-sociale-comptes-rendus.hm}")
    new = _words("ntroductive-prioriser-mediation-sociale-comptes-rendus. html")
    assert [w.original for w in choose(old, new, LEX, above, _words("Le dossier de presse :"))] == [
        "ntroductive-prioriser-mediation-sociale-comptes-rendus.html"]


def test_a_rest_read_as_a_file_name_s_words_is_merged_word_by_word_not_its_first_alone() -> None:
    """A file name whose underscores the strip read as spaces (seed 217: ``/Plenieres_Intergenerationnelle
    Peuplement.pdf``): its every word the URL finder joins to the URL is merged with the page's reading
    (``PSUDIORENE paf``), not the first alone."""
    above = _words("Le compte rendu : https://www.fondation-abbe-pierre.fr/wp-content/uploads/2018/06")
    old = _words("/Plenieres -térgeneretionnele PSUDIORENE paf")
    new = _words("/Plenieres_Intergenerationnelle Peuplement.pdf")
    chosen = choose(old, new, LEX, above, _words("Le dossier de presse :"))
    [hit] = find_urls([[w.original for w in above], [w.original for w in chosen]])
    assert clean_url(hit.raw, LEX).endswith("/2018/06/Plenieres_Intergenerationnelle_Peuplement.pdf")


def test_a_url_line_is_chosen_again_once_the_line_after_it_was() -> None:
    """Seed 216: judged with its rest as the page read it (garbage), ``Bilan?c20d`` was doubted no more than
    ``Bilan%20d`` (after a query's ``?`` the garbage weighed less); once the rest was read as printed, the
    line is chosen again, with it."""
    url = "https://www.lenord.fr/sites/default/files/medias/downloads/"
    lines = [Line(words=_words(f"Le compte rendu : {url}Bilan?c20d")),
             Line(words=_words("WK2TaCWVICI%AI%20Noyelles-Godault#202019.pdf |"))]
    readings = [[_words(f"Le compte rendu : {url}Bilan%20d")],
                [_words("%27activit%C3%A9%20Noyelles-Godault%202019.pdf")]]
    read = urlread.choose_lines(Page(1, PageMethod.OCR, lines=lines), lines, readings, LEX)
    [hit] = find_urls([[w.original for w in read[id(line)]] for line in lines])
    assert clean_url(hit.raw, LEX) == f"{url}Bilan%20d%27activit%C3%A9%20Noyelles-Godault%202019.pdf"


NOISY_URLS = (URL, "http://www.reseau-national-crpv.org/evenements/marches-exploratoires-gestion-urbaine.html",
              "https://www.ville.gouv.fr/IMG/pdf/cadre-de-reference-conseils-citoyens.pdf")


def noisy_scan(text: str, noise: float, seed: int = 0) -> Image.Image:
    """``text`` printed in 9 points, blurred, scanned at 120 DPI in faded ink on grey paper with
    ``noise`` (the standard deviation of the paper's grain), saved as a JPEG of quality 60."""
    page = render_text_image(text, font_size=9.0, width_cm=24).filter(ImageFilter.GaussianBlur(1.5))
    page = page.resize((page.width * 2 // 5, page.height * 2 // 5), Image.Resampling.BOX)
    grain = np.random.default_rng(seed).normal(0, noise, (page.height, page.width))
    pixels = np.clip(85 + np.asarray(page, np.float32) / 255 * 120 + grain, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=60, dpi=(120, 120))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def test_a_strip_too_noisy_for_a_threshold_is_read_as_printed_denoised() -> None:
    """A URL strip whose paper is as grainy as the worst scans': made black on white, the grain's
    specks become marks and ``eng`` reads garbage; denoised, it reads the URL as printed but for a
    few letters."""
    if URL_LANGUAGE not in available_languages():
        pytest.skip(f"no Tesseract {URL_LANGUAGE} data")
    strips = []
    for url in NOISY_URLS:
        scan = noisy_scan(url, noise=14.0)
        ink = np.asarray(scan) < 150
        rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        strip = scan.crop((columns[0] - 8, rows[0] - 8, columns[-1] + 8, rows[-1] + 8))
        strips.append(strip.resize((strip.width * 5 // 2, strip.height * 5 // 2), Image.Resampling.LANCZOS))
    edits = {}
    for name, make in (("black on white", black_on_white), ("denoised", denoised)):
        reader = LineReader(Settings(), language=URL_LANGUAGE)
        try:
            readings = reader.read([make(strip) for strip in strips], 300)
        finally:
            reader.close()
        edits[name] = [Levenshtein.distance("".join(w.original for w in words), url)
                       for words, url in zip(readings, NOISY_URLS, strict=True)]
    assert max(edits["denoised"]) <= 8
    assert 4 * sum(edits["denoised"]) < sum(edits["black on white"])


def test_only_url_lines_the_url_model_still_doubts_are_read_again_denoised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A URL read as printed is not read a third time (its strip denoised costs a process and a
    fifth of a second); one the URL model still doubts is, and comes out as printed."""
    calls: list[Image.Image] = []

    def counted(image: Image.Image) -> Image.Image:
        calls.append(image)
        return denoised(image)

    monkeypatch.setattr(urlread, "denoised", counted)
    clean = save_image(low_resolution_scan(1.5), tmp_path / "clean.png")
    assert [u["url"] for u in process_file(clean, Settings())["urls"]] == [URL]
    assert not calls
    noisy = save_image(noisy_scan(PAGE, noise=11.0), tmp_path / "noisy.png")
    assert [u["url"] for u in process_file(noisy, Settings())["urls"]] == [URL]  # a letter and ``_`` lost
    assert calls


def test_a_url_line_is_judged_read_on_into_the_line_after_it() -> None:
    """The dev scan f03: judged alone, a reading cut a letter too far (``villedelens.frm``) beat the one that
    holds the rest's first letters; read on into the line after it, the rest wins."""
    old = _words("Le compte rendu est en ligne : https://www.villedelens.fr/vi")
    new = _words("Le compte rendu est en ligne : https./Awww.villedelens frm")
    after = _words("e-citoyenne/conseils-citoyens/comptes-rendus/2017/pleniere-du-28-fevrier-2017")
    assert choose(old, new, LEX)[-1].original == "https://www.villedelens.frm"  # alone
    assert choose(old, new, LEX, None, after) is old


def test_a_scheme_s_s_read_in_place_of_its_colon_does_not_make_a_reading_win() -> None:
    """A strip read ``http://`` as ``hitps/`` (its colon read ``s``): merged with the page's reading, where
    the two differ, the scheme is taken from the reading with the colon; an ``s`` that makes the URL longer
    is no rest read whole."""
    old = _words("Site http://www.nord. Bouv. fthematiques/6119/centres-sociaux-prevention-de-a-delinquance")
    new = _words("Site hitps/www.nord.gouv.fr/thematiques/6119/centres-sociaux-prevention-de-la-delinquance")
    after = _words("Prochaine réunion du conseil citoyen le 3 mai.")
    assert choose(old, new, LEX, None, after)[-1].original == \
        "http://www.nord.gouv.fr/thematiques/6119/centres-sociaux-prevention-de-la-delinquance"


def test_a_strip_reaches_the_ink_ocr_left_out_at_its_line_s_end_and_no_further() -> None:
    """On the worst scans OCR left a URL's faint end out of its word (``…_Fiche.`` without its ``pdf``,
    seed 164): the strip reads on to where the line's ink ends, not into words a column's gap away."""
    url = "https://www.villedelens.fr/wp-content/uploads/2016/11/Fiche.pdf"
    image = render_text_image(f"Le compte rendu :\n{url}{' ' * 40}Suite", font_size=10.0)
    page = ocr.ocr_page(image, 1, replace(Settings(), second_pass=False))
    word = next(w for line in page.lines for w in line.words if "villedelens" in w.original)
    assert word.box is not None
    x0, top, x1, bottom = word.box
    cut = replace(word, box=Box(x0, top, x0 + 0.8 * (x1 - x0), bottom))  # its end not in its box
    strip = url_strip(image, Line(words=[cut], box=cut.box), 0.0)
    end = strip.to_page(Box(0, 0, strip.image.width - strip.margin * strip.scale, 1))
    assert end is not None
    assert x1 - 3 <= end[2] <= x1 + 2 * (bottom - top)


def test_a_reading_that_lost_its_url_is_not_judged_by_the_url_of_the_line_after_it() -> None:
    """A URL line is judged read on into the line after it; that line's own URL is no part of it, and a
    reading of garbage that lost the URL was judged by that URL alone, with no doubt (seed 246)."""
    old = _words("http:/www.education.gouv.fr/dossiers/maisons-de-projeticf-cadre-de-vie-2020")
    new = _words("tit ; cies elated ass (r/dossiers/maisons-de-projet/cf ditidice<sth apie) leres-2020")
    after = _words("La boîte à outils : https://www.culture.gouv.fr/wp-content/uploads/2018/09/Diagnostic.pdf")
    assert choose(old, new, LEX, None, after) is old


def test_the_line_under_a_url_cut_at_the_margin_is_read_again_when_ocr_doubted_its_opening() -> None:
    """The rest opens with a speck OCR read fairly surely (``*`` at 43, seed 252): after a URL cut at the
    margin the line is read again for any doubt on its opening; a label read surely is not."""
    def line(text: str, top: float, right: float, confidences: list[float]) -> Line:
        tokens = text.split()
        step = (right - 100.0) / len(tokens)
        return Line(words=[Word(t, confidence=c, box=Box(100.0 + k * step, top, 100.0 + (k + 1) * step - 10.0,
                                                          top + 40.0))
                           for k, (t, c) in enumerate(zip(tokens, confidences, strict=True))],
                    box=Box(100.0, top, right - 10.0, top + 40.0))

    prose = "Les dossiers sont à déposer avant le trente et un août de l'année considérée"
    url = "https://www.calameo.com/documentation/thematiques-internet-delegues/comp"
    for rest, confidences, read_again in (("* tes-rendus-politique:de-a- AURE", [43.0, 44.0, 16.0], True),
                                          ("Le compte rendu :", [96.0, 96.0, 92.0, 60.0], False)):
        lines = [line(prose, 100.0, 2010.0, [95.0] * 14), line(prose, 160.0, 2010.0, [95.0] * 14),
                 line(url, 260.0, 2010.0, [60.0]), line(rest, 320.0, 900.0, confidences),
                 line("La synthèse de la journée :", 420.0, 800.0, [96.0] * 6)]
        page = ocr.ocr_page(Image.new("L", (50, 50), 255), 1, replace(Settings(), second_pass=False))
        page.lines = lines
        assert (lines[3] in url_lines(page)) is read_again, rest


def test_no_band_is_looked_for_one_line_pitch_down_on_a_page_whose_lines_make_no_paragraph() -> None:
    """A page of lines set far apart has no line pitch (a typewritten Tapuscorpus page): under a URL with
    no ink apart from its own letters, no band is read, where one pitch down was looked for (and failed)."""
    line = Line(words=[Word("https://www.x.fr/politique-de-la-ville/contrat-", confidence=50.0,
                            box=Box(100.0, 100.0, 900.0, 140.0))], box=Box(100.0, 100.0, 900.0, 140.0))
    page = ocr.ocr_page(Image.new("L", (1000, 1000), 255), 1, replace(Settings(), second_pass=False))
    page.lines = [line]
    assert band_under(Image.new("L", (1000, 1000), 255), page, line, 0.0) is None
