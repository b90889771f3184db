"""What the blocks name: metadata fields, dates and places, each pointing to its block.

Dates and places are looked for in each block's text with its URLs blanked out (a URL's
``2019`` or ``lille`` is no date or place); places by the place dictionary first, then by
spaCy's entities right after ``à``, and get their kind and official code from the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from pipeline import gazetteer
from pipeline.dates import document_year, find_dates
from pipeline.lexicon import Lexicon
from pipeline.model import Block, DateMention, Place
from pipeline.settings import SPACY_MODEL, Settings
from pipeline.structure.classify import ELISION, METADATA_LINE, metadata_field


def metadata(blocks: list[Block]) -> dict[str, str]:
    """``Label : value`` lines as fields; the kicker above the title as ``Surtitre``."""
    out: dict[str, str] = {}
    for block in blocks:
        if block.kind != "metadata":
            continue
        field = metadata_field(block.text, lost_colon=True)
        if field:
            out.setdefault(*field)
        elif not METADATA_LINE.match(block.text):
            out.setdefault("Surtitre", block.text)
    return out


def _masked(block: Block) -> str:
    """The block's text with its URLs blanked out (same length: offsets hold)."""
    text = block.text
    for start, end in block.url_spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def dates(blocks: list[Block]) -> list[DateMention]:
    """Every date printed, URLs left out, with the words before it on its line as label; a rule's words
    may go on in the next block (``le 31 août de`` then ``l'année considérée``, read as a list item)."""
    texts = [_masked(b) for b in blocks]
    year = document_year(texts)
    return [
        DateMention(date=d.date, raw=d.raw, label=d.label, page=b.page, block=i)
        for i, (b, text) in enumerate(zip(blocks, texts, strict=True))
        for d in find_dates(text, year, texts[i + 1] if i + 1 < len(texts) else "")
    ]


@dataclass(frozen=True)
class Entity:
    """One entity spaCy found in a text: all :func:`places` reads of it (what a cache keeps)."""

    text: str
    label: str
    before: str
    """The token before it, lower-cased ("" at the start of the text)."""


Recogniser = Callable[[list[str]], list[list[Entity]]]
"""Texts → the entities of each: :func:`recognise`, or a cache in front of it."""


def recognise(texts: list[str]) -> list[list[Entity]]:
    """spaCy's entities of each text (none when spaCy or its model is not installed)."""
    nlp = spacy_model() if texts else None
    if nlp is None:
        return [[] for _ in texts]
    return [[Entity(ent.text, ent.label_, doc[ent.start - 1].lower_ if ent.start > 0 else "")
             for ent in doc.ents] for doc in nlp.pipe(texts)]


def recogniser_version() -> str:
    """What :func:`recognise` answers depends on: spaCy's version and its model's (read from the
    installed packages, so spaCy is not imported to learn them)."""
    from importlib import metadata  # not at import: `fiches show` does not ask

    try:
        model, spacy = metadata.version(SPACY_MODEL), metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "none"
    return f"{SPACY_MODEL} {model} spacy {spacy}"


def places(blocks: list[Block], lex: Lexicon, recogniser: Recogniser = recognise) -> list[Place]:
    """Places named in the text: known to the place dictionary (its spelling, whatever accents OCR
    put: ``Boulogne-sur-Mér``), else found by spaCy (LOC/GPE) right after ``à`` (``à Roubaix``):
    alone, the small model also tags people and quarters. Departments and EPCIs are places too.
    ``recogniser`` gives spaCy's entities of the blocks that need them (a cache may stand in front)."""
    found: dict[str, Place] = {}
    texts = [(_masked(b), (b.page, i)) for i, b in enumerate(blocks)]
    for text, (page, index) in texts:
        tokens = [ELISION.sub("", t.strip(",.;:()«»!?")) for t in text.split()]
        n = 0
        while n < len(tokens):
            size = 1
            for size in (4, 3, 2, 1):  # the longest name wins: no Lille inside Métropole européenne de Lille
                name = " ".join(tokens[n : n + size])
                canonical = (lex.place(name) or lex.place_folded(name)) if name[:1].isupper() else None
                if canonical:
                    found.setdefault(
                        canonical,
                        Place(name=canonical, raw=name, page=page, source="dictionary", block=index),
                    )
                    break
            n += size
    # spaCy can add a place named right after "à", or a known place the token scan above cannot see
    # (an elision inside: "Côte d'Or"); the blocks with neither are never given to it.
    asked = [(text, where) for text, where in texts
             if NER_CUE.search(text) or _unseen_place(text, found, lex)]
    recognised = recogniser([text for text, _ in asked]) if asked else []
    for ents, (_, (page, index)) in zip(recognised, asked, strict=True):
        for ent in ents:
            name = ELISION.sub("", ent.text.strip(" ,.;:()«»"))
            after_a = ent.before in ("à", "a")
            known = lex.place(name) or lex.place_folded(name)
            if ent.label in ("LOC", "GPE") and (known or after_a and _plausible_place(name, lex)):
                canonical = known or name
                found.setdefault(canonical, Place(name=canonical, raw=ent.text, page=page, source="ner",
                                                  block=index))
    return list(found.values())


def _unseen_place(text: str, found: dict[str, Place], lex: Lexicon) -> bool:
    """A capitalised run of up to 4 words, read as spaCy's entities are (an elision kept inside), that
    names a known place the token scan did not find."""
    words = text.split()
    for n in range(len(words)):
        for size in (1, 2, 3, 4):
            name = ELISION.sub("", " ".join(words[n : n + size]).strip(" ,.;:()«»"))
            if name[:1].isupper() and (lex.place(name) or lex.place_folded(name)) not in (None, *found):
                return True
    return False


def _plausible_place(name: str, lex: Lexicon) -> bool:
    """A commune's name: one capitalised word or a hyphenated one, not an acronym or a common word."""
    if lex.place(name):
        return True
    return (
        bool(re.fullmatch(r"[A-ZÉÈÀÂ][\wéèêàâîôûç]+(?:-[\wéèêàâîôûç]+)*", name))
        and not name.isupper()
        and not lex.is_word(name.lower())
    )


NER_CUE = re.compile(r"(?<!\w)[àaÀA]\s+[«\"“(]?\s*[A-ZÉÈÀÂ]")
"""``à`` (or ``a``, its unaccented OCR) then a capital: where spaCy may find a place the place
dictionaries do not know (the names they know are found without it)."""


@cache
def spacy_model():  # type: ignore[no-untyped-def]
    """The French spaCy model, loaded once per process (None when it is not installed)."""
    try:
        import spacy

        # Only the entity recogniser is used: the other components are not even loaded (1 s saved).
        return spacy.load(
            SPACY_MODEL, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]
        )
    except (ImportError, OSError):
        return None


def identify_places(found: list[Place], lex: Lexicon, settings: Settings) -> None:
    """Give each place its kind and official code (INSEE, or SIREN for an EPCI), when known."""
    for place in found:
        known = bool(lex.place(place.name) or lex.place_folded(place.name))
        official = gazetteer.identify(place.name, known, settings.dictionaries)
        if official is not None:
            place.kind, place.insee = official.kind.value, official.code
