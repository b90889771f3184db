"""CPU seconds Tesseract spends reading the dev scans' URL lines again, by the way each strip is read.

    .venv/bin/python bench/url_reread_cost.py [--rounds N]

The URL lines :mod:`pipeline.ocr.urlread` reads again are cut out while the dev scans are extracted
(``../shared/corpus/dev``: f01 .png, f02 .tif and .pdf, f03 .jpg), then read, page by page as the
pipeline does (one Tesseract process a page), as grey strips and black on white, the two ways taking
turns for ``--rounds`` rounds: both share the same minutes of a busy machine. The time is the
processes' own CPU time (user + system), which other work on the machine changes less than the
wall time.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import extract  # noqa: E402
from pipeline.ocr import urlread  # noqa: E402
from pipeline.ocr.tesseract import LineReader  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
SCANS = ("f01-methodologie-masterclass.png", "f02-capitalisation-diagnostic-marchant.tif",
         "f02-capitalisation-diagnostic-marchant.pdf", "f03-compte-rendu-conseil-citoyen-lens.jpg")


def strips_read_again(settings: Settings) -> list[tuple[list[urlread.Strip], int]]:
    """Each read of URL lines during the dev scans' extraction: its strips and the page's DPI."""
    reads: list[tuple[list[urlread.Strip], int]] = []
    original = urlread._read

    def recorded(reader: LineReader, strips: list[urlread.Strip], dpi: int) -> list:
        reads.append((strips, dpi))
        return original(reader, strips, dpi)

    urlread._read = recorded
    try:
        for name in SCANS:
            extract.extract(DEV / name, settings)
    finally:
        urlread._read = original
    return reads


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    settings = Settings()
    reads = strips_read_again(settings)
    ways = {"grey": lambda strip: strip.image,
            "black on white": lambda strip: urlread.black_on_white(strip.image)}
    seconds = dict.fromkeys(ways, 0.0)
    for _ in range(args.rounds):
        for name, image in ways.items():
            start = children_cpu()
            for strips, dpi in reads:
                reader = LineReader(settings, language=urlread.URL_LANGUAGE)
                try:
                    reader.read([image(s) for s in strips], round(dpi * max(s.scale for s in strips)))
                finally:
                    reader.close()
            seconds[name] += children_cpu() - start
    lines = sum(len(strips) for strips, _ in reads)
    print(f"{lines} URL lines in {len(reads)} reads, Tesseract CPU seconds a round:")
    for name, total in seconds.items():
        print(f"  {name:15} {total / args.rounds:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
