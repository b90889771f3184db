"""OCR correction of words, with the domain dictionary and a French lexicon.

A word is changed only when it is unknown, not protected, and one candidate clearly wins.
Candidates come from a search over the lexicon's sorted keys (a prefix check prunes it, so it
works like a trie walk) that rewrites the OCR token with weighted character confusions
(``rn``→``m``, ``r``→``n``, ``|``→``l``, ``e``↔``o``…) and at most a couple of plain edits
(a letter lost, added or replaced), which cost more. Accents are free in the search (the
index is accent-folded) and priced after it, within the same budget (``one`` is no ``âne``).
Candidates are ranked by that cost, the word's frequency, the accents kept and the plural
that a determiner asks for (``les habitanté`` → ``habitants``); the word stays as it is
(and is listed in ``unknown_words``) when two candidates are too close or the best is too far.
A speck between two known words (``menée.auprès``) or inside one (``quar'tier``) goes.

Never changed: URLs (and the pieces of a URL broken over lines), e-mail addresses, numbers,
dates, codes, acronyms, known words, words in capitals whose accents are merely missing
(``METHODOLOGIE``), and capitalised unknown words (proper nouns) unless a domain word or
place is one cheap confusion away, or one cheap confusion makes a very common word (``Wne``),
or one glyph confusion a listed word (``Docurnentation``), or the word is long (12+ letters).

A few short tokens are decided by their neighbours: ``&``/``3``/``4`` before a determiner
is ``à``; ``a`` before a place name is ``à``; ``à été`` is ``a été``; ``11 faut`` opening a
sentence is ``Il faut``; ``I'`` is ``l'``; ``qu une`` is ``qu'une``; a lone ``e`` starting a
line is a bullet; a lone accented letter is a speck of noise.

Specks: Tesseract reads the dirt of a poor scan as signs and short "words" at line ends
(``institutions. : RARES à``). Those it was unsure of are deleted (reason ``noise``, text
``""``, the original kept) when they follow a mark no prose has there (``; :``, ``|``); with
no such mark, only non-words right after punctuation are. Never on a text layer.

Each word's decision is memoised per process on the lexicon: most words of a text repeat.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from pipeline import dates, evidence
from pipeline.evidence import Evidence
from pipeline.lexicon import PLACE_FREQUENCY, Lexicon, load
from pipeline.model import Document, Fix, Line, Word
from pipeline.settings import Settings
from pipeline.text import APOSTROPHES, DOUBT, ELISIONS, fold, is_number_like, is_url_like, plain_apostrophes

# Character confusions of Tesseract on poor scans: (read, meant, cost). Costs are additive,
# in the same unit as the plain edits below; lower is likelier.
CONFUSIONS: tuple[tuple[str, str, float], ...] = (
    ("rn", "m", 0.4), ("rm", "m", 0.4), ("rr", "m", 0.7), ("nn", "m", 0.9), ("in", "m", 0.8),
    ("ni", "m", 0.9), ("m", "rn", 0.8), ("m", "nn", 0.9), ("m", "in", 1.0), ("m", "n", 0.9),
    ("n", "m", 1.0), ("r", "n", 0.6), ("n", "r", 0.9), ("ri", "n", 0.9), ("n", "ri", 1.0), ("u", "n", 1.0),
    ("n", "u", 1.0), ("ii", "u", 0.9), ("li", "h", 0.6), ("h", "li", 0.8), ("h", "b", 0.8), ("b", "h", 0.8),
    ("cl", "d", 0.7), ("d", "cl", 0.9), ("c", "e", 0.8), ("e", "c", 0.8), ("e", "o", 0.8), ("o", "e", 0.8),
    ("a", "o", 0.8), ("o", "a", 0.8), ("o", "u", 0.9), ("u", "o", 0.9), ("a", "e", 1.0), ("e", "a", 1.0),
    ("s", "e", 1.0), ("e", "s", 1.2), ("i", "l", 0.6), ("l", "i", 0.7), ("l", "t", 0.8), ("t", "l", 0.8),
    ("t", "f", 0.8), ("f", "t", 0.8), ("i", "t", 0.9), ("t", "i", 0.9), ("g", "q", 0.8), ("q", "g", 0.8),
    ("gq", "q", 0.4), ("qg", "q", 0.6), ("v", "y", 0.9), ("y", "v", 0.9), ("vv", "w", 0.6), ("w", "u", 0.8),
    ("w", "vv", 0.8), ("|", "l", 0.2), ("|", "i", 0.6), ("|", "", 0.9), ("1", "l", 0.4), ("1", "i", 0.7),
    ("!", "l", 0.6), ("0", "o", 0.4), ("5", "s", 0.8), ("8", "b", 1.0),
    *((c + c, c, 0.8) for c in "abcdefghijklmnopqrstuvwxyz"),
    *((c, c + c, 0.8) for c in "cflmnprst"),
)
INSERT, DELETE, SUBSTITUTE = 1.4, 1.4, 1.8
"""Plain edits: a letter the OCR lost, a letter it added, a letter it misread."""
ACCENT = 0.3
"""Cost of each accent the candidate adds, drops or changes."""
RARE = 0.5
"""Extra cost of a word the frequency list lacks (a hunspell form): an OCR error seldom makes one."""
FREQUENCY_WEIGHT = 0.3
"""Score bonus per decade of word frequency."""
MARGIN = 0.45
"""The best candidate must beat the next by this much, or the word is left for review."""
ACCENT_MARGIN = 0.2
"""The same, against a rival spelled with the same letters but other accents."""
RARE_COST = 0.5
"""Most a rare word (hunspell only) may cost, beyond ``RARE``, to be chosen."""
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
COMMON, COMMON_BUDGET = 100_000, 0.8
"""A capitalised unknown word is a proper noun (even at a sentence start: ``Simon`` is no
``Sinon``), unless a domain word or place is close, or one cheap confusion makes it a very common
word (``Wne`` → ``Une``, ``Etre`` → ``Être``): names seldom lie that close to one."""

SHORT = 4
"""A transcription's word this short is corrected only through a glyph confusion (``rn``, ``|``)."""
DOMAIN_LENGTH = 4
"""Shortest domain word a capitalised word may become: the domain's phrases hold ``de``, ``la``…"""
LONG_WORD = 12
"""A capitalised word this long is corrected into a domain word with the full budget of its length."""
GLYPH, GLYPH_LENGTH = 0.4, 6
"""Nor is a long capitalised word that one glyph confusion (``rn`` for ``m``, ``|`` for ``l``)
makes a listed word, whatever its length change (``Docurnentation``): names seldom print so."""

