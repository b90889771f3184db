"""Right words that fiches changed, counted word by word on typewritten pages with a transcription.

``../shared/tools/realworld.py`` counts a word "damaged" when the truth aligns with ``raw_text``
there and not with ``text``. It aligns each of them with the truth on its own, so on a page whose
truth is in another order than the page (two columns read across, a diagram, a play whose lines
the transcriber moved), one right change shifts the alignment and counts every word after it.
This counts what changed: ``raw_text`` and ``text`` are aligned with each other (they differ only
where a word was corrected, deleted or reread), and a word counts when it was right (aligned with
the truth) in ``raw_text`` and is not in ``text`` as it was. Each such change is printed.

Usage: .venv/bin/python bench/real_damage.py WORK_FOLDER
where WORK_FOLDER is the ``--work`` folder of a ``realworld.py --set tapuscorpus`` run.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))

IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


def truth_of(source: Path) -> Path | None:
    """The line transcription beside a Tapuscorpus page, if there is one."""
    if source.suffix.lower() not in IMAGES:
        return None
    truth = source.with_name(source.name[: -len(source.suffix)] + ".gt.txt")
    return truth if truth.is_file() else None


def damaged(raw: list[str], text: list[str], truth: list[str]) -> list[tuple[int, int, int, int, int]]:
    """(i1, i2, j1, j2, right) of each change from ``raw[i1:i2]`` to ``text[j1:j2]`` that touches
    words right in ``raw`` (``right`` of them)."""
    aligned = difflib.SequenceMatcher(None, raw, truth, autojunk=False).get_opcodes()
    right = {i for tag, i1, i2, _, _ in aligned if tag == "equal" for i in range(i1, i2)}
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw, text, autojunk=False).get_opcodes():
        lost = sum(i in right for i in range(i1, i2))
        if tag != "equal" and lost:
            changes.append((i1, i2, j1, j2, lost))
    return changes


def main() -> None:
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit(__doc__.split("\n\n")[-1])
    import wer

    words = count = 0
    for path in sorted(Path(sys.argv[1]).rglob("*.json")):
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
        words += len(truth)
        for i1, i2, j1, j2, lost in damaged(raw, text, truth):
            count += lost
            print(f"  {source.name[:40]}: {' '.join(raw[max(0, i1 - 3):i1])} "
                  f"[{' '.join(raw[i1:i2])} -> {' '.join(text[j1:j2])}] {' '.join(raw[i2:i2 + 3])}")
    print(f"words changed that were right: {count} of {words} ({count / max(1, words):.2%})")


if __name__ == "__main__":
    main()
