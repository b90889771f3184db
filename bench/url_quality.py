"""URLs and dates on generated scans, by degradation level (see ``bench/url_scans.py``).

    .venv/bin/python bench/url_quality.py [--corpus DIR] [--seed N] [--fiches N] [--show]
                                          [--reuse-ocr] [--level NAME] [--causes]

Generates the corpus when DIR (default ``/tmp/fiches-url-scans-<seed>``) has none, runs the
whole pipeline on every scan and prints, per level: URLs exact (printed URL found whole and
exact), the URLs found that are not exact and how many of them are flagged (``doubtful`` or
confidence < 0.5), the share of exact URLs among those not ``doubtful`` (what an analyst who
filters gets), the exact URLs ``doubtful`` (what such filtering costs her), dates found exact,
dates found that are not in the truth, and signature dates labelled ``signature``.
``--reuse-ocr`` keeps each scan's extracted document (OCR and second pass, pickled next to it)
and only corrects and segments it again: for iterating on the rules
after extraction; a change to extraction needs a run without it. ``--show`` prints every miss,
``--causes`` the printed URLs by cause of their miss (not found, cut short, so many edits).
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402
from url_scans import LEVELS, generate  # noqa: E402

from pipeline import correct, emit, extract, lexicon, structure  # noqa: E402
from pipeline.process import process_file  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

FLAG_CONFIDENCE = 0.5
CAUSES = ("exact", "not found", "cut short", "1-2 edits", "3-5 edits", "6+ edits, host wrong", "6+ edits")
"""Why a printed URL is not exact: nothing found where it was printed, found up to a point, or found
with that many edits (Levenshtein)."""
PAIRED = 60
"""How like a printed URL a URL found must be (rapidfuzz's partial ratio) to be taken as its reading."""
CUT = 3
"""How many characters shorter than the printed URL a URL found that starts like it must be to count as cut
short (a lost extension's dot and letters)."""


def run(scan: Path, settings: Settings, reuse_ocr: bool) -> dict:
    if not reuse_ocr:
        return process_file(scan, settings)
    cached = scan.with_suffix(".extracted.pickle")
    if cached.exists():
        doc = pickle.loads(cached.read_bytes())
    else:
        doc = extract.extract(scan, settings)
        cached.write_bytes(pickle.dumps(doc))
    doc = structure.segment(correct.correct(doc, lexicon.load(settings.dictionaries)), settings)
    document = emit.to_dict(doc, lexicon.load(settings.dictionaries).version)
    emit.validate(document)
    return document


def flagged(url: dict) -> bool:
    return url.get("status") == "doubtful" or (url.get("confidence") or 0.0) < FLAG_CONFIDENCE


def causes(found: list[str], printed: list[str]) -> list[str]:
    """The cause of each printed URL's miss (:data:`CAUSES`): exact ones first, then each other printed
    URL paired with the URL found most like it (partial ratio and ratio), greedily over all pairs."""
    left, out, todo = list(found), [], []
    for url in printed:
        if url in left:
            left.remove(url)
            out.append("exact")
        else:
            todo.append(url)
    pairs = sorted(((fuzz.partial_ratio(g, t) + fuzz.ratio(g, t), i, j) for i, t in enumerate(todo)
                    for j, g in enumerate(left) if fuzz.partial_ratio(g, t) >= PAIRED), reverse=True)
    match: dict[int, str] = {}
    taken: set[int] = set()
    for _, i, j in pairs:
        if i not in match and j not in taken:
            match[i] = left[j]
            taken.add(j)
    for i, want in enumerate(todo):
        got = match.get(i)
        distance = Levenshtein.distance(got, want) if got is not None else 0
        if got is None:
            out.append("not found")
        elif len(got) < len(want) - CUT and \
                Levenshtein.distance(got, want[: len(got)]) <= max(2, len(got) // 10):
            out.append("cut short")
        elif distance <= 2:
            out.append("1-2 edits")
        elif distance <= 5:
            out.append("3-5 edits")
        else:
            out.append("6+ edits, host wrong" if _host(got) != _host(want) else "6+ edits")
    return out


def _host(url: str) -> str:
    return re.sub(r"^(?:https?://)?", "", url).split("/")[0]


def score(document: dict, truth: dict) -> dict[str, int | list[str]]:
    left = list(truth["urls"])
    row: dict[str, int | list[str]] = {"urls": len(truth["urls"]), "found": len(document["urls"])}
    exact = wrong_flagged = wrong_unflagged = kept = kept_exact = 0
    misses: list[str] = []
    for url in document["urls"]:
        hit = url["url"] in left
        if hit:
            left.remove(url["url"])
            exact += 1
        elif flagged(url):
            wrong_flagged += 1
        else:
            wrong_unflagged += 1
        if url.get("status") != "doubtful":
            kept += 1
            kept_exact += hit
        if not hit:
            misses.append(f"  got  {url['url']}  [{url.get('status')} {url.get('confidence')}]")
    misses += [f"  miss {u}" for u in left]
    dates = [d["date"][:10] for d in document["dates"]]
    wanted = list(truth["dates"])
    dates_exact = 0
    for date in dates:
        if date in wanted:
            wanted.remove(date)
            dates_exact += 1
    misses += [f"  date miss {d}" for d in wanted]
    misses += [f"  date extra {d['date']} {d['raw']!r}" for d in document["dates"] if d["date"][:10] not in
               truth["dates"]]
    signature = any(d["date"][:10] == truth["signature"] and d.get("label") == "signature"
                    for d in document["dates"])
    for cause in causes([u["url"] for u in document["urls"]], truth["urls"]):
        row[cause] = row.get(cause, 0) + 1  # type: ignore[operator]
    row.update(exact=exact, wrong_flagged=wrong_flagged, wrong_unflagged=wrong_unflagged, kept=kept,
               kept_exact=kept_exact, dates=len(truth["dates"]), dates_exact=dates_exact,
               dates_extra=len(dates) - dates_exact, signature=int(signature), misses=misses)
    return row


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fiches", type=int, default=None, help="fiches per level (generation)")
    parser.add_argument("--level", action="append", help="only these levels")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--reuse-ocr", action="store_true")
    parser.add_argument("--causes", action="store_true", help="printed URLs by cause of their miss")
    args = parser.parse_args(argv)
    corpus = args.corpus or Path(f"/tmp/fiches-url-scans-{args.seed}")
    if not any(corpus.glob("*/*.truth.json")):
        generate(corpus, args.seed, *([args.fiches] if args.fiches else []))
    settings = Settings()
    keys = ("urls", "exact", "found", "wrong_flagged", "wrong_unflagged", "kept", "kept_exact", "dates",
            "dates_exact", "dates_extra", "signature", *CAUSES[1:])
    totals: dict[str, dict[str, int]] = {}
    start = time.perf_counter()
    for level in LEVELS:
        if args.level and level.name not in args.level:
            continue
        sums = dict.fromkeys(keys, 0)
        fiches = 0
        for truth_path in sorted((corpus / level.name).glob("*.truth.json")):
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            row = score(run(truth_path.with_name(truth["scan"]), settings, args.reuse_ocr), truth)
            fiches += 1
            for key in keys:
                sums[key] += row.get(key, 0)  # type: ignore[operator]
            if args.show and row["misses"]:
                print(truth["scan"])
                print("\n".join(row["misses"]))  # type: ignore[arg-type]
        sums["fiches"] = fiches
        totals[level.name] = sums
    totals["all"] = {k: sum(t.get(k, 0) for t in totals.values()) for k in [*keys, "fiches"]}
    print(f"\n{'level':10} {'fiches':>6} {'URLs exact':>16} {'wrong: flagged/not':>19} "
          f"{'exact if not doubtful':>22} {'exact doubtful':>14} {'dates exact':>15} {'extra':>5} "
          f"{'signature':>9}")
    for name, t in totals.items():
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} {a / b:6.1%}" if b else f"{a}/{b}"

        print(f"{name:10} {t['fiches']:>6} {pct(t['exact'], t['urls']):>16} "
              f"{t['wrong_flagged']:>9}/{t['wrong_unflagged']:<9} {pct(t['kept_exact'], t['kept']):>22} "
              f"{t['exact'] - t['kept_exact']:>14} "
              f"{pct(t['dates_exact'], t['dates']):>15} {t['dates_extra']:>5} "
              f"{t['signature']:>5}/{t['fiches']}")
    if args.causes:
        print(f"\n{'level':10} " + " ".join(f"{c:>{max(9, len(c))}}" for c in CAUSES))
        for name, t in totals.items():
            print(f"{name:10} " + " ".join(f"{t['exact' if c == 'exact' else c]:>{max(9, len(c))}}"
                                           for c in CAUSES))
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
