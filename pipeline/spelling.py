"""Older French spelling: the rules that read it, and the signs that a page was printed in it.

A book of the 17th or 18th century (``il avoit``, ``les enfans``, ``&``, the long s that OCR reads
``f``: ``efprit``) is not modern French with errors in it. Its spelling is the printer's: ``toûjours``,
``cét``, ``aîles``, ``adjoûtant``, ``bufle`` are right as printed, and "correcting" them modernises
the text. What OCR gets wrong there is still wrong: a long s read ``f`` (``mefmes`` is ``mesmes``, the
page's spelling, not ``mêmes``), a letter misread (``c'élait``), an accent no French word carries
(``joúr``, ``assïs``).

- :func:`old_spelling`: an unknown word that the rules below turn into a living word is a spelling;
- :func:`old_print`: a page printed in the older spelling, told by marks that modern print, a
  typist's slips and OCR noise do not make together (see ``MARKS``);
- :func:`long_s`: the word a long s read ``f`` stands for, on such a page;
- :func:`spelling_variant`: whether a correction only changes what older print spells otherwise,
  in which case it is no correction there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import StrEnum

from pipeline.lexicon import Lexicon
from pipeline.text import fold, plain_apostrophes

OLD_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), modern) for pattern, modern in (
        (r"oi(?=(?:t|ent|s|ons|ez)?$)", "ai"),   # avoit, estoient, connois → avait, étaient
        (r"oi", "ai"),                           # connoissance, françois
        (r"(?<=[aeo])ns$", "nts"),               # enfans, abonnemens, sçavans
        (r"s(?=[bcdfgjklmnpqtv])", ""),          # estre, nostre, mesme (the accent is folded away)
        (r"d(?=[jv])", ""),                      # adjouster, advis: a Latin letter kept in print
        (r"y$", "i"),                            # autruy, luy, moy
        (r"y", "i"),                             # ayeul, joye
        (r"(?<=[aeiou])u(?=[aeiou])", "v"),      # pouuoir, priuilege
        (r"^v(?=[bcdfgjklmnpqrstvwxz])", "u"),   # vn, vsage
        (r"c(?=t)", ""),                         # faict, poinct
        (r"(?<=[aeiou])z$", "s"),                # bontez, amez
        (r"([bcdfglmnprt])\1", r"\1"),           # sattisfacion, appeller
        (r"cion$", "tion"),                      # sattisfacion
        (r"^h", ""),                             # habandonner
        (r"ein", "ain"),                         # terrein, certein
        (r"(?<=[aeiou])([bcdfglmnprt])(?=[aeiouylr])", r"\1\1"),  # rabatu, acomplir, bufle (one at a time)
        (r"(?<=[aeiou])t(?=[aeiouy])", "th"),    # autentique
    )
)
"""Rules that turn an older French spelling into today's (on the folded word). Each is tried alone,
everywhere and at each place in turn, then all of them together; a living word at the end means the
form is a spelling, not an error."""

OLD_TARGET = 10
"""Frequency the modern word needs: an old spelling is of a living word, not of a rare one (``ânée``)."""


class Mark(StrEnum):
    """Marks of older print that modern text does not make (see :func:`old_print`)."""

    AMPERSAND = "ampersand"
    """``&`` for ``et`` before a word in lower case (a receipt's ``CAFE & THE`` is a name's)."""
    IMPERFECT = "imperfect"
    """``-oit``, ``-oient``, ``-ois``: ``avoit``, ``seroient`` (``avait``, ``seraient``)."""
    LONG_S = "long s"
    """An ``f`` that, read as the long s it looks like, makes a living word: ``efprit``, ``fe``."""


MARKS, MARK_REPEATS = 2, 3
"""A page is old print when it shows three marks or more, of two kinds, or three of one kind other
than ``&``. One mark alone is what a typist's slip or OCR noise makes (``nois``, ``fon``: one in a
page of the Tapuscorpus), and so are two (a letter's ``a`` read ``&``, its ``se`` read ``fe``);
``&`` alone is a receipt's or a firm's name. The plural in ``-ens`` (``événemens``) is
no mark: newspapers kept it into the 1840s with modern imperfects and accents (and OCR's stray ones)."""
MARK_RATE = 1 / 2000
"""Fewest marks per word: a page of thousands of words collects a stray one of each kind."""

IMPERFECT = re.compile(r"oi(?=(?:t|ent|s)$)")


def _living(folded: str, lexicon: Lexicon) -> bool:
    return any(lexicon.frequency(w) >= OLD_TARGET for w in lexicon.folded.get(folded, ()))


def modern_forms(folded: str) -> Iterator[str]:
    """The folded forms the rules of ``OLD_SPELLINGS`` make of a folded word: each rule everywhere,
    each at each place, then all of them in turn."""
    every = folded
    for pattern, replacement in OLD_SPELLINGS:
        yield pattern.sub(replacement, folded)
        for match in pattern.finditer(folded):  # one place at a time: ``acomplir`` doubles one letter
            yield folded[:match.start()] + match.expand(replacement) + folded[match.end():]
        every = pattern.sub(replacement, every)
    yield every


def old_spelling(core: str, lexicon: Lexicon) -> bool:
    """Whether an unknown word is a known word in an older spelling (``avoit``, ``enfans``)."""
    folded = fold(core)
    if not folded.isalpha() or len(folded) < 2 or folded in lexicon.folded:
        return False  # ``annee`` lost its accent: no older spelling is needed to know it
    return any(form != folded and _living(form, lexicon) for form in modern_forms(folded))


def mark(core: str, lexicon: Lexicon) -> Mark | None:
    """The mark of older print a word in lower case is, if any (``&`` is told by its neighbour)."""
    folded = fold(core)
    if not core.isalpha() or not core.islower() or len(folded) < 2 or folded in lexicon.folded:
        return None
    if IMPERFECT.search(folded) and _living(IMPERFECT.sub("ai", folded), lexicon):
        return Mark.IMPERFECT
    if long_s(core, lexicon) is not None:
        return Mark.LONG_S
    return None


def old_print(tokens: Iterable[str], lexicon: Lexicon) -> bool:
    """Whether a page's words (their cores, punctuation stripped; ``&`` as printed) are older print."""
    tokens = list(tokens)
    marks: Counter[Mark] = Counter()
    for token, after in zip(tokens, [*tokens[1:], ""], strict=False):
        if token == "&":
            if after[:1].islower():
                marks[Mark.AMPERSAND] += 1
        elif (found := mark(token, lexicon)) is not None:
            marks[found] += 1
    if sum(marks.values()) < MARK_RATE * len(tokens):
        return False
    if sum(marks.values()) < MARK_REPEATS:
        return False
    return len(marks) >= MARKS or any(n >= MARK_REPEATS for m, n in marks.items() if m is not Mark.AMPERSAND)


LONG_S_WORDS, LONG_S_LENGTH = 3, 3
"""A page shows its long s read ``f`` in this many different words of this many letters or more
(``efprit``, ``mefme``): only there is a short one read back (``fe`` → ``se``). An edition of medieval
charters prints no long s, and its ``fu`` (``fut``) is no ``su``."""


def long_s_page(tokens: Iterable[str], lexicon: Lexicon) -> bool:
    """Whether a page's words (cores) show the long s read ``f`` (see ``LONG_S_WORDS``)."""
    words = {plain_apostrophes(t).rpartition("'")[2] for t in tokens}  # ``l'efprit``: its word
    found = {w for w in words if len(w) >= LONG_S_LENGTH and long_s(w, lexicon) is not None}
    return len(found) >= LONG_S_WORDS


def long_s(core: str, lexicon: Lexicon) -> str | None:
    """The word an unknown word in lower case is with its long s read back (``efprit`` → ``esprit``,
    ``mefmes`` → ``mesmes``, ``fe`` → ``se``), when that is a known word or an older spelling of one.

    The long s ``ſ`` looks like an ``f`` without its bar; it was never printed at a word's end. Each
    ``f`` that is not the last letter is read as ``s`` alone, then all of them; one word must come out.
    """
    if "f" not in core[:-1] or not core.isalpha() or not core.islower() or fold(core) in lexicon.folded \
            or old_spelling(core, lexicon):
        return None  # ``fame`` is ``famé`` without its accent; ``bufle`` the printer's ``buffle``
    spots = [i for i, c in enumerate(core[:-1]) if c == "f"]
    tries = [core[:i] + "s" + core[i + 1:] for i in spots]
    if len(spots) > 1:
        tries.append("".join("s" if i in spots else c for i, c in enumerate(core)))
    found = {word for word in tries if lexicon.is_word(word) or old_spelling(word, lexicon)}
    return found.pop() if len(found) == 1 else None


def foreign_accent(core: str) -> bool:
    """Whether a word carries a sign no French word prints where it stands: an acute or grave that
    French does not use (``joúr``, ``enví``, ``ì``), a diaeresis after a consonant (``assïs``: French
    puts one on a vowel after a vowel, ``nuë``, ``naïf``), ``ù`` outside ``où``, ``ç`` before ``e``,
    ``i`` or ``h`` (``maréçhal``). OCR makes those; older print does not."""
    low = core.lower()
    for i, c in enumerate(low):
        before, after = low[i - 1:i], low[i + 1:i + 2]
        if c in "áíóúìòñãõåýø":
            return True
        if c in "ëïü" and not (before and fold(before) in "aeiouy"):
            return True
        if c == "ù" and low.strip("'") not in ("où",) and not low.endswith("'où"):
            return True
        if c == "ç" and after not in ("a", "o", "u", "â", "ô", "û"):
            return True
    return False


def spelling_variant(core: str, word: str) -> bool:
    """Whether ``word`` differs from the printed ``core`` only the way older print spells (accents,
    a doubled or silent letter, ``oi`` for ``ai``, ``y`` for ``i``…): on an old page, that is the
    printer's spelling, not an OCR error. A sign no French word prints (:func:`foreign_accent`) is
    OCR's, and may go."""
    folded, target = fold(core), fold(word)
    if folded == target:
        return not foreign_accent(core)
    return target in set(modern_forms(folded))
