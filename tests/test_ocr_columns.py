"""Columns on scanned pages: read one after the other through the real Tesseract, never line by line
across the gutter; one-column pages and tables left as Tesseract reads them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from documents import REPORT, latex_pdf, scan
from fixtures import SHARED, load_script
from PIL import Image
from rapidfuzz import fuzz

from pipeline import emit, extract, ocr
from pipeline.model import Line, Page, PageMethod, Word
from pipeline.ocr.columns import join_cut_blocks, join_split_lines, read_columns
from pipeline.ocr.parse import parted
from pipeline.settings import Settings

LEFT = [("La présidente", "Nous ouvrons la séance du conseil citoyen de quartier."),
        ("Le secrétaire", "Le quorum est atteint ce soir, avec douze membres présents."),
        ("La présidente", "Le premier point porte sur le budget des initiatives habitantes."),
        ("Un habitant", "Les jardins partagés manquent de bacs et de terre depuis le printemps."),
        ("Le secrétaire", "La commission propose trois cents euros pour les jardins.")]
RIGHT = [("La présidente", "Passons maintenant aux permanences du samedi matin."),
         ("Une habitante", "La maison de quartier ferme trop tôt pour les familles qui travaillent."),
         ("Le secrétaire", "La mairie étudie un horaire d'été pour la maison de quartier."),
         ("Un habitant", "Le marché de Noël cherche encore des bénévoles pour le mois de décembre."),
         ("La présidente", "La séance est levée à vingt et une heures. Merci à tous.")]


def _play_pdf(folder: Path) -> Path:
    """Minutes set as a play in two typewritten columns with a narrow gutter (LaTeX ``twocolumn``,
    Latin Modern Mono): each speaker's name centred over the reply, both columns on one baseline."""
    if not shutil.which("pdflatex"):
        pytest.skip("pdflatex is missing (texlive-latex-base)")

    def column(replies: list[tuple[str, str]]) -> str:
        return "\n".join(rf"\who{{{who}}}{said}" for who, said in replies)

    source = "\n".join([
        r"\documentclass[twocolumn,12pt,a4paper]{article}",
        r"\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}\usepackage{lmodern}",
        r"\usepackage[french]{babel}\usepackage[margin=2cm]{geometry}",
        r"\renewcommand{\familydefault}{\ttdefault}\setlength{\columnsep}{1em}\pagestyle{empty}",
        r"\raggedright\setlength{\parindent}{0em}\setlength{\parskip}{1ex}",
        r"\newcommand{\who}[1]{\par\centerline{#1}\par}",
        r"\begin{document}", column(LEFT), r"\newpage", column(RIGHT), r"\end{document}", ""])
    (folder / "play.tex").write_text(source, encoding="utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "play.tex"], cwd=folder,
                   capture_output=True, check=True)
    return folder / "play.pdf"


def _positions(raw: str, passages: list[str]) -> list[int]:
    """Where each passage is read whole in ``raw`` (OCR may miss a letter), or -1."""
    out = []
    for passage in passages:
        found = fuzz.partial_ratio_alignment(passage, raw)
        out.append(found.dest_start if found and found.score >= 90 else -1)
    return out


def test_two_typewritten_columns_rendered_by_latex_read_column_by_column(tmp_path: Path) -> None:
    """Each reply is read whole, the left column's before the right column's."""
    image = scan(_play_pdf(tmp_path), 300)
    raw = emit.raw_text(extract.extract(image, Settings()))
    positions = _positions(raw, [said for who, said in LEFT + RIGHT])
    assert -1 not in positions, raw
    assert positions == sorted(positions), raw


def _wer_tool():
    return load_script(SHARED / "tools" / "wer.py")


