"""Two readings of a URL merged stretch by stretch: their characters aligned, and at each stretch where
they differ the one the URL model doubts less taken.

Why: of two readings of a URL line, each is often right where the other is wrong (``calaméo.comAie``
and ``calameo.comivie``), and taking either whole keeps the other's errors. Where they agree nothing
is chosen; where they differ each stretch is taken from one reading or the other, never made up.
Where both are wrong alike, a letter may still be taken from OCR's runner-up for it (:func:`alternatives`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pipeline.model import Box, Word

MAX_STRETCHES = 24
"""Readings differing in more stretches than this are too far apart to be merged: one is taken whole."""
MIN_LIKENESS = 0.5
"""Readings less alike than this (difflib's ratio) are not of the same words: one is taken whole."""
PASSES = 2
"""Times each stretch is tried again once others changed (a host's dot and its suffix judged together)."""


@dataclass(frozen=True)
class _Char:
    """One character of a reading, and the word it was read in (None for the space between words)."""

    char: str
    word: Word | None
    offset: int


def _chars(words: list[Word]) -> list[_Char]:
    out: list[_Char] = []
    for n, word in enumerate(words):
        if n:
            out.append(_Char(" ", None, 0))
        out += [_Char(c, word, k) for k, c in enumerate(word.original)]
    return out


def merge(first: list[Word], second: list[Word], score: Callable[[list[Word]], Any],
          start_with_second: bool = False) -> list[Word]:
    """``first`` and ``second`` (readings of the same stretch of a line) aligned character by character,
    each stretch where they differ taken from the reading that gives the lower ``score`` (None: no
    URL; the lowest wins, ties keep what was there). Starts from ``second`` when ``start_with_second``,
    else from ``first``; each stretch is tried the other way in turn, and kept when the score drops."""
    a, b = _chars(first), _chars(second)
    matcher = difflib.SequenceMatcher(None, [c.char for c in a], [c.char for c in b], autojunk=False)
    ops = matcher.get_opcodes()
    stretches = [k for k, op in enumerate(ops) if op[0] != "equal"]
    base = second if start_with_second else first
    if not stretches or len(stretches) > MAX_STRETCHES or matcher.ratio() < MIN_LIKENESS:
        return base
    take = dict.fromkeys(stretches, start_with_second)

    def build() -> list[Word]:
        chars: list[_Char] = []
        for k, (op, i1, i2, j1, j2) in enumerate(ops):
            chars += b[j1:j2] if op != "equal" and take[k] else a[i1:i2]
        return _words(chars)

    best = score(base)
    for _ in range(PASSES):
        changed = False
        for k in stretches:
            take[k] = not take[k]
            now = score(build())
            if now is not None and (best is None or now < best):
                best, changed = now, True
            else:
                take[k] = not take[k]
        if not changed:
            break
    merged = build()
    return base if [w.original for w in merged] == [w.original for w in base] else merged


ALTERNATIVE = 0.5
"""A character's alternative is tried when OCR gave it at least this share of the character's own
confidence."""
ALTERNATIVE_CHARS = re.compile(r"[A-Za-z]")
"""The characters whose alternatives are tried, and the alternatives tried: letters. A mark or a figure
for a letter, or the other way, lengthened or cut URLs the URL model then doubted no more (``.fr`` read
``ifr``, ``%20`` read ``d20``, ``-2023`` cut at ``5-2023``)."""


def alternatives(words: list[Word], score: Callable[[list[Word]], Any]) -> list[Word]:
    """``words`` with each letter OCR hesitated over (``Word.choices``: another letter at
    :data:`ALTERNATIVE` of its confidence) read as that letter where ``score`` drops (None: no URL;
    ties keep what was read), tried in turn and again once others changed, as :func:`merge` does
    between two readings. Where both readings of a line misread a letter alike (``unceas.arg``), the
    printed one is often the runner-up of one of them (``o`` at 80 % of the ``a``)."""
    chars = _chars(words)
    tries = [(k, alt) for k, c in enumerate(chars) for alt in _alternatives(c)]
    best = score(words) if tries else None
    if best is None:
        return words
    for _ in range(PASSES):
        changed = False
        for k, alt in tries:
            was = chars[k]
            if was.char == alt:
                continue
            chars[k] = replace(was, char=alt)
            now = score(_words(chars))
            if now is not None and now < best:
                best, changed = now, True
            else:
                chars[k] = was
        if not changed:
            break
    tried = _words(chars)
    return words if [w.original for w in tried] == [w.original for w in words] else tried


def _alternatives(c: _Char) -> list[str]:
    """The alternatives of ``c`` worth trying (:data:`ALTERNATIVE`, :data:`ALTERNATIVE_CHARS`)."""
    if c.word is None or not c.word.choices or len(c.word.choices) != len(c.word.original):
        return []
    options = c.word.choices[c.offset]
    if len(options) < 2 or not ALTERNATIVE_CHARS.fullmatch(c.char):
        return []
    (_, confidence), *others = options
    return [alt for alt, share in others
            if ALTERNATIVE_CHARS.fullmatch(alt) and share >= ALTERNATIVE * confidence]


def _words(chars: list[_Char]) -> list[Word]:
    """Characters back into words: split at spaces, each word's box the span its characters took in
    the words they were read in, its confidence the least of theirs."""
    out: list[Word] = []
    run: list[_Char] = []
    for c in [*chars, _Char(" ", None, 0)]:
        if c.char != " ":
            run.append(c)
            continue
        if run:
            out.append(_word(run))
        run = []
    return out


def _word(run: list[_Char]) -> Word:
    sources = [c.word for c in run if c.word is not None]
    text = "".join(c.char for c in run)
    if len({id(w) for w in sources}) == 1 and text == sources[0].original:
        return sources[0]  # a word as read
    confidences = [w.confidence for w in sources if w.confidence is not None]
    boxes = [_char_box(c) for c in run]
    known = [box for box in boxes if box is not None]
    choices = None
    if all(c.word is not None and c.word.choices is not None and len(c.word.choices) == len(c.word.original)
           for c in run):
        choices = [_first(c.char, c.word.choices[c.offset]) for c in run
                   if c.word is not None and c.word.choices is not None]
    return Word(text, confidence=min(confidences, default=None),
                box=Box.around(known) if known else None, choices=choices)


def _first(char: str, options: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """``options`` with ``char``, the one taken, first (an alternative taken is the reading's now)."""
    return sorted(options, key=lambda option: option[0] != char)


def _char_box(c: _Char) -> Box | None:
    """The share of its word's box a character takes (letters taken as equally wide)."""
    if c.word is None or c.word.box is None:
        return None
    x0, y0, x1, y1 = c.word.box
    step = (x1 - x0) / max(1, len(c.word.original))
    return Box(x0 + step * c.offset, y0, x0 + step * (c.offset + 1), y1)
