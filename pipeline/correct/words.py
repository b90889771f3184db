"""The decision on one word without its punctuation: the gates that keep it as printed, and the
shapes of word (capitals, elisions, compounds, glued words) that each take their own road to
:func:`pipeline.correct.edits.choose`.

Never changed: known words, codes, acronyms, words in capitals whose accents are merely missing
(``METHODOLOGIE``), and capitalised unknown words (proper nouns) unless a domain word or place is
one cheap confusion away, or one cheap confusion makes a very common word (``Wne``), or one glyph
confusion a listed word (``Docurnentation``), or the word is long (12+ letters); nor two words run
together (``parMme``, ``dArlequin``: see :func:`run_together`), unless a split that changes no letter
gives them back, nor the pieces of a word cut by a hyphen (``contem-pie``). A transcription
(no OCR confidence) is read more strictly than a scan whose doubt is known; a word OCR read with
confidence loses budget as the confidence rises.

A word's decision depends on nothing else, so it is memoised (see :class:`~pipeline.correct.edits.Memo`).
"""

from __future__ import annotations

import re

from pipeline.correct.edits import (
    KEEP,
    UNKNOWN,
    Choice,
    budget_for,
    choose,
    memo_of,
    remember,
)
from pipeline.evidence import CONFIDENT
from pipeline.lexicon import PLACE_FREQUENCY, Lexicon
from pipeline.model import Reason
from pipeline.text import DOUBT, ELIDED_BEFORE, ELISIONS, L_READ, PRONOUNS, fold

COMMON, COMMON_BUDGET = 100_000, 0.8
"""A capitalised unknown word is a proper noun (even at a sentence start: ``Simon`` is no
``Sinon``), unless a domain word or place is close, or one cheap confusion makes it a very common
word (``Wne`` → ``Une``, ``Etre`` → ``Être``): names seldom lie that close to one."""

GLUED_CONFIDENCE = 0.5
"""A correction this unsure, of a word that is two known words run together, is a guess (see
:func:`two_words`); a sure one (``habitarts`` → ``habitants``, 0.75) is not."""
SHORT = 4
"""A transcription's word this short is corrected only through a glyph confusion (``rn``, ``|``)."""
DOMAIN_LENGTH = 4
"""Shortest domain word a capitalised word may become: the domain's phrases hold ``de``, ``la``…"""
LONG_WORD = 12
"""A capitalised word this long is corrected into a domain word with the full budget of its length."""
GLYPH, GLYPH_LENGTH = 0.4, 6
"""Nor is a long capitalised word that one glyph confusion (``rn`` for ``m``, ``|`` for ``l``)
makes a listed word, whatever its length change (``Docurnentation``): names seldom print so."""

LEADING = "([{«\"“'‘*•·-–—_.,;:!?¡¿<>+=~^"
TRAILING = ")]}»\"”'’*•·-–—_.,;:!?…<>+=~^{["
WORD_LETTERS = frozenset("aàyAÀY")
"""Letters that are French words alone (``l``, ``d`` before a vowel are merged first)."""
LETTERS = re.compile(r"[^\W\d_]")


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


def in_capitals(core: str) -> bool:
    """Typed in capitals, whatever case OCR gave the first letter (``kOCHELLE``, ``rAMBON``): a
    lower-case letter before a run of capitals is a misread capital, not a word in lower case."""
    letters = [c for c in core if c.isalpha()]
    return is_all_caps(core) or len(letters) > 2 and all(c.isupper() for c in letters[1:])


def correct_core(core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None,
                 plural: bool = False) -> Choice:
    """Decide one word without its punctuation (``plural``: a plural determiner precedes it).

    The decision depends on nothing else, and most words of a text repeat: it is memoised
    (the OCR confidence rounded to a unit, and used rounded, so the memo changes nothing).
    """
    confidence = None if ocr_confidence is None else round(ocr_confidence)
    memo, key = memo_of(lexicon).decisions, (core, sentence_start, confidence, plural)
    choice = memo.get(key)
    if choice is None:
        choice = _decide_core(core, lexicon, sentence_start, confidence, plural)
        remember(memo, key, choice)
    return choice


