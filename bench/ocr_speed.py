"""Seconds per scanned page: the pipeline's extraction against bare ``tesseract``, in one run.

Usage: python bench/ocr_speed.py [--rounds N] [--no-cli]

Pages: the scanned pages of ../shared/corpus/dev (f01 .png, f02 .tif and .pdf, f03 .jpg).
Bare Tesseract is fed the very page images the pipeline OCRs (PDF pages rasterised at
300 DPI, low-resolution scans enlarged as the pipeline does), written as PNG files
beforehand, and timed both with ``OMP_THREAD_LIMIT=1`` and with its default threads; the
faster is the reference. The pipeline is timed with pages one at a time, with two pages
of a document at a time (``page_jobs=2``: only the two-page scans gain), with two
documents at a time (2 processes), and ``fiches run --no-correct`` end to end: on the pages,
and on the pages three times over, whose difference splits what a run costs into a start-up
paid once (imports, spaCy's model, dictionaries) and a cost per further page. Each setting's
word error rate against the truth is printed beside its time (../shared/tools/wer.py scoring).
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
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import emit, extract  # noqa: E402
from pipeline.batch.workers import execution_for  # noqa: E402
from pipeline.settings import LINE_READERS, Execution, Settings  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
FICHES_RUN = "fiches run --no-correct (-j default)"
FICHES_RUN_3 = "fiches run, the pages 3 times"
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


def bare_tesseract(files: list[Path], threads: str | None) -> str:
    """``tesseract PAGE - -l fra`` on each page image in turn, pages joined with a newline."""
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if threads:
        env["OMP_THREAD_LIMIT"] = threads
    return "\n".join(subprocess.run(["tesseract", str(f), "-", "-l", "fra"], env=env, capture_output=True,
                                    text=True, check=True).stdout for f in files)


def pipeline_text(name: str, page_jobs: int = 1, second_pass: bool = True,
                  line_readers: int = LINE_READERS) -> str:
    settings = Settings(second_pass=second_pass)
    execution = Execution(page_jobs=page_jobs, line_readers=line_readers)
    return emit.raw_text(extract.extract(DEV / name, settings, execution=execution))


def two_documents_at_a_time() -> tuple[float, dict[str, str]]:
    """Whole-run throughput with 2 worker processes taking documents, each given the second-pass
    processes ``fiches run -j 2`` gives it (:func:`pipeline.batch.workers.execution_for`)."""
    execution = execution_for(2, len(SCANS), None)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=execution.jobs) as pool:
        texts = dict(zip(SCANS, pool.map(partial(pipeline_text, line_readers=execution.line_readers), SCANS),
                         strict=True))
    return time.perf_counter() - start, texts


def timed(run) -> tuple[float, str]:
    start = time.perf_counter()
    text = run()
    return time.perf_counter() - start, text


def fiches_run(folder: Path, copies: int = 1) -> tuple[float, dict[str, str]] | None:
    """``fiches run --no-correct`` on the scans (each ``copies`` times, as links in folders of
    their own), end to end; None when the command fails."""
    import json

    inputs = [str(DEV / n) for n in SCANS]
    if copies > 1:
        for k in range(copies):
            (folder / "copies" / str(k)).mkdir(parents=True, exist_ok=True)
            for name in SCANS:
                link = folder / "copies" / str(k) / name
                if not link.exists():
                    link.symlink_to(DEV / name)
        inputs = [str(folder / "copies")]  # a folder: outputs named by their sub-folder
    out = folder / f"out-{copies}"
    command = [str(ROOT / ".venv" / "bin" / "fiches"), "run", *inputs, "--out", str(out), "--force",
               "--no-correct", "-q"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(f"fiches run failed ({result.returncode}): {result.stderr.strip()[-300:]}")
        return None
    texts = {}
    for name in SCANS:
        matches = [json.loads(p.read_text()) for p in out.rglob("*.json")
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
        per_scan = {
            "tesseract, default threads": lambda name: bare_tesseract(images[name], None),
            "tesseract, OMP_THREAD_LIMIT=1": lambda name: bare_tesseract(images[name], "1"),
            "pipeline extract, pages 1 at a time": lambda name: pipeline_text(name, 1),
            "pipeline extract, --no-second-pass": lambda name: pipeline_text(name, 1, second_pass=False),
            "pipeline extract, page_jobs=2": lambda name: pipeline_text(name, 2),
        }
        # Interleaved scan by scan and round by round, fastest kept: fairer on a busy machine.
        best: dict[tuple[str, str], tuple[float, str]] = {}
        whole: dict[str, tuple[float, dict[str, str]]] = {}
        for _ in range(args.rounds):
            for name in SCANS:
                for label, run in per_scan.items():
                    measured = timed(lambda run=run, name=name: run(name))
                    if (label, name) not in best or measured[0] < best[label, name][0]:
                        best[label, name] = measured
            runs = {"pipeline, 2 documents at a time": two_documents_at_a_time}
            if not args.no_cli:
                runs[FICHES_RUN] = lambda: fiches_run(folder)
                runs[FICHES_RUN_3] = lambda: fiches_run(folder, copies=3)
            for label, run in runs.items():
                measured = run()
                if measured is not None and (label not in whole or measured[0] < whole[label][0]):
                    whole[label] = measured
        for label in per_scan:
            whole[label] = (sum(best[label, n][0] for n in SCANS), {n: best[label, n][1] for n in SCANS})
        order = [*per_scan, *(k for k in whole if k not in per_scan)]
        results = {label: (whole[label][0] / pages, error_rate(tool, whole[label][1])) for label in order}
    reference = min(results["tesseract, default threads"][0], results["tesseract, OMP_THREAD_LIMIT=1"][0])
    start_up = None
    if FICHES_RUN in whole and FICHES_RUN_3 in whole:
        # Start-up (imports, spaCy's model, dictionaries) is paid once a run: the slope between a
        # run on the pages and a run on three times as many is what each further page costs.
        once, thrice = whole[FICHES_RUN][0], whole.pop(FICHES_RUN_3)[0]
        per_page = (thrice - once) / (2 * pages)
        start_up = once - per_page * pages
        results.pop(FICHES_RUN_3, None)
        results["fiches run, each further page"] = (per_page, results[FICHES_RUN][1])
    print(f"{pages} scanned pages from {DEV}")
    print(f"{'setting':42} {'s/page':>7} {'ratio':>6} {'WER':>7}")
    for label, (per_page, wer) in results.items():
        print(f"{label:42} {per_page:7.2f} {per_page / reference:6.2f} {wer:7.2%}")
    if start_up is not None:
        print(f"fiches run start-up, paid once a run: {start_up:.1f} s "
              f"(from runs on {pages} and {3 * pages} pages)")
    print("ratio = seconds per page / fastest bare tesseract (limit: pipeline <= 1.15, parallel < 1)")


if __name__ == "__main__":
    main()
