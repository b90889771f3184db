"""Structure quality on the dev corpus: precision and recall of headings, list items, URLs,
dates and places, against each ``*.truth.json``, running the whole pipeline on every scan.

    .venv/bin/python bench/structure_quality.py [corpus_dir] [--ocr-raw]

``--ocr-raw`` reads the corpus's raw Tesseract outputs (``ocr_raw/*.ocr.txt``) as
transcriptions instead of the scans: it measures segmentation alone, without our OCR.
Headings, items and the title match when their casefolded letters agree at 85 % or more
(rapidfuzz ratio: OCR leaves a few wrong letters); URLs, dates (day) and places must be exact.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.lexicon import entries
from pipeline.process import process_file
from pipeline.settings import Settings

SCANS = (".png", ".pdf", ".tif", ".tiff", ".jpg", ".jpeg")
FIELDS = ("headings", "items", "urls", "dates", "places", "communes")
"""``places`` counts every place found (departments, EPCIs too) against the truth's communes;
``communes`` only the places that are communes (``dictionaries/communes.txt``)."""


def _norm(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def matches(predicted: list[str], truth: list[str], fuzzy: bool) -> int:
    """How many predicted strings pair one-to-one with a truth string."""
    left = list(truth)
    hits = 0
    for item in predicted:
        for candidate in left:
            same = fuzz.ratio(_norm(item), _norm(candidate)) >= 85 if fuzzy else item == candidate
            if same:
                left.remove(candidate)
                hits += 1
                break
    return hits


def predictions(document: dict, communes: set[str] | None = None) -> dict[str, list[str]]:
    places = list(dict.fromkeys(p["name"] for p in document["places"]))
    return {
        "communes": [p for p in places if communes is None or p in communes],
        "headings": [b["text"] for b in document["blocks"] if b["kind"] == "heading"],
        "items": [b["text"] for b in document["blocks"] if b["kind"] == "item"],
        "urls": list(dict.fromkeys(u["url"] for u in document["urls"])),
        "dates": list(dict.fromkeys(d["date"][:10] for d in document["dates"])),
        "places": list(dict.fromkeys(p["name"] for p in document["places"])),
    }


def inputs(corpus: Path, ocr_raw: bool, tmp: Path) -> list[tuple[Path, Path]]:
    """(input file, truth file) pairs."""
    pairs = []
    for truth in sorted(corpus.glob("*.truth.json")):
        stem = truth.name.removesuffix(".truth.json")
        if ocr_raw:
            for raw in sorted((corpus / "ocr_raw").glob(f"{stem}.*.ocr.txt")):
                copy = tmp / raw.name.replace(".ocr.txt", ".txt")
                shutil.copy(raw, copy)
                pairs.append((copy, truth))
        else:
            pairs.extend((scan, truth) for scan in sorted(corpus.glob(f"{stem}.*")) if scan.suffix in SCANS)
    return pairs


def main(argv: list[str]) -> None:
    ocr_raw = "--ocr-raw" in argv
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    totals = {f: [0, 0, 0] for f in FIELDS}  # matched, predicted, truth
    title_hits = 0
    communes = set(entries((Settings().dictionaries / "communes.txt").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        pairs = inputs(corpus, ocr_raw, Path(tmp))
        print(
            f"{'file':48} {'title':5} "
            + " ".join(f"{f:>11}" for f in FIELDS)
            + "   (matched/predicted/truth)"
        )
        for path, truth_path in pairs:
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            truth["items"] = truth.get("bullets", [])
            truth["communes"] = truth["places"]
            start = time.perf_counter()
            document = process_file(path, Settings())
            seconds = time.perf_counter() - start
            got = predictions(document, communes)
            title = (
                bool(document["title"]) and fuzz.ratio(_norm(document["title"]), _norm(truth["title"])) >= 85
            )
            title_hits += title
            cells = []
            for f in FIELDS:
                hit = matches(got[f], truth[f], fuzzy=f in ("headings", "items"))
                for k, v in enumerate((hit, len(got[f]), len(truth[f]))):
                    totals[f][k] += v
                cells.append(f"{hit:>3}/{len(got[f]):>3}/{len(truth[f]):>3}")
            print(f"{path.name:48} {'yes' if title else 'no':5} " + " ".join(cells) + f"   {seconds:.1f}s")
    print(f"\ntitle: {title_hits}/{len(pairs)}")
    print(f"{'':10} {'precision':>9} {'recall':>7}")
    for f in FIELDS:
        hit, predicted, truth_count = totals[f]
        precision = hit / predicted if predicted else 1.0
        recall = hit / truth_count if truth_count else 1.0
        print(f"{f:10} {precision:9.1%} {recall:7.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
