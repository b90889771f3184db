"""Segmentation: lines written for these tests, a text-layer PDF built here, and the shared sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import SHARED, build_text_pdf

from pipeline import extract, structure
from pipeline.lexicon import Lexicon
from pipeline.model import Document, Line, Page, Source, Word
from pipeline.process import process_file
from pipeline.settings import Settings
from pipeline.structure import dehyphenate

SAMPLE = SHARED / "samples" / "irev-masterclass-seance-introductive.txt"


def document(*pages: str) -> Document:
    source = Source(path="essai.txt", sha256="0" * 64, bytes=1, media_type="text/plain")
    return Document(
        source=source,
        pages=[
            Page(number=n, method="text", lines=extract.lines_from_text(text))
            for n, text in enumerate(pages, 1)
        ],
    )


FICHE = """RETOUR D'EXPÉRIENCE
Un jardin partagé au pied des immeubles

Le projet
Les habitants du quartier ont transformé une pelouse inutilisée en jardin. Le bailleur a fourni
la clôture et la Ville a installé un point d'eau. Les semis ont commencé au printemps avec
les enfants du centre de loisirs.

Ce qu'il faut retenir
Trois conditions ont été réunies :
• un noyau de cinq habitants motivés, présents chaque semaine pour arroser et
entretenir les parcelles ;
» une convention signée avec le bailleur ;
- un petit budget pour les outils.
Le jardin a été inauguré le samedi 12 juin 2021 à Roubaix.
Lieu : square des Lilas
"""


def test_title_kicker_headings_items_and_metadata() -> None:
    doc = structure.segment(document(FICHE), Settings())
    assert doc.title == "Un jardin partagé au pied des immeubles"
    assert doc.metadata["Surtitre"] == "RETOUR D'EXPÉRIENCE"
    assert doc.metadata["Lieu"] == "square des Lilas"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Le projet", "Ce qu'il faut retenir"]
    assert [b.text for b in doc.blocks if b.kind == "item"] == [
        "un noyau de cinq habitants motivés, présents chaque semaine pour arroser et "
        "entretenir les parcelles ;",
        "une convention signée avec le bailleur ;",
        "un petit budget pour les outils.",
    ]
    assert [s.heading.text if s.heading else None for s in doc.sections] == [
        None,
        "Le projet",
        "Ce qu'il faut retenir",
    ]
    assert [(d.date, d.page) for d in doc.dates] == [("2021-06-12", 1)]
    assert "Roubaix" in [p.name for p in doc.places]


BOOK_PAGE = """LES ALPES

Les Alpes françaises s'étendent du lac Léman à la Méditerranée et forment
une barrière entre la France et l'Italie ; leurs vallées sont profondes et
leurs sommets couverts de neige une grande partie de l'année.

— Vous connaissez la route ? demanda le guide.
— Oui, répondit le voyageur, je l'ai prise
l'an dernier avec mon frère.
— Alors partons avant la nuit.

