"""Born-digital test documents made with the typesetters people use: LaTeX (pdflatex), LibreOffice
(headless, from a flat ``.fodt`` written here) and pandoc; and their scans (pdftoppm).

One report is written here once, as data (title, sections of paragraphs, a list, a table), and
typeset by each tool; the same data gives the truth the tests and ``bench/born_digital.py`` score
against: the text in reading order, the headings, the title, the table's cells.
Each builder needs its tool (Debian: texlive-latex-base texlive-latex-recommended
texlive-lang-french lmodern, libreoffice-writer-nogui hyphen-fr, pandoc, poppler-utils) and raises
``FileNotFoundError`` naming it when it is missing.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    items: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    """Rows of cells, the first one the header row."""


@dataclass
class Report:
    title: str
    header: str
    """The running header printed on every page."""
    sections: list[Section]

    @property
    def headings(self) -> list[str]:
        return [s.heading for s in self.sections]

    @property
    def tables(self) -> list[list[list[str]]]:
        return [s.table for s in self.sections if s.table]

    def truth(self) -> str:
        """What the document says, in reading order (no running header, footer or contents)."""
        parts = [self.title]
        for section in self.sections:
            parts.append(section.heading)
            parts.extend(section.paragraphs)
            parts.extend(section.items)
            parts.extend(" ".join(row) for row in section.table)
        return "\n\n".join(parts) + "\n"


REPORT = Report(
    title="Rapport d'activité du centre de ressources",
    header="Centre de ressources politique de la ville",
    sections=[
        Section(
            "Présentation du centre",
            [
                "Le centre de ressources accompagne depuis sa création les professionnels du "
                "développement social urbain, les élus locaux et les associations des quartiers "
                "prioritaires. Son action repose sur la qualification des acteurs, la capitalisation "
                "des expériences et l'animation de réseaux régionaux d'échange.",
                "Les administrateurs ont approuvé le programme d'activité au printemps : il prévoit "
                "l'accompagnement méthodologique des intercommunalités engagées dans le renouvellement "
                "urbain, la professionnalisation des équipes de projet et la contractualisation avec "
                "les partenaires institutionnels.",
            ],
        ),
        Section(
            "Les quartiers prioritaires",
            [
                "Quarante-deux quartiers de la région relèvent de la géographie prioritaire. Les "
                "communes de Saint-Amand-les-Eaux, Val-de-Sambre et Hautmont ont demandé un appui "
                "particulier pour l'élaboration de leurs conventions territoriales.",
                "Les diagnostics partagés associent systématiquement les conseils citoyens, dont la "
                "participation effective reste inégale selon les territoires et les thématiques.",
            ],
            items=[
                "les rencontres régionales des chefs de projet ;",
                "les journées thématiques sur l'emploi et le développement économique ;",
                "les cycles de qualification consacrés à l'évaluation.",
            ],
        ),
        Section(
            "Le calendrier des permanences",
            [
                "Les permanences se tiennent dans les locaux des délégués du préfet. Le tableau "
                "suivant récapitule les lieux et les horaires retenus pour le premier semestre.",
            ],
            table=[
                ["Commune", "Lieu", "Horaires"],
                ["Roubaix", "Maison des associations", "mardi 14 h"],
                ["Tourcoing", "Centre social Belencontre", "jeudi 9 h"],
                ["Denain", "Mairie annexe", "vendredi 10 h"],
            ],
        ),
        Section(
            "Les perspectives",
            [
                "L'année prochaine verra l'approfondissement des démarches d'observation locale et "
                "l'élargissement des formations aux agents des collectivités. Une attention "
                "particulière sera portée aux questions de tranquillité publique, de réussite "
                "éducative et d'accès aux droits, qui structurent désormais l'essentiel des "
                "demandes adressées au centre par les professionnels.",
                "Le conseil d'administration examinera ces orientations lors de sa prochaine "
                "séance, avant leur présentation à l'assemblée générale des adhérents.",
            ],
        ),
    ],
)


def _run(command: list[str], cwd: Path, tool: str) -> None:
    if shutil.which(command[0]) is None:
        raise FileNotFoundError(f"{command[0]} is not installed (Debian: {tool})")
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=300)


# --- LaTeX --------------------------------------------------------------------------------------

_TEX_SPECIALS = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"})


def _tex(text: str) -> str:
    return text.translate(_TEX_SPECIALS)


def latex_source(report: Report, columns: int = 2) -> str:
    """A LaTeX article: two columns, justified and hyphenated French, running header and footer,
    a table of contents, a tabular and an itemize list."""
    body = []
    for section in report.sections:
        body.append(rf"\section{{{_tex(section.heading)}}}")
        body.extend(_tex(p) + "\n" for p in section.paragraphs)
        if section.items:
            body.append(r"\begin{itemize}")
            body.extend(rf"\item {_tex(item)}" for item in section.items)
            body.append(r"\end{itemize}")
        if section.table:
            spec = "l" * len(section.table[0])
            rows = [" & ".join(_tex(c) for c in row) + r" \\" for row in section.table]
            body.append(rf"\begin{{center}}\begin{{tabular}}{{|{'|'.join(spec)}|}}\hline")
            body.append(rows[0] + r" \hline")
            body.extend(row + r" \hline" for row in rows[1:])
            body.append(r"\end{tabular}\end{center}")
    option = "twocolumn," if columns == 2 else ""
    return "\n".join([
        rf"\documentclass[{option}11pt,a5paper]{{article}}",
        r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}", r"\usepackage{lmodern}",
        r"\usepackage[french]{babel}", r"\usepackage[margin=1.5cm]{geometry}", r"\usepackage{fancyhdr}",
        r"\pagestyle{fancy}\fancyhf{}", rf"\fancyhead[C]{{{_tex(report.header)}}}",
        r"\fancyfoot[C]{Page \thepage}", rf"\title{{{_tex(report.title)}}}\author{{}}\date{{}}",
        r"\begin{document}", r"\maketitle\thispagestyle{fancy}", r"\tableofcontents",
        *body, r"\end{document}", "",
    ])


def latex_pdf(report: Report, folder: Path, columns: int = 2) -> Path:
    """The report typeset by pdflatex (twice, for the table of contents)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.tex").write_text(latex_source(report, columns), encoding="utf-8")
    for _ in range(2):
        _run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"], folder,
             "texlive-latex-base texlive-latex-recommended texlive-lang-french lmodern")
    return folder / "report.pdf"