def test_a_typewritten_page_tesseract_reads_across_its_gutter_is_read_column_by_column(
        shared_corpus: Path) -> None:
    """A real typescript in two columns sharing their baselines (Tapuscorpus ``34_c9179``): bare
    Tesseract joins them into lines running across the gutter; read by column, the left column's
    last paragraph comes before the right column's first reply, and the page's word error rate
    against its transcription (read column by column) falls below a third of bare Tesseract's."""
    page = shared_corpus / "realworld" / "tapuscorpus" / "12148-btv1b10583038c" / "34_c9179_default.jpg"
    raw = emit.raw_text(extract.extract(page, Settings()))
    last_left, first_right = _positions(raw, ["la salle avec enthousiasme", "on m'a dit que vous"])
    assert -1 < last_left < first_right, raw
    wer = _wer_tool()
    truth = wer.words(page.with_name("34_c9179_default.gt.txt").read_text(encoding="utf-8"))
    bare = subprocess.run(["tesseract", str(page), "-", "-l", "fra"], capture_output=True, text=True,
                          check=True).stdout
    ours, theirs = (wer.edit_distance(wer.words(text), truth) for text in (raw, bare))
    assert ours < theirs / 3, (ours, theirs)


def test_a_one_column_page_keeps_tesseract_s_reading(tmp_path: Path) -> None:
    """A one-column report scanned: no gutter, its lines left as Tesseract read them."""
    try:
        pdf = latex_pdf(REPORT, tmp_path, columns=1)
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    with Image.open(scan(pdf, 300)) as image:
        page = ocr.read_words(image.convert("L"), 1, 300, Settings())
    before = [line.original for line in page.lines]
    assert not read_columns(page)
    assert [line.original for line in page.lines] == before


def _line(block: int, top: float, left: float, text: str) -> Line:
    """A line of words set from ``left`` on, 30 px high: 12 px a letter, a 12-px space between words."""
    words = []
    for part in text.split():
        words.append(Word(part, confidence=90.0, box=(left, top, left + 12 * len(part), top + 30)))
        left += 12 * len(part) + 12
    return Line(words=words, box=(words[0].box[0], top, words[-1].box[2], top + 30), block=block)


def _text(page: Page) -> list[str]:
    return [line.original for line in page.lines]


def test_pieces_of_one_line_split_between_blocks_are_joined_in_top_to_bottom_order() -> None:
    """A table of contents as Tesseract read it: each number and each entry a block of its own, the
    first number before the title, the next ones before the items of the entry above. Each number
    joins its entry, a word space away, where the joined line keeps the page's top-to-bottom order."""
    read = [_line(1, 200, 100, "1)"), _line(2, 80, 300, "TABLE DES CHAPITRES"),
            _line(3, 200, 150, "SAUVEGARDE"), _line(4, 280, 100, "2)"),
            _line(5, 240, 150, "- restauration des documents"), _line(6, 280, 150, "COMMUNICATION"),
            _line(6, 320, 150, "- prêt et photocopie")]
    page = Page(1, PageMethod.OCR, lines=read)
    assert join_split_lines(page) == 2
    assert [t for t in _text(page) if t] == ["TABLE DES CHAPITRES", "1) SAUVEGARDE",
                                             "- restauration des documents", "2) COMMUNICATION",
                                             "- prêt et photocopie"]
    assert _text(page).count("") == 3  # the blocks still parted by a blank line


def test_a_block_tesseract_put_after_the_blocks_below_it_is_read_where_it_stands() -> None:
    """A typescript page as Tesseract read it (Tapuscorpus Giono ``10515736n_305``): one line cut from
    its paragraph into a block of its own, put after the paragraph that follows it. A page of one
    column reads its blocks from the top down, each whole."""
    read = [_line(1, 100, 100, "Elle avale péniblement une salive épaisse"),
            _line(1, 140, 100, "pèse dans sa tête"),
            _line(3, 220, 100, "petite voix plaintive et comme si elle se parlait"),
            _line(3, 260, 100, "même et moi que vais-je faire"),
            _line(2, 180, 100, "Et tout d'un coup au bout du silence elle dit d'une")]
    page = Page(1, PageMethod.OCR, lines=parted(read))
    assert not read_columns(page)
    assert _text(page) == ["Elle avale péniblement une salive épaisse", "pèse dans sa tête", "",
                           "Et tout d'un coup au bout du silence elle dit d'une", "",
                           "petite voix plaintive et comme si elle se parlait",
                           "même et moi que vais-je faire"]