Questions à se poser :
- Qui connaît la route ?
- Quand partir ?
"""


def test_a_chapter_head_over_prose_is_the_title_and_replies_are_paragraphs() -> None:
    doc = structure.segment(document(BOOK_PAGE), Settings())
    assert doc.title == "LES ALPES" and "Surtitre" not in doc.metadata
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs[0].startswith("Les Alpes françaises") and paragraphs[0].endswith("de l'année.")
    assert paragraphs[1:] == [
        "— Vous connaissez la route ? demanda le guide.",
        "— Oui, répondit le voyageur, je l'ai prise l'an dernier avec mon frère.",
        "— Alors partons avant la nuit.",
        "Questions à se poser :",
    ]
    assert [b.text for b in doc.blocks if b.kind == "item"] == ["Qui connaît la route ?", "Quand partir ?"]


def test_every_word_of_a_block_has_a_span_pointing_at_its_text() -> None:
    doc = structure.segment(document(FICHE), Settings())
    for block in doc.blocks:
        for span in block.spans:
            assert block.text[span.start : span.end] == span.word.text


def test_garbled_bullets_and_a_speck_heading() -> None:
    page = (
        "Les actions menées\n"
        "Le groupe a retenu deux pistes :\n"
        "e organiser une permanence mensuelle ;\n"
        "+ créer une lettre d'information.\n\n"
        "Les suites Ë : ; î\n"
        "Un bilan sera présenté en conseil."
    )
    doc = structure.segment(document(page), Settings())
    assert [b.text for b in doc.blocks if b.kind == "item"] == [
        "organiser une permanence mensuelle ;",
        "créer une lettre d'information.",
    ]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Les suites"]


def test_a_section_number_after_a_speck_read_as_a_degree_sign_is_a_heading() -> None:
    page = (
        "Le conseil a rappelé le calendrier des études urbaines, qui se poursuivront jusqu'à l'automne.\n\n"
        "°2. Fonds de participation des habitants\n"
        "Le conseil a examiné trois demandes de subvention présentées par des associations du quartier.\n"
    )
    doc = structure.segment(document(page), Settings())
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["°2. Fonds de participation des habitants"]


def test_repeated_footer_is_labelled_not_deleted() -> None:
    first = "La réunion a permis de recenser les besoins des habitants du quartier et de fixer les priorités."
    second = "Les priorités retenues seront présentées au comité de pilotage du contrat de ville en juin."
    doc = structure.segment(
        document(
            f"Titre du rapport\n\n{first}\n\nRapport annuel – page 1/2",
            f"{second}\n\nRapport annuel – page 2/2",
        ),
        Settings(),
    )
    footers = [b for b in doc.blocks if b.kind == "footer"]
    assert [(b.text, b.page) for b in footers] == [
        ("Rapport annuel – page 1/2", 1),
        ("Rapport annuel – page 2/2", 2),
    ]
    assert all(b.kind != "footer" for s in doc.sections for b in s.blocks)


def test_hyphens_at_line_ends() -> None:
    lex = Lexicon(frequencies={"renouvellement": 3, "renouvelle": 1, "ment": 1, "contrat": 4, "cadre": 4})
    assert dehyphenate("renouvelle-", "ment", lex)
    assert not dehyphenate("contrat-", "cadre", lex)
    assert not dehyphenate("Val-de-", "Sambre", lex)
    assert not dehyphenate("pense-t-", "il", lex)
    assert not dehyphenate("peut-", "être", Lexicon(frequencies={"peut-être": 2, "peut": 1}))


def test_dehyphenated_word_gets_two_spans_side_by_side() -> None:
    text = (
        "Ce quartier bénéficie d'un programme de renouvelle-\n"
        "ment urbain depuis deux ans, et le projet avance bien selon les habitants."
    )
    doc = structure.segment(document(text), Settings())
    [block] = [b for b in doc.blocks if "renouvellement" in b.text]
    first, second = [s for s in block.spans if s.word.original in ("renouvelle-", "ment")]
    assert block.text[first.start : second.end] == "renouvellement"
    assert first.end == second.start


def test_text_layer_pdf_link_annotation_and_heading_from_font_size(tmp_path: Path) -> None:
    uri = "https://www.exemple.fr/ressources/guide-des-conseils-citoyens"
    pdf = build_text_pdf(
        tmp_path / "fiche.pdf",
        [
            "Guide pratique\n"
            "Les conseils citoyens se réunissent au moins quatre fois par an en séance publique.\n"
            "Chaque séance donne lieu à un compte rendu diffusé aux habitants du quartier."
        ],
        links=[uri],
    )
    document_json = process_file(pdf, Settings())
    assert uri in [u["url"] for u in document_json["urls"]]
    assert document_json["title"] == "Guide pratique"


@pytest.mark.skipif(not SAMPLE.exists(), reason="../shared is absent")
def test_sample_page_urls_dates_and_place() -> None:
    document_json = process_file(SAMPLE, Settings())
    urls = {u["ref"]: (u["url"], u["label"]) for u in document_json["urls"]}
    hlm = "http://www.hlm-nord-pas-de-calais.org/PDF/centrederessources/Politique%20de%20la%20ville/"
    contrats = "Contrats%20de%20ville/Contrat%20de%20ville%20"
    expected = {
        "1": "http://i.ville.gouv.fr/index.php/download_file/7074/10949/contrat-de-ville-d-agglomeration-"
        "contrat-cadre-de-la-metropole-europeenne-de-lille-mel-2015-2020",
        "2": "http://i.ville.gouv.fr/index.php/download_file/7157/10952/contrat-de-ville-de-valenciennes-"
        "metropole-2015-2020",
        "3": hlm + contrats + "CA%20PH.pdf",
        "4": hlm + contrats + "CC%20Sud%20Avesnois.pdf",
        "5": hlm + contrats + "CA%20Maubeuge%20Val%20de%20Sambre.pdf",
        "6": hlm + contrats + "Le%20Quesnoy.pdf",
        "7": "http://i.ville.gouv.fr/index.php/download_file/7154/10954/contrat-de-ville-communaute-urbaine-de-"
        "dunkerque-convention-cadre-2015-2020",
        "8": "http://i.ville.gouv.fr/index.php/download_file/7309/10948/contrat-de-ville-hazebrouck-2014-2020",
        "9": "http://www.irev.fr/actualit%C3%A9/conseils-citoyens-circulaire-pr%C3%A9cise-leur-cadre-"
        "cr%C3%A9ation-fonctionnement",
        None: "https://irev.fr/thematiques/participation-citoyenne/la-masterclass-citoyenne/"
        "la-masterclass-citoyenne-2017-nord/la-0",
    }
    assert {ref: url for ref, (url, _) in urls.items()} == expected
    assert urls["1"][1] == "le contrat de Ville de la MEL"
    assert urls["7"][1] == "Le contrat de Ville de la CU Dunkerque"
    assert urls[None][1] == "URL de la source"
    dates = {(d["date"], d["label"]) for d in document_json["dates"]}
    assert ("2017-02-28", "Dates") in dates
    assert ("2018-03-14T16:19", "modifié le") in dates
    assert "Lille" in [p["name"] for p in document_json["places"]]
    assert document_json["metadata"]["Poids"] == "337.9 Ko"


# --- OCR'd pages: lines with boxes, built here as Tesseract lays them out ---------------------

CHAR = 20
"""Width of a printed character, in pixels, on the pages built below."""


def ocr_line(
    x: float, top: float, text: str, block: int, height: float = 40, low: tuple[str, ...] = ()
) -> Line:
    """A line as Tesseract gives it: a box per word (``CHAR`` px a character), ``low`` words at 30 %."""
    words, cursor = [], x
    for token in text.split():
        right = cursor + CHAR * len(token)
        words.append(
            Word(
                original=token,
                confidence=30.0 if token in low else 95.0,
                box=(cursor, top, right, top + height),
            )
        )
        cursor = right + CHAR
    return Line(words=words, box=(x, top, cursor - CHAR, top + height), block=block)


def ocr_document(*lines: Line) -> Document:
    """One OCR'd page; a blank line between Tesseract blocks, as the OCR stage emits them."""
    out: list[Line] = []
    for line in lines:
        if out and out[-1].block != line.block:
            out.append(Line(block=out[-1].block))
        out.append(line)
    source = Source(path="scan.png", sha256="0" * 64, bytes=1, media_type="image/png")
    return Document(source=source, pages=[Page(number=1, method="ocr", lines=out, width=2400, height=3400)])


