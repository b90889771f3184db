"""The OCR cache: a rerun after one new user word, and after a scan moved, against the first run.

Runs the real ``fiches run`` over copies of the dev scans (``f01`` PNG, ``f02`` TIFF, ``f03`` JPEG;
``--pdf`` adds the dev PDFs) in a temporary folder, all in the same session:

1. first run (empty output folder), with a user word list;
2. one word appended to the list, run again: every document is reprocessed, no page is read;
3. a ``--force-ocr`` run of the same scans with the same words into a fresh folder: its outputs must
   equal those of run 2 (apart from the processing time);
4. one scan moved into a sub-folder, run again: no page read, no orphan, one output per id.

Tesseract calls are counted through a wrapper first on PATH that logs them and runs the real one.
Targets (issue 15): rerun ≥ 10× faster than the first run; moved scan: no page read, no orphan.
Wall and CPU seconds are printed: on a machine others load, the wall time of the first run (several
Tesseract processes) and of a rerun (mostly one process at a time) do not stretch alike, their CPU
time much less so. The CPU counts the run's every process (this one adopts the forkserver and its
workers when they outlive the run: Linux's child subreaper).

    .venv/bin/python bench/ocr_cache.py [--pdf] [--jobs N]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"


PR_SET_CHILD_SUBREAPER = 36


def adopt_descendants() -> bool:
    """Make this process the reaper of every process its children leave behind (Linux), so that the
    CPU time of a run's forkserver, workers and Tesseract processes reaches ``RUSAGE_CHILDREN``."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str | Path], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``fiches run``, its workers and Tesseract included (when this
    process could adopt them: see :func:`adopt_descendants`). The wall time depends on what else the
    machine runs much more than the CPU time: compare runs made at the same load."""
    cpu, started = cpu_of_children(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "-q", "run", *map(str, args)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"fiches run failed ({done.returncode}): {done.stderr}")
    with contextlib.suppress(ChildProcessError):
        while True:  # the forkserver left behind ends when it sees its run gone
            os.waitpid(-1, 0)
    return wall, cpu_of_children() - cpu


def readings(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text(encoding="utf-8").splitlines()
               if "--version" not in line and "--list-langs" not in line)


def outputs(out: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(out.rglob("*.json")):
        if not path.name.startswith("."):
            document = json.loads(path.read_text(encoding="utf-8"))
            document["pipeline"].pop("processed_at", None)
            found[document["source"]["sha256"]] = document
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", action="store_true", help="add the dev PDFs to the scans")
    parser.add_argument("--jobs", type=int, default=0, help="documents in parallel (default: cores)")
    args = parser.parse_args()
    adopted = adopt_descendants()
    kinds = ("*.png", "*.tif", "*.jpg", *(("*.pdf",) if args.pdf else ()))
    files = sorted(p for kind in kinds for p in DEV.glob(kind))
    with tempfile.TemporaryDirectory(prefix="fiches-cache-bench-") as tmp:
        folder = Path(tmp)
        real = shutil.which("tesseract")
        if real is None:
            raise SystemExit("tesseract is not installed")
        (folder / "bin").mkdir()
        log = folder / "calls.log"
        wrapper = folder / "bin" / "tesseract"
        wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
        env = {**os.environ, "PATH": f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}"}
        inputs = folder / "scans"
        inputs.mkdir()
        for file in files:
            shutil.copy2(file, inputs / file.name)
        words = folder / "mots.txt"
        words.write_text("Wattignies\n", encoding="utf-8")
        out = folder / "out"
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        common = [inputs, "--out", out, "--user-words", words, *jobs]

        first = run(common, env)
        read_first = readings(log)
        with words.open("a", encoding="utf-8") as handle:
            handle.write("Haddad\n")
        rerun = run(common, env)
        read_rerun = readings(log) - read_first
        cached = outputs(out)

        forced = run([inputs, "--out", folder / "forced", "--user-words", words, "--force-ocr", *jobs], env)
        forced_outputs = outputs(folder / "forced")
        same = forced_outputs == cached
        differing = sorted({key for sha, document in cached.items() for key in document
                            if forced_outputs.get(sha, {}).get(key) != document[key]})

        (inputs / "moved").mkdir()
        moved_file = files[0].name
        (inputs / moved_file).rename(inputs / "moved" / moved_file)
        before_move = readings(log)
        moved = run(common, env)
        read_moved = readings(log) - before_move
        report = json.loads((out / ".fiches-run-report.json").read_text(encoding="utf-8"))
        ids = [d["id"] for d in outputs(out).values()]

    print(f"{len(files)} dev scans ({', '.join(f.name for f in files)})")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall seconds)")
    cpu = "CPU" if adopted else "CPU of the run's own process only"
    duplicates = len(ids) - len(set(ids))
    print(f"first run:                     {first[0]:7.2f} s ({first[1]:6.2f} s {cpu}), "
          f"{read_first} readings")
    print(f"one user word added, rerun:    {rerun[0]:7.2f} s ({rerun[1]:6.2f} s {cpu}), "
          f"{read_rerun} readings; first/rerun {first[0] / rerun[0]:4.1f}x wall, "
          f"{first[1] / rerun[1]:4.1f}x CPU (target >= 10x)")
    print(f"--force-ocr run, fresh folder: {forced[0]:7.2f} s; outputs equal to the rerun's: {same}"
          + (f" (differ in: {', '.join(differing)})" if differing else ""))
    print(f"one scan moved, rerun:         {moved[0]:7.2f} s ({moved[1]:6.2f} s {cpu}), "
          f"{read_moved} readings; first/moved {first[0] / moved[0]:4.1f}x wall, "
          f"{first[1] / moved[1]:4.1f}x CPU; orphans {len(report['orphans'])}, "
          f"moved {len(report['moved'])}, duplicate ids {duplicates}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