# --- LibreOffice ----------------------------------------------------------------------------------

_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="DejaVu Serif" fo:font-size="10pt" fo:language="fr"
   fo:country="FR" fo:hyphenate="true" fo:hyphenation-remain-char-count="2"
   fo:hyphenation-push-char-count="2"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.5cm"/>
  <style:text-properties fo:font-size="18pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:default-outline-level="1">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="13pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Cell" style:family="paragraph">
  <style:text-properties fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Letterhead" style:family="paragraph">
  <style:text-properties fo:font-size="9pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Act" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm"/>
  <style:text-properties fo:font-size="12pt" fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="8pt" fo:font-style="italic" fo:hyphenate="false"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Cols" style:family="section">
  <style:section-properties><style:columns fo:column-count="2" fo:column-gap="0.8cm"/>
  </style:section-properties>
 </style:style>
 <style:style style:name="Whole" style:family="table">
  <style:table-properties style:width="11.8cm" style:may-break-between-rows="false" table:align="left"/>
 </style:style>
 <style:style style:name="Grid" style:family="table-cell">
  <style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="0.05cm"/>
 </style:style>
 <style:page-layout style:name="A5">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1cm"
   fo:margin-bottom="1cm" fo:margin-left="1.5cm" fo:margin-right="1.5cm"/>
  <style:header-style/><style:footer-style/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A5">
  <style:header><text:p text:style-name="Header">{header}</text:p></style:header>
  <style:footer><text:p text:style-name="Header">Page <text:page-number text:select-page="current"/>
  </text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""


