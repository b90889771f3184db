"""The dictionaries: domain words, acronyms, places, the user layer and a general lexicon."""

from __future__ import annotations

import hashlib
from pathlib import Path


def dictionary_files(dictionaries: Path) -> list[Path]:
    """The dictionary files whose content makes the dictionary version (README excluded)."""
    return sorted(p for p in dictionaries.glob("*.txt") if p.is_file())


def dictionary_version(dictionaries: Path) -> str:
    """A short hash of the dictionaries' contents: it changes when any entry changes."""
    digest = hashlib.sha256()
    for path in dictionary_files(dictionaries):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