def _decide_core(core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None,
                 plural: bool = False) -> Choice:
    if not LETTERS.search(core) or lexicon.place(core):
        return KEEP
    if lexicon.is_word(core):
        if len(core) > 3 or lexicon.frequency(core) > 1 or not core.islower() or ocr_confidence is None:
            return KEEP
        if ocr_confidence >= CONFIDENT:
            return KEEP  # read without doubt, a rare short word is the page's (``n'eût``, not ``n'eut``)
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
    if run_together(core, lexicon):  # ``parMme``, ``dArlequin``: a space or an apostrophe lost, which
        if core[0].isupper():  # only a split that changes no letter gives back (``deSaint``); one
            return UNKNOWN  # that opens with a capital is a name or a brand (``SansPlomb``, ``McDonald``)
        budget, _ = budget_for(len(core))
        choice = choose(core, lexicon, budget=budget, plain_edits=0,
                        only=lambda word: word.replace(" ", "") == core)
        return UNKNOWN if choice.text is None else choice
    low = core.lower()
    accented = fold(low) != low
    if fold(low) in lexicon.folded and in_capitals(core) and not accented:
        return KEEP  # METHODOLOGIE: capitals drop their accents in French
    budget, plain_edits = budget_for(len(core))
    if ocr_confidence is None and len(core) <= SHORT:
        budget, plain_edits = min(budget, GLYPH), 0  # ``tems``, ``verd``: short words have many neighbours
    if ocr_confidence is not None and ocr_confidence >= DOUBT:
        budget -= 1.2 * (ocr_confidence - DOUBT) / (100 - DOUBT)  # Tesseract was fairly sure of what it read
    mostly_capitals = sum(c.isupper() for c in core) > len(core) / 2
    if mostly_capitals and "l" in core and lexicon.is_acronym(core.replace("l", "I")):
        return Choice(core.replace("l", "I"), 0.8, Reason.OCR_CONFUSION)  # lREV: l and I look alike
    if in_capitals(core):
        if (len(core) <= 5 or lexicon.is_acronym(core.replace("l", "I"))) and not accented:
            fixed = core.replace("l", "I")
            if fixed != core and lexicon.is_acronym(fixed):
                return Choice(fixed, 0.8, Reason.OCR_CONFUSION)
            return UNKNOWN
        if accented and len(core) <= 5:
            acronym = accented_acronym(core, lexicon)
            if acronym:
                return Choice(acronym, 0.7, Reason.OCR_CONFUSION)  # CÉAS: an acronym has no accent
        choice = choose(core, lexicon, budget=min(budget, 2.0), plain_edits=min(plain_edits, 1),
                        allow_split=False)
    elif is_capitalised(core):
        doubted = ocr_confidence is not None and ocr_confidence < DOUBT  # only then into a place
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
        unsure = choice.text is not None and choice.confidence < GLUED_CONFIDENCE
        if unsure and " " not in choice.text and two_words(core, lexicon):
            return UNKNOWN  # ``napeut``: two words run together, one misread (``ne peut``), is
            # left for review: a far word (``râpent``, 0.26) is no correction of it, nor ``na peut``
    if choice.text is None:
        return UNKNOWN
    if capital_accents_only(core, choice.text):
        return UNKNOWN  # ``Etait``: French capitals often go without their accent
    typed = ocr_confidence is None or ocr_confidence >= DOUBT
    if typed and fold(choice.text) == fold(core) and _accents(choice.text) >= _accents(core):
        return UNKNOWN  # a text's accents are its spelling (``célébre``, ``grace``, ``austerité`` read
        # without doubt): only a stray one goes, or one on a word OCR doubted
    return Choice(shape(choice.text, core), choice.confidence, choice.reason)


def run_together(core: str, lexicon: Lexicon) -> bool:
    """Whether a capital after a lower-case letter starts a known word or a run of capitals
    (``parMme``, ``dArlequin``, ``xMerci``, ``versNOZ``, ``inl.ER``): two words run together, the
    space or an elision's apostrophe lost, not one word misread. A capital that starts nothing
    (``parJementaire``, ``réDondre``) is a misread letter, and is corrected like any; so is a word
    in capitals whose first letter OCR read in lower case (``rAMBON``, see :func:`in_capitals`)."""
    if in_capitals(core):
        return False
    for k in range(1, len(core)):
        after_mark = core[k - 1] in MARKS and core[k - 2:k - 1].islower()
        if core[k].isupper() and (core[k - 1].islower() or after_mark):
            tail = core[k:]  # (``int.FR``: across an abbreviation's mark)
            return len(tail) >= 2 and tail.isalpha() and (
                is_all_caps(tail) or is_known(tail, lexicon) or lexicon.is_name(tail))
    return False


