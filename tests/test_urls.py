"""URL finding and rebuilding, on lines written for these tests."""

from __future__ import annotations

from pipeline.lexicon import Lexicon
from pipeline.urls import clean_url, find_urls

LEXICON = Lexicon(
    frequencies={"politique": 9000, "la": 90000, "ville": 7000, "résidence": 3000, "citoyenne": 2000},
    places={"roubaix": "Roubaix"},
)


def tokens(text: str) -> list[list[str]]:
    return [line.split() for line in text.split("\n")]


def test_scheme_www_dot_and_lost_slash_after_the_domain_are_restored() -> None:
    assert clean_url("hüps:/wwwexemple.frdossiers/fiche-1") == "https://www.exemple.fr/dossiers/fiche-1"
    assert clean_url("htp//www.exemple.org/a") == "http://www.exemple.org/a"


def test_percent_escapes_are_repaired() -> None:
    raw = "http://x.fr/Guide%?20de%201a%20ville/Plan%2Ode%20quartier.pdf"
    assert clean_url(raw) == "http://x.fr/Guide%20de%20la%20ville/Plan%20de%20quartier.pdf"
    assert clean_url("http://x.fr/actualit%C3%A9") == "http://x.fr/actualit%C3%A9"


def test_path_words_one_confusion_away_from_a_known_word_are_fixed() -> None:
    raw = "http://x.fr/Politigue%20de%20la%20ville/grandè-fesidence-roubalx-citoyenne"
    assert (
        clean_url(raw, LEXICON)
        == "http://x.fr/Politique%20de%20la%20ville/grande-residence-roubaix-citoyenne"
    )
    # an unknown word with no single known neighbour stays as printed
    assert clean_url("http://x.fr/hazebrouck", LEXICON) == "http://x.fr/hazebrouck"


def test_url_broken_over_lines_is_joined_keeping_the_slug_hyphen() -> None:
    lines = tokens(
        "Le plan du quartier : https://www.exemple.fr/amenagement/plan-du-\n"
        "quartier-nord-2019 [4]\n"
        "Suite du texte ici."
    )
    [hit] = find_urls(lines)
    assert clean_url(hit.raw) == "https://www.exemple.fr/amenagement/plan-du-quartier-nord-2019"
    assert hit.ref == "4"
    assert hit.label == "Le plan du quartier"
    assert hit.words == [(0, 5), (1, 0)]


def test_a_space_read_for_an_underscore_and_a_cut_in_mid_word() -> None:
    lines = tokens(
        "Compte rendu :\n"
        "http://exemple.gouv.fr/index.php/get file/12/34/rapport-annuel.p\n"
        "df [2]\n"
        "Une autre phrase commence ici."
    )
    [hit] = find_urls(lines)
    assert clean_url(hit.raw) == "http://exemple.gouv.fr/index.php/get_file/12/34/rapport-annuel.pdf"
    assert hit.label == "Compte rendu"
    assert hit.ref == "2"


def test_a_complete_url_does_not_swallow_the_next_sentence() -> None:
    lines = tokens("Voir https://www.exemple.fr/agenda\nLe prochain atelier aura lieu en mai.")
    [hit] = find_urls(lines)
    assert hit.raw == "https://www.exemple.fr/agenda"
    assert hit.ref is None
