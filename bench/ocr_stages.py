"""Where the OCR stage adds or removes errors against bare Tesseract: each stage of a page's reading
scored against the truth.

Usage: python bench/ocr_stages.py [--kinds dev,tapuscorpus] [--sample N] [--seeds 7,11,13]
       [--bare-cache DIR] [--pages all|worse] [--only NAME,NAME]

For each page (the dev scans and the Tapuscorpus pages ``bench/ocr_wer.py`` draws, every seed's draw
pooled), the text after each stage of :func:`pipeline.ocr.start_page`:

- ``bare``: ``tesseract FILE - -l fra`` on the scanned file as given (a PDF's page: as rendered);
- ``as-scanned``: the same Tesseract (TSV, one process) on the upright page before it is
  straightened (read here only, for the comparison);
- ``first``: the first reading, of the page as straightened;
- ``second``: after the preprocessed second reading (taken whole or voted line by line);
- ``scan``: after the scan as given is voted on (pages whose image differs from it: colours mixed,
  a resolution stated that the file lacks, straightened);
- ``columns``: after the lines are put in column order;
- ``rereads``: after the headings and doubtful date/URL lines are read again;
- ``urls``: after URL lines are read again (``raw_text``).

Per stage, pooled over the pages: its word errors (edit distance to the truth); the errors it
added and removed against the stage before (the change of edit distance, summed over the pages
where it rose and where it fell); the truth's words it lost and won (right before, wrong after, or
the other way, each text aligned with the truth at least edit distance; words inserted that the
truth does not have count in the errors only). Words are ../shared/tools/wer.py's.
``--pages worse`` pools only the pages whose ``raw_text`` is worse than bare.
The stages are observed by wrapping the functions :mod:`pipeline.ocr.page` calls: nothing changes
in what is read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ocr_wer  # noqa: E402

from pipeline import emit, extract  # noqa: E402
from pipeline.model import Page  # noqa: E402
from pipeline.ocr import page as page_module  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

STAGES = ["bare", "as-scanned", "first", "second", "scan", "columns", "rereads", "urls"]
W = ocr_wer.W


def _text(page: Page) -> str:
    return "\n".join(line.original for line in page.lines)


@dataclass
class Record:
    """One page's text after each stage, and what was seen on the way."""

    upright: Image.Image
    """The page turned upright, before any straightening."""
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    alone: str | None = None
    """The second reading by itself."""


RECORDS: list[Record] = []


def _install() -> None:
    """Wrap the functions :func:`pipeline.ocr.page.start_page` calls so that each stage's text is kept."""
    original_doubtful = page_module._doubtful
    original_read_page = page_module._read_page
    original_choose = page_module.choose_reading
    original_scan = page_module.choose_scan
    original_columns = page_module.read_columns
    original_reread = page_module.start_reread
    original_urls = page_module.start_url_reread

    def read_page(prepared, *args, **kwargs):  # noqa: ANN001, ANN202
        # A page is prepared while the one before is read: its record starts when it is read.
        record = Record(upright=prepared.grey)
        RECORDS.append(record)
        record.notes.append(f"skew {prepared.skew:+.2f}")
        return original_read_page(prepared, *args, **kwargs)

    def doubtful(page):  # noqa: ANN001, ANN202
        RECORDS[-1].texts.setdefault("first", _text(page))
        return original_doubtful(page)

    def choose(page, second, lex):  # noqa: ANN001, ANN202
        RECORDS[-1].texts["first"] = _text(page)  # after a turn, the turned reading
        lines = page.lines
        RECORDS[-1].alone = _text(second)
        changed = original_choose(page, second, lex)
        taken = "taken whole" if page.lines is not lines else "voted"
        RECORDS[-1].notes.append(f"second reading {taken}, {changed} changed")
        RECORDS[-1].texts["second"] = _text(page)
        return changed

    def choose_scan(page, scanned, lex, *args):  # noqa: ANN001, ANN202
        record = RECORDS[-1]
        record.texts.setdefault("first", _text(page))
        record.texts.setdefault("second", _text(page))
        changed = original_scan(page, scanned, lex, *args)
        record.notes.append(f"scan as given: {changed} changed")
        record.texts["scan"] = _text(page)
        return changed

    def columns(page):  # noqa: ANN001, ANN202
        record = RECORDS[-1]
        record.texts.setdefault("first", _text(page))
        record.texts.setdefault("second", _text(page))
        record.texts.setdefault("scan", _text(page))
        found = original_columns(page)
        record.texts["columns"] = _text(page)
        if found:
            record.notes.append("columns")
        return found

    def wrapped(start, stage):  # noqa: ANN001, ANN202
        def starts(image, page, *args, **kwargs):  # noqa: ANN001, ANN202
            rereading = start(image, page, *args, **kwargs)
            record = RECORDS[-1]

            def finish(keep):  # noqa: ANN001, ANN202
                changed = rereading.finish(keep)
                record.texts[stage] = _text(page)  # the last of the stage's readings kept wins
                return changed
            return replace(rereading, finish=finish)
        return starts

    reread = wrapped(original_reread, "rereads")
    urls = wrapped(original_urls, "urls")

    page_module._doubtful = doubtful
    page_module._read_page = read_page
    page_module.choose_reading = choose
    page_module.choose_scan = choose_scan
    page_module.read_columns = columns
    page_module.start_reread = reread
    page_module.start_url_reread = urls


