"""What kind of place a name is, and its official code, from the region's COG data.

The segmenter finds places by name (:mod:`pipeline.lexicon`); analysts then want to count
documents per commune and join other data on the INSEE code. ``dictionaries/place-codes.tsv``
(built by ``scripts/build_places.py`` from INSEE's Code officiel géographique and the DGCL list
of EPCIs) gives each name of the Hauts-de-France its kind and code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from pipeline.lexicon import entries
from pipeline.text import fold

CODES_FILE = "place-codes.tsv"


class PlaceKind(StrEnum):
    """The closed set of place kinds of the JSON (``places[].kind``)."""

    REGION = "region"
    DEPARTEMENT = "departement"
    EPCI = "epci"
    """An intercommunalité (métropole, communauté urbaine, d'agglomération or de communes)."""
    COMMUNE = "commune"
    AREA = "area"
    """A named area with no official code: a pays (``Avesnois``), a former region, a valley."""


@dataclass(frozen=True)
class Official:
    kind: PlaceKind
    code: str | None
    """INSEE code (region, department, commune) or SIREN (EPCI); None when the name is shared."""


@cache
def codes(dictionaries: Path) -> dict[str, Official]:
    """Folded name → kind and code (accents and case folded: ``Noeux-les-Mines`` is ``Nœux``),
    read once a process."""
    path = Path(dictionaries) / CODES_FILE
    out: dict[str, Official] = {}
    if not path.is_file():
        return out
    for line in entries(path.read_text(encoding="utf-8")):
        name, kind, *code = line.split("\t")
        official = Official(PlaceKind(kind), code[0] if code and code[0] else None)
        out.setdefault(fold(name.replace("-", " ")), official)
    return out


def identify(name: str, known: bool, dictionaries: Path) -> Official | None:
    """The kind and code of a place name; ``known``: the place dictionaries have the name (an area
    when the COG does not), else None (a name only spaCy found)."""
    official = codes(dictionaries).get(fold(name.replace("-", " ")))
    if official is None and known:
        return Official(PlaceKind.AREA, None)
    return official