def fodt_source(report: Report, columns: int = 2) -> str:
    """A flat OpenDocument text (what LibreOffice saves as ``.fodt``): title, a table of contents,
    then the sections in two columns, justified and hyphenated, with a list and a full-width table."""
    x = html.escape
    out = [_FODT_HEAD.replace("{header}", x(report.header))]
    out.append(f'<text:p text:style-name="Title">{x(report.title)}</text:p>')
    out.append('<text:table-of-content text:name="Contents"><text:table-of-content-source '
               'text:outline-level="1"/><text:index-body/></text:table-of-content>')
    if columns == 2:
        out.append('<text:section text:style-name="Cols" text:name="Body">')
    for section in report.sections:
        out.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                   f'{x(section.heading)}</text:h>')
        out.extend(f'<text:p text:style-name="Standard">{x(p)}</text:p>' for p in section.paragraphs)
        if section.items:
            out.append("<text:list>")
            out.extend(f'<text:list-item><text:p text:style-name="Standard">• {x(i)}</text:p>'
                       '</text:list-item>' for i in section.items)
            out.append("</text:list>")
        if section.table:
            width = len(section.table[0])
            if columns == 2:  # tables span the page: close the columns, open them again after
                out.append(f'</text:section><text:section text:name="Wide{len(out)}">')
            out.append(f'<table:table table:name="T{len(out)}" table:style-name="Whole"><table:table-column '
                       f'table:number-columns-repeated="{width}"/>')
            for row in section.table:
                cells = "".join(f'<table:table-cell table:style-name="Grid" office:value-type="string">'
                                f'<text:p text:style-name="Cell">{x(c)}</text:p></table:table-cell>'
                                for c in row)
                out.append(f"<table:table-row>{cells}</table:table-row>")
            out.append("</table:table>")
            if columns == 2:
                out.append(f'</text:section><text:section text:style-name="Cols" text:name="Body{len(out)}">')
    if columns == 2:
        out.append("</text:section>")
    out.append("</office:text></office:body></office:document>\n")
    return "\n".join(out)


