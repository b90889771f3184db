"""Word error rate of the OCR stage's raw text against bare Tesseract, per page kind, in one run.

Usage: python bench/ocr_wer.py [--kinds dev,tapuscorpus,external] [--sample N] [--seed S] [--steps]
       [--bare-cache DIR] [--keep DIR] [--only NAME,NAME]

Page kinds: the dev scans (../shared/corpus/dev, their truth), the Tapuscorpus typewritten pages
(../shared/corpus/realworld/tapuscorpus, ``--sample N`` pages per collection as
../shared/tools/realworld.py samples them; all 112 without it) and the rotated pages of
../shared/corpus/external (cardinal.pdf: the same page at 0/90/180/270°, scored against bare
Tesseract's reading of its upright page; rotated_skew.pdf and skew.pdf: rotation found).
For each page: WER of bare ``tesseract FILE - -l fra`` on the scanned file as given (a PDF's page:
on the image the pipeline OCRs), with
``--steps`` of bare Tesseract after each preprocessing alone (pipeline.ocr.diagnose), and of the
pipeline's ``raw_text``; then per kind the pooled WER (and per collection), the pages where
raw_text is worse than bare, the noisiest third (by bare WER) and the time ratio pipeline / bare
Tesseract (one page at a time, Tesseract with one thread in both). Scoring is ../shared/tools/wer.py's own.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import emit, extract, ocr  # noqa: E402
from pipeline.model import Page  # noqa: E402
from pipeline.ocr.diagnose import Step, apply, diagnose  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
TAPUS = SHARED / "corpus" / "realworld" / "tapuscorpus"
EXTERNAL = SHARED / "corpus" / "external"
DEV_SCANS = ["f01-methodologie-masterclass.png", "f02-capitalisation-diagnostic-marchant.tif",
             "f03-compte-rendu-conseil-citoyen-lens.jpg"]
IMAGES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}


def load_wer_tool():
    spec = importlib.util.spec_from_file_location("wer_tool", SHARED / "tools" / "wer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


W = load_wer_tool()


@dataclass
class Result:
    name: str
    words: int
    errors: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    note: str = ""
    group: str = ""
    """The page's collection (its folder), for the table per collection."""


BARE_CACHE: Path | None = None
"""``--bare-cache``: a folder keeping bare Tesseract's readings (text and seconds) by the image's
bytes, so that runs comparing two versions of the pipeline on a shared machine read each page bare once.
A reading taken from it was timed in another run, under another load: no time ratio is printed then."""
KEEP: Path | None = None
"""``--keep``: a folder where each page's bare text and raw_text are written (``NAME.bare.txt``,
``NAME.raw.txt``), to compare them with the truth page by page."""
REPLAYED: list[str] = []
"""Pages whose bare reading came from ``--bare-cache``."""


def bare(image: Image.Image, folder: Path) -> tuple[str, float]:
    """``tesseract IMG - -l fra`` on ``image`` (saved as PNG with its DPI), one thread; text and seconds.
    For a page rendered from a PDF, or an image preprocessed (``--steps``): a scanned file is read
    as it is by :func:`bare_file`."""
    path = folder / "page.png"
    image.save(path, dpi=image.info.get("dpi", (300, 300)))
    return _tesseract(path)


def bare_file(path: Path) -> tuple[str, float]:
    """The literal ``tesseract FILE - -l fra`` on a scanned image file as it was given (its own
    format, DPI and pages: what a user comparing with bare Tesseract runs), one thread."""
    return _tesseract(path)


def bare_pages(path: Path, images: list[Image.Image], folder: Path) -> list[tuple[str, float]]:
    """Bare Tesseract's text and seconds for each page of ``path``: an image file read as it is
    (a multi-page TIFF's pages split at Tesseract's form feeds, the seconds shared out), a PDF's
    pages as rendered for the pipeline."""
    if path.suffix.lower() not in IMAGES:
        return [bare(image, folder) for image in images]
    text, seconds = bare_file(path)
    pages = text.split("\f")
    if len(images) == 1 or len(pages) < len(images):
        pages = [text] + [""] * (len(images) - 1)
    else:
        pages = pages[: len(images) - 1] + ["\f".join(pages[len(images) - 1:])]
    return [(page, seconds / len(images)) for page in pages]


def _tesseract(path: Path) -> tuple[str, float]:
    """Tesseract's text of ``path`` and its seconds, kept in ``--bare-cache`` by the file's bytes
    (written atomically: another run may share the folder)."""
    kept = BARE_CACHE / hashlib.sha1(path.read_bytes()).hexdigest() if BARE_CACHE else None
    if kept and kept.exists():
        seconds, _, text = kept.read_text(encoding="utf-8").partition("\n")
        REPLAYED.append(kept.name)
        return text, float(seconds)
    start = time.perf_counter()
    out = subprocess.run(["tesseract", str(path), "-", "-l", "fra"], capture_output=True, text=True,
                         env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True).stdout
    seconds = time.perf_counter() - start
    if kept:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=kept.parent, prefix=".tmp-",
                                         delete=False) as tmp:
            tmp.write(f"{seconds}\n{out}")
        os.replace(tmp.name, kept)
    return out, seconds


