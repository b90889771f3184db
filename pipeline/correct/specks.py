"""Specks: the dirt of a poor scan that Tesseract reads as signs and short "words", mostly at line
ends (``institutions. : RARES à``).

Those it was unsure of are deleted (reason ``noise``, text ``""``, the original kept) when they
follow a mark no prose has there (``; :``, ``|``); with no such mark, only non-words right after
punctuation are. Never on a text layer, whose signs were typed.
"""

from __future__ import annotations

from pipeline.correct.words import WORD_LETTERS, is_all_caps, is_known, split_punctuation
from pipeline.dates import dates_in
from pipeline.lexicon import Lexicon
from pipeline.model import Word
from pipeline.text import HYPHENS, NOISE_LETTERS, between_numbers, is_number_like, is_url_like

SPECK_MARKS = frozenset("|¦#©®=~^`<>{}[]*+\\")
"""Signs no prose ends a line with: after words, alone, they are specks."""
CLAUSE_MARKS = frozenset(".,;:!?")
NOISE_CONFIDENCE = 75
"""Tesseract reads specks with a low confidence: a word it was surer of is never noise."""


def _is_mark(text: str) -> bool:
    return bool(text) and not any(c.isalnum() for c in text)


def is_underline(text: str) -> bool:
    """One or two underscores alone: a speck, or a form's blank line read as a word."""
    return 0 < len(text) <= 2 and set(text) == {"_"}


def _weak(text: str, lexicon: Lexicon) -> bool:
    """A token a speck can make: a sign, a number, a short word, a short unknown word or capitals."""
    if _is_mark(text) or is_underline(text) or is_number_like(text):
        return True
    core = split_punctuation(text)[1]
    letters = sum(c.isalpha() for c in core)
    if letters <= 3 or text in NOISE_LETTERS:
        return True
    return letters <= 5 and (is_all_caps(core) or not is_known(core, lexicon))


def _non_word(text: str, lexicon: Lexicon) -> bool:
    """Neither a word nor a word's compound: ``est-11?`` is ``est-il ?`` misread, not dirt."""
    core = split_punctuation(text)[1]
    if len(core) == 1:
        return core not in WORD_LETTERS
    parts = [p for p in core.split("-") if p]
    return not is_known(core, lexicon) and not (
        len(parts) > 1 and any(len(p) > 1 and p.isalpha() and is_known(p, lexicon) for p in parts))


def _code(text: str) -> bool:
    """A code with figures in it (``139-000029-U02``, ``T0050``): dirt reads as a figure or two,
    never as a row of them (the corrector leaves such codes alone too)."""
    return sum(c.isdigit() for c in text) > 1


def _numbered(text: str) -> bool:
    """A figure with letters after it: a number printed with its ordinal or unit (``1er``, ``2e``,
    ``14h``), in a date or a measure. Dirt reads as a sign, a letter or a lone figure."""
    core = split_punctuation(text)[1]
    return core[:1].isdigit() and any(c.isalpha() for c in core)


DATE_WORDS = 3
"""Words a date in words takes: a day, a month, a year."""


def _opens_date(texts: list[str], i: int) -> bool:
    """The word is the day of a date the words after it complete (:func:`pipeline.dates.dates_in`):
    without it the line holds one date fewer. OCR reads ``1er`` as ``ler`` or ``1°``, never a word."""
    return dates_in(texts[i:i + DATE_WORDS]) > dates_in(texts[i + 1:i + DATE_WORDS])


def _cut(text: str) -> bool:
    """A word cut at the line end (``Regar-``): two letters or more before the hyphen."""
    return len(text) > 2 and text[-1] in HYPHENS and text[-2].isalpha() and text[-3].isalpha()


def _speck_mark(texts: list[str], j: int) -> bool:
    """``|``, ``©``, a lone accented letter, or a punctuation mark right after another one (``; :``).
    A sign between two numbers is arithmetic (``5.5 = 0``, ``2 + 3``), not a speck."""
    text = texts[j]
    if text in NOISE_LETTERS:
        return True
    if _is_mark(text) and set(text) <= SPECK_MARKS:
        return not between_numbers(texts, j)
    before = texts[j - 1] if j > 0 else ""
    return _is_mark(text) and set(text) <= CLAUSE_MARKS and bool(before) and before[-1] in CLAUSE_MARKS


def weak_tail(words: list[Word], lexicon: Lexicon) -> int:
    """Where the line's tail of weak tokens starts (signs, numbers, short or unknown words): where
    a margin's dirt gathers (``.LE PRINCIPE Ë : ; î ë``); ``len(words)`` when the line ends with a word."""
    start = len(words)
    while start > 0 and _weak(words[start - 1].original, lexicon):
        start -= 1
    return start


def speck_words(words: list[Word], lexicon: Lexicon) -> list[int]:
    """Indices of the words that specks made at the end of a line, to delete.

    The line's tail is its run of weak tokens (signs, numbers, short or unknown words). After a
    mark no prose has there (``; :``, ``. :``, a lone ``|`` or ``ï``), its words are specks;
    with no such mark, only non-words right after a punctuation mark are. Numbers, codes, URLs,
    acronyms and words Tesseract was sure of stay.
    """
    texts = [w.original for w in words]
    start = weak_tail(words, lexicon)
    if start == len(texts) or _cut(texts[-1]):
        return []  # ``… ? ,... Mon ami .,.,. Regar-``: a line whose last word goes on on the next one
        # ends in prose, not in a margin's dirt
    marks = [j for j in range(start, len(texts)) if _speck_mark(texts, j)]
    if marks:
        chosen = range(marks[0] + 1, len(texts))
        only_non_words = False
    elif set(texts[start]) <= SPECK_MARKS | CLAUSE_MARKS or start and texts[start - 1][-1:] in ".;:!?":
        chosen = range(start, len(texts))
        only_non_words = True
    else:
        return []
    out = []
    for i in chosen:
        text, confidence = texts[i], words[i].confidence
        if i > 0 and (is_url_like(texts[i - 1]) or is_number_like(texts[i - 1])):
            continue  # ``synthese-2017. pdf``: the rest of a URL; ``14 h``: a unit
        if confidence is not None and confidence >= NOISE_CONFIDENCE:
            continue
        if _is_mark(text) or is_number_like(text) or is_url_like(text) or _code(text) or _numbered(text):
            continue
        if _opens_date(texts, i):
            continue  # ``Date : ler mai 2020``: its ``1er`` as OCR read it, the date's day
        if text[-1:] in HYPHENS and any(c.isalpha() for c in text):
            continue  # ``Je crai-``: a word cut at the line end, its rest on the next line or page
        core = split_punctuation(text)[1]
        if lexicon.is_acronym(core) or only_non_words and not _non_word(text, lexicon):
            continue
        out.append(i)
    return out

