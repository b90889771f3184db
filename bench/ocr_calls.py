"""Which Tesseract readings the OCR stage pays for: calls, CPU and wall seconds per purpose, in one run.

Usage: python bench/ocr_calls.py [--kinds dev,tapuscorpus] [--sample N] [--seed S]

Every Tesseract process the pipeline starts is counted under the purpose it served, found from
the process's options and the code that handed it its work: the page reading, the page read
again preprocessed (despeckled, binarised, enlarged), OSD, the page read in another orientation,
headings and doubtful URL/date lines read again (``--psm 7``), URL lines read with ``eng``, and
processes started ahead that were never given work (their model loading is paid all the same).
CPU seconds are each process's own (user + system, from ``wait4``), so the table holds on a
loaded machine; wall seconds are the time each call waited for its process. Bare ``tesseract
IMG - -l fra`` (one thread) is timed on the same page images, for the ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr_wer import DEV, DEV_SCANS, tapus_pages  # noqa: E402

from pipeline import extract  # noqa: E402
from pipeline.ocr import tesseract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

CALLERS = {
    "read_scan": "scan as given",
    "read_preprocessed": "page again, preprocessed",
    "_other_orientation": "page in another orientation",
    "_promising": "orientation strips",
    "orientation": "OSD",
    "_read_page": "page",
}


class Ledger:
    """CPU and wall seconds of every Tesseract process, by purpose."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = defaultdict(int)
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.purpose: dict[int, str] = {}
        self.usage: dict[int, float] = {}

    def record(self, purpose: str, cpu: float, wall: float) -> None:
        self.calls[purpose] += 1
        self.cpu[purpose] += cpu
        self.wall[purpose] += wall


LEDGER = Ledger()


def _purpose(process: tesseract.TesseractProcess) -> str:
    """What the process's work is for, from its options and the functions on the stack."""
    args = process.process.args
    if "osd" in args:
        return "OSD"
    if isinstance(process, tesseract.LineReader):
        return "URL lines (eng)" if "eng" in args else "headings, URL/date lines (psm 7)"
    frame = sys._getframe()
    while frame is not None:
        name = frame.f_code.co_name
        if name in CALLERS:
            return CALLERS[name]
        frame = frame.f_back
    return "page (other)"


def _install() -> None:
    """Wrap the pipeline's Tesseract processes so that each one's CPU time and purpose are kept."""
    original_run, original_close = tesseract.TesseractProcess.run, tesseract.TesseractProcess.close

    def run(self: tesseract.TesseractProcess, data: bytes) -> str:
        purpose = _purpose(self)
        start = time.perf_counter()
        try:
            return original_run(self, data)
        finally:
            LEDGER.purpose[self.process.pid] = purpose
            LEDGER.wall[purpose] += time.perf_counter() - start

    def close(self: tesseract.TesseractProcess) -> None:
        original_close(self)
        pid = self.process.pid
        purpose = LEDGER.purpose.pop(pid, "started, never used")
        cpu = LEDGER.usage.pop(pid, 0.0)
        LEDGER.calls[purpose] += 1
        LEDGER.cpu[purpose] += cpu

    def try_wait(self: subprocess.Popen, wait_flags: int) -> tuple[int, int]:
        try:
            pid, status, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0
        if pid:
            LEDGER.usage[pid] = usage.ru_utime + usage.ru_stime
        return pid, status

    tesseract.TesseractProcess.run = run
    tesseract.TesseractProcess.close = close
    subprocess.Popen._try_wait = try_wait  # every wait of a process reaps it with its usage


def bare(images: list, folder: Path) -> tuple[float, float]:
    """CPU and wall seconds of ``tesseract IMG - -l fra`` (one thread) on each image."""
    cpu = wall = 0.0
    for image in images:
        path = folder / "page.png"
        image.save(path, dpi=image.info.get("dpi", (300, 300)))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(["tesseract", str(path), "-", "-l", "fra"], capture_output=True, check=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        wall += time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="dev")
    parser.add_argument("--sample", type=int, default=1, help="Tapuscorpus pages per collection")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    documents = []
    if "dev" in args.kinds.split(","):
        documents += [DEV / name for name in DEV_SCANS]
    if "tapuscorpus" in args.kinds.split(","):
        documents += [image for image, _ in tapus_pages(args.sample, args.seed)]
    settings = Settings()
    extract.extract(documents[0], settings)  # loads the dictionaries and trigrams once, untimed
    _install()
    bare_cpu = bare_wall = pipeline_wall = python_cpu = 0.0
    pages = 0
    with tempfile.TemporaryDirectory(prefix="ocr-calls-") as tmp:
        for path in documents:
            images = list(extract.ocr_images(path, settings))
            pages += len(images)
            cpu, wall = bare(images, Path(tmp))
            bare_cpu, bare_wall = bare_cpu + cpu, bare_wall + wall
            start, own = time.perf_counter(), time.process_time()
            extract.extract(path, settings)
            pipeline_wall += time.perf_counter() - start
            python_cpu += time.process_time() - own
    total_cpu = sum(LEDGER.cpu.values())
    print(f"{len(documents)} documents, {pages} pages ({args.kinds})")
    print(f"{'purpose':36} {'calls':>5} {'CPU s':>7} {'share':>6} {'wall s':>7} {'CPU / bare':>10}")
    for purpose in sorted(LEDGER.calls, key=lambda p: -LEDGER.cpu[p]):
        print(f"{purpose:36} {LEDGER.calls[purpose]:5} {LEDGER.cpu[purpose]:7.2f} "
              f"{LEDGER.cpu[purpose] / max(total_cpu, 1e-9):6.1%} {LEDGER.wall[purpose]:7.2f} "
              f"{LEDGER.cpu[purpose] / max(bare_cpu, 1e-9):10.2f}")
    print(f"{'all Tesseract processes':36} {sum(LEDGER.calls.values()):5} {total_cpu:7.2f} {'':6} {'':7} "
          f"{total_cpu / max(bare_cpu, 1e-9):10.2f}")
    print(f"{'the pipeline itself (Python, all threads)':36} {'':5} {python_cpu:7.2f} {'':6} {'':7} "
          f"{python_cpu / max(bare_cpu, 1e-9):10.2f}")
    print(f"{'OCR stage, CPU':36} {'':5} {total_cpu + python_cpu:7.2f} {'':6} {'':7} "
          f"{(total_cpu + python_cpu) / max(bare_cpu, 1e-9):10.2f}")
    print(f"bare tesseract: {bare_cpu:.2f} s CPU, {bare_wall:.2f} s wall; pipeline extract: "
          f"{pipeline_wall:.2f} s wall, ratio {pipeline_wall / max(bare_wall, 1e-9):.2f}x wall")


if __name__ == "__main__":
    main()
