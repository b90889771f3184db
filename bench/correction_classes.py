"""Which corrections fix an OCR error and which break a right word, by the features a bar could use.

A class of corrections (say, two letters changed in an unknown word, below some confidence) deserves
a higher bar only if it breaks about as many right words as it fixes: this counts it on real OCR with
ground truth, not on the case that was seen. Each ICDAR French file of ``../shared/corpus/realworld/``
(or a ``realworld.py`` draw of them), the dev corpus's raw OCR (``--dev``), or the Tapuscorpus pages
as read in a ``realworld.py --set tapuscorpus --work WORK`` run (``--tapuscorpus WORK``: from its OCR
cache, so no page is read again) is corrected as ``fiches run`` does (segmentation changes no word's
spelling but URLs'). The OCR's words, and the corrected words, are aligned with the truth (words as
``../shared/tools/wer.py`` counts them). Each word the corrector changed is **fixed** when the truth
aligns with its correction (or has nothing where a speck was removed), **broken** when the truth
aligned with the original and not with the correction, **neither** otherwise (a wrong word made
another wrong word). ``chars`` sums the characters the changes took off the distance to the truth
(negative: added). ICDAR's gold standard keeps some errors of the print (``magnifquement``), and of
the OCR (``caiilou``): part of its *broken* are right corrections.

The changes are counted by class: reason, edits between the folded words (letters substituted +
added + lost), whether the original is a known word, its length, the correction's confidence,
whether OCR look-alikes alone (``pipeline.text.CONFUSIONS``) make it, the correction's frequency
in the lexicon (its rarer word, for a split), the word's case, the subset. ``--rows`` prints each
change; ``--where`` keeps one class (a Python expression over the columns:
``--where "subs == 2 and not known and confidence < 0.5"``).

Usage: .venv/bin/python bench/correction_classes.py [--dev | --tapuscorpus WORK | [--sample N]
       [--seed S] [--subsets FR1,FR2] [--skip-sample N --skip-seed S ...]] [--jobs 2] [--rows] [--where EXPR]
``--skip-sample``/``--skip-seed`` leave out the files ``realworld.py`` draws took: held-out files.
"""

from __future__ import annotations

import argparse
import difflib
import math
import multiprocessing
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import cache, correct, extract, lexicon  # noqa: E402
from pipeline.correct.edits import search  # noqa: E402
from pipeline.correct.words import is_known, split_punctuation  # noqa: E402
from pipeline.errors import FichesError  # noqa: E402
from pipeline.settings import Execution, Settings  # noqa: E402
from pipeline.text import fold  # noqa: E402

ICDAR = ROOT.parent / "shared" / "corpus" / "realworld" / "icdar-fr"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
TAPUSCORPUS = ICDAR.parent / "tapuscorpus"
TOKEN, CUT = re.compile(r"\w+"), re.compile(r"(\w)[-\u00ac]\n(\w)")
IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
LEXICON = None
CACHE: Path | None = None
"""The OCR cache of a ``realworld.py --set tapuscorpus --work WORK`` run: its pages, read again."""


def tokens(text: str) -> list[str]:
    """Words as ``wer.py`` counts them: ``\\w+`` runs, NFC, casefolded, a word cut at a line end one."""
    return TOKEN.findall(CUT.sub(r"\1\2", unicodedata.normalize("NFC", text).casefold()))


def drawn(subset: Path, n: int, seed: int) -> list[Path]:
    """The files ``realworld.py --sample n --seed seed`` takes from a subset (its own shuffle)."""
    files = sorted(subset.glob("*.ocr.txt"), key=lambda p: int(p.name.split(".")[0]))
    random.Random(f"{seed}:{subset.name}").shuffle(files)
    return files[:n] if n else files


def edit_counts(a: str, b: str) -> tuple[int, int, int]:
    """(substituted, added, lost) letters from folded ``a`` to folded ``b``."""
    subs = added = lost = 0
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(fold(a.lower()), fold(b.lower())):
        if tag == "replace":
            subs += i2 - i1
        elif tag == "insert":
            added += j2 - j1
        elif tag == "delete":
            lost += i2 - i1
    return subs, added, lost


def features(original: str, corrected: str, reason: str, confidence: float) -> dict:
    """The columns a bar could read, of one change (its words without their punctuation)."""
    lex = LEXICON
    a, b = split_punctuation(original)[1], split_punctuation(corrected)[1]
    subs, added, lost = edit_counts(a, b)
    frequency = min((lex.frequency(part) for part in b.split()), default=0)
    lookalike = bool(b) and fold(b.lower()) in search(a, lex, budget=3.0, plain_edits=0)
    case = "caps" if a.isupper() and len(a) > 1 else "capital" if a[:1].isupper() else "lower"
    return {"reason": reason, "confidence": confidence, "subs": subs, "added": added, "lost": lost,
            "edits": subs + added + lost, "known": is_known(a, lex), "length": len(a),
            "lookalike": lookalike, "frequency": frequency, "case": case, "space": " " in corrected}