def test_cells_a_column_apart_are_not_joined() -> None:
    """Words on one band but farther apart than a few word spaces are a table's cells: left alone."""
    labels = [_line(1, 100 + 40 * k, 100, w) for k, w in enumerate(["Nom", "Adresse", "Téléphone"])]
    values = [_line(2, 100 + 40 * k, 400, w) for k, w in enumerate(["IREV", "Lille", "0320"])]
    page = Page(1, PageMethod.OCR, lines=[*labels, Line(block=1), *values])
    before = _text(page)
    assert join_split_lines(page) == 0
    assert _text(page) == before


def test_pieces_of_a_line_a_lost_word_apart_are_joined() -> None:
    """A typescript line Tesseract read as two blocks side by side, the short word between them left
    unread (a stamp over it): the pieces, two line heights apart, are one printed line; the next
    line, whose pieces stand farther apart, is left as read."""
    left = _line(1, 100, 100, "Suit une très savante dissertation")
    right = _line(2, 100, left.box[2] + 60, "F. Le Lionnais sur ce")
    below = _line(1, 140, 100, "sujet qu'il affectionne")
    apart = _line(2, 140, right.box[0] + 100, "particulièrement.")
    page = Page(1, PageMethod.OCR, lines=parted([left, below, right, apart]))
    assert join_split_lines(page) == 1
    assert [t for t in _text(page) if t] == ["Suit une très savante dissertation F. Le Lionnais sur ce",
                                             "sujet qu'il affectionne", "particulièrement."]


def test_a_line_tesseract_splits_around_a_stamp_reads_in_order(shared_corpus: Path) -> None:
    """A real typescript page (Tapuscorpus Oulipo ``100100090_9``): a stamp over ``de`` and ``tout``
    and Tesseract reads ``(Suit une très savante dissertation`` and ``F. Le Lionnais sur ce``, on
    one printed line, in blocks of their own; read as one line, the sentence keeps its order."""
    page = (shared_corpus / "realworld" / "tapuscorpus" / "europeana-random-selection"
            / "Fonds_Oulipo_Dossiers_mensuels_de_..._btv1b100100090_9.jpeg")
    raw = emit.raw_text(extract.extract(page, Settings()))
    assert _positions(raw, ["savante dissertation F. Le Lionnais sur ce"]) != [-1], raw


def test_a_caption_tesseract_splits_between_two_blocks_reads_whole(shared_corpus: Path) -> None:
    """A real diagram page (Tapuscorpus ``…53157893j``): Tesseract puts ``Les caméras C`` and the rest of
    its printed line, a word space to the right, in blocks of their own, four lines apart; read
    whole, the caption's words follow each other."""
    page = (shared_corpus / "realworld" / "tapuscorpus" / "europeana-random-selection"
            / "9200518_ark_12148_btv1b53157893j.jpeg")
    raw = emit.raw_text(extract.extract(page, Settings()))
    assert _positions(raw, ["caméras C iront cueillir"]) != [-1], raw


def test_a_word_cut_at_a_block_s_end_joins_the_block_after_it() -> None:
    """A typescript letter as Tesseract read it (Tapuscorpus Oulipo ``10010130k_22``): each line a block
    of its own, so a blank line parted ``troisiè-`` from ``me``. A block ending in a word cut by a
    hyphen and followed by one starting with a small letter is one paragraph; a block ending in a
    figure's dash, or followed by a capital, stays apart."""
    read = [_line(1, 100, 100, "Il est exact que je prépare une thèse de troisiè-"),
            _line(2, 140, 100, "me cycle sur le Collège. J'ai pu rencontrer Ray\u2011"),
            _line(3, 180, 100, "mond Queneau à ce sujet en 1970-"),
            _line(4, 220, 100, "puis en 1971, le vingt-"),
            _line(5, 260, 100, "Deux mars.")]
    page = Page(1, PageMethod.OCR, lines=parted(read))
    assert join_cut_blocks(page) == 2
    assert _text(page) == ["Il est exact que je prépare une thèse de troisiè-",
                           "me cycle sur le Collège. J'ai pu rencontrer Ray\u2011",
                           "mond Queneau à ce sujet en 1970-", "", "puis en 1971, le vingt-", "",
                           "Deux mars."]
    assert len({line.block for line in page.lines[:3]}) == 1
