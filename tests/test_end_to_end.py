"""From a file on disk to the JSON, through the real command: scans, PDFs, transcriptions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import REPO, SHARED, build_image_pdf, build_text_pdf, render_text_image, save_image

from pipeline import emit

FICHE = (
    "Compte rendu du conseil citoyen\n"
    "\n"
    "Le conseil citoyen de Roubaix s'est réuni le 12 mars 2019 avec la déléguée du préfet.\n"
    "Les habitants ont présenté leurs questions sur le renouvellement urbain du quartier.\n"
)


def run_fiches(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=900)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """A folder with one fiche of each kind, run once through ``fiches run``."""
    raw = tmp_path_factory.mktemp("raw")
    (raw / "transcription.txt").write_text(FICHE, encoding="utf-8")
    save_image(render_text_image(FICHE), raw / "scan.png")
    build_image_pdf(raw / "scanned.pdf", [render_text_image(FICHE)])
    build_text_pdf(raw / "born-digital.pdf", [FICHE], links=["https://www.irev.fr/ressources"])
    (raw / "sub").mkdir()
    (raw / "sub" / "scan.txt").write_text(FICHE, encoding="latin-1")
    out = tmp_path_factory.mktemp("clean")
    return raw, out, run_fiches("run", str(raw), "--out", str(out), "--jobs", "2")


def test_every_input_gives_one_valid_json_document(archive) -> None:
    raw, out, result = archive
    assert result.returncode == 0, result.stderr
    outputs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if not p.name.startswith("."))
    expected = ["born-digital.json", "scan.json", "scanned.json", "sub/scan.json", "transcription.json"]
    assert outputs == expected
    for path in out.rglob("*.json"):
        if not path.name.startswith("."):
            emit.validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("name", "method", "media_type"),
    [
        ("transcription", "text", "text/plain"),
        ("scan", "ocr", "image/png"),
        ("scanned", "ocr", "application/pdf"),
        ("born-digital", "text-layer", "application/pdf"),
    ],
)
def test_each_kind_of_input_is_read_the_right_way(archive, name: str, method: str, media_type: str) -> None:
    _, out, _ = archive
    document = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert document["source"]["media_type"] == media_type
    assert [page["method"] for page in document["pages"]] == [method]
    words = set(document["text"].split())
    assert {"conseil", "citoyen", "Roubaix", "habitants", "renouvellement"} <= words
    if method == "ocr":
        assert document["pages"][0]["confidence"] > 60
        assert document["pipeline"]["tesseract"]


def test_the_link_annotation_of_a_text_layer_pdf_is_kept(archive) -> None:
    _, out, _ = archive
    document = json.loads((out / "born-digital.json").read_text(encoding="utf-8"))
    assert "https://www.irev.fr/ressources" in document["pages"][0]["links"]


def test_a_latin1_transcription_is_decoded(archive) -> None:
    _, out, _ = archive
    document = json.loads((out / "sub" / "scan.json").read_text(encoding="utf-8"))
    assert "réuni" in document["text"] and "déléguée" in document["text"]


def test_the_inputs_are_never_modified(archive) -> None:
    raw, _, _ = archive
    assert (raw / "transcription.txt").read_text(encoding="utf-8") == FICHE


@pytest.mark.skipif(not (SHARED / "samples").is_dir(), reason="../shared is absent")
def test_the_archive_sample_comes_out_corrected_and_structured(tmp_path: Path) -> None:
    sample = SHARED / "samples" / "irev-masterclass-seance-introductive.txt"
    shown = run_fiches("show", str(sample), "--json")
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    emit.validate(document)
    assert document["corrections"], "the corrector changed nothing on a noisy OCR sample"
    for correction in document["corrections"]:
        if correction["start"] is not None:
            assert document["text"][correction["start"] : correction["end"]] == correction["corrected"]
    assert len(document["urls"]) >= 10
    assert any(place["name"] == "Lille" for place in document["places"])


def test_make_run_sample_data_processes(tmp_path: Path) -> None:
    """The samples shipped in data/raw/ (made by scripts/make_samples.py) all go through."""
    result = run_fiches("run", "data/raw", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = {p.stem for p in tmp_path.glob("*.json") if not p.name.startswith(".")}
    samples = {p.stem for p in (REPO / "scripts" / "samples").glob("*.txt")}
    assert names == samples and len(names) == 3
