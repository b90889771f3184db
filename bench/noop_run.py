"""A run with nothing to do: ``fiches run`` over 1,000 up-to-date transcriptions, against
``fiches --version`` (the command's own start-up), measured in the same run.

The cron job reruns the whole archive every night: a run whose documents have not changed must
cost about the time it takes to look at them (stat, the index), not to process them. Target: under
2 s of wall time on an idle machine. Each timing is the best of ``--repeat`` runs.

    .venv/bin/python bench/noop_run.py [--documents 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FICHES = Path(sys.executable).with_name("fiches")


def best_wall(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fiches-noop-bench-") as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        for i in range(args.documents):
            folder = inputs / f"lot-{i // 100}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"fiche-{i:04d}.txt").write_text(f"Fiche {i} du conseil citoyen.\n", encoding="utf-8")
        subprocess.run([FICHES, "run", "-q", inputs, "--out", out, "--no-correct"], check=True)
        base = best_wall([str(FICHES), "--version"], args.repeat)
        rerun = [str(FICHES), "run", "-q", str(inputs), "--out", str(out), "--no-correct"]
        noop = best_wall(rerun, args.repeat)
        report = json.loads((out / ".fiches-run-report.json").read_text(encoding="utf-8"))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"fiches --version:                    {base:6.2f} s")
    print(f"no-op run over {args.documents} documents:    {noop:6.2f} s  ({noop / base:.1f}x; "
          f"skipped {report['skipped']}, processed {report['processed']}; target < 2 s: "
          f"{'met' if noop < 2.0 else 'not met'})")


if __name__ == "__main__":
    main()
