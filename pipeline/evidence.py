"""What a document says about its own words, before any of them is corrected.

The corrector changes a word only when the evidence says it is an OCR error *and* what it
should be. This module gathers the evidence that says a word is *not* an error, so it stays as
printed (and goes to ``unknown_words`` when it looks doubtful):

- **Language**: a passage in Latin, English or German is no French with errors in it. Each
  passage (a layout block, or lines between blank lines) is identified with py3langid; only
  French passages, and passages too short to tell, are corrected.
- **Older spelling**: ``avoit``, ``enfans``, ``nostre``, ``pouuoir``, ``autruy`` are words of
  another century, not misreadings. A word that one of the old spelling rules
  (:mod:`pipeline.spelling`) turns into a known word is kept; a passage where such words make a
  good share of the unknown ones is left whole, since its other unknown words are likelier old than
  wrong. A page whose marks say it is older print (``&``, ``-oit``, the long s read ``f``)
  has its words' spelling kept: only an OCR error is corrected there.
- **The document votes**: a form printed several times in the same document, in whatever case
  (``NOISEAU`` × 14; ``Maiten`` twice and ``maiten`` once), is presumed real, unless the OCR doubted
  every occurrence.
- **Names**: a word after a street type (``rue``, ``allée``…) or a title (``M.``, ``général``…)
  is a name; so is a word in the lists of places and people's names (see the lexicon).
- **Logical words**: the halves of a word hyphenated at a line end (``ins-`` / ``truments``) or
  cut by a space (``condi tions``) are judged whole: when the whole is a known word, both halves
  stay as printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from pipeline.lexicon import Lexicon, fold_index
from pipeline.model import Document, Line, Word
from pipeline.spelling import long_s_page, old_print, old_spelling
from pipeline.text import DOUBT, ELISIONS, HYPHENS, fold, is_url_like, plain_apostrophes

CONFIDENT = 80.0
"""OCR confidence at and above which a capitalised word or a word in capitals is never changed."""
VOTES, READ_VOTES = 3, 2
"""Occurrences of a form in one document that make it presumed real: three in a transcription
(which has no confidences; an OCR engine repeats its own misreadings), two when the OCR read one of
them without doubt."""
LANGUAGES = ("fr", "en", "la", "de", "it", "es", "nl", "pt", "oc", "ca", "br")
"""The languages a passage is identified among: French and those an archive of France holds."""
WINDOW = 60
"""Words a language is told for at a time: a long passage (a transcription's page on one line)
may change language or period within it. A passage held as a whole stays held in every window."""
LANGUAGE_LETTERS = 40
"""Letters a passage needs before its language is trusted; shorter ones take the document's."""
LANGUAGE_SURE = 0.9
"""Probability above which a passage identified as another language is left as printed."""
OLD_SHARE = 0.15
"""Share of a passage's unknown words that, read in an older spelling, make it an old passage."""
OLD_MINIMUM = 2
"""Old spellings a passage needs before it is held whole (one alone is kept, not the passage)."""

ELIDED_L = re.compile(r"^[lL]['’](.+)")
"""A word elided after ``l'``, and the word."""

ACCENTLESS_SHARE, ACCENT_WITNESSES = 0.1, 10
"""A document in which this share of the known words that take an accent go without it (out of at
least that many such words) spells without accents: an accent it lacks is not an OCR loss."""

STREET_TYPES = frozenset((
    "rue", "ruelle", "avenue", "av", "allée", "allee", "impasse", "place", "placette", "boulevard",
    "bd", "bld", "chemin", "route", "rte", "square", "quai", "cours", "voie", "sentier", "passage",
    "cité", "cite", "résidence", "residence", "esplanade", "parvis", "faubourg", "fg", "hameau",
    "lieu-dit", "lieudit", "rond-point", "carrefour", "mail", "promenade", "venelle", "villa", "clos",
    "domaine", "lotissement", "chaussée", "digue", "port", "pont", "porte",
))
"""Words a street's name follows: that name stays as printed (``rue Léon Blum``)."""
TITLES = frozenset((
    "m.", "mm.", "mme", "mmes", "mlle", "mlles", "me", "dr", "docteur", "pr", "professeur", "monsieur",
    "madame", "mademoiselle", "messieurs", "général", "generale", "générale", "maréchal", "colonel",
    "commandant", "capitaine", "lieutenant", "amiral", "président", "présidente", "maire", "préfet",
    "préfète", "abbé", "père", "mère", "sœur", "frère", "saint", "sainte", "st", "ste", "monseigneur",
    "mgr", "maître",
))
"""Words a person's name follows: ``général de Gaulle``, ``M. Daudet``."""
NAME_WORDS = 6
"""Most words a name after a street type or a title runs to (``avenue du Général de Gaulle``)."""
PARTICLES = frozenset(["de", "du", "des", "la", "le", "les", "d'", "l'", "d", "l", "von", "van", "y", "et"])
"""Words inside a name that do not end it (``rue de la Paix``, ``Périgny-sur-Yerres``)."""


@dataclass
class Evidence:
    """The document's evidence about its words, read by the corrector word by word."""

    counts: Counter[str] = field(default_factory=Counter)
    """How often each form (word without its punctuation) is printed in the document."""
    votes: Counter[str] = field(default_factory=Counter)
    """How often each form is printed in any case (keyed by :func:`form`)."""
    sure: Counter[str] = field(default_factory=Counter)
    """How often each form, in any case, was read by OCR without doubt (a transcription's words have
    no doubt to tell)."""
    read: Counter[str] = field(default_factory=Counter)
    """How often each form, in any case, was read by OCR (with a confidence)."""
    confident: Counter[str] = field(default_factory=Counter)
    """How often each form, in any case, was read by OCR at ``CONFIDENT`` or above."""
    printed: Lexicon = field(default_factory=Lexicon)
    """The forms the document prints that the lexicon lacks (names, rare words), in lower case, as a
    lexicon the corrector's search can walk: a misread word's likeliest meaning may be one of them."""
    held: set[int] = field(default_factory=set)
    """``id()`` of the words of passages left as printed (another language, an older spelling)."""
    names: set[int] = field(default_factory=set)
    """``id()`` of the words that stand in a name (after a street type or a title)."""
    whole: set[int] = field(default_factory=set)
    """``id()`` of the words that are halves of a known word cut by a hyphen or a space."""
    counted: Counter[str] = field(default_factory=Counter)
    """How often each form (:func:`form`) is printed after the figure ``1`` (``1 acte``)."""
    elided: Counter[str] = field(default_factory=Counter)
    """How often each form is printed after an elided ``l'`` (``l'acte``)."""
    spaced_elisions: bool = False
    """The document prints its elisions with a space (``l acte``, ``L A``): none is glued back."""
    ampersand_is_et: bool = False
    """The document prints ``&`` for ``et`` (older print): none of its ``&`` is a misread ``à``."""
    accentless: bool = False
    """The document writes without accents (see ``ACCENTLESS_SHARE``): none is added to its words."""
    long_s: set[int] = field(default_factory=set)
    """``id()`` of the words of old pages that show the long s read ``f``
    (:func:`pipeline.spelling.long_s_page`)."""
    old_print: set[int] = field(default_factory=set)
    """``id()`` of the words of pages printed in an older spelling (:func:`pipeline.spelling.old_print`):
    a change there must be an OCR error, not a spelling made modern."""

    def voted(self, core: str) -> bool:
        """A form printed several times, not doubted each time: the document spells it so."""
        if "'" in core:
            return False  # ``I'IREV``: an elision's misread head is judged by the elision rules
        core = form(core)
        if self.read[core]:
            return self.votes[core] >= READ_VOTES and self.sure[core] > 0
        return self.votes[core] >= VOTES

    def attested(self, printed: str, doubted: str, confidence: float | None) -> bool:
        """Whether the document's own form ``printed`` is better evidence than a reading ``doubted``
        near it, read at ``confidence``: the OCR doubted that reading and read ``printed`` without
        doubt (once at ``CONFIDENT``, or several times), or, in a transcription (no doubt to tell),
        ``printed`` is printed several times and more often than ``doubted``."""
        printed, doubted = form(printed), form(doubted)
        if confidence is not None:
            return confidence < DOUBT and (self.confident[printed] > 0 or self.voted(printed))
        return self.votes[printed] >= VOTES and self.votes[printed] > self.votes[doubted]

    def figure_one(self, head: str, after: str) -> bool:
        """A lone ``l`` or ``I`` before a word the document counts with the figure ``1`` (``1 acte``,
        :data:`VOTES` times or more) and never prints elided (``l'acte``): the figure misread, not
        an elision printed apart (a catalogue's ``vaudeville l acte`` is ``1 acte``)."""
        after = form(core_of(after))
        return head in ("l", "I") and self.counted[after] >= VOTES and not self.elided[after]

    def repeated(self, core: str) -> bool:
        """A form of three letters or more printed again elsewhere in the document: dirt does not
        make the same word twice, so it is no speck, however doubted (``"Toune"``). In the same
        case: a margin's dirt read ``SUR`` beside the page's ``sur`` is still dirt."""
        return sum(c.isalpha() for c in core) >= 3 and self.counts[core] >= READ_VOTES


def form(core: str) -> str:
    """What the votes count: a word's letters, whatever their case. Case says nothing against a form:
    a play prints ``Maiten`` in a line and ``MAITEN`` above her speech, and any word may open a
    sentence with a capital."""
    return core.lower()


def core_of(text: str) -> str:
    """The word without its punctuation, apostrophes read as ``'``."""
    text = plain_apostrophes(text).strip(".,;:!?()[]{}«»\"“”'*•·…")
    return text


def gather(doc: Document, lexicon: Lexicon) -> Evidence:
    """Read the whole document once: votes, passages held, names, logical words."""
    evidence = Evidence()
    words = doc.words
    for word in words:
        core = core_of(word.original)
        if core:
            evidence.counts[core] += 1
            evidence.votes[form(core)] += 1
            if word.confidence is not None:
                evidence.read[form(core)] += 1
                evidence.sure[form(core)] += word.confidence >= DOUBT
                evidence.confident[form(core)] += word.confidence >= CONFIDENT
        if (elided := ELIDED_L.match(word.original)) is not None:
            evidence.elided[form(core_of(elided.group(1)))] += 1
    for word, after in zip(words, words[1:], strict=False):
        if word.original == "1":
            evidence.counted[form(core_of(after.original))] += 1
    evidence.accentless = _accentless(evidence.counts, lexicon)
    evidence.printed = _printed(evidence.votes, lexicon)
    evidence.spaced_elisions = _spaced_elisions(words) >= VOTES - 1
    for page in doc.pages:
        words = [w for line in page.lines for w in line.words]
        cores = [core_of(w.original) for w in words]
        if old_print(cores, lexicon):
            evidence.old_print.update(id(w) for w in words)
            if long_s_page(cores, lexicon):
                evidence.long_s.update(id(w) for w in words)
    languages: Counter[str] = Counter()
    garbled: list[list[Word]] = []
    for lines in _passages(doc):
        told: dict[int, str | None] = {}
        words = [w for line in lines for w in line.words]
        whole = _held(words, lexicon) if len(words) > WINDOW else False
        for start in range(0, len(words), WINDOW):
            window = words[start:start + WINDOW]
            if len(words) - start - WINDOW < WINDOW // 2:
                window = words[start:]  # the last window takes the short rest with it
            language = "fr" if _plainly_french(window, lexicon) else identify(window)
            if language is not None:
                languages[language] += len(window)
            held = whole or language not in (None, "fr") or _old_spelling(window, lexicon)
            if not held and language is None and _garbled(window, lexicon):
                garbled.append(window)  # French if the document is: decided once it is read
            for word in window:
                told[id(word)] = language
                if held:
                    evidence.held.add(id(word))
            if len(window) > WINDOW:
                break
        for run in _foreign_runs(words, lexicon):
            evidence.held.update(id(w) for w in run)
        for line in lines:
            said = Counter(told[id(w)] for w in line.words if told.get(id(w)))
            line.language = said.most_common(1)[0][0] if said else None
    if languages:
        doc.language = languages.most_common(1)[0][0]
    if doc.language != "fr":  # no French around them to read them as French with errors in it
        evidence.held.update(id(word) for window in garbled for word in window)
    for page in doc.pages:
        lines = [line for line in page.lines if line.words]
        for line in lines:
            evidence.names.update(id(w) for w in _name_words(line.words))
            evidence.whole.update(id(w) for w in _split_words(line.words, lexicon))
        for line, following in zip(lines, lines[1:], strict=False):
            evidence.whole.update(id(w) for w in _hyphenated(line.words[-1], following.words[0]))
    return evidence


PRINTED_LENGTH = 4
"""Shortest form of the document a misread word is read against: shorter ones (``tbe``, ``Ia``) are
as often misreadings themselves, and have too many neighbours to vouch for one."""


def _printed(votes: Counter[str], lexicon: Lexicon) -> Lexicon:
    """The document's own forms the lexicon lacks, as a lexicon (frequency: times printed)."""
    frequencies = {f: n for f, n in votes.items()
                   if len(f) >= PRINTED_LENGTH and f.isalpha() and not lexicon.is_word(f)}
    folded = fold_index(frequencies)
    return Lexicon(frequencies, folded=folded, keys=sorted(folded))


def _spaced_elisions(words: list[Word]) -> int:
    """How often the document prints an elided letter apart from its word (``l acte``, ``qu une``)."""
    heads = {e[:-1] for e in ELISIONS}
    return sum(left.original.lower() in heads and right.original[:1].lower() in "aeiouyhéèêâîô"
               for left, right in zip(words, words[1:], strict=False))


def _accentless(counts: Counter[str], lexicon: Lexicon) -> bool:
    """Whether the document's words that take an accent (``été``, ``année``) often go without."""
    with_accent = without = 0
    for core, n in counts.items():
        low = core.lower()
        forms = lexicon.folded.get(fold(low)) if low.isalpha() else None
        if not forms or fold(forms[0]) == forms[0]:
            continue
        if low == fold(low) and low not in lexicon.frequencies:
            without += n
        elif low in lexicon.frequencies:
            with_accent += n
    seen = with_accent + without
    return seen >= ACCENT_WITNESSES and without > ACCENTLESS_SHARE * seen


def _passages(doc: Document) -> Iterator[list[Line]]:
    """Runs of lines of one layout block, broken at blank lines: told in windows of ``WINDOW`` words."""
    for page in doc.pages:
        run: list[Line] = []
        for line in page.lines:
            if not line.words or run and line.block != run[-1].block:
                if run:
                    yield run
                run = [line] if line.words else []
            else:
                run.append(line)
        if run:
            yield run


@cache
def _identifier():  # noqa: ANN202 - py3langid has no types
    """py3langid's model, once per process and only when a passage needs it."""
    from pipeline.language import identifier

    return identifier(LANGUAGES)


FRENCH_SHARE = 0.9
"""Share of a passage's words the French lexicon knows above which it is French without asking
the language model (loading it costs a process a tenth of a second at best; most fiches never
need it)."""


def _held(words: list[Word], lexicon: Lexicon) -> bool:
    """Whether a run of words is in another language or an older spelling, told as a whole."""
    if _plainly_french(words, lexicon):
        return False
    return identify(words) not in (None, "fr") or _old_spelling(words, lexicon)


def _plainly_french(words: list[Word], lexicon: Lexicon) -> bool:
    cores = [c for w in words if (c := core_of(w.original)).isalpha()]
    known = sum(lexicon.is_word(c) for c in cores)
    return len(cores) >= LANGUAGE_LETTERS // 5 and known >= FRENCH_SHARE * len(cores)


GARBLED_SHARE = 0.5
"""Share of its words the lexicon must know for a passage whose language cannot be told (too short)
to be corrected in a document that is not told French either: below it (``hilipus a i e eaneses
ees eseses``) the words give no French context to correct by, and a change is a guess. In a French
document, such a passage is a badly read heading (``La Mastenclass clovenne : séance imtroductve``)."""


def _garbled(words: list[Word], lexicon: Lexicon) -> bool:
    """A passage whose words are mostly unknown: garbled beyond reading, or a language not listed.

    Words of three letters or more count, and not those in capitals (names and codes, judged by
    rules of their own): a lone letter is known whatever the passage, and a receipt's line is
    mostly capitals."""
    cores = [c for w in words if (c := core_of(w.original)).isalpha() and len(c) >= 3 and not c.isupper()]
    known = sum(lexicon.is_word(c) or bool(lexicon.place(c)) or lexicon.is_name(c) for c in cores)
    return len(cores) >= 3 and known < GARBLED_SHARE * len(cores)


FOREIGN_RUN = 2
"""Unknown words in a row, at least, that are told as another language on their own."""


def _foreign_runs(words: list[Word], lexicon: Lexicon) -> Iterator[list[Word]]:
    """Runs of :data:`FOREIGN_RUN` words or more that no lexicon knows, in small letters, that the
    language model tells as another language than French with :data:`LANGUAGE_SURE` certainty: a
    motto or a quotation inside French prose (``libertas artibus restituta``), far shorter than a
    passage it can tell (:data:`LANGUAGE_LETTERS`), which a French corrector would make French
    (``libertés artibus restitua``). French words misread (``caiilou impiévu``) are told French, or
    not surely anything."""
    run: list[Word] = []
    for word in [*words, None]:
        core = core_of(word.original) if word is not None else ""
        if word is not None and len(core) >= 3 and core.isalpha() and core.islower() and \
                not lexicon.is_word(core):
            run.append(word)
            continue
        if len(run) >= FOREIGN_RUN:
            language, probability = _identifier().classify(" ".join(core_of(w.original) for w in run))
            if language != "fr" and probability >= LANGUAGE_SURE:
                yield run
        run = []


def identify(words: list[Word]) -> str | None:
    """The language of a run of words (see :func:`identify_text`)."""
    return identify_text(" ".join(w.original for w in words))


def identify_text(text: str) -> str | None:
    """The ISO 639-1 code of a passage's language, or None when it is too short or unsure."""
    if sum(c.isalpha() for c in text) < LANGUAGE_LETTERS:
        return None
    language, probability = _identifier().classify(text)
    return language if language == "fr" or probability >= LANGUAGE_SURE else None


def _old_spelling(words: list[Word], lexicon: Lexicon) -> bool:
    """A run of words whose unknown words are, for a good share, older spellings of known words."""
    unknown = old = 0
    for word in words:
        core = core_of(word.original)
        if not core.isalpha() or lexicon.is_word(core) or lexicon.place(core):
            continue
        unknown += 1
        old += old_spelling(core, lexicon)
    return old >= OLD_MINIMUM and old >= OLD_SHARE * unknown


def _name_words(words: list[Word]) -> Iterator[Word]:
    """The words of a name after a street type or a title, up to the first word that is no name."""
    for i, word in enumerate(words[:-1]):
        opener = core_of(word.original).lower()
        if opener not in STREET_TYPES and opener not in TITLES and word.original.lower() not in TITLES:
            continue
        for after in words[i + 1:i + 1 + NAME_WORDS]:
            core = core_of(after.original)
            if not core:
                break
            if core.lower() in PARTICLES or core.lower().startswith(("d'", "l'")) and len(core) > 2:
                yield after
                if core.lower() in PARTICLES:
                    continue
                if after.original[-1:] in ",;:.)":
                    break
                continue
            if not core[:1].isupper() and not core[:1].isdigit():
                break
            yield after
            if after.original[-1:] in ",;:)":
                break


def _hyphenated(head: Word, tail: Word) -> list[Word]:
    """Both halves of a word hyphenated at a line end (``ins-`` / ``truments``): neither is judged
    alone, and a misread half is left for review rather than guessed from half a word."""
    if head.original.rstrip()[-1:] not in HYPHENS or is_url_like(head.original):
        return []  # a URL cut at a line end is the URL repair's
    left = plain_apostrophes(head.original).rstrip(HYPHENS).lstrip("([«\"“'")
    right = core_of(tail.original)
    return [head, tail] if left and right[:1].islower() else []


def _split_words(words: list[Word], lexicon: Lexicon) -> Iterator[Word]:
    """Pieces of a word cut inside a line: by a hyphen (``éco-nomique``, ``Franc-Maçon-nerie``,
    ``d'or-dres``), by a hyphen and a space (``mo- narchie``, ``Dè- cembre``, ``in-, terrompue``,
    ``ré -fractaire``), or by a space alone (``condi tions``, ``l'impa tience``, ``ap. partements``,
    when the whole is a known word). A piece is not judged alone: half a word is no word misread."""
    for word in words:
        if _cut_inside(core_of(word.original), lexicon):
            yield word
    for left, right in zip(words, words[1:], strict=False):
        a, b = _unelided(core_of(left.original)), core_of(right.original).lstrip(HYPHENS)
        cut = left.original.rstrip(SPECKS + ",")
        if cut[-1:] in HYPHENS and len(cut) > 1 and b[:1].islower() and not is_url_like(cut):
            yield left
            yield right
            continue
        if not a.isalpha() or not b.isalpha() or not b[:1].islower():
            continue
        short_tail = lexicon.is_word(b) and len(b) <= 3 and _known_whole(a, lexicon)
        if lexicon.is_word(a) and lexicon.is_word(b) or short_tail:
            continue  # ``recu les`` (``reçu`` without its accent) is no cut ``reculés``; ``termi nés`` is
        marked = plain_apostrophes(left.original).rstrip(".,") != core_of(left.original)
        if marked and lexicon.is_word(a):
            continue  # ``la ville. ment``: a known word closed by its mark is no piece
        if lexicon.is_word(a + b):
            yield left
            yield right


SPECKS = "■□▪●•·|¦*"
"""Signs a speck of dirt is read as, between the halves of a cut word."""


def _unelided(core: str) -> str:
    """The word after an elision (``d'or`` → ``or``), or the word (``jus-qu'à``: no elision opens it)."""
    head, apostrophe, tail = core.partition("'")
    return tail if apostrophe and (head.lower() + "'") in ELISIONS and tail else core


def _cut_inside(core: str, lexicon: Lexicon) -> bool:
    """A word with a hyphen that is a cut, not a compound: two pieces beside it make a known word."""
    core = _unelided(core)
    if "-" not in core.strip("-") or lexicon.is_word(core):
        return False
    parts = core.split("-")
    for k in range(len(parts) - 1):
        joined = parts[k] + parts[k + 1]
        if joined.isalpha() and len(parts[k + 1]) > 0 and _known_whole(joined, lexicon):
            return True
        if "'" in parts[k + 1] and joined.partition("'")[0].lower() + "'" in ELISIONS:
            return True  # jus-qu'à
        if lexicon.is_name(joined) or lexicon.place(joined):
            return True  # Sé-bastien
    return False


def _known_whole(word: str, lexicon: Lexicon) -> bool:
    return lexicon.is_word(word) or fold(word) in lexicon.folded
