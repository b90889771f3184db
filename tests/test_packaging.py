"""Packaging: a wheel built from the repository carries its dictionaries and corrects as the checkout does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from fixtures import REPO


def _show(python: Path | str, sample: Path, cwd: Path) -> dict:
    shown = subprocess.run([str(python), "-m", "pipeline.cli", "show", "--json", str(sample)], cwd=cwd,
                           capture_output=True, text=True, timeout=600)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_a_wheel_in_a_fresh_venv_corrects_the_sample_page_as_the_checkout(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("pipeline", "dictionaries"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("fiches-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "-q", str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies (spaCy, Tesseract's wrapper...) from this environment, not fiches itself: a
    # plain path entry, so this environment's editable install of fiches is not seen.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    code = "import pipeline.settings as s; print(s.DEFAULT_DICTIONARIES)"
    where = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert Path(where).is_relative_to(venv) and (Path(where) / "general.tsv.gz").is_file()

    sample = next((REPO / "data" / "raw").glob("*.txt"))
    from_wheel = _show(python, sample, tmp_path)
    from_checkout = _show(sys.executable, sample, REPO)
    assert from_wheel["corrections"], "the sample page has OCR errors to correct"
    assert from_wheel["corrections"] == from_checkout["corrections"]
    assert from_wheel["text"] == from_checkout["text"]
    assert from_wheel["pipeline"]["dictionary_version"] == from_checkout["pipeline"]["dictionary_version"]