def keep(name: str, texts: dict[str, str], page: Page | None = None) -> None:
    """Under ``--keep``: the texts, and the page's lines with each word's confidence and box
    (``NAME.lines.json``), to try rules on lines against the truth without reading again."""
    if not KEEP:
        return
    stem = name.replace(":", "-")
    for kind, text in texts.items():
        (KEEP / f"{stem}.{kind}.txt").write_text(text, encoding="utf-8")
    if page is not None:
        lines = [{"block": line.block, "box": line.box and list(line.box),
                  "words": [[w.original, w.confidence, w.box and list(w.box)] for w in line.words]}
                 for line in page.lines]
        (KEEP / f"{stem}.lines.json").write_text(json.dumps(
            {"width": page.width, "height": page.height, "diagnosis": page.diagnosis, "lines": lines}),
            encoding="utf-8")


def score(text: str, truth: str) -> int:
    return W.edit_distance(W.words(text), W.words(truth))


def run_document(path: Path, truths: list[str] | None, steps: bool, folder: Path) -> list[Result]:
    """One result per page of ``path`` (``truths``: one per page, or None to score against bare
    Tesseract's reading of the first page)."""
    images = list(extract.ocr_images(path, Settings()))
    start = time.perf_counter()
    doc = extract.extract(path, Settings())
    pipeline_seconds = time.perf_counter() - start
    results = []
    reference = None
    readings = bare_pages(path, images, folder)
    for number, (image, page, (text, seconds)) in enumerate(zip(images, doc.pages, readings, strict=True),
                                                             start=1):
        reference = reference or text
        truth = truths[number - 1] if truths else reference
        result = Result(f"{path.name}:{number}", len(W.words(truth)), note=f"rotation {page.rotation}",
                        group=path.parent.name)
        result.errors["bare"], result.seconds["bare"] = score(text, truth), seconds
        raw = "\n".join(line.original for line in page.lines)
        result.errors["raw_text"] = score(raw, truth)
        keep(result.name, {"bare": text, "raw": raw}, page)
        result.seconds["raw_text"] = pipeline_seconds / len(images)
        if steps:
            grey = image.convert("L")
            diagnosis = diagnose(grey)
            for step in Step:
                scale = max(1.0, diagnosis.scale) if step is Step.ENLARGE else 1.0
                result.errors[str(step)] = score(bare(apply(grey, [step], scale), folder)[0], truth)
            if diagnosis.x_height and diagnosis.scale == 1.0:
                result.errors.pop(str(Step.ENLARGE))  # nothing to enlarge: same as bare
        results.append(result)
    return results


def tapus_pages(sample: int, seed: int, only: list[str] | None = None) -> list[tuple[Path, Path]]:
    """The Tapuscorpus pages, ``sample`` a collection drawn as ../shared/tools/realworld.py draws them;
    ``only``: those whose file name holds one of these strings."""
    groups: dict[str, list[Path]] = defaultdict(list)
    for image in sorted(p for p in TAPUS.rglob("*") if p.suffix.lower() in IMAGES):
        groups[image.parent.name].append(image)
    out = []
    for group in sorted(groups):
        pages = groups[group]
        random.Random(f"{seed}:{group}").shuffle(pages)
        chosen = pages[:sample] if sample else pages
        out += [(p, p.with_name(p.name[: -len(p.suffix)] + ".gt.txt")) for p in chosen
                if not only or any(part in p.name for part in only)]
    return out


