"""Documents per minute of `fiches run --jobs 1`, `--jobs 2` and bare sequential Tesseract, in one run.

The same scanned pages (French text rendered at 300 DPI, one page per document) go to:
  * bare ``tesseract PAGE - -l fra`` one after the other, OMP_THREAD_LIMIT=1 (its fastest setting
    on two cores);
  * ``fiches run --jobs 1`` and ``fiches run --jobs 2`` (wall clock of the whole command,
    start-up included).
Then the peak memory of one 100-page image-only PDF through ``fiches run``: the sum of the
proportional set size (PSS) of the run's whole process tree (parent, forkserver, workers,
Tesseract), sampled every 50 ms, since workers forked by the forkserver escape RUSAGE_CHILDREN.

Start-up (imports, the spaCy model) is paid once per run whatever --jobs is; it is measured on
its own (a run over one short transcription) and the rates are also given without it.

Usage: .venv/bin/python bench/batch_speed.py [--pages 12] [--long-pages 100]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fixtures import build_image_pdf, render_text_image, save_image  # noqa: E402

FICHE = [
    "Fiche méthodologie n° {n} : animer un conseil citoyen",
    "",
    "Le conseil citoyen réunit des habitants tirés au sort et des acteurs locaux du quartier.",
    "Il participe à l'élaboration, au suivi et à l'évaluation du contrat de ville.",
    "La réunion du {n} mars 2023 s'est tenue à Lille, au centre social de Moulins.",
    "Objectifs de la séance :",
    "- présenter le diagnostic partagé du quartier prioritaire ;",
    "- recueillir les propositions des habitants sur le cadre de vie ;",
    "- préparer la prochaine rencontre avec les services de l'État.",
    "Les participants ont souligné l'importance de l'accompagnement des associations.",
    "Une restitution écrite sera diffusée à l'ensemble des membres avant la fin du mois.",
    "Pour en savoir plus : https://www.ressources-ville.fr/fiches/conseil-citoyen-{n}",
]


def page_text(number: int) -> str:
    lines = [line.format(n=number) for line in FICHE]
    return "\n".join(lines + lines[2:] + lines[2:10])


def render_pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [save_image(render_text_image(page_text(n)), folder / f"fiche-{n:02d}.png")
            for n in range(1, count + 1)]


def bare_tesseract(pages: list[Path]) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.monotonic()
    for page in pages:
        subprocess.run(["tesseract", str(page), "-", "-l", "fra"], env=env, check=True,
                       capture_output=True)
    return time.monotonic() - started


def fiches_run(inputs: Path, out: Path, jobs: int) -> float:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out),
                             "--jobs", str(jobs), "-q"], cwd=REPO, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"fiches run failed ({result.returncode}):\n{result.stderr}")
    return seconds


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss_kib(pid: int) -> int:
    """Proportional set size: pages shared by forked workers counted once across the tree."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory_mib(root: int) -> float:
    """Memory (PSS) of ``root`` and all its descendants, in MiB."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo += tree.get(pid, [])
    return total / 1024


def peak_memory(source: Path, out: Path, jobs: int) -> tuple[float, float, int]:
    """(peak MiB of the process tree, seconds, pages) of ``fiches run`` on one file."""
    started = time.monotonic()
    run = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(source), "--out", str(out),
                            "--jobs", str(jobs), "-q"], cwd=REPO, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while run.poll() is None:
        peak = max(peak, tree_memory_mib(run.pid))
        time.sleep(0.05)
    stderr = run.stderr.read() if run.stderr else ""
    if run.returncode != 0:
        raise SystemExit(f"fiches run failed ({run.returncode}):\n{stderr}")
    import json

    pages = len(json.loads((out / f"{source.stem}.json").read_text(encoding="utf-8"))["pages"])
    return peak, time.monotonic() - started, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=12, help="scanned pages (one per document)")
    parser.add_argument("--long-pages", type=int, default=100, help="pages of the long PDF (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="batch-speed-") as tmp:
        work = Path(tmp)
        pages = render_pages(work / "pages", args.pages)
        print(f"{len(pages)} scanned pages, 300 DPI, one per document; {os.cpu_count()} cores")
        bare = bare_tesseract(pages)
        note = work / "note"
        note.mkdir()
        (note / "note.txt").write_text(page_text(0), encoding="utf-8")
        startup = fiches_run(note, work / "out-note", jobs=1)
        one = fiches_run(work / "pages", work / "out-1", jobs=1)
        two = fiches_run(work / "pages", work / "out-2", jobs=2)
        n = len(pages)
        print(f"start-up (fiches run on one short transcription: imports, spaCy model): {startup:.1f} s")
        print(f"{'':<48} {'wall':>8}  {'docs/min':>8}  {'docs/min after start-up':>23}")
        print(f"{'bare tesseract (sequential, OMP_THREAD_LIMIT=1)':<48} {bare:7.1f}s  {n * 60 / bare:8.1f}")
        steady = {}
        for jobs, seconds in ((1, one), (2, two)):
            steady[jobs] = n * 60 / max(seconds - startup, 1e-6)
            label = f"fiches run --jobs {jobs}"
            print(f"{label:<48} {seconds:7.1f}s  {n * 60 / seconds:8.1f}  {steady[jobs]:23.1f}")
        print(f"ratio --jobs 2 / --jobs 1: {one / two:.2f}x wall clock, "
              f"{steady[2] / steady[1]:.2f}x after start-up (target >= 1.7x)")
        print(f"ratio --jobs 1 / bare tesseract: {bare / one:.2f}x wall clock, "
              f"{steady[1] / (n * 60 / bare):.2f}x after start-up")
        print(f"ratio --jobs 2 / bare tesseract: {bare / two:.2f}x wall clock, "
              f"{steady[2] / (n * 60 / bare):.2f}x after start-up")
        if args.long_pages:
            images = [render_text_image(page_text(n)) for n in range(1, len(pages) + 1)]
            long_pdf = build_image_pdf(work / "long.pdf",
                                       [images[i % len(images)] for i in range(args.long_pages)])
            peak, seconds, count = peak_memory(long_pdf, work / "out-long", jobs=2)
            print(f"{count}-page scanned PDF, --jobs 2: peak memory {peak:.0f} MiB "
                  "(PSS, whole process tree), "
                  f"{seconds:.0f} s, {count * 60 / seconds:.1f} pages/min (target < 1024 MiB)")


if __name__ == "__main__":
    main()