def test_speck_lines_are_known_by_their_boxes() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(0, 100, "AC ES SL", 1, height=400),  # a streak along the page's edge
            ocr_line(600, 150, "4", 2, height=12),  # a speck far smaller than print
            ocr_line(200, 300, "Bilan de la saison culturelle", 3, height=60),
            ocr_line(
                200, 400, "La saison a réuni six cents spectateurs dans les trois salles du quartier.", 3
            ),
            ocr_line(200, 450, "Les ateliers du samedi ont été les plus suivis par les familles.", 3),
        ),
        Settings(),
    )
    assert doc.title == "Bilan de la saison culturelle"
    assert all("AC ES" not in b.text and b.text != "4" for b in doc.blocks)


def test_items_wrapped_into_their_own_block_and_items_whose_bullet_was_lost() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(100, 100, "Le comité a retenu trois actions :", 1),
            ocr_line(130, 150, "• réunir les habitants une fois par mois dans la salle", 2),
            ocr_line(170, 200, "commune ;", 3),  # at the item's text column: its wrapped end
            ocr_line(131, 250, "'organiser une fête de rue en juin ;", 4),  # at the bullets' column
            ocr_line(128, 300, "2 publier une lettre d'information.", 4, low=("2",)),
            ocr_line(100, 400, "Le budget sera voté au printemps par le conseil municipal de la ville.", 5),
        ),
        Settings(),
    )
    assert [b.text for b in doc.blocks if b.kind == "item"] == [
        "réunir les habitants une fois par mois dans la salle commune ;",
        "'organiser une fête de rue en juin ;",
        "publier une lettre d'information.",
    ]


