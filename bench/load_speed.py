"""How long load_corpus() takes on 1,000 documents (target: under 5 s).

One real document is made by the pipeline from a transcription, enriched with the
parts a scan would have (corrections, dates, URLs, unknown words, low-confidence
words), validated, then copied 1,000 times with a different id, source and date each.

    .venv/bin/python bench/load_speed.py [--documents 1000]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import emit, load_corpus  # noqa: E402
from pipeline.process import process_file  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

PARAGRAPH = ("Le conseil citoyen du quartier s'est reuni a la mairie pour examiner le projet de "
             "renovation urbaine, le budget du fonds de participation des habitants et les "
             "questions diverses soulevees par les locataires. ")
TARGET_SECONDS = 5.0


def template(folder: Path) -> dict:
    """A realistic document (the current schema): 2 pages' worth of text, 30 corrections, 5 dates, 3 URLs."""
    text = "Compte rendu de la reunion\n\n" + "\n\n".join(PARAGRAPH * 3 for _ in range(12)) + "\n"
    source = folder / "template.txt"
    source.write_text(text, encoding="utf-8")
    document = process_file(source, Settings())
    words = [(m, m + len(w)) for m, w in _word_offsets(document["text"])][:30]
    document["corrections"] = [
        {"original": document["text"][s:e][::-1], "corrected": document["text"][s:e], "page": 1,
         "start": s, "end": e, "reason": "ocr-confusion", "confidence": 0.8}
        for s, e in words
    ]
    document["dates"] = [{"date": f"2017-0{m}-1{m}", "raw": f"1{m}/0{m}/2017", "label": None, "page": 1}
                         for m in range(1, 6)]
    document["urls"] = [{"url": f"https://www.example.fr/page{i}", "raw": f"www.example.fr/page{i}",
                         "label": None, "ref": str(i), "page": 1} for i in range(3)]
    document["unknown_words"] = ["Sellier", "Dumas", "EPCI"]
    document["pages"][0]["low_confidence_words"] = [{"text": "reuni", "confidence": 41.0}]
    emit.validate(document)
    return document


def _word_offsets(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for word in text.split(" "):
        if word.isalpha():
            out.append((start, word))
        start += len(word) + 1
    return out


def write_corpus(folder: Path, count: int) -> None:
    base = template(folder)
    for i in range(count):
        document = copy.deepcopy(base)
        digest = hashlib.sha256(f"document {i}".encode()).hexdigest()
        document["id"] = emit.document_id(digest)
        document["source"]["sha256"] = digest
        document["source"]["path"] = f"data/raw/fiche-{i:04d}.txt"
        document["dates"][0]["date"] = f"{2000 + i % 25}-01-15"
        emit.write_atomic(folder / "clean" / f"fiche-{i:04d}.json", emit.dumps(document))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.documents)
        size = sum(p.stat().st_size for p in (folder / "clean").glob("*.json"))
        started = time.perf_counter()
        corpus = load_corpus(folder / "clean")
        seconds = time.perf_counter() - started
    print(f"{len(corpus.documents)} documents ({size / 1e6:.1f} MB of JSON), "
          f"{len(corpus.corrections)} corrections: loaded in {seconds:.2f} s "
          f"(target < {TARGET_SECONDS:.0f} s)")
    return 0 if seconds < TARGET_SECONDS and len(corpus.documents) == args.documents else 1


if __name__ == "__main__":
    sys.exit(main())
