"""Short tokens decided by their neighbours on the line, not alone.

``&``/``3``/``4`` before a determiner is ``à``; ``a`` before a place name is ``à``; ``à été`` is
``a été``; ``11 faut`` opening a sentence is ``Il faut``; ``qu une`` is ``qu'une``; a lone ``e``
starting a line is a bullet; a lone accented letter, or a letter that is no French word alone, is a
speck of noise when OCR doubted it or it is far smaller than the line's type. One it read with
confidence, at the line's size, is print (``toutes les x secondes``, ``é clate``). A transcription
has no doubt to tell: there, such a letter is dirt only in the line's tail of weak tokens, where a
margin's specks gather (``.LE PRINCIPE Ë : ; î ë``); among words, the lone ``è`` or ``î`` of an
OCR text is a misread ``à`` or ``€`` far more often than dirt.
Neighbours are found by index from the word, never by slicing the line: a transcription's line may
hold a book.
"""

from __future__ import annotations

from pipeline.correct.edits import KEEP, Choice
from pipeline.correct.specks import NOISE_CONFIDENCE
from pipeline.correct.words import is_all_caps, split_punctuation
from pipeline.lexicon import Lexicon
from pipeline.model import Reason, Word
from pipeline.text import AMOUNT, NOISE_LETTERS, STRAY_LETTERS, is_number_like


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

def _next_core(words: list[Word], i: int) -> str:
    for j in range(i + 1, len(words)):  # indices, not a slice: a transcription's line may hold a book
        word = words[j]
        if word.text:
            return split_punctuation(word.text)[1]
    return ""


def previous_text(words: list[Word], i: int) -> str:
    """The text of the nearest word before ``i`` that kept some (``""`` at the line's start)."""
    for j in range(i - 1, -1, -1):
        word = words[j]
        if word.text:
            return word.text
    return ""


def after_plural_determiner(words: list[Word], i: int) -> bool:
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


def ampersand_means_et(words: list[Word]) -> bool:
    """Whether the document prints ``&`` for ``et``: most of its ``&`` stand before a word no ``à``
    could precede (``& éclatante``, ``& 1``). A misread ``à`` stands before a noun phrase (``& un``)."""
    following = [split_punctuation(after.text)[1]
                 for word, after in zip(words, words[1:], strict=False) if word.text == "&"]
    return bool(following) and 2 * sum(_starts_noun_phrase(core) for core in following) <= len(following)


def context_rule(words: list[Word], i: int, lexicon: Lexicon, line_start: bool,
                 sentence_start: bool = False, in_tail: bool = False) -> Choice:
    """Short tokens decided from their neighbours (``& un`` → ``à un``, ``11 faut`` → ``Il faut``).
    ``in_tail``: the word stands in the line's tail of weak tokens (``specks.weak_tail``)."""
    text = words[i].text
    following = _next_core(words, i)
    previous = previous_text(words, i)
    if text == "11" and sentence_start and following in AFTER_IL and not previous.endswith((":", ";")):
        return Choice("Il", 0.7, Reason.CONTEXT)
    if text == "à" and following in PARTICIPLES_OF_AVOIR:
        return Choice("a", 0.8, Reason.CONTEXT)  # à été: only the verb avoir stands there
    if text == "&" and _starts_noun_phrase(following):
        return Choice("à", 0.8, Reason.CONTEXT)
    if text in ("3", "4") and _starts_noun_phrase(following) and following.lower() not in ("un", "une"):
        previous_core = split_punctuation(previous)[1].lower()
        if previous_core.isalpha() and previous == previous_core and previous_core not in COUNTED:
            return Choice("à", 0.7, Reason.CONTEXT)
    if text == "a" and following and lexicon.place(following) and following[:1].isupper():
        return Choice("à", 0.7, Reason.CONTEXT)  # ``A Lille``: a capital goes without its accent
    confidence = words[i].confidence
    doubted = confidence is not None and (confidence < NOISE_CONFIDENCE or _small(words, i))
    if (text in NOISE_LETTERS
            or len(text) == 1 and not text.isascii() and text.isalpha() and text not in "àÀôù") \
            and (doubted or confidence is None and in_tail) \
            and not AMOUNT.match(previous):  # ``2,50 î``: a price's € misread, no speck
        return Choice("", 0.7, Reason.NOISE)
    if line_start and text in ("e", "o") and following and i + 1 < len(words):
        return Choice("•", 0.7, Reason.BULLET)
    if len(text) == 1 and text in STRAY_LETTERS and not is_number_like(previous) and doubted:
        return Choice("", 0.6, Reason.NOISE)
    return KEEP


SMALL = 0.5
"""A mark under this share of its line's usual word height is dirt, however sure OCR was of it."""


def _small(words: list[Word], i: int) -> bool:
    """Whether a token's box is far lower than its line's words: a speck OCR read as a letter with
    confidence (a reading's ``u`` 3 px high among 14 px words), not a letter of the line's type."""
    box = words[i].box
    heights = sorted(w.box.height for k, w in enumerate(words) if k != i and w.box is not None and w.text)
    return box is not None and len(heights) >= 2 and box.height < SMALL * heights[len(heights) // 2]


ELIDED_LETTERS = frozenset({"a", "y", "à"})
"""The one-letter words an elision stands before (``l'a``, ``n'y``, ``qu'à``)."""


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
    if len(core) == 1 and core.lower() not in ELIDED_LETTERS:
        return None  # ``co n s e r v e r``: letters spaced out, not an elision (``s'e`` is no French)
    return f"{head}'{after}"