def test_a_first_item_whose_bullet_ocr_read_as_a_doubted_letter() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(100, 100, "La démarche s'organise en trois temps :", 1),
            ocr_line(130, 150, "s choisir un thème avec le conseil citoyen et les habitants", 2, low=("s",)),
            ocr_line(170, 200, "du quartier ;", 2),
            ocr_line(130, 250, "• solliciter un intervenant de terrain ;", 2),
            ocr_line(130, 300, "• restituer les échanges par écrit.", 2),
            ocr_line(130, 400, "a noter : la salle est réservée par la mairie.", 3, low=("a",)),
            ocr_line(130, 450, "Le budget sera voté au printemps par le conseil municipal.", 3),
        ),
        Settings(),
    )
    assert [b.text for b in doc.blocks if b.kind == "item"] == [
        "choisir un thème avec le conseil citoyen et les habitants du quartier ;",
        "solliciter un intervenant de terrain ;",
        "restituer les échanges par écrit.",
    ]
    assert any(b.text.startswith("a noter") for b in doc.blocks if b.kind == "paragraph")


def test_a_colon_far_from_the_last_word_is_a_speck_not_the_line_end() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(200, 100, "Rapport du jury", 1, height=60),
            ocr_line(200, 200, "Les résultats du concours de fleurissement sont connus depuis hier soir.", 1),
            ocr_line(200, 300, "NOS OBJECTIFS", 2),
            Line(
                words=[Word(original=":", confidence=20.0, box=(900, 318, 903, 321))],
                box=(900, 318, 903, 321),
                block=2,
            ),
            ocr_line(200, 350, "Embellir les rues et associer les écoles aux plantations du printemps.", 3),
            ocr_line(200, 450, "Le jury a examiné deux dossiers :", 4),
            ocr_line(230, 500, "- le jardin de la rue Haute ;", 4),
            ocr_line(230, 550, "- les balcons de la résidence des Tilleuls.", 4),
        ),
        Settings(),
    )
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["NOS OBJECTIFS"]


def test_fields_with_a_lost_colon_a_speck_letter_and_a_wrapped_value() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(200, 100, "Atelier mémoire du quartier", 1, height=60),
            ocr_line(200, 200, "É Date Jeudi 9 mars 2023, de 14 h à 16 h", 2, low=("É",)),
            ocr_line(200, 250, "Participants : six habitants, la directrice du centre social, la cheffe", 2),
            ocr_line(200, 300, "de projet de la ville.", 3),
            ocr_line(200, 400, "'4. Calendrier", 4),
            ocr_line(
                200, 450, "Les prochaines séances auront lieu chaque premier jeudi du mois au centre.", 4
            ),
        ),
        Settings(),
    )
    assert doc.metadata["Date"] == "Jeudi 9 mars 2023, de 14 h à 16 h"
    assert doc.metadata["Participants"].endswith("la cheffe de projet de la ville.")
    assert [(d.date, d.label) for d in doc.dates] == [("2023-03-09", "Date")]
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["'4. Calendrier"]


def test_places_whatever_their_accents_and_the_longest_name_first() -> None:
    doc = structure.segment(
        document("Une sortie à Saint-Omér est prévue avec la Métropole Européenne de Lille en mai."),
        Settings(),
    )
    names = [p.name for p in doc.places]
    assert "Saint-Omer" in names
    assert "Lille" not in names


def test_a_sentence_ocr_cut_into_two_blocks_is_one_paragraph_again() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(100, 20, "Compte rendu de la plénière", 0, height=60),
            ocr_line(100, 100, "Trois conseils citoyens de la Métropole", 1),
            ocr_line(100, 150, "européenne de Lille ont marché ensemble au quartier.", 2),  # lower case
            ocr_line(100, 200, "Le bailleur a présenté le nouveau programme de", 3),
            ocr_line(100, 250, "RANRUE les études se poursuivront jusqu'à l'automne avant", 4),  # after de
            ocr_line(100, 300, "2019 et aucune démolition n'est prévue.", 5),  # a number after « avant »
            ocr_line(100, 350, "Le conseil a voté le budget du fonds de participation.", 6),  # a new one
            ocr_line(100, 400, "Prochaine réunion en avril au centre social Dumas", 7),
            ocr_line(100, 450, "Les habitants ont proposé une fête de quartier en juin.", 8),  # a capital
            ocr_line(100, 800, "suite des échanges lors de la prochaine séance plénière.", 9),  # far below
        ),
        Settings(),
    )
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [
        "Trois conseils citoyens de la Métropole européenne de Lille ont marché ensemble au quartier.",
        "Le bailleur a présenté le nouveau programme de RANRUE les études se poursuivront jusqu'à "
        "l'automne avant 2019 et aucune démolition n'est prévue.",
        "Le conseil a voté le budget du fonds de participation.",
        "Prochaine réunion en avril au centre social Dumas",
        "Les habitants ont proposé une fête de quartier en juin.",
        "suite des échanges lors de la prochaine séance plénière.",
    ]


