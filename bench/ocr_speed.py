"""Seconds per scanned page: the pipeline's extraction against bare ``tesseract``, in one run.

Usage: python bench/ocr_speed.py [--rounds N] [--no-cli]

Pages: the scanned pages of ../shared/corpus/dev (f01 .png, f02 .tif and .pdf, f03 .jpg).
Bare Tesseract is fed the very page images the pipeline OCRs (PDF pages rasterised at
300 DPI, low-resolution scans enlarged as the pipeline does), written as PNG files
beforehand, and timed both with ``OMP_THREAD_LIMIT=1`` and with its default threads; the
faster is the reference. The pipeline is timed with pages one at a time and two at a
time (``page_jobs=2``), and ``fiches run --no-correct`` end to end. Each setting's word
error rate against the truth is printed beside its time (../shared/tools/wer.py scoring).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import emit, extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
SCANS = [
    "f01-methodologie-masterclass.png",
    "f02-capitalisation-diagnostic-marchant.tif",
    "f02-capitalisation-diagnostic-marchant.pdf",
    "f03-compte-rendu-conseil-citoyen-lens.jpg",
]


def load_wer_tool():
    spec = importlib.util.spec_from_file_location("wer_tool", DEV.parents[1] / "tools" / "wer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_images(folder: Path) -> dict[str, list[Path]]:
    """The 300-DPI page images the pipeline OCRs, per scan, saved as PNG for bare Tesseract."""
    images: dict[str, list[Path]] = {}
    for name in SCANS:
        images[name] = []
        for number, image in enumerate(extract.ocr_images(DEV / name, Settings()), start=1):
            out = folder / f"{name}.{number}.png"
            image.save(out, dpi=image.info["dpi"])
            images[name].append(out)
    return images


def bare_tesseract(images: dict[str, list[Path]], threads: str | None) -> tuple[float, dict[str, str]]:
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if threads:
        env["OMP_THREAD_LIMIT"] = threads
    texts: dict[str, str] = {}
    start = time.perf_counter()
    for name, files in images.items():
        texts[name] = "\n".join(
            subprocess.run(["tesseract", str(f), "-", "-l", "fra"], env=env, capture_output=True,
                           text=True, check=True).stdout
            for f in files)
    return time.perf_counter() - start, texts


def pipeline(page_jobs: int) -> tuple[float, dict[str, str]]:
    settings = Settings(page_jobs=page_jobs)
    texts: dict[str, str] = {}
    start = time.perf_counter()
    for name in SCANS:
        texts[name] = emit.raw_text(extract.extract(DEV / name, settings))
    return time.perf_counter() - start, texts


def fiches_run(folder: Path) -> tuple[float, dict[str, str]] | None:
    """``fiches run --no-correct`` on the scans, end to end; None when the command fails."""
    import json

    out = folder / "out"
    command = [str(ROOT / ".venv" / "bin" / "fiches"), "run", *(str(DEV / n) for n in SCANS),
               "--out", str(out), "--force", "--no-correct", "-q"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(f"fiches run failed ({result.returncode}): {result.stderr.strip()[-300:]}")
        return None
    texts = {}
    for name in SCANS:
        matches = [json.loads(p.read_text()) for p in out.glob("*.json")
                   if json.loads(p.read_text()).get("source", {}).get("path", "").endswith(name)]
        texts[name] = matches[0]["raw_text"] if matches else ""
    return seconds, texts


def error_rate(tool, texts: dict[str, str]) -> float:
    """WER over all scans: word edits / truth words (wer.py's tokens)."""
    edits = total = 0
    for name, text in texts.items():
        truth = tool.words((DEV / f"{name.rsplit('.', 1)[0]}.truth.txt").read_text(encoding="utf-8"))
        edits += tool.edit_distance(tool.words(text), truth)
        total += len(truth)
    return edits / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="repeat each timing, keep the fastest")
    parser.add_argument("--no-cli", action="store_true", help="skip timing `fiches run`")
    args = parser.parse_args()
    if not DEV.is_dir() or not shutil.which("tesseract"):
        sys.exit(f"needs the dev corpus at {DEV} and tesseract on PATH")
    tool = load_wer_tool()
    with tempfile.TemporaryDirectory(prefix="ocr-speed-") as tmp:
        folder = Path(tmp)
        images = page_images(folder)
        pages = sum(len(files) for files in images.values())
        settings = {
            "tesseract, default threads": lambda: bare_tesseract(images, None),
            "tesseract, OMP_THREAD_LIMIT=1": lambda: bare_tesseract(images, "1"),
            "pipeline extract, pages 1 at a time": lambda: pipeline(1),
            "pipeline extract, 2 pages in parallel": lambda: pipeline(2),
        }
        if not args.no_cli:
            settings["fiches run --no-correct (-j default)"] = lambda: fiches_run(folder)
        best: dict[str, tuple[float, dict[str, str]]] = {}
        for _ in range(args.rounds):  # settings interleaved, fastest round kept: fairer on a busy machine
            for label, run in settings.items():
                measured = run()
                if measured is not None and (label not in best or measured[0] < best[label][0]):
                    best[label] = measured
        results = {label: (seconds / pages, error_rate(tool, texts))
                   for label, (seconds, texts) in best.items()}
    reference = min(results["tesseract, default threads"][0], results["tesseract, OMP_THREAD_LIMIT=1"][0])
    print(f"{pages} scanned pages from {DEV}")
    print(f"{'setting':40} {'s/page':>7} {'ratio':>6} {'WER':>7}")
    for label, (per_page, wer) in results.items():
        print(f"{label:40} {per_page:7.2f} {per_page / reference:6.2f} {wer:7.2%}")
    print("ratio = seconds per page / fastest bare tesseract (limit: pipeline <= 1.15, parallel < 1)")


if __name__ == "__main__":
    main()