def _as_scanned(record: Record, dpi: int) -> str:
    return _text(page_module.read_words(record.upright, 1, dpi, Settings()))


@dataclass
class PageResult:
    name: str
    words: int
    texts: dict[str, str]
    notes: list[str]


def run(path: Path, truth: str, folder: Path) -> PageResult:
    images = list(extract.ocr_images(path, Settings()))
    start = len(RECORDS)
    doc = extract.extract(path, Settings())
    records = RECORDS[start:]
    texts: dict[str, list[str]] = {stage: [] for stage in STAGES}
    notes: list[str] = []
    bare = ocr_wer.bare_pages(path, images, folder)
    for page, record, (bare_text, _) in zip(doc.pages, records, bare, strict=True):
        texts["bare"].append(bare_text)
        texts["as-scanned"].append(_as_scanned(record, page.dpi or 300))
        final = _text(page)
        for stage in STAGES[2:]:
            texts[stage].append(record.texts.get(stage, final))
        assert texts["urls"][-1] == final, "the last stage is raw_text"
        notes += record.notes
        if record.alone is not None:
            alone = W.edit_distance(W.words(record.alone), W.words(truth))
            notes.append(f"second reading alone: {alone} errors")
        if page.diagnosis:
            notes.append("steps " + ("+".join(page.diagnosis["steps"]) or "none"))
    assert "\f".join(texts["urls"]) == emit.raw_text(doc)
    return PageResult(path.name, len(W.words(truth)), {k: "\n".join(v) for k, v in texts.items()}, notes)


def right_words(text: str, truth: list[str]) -> set[int]:
    """Indexes of the truth's words that ``text`` has right (aligned as equal)."""
    opcodes = Levenshtein.opcodes(W.words(text), truth)
    return {j for op in opcodes if op.tag == "equal" for j in range(op.dest_start, op.dest_end)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default="dev,tapuscorpus")
    parser.add_argument("--sample", type=int, default=2)
    parser.add_argument("--seeds", default="7,11,13")
    parser.add_argument("--bare-cache", type=Path)
    parser.add_argument("--pages", choices=["all", "worse"], default="all")
    parser.add_argument("--only", default="", help="comma-separated page file names (of those drawn)")
    args = parser.parse_args()
    if args.bare_cache:
        args.bare_cache.mkdir(parents=True, exist_ok=True)
        ocr_wer.BARE_CACHE = args.bare_cache
    _install()
    pages: list[tuple[Path, Path]] = []
    if "dev" in args.kinds.split(","):
        pages += [(ocr_wer.DEV / name, ocr_wer.DEV / f"{name.rsplit('.', 1)[0]}.truth.txt")
                  for name in ocr_wer.DEV_SCANS]
    if "tapuscorpus" in args.kinds.split(","):
        for seed in map(int, args.seeds.split(",")):
            pages += [p for p in ocr_wer.tapus_pages(args.sample, seed) if p not in pages]
    if args.only:
        pages = [p for p in pages if p[0].name in args.only.split(",")]
    totals = {stage: [0, 0, 0, 0, 0] for stage in STAGES}  # errors, added, removed, lost, won
    words = 0
    print(f"{'page':40} {'words':>5} " + " ".join(f"{s:>10}" for s in STAGES) + "  notes")
    with tempfile.TemporaryDirectory(prefix="ocr-stages-") as tmp:
        for image, truth_path in pages:
            truth_text = truth_path.read_text(encoding="utf-8")
            result = run(image, truth_text, Path(tmp))
            truth = W.words(truth_text)
            errors = {s: W.edit_distance(W.words(result.texts[s]), truth) for s in STAGES}
            print(f"{result.name[-40:]:40} {result.words:5} "
                  + " ".join(f"{errors[s]:10d}" for s in STAGES) + "  " + "; ".join(result.notes),
                  flush=True)
            if args.pages == "worse" and errors["urls"] <= errors["bare"]:
                continue
            words += result.words
            previous: tuple[int, set[int]] | None = None
            for stage in STAGES:
                right = right_words(result.texts[stage], truth)
                row = totals[stage]
                row[0] += errors[stage]
                if previous is not None:
                    change = errors[stage] - previous[0]
                    row[1], row[2] = row[1] + max(change, 0), row[2] + max(-change, 0)
                    row[3], row[4] = row[3] + len(previous[1] - right), row[4] + len(right - previous[1])
                previous = errors[stage], right
    print(f"\nPooled over {'pages worse than bare' if args.pages == 'worse' else 'all pages'} "
          f"({words} words); each stage against the one before (as-scanned against bare, first "
          "against as-scanned):")
    print(f"{'stage':12} {'errors':>7} {'added':>6} {'removed':>8} {'net':>5} {'lost':>5} {'won':>5}")
    for stage in STAGES:
        errors, added, removed, lost, won = totals[stage]
        print(f"{stage:12} {errors:7d} {added:6d} {removed:8d} {added - removed:+5d} {lost:5d} {won:5d}")


if __name__ == "__main__":
    main()
