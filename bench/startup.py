"""Start-up: wall time of short commands against ``python -c pass``, measured in the same run.

Targets: ``fiches doctor`` under 1 s, ``fiches show page.txt`` (a one-page transcription) under
1.5 s, on an idle machine. Each command runs ``--repeat`` times; the best time is kept (the
others measure the machine's other work). ``-X importtime`` of a command says where its time goes.

    .venv/bin/python bench/startup.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = """Compte rendu de la réunion du conseil citoyen

Le conseil citoyen de Roubaix s'est réuni le 5 mars 2019 à la maison du projet.
Docurnentation utile : http://www.ville.gouv.fr/IMG/pdf/cadre-de-reference-conseils-citoyens.pdf
"""


def best(command: list[str], repeat: int) -> tuple[float, float]:
    """The best wall time and the best CPU time (user + system, the command and its children) of
    ``repeat`` runs: on a loaded machine the wall time measures the others' work, the CPU time not."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page.txt"
        page.write_text(PAGE, encoding="utf-8")
        commands = {
            "python -c pass (baseline)": [python, "-c", "pass"],
            "fiches --version": [python, "-m", "pipeline.cli", "--version"],
            "fiches doctor": [python, "-m", "pipeline.cli", "doctor"],
            "fiches show page.txt": [python, "-m", "pipeline.cli", "show", str(page)],
        }
        targets = {"fiches doctor": 1.0, "fiches show page.txt": 1.5}
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'command':28} {'wall s':>7} {'x base':>7} {'cpu s':>6}  target (wall)")
        baseline = None
        for name, command in commands.items():
            seconds, cpu = best(command, args.repeat)
            baseline = baseline or seconds
            target = targets.get(name)
            verdict = "" if target is None else f"< {target} s: {'met' if seconds < target else 'NOT met'}"
            print(f"{name:28} {seconds:7.2f} {seconds / baseline:7.1f} {cpu:6.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
