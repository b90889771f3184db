"""Candidates for an unknown word: a search of the lexicon, priced, ranked, and one chosen or none.

Candidates come from a search over the lexicon's sorted keys (a prefix check prunes it, so it
works like a trie walk) that rewrites the OCR token with the weighted character confusions of
:data:`pipeline.text.CONFUSIONS` (``rn``→``m``, ``r``→``n``, ``|``→``l``, ``e``↔``o``…) and at most a
couple of plain edits (a letter lost, added or replaced), which cost more. Accents are free in the
search (the index is accent-folded) and priced after it, within the same budget (``one`` is no
``âne``). Candidates are ranked by that cost, the word's frequency, the accents kept and the plural
that a determiner asks for (``les habitanté`` → ``habitants``); :func:`choose` gives none when two
candidates are too close or the best is too far.

This module knows words and costs, not documents: it is the one place the edit model lives. Its
memos (trie nodes, candidates, decisions) are the corrector's own, one bounded set per lexicon.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from rapidfuzz.distance import Levenshtein

from pipeline.lexicon import PLACE_FREQUENCY, Lexicon
from pipeline.model import Reason
from pipeline.text import CONFUSIONS, ELISIONS, fold

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
ELIDED_FREQUENCY = 300
"""How common the rest of a glued elision must be for ``quune`` to read ``qu'une``: a common word."""
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
DOUBLED = frozenset(c + c for c in ALPHABET)
_RULES: dict[str, list[tuple[str, str, float]]] = {}
for _read, _meant, _cost in CONFUSIONS:
    _RULES.setdefault(_read[0], []).append((_read, _meant, _cost))


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
    reason: Reason | None = None
    unknown: bool = False


KEEP = Choice(None)
UNKNOWN = Choice(None, unknown=True)


MEMO_SIZE = 200_000
"""Entries each memo may hold before it is emptied (a few tens of MB)."""


@dataclass
class Memo:
    """The corrector's memos for one lexicon: most words of a text repeat, and so do the trie nodes
    the search walks through. Each dict is emptied when it reaches ``MEMO_SIZE``."""

    children: dict[str, str] = field(default_factory=dict)
    """Folded prefix → the letters that follow it in some known word (:meth:`Lexicon.next_letters`)."""
    candidates: dict[tuple, list[Candidate]] = field(default_factory=dict)
    decisions: dict[tuple, Choice] = field(default_factory=dict)
    """``(core, sentence start, confidence, plural)`` → the decision on that word."""
    hyphenated_places: dict[str, str] | None = None


_MEMOS: WeakKeyDictionary[Lexicon, Memo] = WeakKeyDictionary()


def memo_of(lexicon: Lexicon) -> Memo:
    """The corrector's memos for ``lexicon``: they live as long as the lexicon does."""
    memo = _MEMOS.get(lexicon)
    if memo is None:
        memo = _MEMOS[lexicon] = Memo()
    return memo


def forget(lexicon: Lexicon) -> None:
    """Empty the corrector's memos for ``lexicon`` (a benchmark measures each text as the first)."""
    _MEMOS.pop(lexicon, None)


