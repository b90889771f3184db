"""The correction stage: OCR errors of a document's words fixed in place, everything else kept.

A word is changed only when the evidence says it is an OCR error *and* what it should be: it is
unknown, nothing in the document says it is real (:mod:`pipeline.evidence`: votes, names,
another language or period, cut words), and one candidate clearly wins. Each change keeps the
original and gets a reason and a confidence; doubtful words go to ``unknown_words``.

The stage reads the lexicon it is given (loaded once by :mod:`pipeline.process`). Its parts:

- :mod:`~pipeline.correct.edits`: candidates, costs, the choice, and the corrector's memos;
- :mod:`~pipeline.correct.words`: the decision on one word (gates, capitals, elisions, compounds);
- :mod:`~pipeline.correct.context`: short tokens decided by their neighbours;
- :mod:`~pipeline.correct.specks`: specks of dirt read as signs at line ends;
- :mod:`~pipeline.correct.date_context`: doubtful dates read against the document's other dates;
- :mod:`~pipeline.correct.printed`: a misread word read against the forms the document prints;
- this module: the pass over the document, line by line, and what it protects (URLs, numbers,
  a URL's pieces broken over lines, the apostrophes as printed).
"""

from __future__ import annotations

import re

from pipeline import evidence
from pipeline.correct.context import (
    CONTEXT_NUMBERS,
    after_plural_determiner,
    ampersand_means_et,
    context_rule,
    merge_rule,
    previous_text,
)
from pipeline.correct.date_context import correct_dates
from pipeline.correct.edits import ACCENT, accent_cost, candidates, choose, forget
from pipeline.correct.printed import printed_choice
from pipeline.correct.specks import NOISE_CONFIDENCE, is_underline, speck_words, weak_tail
from pipeline.correct.words import (
    GLYPH,
    GLYPH_LENGTH,
    LETTERS,
    accented_acronym,
    correct_core,
    in_capitals,
    is_known,
    split_punctuation,
)
from pipeline.evidence import Evidence
from pipeline.lexicon import Lexicon
from pipeline.model import Document, Fix, Line, Reason, Word
from pipeline.spelling import long_s, old_spelling, spelling_variant
from pipeline.text import (
    AMOUNT,
    APOSTROPHES,
    ELISIONS,
    SENTENCE_END,
    fold,
    is_number_like,
    is_url_like,
    plain_apostrophes,
)
from pipeline.urlwords import english

__all__ = ["ACCENT", "accent_cost", "candidates", "correct", "correct_core", "correct_dates", "correct_line",
           "forget"]

FOREIGN_LENGTH = 5
"""Shortest common English word (``market``, ``regular``) an unknown word is left as printed for:
shorter ones are too often a French word misread."""
OPTIONAL_ENDING = re.compile(r"(?<=[^\W\d_])\([^\W\d_]{1,4}$")
"""An ending printed in brackets after a word (``transaction(s)``, ``connecté(e)``, with its closing
bracket split off as punctuation): the word is judged without it, and it is kept as printed."""
BROKEN_SCHEME = re.compile(r"h[tuü]{1,3}p(s?):/{0,2}(?=www\.|[\w-]+\.[a-z]{2,})", re.IGNORECASE)
"""``https:/www``, ``hups:/www``, ``http:www``: the scheme misread (the rest of the URL is never changed)."""


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