DOUBLED = frozenset(c + c for c in ALPHABET)
_RULES: dict[str, list[tuple[str, str, float]]] = {}
for _read, _meant, _cost in CONFUSIONS:
    _RULES.setdefault(_read[0], []).append((_read, _meant, _cost))

ELIDED_BEFORE = frozenset("aeiouyh")


def _set_of(words: str) -> frozenset[str]:
    return frozenset(words.split())


NOUN_PHRASE_STARTS = _set_of(
    "un une le la les l' des du au aux vos votre nos notre leur leurs ses son sa ce cet cette ces "
    "toutes tous tout toute chaque quoi partir travers mon ma mes ton ta tes"
)
"""Words that open a noun phrase: after them ``&``, ``3`` or ``4`` was ``à``."""
PLURAL_DETERMINERS = _set_of(
    "des ces mes tes ses nos vos leurs aux plusieurs quelques certains certaines différents différentes "
    "divers diverses nombreux nombreuses"
)
"""Words after which a noun phrase is plural: the next noun or adjective ends in s or x."""
PREPOSITIONS = _set_of("à de pour par sur sous dans avec entre sans chez vers contre selon parmi après avant")
"""Words after which ``les`` is a determiner, not a pronoun."""
AFTER_IL = _set_of(
    "faut est a y ne n'y n'est s'agit convient reste existe semble sera était peut doit va fait s'est n'a"
)
"""Verbs an impersonal ``Il`` opens a sentence with: ``11 faut`` is ``Il faut``."""
PARTICIPLES_OF_AVOIR = _set_of("été eu")
"""``à été`` is ``a été``: no French phrase has ``à`` there."""
CONTEXT_NUMBERS = ("3", "4", "11")
"""Numbers that may be misread words, decided by their neighbours (never alone)."""
COUNTED = _set_of("page pages p article articles chapitre étape tome annexe partie numéro n° point")
"""Words a number follows: ``page 3 la ...`` keeps its 3."""
NOISE = frozenset("âäêëîïôöûüÿèéÂÄÊËÎÏÔÖÛÜŸÈÉ")
"""Letters that never stand alone in French: alone, they are specks read as letters."""
STRAY = frozenset("bcdefgjklmnpqrstuvwxz")
"""Lower-case letters that are no French word alone: a lone one is a speck (a lone ``l``
before a vowel word is an elision, merged first)."""
SENTENCE_END = (".", "!", "?", ":", ";", "»")
LEADING = "([{«\"“'‘*•·-–—_.,;:!?¡¿<>+=~^"
TRAILING = ")]}»\"”'’*•·-–—_.,;:!?…<>+=~^{["
LETTERS = re.compile(r"[^\W\d_]")
BROKEN_SCHEME = re.compile(r"h[tuü]{1,3}p(s?):/{0,2}(?=www\.|[\w-]+\.[a-z]{2,})", re.IGNORECASE)
"""``https:/www``, ``hups:/www``, ``http:www``: the scheme misread (the rest of the URL is never changed)."""


@dataclass(frozen=True)
class Candidate:
    word: str
    cost: float
    score: float


@dataclass(frozen=True)
class Choice:
    """The outcome for one token: the text to write (None: keep) and how sure we are."""

    text: str | None
    confidence: float = 0.0
    reason: str = ""
    unknown: bool = False


KEEP = Choice(None)
UNKNOWN = Choice(None, unknown=True)


# ---------------------------------------------------------------- candidate search


def search(token: str, lexicon: Lexicon, budget: float, plain_edits: int) -> dict[str, float]:
    """Folded lexicon keys reachable from ``token`` (folded) within ``budget`` → cheapest cost.

    A depth-first walk that emits the corrected word left to right, pruned as soon as the
    emitted prefix starts no known word: the lexicon's sorted keys act as a trie, and
    :meth:`Lexicon.next_letters` gives a node's children. Hot loop: kept flat on purpose.
    """
    source = fold(token)
    n = len(source)
    printed = token.lower() if len(token) == n else source
    """Before folding: ``ée`` is no doubled letter, ``ee`` is."""
    found: dict[str, float] = {}
    seen: dict[tuple[int, str, int], float] = {}
    stack: list[tuple[int, str, float, int]] = [(0, "", 0.0, 0)]
    memo, children, folded = lexicon.next_memo, lexicon.next_letters, lexicon.folded

    def push(i: int, out: str, cost: float, edits: int) -> None:
        state = (i, out, edits)
        if cost <= budget and seen.get(state, math.inf) > cost:
            seen[state] = cost
            stack.append((i, out, cost, edits))

    while stack:
        i, out, cost, edits = stack.pop()
        letters = memo.get(out)
        if letters is None:
            letters = children(out)
        can_edit = edits < plain_edits
        if i == n:
            if out in folded and cost < found.get(out, math.inf):
                found[out] = cost
        else:
            char = source[i]
            if char in letters:
                push(i + 1, out + char, cost, edits)
            for read, meant, rule_cost in _RULES.get(char, ()):
                if cost + rule_cost > budget or len(read) > 1 and not source.startswith(read, i):
                    continue
                if read in DOUBLED and printed[i] != printed[i + 1]:
                    continue
                if meant and not (meant in letters if len(meant) == 1 else _extends(lexicon, out, meant)):
                    continue
                push(i + len(read), out + meant, cost + rule_cost, edits)
            if can_edit and cost + DELETE <= budget:
                push(i + 1, out, cost + DELETE, edits + 1)
                if cost + SUBSTITUTE <= budget:
                    for c in letters:
                        if c != char:
                            push(i + 1, out + c, cost + SUBSTITUTE, edits + 1)
        if can_edit and cost + INSERT <= budget:
            for c in letters:
                push(i, out + c, cost + INSERT, edits + 1)
    return found


