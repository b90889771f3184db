"""French dates to ISO 8601, on lines written for these tests."""

from __future__ import annotations

from pipeline.dates import document_year, find_dates


def test_dates_in_words_with_day_name_and_without() -> None:
    [d] = find_dates("Réunion : Jeudi 3 octobre 2019, de 9 h à 12 h")
    assert (d.date, d.raw, d.label) == ("2019-10-03", "Jeudi 3 octobre 2019", "Réunion")
    assert [d.date for d in find_dates("entre le 5 août 2020 et le 1er décembre 2020")] == [
        "2020-08-05",
        "2020-12-01",
    ]


def test_date_in_figures_keeps_its_time_and_label() -> None:
    [d] = find_dates("Page source (mise à jour le 07/11/2021 - 09:45) :")
    assert d.date == "2021-11-07T09:45"
    assert d.label == "mise à jour le"


def test_year_taken_from_the_line_or_the_document() -> None:
    assert [d.date for d in find_dates("En 2016, le 1er mars puis le 12 avril")] == [
        "2016-03-01",
        "2016-04-12",
    ]
    assert [d.date for d in find_dates("Rendez-vous le 1er mars", default_year=2022)] == ["2022-03-01"]
    assert find_dates("Rendez-vous le 1er mars") == []


def test_impossible_dates_and_non_dates_are_ignored() -> None:
    assert find_dates("le 31/02/2019 et 12 pommes et 45 mars 2020") == []
    assert document_year(["en 2018 puis 2019", "bilan 2019"]) == 2019


def test_labels_before_a_colon_short_lead_ins_and_none_in_prose() -> None:
    assert [d.label for d in find_dates("Prochaine séance : le 4 avril 2019.")] == ["Prochaine séance"]
    assert [d.label for d in find_dates("Bulletin n° 3 – publié le 02/05/2020")] == ["publié le"]
    assert [d.label for d in find_dates("Les élus ont présenté le projet au comité du 14/12/2017.")] == [None]
    assert [d.label for d in find_dates("la fête des voisins du 12 mai 2019 a réuni cent personnes")] == [
        None
    ]
    prose = "Le groupe se retrouve : une visite de chantier est prévue à Douai le samedi 7 avril 2018."
    assert [d.label for d in find_dates(prose)] == [None]
