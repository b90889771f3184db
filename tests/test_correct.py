"""The OCR corrector: fixes made on our own damaged sentences, protections, the sample and the dev corpus."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline import correct, emit, extract, lexicon
from pipeline.extract import lines_from_text
from pipeline.model import Document, Page, Source
from pipeline.settings import DEFAULT_DICTIONARIES, Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "irev-masterclass-seance-introductive.txt"
DEV = SHARED / "corpus" / "dev"


def corrected(text: str) -> Document:
    doc = Document(source=Source("t.txt", "0" * 64, len(text), "text/plain"),
                   pages=[Page(number=1, method="text", lines=lines_from_text(text))])
    return correct.correct(doc, Settings())


def changes(doc: Document) -> dict[str, str]:
    return {w.fix.original or w.original: w.text for w in doc.words if w.fix}


def words_out(doc: Document) -> list[str]:
    return [w.text for w in doc.words if w.text]


# Our own sentences, damaged the way Tesseract damages a poor scan (not taken from any sample).
DAMAGED = {
    "Le cornité de pilotage a validé la prograrnmation": ("cornité", "comité"),
    "Une réunion pour les habitarts du quartier": ("habitarts", "habitants"),
    "les associations ont présenté leurs dernandes": ("dernandes", "demandes"),
    "La rnairie accueille le public": ("rnairie", "mairie"),
    "un projet de |ogement social": ("|ogement", "logement"),
    "le bilan de l'annee passée": ("l'annee", "l'année"),
    "Nous avons recu les documents": ("recu", "reçu"),
    "le dispositif est financé par l'Etat et la regien": ("regien", "région"),
    "les partenaires se sont engagés & la rentrée": ("&", "à"),
    "Il faut rappeler I'importance du diagnostic": ("I'importance", "l'importance"),
    "Les jeunes du quartier participent 4 la fête": ("4", "à"),
    "Ce travail est rnené avec les écoles": ("rnené", "mené"),
}


@pytest.mark.parametrize("sentence", DAMAGED)
def test_damaged_word_is_fixed(sentence: str) -> None:
    before, after = DAMAGED[sentence]
    doc = corrected(sentence)
    assert changes(doc).get(before) == after
    fixed = next(w for w in doc.words if w.original == before)
    assert fixed.original == before and 0 < fixed.fix.confidence <= 1 and fixed.fix.reason


def test_right_sentence_is_left_alone() -> None:
    text = ("La Politique de la ville à Roubaix, Tourcoing et au Quesnoy : le contrat de ville 2015-2020\n"
            "signé le 14/03/2018 par la CAF, l'ANRU et la MEL (voir https://www.exemple.fr/contrat-2015.pdf)\n"
            "METHODOLOGIE GENERALE DU DIAGNOSTIC, Mme Durandeau et M. Kowalczyk, contact@mairie-exemple.fr")
    doc = corrected(text)
    assert changes(doc) == {}
    assert "Durandeau" in doc.unknown_words and "Kowalczyk" in doc.unknown_words


def test_merge_and_split_of_elisions() -> None:
    doc = corrected("ainsi qu une réunion et quelle est lautomne lesamedi")
    words = doc.pages[0].lines[0].words
    assert words[1].text == "qu'une" and words[1].fix.original == "qu une" and words[2].text == ""
    assert changes(doc)["lautomne"] == "l'automne"
    assert changes(doc)["lesamedi"] == "le samedi"
    assert "quelle" not in changes(doc)


def test_url_broken_over_lines_is_protected() -> None:
    text = ("Le guide : http://www.exemple-ville.fr/PDF/centrederesso\n"
            "urces/Guide%20de%20la%20concertaton/gestion-urbaine-proximite-quartiers-2019.p\n"
            "df [3]\n"
            "Le rapport : https:/www.exemple.fr/rapport")
    doc = corrected(text)
    assert changes(doc) == {"https:/www.exemple.fr/rapport": "https://www.exemple.fr/rapport"}


def test_capitalised_unknown_word_is_a_proper_noun_unless_a_place_is_close() -> None:
    doc = corrected("La réunion avec Mme Vandamrne à Valenciennss")
    assert "Vandamrne" not in changes(doc)
    assert changes(doc)["Valenciennss"] == "Valenciennes"


def test_capitals_without_accents_stay_and_damaged_capitals_are_fixed() -> None:
    doc = corrected("FICHE METHODOLOGIE\nLE RENOUVELLERNENT URBAIN")
    assert changes(doc) == {"RENOUVELLERNENT": "RENOUVELLEMENT"}


def test_hopeless_word_is_kept_and_listed() -> None:
    doc = corrected("le quartier xqzwvtr est calme")
    assert "xqzwvtr" in words_out(doc) and doc.unknown_words == ["xqzwvtr"]


def test_ocr_confidence_makes_the_corrector_cautious() -> None:
    unsure = corrected("la conseillère sitoyenne")
    assert changes(unsure)["sitoyenne"] == "citoyenne"
    sure = Document(source=unsure.source, pages=[Page(1, "ocr", lines_from_text("la conseillère sitoyenne"))])
    sure.pages[0].lines[0].words[2].confidence = 98.0
    assert changes(correct.correct(sure, Settings())) == {}
    assert "sitoyenne" in sure.unknown_words


def test_a_speck_read_as_a_letter_is_removed_but_not_an_hour() -> None:
    doc = corrected("la séance ë commence à 18 h pile")
    assert words_out(doc) == ["la", "séance", "commence", "à", "18", "h", "pile"]


def test_candidates_are_ranked_by_confusion_cost_and_frequency() -> None:
    lex = lexicon.load(DEFAULT_DICTIONARIES)
    ranked = correct.candidates("vort", lex, 1.5, 0)
    assert ranked[0].word == "vont"
    assert all(a.score <= b.score for a, b in zip(ranked, ranked[1:], strict=False))


# ----------------------------------------------------------------- the archive's sample


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared is absent")
def test_sample_named_errors_fixed_and_nothing_protected_changed() -> None:
    lex = lexicon.load(DEFAULT_DICTIONARIES)
    doc = correct.correct(extract.extract(SAMPLE, Settings()), Settings())
    done = changes(doc)
    for before, after in [("peliique", "politique"), ("cormprendre", "comprendre"), ("|aquelle", "laquelle"),
                          ("I'IREV", "l'IREV"), ("fonctionnerment", "fonctionnement"), ("erjeux", "enjeux"),
                          ("quune", "qu'une"), ("tronsmis", "transmis"), ("chagque", "chaque")]:
        assert done[before] == after
    lines = [line for line in doc.pages[0].lines if line.words]
    for line in lines:
        for i, word in enumerate(line.words):
            if word.original == "&" and i + 1 < len(line.words) and line.words[i + 1].original == "un":
                assert word.text == "à"
    for word in doc.words:
        core = word.original.strip(".,:;()[]")
        if word.fix is None:
            continue
        assert not lex.place(core) and not lex.is_acronym(core), word
        assert "/" not in word.original and "%" not in word.original and "http" not in word.original, word
    assert "Lille" in emit.raw_text(doc) and all(w.text != "Fille" for w in doc.words)


# ----------------------------------------------------------------- the dev corpus


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared is absent")
def test_dev_corpus_error_rate_drops_and_right_words_stay_right(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("wer", SHARED / "tools" / "wer.py")
    wer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wer)
    errors_raw = errors_fixed = words = damaged = 0.0
    for ocr in sorted((DEV / "ocr_raw").glob("*.ocr.txt")):
        truth = (DEV / f"{ocr.name.split('.')[0]}.truth.txt").read_text(encoding="utf-8")
        copy = tmp_path / ocr.name.replace(".ocr.txt", ".txt")
        copy.write_bytes(ocr.read_bytes())
        doc = correct.correct(extract.extract(copy, Settings()), Settings())
        raw = emit.raw_text(doc)
        fixed = "\n".join(line.text for page in doc.pages for line in page.lines)
        n = len(wer.words(truth))
        errors_raw += wer.wer(raw, truth) * n
        errors_fixed += wer.wer(fixed, truth) * n
        words += n
        damaged += wer.damage(raw, fixed, truth)
    assert errors_fixed <= 0.65 * errors_raw
    assert damaged / words < 0.002
