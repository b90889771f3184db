"""Checks that every dependency outside Python is installed, and says how to fix it."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from pipeline import lexicon, ocr
from pipeline.errors import MissingDependency
from pipeline.settings import DEFAULT_DICTIONARIES, SPACY_MODEL

APT_FIX = "sudo apt-get install -y tesseract-ocr tesseract-ocr-fra tesseract-ocr-osd"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None


def checks(dictionaries: Path = DEFAULT_DICTIONARIES) -> list[Check]:
    results = []
    try:
        lexicon.check(dictionaries)
        count = len(lexicon.dictionary_files(dictionaries))
        results.append(Check("dictionaries", True, f"{count} files in {dictionaries}"))
    except MissingDependency as exc:
        results.append(Check("dictionaries", False, str(exc),
                             "reinstall fiches (its dictionaries are package data), or pass --dictionaries"))
    try:
        version = ocr.tesseract_version()
        results.append(Check("tesseract", True, f"version {version}"))
        languages = ocr.available_languages()
        for lang, what in (("fra", "French OCR data"), ("osd", "orientation detection data")):
            ok = lang in languages
            results.append(
                Check(f"tesseract {lang}", ok, what if ok else f"{what} missing", None if ok else APT_FIX)
            )
    except MissingDependency as exc:
        results.append(Check("tesseract", False, str(exc), APT_FIX))
    results.append(_spacy_model())
    return results


def _spacy_model() -> Check:
    """The model installed with its data, found without loading it (loading takes seconds; the
    first document that needs it loads it anyway)."""
    fix = f"pip install {SPACY_MODEL}"
    spec = importlib.util.find_spec(SPACY_MODEL) if importlib.util.find_spec("spacy") else None
    if spec is None or not spec.submodule_search_locations:
        return Check("spaCy model", False, f"{SPACY_MODEL} is not installed", fix)
    folders = [Path(p) for p in spec.submodule_search_locations]
    if not any(folder.glob("*/config.cfg") for folder in folders):
        return Check("spaCy model", False, f"{SPACY_MODEL} is installed without its data", fix)
    version = importlib.metadata.version(SPACY_MODEL.replace("_", "-"))
    return Check("spaCy model", True, f"{SPACY_MODEL} {version}")
