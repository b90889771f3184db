"""Words per second of the correction stage vs pyspellchecker's ``correction()``, in one run.

The long French text: the dev truths and the sample transcription of ``../shared``, with
OCR-style noise added by a seeded random generator (``m``→``rn``, ``n``→``r``, ``l``→``|``,
accents dropped, letters doubled or lost) in 8 % of the words, repeated with fresh noise
until it holds ``--words`` words, so most damaged words differ and the memo does not flatter
the figure. One core, one process. Also the dictionary load time: cold build vs cached index.

Then the figures on real text with mostly distinct words: each newspaper page of
``../shared/corpus/realworld/icdar-fr/fr_periodical`` corrected with the memos emptied first
(words/s per page and pooled); and the correction time of a 1 MB transcription on one line
against the same text wrapped at 80 columns (the ratio should stay within 1.5: no work grows
with the length of a line), measured ``--repeat`` times.

Usage: .venv/bin/python bench/correct_speed.py [--words 50000] [--spell-sample 300] [--pages N] [--repeat 2]
       .venv/bin/python bench/correct_speed.py --words 0 --pages 0   (the long-line ratio alone)
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import correct, evidence, lexicon  # noqa: E402
from pipeline.extract import lines_from_text  # noqa: E402
from pipeline.model import Document, Page, Source  # noqa: E402
from pipeline.settings import DEFAULT_DICTIONARIES  # noqa: E402

SHARED = ROOT.parent / "shared"
NOISE = (("m", "rn"), ("n", "r"), ("l", "|"), ("é", "e"), ("è", "e"), ("o", "e"), ("e", "c"),
         ("h", "li"), ("t", "tt"), ("u", "n"), ("i", ""))


def base_text() -> str:
    files = sorted((SHARED / "corpus" / "dev").glob("*.truth.txt"))
    files += sorted((SHARED / "samples").glob("*.txt"))
    if not files:
        sys.exit(f"{SHARED} is absent: no French text to measure on")
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def damage(word: str, rng: random.Random) -> str:
    applicable = [(a, b) for a, b in NOISE if a in word]
    if not applicable or not word.isalpha():
        return word
    a, b = rng.choice(applicable)
    i = rng.choice([k for k in range(len(word)) if word.startswith(a, k)])
    return word[:i] + b + word[i + len(a):]


def long_text(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines, count, base = [], 0, base_text().split("\n")
    while count < words:
        for line in base:
            tokens = [damage(t, rng) if rng.random() < 0.08 else t for t in line.split()]
            lines.append(" ".join(tokens))
            count += len(tokens)
    return "\n".join(lines)


def document(text: str) -> Document:
    return Document(source=Source("bench.txt", "0" * 64, len(text), "text/plain"),
                    pages=[Page(number=1, method="text", lines=lines_from_text(text))])


def fresh(lex: lexicon.Lexicon) -> None:
    """Empty the corrector's memos: every page is measured as if it were the first."""
    correct.forget(lex)


def timed(lex: lexicon.Lexicon, text: str) -> tuple[int, float]:
    doc = document(text)
    start = time.perf_counter()
    correct.correct(doc, lex)
    return len(doc.words), time.perf_counter() - start


def periodical_pages() -> list[Path]:
    folder = SHARED / "corpus" / "realworld" / "icdar-fr" / "fr_periodical"
    return sorted(folder.glob("*.ocr.txt"), key=lambda p: int(p.name.split(".")[0]))


def real_text(lex: lexicon.Lexicon, pages: int) -> None:
    files = periodical_pages()[:pages]
    warm_up()
    total_words = total_time = 0.0
    for path in files:
        fresh(lex)
        words, elapsed = timed(lex, path.read_text(encoding="utf-8"))
        total_words, total_time = total_words + words, total_time + elapsed
        print(f"  fr_periodical/{path.name}: {words} words, {elapsed:.2f} s = {words / elapsed:,.0f} words/s")
    if files:
        print(f"real newspaper pages (memos emptied before each): {total_words:,.0f} words "
              f"= {total_words / total_time:,.0f} words/s (target ≥ 10,000)")


