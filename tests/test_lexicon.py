"""The dictionaries: loading, the user layer, places, the version and the cached index."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from pipeline import lexicon
from pipeline.settings import DEFAULT_DICTIONARIES
from pipeline.text import fold


@pytest.fixture
def dictionaries(tmp_path: Path) -> Path:
    """A copy of the project's dictionaries that a test may edit."""
    folder = tmp_path / "dictionaries"
    shutil.copytree(DEFAULT_DICTIONARIES, folder)
    return folder


def test_entries_skip_comments_and_blank_lines() -> None:
    text = "# a comment\n\nANRU   # Agence nationale\n  contrat de ville  \n"
    assert lexicon.entries(text) == ["ANRU", "contrat de ville"]


def test_fold_removes_accents_and_case() -> None:
    assert fold("Séance") == "seance"
    assert fold("cœur") == "coeur"
    assert fold("MÉTHODOLOGIE") == "methodologie"


def test_general_domain_acronyms_and_places_are_known() -> None:
    lex = lexicon.load(DEFAULT_DICTIONARIES)
    assert lex.is_word("politique") and lex.is_word("Séances")
    assert lex.frequency("de") > lex.frequency("azyme") > 0
    assert lex.is_word("intercommunalité") and lex.is_word("binôme")
    assert lex.is_acronym("ANRU") and lex.is_acronym("QPV") and not lex.is_acronym("anru")
    assert lex.place("lille") == "Lille"
    assert lex.place("LE QUESNOY") == "Le Quesnoy"
    assert lex.place("Val-de-Sambre") == "Val-de-Sambre"
    assert lex.place("Val de Sambre") == "Val-de-Sambre"
    assert lex.is_word("Maubeuge") and lex.is_word("Quesnoy")
    assert not lex.is_word("peliique")


def test_every_department_and_its_main_city_is_a_place() -> None:
    lex = lexicon.load(DEFAULT_DICTIONARIES)
    for name in ("Nord", "Pas-de-Calais", "Somme", "Aisne", "Oise", "Lille", "Arras", "Amiens", "Laon",
                 "Beauvais", "Métropole européenne de Lille", "Communauté urbaine de Dunkerque"):
        assert lex.place(name) == name


def test_prefix_search_and_next_letters_follow_the_sorted_keys() -> None:
    lex = lexicon.load(DEFAULT_DICTIONARIES)
    assert lex.has_prefix("politiq") and not lex.has_prefix("politqz")
    letters = lex.next_letters("politiq")
    assert "u" in letters and "z" not in letters
    assert lex.next_letters("zzzzzz") == ""


def test_user_word_is_picked_up_and_changes_the_version(dictionaries: Path, tmp_path: Path) -> None:
    before = lexicon.dictionary_version(dictionaries)
    cache = tmp_path / "cache"
    assert not lexicon.load_uncached(dictionaries, cache).is_word("Wattignolles")
    with (dictionaries / "user.txt").open("a", encoding="utf-8") as handle:
        handle.write("Wattignolles\nCOPIL\n")
    after = lexicon.dictionary_version(dictionaries)
    assert after != before
    reloaded = lexicon.load_uncached(dictionaries, cache)
    assert reloaded.is_word("wattignolles") and reloaded.is_acronym("COPIL")
    assert len(list(cache.glob("lexicon-*.pickle"))) == 2


def test_cached_index_loads_faster_than_a_build_and_matches_it(dictionaries: Path, tmp_path: Path) -> None:
    """The cache is read, not rebuilt: a ratio measured in this run (bench/correct_speed.py prints the
    seconds), so a busy machine does not fail it."""
    cache = tmp_path / "cache"
    start = time.perf_counter()
    built = lexicon.load_uncached(dictionaries, cache)
    build = time.perf_counter() - start
    start = time.perf_counter()
    cached = lexicon.load_uncached(dictionaries, cache)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.75 * build
    assert cached.frequencies == built.frequencies and cached.keys == built.keys
    assert cached.places == built.places and cached.acronyms == built.acronyms and cached.names == built.names


def test_a_corrupt_cache_is_rebuilt(dictionaries: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    version = lexicon.dictionary_version(dictionaries)
    (cache / f"lexicon-{lexicon.BUILDER}-{version}.pickle").write_bytes(b"not a pickle")
    assert lexicon.load_uncached(dictionaries, cache).is_word("ville")


def test_the_index_keeps_place_names_folded(dictionaries: Path, tmp_path: Path) -> None:
    """Folding every place name is done once, when the index is built, and read back with it."""
    cache = tmp_path / "cache"
    built = lexicon.load_uncached(dictionaries, cache)
    loaded = lexicon.load_uncached(dictionaries, cache)
    assert loaded.folded_places and loaded.folded_places == built.folded_places
    assert loaded.place_folded("Boulogne-sur-Mér") == loaded.place("Boulogne-sur-Mer")


def test_the_language_model_unpacked_once_identifies_as_py3langid(tmp_path: Path) -> None:
    """The unpacked copy in the cache folder classifies as py3langid's own model, and a damaged copy
    is rebuilt, not trusted."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from pipeline.language import identifier

    languages = ("fr", "en", "la", "de")
    own = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    own.set_languages(list(languages))
    passages = ["Le conseil citoyen s'est réuni à la maison du projet pour préparer le contrat de ville.",
                "The citizens' council met at the project house to prepare the city contract.",
                "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae.",
                "Der Bürgerrat hat sich im Projekthaus getroffen, um den Stadtvertrag vorzubereiten."]
    first = identifier(languages, tmp_path)
    (saved,) = tmp_path.glob("langid-*.pickle")
    second = identifier(languages, tmp_path)
    for passage in passages:
        assert first.classify(passage) == second.classify(passage) == own.classify(passage)
    saved.write_bytes(b"not a model")
    assert identifier(languages, tmp_path).classify(passages[0]) == own.classify(passages[0])
    assert saved.stat().st_size > 1_000_000