def remember(memo: dict, key: object, value: object) -> None:
    """Store in a bounded memo: emptied when full, since a decision is cheap to make again."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value

# ---------------------------------------------------------------- candidate search


def search(token: str, lexicon: Lexicon, budget: float, plain_edits: int, at_start: bool = True,
           ) -> dict[str, float]:
    """Folded lexicon keys reachable from ``token`` (folded) within ``budget`` → cheapest cost
    (without ``at_start``, no plain edit adds or drops a letter before the token's second one).

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
    memo, children, folded = memo_of(lexicon).children, lexicon.next_letters, lexicon.folded

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
            remember(memo, out, letters)
        can_edit = edits < plain_edits
        length_edit = can_edit and (at_start or i > 0)
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
            if length_edit and cost + DELETE <= budget:
                push(i + 1, out, cost + DELETE, edits + 1)
            if can_edit and cost + SUBSTITUTE <= budget:
                for c in letters:
                    if c != char:
                        push(i + 1, out + c, cost + SUBSTITUTE, edits + 1)
        if length_edit and cost + INSERT <= budget:
            for c in letters:
                push(i, out + c, cost + INSERT, edits + 1)
    return found


def _extends(lexicon: Lexicon, prefix: str, letters: str) -> bool:
    """Whether ``prefix + letters`` still starts a known word (memoised trie-node lookups)."""
    memo = memo_of(lexicon).children
    for letter in letters:
        children = memo.get(prefix)
        if children is None:
            children = lexicon.next_letters(prefix)
            remember(memo, prefix, children)
        if letter not in children:
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


def candidates(token: str, lexicon: Lexicon, budget: float, plain_edits: int) -> list[Candidate]:
    """Known words near ``token``, best first (score = cost − frequency bonus). Memoised."""
    memo, key = memo_of(lexicon).candidates, (token, budget, plain_edits)
    found = memo.get(key)
    if found is None:
        found = _candidates(token, lexicon, budget, plain_edits)
        remember(memo, key, found)
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
    """Words run together: ``quune`` → ``qu'une``, ``lejeudi`` → ``le jeudi``. Each part keeps the
    case it was printed in (``deSaint`` → ``de Saint``): a split adds a space, it changes no letter."""
    low = token.lower()
    out = []
    for elision in ELISIONS:
        head = elision[:-1]
        rest = low[len(head):]
        if low.startswith(head) and len(rest) > 1 and rest[0] in "aeiouyéèêâîôh" \
                and lexicon.frequency(rest) >= ELIDED_FREQUENCY:
            word = f"{token[:len(head)]}'{token[len(head):]}"
            out.append(Candidate(word, 0.6, 0.6 - 0.2 * math.log10(1 + lexicon.frequency(rest))))
    for k in range(2, len(low) - 1):
        left, right = low[:k], low[k:]
        common = min(lexicon.frequency(left), lexicon.frequency(right))
        if common >= 1000 and (left, right) != ("qu", right):
            out.append(Candidate(f"{token[:k]} {token[k:]}", 1.5, 1.5 - 0.15 * math.log10(1 + common)))
    return out


def budget_for(length: int) -> tuple[float, int]:
    """How far a correction may go for a word this long: (cost budget, plain edits).

    A word of four letters or more may have two letters misread (``évalulion``, ``londemein``), also
    at a low confidence: on real OCR with truth such corrections of unknown words fix far more words
    than they break (``bench/correction_classes.py --where "subs == 2 and not known"``), so they have
    no bar of their own; a rare right word the lexicon lacks (``péplos`` → ``pépies``) is their price."""
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


def _first_letter_edit(token: str, best: Candidate, lexicon: Lexicon, budget: float,
                       plain_edits: int) -> bool:
    """Whether only a letter added or lost before the token's second letter makes ``best`` (``mcuiré`` →
    ``cuire``, ``nglais`` → ``anglais``): OCR seldom does either (one-edit word errors of ICDAR-fr's OCR add
    3.3 first letters per 10,000 words and 6.4 inner ones per 10,000 inner letters, lose 4.9 and 14.6), and
    a word that lost its start at a column's edge has often lost more than a letter (``tinentales`` is no
    ``mentales``). A first letter misread (``eombats``) is as common as an inner one, and stays."""
    if not plain_edits or best.cost < min(INSERT, DELETE) or " " in best.word or "'" in best.word:
        return False
    return fold(best.word) not in search(token, lexicon, budget, plain_edits, at_start=False)


def _is_plural(word: str) -> bool:
    return word.endswith(("s", "x", "z")) or " " in word


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
    joined = best.word.replace(" ", "").lower()
    rivals = [c for c in ranked[1:] if c.word.replace(" ", "").lower() != joined]
    sibling = next((c for c in rivals if fold(c.word) == fold(best.word)), None)
    rival = next((c for c in rivals if fold(c.word) != fold(best.word)), None)
    if sibling is not None and sibling.score - best.score < ACCENT_MARGIN:
        return UNKNOWN
    if rival is not None and rival.score - best.score < MARGIN:
        return UNKNOWN
    if _first_letter_edit(token, best, lexicon, budget, plain_edits):
        return UNKNOWN
    closest = min((c for c in (sibling, rival) if c is not None), key=lambda c: c.score, default=None)
    split = " " in best.word or "'" in best.word and "'" not in token
    reason = Reason.SPLIT if split else Reason.OCR_CONFUSION
    return Choice(best.word, confidence_of(best, closest, budget), reason)


