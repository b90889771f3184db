"""What a page carries that is not the document's text: mottos and letterhead, page numbers; and
how an administrative act names itself (``ARRÊTÉ n° …``), so its title is its own and not the
letterhead above it.

Plain predicates over a line's text, read by :mod:`pipeline.structure`.
"""

from __future__ import annotations

import re

from pipeline.text import fold

MOTTO_WORDS = {"liberte", "egalite", "fraternite", "republique", "francaise"}
"""The Republic's motto and name, printed on every official letterhead (``Liberté Égalité
Fraternité``, ``RÉPUBLIQUE FRANÇAISE``), often one word a line."""
PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*[-–—]?\s*\d{1,4}\s*(?:(?:/|sur|of)\s*\d{1,4})?\s*[-–—]?$",
                         re.IGNORECASE)
"""``3``, ``- 3 -``, ``Page 3``, ``3/12``, ``page 3 sur 12``."""
ACTS = {"arrete", "arretes", "decret", "deliberation", "circulaire", "decision", "ordonnance", "convention",
        "proces-verbal", "avis", "instruction", "note"}
"""What an administrative act calls itself in its title line (folded: no accents, lower case)."""
ACT_NUMBER = re.compile(r"\b(?:n\s*[°º o]|no\.?|numero)\s*\S*\d", re.IGNORECASE)
OBJECT_OPENERS = {"portant", "instituant", "relatif", "relative", "fixant", "modifiant", "prescrivant",
                  "autorisant", "approuvant", "concernant", "pour", "sur", "du", "de", "des", "en",
                  "abrogeant", "designant", "accordant", "reglementant", "completant", "prorogeant"}
"""How the object of an act begins, on the lines under its title (``instituant les bureaux de vote…``)."""


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w-]+", fold(text))


def is_motto(text: str) -> bool:
    """A line of the Republic's motto or name only (``Liberté``, ``Égalité » Fraternité``)."""
    tokens = [t for t in _tokens(text) if len(t) > 1]
    return bool(tokens) and all(t in MOTTO_WORDS for t in tokens)


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


def is_act_title(text: str) -> bool:
    """The line that names an act: its type, in capitals, first, and a number or little else
    (``ARRÊTÉ n° 2024-117``, ``ARRÊTÉ PRÉFECTORAL``, ``DÉCRET``)."""
    words = text.split()
    if not words or not words[0].isupper():
        return False
    head = fold(words[0]).strip(".:")
    if head not in ACTS:
        return False
    return bool(ACT_NUMBER.search(text)) or len(words) <= 3 and text.isupper()


def opens_object(text: str) -> bool:
    """A line that goes on an act's title with its object (``instituant les bureaux de vote``)."""
    tokens = _tokens(text)
    return bool(tokens) and tokens[0] in OBJECT_OPENERS and text[:1].islower()
