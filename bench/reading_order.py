"""Reading order on real typewritten pages: fiches against bare Tesseract, page by page.

    .venv/bin/python bench/reading_order.py [--sample N] [--seed S] [--dev]

For the pages of ``../shared/corpus/realworld/tapuscorpus/`` (N a collection, default all): WER
against the transcription (``../shared/tools/wer.py``) of bare ``tesseract IMG - -l fra``, of fiches'
``raw_text`` and of its ``text``, and how many words of ``raw_text`` reach neither ``text`` nor the
corrections (``lost``: must be 0). Pooled WER is over all words of all pages. ``--dev`` reads the
development scans of ``../shared/corpus/dev/`` (each ``*.truth.txt``) instead.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(SHARED / "tools"))

import wer  # noqa: E402

from pipeline import correct, emit, extract, lexicon, structure  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

IMAGES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def pages(sample: int, seed: str) -> list[tuple[Path, Path]]:
    groups: dict[str, list[tuple[Path, Path]]] = defaultdict(list)
    root = SHARED / "corpus" / "realworld" / "tapuscorpus"
    for image in sorted(p for p in root.rglob("*") if p.suffix.lower() in IMAGES):
        truth = image.with_name(image.name[: -len(image.suffix)] + ".gt.txt")
        groups[image.parent.name].append((image, truth))
    out = []
    for name in sorted(groups):
        items = groups[name]
        random.Random(f"{seed}:{name}").shuffle(items)
        out += items[:sample] if sample else items
    return out


def _bare(path: Path, settings: Settings) -> str:
    """``tesseract IMG - -l fra``; a PDF's pages as OCR is fed them (rendered at 300 DPI)."""
    if path.suffix.lower() != ".pdf":
        return subprocess.run(["tesseract", str(path), "-", "-l", "fra"], capture_output=True, text=True,
                              check=True).stdout
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, image in enumerate(extract.ocr_images(path, settings)):
            png = Path(tmp) / f"{n}.png"
            image.save(png, dpi=image.info.get("dpi", (300, 300)))
            out.append(subprocess.run(["tesseract", str(png), "-", "-l", "fra"], capture_output=True,
                                      text=True, check=True).stdout)
    return "\f".join(out)


def dev_pages() -> list[tuple[Path, Path]]:
    root = SHARED / "corpus" / "dev"
    return [(scan, truth) for truth in sorted(root.glob("*.truth.txt"))
            for scan in sorted(root.glob(truth.name.replace(".truth.txt", ".*")))
            if scan.suffix.lower() in IMAGES | {".pdf"}]


def main(argv: list[str]) -> None:
    sample = int(argv[argv.index("--sample") + 1]) if "--sample" in argv else 0
    seed = argv[argv.index("--seed") + 1] if "--seed" in argv else "0"
    settings = Settings()
    totals = defaultdict(int)
    worse = 0
    print(f"{'page':60} {'words':>5} {'bare':>6} {'raw':>6} {'text':>6} {'lost':>4}")
    for image, truth_path in dev_pages() if "--dev" in argv else pages(sample, seed):
        truth = truth_path.read_text(encoding="utf-8")
        bare = _bare(image, settings)
        doc = correct.correct(extract.extract(image, settings), lexicon.load(settings.dictionaries))
        doc = structure.segment(doc, settings)
        out = emit.to_dict(doc, "bench")
        placed = {id(span.word) for block in doc.blocks for span in block.spans if span.end > span.start}
        lost = sum(1 for w in doc.words if id(w) not in placed and w.fix is None)
        reference = wer.words(truth)
        errors = {name: wer.edit_distance(wer.words(text), reference)
                  for name, text in (("bare", bare), ("raw", out["raw_text"]), ("text", out["text"]))}
        n = max(1, len(reference))
        totals["words"] += len(reference)
        totals["lost"] += lost
        for name, count in errors.items():
            totals[name] += count
        worse += errors["raw"] > errors["bare"]
        label = f"{image.parent.name[:30]}/{image.name}"[-60:]
        print(f"{label:60} {len(reference):5} {errors['bare'] / n:6.1%} {errors['raw'] / n:6.1%} "
              f"{errors['text'] / n:6.1%} {lost:4}")
    n = max(1, totals["words"])
    print(f"\npooled over {totals['words']} words: bare {totals['bare'] / n:.1%}  "
          f"raw_text {totals['raw'] / n:.1%}  text {totals['text'] / n:.1%}  "
          f"pages where raw_text is worse than bare: {worse}  "
          f"words lost: {totals['lost']}")


if __name__ == "__main__":
    main(sys.argv[1:])