GLUED_LENGTH = 6
"""Shortest word read as two run together: a shorter one (``pout``: ``po`` + ``ut``) is likelier one
word misread than two short rare ones glued."""


def two_words(core: str, lexicon: Lexicon) -> bool:
    """Whether an unknown word is two known words of two letters or more run together (``napeut``)."""
    low = core.lower()
    return len(low) >= GLUED_LENGTH and any(
        lexicon.is_word(low[:k]) and lexicon.is_word(low[k:]) for k in range(2, len(low) - 1))


def _accents(word: str) -> int:
    return sum(c != f for c, f in zip(word.lower(), fold(word), strict=False))


def capital_accents_only(core: str, word: str) -> bool:
    """``Etait`` for ``Était``, ``Saint-Etienne`` for ``Saint-Étienne``: the word differs only by the
    accents of its capitals, which French print often leaves off. That is spelling, not misreading."""
    differences = [(c, w) for c, w in zip(core, word, strict=False) if c != w]
    return len(core) == len(word) and bool(differences) and all(
        c.isupper() and fold(c) == c.lower() == fold(w) != w.lower() for c, w in differences)


def accented_acronym(core: str, lexicon: Lexicon) -> str | None:
    """``CÉAS`` → ``CCAS``: the one known acronym that differs only where the token has an accent."""
    spots = [i for i, c in enumerate(core) if fold(c) != c.lower()]
    found = {a for a in lexicon.acronyms if len(a) == len(core)
             and all(a[k] == c or k in spots for k, c in enumerate(core)) and sum(
                 a[k] != c for k, c in enumerate(core)) == 1}
    return found.pop() if len(found) == 1 else None


MARKS = ".,;:"
"""Marks an abbreviation or a speck puts between two words run together."""
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
    if lexicon.is_word(left + right):
        return Choice(left + right, 0.7, Reason.NOISE)
    if is_known(left, lexicon) and lexicon.is_word(right) and (len(right) > 1 or right in WORD_LETTERS):
        return Choice(f"{left} {right}", 0.7, Reason.SPLIT)
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
    if head.lower().endswith("-t") and tail.lower() in PRONOUNS:
        return KEEP  # ``va-t'on``, ``a-t'il``: the euphonic t typed with an apostrophe, no speck
    elided = (head.lower() + "'") in ELISIONS and (not tail[:1].islower() or fold(tail[:1]) in ELIDED_BEFORE)
    if elided and ocr_confidence is not None and tail[:1].islower():
        elided = ocr_confidence >= DOUBT  # OCR doubted it: the apostrophe may be a misread letter
    apostrophe = len(tail) > 2 and lexicon.is_word(tail)  # ``tl'obus``: a known word after it, so the
    # apostrophe is an elision's and its head a misread one, left for review (not ``flous``)
    if choice.unknown and head and tail.isalpha() and not elided and not apostrophe:  # ``d'icclles``
        joined = correct_core(head + tail, lexicon, sentence_start, ocr_confidence)
        drops = len(head) == 1 and joined.text is not None and len(joined.text) < len(head + tail)
        if drops:  # ``i'infinises`` (``l'infini ses``): one letter and an apostrophe say two words,
            return choice  # which a shorter one cannot be (not ``infinies``)
        if joined.text is not None and " " not in joined.text:
            return joined
        if joined.text is None and not joined.unknown and (ocr_confidence is not None or head.islower()):
            return Choice(head + tail, 0.6, Reason.NOISE)  # a known word with a speck inside
    return choice


def _elision(core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None) -> Choice:
    head, _, tail = core.partition("'")
    head_fixed = head
    if head in L_READ:
        head_fixed = "L" if sentence_start and head else "l"
    if (head_fixed.lower() + "'") not in ELISIONS or not tail:
        return UNKNOWN
    tail_choice = correct_core(tail, lexicon, False, ocr_confidence)
    tail_fixed = tail_choice.text or tail
    if head_fixed == head and tail_choice.text is None:
        return UNKNOWN if tail_choice.unknown else KEEP
    if fold(tail_fixed[:1]) not in ELIDED_BEFORE:
        return UNKNOWN  # 'Mardi, S'sortie: French elides only before a vowel or a mute h
    known_tail = len(tail_fixed) > 1 and (lexicon.is_word(tail_fixed) or lexicon.is_acronym(tail_fixed))
    if head == "" and not known_tail:
        return UNKNOWN  # ``'organisation``: a word lost its ``l'``; a lone letter (``'ï``) is no word elided
    confidence = tail_choice.confidence if tail_choice.text else (0.6 if head == "" else 0.9)
    return Choice(f"{head_fixed}'{tail_fixed}", confidence, tail_choice.reason or Reason.ELISION)