def _aligned(words: list, field: str, truth: list[str]) -> tuple[list[str], dict, dict, dict]:
    """The words' tokens (``original`` or ``text``), each word's token indices, each index's tag in
    the alignment with the truth (``equal``: the truth has it) and its stretch ``(i1, i2, j1, j2)``."""
    found, mine = [], defaultdict(list)
    for k, word in enumerate(words):
        for t in tokens(getattr(word, field)):
            mine[k].append(len(found))
            found.append(t)
    right, stretch = {}, {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, found, truth, autojunk=False).get_opcodes():
        for i in range(i1, i2):
            stretch[i] = (i1, i2, j1, j2)
            right[i] = tag
    return found, mine, right, stretch


def judge(path: Path) -> list[dict] | None:
    """Each change the corrector makes to one file, its features and its verdict against the truth:
    fixed when the truth aligns with its corrected words, broken when it aligned with the original's
    and not with the correction's, neither otherwise (as ``wer.py``'s damage counts)."""
    gold = path.with_name(path.name.replace(".ocr.txt", ".gs.txt"))
    if path.parent.name == "ocr_raw":  # the dev corpus: ocr_raw/<name>.<ext>.ocr.txt, truth <name>.truth.txt
        gold = DEV / (path.name.split(".")[0] + ".truth.txt")
    elif not path.name.endswith(".ocr.txt"):  # a Tapuscorpus page, and its transcription
        gold = path.with_name(path.name[: -len(path.suffix)] + ".gt.txt")
    truth = tokens(gold.read_text(encoding="utf-8"))
    try:
        settings, execution = Settings(), Execution(cache=CACHE)
        doc = cache.cached(path, settings, execution) if CACHE else extract.extract(path, settings)
    except FichesError:
        return None  # not prose (a few receipts): fiches refuses it too
    if doc is None:
        return None  # not in the cache (read by other reading code?): no page is read here
    doc = correct.correct(doc, LEXICON)
    words = [w for page in doc.pages for line in page.lines for w in line.words]
    ocr, ocr_of, ocr_right, stretch = _aligned(words, "original", truth)
    out, out_of, out_right, _ = _aligned(words, "text", truth)
    rows = []
    for k, word in enumerate(words):
        if word.fix is None or not ocr_of.get(k):
            continue
        merged = bool(word.fix.original and " " in word.fix.original)  # ``qu une``: this word and the next
        mine, theirs = ocr_of[k] + (ocr_of.get(k + 1, []) if merged else []), out_of.get(k, [])
        before, after = [ocr[i] for i in mine], [out[i] for i in theirs]
        if before == after:
            continue  # case or punctuation only: the scorer's words do not see it
        while len(before) > 1 and len(after) > 1 and before[0] == after[0]:  # ``l'ufage``: the
            before, after, mine, theirs = before[1:], after[1:], mine[1:], theirs[1:]  # elision stays
        while len(before) > 1 and len(after) > 1 and before[-1] == after[-1]:
            before, after, mine, theirs = before[:-1], after[:-1], mine[:-1], theirs[:-1]
        if theirs and all(out_right[i] == "equal" for i in theirs):
            verdict, there = "fixed", after
        elif not theirs and all(ocr_right[i] == "delete" for i in mine):
            verdict, there = "fixed", after  # a speck the truth has nothing for, removed
        elif all(ocr_right[i] == "equal" for i in mine):
            verdict, there = "broken", before
        else:
            i1, i2, j1, j2 = stretch[mine[0]]
            verdict, there = "neither", _nearest(truth[j1:j2], mine[0] - i1, i2 - i1, before, after)
        gold = " ".join(there)
        chars = Levenshtein.distance(" ".join(before), gold) - Levenshtein.distance(" ".join(after), gold)
        row = features(original := word.fix.original or word.original, word.text, str(word.fix.reason),
                       word.fix.confidence)
        subset = "dev" if path.parent.name == "ocr_raw" else path.parent.name
        row.update(file=f"{subset}/{path.name.split('.')[0]}", subset=subset,
                   original=original, corrected=word.text, truth=gold, verdict=verdict, chars=chars)
        rows.append(row)
    return rows


