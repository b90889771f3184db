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
from pipeline.ocr.columns import read_columns
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