def report(kind: str, results: list[Result]) -> None:
    columns = list(dict.fromkeys(k for r in results for k in r.errors))
    print(f"\n== {kind}: {len(results)} pages")
    print(f"{'page':44} {'words':>5} " + " ".join(f"{c:>9}" for c in columns) + "  note")
    for r in results:
        print(f"{r.name[-44:]:44} {r.words:5} "
              + " ".join(f"{r.errors[c] / max(r.words, 1):9.3f}" if c in r.errors else " " * 9
                         for c in columns)
              + f"  {r.note}")
    words = sum(r.words for r in results)
    pooled = {c: sum(r.errors.get(c, r.errors["bare"]) for r in results) / max(words, 1) for c in columns}
    print(f"{'pooled':44} {words:5} " + " ".join(f"{pooled[c]:9.3f}" for c in columns))
    groups = sorted({r.group for r in results})
    for group in groups if len(groups) > 1 else []:
        members = [r for r in results if r.group == group]
        n = sum(r.words for r in members)
        print(f"{'  ' + group[:42]:44} {n:5} " + " ".join(
            f"{sum(r.errors.get(c, r.errors['bare']) for r in members) / max(n, 1):9.3f}" for c in columns))
    worse = [f"{r.name} {r.errors['bare']}->{r.errors['raw_text']}" for r in results
             if r.errors["raw_text"] > r.errors["bare"]]
    noisy = sorted(results, key=lambda r: -r.errors["bare"] / max(r.words, 1))[:max(1, len(results) // 3)]
    noisy_words = sum(r.words for r in noisy)
    ratio = pooled["raw_text"] / pooled["bare"] if pooled["bare"] else float("nan")
    noisy_ratio = (sum(r.errors["raw_text"] for r in noisy) / max(sum(r.errors["bare"] for r in noisy), 1))
    seconds = {c: sum(r.seconds.get(c, 0.0) for r in results) for c in ("bare", "raw_text")}
    print(f"raw_text / bare: pooled {ratio:.2f}x, noisiest third ({len(noisy)} pages, {noisy_words} words) "
          f"{noisy_ratio:.2f}x; worse than bare on {len(worse)} of {len(results)} pages {worse}")
    if REPLAYED:
        print(f"time: pipeline {seconds['raw_text']:.1f} s; no ratio: the bare readings replayed from "
              "--bare-cache were timed in another run")
        REPLAYED.clear()
        return
    print(f"time: bare {seconds['bare']:.1f} s, pipeline {seconds['raw_text']:.1f} s, "
          f"ratio {seconds['raw_text'] / max(seconds['bare'], 1e-9):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="dev,tapuscorpus,external")
    parser.add_argument("--sample", type=int, default=0, help="Tapuscorpus pages per collection (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", action="store_true", help="also bare Tesseract after each preprocessing")
    parser.add_argument("--bare-cache", type=Path, help="folder keeping bare readings")
    parser.add_argument("--keep", type=Path, help="folder for each page's texts")
    parser.add_argument("--only", help="Tapuscorpus pages whose file name holds one of these comma-separated "
                        "strings (to iterate on a few pages)")
    args = parser.parse_args()
    global BARE_CACHE, KEEP
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        KEEP = args.keep
    if args.bare_cache:
        args.bare_cache.mkdir(parents=True, exist_ok=True)
        BARE_CACHE = args.bare_cache
    ocr.check_language("fra")
    kinds = args.kinds.split(",")
    with tempfile.TemporaryDirectory(prefix="ocr-wer-") as tmp:
        folder = Path(tmp)
        if "dev" in kinds:
            results = []
            for name in DEV_SCANS:
                truth = (DEV / f"{name.rsplit('.', 1)[0]}.truth.txt").read_text(encoding="utf-8")
                # the truth covers the whole document: its pages are scored joined
                texts, seconds, note = _texts(DEV / name, args.steps, folder)
                errors = {k: score(v, truth) for k, v in texts.items()}
                keep(name, {"bare": texts["bare"], "raw": texts["raw_text"]})
                results.append(Result(name, len(W.words(truth)), errors, seconds, note))
            report("dev scans", results)
        if "tapuscorpus" in kinds:
            results = []
            only = args.only.split(",") if args.only else None
            for image, truth in tapus_pages(args.sample, args.seed, only):
                results += run_document(image, [truth.read_text(encoding="utf-8")], args.steps, folder)
            drawn = f"{args.sample} a collection, seed {args.seed}" if args.sample else "all"
            report(f"Tapuscorpus ({drawn})", results)
        if "external" in kinds:
            results = []
            for name in ("cardinal.pdf", "rotated_skew.pdf", "skew.pdf"):
                results += run_document(EXTERNAL / name, None, False, folder)
            report("corpus/external rotated and skewed PDFs (against bare Tesseract on the first page)",
                   results)


def _texts(path: Path, steps: bool, folder: Path) -> tuple[dict[str, str], dict[str, float], str]:
    """The whole document's text (bare Tesseract page by page, each preprocessing, raw_text), the
    seconds of bare Tesseract and of the pipeline, and the pages' rotations."""
    images = list(extract.ocr_images(path, Settings()))
    readings = bare_pages(path, images, folder)
    texts = {"bare": "\n".join(text for text, _ in readings)}
    if steps:
        for step in Step:
            texts[str(step)] = "\n".join(
                bare(apply(im.convert("L"), [step], max(1.0, diagnose(im.convert("L")).scale)
                           if step is Step.ENLARGE else 1.0), folder)[0] for im in images)
    start = time.perf_counter()
    doc = extract.extract(path, Settings())
    seconds = {"bare": sum(s for _, s in readings), "raw_text": time.perf_counter() - start}
    texts["raw_text"] = emit.raw_text(doc)
    return texts, seconds, "rotation " + ",".join(str(p.rotation) for p in doc.pages)


if __name__ == "__main__":
    main()