def _extends(lexicon: Lexicon, prefix: str, letters: str) -> bool:
    """Whether ``prefix + letters`` still starts a known word (memoised trie-node lookups)."""
    for letter in letters:
        if letter not in lexicon.next_letters(prefix):
            return False
        prefix += letter
    return True


def accent_cost(token: str, word: str) -> float:
    """What the candidate's accents cost: each accent added, dropped or changed.

    Letters are aligned on their folded forms: an accent on a letter the token misread
    (``one`` → ``âne``) costs like any other, it does not come free with the confusion.
    """
    low = token.lower()
    folded_low, folded_word = fold(low), fold(word)
    if len(folded_low) != len(low) or len(folded_word) != len(word):  # œ, æ: no letter-to-letter alignment
        extra = Levenshtein.distance(low, word) - Levenshtein.distance(folded_low, folded_word)
        return ACCENT * max(0, extra)
    accents = 0
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(folded_low, folded_word):
        if tag == "equal":
            accents += sum(a != b for a, b in zip(low[i1:i2], word[j1:j2], strict=True))
        elif tag != "delete":
            accents += sum(c != f for c, f in zip(word[j1:j2], folded_word[j1:j2], strict=True))
    return ACCENT * accents


MEMO_SIZE = 200_000
"""Entries each per-process memo may hold before it is emptied (a few tens of MB)."""


def _remember(memo: dict, key: object, value: object) -> None:
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value


def candidates(token: str, lexicon: Lexicon, budget: float, plain_edits: int) -> list[Candidate]:
    """Known words near ``token``, best first (score = cost − frequency bonus). Memoised per lexicon."""
    key = ("candidates", token, budget, plain_edits)
    found = lexicon.memo.get(key)
    if found is None:
        found = _candidates(token, lexicon, budget, plain_edits)
        _remember(lexicon.memo, key, found)
    return found


def _candidates(token: str, lexicon: Lexicon, budget: float, plain_edits: int) -> list[Candidate]:
    out = []
    for key, cost in search(token, lexicon, budget, plain_edits).items():
        for word in lexicon.folded[key]:
            if "-" in word and "-" not in token or word == token:
                continue
            place_only = lexicon.place(word) and lexicon.frequencies.get(word, 0) <= PLACE_FREQUENCY
            if token.islower() and place_only:
                continue  # a lower-case word is not corrected into a place name
            frequency = lexicon.frequencies.get(word, 0)
            spelled = cost + accent_cost(token, word)
            if spelled > budget:
                continue  # the accents count in the budget: ``one`` is not ``âne``
            total = spelled + (RARE if frequency <= 1 else 0.0)
            bonus = FREQUENCY_WEIGHT * math.log10(1 + frequency)
            out.append(Candidate(word, round(total, 3), round(total - bonus, 3)))
    out.sort(key=lambda c: (c.score, c.word))
    return out


def splits(token: str, lexicon: Lexicon) -> list[Candidate]:
    """Words run together: ``quune`` → ``qu'une``, ``lejeudi`` → ``le jeudi``."""
    low = token.lower()
    out = []
    for elision in ELISIONS:
        head = elision[:-1]
        rest = low[len(head):]
        if low.startswith(head) and len(rest) > 1 and rest[0] in "aeiouyéèêâîôh" \
                and lexicon.frequency(rest) >= 300:
            out.append(Candidate(elision + rest, 0.6, 0.6 - 0.2 * math.log10(1 + lexicon.frequency(rest))))
    for k in range(2, len(low) - 1):
        left, right = low[:k], low[k:]
        common = min(lexicon.frequency(left), lexicon.frequency(right))
        if common >= 1000 and (left, right) != ("qu", right):
            out.append(Candidate(f"{left} {right}", 1.5, 1.5 - 0.15 * math.log10(1 + common)))
    return out


def budget_for(length: int) -> tuple[float, int]:
    """How far a correction may go for a word this long: (cost budget, plain edits)."""
    if length <= 2:
        return 0.5, 0
    if length <= 3:
        return 0.8, 0
    if length <= 5:
        return 1.5, 0
    if length <= 7:
        return 2.2, 1
    return 2.6, 1


def confidence_of(best: Candidate, runner_up: Candidate | None, budget: float) -> float:
    """0–1: a cheap change with no close rival is sure; a costly or contested one is not."""
    margin = 2.0 if runner_up is None else runner_up.score - best.score
    certainty = 1.0 - math.exp(-2.0 * margin)
    return round(max(0.05, min(0.99, (1.0 - 0.6 * best.cost / max(budget, 0.1)) * certainty)), 3)


def choose(
    token: str, lexicon: Lexicon, *, budget: float, plain_edits: int, allow_split: bool = True,
    only: Callable[[str], bool] | None = None, plural: bool = False,
) -> Choice:
    """The best known word for an unknown token, or UNKNOWN when none is clearly best.

    Rivals that fold like the best (``proposé`` for ``propose``) differ only by accents: the
    token's own accents decide between them, with a smaller margin. A rare word (one the
    frequency list lacks) wins only when it is very cheap: leaving the token alone is better
    than ``lides`` → ``lidos``. After a plural determiner (``plural``), a singular form pays
    for the ``s`` the OCR would have lost (``les habitanté`` → ``habitants``).
    """
    ranked = candidates(token, lexicon, budget, plain_edits)
    if plural:
        ranked = sorted((c if _is_plural(c.word) else Candidate(c.word, c.cost, round(c.score + DELETE, 3))
                         for c in ranked), key=lambda c: (c.score, c.word))
    if allow_split:
        joined = [c for c in splits(token, lexicon) if c.cost <= budget]
        ranked = sorted(ranked + joined, key=lambda c: (c.score, c.word))
    if only is not None:
        ranked = [c for c in ranked if only(c.word)]
    if not ranked:
        return UNKNOWN
    best = ranked[0]
    if lexicon.frequencies.get(best.word, 2) <= 1 and best.cost > RARE + RARE_COST:
        return UNKNOWN
    joined = best.word.replace(" ", "")
    rivals = [c for c in ranked[1:] if c.word.replace(" ", "") != joined]
    sibling = next((c for c in rivals if fold(c.word) == fold(best.word)), None)
    rival = next((c for c in rivals if fold(c.word) != fold(best.word)), None)
    if sibling is not None and sibling.score - best.score < ACCENT_MARGIN:
        return UNKNOWN
    if rival is not None and rival.score - best.score < MARGIN:
        return UNKNOWN
    closest = min((c for c in (sibling, rival) if c is not None), key=lambda c: c.score, default=None)
    reason = "split" if (" " in best.word or "'" in best.word and "'" not in token) else "ocr-confusion"
    return Choice(best.word, confidence_of(best, closest, budget), reason)