def test_a_blank_line_in_a_transcription_parts_paragraphs_whatever_follows() -> None:
    text = "Compte rendu\n\nTrois conseils citoyens de la Métropole\n\neuropéenne de Lille ont marché."
    doc = structure.segment(document(text), Settings())
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == 2


def test_a_sentence_goes_on_across_the_page_footer() -> None:
    def page(number: int, *lines: Line) -> Page:
        out: list[Line] = []
        for line in lines:
            if out:
                out.append(Line(block=out[-1].block))
            out.append(line)
        return Page(number=number, method="ocr", lines=out, width=2400, height=3400)

    source = Source(path="scan.tif", sha256="0" * 64, bytes=1, media_type="image/tiff")
    doc = structure.segment(Document(source=source, pages=[
        page(1, ocr_line(100, 20, "Compte rendu de la plénière", 0, height=60),
             ocr_line(100, 200, "La synthèse et le guide sont téléchargeables à", 1),
             ocr_line(100, 3200, "Fiche méthode - page 1/2", 2)),
        page(2, ocr_line(100, 100, "l'adresse suivante du centre de ressources régional.", 1),
             ocr_line(100, 300, "Le conseil se réunira en juin au centre social.", 2),
             ocr_line(100, 3200, "Fiche méthode - page 2/2", 3)),
    ]), Settings())
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [
        "La synthèse et le guide sont téléchargeables à l'adresse suivante du centre de ressources régional.",
        "Le conseil se réunira en juin au centre social.",
    ]
    assert [b.kind for b in doc.blocks] == ["title", "footer", "paragraph", "paragraph", "footer"]


def test_a_url_broken_over_lines_keeps_its_printed_words() -> None:
    text = (
        "Le compte rendu de la séance est en ligne à l'adresse suivante :\n"
        "https://www.villedelens.fr/vie-citoyenne/conseils-citoyens/comptes-\n"
        "rendus/2017/pleniere.pdf\n\n"
        "La prochaine réunion aura lieu en juin."
    )
    doc = structure.segment(document(text), Settings())
    [url] = doc.urls
    assert url.url == "https://www.villedelens.fr/vie-citoyenne/conseils-citoyens/comptes-rendus/2017/pleniere.pdf"
    assert [w.original for w in url.words] == [
        "https://www.villedelens.fr/vie-citoyenne/conseils-citoyens/comptes-", "rendus/2017/pleniere.pdf"]
    assert all(w.url is url for w in url.words)
    assert [url.piece(w) for w in url.words] == [0, 1]
    block = doc.blocks[url.block]
    assert url.url in block.text and "réunion" not in block.text
    [(start, end)] = block.url_spans
    assert block.text[start:end] == url.url
    # joined from two printed words, the URL is one correction: raw_text and text rebuild each other
    [fix] = [w.fix for w in url.words if w.fix is not None]
    printed = " ".join(w.original for w in url.words)
    assert (fix.reason, fix.original, fix.corrected) == ("url", printed, url.url)


def test_punctuation_opening_a_printed_line_stays_but_a_mark_ocr_read_there_goes() -> None:
    text = "Le roi se tut longtemps devant la foule assemblée sur la place\n, puis il dit : non.\n"
    printed = structure.segment(document(text), Settings())
    assert ", puis il dit" in " ".join(b.text for b in printed.blocks)
    scanned = structure.segment(
        ocr_document(
            ocr_line(200, 300, "Le roi se tut longtemps devant la foule assemblée", 1),
            ocr_line(200, 350, ", puis il dit : non.", 1),
        ),
        Settings(),
    )
    assert ", puis" not in " ".join(b.text for b in scanned.blocks)


