"""What finding the orientation costs on pages that are upright, in one run.

Usage: python bench/orientation_cost.py [--sample N] [--seed S] [--rounds R]

Pages, all upright: the dev scans (../shared/corpus/dev), ``--sample`` Tapuscorpus pages per
collection (drawn as bench/ocr_wer.py draws them) and ../shared/corpus/external's upright scans
(francais.pdf, c02-22.pdf, a hard 150-dpi book page). Each document is extracted with the
orientation check (the default) and with ``rotate_pages=False`` (``--no-rotate-pages``: every page
trusted upright), the two alternating within each round so that the machine's load falls on both
alike. Printed: the seconds of each, their ratio (target: under 1.05, issue 13), the pages whose
reading differs between the two (a page turned wrongly would differ) and the pages found turned.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr_wer import DEV, DEV_SCANS, EXTERNAL, tapus_pages  # noqa: E402

from pipeline import extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

UPRIGHT_EXTERNAL = ["francais.pdf", "c02-22.pdf"]


def timed(path: Path, settings: Settings) -> tuple[float, list[str], list[int]]:
    """Seconds to extract ``path``, each page's raw text and each page's rotation."""
    start = time.perf_counter()
    doc = extract.extract(path, settings)
    seconds = time.perf_counter() - start
    texts = ["\n".join(line.original for line in page.lines) for page in doc.pages]
    return seconds, texts, [page.rotation for page in doc.pages]


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
    seconds = dict.fromkeys(settings, 0.0)
    differ, turned, pages = [], [], 0
    print(f"{'document':60} {'checked':>8} {'trusted':>8}  note")
    for round_ in range(args.rounds):
        for index, path in enumerate(documents):
            order = list(settings) if (index + round_) % 2 == 0 else list(reversed(settings))
            results = {name: timed(path, settings[name]) for name in order}
            for name, (spent, _, _) in results.items():
                seconds[name] += spent
            texts, rotations = results["checked"][1], results["checked"][2]
            notes = []
            if round_ == 0:
                pages += len(texts)
                trusted = results["trusted upright"][1]
                changed = [n for n, (a, b) in enumerate(zip(texts, trusted, strict=True), 1) if a != b]
                differ += [f"{path.name}:{n}" for n in changed]
                turned += [f"{path.name}:{n}" for n, r in enumerate(rotations, 1) if r]
                notes = [f"pages read differently: {changed}"] if changed else []
            print(f"{path.name[-60:]:60} {results['checked'][0]:8.1f} {results['trusted upright'][0]:8.1f}  "
                  + "; ".join(notes))
    ratio = seconds["checked"] / max(seconds["trusted upright"], 1e-9)
    print(f"\n{len(documents)} documents, {pages} upright pages, {args.rounds} round(s): "
          f"with the orientation check {seconds['checked']:.1f} s, trusted upright "
          f"{seconds['trusted upright']:.1f} s, ratio {ratio:.3f} (target < 1.05)")
    print(f"pages turned by the check: {turned or 'none'}; pages read differently: {differ or 'none'}")


if __name__ == "__main__":
    main()
