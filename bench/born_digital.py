"""Born-digital PDFs, typeset by LaTeX, LibreOffice and pandoc from the report of
``tests/documents.py`` (one and two columns), read by fiches and by ``pdftotext -layout``.

    .venv/bin/python bench/born_digital.py [--keep DIR]

Per fixture: WER of fiches' ``raw_text`` and of ``pdftotext -layout`` against the report's text in
reading order (scored by ``../shared/tools/wer.py``; running heads, page numbers and contents count
as insertions for both), headings (precision/recall/F1, letters matched at 85 % as in
``bench/structure_quality.py``), title (’ and ' alike: LaTeX prints one for the other), tables' cells
(every table's rows exactly, ruled or not: pandoc's have no rules) and columns
(every paragraph's words in one run, in the report's order, in ``raw_text``).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO.parent / "shared" / "tools"))

import documents  # noqa: E402
import wer  # noqa: E402

from pipeline.process import process_file  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from pipeline.text import plain_apostrophes  # noqa: E402

FIXTURES = {
    "latex-2col": lambda folder: documents.latex_pdf(documents.REPORT, folder, columns=2),
    "latex-1col": lambda folder: documents.latex_pdf(documents.REPORT, folder, columns=1),
    "libreoffice-2col": lambda folder: documents.libreoffice_pdf(documents.REPORT, folder, columns=2),
    "libreoffice-1col": lambda folder: documents.libreoffice_pdf(documents.REPORT, folder, columns=1),
    "pandoc": lambda folder: documents.pandoc_pdf(documents.REPORT, folder),
    "libreoffice-order": lambda folder: documents.order_pdf(documents.ORDER, folder),
}
ORDER_TITLE = f"{documents.ORDER.title} {documents.ORDER.object}"


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def headings_f1(found: list[str], truth: list[str]) -> tuple[int, int, int, float]:
    left, hits = list(truth), 0
    for heading in found:
        text = re.sub(r"^\d+(\.\d+)*\.? ", "", heading)  # the section number LaTeX prints
        match = next((t for t in left if fuzz.ratio(_letters(text), _letters(t)) >= 85), None)
        if match is not None:
            left.remove(match)
            hits += 1
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return hits, len(found), len(truth), f1


def in_order(raw: str) -> bool:
    """Every paragraph of the report read whole (its words in one run) and after the one before."""
    flat = " " + " ".join(re.findall(r"\w+", re.sub(r"-\n*", "", raw.replace("\f", "\n")).casefold())) + " "
    position = -1
    for section in documents.REPORT.sections:
        for paragraph in section.paragraphs:
            run = " " + " ".join(re.findall(r"\w+", paragraph.replace("-", "").casefold())) + " "
            found = flat.find(run)
            if found <= position:
                return False
            position = found
    return True


def main(argv: list[str]) -> None:
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    header = (f"{'fixture':18} {'WER fiches':>10} {'pdftotext':>9} {'diff':>6} {'headings m/p/t':>15} "
              f"{'F1':>5} {'title':>5} {'tables':>6} {'columns':>7}")
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        root = keep or Path(tmp)
        for name, build in FIXTURES.items():
            pdf = build(root / name)
            document = process_file(pdf, Settings())
            layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout
            order = name.endswith("order")
            truth = documents.ORDER.truth() if order else documents.REPORT.truth()
            ours, theirs = wer.wer(document["raw_text"], truth), wer.wer(layout, truth)
            found = [b["text"] for b in document["blocks"] if b["kind"] == "heading"]
            # The order has no section headings ("ARRÊTE" alone is not counted either way).
            found = [h for h in found if h != "ARRÊTE"] if order else found
            hits, predicted, expected, f1 = headings_f1(found, [] if order else documents.REPORT.headings)
            # The title as printed: LaTeX and pandoc typeset the source's ' as ’, which fiches keeps.
            expected_title = ORDER_TITLE if order else documents.REPORT.title
            title = plain_apostrophes(document["title"] or "") == plain_apostrophes(expected_title)
            tables = [b["rows"] for b in document["blocks"] if b["kind"] == "table"]
            expected_tables = [documents.ORDER.table] if order else documents.REPORT.tables
            cells = "yes" if tables == expected_tables else "no"
            columns = "n/a" if order else "yes" if in_order(document["raw_text"]) else "no"
            score = f"{f1:5.2f}" if expected else "  n/a"
            print(f"{name:18} {ours:10.1%} {theirs:9.1%} {100 * (ours - theirs):+6.1f} "
                  f"{hits:>5}/{predicted}/{expected:<5} {score} {'yes' if title else 'no':>5} {cells:>6} "
                  f"{columns:>7}")


if __name__ == "__main__":
    main(sys.argv[1:])
