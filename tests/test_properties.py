"""Property tests of the text stages: any Unicode text in, a valid document or one clear refusal out.

Through the public entry point a transcription takes (``process_file`` on a ``.txt``): the
corrector, the segmenter and the emitter all run, with the real dictionaries and spaCy model.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("hypothesis", reason="a virtualenv made before hypothesis joined the dev extras")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline import emit  # noqa: E402
from pipeline.errors import BadInput
from pipeline.process import process_file
from pipeline.settings import Settings

PIECES = [
    "Le", "conseil", "citoyen", "de", "Lille", "s'est", "réuni", "le", "5", "mars", "2019", ".", ",", ":",
    "Docurnentation", "quéstions", "http://www.ville.gouv.fr/IMG/pdf/cadre.pdf", "www.irev.fr", "14/04/2018",
    "-", "•", "1.", "CONTRAT", "DE", "VILLE", "l'", "d'", "œuvre", "ﬁn", "\u00ad", "\u200b", "’", "«", "»",
    "\n", "\n\n", "\t", "\f", "Roubaix", "n°", "12", "h", "30", "@", "#", "%", "é", "É", "ç", "Mme", "QPV",
]

french_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=120).map(" ".join)
any_text = st.one_of(st.text(max_size=400), french_like)

SETTINGS = Settings(doc_timeout=None)
FOLDER = Path(tempfile.mkdtemp(prefix="fiches-properties-"))


def _run(text: str) -> dict | None:
    path = FOLDER / "transcription.txt"
    path.write_text(text, encoding="utf-8")
    try:
        return process_file(path, SETTINGS)
    except BadInput as exc:  # empty, binary-looking or not prose: refused with a reason, never a crash
        assert exc.reason and "transcription.txt" in str(exc)
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_text_gives_a_valid_document_whose_corrections_slice_its_text(text: str) -> None:
    document = _run(text)
    if document is None:
        return
    emit.validate(document)
    body = document["text"]
    for correction in document["corrections"]:  # a removed word too: it points where it stood
        assert 0 <= correction["start"] <= correction["end"] <= len(body)
        assert body[correction["start"]:correction["end"]] == correction["corrected"]


def _seconds(text: str) -> float:
    started = time.perf_counter()
    _run(text)
    return time.perf_counter() - started


def test_segmentation_and_emission_time_is_linear_in_the_length_of_a_line() -> None:
    """Without correction (the corrector's own bound is measured by bench/correct_speed.py): one
    60 KB line (1,200 URLs and dates) costs about what the same words cost wrapped at 80 columns."""
    words = " ".join(f"{PIECES[i % 20]}" for i in range(12_000))
    wrapped = "\n".join(words[i:i + 80] for i in range(0, len(words), 80))
    quick = Settings(doc_timeout=None, correct=False)
    for text in (wrapped, words):  # warm up: dictionaries and model loaded
        (FOLDER / "warm.txt").write_text(text[:1000], encoding="utf-8")
        process_file(FOLDER / "warm.txt", quick)

    def seconds(text: str) -> float:
        (FOLDER / "long.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        process_file(FOLDER / "long.txt", quick)
        return time.perf_counter() - started

    one_line, lines = seconds(words), seconds(wrapped)
    assert one_line < 3 * lines + 0.5, f"one line {one_line:.2f} s, wrapped {lines:.2f} s"
