"""The review that acts: decisions clicked in a real page, saved beside the JSON, honoured by the next run;
the page's Content-Security-Policy; the outputs review refuses; the folder index.

Chromium is driven through its WebDriver (``chromedriver``, installed with it by ``make test``):
real clicks and hovers in the real page, served by ``fiches review --serve``'s server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures import render_text_image, save_image
from PIL import ImageDraw

from pipeline import cli, emit
from pipeline.review import read_document, write_folder_review, write_review
from pipeline.review.serve import make_server

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                   reason="chromium or chromedriver absent (make test installs them)")

PAGE_TEXT = ("Ressources sur la participation des habitants\n\n"
             "Docurnentation utile :\n"
             "Le conseil citoyen de Lens, animé par Mme Haddadji, se réunit le 21 novembre 2017 "
             "à la mairie.\n"
             "Les quéstions des habitants sont recueillies.\n")


def run(inputs: Path, out: Path) -> dict[str, Any]:
    """``fiches run`` on ``inputs``; its run report."""
    assert cli.main(["run", "-q", str(inputs), "--out", str(out)]) == 0
    return json.loads((out / ".fiches-run-report.json").read_text(encoding="utf-8"))


def processed(folder: Path) -> tuple[Path, Path]:
    """A transcription run through the real pipeline: ``folder/scans`` → ``folder/clean``."""
    (folder / "scans").mkdir()
    (folder / "scans" / "fiche.txt").write_text(PAGE_TEXT, encoding="utf-8")
    run(folder / "scans", folder / "clean")
    return folder / "scans", folder / "clean"


@pytest.fixture(scope="module")
def processed_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return processed(tmp_path_factory.mktemp("processed"))[1] / "fiche.json"


@pytest.fixture
def corpus(processed_once: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of that document for one test: its source folder and the folder of its JSON."""
    (tmp_path / "clean").mkdir()
    shutil.copy(processed_once, tmp_path / "clean" / "fiche.json")
    return processed_once.parent.parent / "scans", tmp_path / "clean"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium or chromedriver absent")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium absent (in the dev extras)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)  # no driver download
    yield driver
    driver.quit()


@pytest.fixture
def serve() -> Iterator[Any]:
    servers = []

    def start(target: Path, source: Path | None = None) -> Any:
        server = make_server(target, source)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# -- the whole loop in a real browser ----------------------------------------------------------