def libreoffice_pdf(report: Report, folder: Path, columns: int = 2) -> Path:
    """The report typeset by LibreOffice Writer, headless (its table of contents updated on load)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.fodt").write_text(fodt_source(report, columns), encoding="utf-8")
    profile = (folder / "profile").resolve()
    _run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
          "report.fodt"], folder, "libreoffice-writer-nogui hyphen-fr")
    return folder / "report.pdf"


@dataclass
class Order:
    """A prefectural order: letterhead and motto, the act's title and object, recitals, articles,
    a ruled table of polling stations and the streets of each."""

    letterhead: list[str]
    title: str
    object: str
    body: list[str]
    table: list[list[str]]
    closing: list[str]

    def truth(self) -> str:
        rows = [" ".join(row) for row in self.table]
        parts = [*self.letterhead, self.title, self.object, *self.body, *rows, *self.closing]
        return "\n\n".join(parts) + "\n"


ORDER = Order(
    letterhead=["PRÉFET DU NORD", "Liberté", "Égalité", "Fraternité", "Direction de la citoyenneté",
                "Bureau des élections"],
    title="ARRÊTÉ n° 2024-117",
    object="instituant les bureaux de vote de la commune de Denain",
    body=[
        "Le préfet du Nord,",
        "Vu le code électoral, notamment ses articles R. 40 et R. 41 ;",
        "Considérant la proposition du maire de Denain ;",
        "ARRÊTE",
        "Article 1er : les électeurs de la commune sont répartis entre les bureaux de vote suivants.",
    ],
    table=[
        ["Bureau", "Lieu de vote", "Voies"],
        ["1", "Hôtel de ville", "rue de Villars, place Baudin, rue Jean Jaurès"],
        ["2", "École Jules Ferry", "avenue Clemenceau, rue des Écoles"],
        ["3", "Salle des fêtes", "rue de la Gare, impasse des Tilleuls, chemin du Marais"],
    ],
    closing=["Article 2 : le présent arrêté sera publié au recueil des actes administratifs.",
             "Fait à Lille, le 12 août 2024"],
)


def order_fodt(order: Order) -> str:
    x = html.escape
    out = [_FODT_HEAD.replace("{header}", "")]
    out.extend(f'<text:p text:style-name="Letterhead">{x(line)}</text:p>' for line in order.letterhead)
    out.append(f'<text:p text:style-name="Act">{x(order.title)}</text:p>')
    out.append(f'<text:p text:style-name="Act">{x(order.object)}</text:p>')
    out.extend(f'<text:p text:style-name="Standard">{x(p)}</text:p>' for p in order.body)
    out.append(f'<table:table table:name="Bureaux" table:style-name="Whole"><table:table-column '
               f'table:number-columns-repeated="{len(order.table[0])}"/>')
    for row in order.table:
        cells = "".join(f'<table:table-cell table:style-name="Grid" office:value-type="string">'
                        f'<text:p text:style-name="Cell">{x(c)}</text:p></table:table-cell>' for c in row)
        out.append(f"<table:table-row>{cells}</table:table-row>")
    out.append("</table:table>")
    out.extend(f'<text:p text:style-name="Standard">{x(p)}</text:p>' for p in order.closing)
    out.append("</office:text></office:body></office:document>\n")
    return "\n".join(out)


def order_pdf(order: Order, folder: Path) -> Path:
    """The order typeset by LibreOffice Writer, headless."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "order.fodt").write_text(order_fodt(order), encoding="utf-8")
    profile = (folder / "profile").resolve()
    _run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
          "order.fodt"], folder, "libreoffice-writer-nogui hyphen-fr")
    return folder / "order.pdf"


# --- pandoc -----------------------------------------------------------------------------------------

def markdown_source(report: Report) -> str:
    out = [f"---\ntitle: \"{report.title}\"\nlang: fr\n---\n"]
    for section in report.sections:
        out.append(f"# {section.heading}\n")
        out.extend(p + "\n" for p in section.paragraphs)
        out.extend(f"- {item}" for item in section.items)
        if section.items:
            out.append("")
        if section.table:
            out.append("| " + " | ".join(section.table[0]) + " |")
            out.append("|" + "---|" * len(section.table[0]))
            out.extend("| " + " | ".join(row) + " |" for row in section.table[1:])
            out.append("")
    return "\n".join(out) + "\n"


def pandoc_pdf(report: Report, folder: Path) -> Path:
    """The report written in Markdown and typeset by pandoc through pdflatex."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.md").write_text(markdown_source(report), encoding="utf-8")
    _run(["pandoc", "report.md", "-o", "report.pdf", "--pdf-engine=pdflatex", "-V", "geometry:margin=2cm",
          "-V", "papersize:a5"], folder, "pandoc texlive-latex-recommended")
    return folder / "report.pdf"


# --- scans ---------------------------------------------------------------------------------------

def scan(pdf: Path, dpi: int, rotate: int = 0) -> Path:
    """The PDF's first page as a grey PNG at ``dpi`` (pdftoppm), turned ``rotate`` degrees clockwise."""
    stem = pdf.with_name(f"{pdf.stem}-{dpi}-{rotate}")
    _run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
          str(stem)], pdf.parent, "poppler-utils")
    out = stem.with_suffix(".png")
    if rotate:
        from PIL import Image

        with Image.open(out) as image:
            turned = image.rotate(-rotate, expand=True)
            turned.save(out, dpi=(dpi, dpi))
    return out
