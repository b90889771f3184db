"""The example notebook-style script runs on a corpus the tests build and draws its plots: the
test regenerates every PNG of the example."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from fixtures import REPO
from PIL import Image

from pipeline import emit
from tests.test_load import TRANSCRIPTIONS, enriched, processed

SCRIPT = REPO / "examples" / "explore_corpus.py"
PLOTS = ("ocr_confidence.png", "corrections.png", "documents_per_year.png", "places_per_year.png")


def run_example(clean: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--input", str(clean), "--out", str(out)],
                          capture_output=True, text=True, timeout=300, check=True, cwd=REPO)


def test_example_loads_the_corpus_and_draws_the_plots(tmp_path: Path) -> None:
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    documents = [processed(raw, name, text) for name, text in TRANSCRIPTIONS.items()]
    for document in documents:
        emit.write_atomic(clean / f"{document['id']}.json", emit.dumps(document))
    scan = enriched(documents[0])
    emit.write_atomic(clean / "scan.json", emit.dumps(scan))
    # the same fiche scanned twice (a .pdf and a .png of one name), once more in another folder
    twins = []
    for n, path in enumerate(["scans/lens.pdf", "scans/lens.png", "old/lens.png"]):
        twin = dict(scan, id=f"00000000000000{n:02x}", source=dict(scan["source"], path=path))
        twins.append(twin)
        emit.write_atomic(clean / f"twin-{n}.json", emit.dumps(twin))
    (clean / "notes.json").write_text('["not", "a", "fiche"]', encoding="utf-8")

    result = run_example(clean, tmp_path / "plots")

    assert "Corpus(documents=7" in result.stdout
    assert "skipped:" in result.stdout and "notes.json" in result.stdout
    assert "00000000000000ab" in result.stdout and "'ocr-confusion': 8" in result.stdout
    labels = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("0000000000000")]
    assert len(labels) == 4 and len(set(labels)) == 4  # one row each, no two rows share a label
    assert set(labels) == {"lens.jpg", "lens.pdf", "scans/lens.png", "old/lens.png"}
    for name in PLOTS:
        pixels = np.asarray(Image.open(tmp_path / "plots" / name).convert("L"))
        assert pixels.shape[0] > 200 and pixels.std() > 20, name


def test_example_runs_on_an_empty_corpus(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    result = run_example(tmp_path / "clean", tmp_path / "plots")
    assert "Corpus(documents=0" in result.stdout
    assert all((tmp_path / "plots" / name).is_file() for name in PLOTS)