@needs_browser
def test_reject_and_add_word_in_the_page_then_the_next_run_honours_both(
        tmp_path: Path, browser: Any, serve: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    inputs, clean = processed(tmp_path)
    before = json.loads((clean / "fiche.json").read_text(encoding="utf-8"))
    fixes = [(c["original"], c["corrected"]) for c in before["corrections"]]
    assert ("quéstions", "questions") in fixes and "Haddadji" in before["unknown_words"]
    number = fixes.index(("quéstions", "questions")) + 1

    server = serve(clean)
    browser.get(server.url)
    browser.find_element(By.LINK_TEXT, before["title"]).click()
    browser.find_element(By.CSS_SELECTOR, f'button.reject[data-fix="{number}"]').click()
    browser.find_element(By.CSS_SELECTOR, '#unknown-words button.add-word[data-word="Haddadji"]').click()
    WebDriverWait(browser, 10).until(
        lambda b: "Enregistré" in b.find_element(By.ID, "save-status").text
        and len(json.loads((clean / "fiche.review.json").read_text(encoding="utf-8"))["words"]) == 1)
    assert browser.find_element(By.ID, f"fix-{number}").get_attribute("class") == "fix rejected"

    saved = json.loads((clean / "fiche.review.json").read_text(encoding="utf-8"))
    assert [(d["original"], d["decision"]) for d in saved["corrections"]] == [("quéstions", "rejected")]
    assert [w["word"] for w in saved["words"]] == ["Haddadji"]

    report = run(inputs, clean)  # no --force: decisions newer than the JSON make it run again
    after = json.loads((clean / "fiche.json").read_text(encoding="utf-8"))
    assert report["processed"] == 1 and report["corrections_rejected"] == 1
    assert "Les quéstions des habitants" in after["text"]
    made = [(c["original"], c["corrected"]) for c in after["corrections"]]
    assert ("quéstions", "questions") not in made and ("Docurnentation", "Documentation") in made
    assert "Haddadji" not in after["unknown_words"]
    assert after["review"] == {"corrections_rejected": 1, "words_known": 1}
    assert run(inputs, clean)["skipped"] == 1  # and once applied, the document is up to date again

    browser.get(server.url + "doc/0")  # the page shows the decisions already taken
    assert browser.find_element(By.CSS_SELECTOR, "#unknown-words").text.startswith("Mots inconnus (0)")


@needs_browser
def test_a_correction_hovered_in_the_text_is_boxed_on_the_scan_and_the_scan_zooms(
        processed_once: Path, tmp_path: Path, browser: Any, serve: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    scan = render_text_image("Docurnentation utile\nLes questions des habitants")
    stamp = (600, 300, 1400, 420)
    ImageDraw.Draw(scan).rectangle(stamp, fill=0)
    save_image(scan, tmp_path / "scan.png")
    document = scanned_document(processed_once, tmp_path / "scan.png", scan.size, stamp)
    write_json(document, tmp_path / "scan.json")
    server = serve(tmp_path / "scan.json")
    browser.get(server.url + "doc/0")
    image = browser.find_element(By.CSS_SELECTOR, "figure.page img")
    box = browser.find_element(By.CSS_SELECTOR, ".sheet .box")
    assert "hover" not in box.get_attribute("class")
    ActionChains(browser).move_to_element(browser.find_element(By.ID, "fix-1")).perform()
    assert "hover" in box.get_attribute("class")
    shown, at = image.rect, box.rect
    scale = shown["width"] / scan.width
    assert abs(at["x"] - shown["x"] - stamp[0] * scale) < 3
    assert abs(at["y"] - shown["y"] - stamp[1] * scale) < 3
    assert abs(at["width"] - (stamp[2] - stamp[0]) * scale) < 3
    browser.find_element(By.CSS_SELECTOR, 'button[data-zoom="1"]').click()
    assert image.rect["width"] == pytest.approx(1.25 * shown["width"], abs=2)


def scanned_document(base: Path, source: Path, size: tuple[int, int],
                     box: tuple[int, int, int, int]) -> dict[str, Any]:
    """The document in ``base`` as if OCR had read it from the image ``source`` of ``size`` pixels, its
    first correction's word standing in ``box``."""
    document = json.loads(base.read_text(encoding="utf-8"))
    data = source.read_bytes()
    document["source"].update(path=str(source), sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
                              media_type="image/png")
    document["pages"][0].update(method="ocr", confidence=80.0, width=float(size[0]), height=float(size[1]),
                                unit="px", dpi=300)
    document["corrections"][0]["box"] = list(map(float, box))
    emit.validate(document)
    return document


def write_json(document: dict[str, Any], path: Path) -> Path:
    emit.write_atomic(path, emit.dumps(document))
    return path


@needs_browser
def test_a_page_opened_as_a_file_offers_the_decisions_for_download(
        corpus: tuple[Path, Path], browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from pipeline.review import decisions

    _, clean = corpus
    page = write_review(clean / "fiche.json", tmp_path / "fiche.html")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(page.as_uri())
    browser.find_element(By.CSS_SELECTOR, 'button.reject[data-fix="1"]').click()
    browser.find_element(By.ID, "download").click()
    WebDriverWait(browser, 10).until(lambda _: (downloads / "fiche.review.json").is_file())
    saved = decisions.read(downloads / "fiche.review.json")
    assert [key.original for key in saved.rejected] == ["Docurnentation"]


# -- the Content-Security-Policy ---------------------------------------------------------------


def policy(page: str) -> dict[str, list[str]]:
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta, "no CSP meta tag"
    return {d.split()[0]: d.split()[1:] for d in meta.group(1).replace("&#x27;", "'").split(";") if d.strip()}


def test_csp_allows_exactly_the_page_own_script_and_style_by_hash(corpus: tuple[Path, Path]) -> None:
    _, clean = corpus
    page = Path(write_review(clean / "fiche.json", clean.parent / "fiche.html")).read_text(encoding="utf-8")
    csp = policy(page)
    assert csp["default-src"] == ["'none'"] and csp["img-src"] == ["data:"]
    assert csp["connect-src"] == ["'none'"]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    def digest(code: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
    assert len(scripts) == 1 and csp["script-src"] == [digest(scripts[0])]
    assert len(styles) == 1 and csp["style-src"] == [digest(styles[0])]
    assert not re.search(r"<[^>]+\son\w+\s*=", page, re.IGNORECASE), "an inline event handler"
    assert not re.search(r"<[^>]+\sstyle\s*=", page, re.IGNORECASE), "an inline style attribute"
    assert "javascript:" not in page


@needs_browser
def test_browser_runs_the_page_script_and_blocks_any_other(corpus: tuple[Path, Path], browser: Any) -> None:
    _, clean = corpus
    page = write_review(clean / "fiche.json", clean.parent / "fiche.html")
    html = page.read_text(encoding="utf-8")
    tampered = clean.parent / "tampered.html"
    injected = ('<script>document.title = "injected";</script>'
                '<img src="x" id="probe" onerror="document.title = \'handler\'"></body>')
    tampered.write_text(html.replace("</body>", injected), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return document.documentElement.className") == "js"  # ours ran
    browser.get(tampered.as_uri())
    assert browser.execute_script("return document.documentElement.className") == "js"
    assert browser.title.startswith("Relecture")  # neither the inline script nor the handler ran


def test_a_crafted_source_path_pulls_no_other_image(processed_once: Path, tmp_path: Path) -> None:
    (tmp_path / "private").mkdir()
    secret = save_image(render_text_image("Confidentiel"), tmp_path / "private" / "secret.png")
    own = save_image(render_text_image("La page"), tmp_path / "scan.png")
    document = scanned_document(processed_once, own, (10, 10), (0, 0, 1, 1))
    document["source"]["path"] = str(secret)  # the JSON names another image
    (tmp_path / "scan.png").unlink()  # and the document's own is gone
    page = write_review(write_json(document, tmp_path / "doc.json"), tmp_path / "doc.html").read_text()
    assert "<img" not in page and "pas la source de ce document" in page
    assert cli.main(["review", str(tmp_path / "doc.json"), "--out", str(tmp_path / "doc2.html"),
                     "--source", str(tmp_path / "private")]) == 0
    assert "<img" not in (tmp_path / "doc2.html").read_text()


def test_source_option_finds_the_scan_by_its_hash(processed_once: Path, tmp_path: Path) -> None:
    (tmp_path / "archive" / "scans").mkdir(parents=True)
    scan = save_image(render_text_image("La page"), tmp_path / "archive" / "scans" / "fiche.png")
    document = scanned_document(processed_once, scan, (10, 10), (0, 0, 1, 1))
    document["source"]["path"] = "scans/fiche.png"  # relative to a folder the reviewer is not in
    json_path = write_json(document, tmp_path / "clean" / "fiche.json")
    assert "<img" not in write_review(json_path, tmp_path / "a.html").read_text()
    assert cli.main(["review", str(json_path), "--out", str(tmp_path / "b.html"),
                     "--source", str(tmp_path / "archive")]) == 0
    page = (tmp_path / "b.html").read_text()
    assert page.count("<img ") == 1 and str(scan.resolve()) in page


# -- what review refuses -----------------------------------------------------------------------


def test_review_never_overwrites_the_json_or_a_file_it_did_not_write(
        corpus: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    _, clean = corpus
    json_path = clean / "fiche.json"
    original = json_path.read_bytes()
    notes = clean.parent / "notes.html"
    notes.write_text("<p>mes notes</p>", encoding="utf-8")
    for out in (json_path, notes, clean.parent / "page.json", clean):
        assert cli.main(["review", str(json_path), "--out", str(out)]) == 2, out
        assert "Traceback" not in capsys.readouterr().err
    assert json_path.read_bytes() == original and notes.read_text(encoding="utf-8") == "<p>mes notes</p>"
    assert not (clean.parent / "page.json").exists()
    ours = clean.parent / "fiche.html"
    assert cli.main(["review", str(json_path), "--out", str(ours)]) == 0
    assert cli.main(["review", str(json_path), "--out", str(ours)]) == 0  # a page it wrote: replaced


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("damage", ["null text", "string confidence"])
def test_a_document_that_breaks_the_schema_gives_one_line(
        corpus: tuple[Path, Path], damage: str, version: int, capsys: pytest.CaptureFixture) -> None:
    _, clean = corpus
    document = json.loads((clean / "fiche.json").read_text(encoding="utf-8"))
    document["schema_version"] = version
    if damage == "null text":
        document["text"] = None
    else:
        document["pages"][0]["confidence"] = "high"
    broken = write_json(document, clean.parent / "broken.json")
    assert cli.main(["review", str(broken)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(broken) in err and "not a valid fiches document" in err


def test_a_document_of_schema_1_is_still_reviewed(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    _, clean = corpus
    document = json.loads((clean / "fiche.json").read_text(encoding="utf-8"))
    for field in ("date", "date_source", "language"):
        del document[field]
    document["schema_version"] = 1
    document["blocks"] = [{"kind": b["kind"], "text": b["text"], "page": b["page"], "level": b["level"]}
                          for b in document["blocks"]]
    for fix in document["corrections"]:
        del fix["block"]
    page = write_review(write_json(document, tmp_path / "v1.json"), tmp_path / "v1.html").read_text()
    assert 'id="fix-1"' in page and "Haddadji" in page


def test_review_does_not_import_pandas(corpus: tuple[Path, Path]) -> None:
    _, clean = corpus
    code = ("import sys; from pathlib import Path; from pipeline.review import write_review; "
            f"write_review(Path({str(clean / 'fiche.json')!r}), Path({str(clean.parent / 'p.html')!r})); "
            "print('pandas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.stdout.strip() == "False"


# -- the local server --------------------------------------------------------------------------


def test_server_saves_only_with_its_token_its_host_and_for_its_documents(
        corpus: tuple[Path, Path], serve: Any) -> None:
    import http.client

    _, clean = corpus
    server = serve(clean)
    port = server.server_address[1]
    body = json.dumps({"format": "fiches-review/1", "corrections": [], "words": [{"word": "Lens"}]})

    def post(path: str, token: str, host: str = f"127.0.0.1:{port}") -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("POST", path, body, {"Host": host, "X-Fiches-Token": token,
                                                "Content-Type": "application/json"})
        status = connection.getresponse().status
        connection.close()
        return status

    assert post("/doc/0/decisions", "guess") == 403
    assert post("/doc/0/decisions", server.token, host="evil.example:80") == 421
    assert post("/doc/7/decisions", server.token) == 404
    assert post("/doc/../../x/decisions", server.token) == 404
    assert not (clean / "fiche.review.json").exists()
    assert post("/doc/0/decisions", server.token) == 200
    assert json.loads((clean / "fiche.review.json").read_text(encoding="utf-8"))["words"][0]["word"] == "Lens"


# -- a folder ----------------------------------------------------------------------------------


def test_folder_index_lists_documents_most_in_need_of_review_first(tmp_path: Path) -> None:
    inputs = tmp_path / "scans"
    inputs.mkdir()
    (inputs / "calme.txt").write_text("Compte rendu de la réunion\n\nLa réunion a eu lieu à Lens.\n",
                                      encoding="utf-8")
    (inputs / "douteux.txt").write_text(PAGE_TEXT + "Mme Zarkowiak et M. Brtlemy sont venus.\n",
                                        encoding="utf-8")
    run(inputs, tmp_path / "clean")
    (tmp_path / "clean" / "notes.json").write_text('{"a": 1}', encoding="utf-8")
    assert cli.main(["review", str(tmp_path / "clean")]) == 0
    pages = tmp_path / "clean-review"
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert index.index("douteux.html") < index.index("calme.html")
    assert "notes.json" in index and (pages / "douteux.html").is_file() and (pages / "calme.html").is_file()
    assert sorted(p.name for p in (tmp_path / "clean").glob("*.html")) == []
    assert read_document(tmp_path / "clean" / "douteux.json")["unknown_words"]
    write_folder_review(tmp_path / "clean", pages)  # its own pages: written again


def test_page_breaks_stand_where_each_page_begins(tmp_path: Path) -> None:
    from fixtures import build_text_pdf

    (tmp_path / "scans").mkdir()
    pdf = build_text_pdf(tmp_path / "scans" / "deux.pdf", ["Première page du compte rendu.",
                                                           "Deuxième page du compte rendu."])
    run(pdf.parent, tmp_path / "clean")
    page = write_review(tmp_path / "clean" / "deux.json", tmp_path / "deux.html").read_text(encoding="utf-8")
    text = page[page.index('<div class="cleaned">'):]
    assert text.index("Première") < text.index('class="page-break" data-page="2"') < text.index("Deuxième")


# -- decisions applied by a run ----------------------------------------------------------------


def test_an_original_form_made_known_is_left_as_printed(tmp_path: Path) -> None:
    from pipeline.process import process_file
    from pipeline.review import decisions
    from pipeline.settings import Settings

    source = tmp_path / "fiche.txt"
    source.write_text(PAGE_TEXT, encoding="utf-8")
    known = decisions.parse({"format": decisions.FORMAT, "corrections": [],
                             "words": [{"word": "Docurnentation", "from": "original"}]})
    document = process_file(source, Settings(), known)
    assert "Docurnentation utile" in document["text"]
    assert "Docurnentation" not in [c["original"] for c in document["corrections"]]
    assert "quéstions" in [c["original"] for c in document["corrections"]]  # the other one still made
    assert document["review"] == {"corrections_rejected": 1, "words_known": 0}


def test_an_unreadable_review_file_fails_its_document_alone_and_keeps_its_json(
        corpus: tuple[Path, Path], capsys: pytest.CaptureFixture) -> None:
    inputs, clean = corpus
    shutil.copytree(inputs, clean.parent / "scans")
    (clean.parent / "scans" / "other.txt").write_text("Une autre fiche sur la mairie.\n", encoding="utf-8")
    before = (clean / "fiche.json").read_bytes()
    (clean / "fiche.review.json").write_text("{not json", encoding="utf-8")
    assert cli.main(["run", "-q", str(clean.parent / "scans"), "--out", str(clean)]) == 1
    err = capsys.readouterr().err
    assert "fiche.review.json" in err and "not valid JSON" in err and "Traceback" not in err
    assert (clean / "fiche.json").read_bytes() == before and (clean / "other.json").is_file()