def _nearest(block: list[str], offset: int, size: int, before: list[str], after: list[str]) -> list[str]:
    """The truth's words a change stands for, in a stretch OCR and truth differ on: the window of the
    stretch, near the change's place, closest to the original or the correction."""
    if not block:
        return []
    at = round(offset * len(block) / max(1, size))
    best, found = (math.inf, 0), block[:len(before)]
    for width in {len(before), len(after)}:
        for s in range(max(0, at - 10), min(len(block), at + 10) + 1):
            window = block[s:s + width]
            if not window:
                continue
            distance = min(Levenshtein.distance(" ".join(window), " ".join(w)) for w in (before, after))
            if (distance, abs(s - at)) < best:
                best, found = (distance, abs(s - at)), window
    return found


def bins(row: dict) -> dict[str, str]:
    c = row["confidence"]
    return {
        "reason": row["reason"],
        "edits (subs+added+lost)": f"{row['subs']}+{row['added']}+{row['lost']}",
        "original known": str(row["known"]),
        "length": "≤3" if row["length"] <= 3 else "4-5" if row["length"] <= 5 else "6-7"
        if row["length"] <= 7 else "8+",
        "confidence": f"{math.floor(c * 10) / 10:.1f}-{math.floor(c * 10) / 10 + 0.1:.1f}",
        "look-alikes only": str(row["lookalike"]),
        "frequency": "≤1" if row["frequency"] <= 1 else f"≤1e{math.ceil(math.log10(row['frequency']))}",
        "case": row["case"],
        "subset": row["subset"],
    }


def table(rows: list[dict], title: str) -> None:
    counts: dict[str, Counter] = defaultdict(Counter)
    chars: Counter = Counter()
    for row in rows:
        for name, value in [("all", "all"), *bins(row).items()]:
            counts[(name, value)][row["verdict"]] += 1
            chars[(name, value)] += row["chars"]
    print(f"\n{title}\n{'feature':24} {'class':12} {'changes':>7} {'fixed':>6} {'broken':>6} {'neither':>7} "
          f"{'chars':>6}")
    for (name, value), c in sorted(counts.items()):
        print(f"{name:24} {value:12} {sum(c.values()):7} {c['fixed']:6} {c['broken']:6} {c['neither']:7} "
              f"{chars[(name, value)]:+6}")


def main() -> None:
    global LEXICON, CACHE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="files per subset (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--subsets", default="", help="comma-separated subsets (default: all)")
    ap.add_argument("--skip-sample", type=int, default=0)
    ap.add_argument("--skip-seed", type=int, action="append", default=[])
    ap.add_argument("--dev", action="store_true", help="the dev corpus's raw OCR instead of ICDAR")
    ap.add_argument("--tapuscorpus", metavar="WORK", type=Path,
                    help="the Tapuscorpus pages, from the OCR cache of a realworld.py run's --work WORK")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--rows", action="store_true", help="print each change")
    ap.add_argument("--where", default="", help="keep the changes this expression over the columns holds for")
    a = ap.parse_args()
    chosen = a.subsets.split(",") if a.subsets else None
    subsets = sorted(p for p in ICDAR.iterdir() if p.is_dir() and (chosen is None or p.name in chosen))
    paths = sorted((DEV / "ocr_raw").glob("*.ocr.txt")) if a.dev else []
    if a.tapuscorpus:
        CACHE = a.tapuscorpus / "tapuscorpus" / ".fiches-cache"
        paths = sorted(p for p in TAPUSCORPUS.rglob("*") if p.suffix.lower() in IMAGES)
    for subset in [] if a.dev or a.tapuscorpus else subsets:
        skip = {p for seed in a.skip_seed for p in drawn(subset, a.skip_sample, seed)}
        paths += [p for p in drawn(subset, a.sample, a.seed) if p not in skip]
    settings = Settings()
    LEXICON = lexicon.load(settings.dictionaries, settings.user_words)
    with multiprocessing.get_context("fork").Pool(a.jobs) as pool:
        judged = [found for found in pool.imap(judge, paths, chunksize=2) if found is not None]
    rows = [r for found in judged for r in found]
    if a.where:
        rows = [r for r in rows if eval(a.where, {}, dict(r))]  # noqa: S307 (a command-line filter)
    if a.rows:
        for r in rows:
            print(f"{r['verdict']:8} {r['file']:20} {r['original']!r:>22} → {r['corrected']!r:22} truth "
                  f"{r['truth']!r:22} {r['reason']:14} {r['confidence']:.3f} subs={r['subs']} "
                  f"+{r['added']} -{r['lost']} known={r['known']} f={r['frequency']}")
    table(rows, f"{len(judged)} of {len(paths)} files corrected, {len(rows)} changes")


if __name__ == "__main__":
    main()