def _set(word: Word, text: str, confidence: float, reason: Reason, original: str | None = None) -> None:
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
    tail = weak_tail(words, lexicon)
    whole = _spaced_elisions(words) | _cut_pieces(words, lexicon)
    for i, word in enumerate(words):
        text = word.text
        if not text or id(word) in protected or id(word) in known.whole or i in whole:
            continue
        old = id(word) in known.old_print
        if id(word) in known.long_s and line.language in (None, "fr") and (read := _long_s(text, lexicon)):
            _set(word, read, 0.8, Reason.OCR_CONFUSION)  # ``efprit``: the long s read ``f``, also in a
            continue  # passage held for its older spelling (that s is the printer's, the f OCR's)
        if id(word) in known.held:
            core = evidence.core_of(text)
            if LETTERS.search(core) and not is_known(core, lexicon):
                unknown.add(core)  # another language or period: left as printed, listed for review
            continue
        if id(word) in known.names:
            core = evidence.core_of(text)
            if LETTERS.search(core) and not is_known(core, lexicon) and not lexicon.is_name(core):
                unknown.add(core)  # a name no list knows: the review may want to see it
            continue
        underline = is_underline(text) and word.confidence is not None and word.confidence < NOISE_CONFIDENCE
        if i in specks and not known.repeated(evidence.core_of(text)) or underline and scanned:
            _set(word, "", 0.6, Reason.NOISE)
            continue
        scheme = BROKEN_SCHEME.match(text)
        if scheme:
            repaired = f"http{scheme.group(1).lower()}://{text[scheme.end():]}"
            if repaired != text:
                _set(word, repaired, 0.9, Reason.URL_SCHEME)
            continue
        if is_url_like(text) or is_number_like(text) and text not in CONTEXT_NUMBERS:
            continue
        starts = sentence_start if i == 0 else previous_text(words, i).endswith(SENTENCE_END)
        if i + 1 < len(words) and known.figure_one(text, words[i + 1].text):
            _set(word, "1", 0.7, Reason.DOCUMENT_FORM)
            continue
        merged = None if known.spaced_elisions else merge_rule(words, i, lexicon)
        if merged is not None:
            _set(word, merged, 0.8, Reason.MERGE, original=f"{text} {words[i + 1].text}")
            words[i + 1].text = ""
            continue
        rule = context_rule(words, i, lexicon, line_start=i == 0, sentence_start=starts, in_tail=i >= tail)
        if rule.text is not None and text == "&" and (known.ampersand_is_et or old):  # old print: & is et
            continue
        if rule.text is not None:
            _set(word, rule.text, rule.confidence, rule.reason)
            continue
        if len(text) == 1 and AMOUNT.match(previous_text(words, i)):
            continue  # ``2,50 î``: a price's currency sign misread, no letter to correct
        prefix, core, suffix = split_punctuation(text)
        ending = OPTIONAL_ENDING.search(core) if suffix.startswith(")") else None
        if ending:  # ``considéré(s)``, ``connecté(e)``: the word is its stem, the ending is typography
            core, suffix = core[:ending.start()], ending.group() + suffix
        if len(core) == 1 and not core.isascii() and not lexicon.is_word(core):
            unknown.add(core)  # a lone ``è``, ``ù``, ``î`` the rules above left standing: the sign it
            continue  # misreads (``à``, ``€``) is no neighbour of its letters; ``u`` is no better
        if _real(core, word.confidence, lexicon, known):
            if not is_known(core, lexicon) and LETTERS.search(core):
                unknown.add(core)
            continue
        plural = after_plural_determiner(words, i)
        choice = correct_core(core, lexicon, starts, word.confidence, plural)
        if old and choice.text is not None and spelling_variant(core, choice.text):
            unknown.add(core)
            continue  # ``toûjours``, ``cét``, ``adjoûtant`` on an old page: the printer's spelling
        if known.accentless and choice.text is not None and fold(choice.text) == fold(core) == core.lower():
            unknown.add(core)
            continue  # the document writes without accents (``etait``): that is its spelling
        if choice.text is not None and choice.text != core or choice.unknown:
            choice = printed_choice(core, choice, word.confidence, known) or choice
        if choice.text is not None and choice.text != core:
            _set(word, prefix + choice.text + suffix, choice.confidence, choice.reason)
        elif choice.unknown:
            unknown.add(core)
    _printed_apostrophes(words, printed)
    last = next((w.text for w in reversed(words) if w.text), "")
    return last.endswith(SENTENCE_END) or not last