def _correct_compound(
    core: str, lexicon: Lexicon, sentence_start: bool, ocr_confidence: float | None
) -> Choice:
    """Each part of a hyphenated word on its own (``Val-de-Sambre`` is known whole).

    A hyphenated place name whose only fault is its accents (``Boulogne-sur-Mér``) gets the
    place's spelling: such a long name is not a person's; an accent it lacks is added only where
    OCR doubted the word (a text's accents are its spelling, as in :func:`_decide_core`). Accents
    its capitals go without (``Saint-Etienne``) are no fault.
    """
    place = _hyphenated_places(lexicon).get(fold(core))
    if place is not None and capital_accents_only(core, shape(place, core)):
        return KEEP  # ``Saint-Etienne``: its capital printed without the accent
    typed = ocr_confidence is None or ocr_confidence >= DOUBT
    if place is not None and typed and _accents(place) >= _accents(core):
        return UNKNOWN  # ``Puy-de-Dome`` typed so: its accents are its spelling (as any word's)
    if place is not None:
        return Choice(shape(place, core), 0.8, Reason.OCR_CONFUSION)
    parts = core.split("-")
    unknown_parts = sum(bool(p) and not is_known(p, lexicon) for p in parts)
    if unknown_parts > 1 and ocr_confidence is None:
        return UNKNOWN  # ``Rem-brandt``: two unknown pieces are likelier one word cut than two errors
    if _cut_misread(parts, lexicon, ocr_confidence):
        return UNKNOWN
    choices = [correct_core(p, lexicon, sentence_start and i == 0, ocr_confidence) if p else KEEP
               for i, p in enumerate(parts)]
    choices = [UNKNOWN if c.text and " " in c.text else c for c in choices]  # no piece is split in two
    if all(c.text is None for c in choices):
        return UNKNOWN if any(c.unknown for c in choices) else KEEP
    fixed = "-".join(c.text or p for c, p in zip(choices, parts, strict=True))
    return Choice(fixed, min(c.confidence for c in choices if c.text), Reason.OCR_CONFUSION)


def _cut_misread(parts: list[str], lexicon: Lexicon, ocr_confidence: float | None) -> bool:
    """A word cut by a hyphen inside a line with a letter misread (``contem-pie``: ``contemple``):
    two pieces, the second in lower case, the first no word, that joined are one word misread.
    Its pieces are halves of that word, not words misread (``conte-pie``): it is left whole."""
    if len(parts) != 2 or not all(p.isalpha() for p in parts) or not parts[1][:1].islower():
        return False
    if is_known(parts[0], lexicon):
        return False  # ``vrai-íemblable``: a word and a misread one, each corrected
    joined = correct_core(parts[0] + parts[1], lexicon, False, ocr_confidence)
    return joined.text is not None and " " not in joined.text and "'" not in joined.text


def _hyphenated_places(lexicon: Lexicon) -> dict[str, str]:
    """Folded hyphenated place name → its spelling, for names no other place folds to (memoised)."""
    memo = memo_of(lexicon)
    places = memo.hyphenated_places
    if places is None:
        spellings: dict[str, set[str]] = {}
        for name in lexicon.places.values():
            if "-" in name:
                spellings.setdefault(fold(name), set()).add(name)
        places = {key: names.pop() for key, names in spellings.items() if len(names) == 1}
        memo.hyphenated_places = places
    return places



def is_known(core: str, lexicon: Lexicon) -> bool:
    """A known word, acronym or place, also after an elision (``d'agir``, ``l'IREV``)."""
    head, apostrophe, tail = core.rpartition("'")
    if apostrophe and (head.lower() + "'") in ELISIONS:
        core = tail
    return lexicon.is_word(core) or lexicon.is_acronym(core) or bool(lexicon.place(core))

