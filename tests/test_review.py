"""The review page: what it marks, what it escapes, what it embeds, and what Chromium shows.

Documents come from the real pipeline (transcriptions; the dev-corpus scan when
/work/shared is there), enriched by hand where the corrector's output is needed.
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fixtures import SHARED, build_text_pdf, build_tiff, render_text_image, save_image
from PIL import Image, ImageDraw

from pipeline import cli, emit
from pipeline.errors import BadInput
from pipeline.process import process_file
from pipeline.review import find_marks, render_review, write_review
from pipeline.settings import Settings

DEV_SCAN = SHARED / "corpus" / "dev" / "f03-compte-rendu-conseil-citoyen-lens.jpg"
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium absent (make test installs it)")

TRANSCRIPTION = ("Compte rendu du conseil citoyen de Lens\n\n"
                 "La réunion s'est tenue à la mairie de Lens, rue Sellier. <script>alert(1)</script>\n"
                 "Plus d'informations sur https://www.villedelens.fr/conseil et sur le site de la mairie.\n")


def transcribed(folder: Path, text: str = TRANSCRIPTION) -> dict[str, Any]:
    source = folder / "conseil.txt"
    source.write_text(text, encoding="utf-8")
    return process_file(source, Settings())


def as_scan(document: dict[str, Any], source: Path, media_type: str = "image/png") -> dict[str, Any]:
    """The document with what the corrector would have added, its source pointed at ``source``."""
    document = copy.deepcopy(document)
    document["source"].update(path=str(source), media_type=media_type)
    if source.is_file():  # the document's own source: the page shows no other file
        document["source"].update(sha256=hashlib.sha256(source.read_bytes()).hexdigest(),
                                  bytes=source.stat().st_size)
    text = document["text"]
    start = text.index("réunion")
    document["corrections"] = [
        {"original": 'reunon"<i>', "corrected": "réunion", "page": 1, "start": start, "end": start + 7,
         "reason": "ocr-confusion", "confidence": 0.83},
        {"original": "qu une", "corrected": "qu'une", "page": 1, "start": None, "end": None,
         "reason": "merge", "confidence": 0.6},
    ]
    document["unknown_words"] = ["Sellier"]
    document["pages"][0].update(method="ocr", confidence=71.5,
                                low_confidence_words=[{"text": "mairie", "confidence": 42.0}])
    document["urls"] = [{"url": "https://www.villedelens.fr/conseil", "raw": "https://www.villedelens.fr/conseil",
                         "label": None, "ref": None, "page": 1}]
    emit.validate(document)
    return document


def write_json(document: dict[str, Any], path: Path) -> Path:
    emit.write_atomic(path, emit.dumps(document))
    return path


def stamped_scan(path: Path) -> Path:
    """A rendered scan with a solid black stamp: pure black only the image can show on screen."""
    page = render_text_image(TRANSCRIPTION.replace("\n\n", "\n"))
    ImageDraw.Draw(page).rectangle((1500, 40, 2100, 200), fill=0)
    return save_image(page, path)


# -- marks and escaping (pure) -----------------------------------------------------------------


def test_marks_follow_correction_offsets_and_priorities(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    document["unknown_words"].append("réunion")  # inside the correction: the correction wins
    marks = find_marks(document)
    text = document["text"]
    fixes = [m for m in marks if m.kind == "fix"]
    assert [text[m.start:m.end] for m in fixes] == ["réunion"]  # the null-offset one is not placed
    assert [text[m.start:m.end] for m in marks if m.kind == "unknown"] == ["Sellier"]
    assert [m.info["href"] for m in marks if m.kind == "url"] == ["https://www.villedelens.fr/conseil"]
    assert all(a.end <= b.start for a, b in zip(marks, marks[1:], strict=False))


def test_low_confidence_word_is_marked_where_it_was_read_not_everywhere(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    text = document["text"]
    assert text.count("mairie") == 2
    low = [m for m in find_marks(document) if m.kind == "lowconf"]
    assert [(m.start, m.info["confidence"]) for m in low] == [(text.index("mairie"), 42.0)]


def test_deleted_word_is_a_visible_empty_mark(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    at = document["text"].index("Lens")
    document["corrections"].append({"original": "é", "corrected": "", "page": 1, "start": at, "end": at,
                                    "reason": "noise", "confidence": 0.7})
    page = render_review(document, [])
    assert '<mark class="fix deleted" id="fix-3" data-fix="3" data-original="é"' in page
    assert 'href="#fix-3" data-fix="3"><em>(supprimé)</em>' in page


def test_page_escapes_document_text_and_links_only_web_urls(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    document["urls"].append({"url": "javascript:alert(2)", "raw": "javascript:alert(2)", "label": None,
                             "ref": None, "page": 1})
    page = render_review(document, [])
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-original="reunon&quot;&lt;i&gt;"' in page
    assert 'href="javascript:' not in page
    assert '<a class="url" href="https://www.villedelens.fr/conseil"' in page


def test_page_is_self_contained(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    page = render_review(document, [render_text_image("Une page")])
    sources = re.findall(r'\ssrc="([^"]*)"', page)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?http|<script[^>]+src=", page)


def test_corrections_list_offers_a_verdict_and_both_forms_as_known_words(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    page = render_review(document, [])
    listed = page[page.index('id="corrections"'):page.index('id="unknown-words"')]
    assert listed.count("<tr") == 3  # header + 2 corrections
    assert 'href="#fix-1"' in listed and "non placée" in listed
    for number in (1, 2):
        assert f'class="verdict reject" data-fix="{number}"' in listed
        assert f'class="verdict accept" data-fix="{number}"' in listed
    assert 'data-word="qu une" data-from="original"' in listed
    assert 'data-word="qu&#x27;une" data-from="corrected"' in listed


# -- write_review: finding the source (I/O) ----------------------------------------------------


def test_transcription_shows_raw_text_with_a_note(tmp_path: Path) -> None:
    json_path = write_json(transcribed(tmp_path), tmp_path / "conseil.json")
    write_review(json_path, tmp_path / "conseil.html")
    page = (tmp_path / "conseil.html").read_text(encoding="utf-8")
    assert "<img" not in page and "transcription texte" in page
    assert '<pre class="raw">Compte rendu du conseil citoyen de Lens' in page


def test_image_source_is_found_next_to_the_json_and_embedded(tmp_path: Path) -> None:
    stamped_scan(tmp_path / "scan.png")
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    document["source"]["path"] = "elsewhere/scan.png"  # as recorded by a run from another folder
    write_review(write_json(document, tmp_path / "scan.json"), tmp_path / "scan.html")
    page = (tmp_path / "scan.html").read_text(encoding="utf-8")
    assert page.count('<img src="data:image/png;base64,') == 1
    assert "introuvable" not in page


def test_every_page_of_a_tiff_and_a_pdf_is_shown(tmp_path: Path) -> None:
    tiff = build_tiff(tmp_path / "two.tif", [render_text_image("Page un"), render_text_image("Page deux")])
    pdf = build_text_pdf(tmp_path / "three.pdf", ["Un", "Deux", "Trois"])
    for source, media_type, pages in ((tiff, "image/tiff", 2), (pdf, "application/pdf", 3)):
        document = as_scan(transcribed(tmp_path), source, media_type)
        write_review(write_json(document, tmp_path / "doc.json"), tmp_path / "doc.html")
        page = (tmp_path / "doc.html").read_text(encoding="utf-8")
        assert page.count("<img ") == pages, source.name


def test_missing_or_unreadable_source_falls_back_to_raw_text(tmp_path: Path) -> None:
    document = as_scan(transcribed(tmp_path), tmp_path / "gone.png")
    write_review(write_json(document, tmp_path / "gone.json"), tmp_path / "gone.html")
    assert "introuvable" in (tmp_path / "gone.html").read_text(encoding="utf-8")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    document = as_scan(transcribed(tmp_path), tmp_path / "broken.png")
    write_review(write_json(document, tmp_path / "broken.json"), tmp_path / "broken.html")
    page = (tmp_path / "broken.html").read_text(encoding="utf-8")
    assert "Impossible d&#x27;afficher la source" in page and '<pre class="raw">' in page


def test_bad_json_is_a_bad_input(tmp_path: Path) -> None:
    (tmp_path / "foreign.json").write_text('{"hello": "world"}', encoding="utf-8")
    with pytest.raises(BadInput, match="not a fiches document"):
        write_review(tmp_path / "foreign.json", tmp_path / "out.html")
    assert cli.main(["review", str(tmp_path / "foreign.json")]) == 1


def test_cli_writes_beside_the_corpus_by_default(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "clean").mkdir()
    json_path = write_json(transcribed(tmp_path), tmp_path / "clean" / "conseil.json")
    assert cli.main(["review", str(json_path)]) == 0
    page = tmp_path / "clean-review" / "conseil.html"
    assert page.is_file() and sorted(p.name for p in (tmp_path / "clean").iterdir()) == ["conseil.json"]
    assert capsys.readouterr().out.strip() == str(page)


# -- in a real browser -------------------------------------------------------------------------


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def screenshot(page: Path, tmp_path: Path) -> np.ndarray:
    shot = tmp_path / "shot.png"
    chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,1000")
    return np.asarray(Image.open(shot).convert("RGB")).astype(int)


@needs_chromium
def test_browser_runs_the_script_and_shows_the_marks(tmp_path: Path) -> None:
    stamped_scan(tmp_path / "scan.png")
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    write_review(write_json(document, tmp_path / "scan.json"), tmp_path / "scan.html")
    dom = chromium(tmp_path / "scan.html", tmp_path / "profile", "--dump-dom").stdout
    assert re.search(r'<html lang="fr" class="js">', dom)  # the script ran: decision buttons enabled
    assert dom.count('<mark class="fix"') == 2  # the legend's and the correction's
    assert '<a class="url" href="https://www.villedelens.fr/conseil"' in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert len(re.findall(r'<button type="button" class="verdict', dom)) == 2 * 2
    assert len(re.findall(r'<button type="button" class="add-word"', dom)) == 2 * 2 + 1  # both forms; Sellier


@needs_chromium
def test_screenshot_shows_the_scan_beside_the_highlighted_text(tmp_path: Path) -> None:
    stamped_scan(tmp_path / "scan.png")
    document = as_scan(transcribed(tmp_path), tmp_path / "scan.png")
    write_review(write_json(document, tmp_path / "scan.json"), tmp_path / "scan.html")
    pixels = screenshot(tmp_path / "scan.html", tmp_path)
    assert pixels.shape == (1000, 1400, 3) and pixels.std() > 10
    left, right = pixels[150:, :700], pixels[150:, 700:]
    black = (left.max(axis=2) < 16).sum()
    assert black > 1000, "the scan's black stamp is not on the left"
    assert (right.max(axis=2) < 16).sum() < black / 20
    highlight = (np.abs(right - np.array([255, 213, 79])).max(axis=2) < 12).sum()
    assert highlight > 200, "no highlighted correction in the text column"


@needs_chromium
@pytest.mark.skipif(not DEV_SCAN.is_file(), reason="/work/shared dev corpus absent")
def test_dev_corpus_scan_review_renders(tmp_path: Path) -> None:
    document = process_file(DEV_SCAN, Settings())
    write_review(write_json(document, tmp_path / "f03.json"), tmp_path / "f03.html")
    dom = chromium(tmp_path / "f03.html", tmp_path / "profile", "--dump-dom").stdout
    assert dom.count('<img src="data:image/png;base64,') == 1
    assert "Lens" in dom[dom.index('class="cleaned"'):]
    pixels = screenshot(tmp_path / "f03.html", tmp_path)
    left, right = pixels[200:, 20:680], pixels[200:, 720:1380]
    def paper(region: np.ndarray) -> float:  # mid-grey, colourless: the scanned sheet
        grey = (region.min(axis=2) > 90) & (region.max(axis=2) < 230)
        return float((grey & (np.ptp(region, axis=2) < 12)).mean())
    assert paper(left) > 0.5 > 0.1 > paper(right)
