"""Every change the corrector makes on the archive's sample transcription, as a Markdown table.

The table is what the closing note of issue 3 asks for: original → corrected, the reason and
the confidence of each change, in reading order, then the words left for review. Reads
``../shared/samples/irev-masterclass-seance-introductive.txt`` (or the file given).

Usage: .venv/bin/python bench/sample_changes.py [TRANSCRIPTION.txt]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import correct, extract, lexicon  # noqa: E402
from pipeline.model import Document  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "samples" / "irev-masterclass-seance-introductive.txt"


def cell(text: str) -> str:
    """A table cell: code-quoted, pipes escaped, an empty text shown as deleted."""
    if not text:
        return "*(deleted)*"
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


def change_rows(doc: Document) -> list[tuple[int, str, str, str, float]]:
    """(line number, original, corrected, reason, confidence) of each changed word, in reading order."""
    rows = []
    number = 0
    for page in doc.pages:
        for line in page.lines:
            number += 1
            for word in line.words:
                if word.fix is not None:
                    rows.append((number, word.fix.original or word.original, word.text, word.fix.reason,
                                 word.fix.confidence))
    return rows


def markdown(doc: Document) -> str:
    rows = change_rows(doc)
    out = ["| line | original | corrected | reason | confidence |", "|---:|---|---|---|---:|"]
    out += [f"| {n} | {cell(a)} | {cell(b)} | {reason} | {conf:.2f} |" for n, a, b, reason, conf in rows]
    words = sum(1 for w in doc.words if w.original)
    out.append("")
    out.append(f"{len(rows)} changes over {words} words; left for review ({len(doc.unknown_words)}): "
               + ", ".join(cell(w) for w in doc.unknown_words))
    return "\n".join(out)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    if not path.is_file():
        sys.exit(f"{path} is absent")
    settings = Settings()
    print(markdown(correct.correct(extract.extract(path, settings), lexicon.load(settings.dictionaries))))


if __name__ == "__main__":
    main()