def test_a_tail_of_short_words_and_figures_is_text_not_a_margins_fragments() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(200, 100, "1. Election des Présidents", 1),
            ocr_line(200, 150, "2. Horaires de 10 H 30 à 13 H et de 15 H à 18 H", 2),
            ocr_line(200, 200, "3. Divers", 3),
            ocr_line(200, 300, "Les séances auront lieu dans la grande salle de la mairie du village.", 4),
        ),
        Settings(),
    )
    text = " ".join(b.text for b in doc.blocks)
    assert "Horaires de 10 H 30 à 13 H et de 15 H à 18 H" in text
    assert not [w.original for w in doc.words if w.fix is not None and w.fix.reason == "noise"]


def test_a_heading_still_loses_the_fragments_a_margin_adds_to_it() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(200, 100, "Bilan de la saison Ë î ë", 1, height=60),
            ocr_line(200, 200, "La saison a réuni six cents spectateurs dans les salles du quartier.", 2),
            ocr_line(200, 250, "Les ateliers du samedi ont été les plus suivis par les familles.", 2),
        ),
        Settings(),
    )
    assert doc.title == "Bilan de la saison"


def test_a_heading_keeps_the_number_ocr_read_after_its_word_but_not_a_doubted_one() -> None:
    """A play's ``Tableau 2``: the number is the heading's (it had been dropped as a fragment)."""
    def headings(low: tuple[str, ...]) -> list[str]:
        doc = structure.segment(
            ocr_document(
                ocr_line(200, 100, "Tableau 2", 1, height=60, low=low),
                ocr_line(200, 200, "Extérieur de la maison. Une automobile passe devant la grille.", 2),
                ocr_line(200, 300, "Tableau 3", 3, height=60, low=low),
                ocr_line(200, 400, "Une boutique de fleuriste. Madame veut acheter des roses.", 4),
            ),
            Settings(),
        )
        return [b.text for b in doc.blocks if b.kind in ("heading", "title")]

    assert headings(()) == ["Tableau 2", "Tableau 3"]
    assert headings(("2", "3")) == ["Tableau", "Tableau"]


def test_a_line_ending_in_a_cut_word_opens_a_paragraph_not_a_title() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(200, 100, "Elle avait dansé quelques-unes des danses de sa", 1),
            ocr_line(200, 150, "tribu : la danse du Soleil, qui était une danse verti-", 1),
            ocr_line(200, 200, "gineuse, la danse de la lune, qui était une danse mesurée,", 1),
            ocr_line(200, 250, "et la danse de la mort, qui était une danse immobile.", 1),
        ),
        Settings(),
    )
    assert doc.title is None
    [block] = doc.blocks
    assert block.text.startswith("Elle avait dansé quelques-unes des danses de sa tribu")
    assert "une danse vertigineuse, la danse" in block.text


def test_a_capital_read_without_doubt_before_a_dash_labels_its_line_a_doubted_one_is_a_speck() -> None:
    doc = structure.segment(
        ocr_document(
            ocr_line(200, 100, "A - QUESTIONS DE PROTOCOLE", 1),
            ocr_line(200, 150, "1. Election des présidents de séance.", 1),
            ocr_line(200, 250, "B - QUESTIONS FONDAMENTALES", 2),
            ocr_line(200, 300, "1. Un atelier sémantique est-il possible ?", 2),
            ocr_line(200, 400, "È - envoi des convocations aux membres.", 3, low=("È",)),
        ),
        Settings(),
    )
    text = " ".join(b.text for b in doc.blocks)
    assert "A - QUESTIONS DE PROTOCOLE" in text and "B - QUESTIONS FONDAMENTALES" in text
    assert "È" not in text


def test_a_line_of_bullets_alone_is_no_empty_item() -> None:
    """An OCR line that is only bullet signs (``• e``: a bullet and a round bullet read as a letter)
    has no item text: it is no item, and segmenting the page does not fail on it."""
    def line(*words: str, top: float) -> Line:
        placed = [Word(w, confidence=90.0, box=(100 + 60 * k, top, 140 + 60 * k, top + 30))
                  for k, w in enumerate(words)]
        return Line(words=placed, box=(100, top, placed[-1].box[2], top + 30), block=1)

    source = Source(path="scan.png", sha256="0" * 64, bytes=1, media_type="image/png")
    page = Page(number=1, method="ocr", lines=[line("Le", "groupe", "a", "retenu", ":", top=100),
                                               line("•", "e", top=140), line("une", "suite.", top=180)])
    doc = structure.segment(Document(source=source, pages=[page]), Settings())
    assert all(block.text for block in doc.blocks if block.kind == "item")