# ---------------------------------------------------------------- one token


def split_punctuation(text: str) -> tuple[str, str, str]:
    """``(séance,)`` → ``(``, ``séance``, ``,)``; ``|a`` keeps its ``|`` (it is a misread ``l``)."""
    start, end = 0, len(text)
    while start < end and text[start] in LEADING and not _elided_l(text, start):
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return text[:start], text[start:end], text[end:]


def _elided_l(text: str, i: int) -> bool:
    """A leading apostrophe that lost its ``l`` (``'organisation``) belongs to the word."""
    return text[i] == "'" and i + 1 < len(text) and text[i + 1].isalpha()


def shape(word: str, like: str) -> str:
    """Give ``word`` the case of ``like``: ``Une`` for ``Wne``, ``CAPITALISATION``, ``JAMBON`` for
    ``rAMBON`` (a word in capitals whose first letter was misread in lower case), else as is."""
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters[1:]):
        has_accents = fold(like) != like.lower()
        return (word if has_accents else fold(word)).upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


def is_capitalised(core: str) -> bool:
    return core[:1].isupper() and any(c.islower() for c in core[1:])


def is_all_caps(core: str) -> bool:
    letters = [c for c in core if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _is_plural(word: str) -> bool:
    return word.endswith(("s", "x", "z")) or " " in word


def correct_core(core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None,
                 plural: bool = False) -> Choice:
    """Decide one word without its punctuation (``plural``: a plural determiner precedes it).

    The decision depends on nothing else, and most words of a text repeat: it is memoised per
    lexicon (the OCR confidence rounded to a unit, and used rounded, so the memo changes nothing).
    """
    confidence = None if ocr_confidence is None else round(ocr_confidence)
    key = (core, sentence_start, confidence, plural)
    choice = lexicon.memo.get(key)
    if choice is None:
        choice = _decide_core(core, lexicon, sentence_start, confidence, plural)
        _remember(lexicon.memo, key, choice)
    return choice


def _decide_core(core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None,
                 plural: bool = False) -> Choice:
    if not LETTERS.search(core) or lexicon.place(core):
        return KEEP
    if lexicon.is_word(core):
        if len(core) > 3 or lexicon.frequency(core) > 1 or not core.islower() or ocr_confidence is None:
            return KEEP
        choice = choose(core, lexicon, budget=0.4, plain_edits=0, allow_split=False)
        return KEEP if choice.text is None else choice  # lé → le: a rare short word is likelier a misread
    glued = _glued(core, lexicon, ocr_confidence is not None)
    if glued is not None:
        return glued
    if "'" in core:
        return _correct_elided(core, lexicon, sentence_start, ocr_confidence)
    if "-" in core.strip("-"):
        return _correct_compound(core, lexicon, sentence_start, ocr_confidence)
    if any(c.isdigit() for c in core) and sum(c.isdigit() for c in core) > 1:
        return KEEP  # a code: A4, 2e, F03...
    low = core.lower()
    accented = fold(low) != low
    if fold(low) in lexicon.folded and is_all_caps(core) and not accented:
        return KEEP  # METHODOLOGIE: capitals drop their accents in French
    budget, plain_edits = budget_for(len(core))
    if ocr_confidence is None and len(core) <= SHORT:
        budget, plain_edits = min(budget, GLYPH), 0  # ``tems``, ``verd``: short words have many neighbours
    if ocr_confidence is not None and ocr_confidence >= DOUBT:
        budget -= 1.2 * (ocr_confidence - DOUBT) / (100 - DOUBT)  # Tesseract was fairly sure of what it read
    mostly_capitals = sum(c.isupper() for c in core) > len(core) / 2
    if mostly_capitals and "l" in core and lexicon.is_acronym(core.replace("l", "I")):
        return Choice(core.replace("l", "I"), 0.8, "ocr-confusion")  # lREV: l and I look alike
    if is_all_caps(core):
        if (len(core) <= 5 or lexicon.is_acronym(core.replace("l", "I"))) and not accented:
            fixed = core.replace("l", "I")
            if fixed != core and lexicon.is_acronym(fixed):
                return Choice(fixed, 0.8, "ocr-confusion")
            return UNKNOWN
        if accented and len(core) <= 5:
            acronym = accented_acronym(core, lexicon)
            if acronym:
                return Choice(acronym, 0.7, "ocr-confusion")  # CÉAS: an acronym has no accent
        choice = choose(core, lexicon, budget=min(budget, 2.0), plain_edits=min(plain_edits, 1),
                        allow_split=False)
    elif is_capitalised(core):
        doubted = ocr_confidence is not None and ocr_confidence < evidence.DOUBT  # only then into a place
        long_word = len(core) >= LONG_WORD  # Intergénératibnnel: no name is that long and that close
        typed = ocr_confidence is None and core.isalpha()  # a name (Ostade, Chénier), unless long or a
        # glyph no name holds (``Vi|le``) shows the misreading
        choice = UNKNOWN if typed and not long_word else choose(
                        core, lexicon, budget=budget if long_word else min(budget, 1.2),
                        plain_edits=plain_edits if long_word else 0, allow_split=False,
                        only=lambda word: len(word) >= DOMAIN_LENGTH and word in lexicon.domain
                        and (doubted or lexicon.frequency(word) > PLACE_FREQUENCY))
        if choice.text is None and not typed:
            def common(word: str) -> bool:
                return len(word) == len(core) and lexicon.frequency(word) >= COMMON

            choice = choose(core, lexicon, budget=min(budget, COMMON_BUDGET), plain_edits=0,
                            allow_split=False, only=common)
        if choice.text is None and len(core) >= GLYPH_LENGTH:
            choice = choose(core, lexicon, budget=min(budget, GLYPH), plain_edits=0, allow_split=False,
                            only=lambda word: lexicon.frequency(word) > 1 and fold(word) != fold(core))
    else:
        if len(core) <= 3 and core.isalpha():
            plain_edits = 0
        choice = choose(core, lexicon, budget=budget, plain_edits=plain_edits, plural=plural)
    if choice.text is None:
        return UNKNOWN
    if _initial_accent_only(core, choice.text):
        return UNKNOWN  # ``Etait``: French capitals often go without their accent
    if ocr_confidence is None and fold(choice.text) == fold(core) and _accents(choice.text) >= _accents(core):
        return UNKNOWN  # a text's accents are its spelling (``célébre``, ``grace``): only a stray one goes
    return Choice(shape(choice.text, core), choice.confidence, choice.reason)


def _accents(word: str) -> int:
    return sum(c != f for c, f in zip(word.lower(), fold(word), strict=False))


def _initial_accent_only(core: str, word: str) -> bool:
    """``Etait`` for ``Était``: French capitals often go without their accent."""
    return core[:1].isupper() and core[1:] == word[1:] and fold(core[:1]) == fold(word[:1])


def accented_acronym(core: str, lexicon: Lexicon) -> str | None:
    """``CÉAS`` → ``CCAS``: the one known acronym that differs only where the token has an accent."""
    spots = [i for i, c in enumerate(core) if fold(c) != c.lower()]
    found = {a for a in lexicon.acronyms if len(a) == len(core)
             and all(a[k] == c or k in spots for k, c in enumerate(core)) and sum(
                 a[k] != c for k, c in enumerate(core)) == 1}
    return found.pop() if len(found) == 1 else None


GLUED = re.compile(r"([^\W\d_]{2,})([.:;'])([^\W\d_]+)")
"""Two words a speck joined: ``menée.auprès``, ``ne:se``, ``CCAS'de``."""


def _glued(core: str, lexicon: Lexicon, scanned: bool = True) -> Choice | None:
    """A speck between two known words (the next one in lower case, so no sentence starts there).

    The speck goes: the words are written apart, or together when that makes one known word
    (``au.près`` → ``auprès``). A real elision (``d'abord``) is no speck.
    """
    match = GLUED.fullmatch(core)
    if match is None:
        return None
    left, mark, right = match.groups()
    if mark == "'" and ((left.lower() + "'") in ELISIONS or not scanned and left.islower()) \
            or not right[0].islower():
        return None  # a transcription's apostrophe was typed: ``grand'mère``
        return None
    if lexicon.is_word(left + right):
        return Choice(left + right, 0.7, "noise")
    if _known(left, lexicon) and lexicon.is_word(right) and (len(right) > 1 or right in WORD_LETTERS):
        return Choice(f"{left} {right}", 0.7, "split")
    return None


def _correct_elided(
    core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None
) -> Choice:
    """``I'IREV`` → ``l'IREV``, ``'organisation`` → ``l'organisation``, ``d'essairmer`` → ``d'essaimer``.

    An apostrophe inside a word that makes no elision (``n'uartiet``) may be a misread letter or
    a speck: the word without it is tried, within the same budget as any word.
    """
    choice = _elision(core, lexicon, sentence_start, ocr_confidence)
    head, _, tail = core.partition("'")
    elided = (head.lower() + "'") in ELISIONS and (not tail[:1].islower() or fold(tail[:1]) in ELIDED_BEFORE)
    if elided and ocr_confidence is not None and tail[:1].islower():
        elided = ocr_confidence >= evidence.DOUBT  # OCR doubted it: the apostrophe may be a misread letter
    if choice.unknown and head and tail.isalpha() and not elided:  # ``d'icclles`` keeps its ``d'``
        joined = correct_core(head + tail, lexicon, sentence_start, ocr_confidence)
        if joined.text is not None and " " not in joined.text:
            return joined
        if joined.text is None and not joined.unknown and (ocr_confidence is not None or head.islower()):
            return Choice(head + tail, 0.6, "noise")  # a known word with a speck inside
    return choice


def _elision(core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None) -> Choice:
    head, _, tail = core.partition("'")
    head_fixed = head
    if head in ("", "I", "|", "1"):
        head_fixed = "L" if sentence_start and head else "l"
    if (head_fixed.lower() + "'") not in ELISIONS or not tail:
        return UNKNOWN
    tail_choice = correct_core(tail, lexicon, False, ocr_confidence)
    tail_fixed = tail_choice.text or tail
    if head_fixed == head and tail_choice.text is None:
        return UNKNOWN if tail_choice.unknown else KEEP
    if fold(tail_fixed[:1]) not in ELIDED_BEFORE:
        return UNKNOWN  # 'Mardi, S'sortie: French elides only before a vowel or a mute h
    if head == "" and not lexicon.is_word(tail_fixed) and not lexicon.is_acronym(tail_fixed):
        return UNKNOWN
    confidence = tail_choice.confidence if tail_choice.text else (0.6 if head == "" else 0.9)
    return Choice(f"{head_fixed}'{tail_fixed}", confidence, tail_choice.reason or "elision")


def _correct_compound(
    core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None
) -> Choice:
    """Each part of a hyphenated word on its own (``Val-de-Sambre`` is known whole).

    A hyphenated place name whose only fault is its accents (``Boulogne-sur-Mér``) gets the
    place's spelling: such a long name is not a person's.
    """
    place = _hyphenated_places(lexicon).get(fold(core))
    if place is not None:
        return Choice(shape(place, core), 0.8, "ocr-confusion")
    parts = core.split("-")
    unknown_parts = sum(bool(p) and not _known(p, lexicon) for p in parts)
    if unknown_parts > 1 and ocr_confidence is None:
        return UNKNOWN  # ``Rem-brandt``: two unknown pieces are likelier one word cut than two errors
    choices = [correct_core(p, lexicon, sentence_start and i == 0, ocr_confidence) if p else KEEP
               for i, p in enumerate(parts)]
    choices = [UNKNOWN if c.text and " " in c.text else c for c in choices]  # no piece is split in two
    if all(c.text is None for c in choices):
        return UNKNOWN if any(c.unknown for c in choices) else KEEP
    fixed = "-".join(c.text or p for c, p in zip(choices, parts, strict=True))
    return Choice(fixed, min(c.confidence for c in choices if c.text), "ocr-confusion")


def _hyphenated_places(lexicon: Lexicon) -> dict[str, str]:
    """Folded hyphenated place name → its spelling, for names no other place folds to (memoised)."""
    places = lexicon.memo.get("hyphenated places")
    if places is None:
        spellings: dict[str, set[str]] = {}
        for name in lexicon.places.values():
            if "-" in name:
                spellings.setdefault(fold(name), set()).add(name)
        places = {key: names.pop() for key, names in spellings.items() if len(names) == 1}
        _remember(lexicon.memo, "hyphenated places", places)
    return places


# ---------------------------------------------------------------- context rules


def _next_core(words: list[Word], i: int) -> str:
    for j in range(i + 1, len(words)):  # indices, not a slice: a transcription's line may hold a book
        word = words[j]
        if word.text:
            return split_punctuation(word.text)[1]
    return ""


def _previous_text(words: list[Word], i: int) -> str:
    for j in range(i - 1, -1, -1):
        word = words[j]
        if word.text:
            return word.text
    return ""


def _after_plural_determiner(words: list[Word], i: int) -> bool:
    """Whether the word before opens a plural noun phrase (``des``, ``ces``; ``les`` unless a pronoun).

    ``les`` is a determiner as ``Les`` (a sentence start) or after a preposition (``pour les``);
    elsewhere it may be the pronoun before a verb (``il les donne``).
    """
    previous: list[str] = []
    for j in range(i - 1, -1, -1):
        if words[j].text:
            previous.insert(0, split_punctuation(words[j].text)[1])
            if len(previous) == 2:
                break
    if not previous:
        return False
    if previous[-1].lower() in PLURAL_DETERMINERS:
        return True
    after_preposition = len(previous) == 2 and previous[0] in PREPOSITIONS
    return previous[-1] == "Les" or previous[-1] == "les" and after_preposition


def _starts_noun_phrase(core: str) -> bool:
    low = core.lower()
    return low in NOUN_PHRASE_STARTS or low.startswith(("l'", "d'"))


def context_rule(words: list[Word], i: int, lexicon: Lexicon, line_start: bool,
                 sentence_start: bool = False) -> Choice:
    """Short tokens decided from their neighbours (``& un`` → ``à un``, ``11 faut`` → ``Il faut``)."""
    text = words[i].text
    following = _next_core(words, i)
    previous = _previous_text(words, i)
    if text == "11" and sentence_start and following in AFTER_IL and not previous.endswith((":", ";")):
        return Choice("Il", 0.7, "context")
    if text == "à" and following in PARTICIPLES_OF_AVOIR:
        return Choice("a", 0.8, "context")  # à été: only the verb avoir stands there
    if text == "&" and _starts_noun_phrase(following):
        return Choice("à", 0.8, "context")
    if text in ("3", "4") and _starts_noun_phrase(following) and following.lower() not in ("un", "une"):
        previous_core = split_punctuation(previous)[1].lower()
        if previous_core.isalpha() and previous == previous_core and previous_core not in COUNTED:
            return Choice("à", 0.7, "context")
    if text == "a" and following and lexicon.place(following) and following[:1].isupper():
        return Choice("à", 0.7, "context")  # ``A Lille``: a capital goes without its accent
    if text in NOISE or (len(text) == 1 and not text.isascii() and text.isalpha() and text not in "àÀôù"):
        return Choice("", 0.7, "noise")
    if line_start and text in ("e", "o") and following and i + 1 < len(words):
        return Choice("•", 0.7, "bullet")
    if len(text) == 1 and text in STRAY and not is_number_like(previous) \
            and words[i].confidence is not None:  # a transcription's lone letter was typed: ``2 x 3``
        return Choice("", 0.6, "noise")
    return KEEP


def merge_rule(words: list[Word], i: int, lexicon: Lexicon) -> str | None:
    """``qu une`` / ``l automne``: a lone elision letter glued back to its word."""
    head = words[i].text
    if head not in ("qu", "l", "d", "j", "n", "s", "c", "m", "t", "Qu", "L", "D") or i + 1 >= len(words):
        return None
    after = words[i + 1].text
    prefix, core, _ = split_punctuation(after)
    if prefix or not core or core[0].lower() not in "aeiouyéèêâîôh" or not lexicon.is_word(core) \
            or is_all_caps(core):  # ``L AVENUE``: capitals are often printed without the apostrophe
        return None
    return f"{head}'{after}"


# ---------------------------------------------------------------- specks at a line end

SPECK_MARKS = frozenset("|¦#©®=~^`<>{}[]*+\\")
"""Signs no prose ends a line with: after words, alone, they are specks."""
CLAUSE_MARKS = frozenset(".,;:!?")
NOISE_CONFIDENCE = 75
"""Tesseract reads specks with a low confidence: a word it was surer of is never noise."""
WORD_LETTERS = frozenset("aàyAÀY")
"""Letters that are French words alone (``l``, ``d`` before a vowel are merged first)."""


def _is_mark(text: str) -> bool:
    return bool(text) and not any(c.isalnum() for c in text)


def _is_underline(text: str) -> bool:
    return 0 < len(text) <= 2 and set(text) == {"_"}


def _known(core: str, lexicon: Lexicon) -> bool:
    """A known word, acronym or place, also after an elision (``d'agir``, ``l'IREV``)."""
    head, apostrophe, tail = core.rpartition("'")
    if apostrophe and (head.lower() + "'") in ELISIONS:
        core = tail
    return lexicon.is_word(core) or lexicon.is_acronym(core) or bool(lexicon.place(core))


def _weak(text: str, lexicon: Lexicon) -> bool:
    """A token a speck can make: a sign, a number, a short word, a short unknown word or capitals."""
    if _is_mark(text) or _is_underline(text) or is_number_like(text):
        return True
    core = split_punctuation(text)[1]
    letters = sum(c.isalpha() for c in core)
    if letters <= 3 or text in NOISE:
        return True
    return letters <= 5 and (is_all_caps(core) or not _known(core, lexicon))


def _non_word(text: str, lexicon: Lexicon) -> bool:
    core = split_punctuation(text)[1]
    if len(core) == 1:
        return core not in WORD_LETTERS
    return not _known(core, lexicon)


def _speck_mark(texts: list[str], j: int) -> bool:
    """``|``, ``©``, a lone accented letter, or a punctuation mark right after another one (``; :``)."""
    text = texts[j]
    if text in NOISE or _is_mark(text) and set(text) <= SPECK_MARKS:
        return True
    before = texts[j - 1] if j > 0 else ""
    return _is_mark(text) and set(text) <= CLAUSE_MARKS and bool(before) and before[-1] in CLAUSE_MARKS


def speck_words(words: list[Word], lexicon: Lexicon) -> list[int]:
    """Indices of the words that specks made at the end of a line, to delete.

    The line's tail is its run of weak tokens (signs, numbers, short or unknown words). After a
    mark no prose has there (``; :``, ``. :``, a lone ``|`` or ``ï``), its words are specks;
    with no such mark, only non-words right after a punctuation mark are. Numbers, URLs,
    acronyms and words Tesseract was sure of stay.
    """
    texts = [w.original for w in words]
    start = len(texts)
    while start > 0 and _weak(texts[start - 1], lexicon):
        start -= 1
    if start == len(texts):
        return []
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
        if _is_mark(text) or is_number_like(text) or is_url_like(text):
            continue
        core = split_punctuation(text)[1]
        if lexicon.is_acronym(core) or only_non_words and not _non_word(text, lexicon):
            continue
        out.append(i)
    return out


# ---------------------------------------------------------------- the stage


def _protected_line_starts(lines: list[Line]) -> set[int]:
    """ids of the first word of each line that continues a URL broken at the previous line end."""
    out: set[int] = set()
    previous_last: Word | None = None
    for line in lines:
        if line.words:
            if previous_last is not None and is_url_like(previous_last.original):
                out.add(id(line.words[0]))
            previous_last = line.words[-1]
        else:
            previous_last = None
    return out


def _set(word: Word, text: str, confidence: float, reason: str, original: str | None = None) -> None:
    word.text = text
    word.fix = Fix(reason=reason, confidence=confidence, original=original)


def correct_line(line: Line, lexicon: Lexicon, protected: set[int], unknown: set[str],
                 sentence_start: bool, scanned: bool = True, known: Evidence | None = None) -> bool:
    """Correct one line's words in place; whether the line ends a sentence (for the next one).

    ``scanned``: the words come from OCR (or its transcription), so specks may have made some.
    ``known``: the document's evidence that some words are real (:mod:`pipeline.evidence`).
    """
    words = line.words
    known = known or Evidence()
    printed = _plain_apostrophes(words)
    specks = set(speck_words(words, lexicon)) if scanned else set()
    for i, word in enumerate(words):
        text = word.text
        if not text or id(word) in protected or id(word) in known.whole:
            continue
        if id(word) in known.held:
            core = evidence.core_of(text)
            if LETTERS.search(core) and not _known(core, lexicon):
                unknown.add(core)  # another language or period: left as printed, listed for review
            continue
        if id(word) in known.names:
            core = evidence.core_of(text)
            if LETTERS.search(core) and not _known(core, lexicon) and not lexicon.is_name(core):
                unknown.add(core)  # a name no list knows: the review may want to see it
            continue
        underline = _is_underline(text) and word.confidence is not None and word.confidence < NOISE_CONFIDENCE
        if i in specks or underline and scanned:
            _set(word, "", 0.6, "noise")
            continue
        scheme = BROKEN_SCHEME.match(text)
        if scheme:
            repaired = f"http{scheme.group(1).lower()}://{text[scheme.end():]}"
            if repaired != text:
                _set(word, repaired, 0.9, "url-scheme")
            continue
        if is_url_like(text) or is_number_like(text) and text not in CONTEXT_NUMBERS:
            continue
        starts = sentence_start if i == 0 else _previous_text(words, i).endswith(SENTENCE_END)
        merged = None if known.spaced_elisions else merge_rule(words, i, lexicon)
        if merged is not None:
            _set(word, merged, 0.8, "merge", original=f"{text} {words[i + 1].text}")
            words[i + 1].text = ""
            continue
        rule = context_rule(words, i, lexicon, line_start=i == 0, sentence_start=starts)
        if rule.text is not None:
            _set(word, rule.text, rule.confidence, rule.reason)
            continue
        prefix, core, suffix = split_punctuation(text)
        if _real(core, word.confidence, lexicon, known):
            if not _known(core, lexicon) and LETTERS.search(core):
                unknown.add(core)
            continue
        plural = _after_plural_determiner(words, i)
        choice = correct_core(core, lexicon, starts, word.confidence, plural)
        if known.accentless and choice.text is not None and fold(choice.text) == fold(core) == core.lower():
            unknown.add(core)
            continue  # the document writes without accents (``etait``): that is its spelling
        if choice.text is not None and choice.text != core:
            _set(word, prefix + choice.text + suffix, choice.confidence, choice.reason)
        elif choice.unknown:
            unknown.add(core)
    _printed_apostrophes(words, printed)
    last = next((w.text for w in reversed(words) if w.text), "")
    return last.endswith(SENTENCE_END) or not last


def _real(core: str, confidence: float | None, lexicon: Lexicon, known: Evidence) -> bool:
    """Whether the evidence says an unknown form is real, whatever the lexicon lacks: the document
    prints it several times, it is a name or an older spelling, OCR read it without doubt, or it is
    typed in capitals."""
    if known.voted(core):
        return True
    head, apostrophe, tail = core.rpartition("'")
    if apostrophe and len(head) <= 7 and tail:
        core = tail  # ``d'ABLON``, ``I'IREV``: the word after the elision (its head is the rules')
    if not core or _known(core, lexicon):
        return False
    if lexicon.is_name(core) or evidence.old_spelling(core, lexicon):
        return True
    if confidence is not None and confidence >= evidence.CONFIDENT:
        return True  # read without doubt: a typist's own spelling (``sevère``, ``notament``) stays
    if is_all_caps(core) and confidence is None and len(core) > 2 and fold(core) == core.lower():
        return not _glyph_misread(core, lexicon)  # capitals typed: a name, unless a glyph was misread
    return False


def _glyph_misread(core: str, lexicon: Lexicon) -> bool:
    """A long word in capitals that one glyph confusion (``RN`` for ``M``) makes a known word: no
    name prints so (``RENOUVELLERNENT``)."""
    if len(core) < GLYPH_LENGTH:
        return False
    choice = choose(core, lexicon, budget=GLYPH, plain_edits=0, allow_split=False,
                    only=lambda word: lexicon.frequency(word) > 1 and fold(word) != fold(core))
    return choice.text is not None


def _plain_apostrophes(words: list[Word]) -> dict[int, str]:
    """Read every apostrophe sign as ``'`` while the line is corrected; the sign each word printed."""
    printed = {}
    for i, word in enumerate(words):
        sign = next((c for c in word.text if c in APOSTROPHES), None)
        if sign is not None:
            printed[i] = sign
            word.text = plain_apostrophes(word.text)
    return printed


def _printed_apostrophes(words: list[Word], printed: dict[int, str]) -> None:
    """Give back each word the apostrophe sign it printed: typography is not an OCR error."""
    for i, sign in printed.items():
        word = words[i]
        if word.fix is None:
            word.text = word.original if word.text == plain_apostrophes(word.original) else word.text
        else:
            word.text = word.text.replace("'", sign)


DOUBTFUL_DATE = 90.0
"""OCR confidence below which a date in figures may be read as one of its alternatives."""
MIN_ALTERNATIVE = 30.0
"""Confidence (0–100) an OCR alternative for a character needs to be weighed at all."""
DATE_WINDOW = 7
"""Days around the document's other dates within which its dates are expected to fall."""


def correct_dates(doc: Document) -> None:
    """Read a doubtful date in figures as the date one of its OCR alternatives gives, when the date
    as read lies far from every other date of the document and the alternative lies near one.

    A fiche's dates cluster: the meeting, its report, the sheet's update. Tesseract keeps the
    characters it hesitated over (``Word.choices``); in a sheet that announces ``jeudi 15 mars
    2018``, a ``mise à jour du 14/04/2018`` whose 4 was nearly read 3 is the 14th of March.
    """
    lines = [line for page in doc.pages for line in page.lines if line.words]
    year = dates.document_year([line.text for line in lines])
    found = [date.date[:10] for line in lines for date in dates.find_dates(line.text, year)]
    for word in doc.words:
        if not word.choices or word.text != word.original or (word.confidence or 0.0) >= DOUBTFUL_DATE:
            continue
        read = dates.find_dates(word.text)
        if not read:
            continue
        others = list(found)
        if read[0].date[:10] in others:
            others.remove(read[0].date[:10])
        if not others or _days_to(read[0].date, others) <= DATE_WINDOW:
            continue
        near = [(_days_to(alternative.date, others), -confidence, text, confidence, top)
                for text, confidence, top in _alternatives(word)
                for alternative in dates.find_dates(text)[:1]]
        near = [entry for entry in near if entry[0] <= DATE_WINDOW]
        if near:
            _, _, text, confidence, top = min(near)
            _set(word, text, round(0.5 + 0.5 * confidence / (confidence + top), 2), "date-context")


def _alternatives(word: Word) -> list[tuple[str, float, float]]:
    """The word with one digit replaced by an OCR alternative: (text, its confidence, the read one's)."""
    out = []
    for i, group in enumerate(word.choices or []):
        for char, confidence in group[1:]:
            if char.isdigit() and confidence >= MIN_ALTERNATIVE and word.original[i].isdigit():
                out.append((word.original[:i] + char + word.original[i + 1:], confidence, group[0][1]))
    return out


def _days_to(iso: str, others: list[str]) -> int:
    day = dt.date.fromisoformat(iso[:10])
    return min(abs((dt.date.fromisoformat(other) - day).days) for other in others)


def correct_document(doc: Document, lexicon: Lexicon) -> Document:
    """Correct every word of ``doc`` in place with ``lexicon``; fills ``doc.unknown_words``."""
    unknown: set[str] = set(doc.unknown_words)
    known = evidence.gather(doc, lexicon)
    for page in doc.pages:
        if page.typeset:
            continue  # a typeset text layer's words are exact: nothing OCR got wrong
        protected = _protected_line_starts(page.lines)
        sentence_start = True
        for line in page.lines:
            if line.words:
                sentence_start = correct_line(line, lexicon, protected, unknown, sentence_start,
                                              page.method != "text-layer", known)
    correct_dates(doc)
    doc.unknown_words = sorted(unknown)
    return doc


def correct(doc: Document, settings: Settings) -> Document:
    """Correct the OCR errors of the document's words in place; returns the document."""
    return correct_document(doc, load(settings.dictionaries, settings.user_words))
