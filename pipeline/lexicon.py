"""The dictionaries: domain words, acronyms, places, the user layer and a general lexicon.

API used by the other stages (keep it stable):
  ``load(dictionaries) -> Lexicon`` (cached per process),
  ``Lexicon.is_word(token)``, ``Lexicon.frequency(token)``, ``Lexicon.place(token)``,
  ``Lexicon.is_acronym(token)``, ``dictionary_version(dictionaries)``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


@dataclass
class Lexicon:
    frequencies: dict[str, int] = field(default_factory=dict)
    """Lower-cased word → frequency (general lexicon and domain words)."""
    acronyms: set[str] = field(default_factory=set)
    places: dict[str, str] = field(default_factory=dict)
    """Casefolded place name → canonical spelling (``lille`` → ``Lille``)."""

    def is_word(self, token: str) -> bool:
        """A known word, whatever its case."""
        return token.lower() in self.frequencies or token in self.acronyms

    def frequency(self, token: str) -> int:
        return self.frequencies.get(token.lower(), 0)

    def is_acronym(self, token: str) -> bool:
        return token in self.acronyms

    def place(self, name: str) -> str | None:
        """The canonical spelling of a known place name, else None."""
        return self.places.get(name.casefold())


def dictionary_files(dictionaries: Path) -> list[Path]:
    """The dictionary files whose content makes the dictionary version (README excluded)."""
    return sorted(p for p in dictionaries.glob("*.txt") if p.is_file())


def dictionary_version(dictionaries: Path) -> str:
    """A short hash of the dictionaries' contents: it changes when any entry changes."""
    digest = hashlib.sha256()
    for path in dictionary_files(dictionaries):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@cache
def load(dictionaries: Path) -> Lexicon:
    """Load the dictionaries (placeholder: the corrector's issue builds the real index)."""
    return Lexicon()
