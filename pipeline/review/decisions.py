"""The archivist's review decisions: the sidecar file next to a document's JSON, and how a run applies it.

The review page records two kinds of decision about one document and saves them to
``<name>.review.json`` beside ``<name>.json``:

- a correction accepted or rejected, named by what it changed (``original`` → ``corrected``
  on ``page``, the ``occurrence``-th such change there): offsets are not used, they move
  whenever anything earlier in the text changes;
- a word added to the known words (the corrected form, the original form, or an unknown word).

The next run reads the sidecar (:func:`for_output`) and, right after correction,
:func:`apply` undoes the rejected corrections (the word as printed comes back), undoes any
correction of a word now known, and takes the known words out of ``unknown_words``. The
corrector itself is not told: the decisions hold for this document only, and adding a word
for the whole archive is the user word list's job.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline.errors import BadInput
from pipeline.model import Document, Word

SIDECAR_SUFFIX = ".review.json"
FORMAT = "fiches-review/1"
MAX_SIDECAR_BYTES = 1 << 20
"""A sidecar is a few hundred bytes a decision; anything near a megabyte is not one of ours."""
EDGE_PUNCTUATION = re.compile(r"^[^\w']+|[^\w']+$")


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class WordFrom(StrEnum):
    """Where on the page a word added to the known words was offered."""

    CORRECTED = "corrected"
    ORIGINAL = "original"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CorrectionKey:
    """One correction, named the same way by the JSON and by a run: offsets are left out on purpose."""

    original: str
    corrected: str
    page: int
    occurrence: int
    """1 for the first change of ``original`` into ``corrected`` on that page, 2 for the next…"""


@dataclass
class Decisions:
    """What the archivist decided about one document."""

    corrections: dict[CorrectionKey, Verdict] = field(default_factory=dict)
    words: dict[str, WordFrom] = field(default_factory=dict)
    document_id: str | None = None

    @property
    def rejected(self) -> set[CorrectionKey]:
        return {key for key, verdict in self.corrections.items() if verdict is Verdict.REJECTED}


@dataclass(frozen=True)
class Applied:
    """What the decisions changed in one run of the document (for its JSON and the run report)."""

    rejected: int
    words: int

    def as_dict(self) -> dict[str, int]:
        return {"corrections_rejected": self.rejected, "words_known": self.words}


def sidecar_path(json_path: Path) -> Path:
    """``clean/a.json`` → ``clean/a.review.json``."""
    return json_path.with_name(json_path.name.removesuffix(".json") + SIDECAR_SUFFIX)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def bare_word(text: str) -> str:
    """A word without the punctuation around it (``quéstions,`` → ``quéstions``): what a word list holds."""
    return EDGE_PUNCTUATION.sub("", text.strip())


def correction_keys(corrections: list[dict[str, Any]]) -> list[CorrectionKey]:
    """The key of each correction of a JSON document, in its order."""
    seen: Counter[tuple[str, str, int]] = Counter()
    keys = []
    for fix in corrections:
        triple = (fix["original"], fix["corrected"], fix["page"])
        seen[triple] += 1
        keys.append(CorrectionKey(*triple, seen[triple]))
    return keys


# -- the sidecar file --------------------------------------------------------------------------


def parse(data: Any) -> Decisions:
    """Decisions from the sidecar's JSON value; ValueError naming what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a review file (no \"format\": \"{FORMAT}\")")
    decisions = Decisions(document_id=data.get("document_id") if isinstance(data.get("document_id"), str)
                          else None)
    try:
        for item in data.get("corrections", []):
            key = CorrectionKey(str(item["original"]), str(item["corrected"]), int(item["page"]),
                                int(item.get("occurrence", 1)))
            decisions.corrections[key] = Verdict(item["decision"])
        for item in data.get("words", []):
            word = bare_word(str(item["word"]))
            if word:
                decisions.words[word] = WordFrom(item.get("from", WordFrom.UNKNOWN))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"a decision is malformed ({type(exc).__name__}: {exc})") from exc
    return decisions


def to_json(decisions: Decisions) -> dict[str, Any]:
    """The sidecar's JSON value (what the review page sends and what :func:`parse` reads)."""
    return {
        "format": FORMAT,
        "document_id": decisions.document_id,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corrections": [{"original": k.original, "corrected": k.corrected, "page": k.page,
                         "occurrence": k.occurrence, "decision": v.value}
                        for k, v in decisions.corrections.items()],
        "words": [{"word": w, "from": f.value} for w, f in decisions.words.items()],
    }


def read(path: Path) -> Decisions:
    """The decisions saved in ``path``; BadInput naming the file and the reason."""
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise BadInput(str(path), "review file too large to be one")
        return parse(json.loads(path.read_bytes()))
    except OSError as exc:
        raise BadInput(str(path), f"cannot read review file ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(str(path), f"review file is not valid JSON ({exc})") from exc
    except ValueError as exc:
        raise BadInput(str(path), str(exc)) from exc


def for_output(json_path: Path) -> Decisions | None:
    """The decisions saved beside the output ``json_path``, None when there are none."""
    sidecar = sidecar_path(json_path)
    return read(sidecar) if sidecar.is_file() else None


def newer_than_output(json_path: Path) -> bool:
    """Whether decisions were saved after the output was written: the document is to be run again."""
    try:
        return os.stat(sidecar_path(json_path)).st_mtime_ns > os.stat(json_path).st_mtime_ns
    except OSError:
        return False


# -- applying them in a run --------------------------------------------------------------------


def _undo(word: Word, following: Word | None) -> None:
    """The word as printed again; a merge also gives the next word back its text."""
    if word.fix is not None and word.fix.reason == "merge" and following is not None \
            and not following.text and following.fix is None:
        following.text = following.original
    word.text = word.original
    word.fix = None


def apply(doc: Document, decisions: Decisions) -> Applied:
    """Undo the rejected corrections and those of words now known; known words are no longer unknown.

    Works on the corrected words in place, in the order emit lists corrections, so the
    ``occurrence`` of each key counts the same way as :func:`correction_keys` on the JSON.
    """
    rejected = decisions.rejected
    known = {word.casefold() for word in decisions.words}
    seen: Counter[tuple[str, str, int]] = Counter()
    undone = 0
    for page in doc.pages:
        for line in page.lines:
            for i, word in enumerate(line.words):
                if word.fix is None:
                    continue
                triple = (word.fix.original or word.original, word.text, page.number)
                seen[triple] += 1
                if CorrectionKey(*triple, seen[triple]) in rejected \
                        or bare_word(word.original).casefold() in known:
                    _undo(word, line.words[i + 1] if i + 1 < len(line.words) else None)
                    undone += 1
    before = len(doc.unknown_words)
    doc.unknown_words = [w for w in doc.unknown_words if bare_word(w).casefold() not in known]
    return Applied(rejected=undone, words=before - len(doc.unknown_words))
