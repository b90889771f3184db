"""Word error rate before and after correction on the dev corpus (reads ../shared, writes a temp dir).

For each raw Tesseract output of ``../shared/corpus/dev/ocr_raw``: extract the text as a
transcription, correct it, write the raw text and the corrected text (one line per line),
and score both with ``../shared/tools/wer.py`` against the truth. Prints one row per file:
WER raw, WER corrected, their ratio (target ≤ 0.60), damaged words (target < 0.2 % of words);
then the mean of the files and the ratio over all words.

With ``--scans``: the scans themselves go through the whole pipeline (our OCR, then
correction and segmentation), and ``raw_text`` is scored against ``text``, as the JSON has them.

Usage: .venv/bin/python bench/correction_quality.py [--changes] [--scans]
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import correct, emit, extract, lexicon  # noqa: E402
from pipeline.process import process_file  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"


def wer_module():
    spec = importlib.util.spec_from_file_location("wer", SHARED / "tools" / "wer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cleaned_text(doc) -> str:
    """The corrected words, one line per line (same layout as the raw text)."""
    return "\f".join("\n".join(line.text for line in page.lines) for page in doc.pages)


SCANS = ["f01-methodologie-masterclass.png", "f01-methodologie-masterclass.pdf",
         "f02-capitalisation-diagnostic-marchant.tif", "f02-capitalisation-diagnostic-marchant.pdf",
         "f03-compte-rendu-conseil-citoyen-lens.jpg"]


def inputs(tmp: Path) -> list[tuple[str, Path]]:
    """(name, file to process): the raw Tesseract outputs as transcriptions, or the scans."""
    if "--scans" in sys.argv:
        return [(name, DEV / name) for name in SCANS]
    out = []
    for ocr in sorted((DEV / "ocr_raw").glob("*.ocr.txt")):
        copy = tmp / ocr.name  # one file each: f01's .png and .pdf readings share a stem
        copy.write_bytes(ocr.read_bytes())
        out.append((ocr.name, copy))
    return out


def texts(path: Path, settings: Settings) -> tuple[str, str, list[tuple[str, str, str, float]]]:
    """Raw text, cleaned text and the changes (original, corrected, reason, confidence) of one input."""
    if "--scans" in sys.argv:
        document = process_file(path, settings)
        fields = ("original", "corrected", "reason", "confidence")
        changes = [tuple(c[f] for f in fields) for c in document["corrections"]]
        return document["raw_text"], document["text"], changes
    doc = correct.correct(extract.extract(path, settings), lexicon.load(settings.dictionaries))
    changes = [(w.fix.original or w.original, w.text, w.fix.reason, w.fix.confidence)
               for w in doc.words if w.fix]
    return emit.raw_text(doc), cleaned_text(doc), changes


def main() -> None:
    if not DEV.is_dir():
        sys.exit(f"{DEV} is absent")
    wer = wer_module()
    show_changes = "--changes" in sys.argv
    settings = Settings()
    rows, total_words, total_damaged, errors_raw, errors_fixed = [], 0, 0, 0.0, 0.0
    print(f"{'file':48} {'words':>6} {'WER raw':>8} {'WER fixed':>9} {'ratio':>6} {'damaged':>8} "
          f"{'changes':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in inputs(Path(tmp)):
            truth = (DEV / f"{name.split('.')[0]}.truth.txt").read_text(encoding="utf-8")
            raw, fixed, changes = texts(path, settings)
            w0, w1 = wer.wer(raw, truth), wer.wer(fixed, truth)
            damaged = wer.damage(raw, fixed, truth)
            words = len(wer.words(truth))
            total_words += words
            total_damaged += damaged
            errors_raw += w0 * words
            errors_fixed += w1 * words
            rows.append((w0, w1))
            ratio = f"{w1 / w0:.2f}" if w0 else "-"
            print(f"{name:48} {words:6d} {w0:8.2%} {w1:9.2%} {ratio:>6} {damaged:8d} {len(changes):8d}")
            if show_changes:
                for original, corrected, reason, confidence in changes:
                    print(f"    {original!r:28} -> {corrected!r}  ({reason} {confidence})")
    mean0 = sum(r[0] for r in rows) / len(rows)
    mean1 = sum(r[1] for r in rows) / len(rows)
    print(f"{'mean':48} {total_words:6d} {mean0:8.2%} {mean1:9.2%} {mean1 / mean0:6.2f} "
          f"{total_damaged:8d} ({total_damaged / total_words:.2%} of words)")
    print(f"{'all words (as the dev test counts)':48} {total_words:6d} {errors_raw / total_words:8.2%} "
          f"{errors_fixed / total_words:9.2%} {errors_fixed / errors_raw:6.2f}")


if __name__ == "__main__":
    main()
