"""URL finding and rebuilding, on lines written for these tests."""

from __future__ import annotations

import unicodedata

from pipeline import urls
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


def test_a_hyphen_printed_at_both_sides_of_a_join_is_one_hyphen() -> None:
    lines = tokens("Le guide : https://www.exemple.fr/guides/animer-un-atelier-dans-\n-le-quartier-nord")
    assert (
        clean_url(find_urls(lines)[0].raw)
        == "https://www.exemple.fr/guides/animer-un-atelier-dans-le-quartier-nord"
    )
    [hit] = find_urls(tokens("Voir https://www.exemple.fr/guides/animer-un-atelier-dans- -le-quartier"))
    assert clean_url(hit.raw) == "https://www.exemple.fr/guides/animer-un-atelier-dans-le-quartier"


def test_a_number_split_by_a_space_and_letters_read_for_its_digits() -> None:
    [hit] = find_urls(tokens("En ligne : https://www.exemple.fr/bilans/bilan-201 9-conseil-de-quartier"))
    assert clean_url(hit.raw) == "https://www.exemple.fr/bilans/bilan-2019-conseil-de-quartier"
    assert clean_url("https://www.exemple.fr/seance-du-I2-mai-2O19", LEXICON) == (
        "https://www.exemple.fr/seance-du-12-mai-2019"
    )


PATH_WORDS = Lexicon(
    frequencies={
        "ressources": 40_000,
        "thématiques": 50_000,
        "hématiques": 1,
        "défaut": 30_000,
        "vie": 90_000,
    },
    places={"hazebrouck": "Hazebrouck"},
)


def test_a_lost_letter_and_a_rare_word_far_outweighed_by_its_neighbour() -> None:
    assert clean_url("http://x.fr/ressoures/guide", PATH_WORDS) == "http://x.fr/ressources/guide"
    assert clean_url("http://x.fr/hematiques/vie", PATH_WORDS) == "http://x.fr/thematiques/vie"
    # English words are URL words too: ``default`` is not ``défaut`` with an extra letter
    assert clean_url("http://x.fr/sites/default/files", PATH_WORDS) == "http://x.fr/sites/default/files"
    assert clean_url("http://x.fr/hazebrouck", PATH_WORDS) == "http://x.fr/hazebrouck"


def test_two_words_of_the_url_glued_where_a_slash_was_lost() -> None:
    lexicon = Lexicon(frequencies={"associative": 9_000, "guide": 9_000, "vie": 90_000, "pratique": 9_000})
    raw = "http://x.fr/vie-associativeguide-pratique/guide-associative"
    assert clean_url(raw, lexicon) == "http://x.fr/vie-associative/guide-pratique/guide-associative"
    # a glued word whose halves the URL does not spell elsewhere stays as printed
    assert clean_url("http://x.fr/vie-associativepratique", lexicon) == "http://x.fr/vie-associativepratique"


def test_an_english_path_word_misread_is_fixed_only_when_unknown_in_french_too() -> None:
    # ``downioads``: i read for l, no French or English word; ``ville`` is French: left alone
    assert clean_url("http://x.fr/wp/downioads/ville", LEXICON) == "http://x.fr/wp/downloads/ville"
    assert clean_url("http://x.fr/residence-sellier", LEXICON) == "http://x.fr/residence-sellier"


def test_an_extension_set_apart_and_a_speck_underscore_after_a_line_hyphen_are_joined() -> None:
    lines = tokens(
        "Le rapport : https://www.exemple.fr/docs/rapport-annuel-\n_quartiers-prioritaires-2019. pdf ;"
    )
    (found,) = find_urls(lines)
    assert clean_url(found.raw) == "https://www.exemple.fr/docs/rapport-annuel-quartiers-prioritaires-2019.pdf"


def test_a_slug_continues_a_url_left_on_a_hyphen_and_a_lone_speck() -> None:
    lines = tokens("Le bilan : https://www.exemple.fr/docs/bilan-des-\n_ ateliers-de-quartier-2018.pdf")
    (found,) = find_urls(lines)
    assert clean_url(found.raw) == "https://www.exemple.fr/docs/bilan-des-ateliers-de-quartier-2018.pdf"


def test_accents_are_stripped_character_by_character_as_from_the_whole_text():
    def whole(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))

    texts = ["participation-citoyenne", "conseils-citoyens/séance-plénière", "Hénin-Beaumont_œuvre",
             unicodedata.normalize("NFD", "réunion à Boulogne-sur-Mer"), "ÉTÉ ça Ñandú ǅ ﬁche Ωmega 日本"]
    for text in texts:
        assert urls._strip_accents(text) == whole(text)
