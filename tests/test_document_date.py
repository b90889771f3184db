"""The document's own date, told apart from the dates it mentions, and where it was read."""

from __future__ import annotations

import pytest

from pipeline.dates import DateSource, document_date, find_dates
from pipeline.model import Block, DateMention


def mentions(blocks: list[Block]) -> list[DateMention]:
    return [DateMention(date=d.date, raw=d.raw, label=d.label, page=b.page, block=i)
            for i, b in enumerate(blocks) for d in find_dates(b.text, 2019)]


@pytest.mark.parametrize(("texts", "expected"), [
    ([("title", "Compte rendu"), ("paragraph", "Le projet du 2 mai 2018 a été voté."),
      ("metadata", "Date : jeudi 7 mars 2019, de 18 h à 20 h")], ("2019-03-07", DateSource.METADATA)),
    ([("title", "Réunion plénière du 12 mars 2019"), ("paragraph", "Suite du 4 février 2019.")],
     ("2019-03-12", DateSource.TITLE)),
    ([("paragraph", "Lens et Douai ont signé le 2 mai 2018."),
      ("paragraph", "Fait à Lens, le 3 décembre 2019")],
     ("2019-12-03", DateSource.SIGNATURE)),
    ([("paragraph", "Les ateliers du 2 mai 2018."), ("footer", "IREV Fiche n° 4 mise à jour du 14/03/2018")],
     ("2018-03-14", DateSource.UPDATE)),
    ([("paragraph", "La réunion du 2 mai 2018 à Lens, le 3 juin 2018 à Arras.")], (None, None)),
])
def test_the_documents_own_date(texts: list[tuple[str, str]], expected: tuple) -> None:
    blocks = [Block(kind=kind, text=text, page=1) for kind, text in texts]
    date, source = document_date(blocks, mentions(blocks))
    assert (date.date if date else None, source) == expected


def test_a_two_digit_year_is_in_the_century_the_archive_covers() -> None:
    assert [d.date for d in find_dates("Paris, le 6.7.62 et le 14/03/18")] == ["1962-07-06", "2018-03-14"]
