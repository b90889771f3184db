"""Word error rate of the extraction's raw text on the dev scans, against plain Tesseract.

Usage: python bench/ocr_wer.py [--no-upscale] [--page-jobs N]

Reads ../shared/corpus/dev (scans, truth, and ocr_raw/ = plain ``tesseract FILE - -l fra``)
and scores both with ../shared/tools/wer.py's own wer()/cer(), so the figures are the
ones that tool prints for ``wer.py RAW RAW TRUTH``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import emit, extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
SCANS = [
    "f01-methodologie-masterclass.png", "f01-methodologie-masterclass.pdf",
    "f02-capitalisation-diagnostic-marchant.tif", "f02-capitalisation-diagnostic-marchant.pdf",
    "f03-compte-rendu-conseil-citoyen-lens.jpg",
]


def load_wer_tool():
    spec = importlib.util.spec_from_file_location("wer_tool", SHARED / "tools" / "wer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-upscale", action="store_true", help="OCR low-resolution images as they are")
    parser.add_argument("--force-ocr", action="store_true", help="OCR PDF pages even with a text layer")
    parser.add_argument("--page-jobs", type=int, default=1)
    args = parser.parse_args()
    if not DEV.is_dir():
        sys.exit(f"no dev corpus at {DEV}")
    if args.no_upscale:
        extract.UPSCALE_BELOW = 0
    tool = load_wer_tool()
    settings = Settings(force_ocr=args.force_ocr, page_jobs=args.page_jobs)
    print(f"{'file':48} {'pages':>5} {'method':>10} {'WER':>7} {'base':>7} {'CER':>7} {'base':>7} {'s':>6}")
    for name in SCANS:
        stem = name.rsplit(".", 1)[0]
        truth = (DEV / f"{stem}.truth.txt").read_text(encoding="utf-8")
        baseline = (DEV / "ocr_raw" / f"{name}.ocr.txt").read_text(encoding="utf-8")
        start = time.perf_counter()
        doc = extract.extract(DEV / name, settings)
        seconds = time.perf_counter() - start
        raw = emit.raw_text(doc)
        methods = ",".join(sorted({p.method for p in doc.pages}))
        scores = [tool.wer(raw, truth), tool.wer(baseline, truth),
                  tool.cer(raw, truth), tool.cer(baseline, truth)]
        print(f"{name:48} {len(doc.pages):>5} {methods:>10} " + " ".join(f"{x:7.2%}" for x in scores)
              + f" {seconds:6.1f}")


if __name__ == "__main__":
    main()
