"""The audit trail (issue 12): every word that differs between ``raw_text`` and ``text`` has a
correction with its offsets into ``text``, deletions included, so the raw words can be rebuilt
from ``text`` and ``corrections`` alone. Checked on real documents: the dev corpus's fiches (its
raw Tesseract outputs, read as transcriptions, its PDFs and one scan OCR'd here) and a sample of the
real-world transcriptions (ICDAR French, every subset); ``FICHES_AUDIT_SAMPLE=0`` reads them all.

The rebuild, as the schema describes it: put back each correction's ``original`` at its
``start:end`` in ``text``, the last first. What the renderer adds that is no word of the page
(the ``- `` before a list item, the `` | `` between a table's cells) is left out, and so are the
joins the renderer documents: a word cut by a hyphen at a line end is one word in ``text``
(hyphen kept or dropped as the lexicon says), so hyphens are not compared; and blocks may stand
in another order than the printed lines (a paragraph goes on after a page's footer), so the
words are compared as a multiset, each word in its own form. A ``reread``
correction is not put back: it records a choice between OCR readings made before ``raw_text``,
which holds the reading kept; its ``original`` is the first reading, not a word of ``raw_text``.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.emit import ITEM_MARKER
from pipeline.model import Document, Line, Page, Source, Word
from pipeline.process import process_file
from pipeline.settings import Settings
from pipeline.structure import CELL_SEPARATOR

SAMPLE = int(os.environ.get("FICHES_AUDIT_SAMPLE", "2"))
"""Files read from each real-world subset (0: all of them)."""


def rebuilt_raw(document: dict[str, Any]) -> str:
    """``text`` with every correction undone: what the page had, in reading order."""
    text = list(document["text"])
    for block in document["blocks"]:
        start, end = block["span"]["start"], block["span"]["end"]
        if block["kind"] == "item":
            assert document["text"][start - len(ITEM_MARKER):start] == ITEM_MARKER
            text[start - len(ITEM_MARKER):start] = " " * len(ITEM_MARKER)
        if block["kind"] == "table":
            for cut in re.finditer(re.escape(CELL_SEPARATOR), document["text"][start:end]):
                text[start + cut.start():start + cut.end()] = " " * len(CELL_SEPARATOR)
    out = "".join(text)
    changes = [(c["start"], n, c) for n, c in enumerate(document["corrections"]) if c["reason"] != "reread"]
    for start, _, change in sorted(changes, key=lambda item: item[:2], reverse=True):
        original = change["original"] if start < change["end"] else f" {change['original']} "
        out = out[:start] + original + out[change["end"]:]
    return out


def words(text: str) -> list[str]:
    """The words of a text as the audit compares them: a word cut by a hyphen (``ins-`` ``truments``
    at a line end, or a URL's pieces put back with a space) joined to the next word, past any mark
    between them, hyphens left out."""
    out: list[str] = []
    carry = ""
    for token in text.split():
        if token.endswith("-") and len(token) > 1:
            carry += token
            continue
        if carry and not any(c.isalnum() for c in token):
            out.append(token)  # a speck between the halves: the word goes on after it
            continue
        out.append(carry + token)
        carry = ""
    out += [carry] if carry else []
    return [w for w in (w.replace("-", "") for w in out) if w]


def audit(document: dict[str, Any]) -> list[str]:
    """What the rebuild gets wrong: offsets missing or outside ``text``, words that differ."""
    problems = [f"{c['reason']} {c['original']!r}: offsets {c['start']}, {c['end']}"
                for c in document["corrections"]
                if not (isinstance(c["start"], int) and isinstance(c["end"], int)
                        and 0 <= c["start"] <= c["end"] <= len(document["text"]))]
    if problems:
        return problems
    got, want = words(rebuilt_raw(document)), words(document["raw_text"])
    missing, extra = Counter(want) - Counter(got), Counter(got) - Counter(want)
    if not missing and not extra:
        return []  # the same words; a block may stand elsewhere (after a page's footer)
    matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            problems.append(f"{tag}: raw {want[max(0, i1 - 3):i2 + 3]} rebuilt {got[max(0, j1 - 3):j2 + 3]}")
    return problems + [f"missing {dict(missing)}, extra {dict(extra)}"]


def _realworld(corpus: Path) -> list[Path]:
    rng = random.Random(12)
    out = []
    for subset in sorted((corpus / "realworld" / "icdar-fr").iterdir()):
        files = sorted(subset.glob("*.ocr.txt"))
        out += files if SAMPLE == 0 else rng.sample(files, min(SAMPLE, len(files)))
    return out


def _as_transcription(path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / (path.name.replace(".", "-") + ".txt")
    shutil.copy(path, copy)
    return copy


def test_the_dev_fiches_rebuild_their_raw_words(shared_corpus: Path, tmp_path: Path) -> None:
    dev = shared_corpus / "dev"
    inputs = [_as_transcription(p, tmp_path) for p in sorted((dev / "ocr_raw").glob("*.ocr.txt"))]
    inputs += sorted(dev.glob("*.pdf")) + sorted(dev.glob("f01-*.png"))
    assert inputs
    failures = {}
    for path in inputs:
        document = process_file(path, Settings())
        assert document["corrections"], path.name  # the audit must have something to check
        problems = audit(document)
        if problems:
            failures[path.name] = problems[:5]
    assert not failures


def test_realworld_transcriptions_rebuild_their_raw_words(shared_corpus: Path, tmp_path: Path) -> None:
    inputs = _realworld(shared_corpus)
    assert inputs
    failures = {}
    for path in inputs:
        document = process_file(_as_transcription(path, tmp_path), Settings())
        problems = audit(document)
        if problems:
            failures[str(path.relative_to(shared_corpus))] = problems[:5]
    assert not failures


def _scanned(lines: list[list[tuple[str, float]]]) -> Document:
    """A page as OCR gives it: words with confidences and boxes, a line a row."""
    page = Page(number=1, method="ocr", width=1000, height=1400, dpi=300)
    for row, words in enumerate(lines):
        top = 100 + row * 40
        out, x = [], 100.0
        for text, confidence in words:
            width = 14.0 * max(len(text), 1)
            out.append(Word(original=text, confidence=confidence, box=(x, top, x + width, top + 28)))
            x += width + 12
        page.lines.append(Line(words=out, box=(100, top, x - 12, top + 28) if out else None, block=0))
    source = Source(path="scan.png", sha256="ab" * 32, bytes=1, media_type="image/png")
    return Document(source=source, pages=[page])


def test_every_deletion_points_at_where_the_word_was() -> None:
    """Specks, a bullet read as a sign and a line of marks, removed by segmentation or the
    corrector, each get offsets into text: start == end, beside the words they stood with."""
    from pipeline import correct, emit, lexicon, structure

    doc = _scanned([
        [("Les", 96), ("habitants", 95), ("du", 96), ("quartier", 94), ("ont", 95), ("voté", 93), ("|", 30)],
        [("®", 20), ("+", 25)],
        [("•", 60), ("un", 95), ("jardin", 94), ("partagé", 93), (";", 90)],
        [("•", 60), ("une", 95), ("fête", 94), ("des", 95), ("voisins.", 92), ("©", 25)],
    ])
    settings = Settings()
    doc = correct.correct(doc, lexicon.load(settings.dictionaries))
    document = emit.to_dict(structure.segment(doc, settings), "test")
    deleted = [c for c in document["corrections"] if c["corrected"] == ""]
    assert {c["original"] for c in deleted} >= {"|", "©"}
    for change in deleted:
        assert change["start"] == change["end"], change
        assert change["block"] is not None, change
    text = document["text"]
    bar = next(c for c in deleted if c["original"] == "|")
    assert text[:bar["start"]].endswith("voté")
    copyright_sign = next(c for c in deleted if c["original"] == "©")
    assert text[:copyright_sign["start"]].endswith("voisins.")
    assert not audit(document)
