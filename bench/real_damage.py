"""Right words that fiches changed, and wrong words it fixed, counted word by word on real OCR with
ground truth (``../shared/corpus/realworld``: Tapuscorpus pages and ICDAR French files).

``../shared/tools/realworld.py`` counts a word "damaged" when the truth aligns with ``raw_text``
there and not with ``text``. It aligns each of them with the truth on its own, so on a page whose
truth is in another order than the page (two columns read across, a diagram, a play whose lines
the transcriber moved), one right change shifts the alignment and counts every word after it.
This counts what changed: ``raw_text`` and ``text`` are aligned with each other (they differ only
where a word was corrected, deleted or reread). In each change, a word of ``raw_text`` aligned with
the truth and not in ``text`` as it was is **wrong** (a right word broken), and a word of ``text``
aligned with the truth is **right** (an error fixed). Each wrong change is printed, then a table
per collection or subset.

Usage: .venv/bin/python bench/real_damage.py WORK_FOLDER [--right]
where WORK_FOLDER is the ``--work`` folder of a ``realworld.py`` run (either set); ``--right`` also
prints each right change.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))

IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
OCR, GOLD = ".ocr.txt", ".gs.txt"


def truth_of(source: Path) -> Path | None:
    """The transcription beside a Tapuscorpus page or the gold standard beside an ICDAR file."""
    if source.name.endswith(OCR):
        truth = source.with_name(source.name[: -len(OCR)] + GOLD)
    elif source.suffix.lower() in IMAGES:
        truth = source.with_name(source.name[: -len(source.suffix)] + ".gt.txt")
    else:
        return None
    return truth if truth.is_file() else None


def changes(raw: list[str], text: list[str], truth: list[str]) -> list[tuple[int, int, int, int, int, int]]:
    """(i1, i2, j1, j2, wrong, right) of each change from ``raw[i1:i2]`` to ``text[j1:j2]``: how many
    words right in ``raw`` it broke, and how many words of ``text`` it made right."""
    def aligned(words: list[str]) -> set[int]:
        matcher = difflib.SequenceMatcher(None, words, truth, autojunk=False)
        return {i for tag, i1, i2, _, _ in matcher.get_opcodes() if tag == "equal" for i in range(i1, i2)}

    right_raw, right_text = aligned(raw), aligned(text)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw, text, autojunk=False).get_opcodes():
        if tag != "equal":
            wrong = sum(i in right_raw for i in range(i1, i2))
            right = sum(j in right_text for j in range(j1, j2))
            out.append((i1, i2, j1, j2, wrong, right))
    return out


def damaged(raw: list[str], text: list[str], truth: list[str]) -> list[tuple[int, int, int, int, int]]:
    """(i1, i2, j1, j2, right) of each change that touches words right in ``raw`` (``right`` of them)."""
    return [(i1, i2, j1, j2, wrong) for i1, i2, j1, j2, wrong, _ in changes(raw, text, truth) if wrong]


def _show(name: str, raw: list[str], text: list[str], i1: int, i2: int, j1: int, j2: int) -> str:
    return (f"  {name[:40]}: {' '.join(raw[max(0, i1 - 3):i1])} "
            f"[{' '.join(raw[i1:i2])} -> {' '.join(text[j1:j2])}] {' '.join(raw[i2:i2 + 3])}")


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--right"]
    if len(args) != 1 or not Path(args[0]).is_dir():
        sys.exit(__doc__.split("\n\n")[-1])
    import wer

    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # files, words, wrong, right
    for path in sorted(Path(args[0]).rglob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            source = Path(document["source"]["path"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # the run's own files (index, report)
        truth_path = truth_of(source)
        if truth_path is None:
            continue
        raw, text = wer.words(document["raw_text"]), wer.words(document["text"])
        truth = wer.words(truth_path.read_text(encoding="utf-8"))
        row = table[source.parent.name]
        row[0] += 1
        row[1] += len(truth)
        name = f"{source.parent.name}/{source.name}"
        for i1, i2, j1, j2, wrong, right in changes(raw, text, truth):
            row[2] += wrong
            row[3] += right
            if wrong or right and "--right" in sys.argv:
                print(("W " if wrong else "R ") + _show(name, raw, text, i1, i2, j1, j2))
    print(f"\n{'collection':42} {'files':>5} {'words':>7} {'wrong':>6} {'right':>6}")
    total = [0, 0, 0, 0]
    for group, row in sorted(table.items()):
        total = [a + b for a, b in zip(total, row, strict=True)]
        print(f"{group[:42]:42} {row[0]:5} {row[1]:7} {row[2]:6} {row[3]:6}")
    print(f"{'ALL':42} {total[0]:5} {total[1]:7} {total[2]:6} {total[3]:6}")
    print(f"words changed that were right: {total[2]} of {total[1]} ({total[2] / max(1, total[1]):.2%}); "
          f"wrong words made right: {total[3]}")


if __name__ == "__main__":
    main()
