"""What finding the orientation costs on pages that are upright, in one run.

Usage: python bench/orientation_cost.py [--sample N] [--seed S] [--rounds R]

Pages, all upright: the dev scans (../shared/corpus/dev), ``--sample`` Tapuscorpus pages per
collection (drawn as bench/ocr_wer.py draws them) and ../shared/corpus/external's upright scans
(francais.pdf, c02-22.pdf, a hard 150-dpi book page). Each document is extracted with the
orientation check (the default) and with ``rotate_pages=False`` (``--no-rotate-pages``: every page
trusted upright), the two alternating within each round so that the machine's load falls on both
alike, after one untimed extraction each way (the dictionaries load once a process, whichever runs
first). Printed: the seconds of each, wall and CPU (this process's threads and its Tesseract
processes: steadier on a shared machine), their ratios (target: under 1.05, issue 13), and with
several rounds the ratios of each document's fastest round (a load spike on one run then weighs on
neither side), the pages whose
reading differs between the two (a page turned wrongly would differ) and the pages found turned.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr_wer import DEV, DEV_SCANS, EXTERNAL, tapus_pages  # noqa: E402

from pipeline import extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

UPRIGHT_EXTERNAL = ["francais.pdf", "c02-22.pdf"]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(path: Path, settings: Settings) -> tuple[dict[str, float], list[str], list[int]]:
    """Seconds to extract ``path`` (wall; CPU of this process's threads and of its children, the
    Tesseract processes, reaped within), each page's raw text and each page's rotation."""
    start, own, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    doc = extract.extract(path, settings)
    spent = {"wall": time.perf_counter() - start, "Tesseract CPU": _cpu(resource.RUSAGE_CHILDREN) - children}
    spent["CPU"] = spent["Tesseract CPU"] + _cpu(resource.RUSAGE_SELF) - own
    texts = ["\n".join(line.original for line in page.lines) for page in doc.pages]
    return spent, texts, [page.rotation for page in doc.pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1, help="Tapuscorpus pages per collection")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    documents = ([DEV / name for name in DEV_SCANS]
                 + [image for image, _ in tapus_pages(args.sample, args.seed)]
                 + [EXTERNAL / name for name in UPRIGHT_EXTERNAL])
    settings = {"checked": Settings(), "trusted upright": Settings(rotate_pages=False)}
    for setting in settings.values():  # the dictionaries and letter trigrams load once, untimed
        extract.extract(documents[0], setting)
    kinds = ("wall", "CPU", "Tesseract CPU")
    total = {(name, what): 0.0 for name in settings for what in kinds}
    best: dict[tuple[str, str, int], float] = {}  # (setting, kind of seconds, document): fastest round
    differ, turned, pages = [], [], 0
    print(f"{'document':60} {'checked':>8} {'trusted':>8} {'CPU chk':>8} {'CPU tr':>8}  note")
    for round_ in range(args.rounds):
        for index, path in enumerate(documents):
            order = list(settings) if (index + round_) % 2 == 0 else list(reversed(settings))
            results = {name: timed(path, settings[name]) for name in order}
            for name, (spent, _, _) in results.items():
                for what in kinds:
                    total[name, what] += spent[what]
                    best[name, what, index] = min(spent[what], best.get((name, what, index), spent[what]))
            texts, rotations = results["checked"][1], results["checked"][2]
            notes = []
            if round_ == 0:
                pages += len(texts)
                trusted = results["trusted upright"][1]
                changed = [n for n, (a, b) in enumerate(zip(texts, trusted, strict=True), 1) if a != b]
                differ += [f"{path.name}:{n}" for n in changed]
                turned += [f"{path.name}:{n}" for n, r in enumerate(rotations, 1) if r]
                notes = [f"pages read differently: {changed}"] if changed else []
            print(f"{path.name[-60:]:60} {results['checked'][0]['wall']:8.1f} "
                  f"{results['trusted upright'][0]['wall']:8.1f} {results['checked'][0]['CPU']:8.1f} "
                  f"{results['trusted upright'][0]['CPU']:8.1f}  " + "; ".join(notes))
    print(f"\n{len(documents)} documents, {pages} upright pages, {args.rounds} round(s); seconds with the "
          "orientation check / trusted upright = ratio (target < 1.05)")
    for what in kinds:
        line = (f"{what:14} all rounds {total['checked', what]:6.1f} / {total['trusted upright', what]:6.1f}"
                f" = {total['checked', what] / max(total['trusted upright', what], 1e-9):.3f}")
        if args.rounds > 1:
            fastest = {name: sum(v for (n, w, _), v in best.items() if n == name and w == what)
                       for name in settings}
            line += (f"; each document's fastest round {fastest['checked']:6.1f} / "
                     f"{fastest['trusted upright']:6.1f} = "
                     f"{fastest['checked'] / max(fastest['trusted upright'], 1e-9):.3f}")
        print(line)
    print(f"pages turned by the check: {turned or 'none'}; pages read differently: {differ or 'none'}")


if __name__ == "__main__":
    main()
