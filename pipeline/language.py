"""py3langid's language model, kept unpacked in the user's cache folder.

py3langid ships its model compressed with LZMA: unpacking it was 0.3-0.45 s of CPU in every process
that identifies a language, a fifth of a rerun whose pages all come from the OCR cache. The first
process unpacks it as py3langid does and keeps only the columns of the languages fiches tells
apart (:mod:`pipeline.derived` saves the arrays); later processes read them back in a few
hundredths of a second.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.derived import kept, source_key

ROWS = {2: "H", 4: "I", 8: "L"}
"""Typecode of the stdlib array py3langid walks its automaton with, by item size in bytes."""


def identifier(languages: Sequence[str], cache_dir: Path | None = None):  # noqa: ANN201 - py3langid has no types
    """A py3langid identifier restricted to ``languages``, with normalised probabilities."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    source, languages = MODEL_DIR / MODEL_FILE, tuple(languages)
    arrays = kept("langid", source_key(source, extra=",".join(languages)),
                  lambda: _restricted(source, languages), cache_dir)
    return LanguageIdentifier(
        arrays["ptc"], arrays["pc"], arrays["classes"], _stdlib(arrays["nextmove"]),
        arrays["out_feat"].tolist(), norm_probs=True, tk_row=_stdlib(arrays["nextmove_row"]))


def _restricted(source: Path, languages: tuple[str, ...]) -> dict:
    """py3langid's arrays, as its own loader unpacks them, with only the columns of ``languages``."""
    from py3langid.langid import LanguageIdentifier

    model = LanguageIdentifier.from_modelpath(source)
    model.set_languages(list(languages))
    return {"ptc": np.asarray(model.nb_ptc), "pc": np.asarray(model.nb_pc), "classes": list(model.nb_classes),
            "nextmove": np.asarray(model.tk_nextmove), "nextmove_row": np.asarray(model.tk_row),
            "out_feat": np.asarray(model.tk_output, dtype=np.int64)}


def _stdlib(values: np.ndarray) -> array:
    """A NumPy array as the stdlib array py3langid indexes in its loops (faster there than NumPy)."""
    out = array(ROWS[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out