def warm_up() -> None:
    """Load the language model now (1.5 s, once a process): it is no part of any page's figure."""
    evidence.identify_text("Le conseil municipal s'est réuni le mardi pour voter le budget de la commune.")


def long_line(lex: lexicon.Lexicon, repeat: int) -> None:
    """1 MB of the newspaper pages on one line against the same text wrapped, ``repeat`` times
    (alternating, memos emptied before each run): the ratio is noisy on a shared machine."""
    files = periodical_pages()
    if not files:
        print("fr_periodical is absent: no real newspaper text to measure long lines on")
        return
    warm_up()
    text = " ".join(p.read_text(encoding="utf-8").replace("\n", " ") for p in files)
    text = (text * (1 + 1_000_000 // max(1, len(text))))[:1_000_000]
    text = text[: text.rfind(" ")]
    for _ in range(repeat):
        fresh(lex)
        _, one_line = timed(lex, text)
        fresh(lex)
        _, wrapped = timed(lex, textwrap.fill(text, 80))
        print(f"1 MB transcription: one line {one_line:.2f} s, wrapped at 80 columns {wrapped:.2f} s, "
              f"ratio {one_line / wrapped:.2f} (target ≤ 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--spell-sample", type=int, default=300, help="unknown words for pyspellchecker")
    parser.add_argument("--pages", type=int, default=13, help="fr_periodical pages for the real-text figure")
    parser.add_argument("--repeat", type=int, default=2, help="measures of the one-line ratio")
    args = parser.parse_args()
    if args.words <= 0:  # the long-line ratio (and the real pages) only
        lex = lexicon.load(DEFAULT_DICTIONARIES)
        real_text(lex, args.pages)
        long_line(lex, args.repeat)
        return

    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        lexicon.load_uncached(DEFAULT_DICTIONARIES, Path(cache))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        lex = lexicon.load_uncached(DEFAULT_DICTIONARIES, Path(cache))
        cached = time.perf_counter() - start
    print(f"dictionary load: cold build {cold:.2f} s, cached index {cached:.2f} s")

    doc = document(long_text(args.words))
    n_words = len(doc.words)
    start = time.perf_counter()
    correct.correct(doc, lex)
    elapsed = time.perf_counter() - start
    ours = n_words / elapsed
    changed = sum(1 for w in doc.words if w.fix)
    print(f"fiches correction stage: {n_words} words in {elapsed:.2f} s = {ours:,.0f} words/s "
          f"({changed} changed, {len(doc.unknown_words)} unknown)")

    from spellchecker import SpellChecker

    spell = SpellChecker(language="fr")
    listed = set(doc.unknown_words)
    unknown = sorted({w.original.strip(".,;:()") for w in doc.words if w.fix or w.original in listed})
    unknown = [w for w in unknown if w.isalpha()]
    sample = random.Random(1).sample(unknown, min(args.spell_sample, len(unknown)))
    start = time.perf_counter()
    for word in sample:
        spell.correction(word)
    spell_elapsed = time.perf_counter() - start
    per_word = spell_elapsed / max(1, len(sample))
    unknown_share = (changed + len(doc.unknown_words)) / n_words
    theirs = 1 / (per_word * unknown_share) if per_word else float("inf")
    print(f"pyspellchecker correction(): {len(sample)} unknown words in {spell_elapsed:.2f} s "
          f"= {per_word * 1000:.1f} ms/word; on this text ({unknown_share:.1%} unknown) "
          f"≈ {theirs:,.0f} words/s")
    print(f"ratio fiches / pyspellchecker: {ours / theirs:,.0f}x  (target ≥ 10,000 words/s: "
          f"{'met' if ours >= 10_000 else 'NOT met'})")
    real_text(lex, args.pages)
    long_line(lex, args.repeat)


if __name__ == "__main__":
    main()