ELISION_HEADS = frozenset(e[:-1] for e in ELISIONS)


def _long_s(text: str, lexicon: Lexicon) -> str | None:
    """The token with the long s OCR read ``f`` read back (``l'efprit,`` → ``l'esprit,``), or None
    (:func:`pipeline.spelling.long_s`; an elision's head is kept)."""
    prefix, core, suffix = split_punctuation(text)
    head, apostrophe, tail = core.rpartition("'")
    if apostrophe and (head.lower() + "'") not in ELISIONS:
        return None
    read = long_s(tail, lexicon)
    return None if read is None else prefix + head + apostrophe + read + suffix


def _spaced_elisions(words: list[Word]) -> set[int]:
    """Indices of an elision printed apart from its apostrophe (``t 'aime``, ``l 'école``): the lone
    letter is the elided word, no speck, and the word after has its elision already: both stay."""
    out: set[int] = set()
    for i, (head, after) in enumerate(zip(words, words[1:], strict=False)):
        rest = after.text.lstrip("'")
        if head.text.lower() in ELISION_HEADS and rest != after.text and rest[:1].isalpha():
            out.update((i, i + 1))
    return out


def _cut_pieces(words: list[Word], lexicon: Lexicon) -> set[int]:
    """Indices of two unknown pieces of a word cut by a space with a letter misread (``trah quillité``:
    ``tranquillité``): the second in lower case, the two joined one word misread. A piece is half a
    word, not a word misread (``qualité``): both stay as printed."""
    out: set[int] = set()
    for i, (left, right) in enumerate(zip(words, words[1:], strict=False)):
        head, tail = left.text, split_punctuation(right.text)[1]
        if not (head.isalpha() and tail.isalpha() and tail[:1].islower()) \
                or is_known(head, lexicon) or is_known(tail, lexicon):
            continue
        joined = correct_core(head + tail, lexicon, False, left.confidence)
        if joined.text is not None and " " not in joined.text and "'" not in joined.text:
            out.update((i, i + 1))
    return out


def _real(core: str, confidence: float | None, lexicon: Lexicon, known: Evidence) -> bool:
    """Whether the evidence says an unknown form is real, whatever the lexicon lacks: the document
    prints it several times, it is a name or an older spelling, OCR read it without doubt, or it is
    typed in capitals."""
    if known.voted(core):
        return True
    head, apostrophe, tail = core.rpartition("'")
    if apostrophe and len(head) <= 7 and tail:
        core = tail  # ``d'ABLON``, ``I'IREV``: the word after the elision (its head is the rules')
    if not core or is_known(core, lexicon):
        return False
    if lexicon.is_name(core) or old_spelling(core, lexicon):
        return True
    if len(core) >= FOREIGN_LENGTH and core.isalpha() and english(core.lower()) \
            and fold(core) not in lexicon.folded:  # (``operation`` is ``opération`` without its accent)
        return True  # another language's word (``market``, ``refund``), not a French one misread
    if confidence is not None and confidence >= evidence.CONFIDENT:
        return True  # read without doubt: a typist's own spelling (``sevère``, ``notament``) stays
    if in_capitals(core) and confidence is None and len(core) > 2:  # capitals typed (``CHÉNIER``, and
        # ``kOCHELLE``, its first letter misread in lower case): a name, unless a glyph was misread
        # (``RENOUVELLERNENT``) or an acronym took an accent (``CÉAS``)
        return not (_glyph_misread(core, lexicon) or accented_acronym(core, lexicon))
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


def correct(doc: Document, lexicon: Lexicon) -> Document:
    """Correct the OCR errors of the document's words in place with ``lexicon``; fills
    ``doc.unknown_words`` and returns the document."""
    unknown: set[str] = set(doc.unknown_words)
    known = evidence.gather(doc, lexicon)
    known.ampersand_is_et = ampersand_means_et(doc.words)
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

