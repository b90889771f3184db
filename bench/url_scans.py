"""Scanned fiches full of URLs and dates, with their truth, at several degradation levels.

    .venv/bin/python bench/url_scans.py OUT [--seed N] [--fiches N]

Each fiche is composed from the shapes the archive prints: French public sites (``gouv.fr``
hosts, collectivities, agencies), long slugs, ``sites/default/files`` paths, percent-escaped
file names with accents, PDFs; dates in words (``mercredi 30 janvier 2019``, ``1er mars``,
``7 JUIL. 2017``), in figures, and a signature line (``Fait à Lens, le …``). The words come
from the project's domain vocabulary and place names, not from the lexicon's frequencies.
A page is typeset with one of several fonts, sizes and layouts (URL after its label, on a
line of its own, in a list), long URLs broken where the line ends, then degraded as a level
says: resolution, blur, noise, specks, JPEG, skew, faded ink. The worst level is as bad as
the dev corpus's ``f03`` (120 DPI serif, heavy blur, low contrast, specks, JPEG 60).

Writes ``OUT/<level>/<name>.<png|jpg>`` and ``OUT/<level>/<name>.truth.json`` (``urls``,
``dates``, ``signature``). Deterministic: the same seed gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
DICTIONARIES = ROOT / "dictionaries"
FONT_FILES = {
    "dejavu-sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "dejavu-serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "liberation-serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "liberation-sans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
}
FICHES_PER_LEVEL = 12
PRINT_DPI = 300
"""The page is typeset at this resolution, then scanned down to its level's."""
URLS_PER_FICHE = 6


@dataclass(frozen=True)
class Level:
    """How a scan is degraded."""

    name: str
    dpi: tuple[int, ...]
    blur: float
    noise: float
    paper: int
    ink: int
    specks: float
    jpeg: int | None
    skew: float


LEVELS = (
    Level("clean", dpi=(300,), blur=0.0, noise=4, paper=250, ink=10, specks=0.0, jpeg=None, skew=0.3),
    Level("photocopy", dpi=(150, 200), blur=0.35, noise=8, paper=235, ink=40, specks=0.0003, jpeg=75,
          skew=0.8),
    Level("bad", dpi=(120,), blur=0.45, noise=10, paper=205, ink=85, specks=0.001, jpeg=60, skew=1.0),
)
"""``bad`` is the dev corpus's ``f03``: 120 DPI, heavy blur, paper ~200 and ink ~100, specks, JPEG 60."""

HOSTS = (
    "www.ville.gouv.fr", "www.anru.fr", "www.irev.fr", "www.hauts-de-france.ars.sante.fr",
    "www.cohesion-territoires.gouv.fr", "www.legifrance.gouv.fr", "www.insee.fr", "www.caf.fr",
    "www.lille.fr", "www.villedelens.fr", "www.pas-de-calais.gouv.fr", "www.nord.gouv.fr",
    "agence-cohesion-territoires.gouv.fr", "www.banquedesterritoires.fr", "www.amiens.fr",
    "www.hautsdefrance.fr", "sig.ville.gouv.fr", "www.data.gouv.fr", "www.education.gouv.fr",
    "www.prefectures-regions.gouv.fr", "www.cerema.fr", "www.unccas.org", "www.calameo.com",
    "www.fondation-abbe-pierre.fr", "www.lenord.fr", "www.oise.gouv.fr", "www.somme.fr",
    "www.reseau-national-crpv.org", "www.europe-en-france.gouv.fr", "www.culture.gouv.fr",
)
SECTIONS = ("actualites", "thematiques", "publications", "ressources", "agenda", "documentation",
            "territoires", "vie-citoyenne", "politique-de-la-ville", "evenements", "dossiers")
MEDIA = ("media", "medias", "documents", "fichiers", "pdf", "uploads")
LABELS = ("Le guide publié par le ministère", "La synthèse de la journée", "Le compte rendu",
          "Le rapport annuel", "La fiche méthodologique", "Le cadre de référence", "La boîte à outils",
          "Les actes du séminaire", "Le diaporama de présentation", "La note de cadrage",
          "Le dossier de presse", "Le règlement général", "Le programme de la rencontre")
DOCUMENT_WORDS = ("Règlement général", "Guide méthodologique", "Synthèse des échanges", "Cahier des charges",
                  "Note de cadrage", "Bilan d'activité", "Appel à projets", "Étude d'évaluation",
                  "Référentiel des métiers", "Charte de la participation", "Délibération du conseil")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
SHORT_MONTHS = ("JANV.", "FÉV.", "MARS", "AVR.", "MAI", "JUIN", "JUIL.", "AOÛT", "SEPT.", "OCT.", "NOV.",
                "DÉC.")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _entries(name: str) -> list[str]:
    text = (DICTIONARIES / name).read_text(encoding="utf-8")
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


def _ascii(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _slug(phrase: str) -> str:
    return "-".join(_ascii(phrase).lower().replace("'", " ").split())


class Composer:
    """The text of fiches: URLs and dates of the shapes the archive prints."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.phrases = _entries("domain.txt")
        self.places = [p for p in _entries("places.txt") if " " not in p]

    def phrase(self, words: int = 3) -> str:
        out: list[str] = []
        while len(out) < words:
            out.extend(self.rng.choice(self.phrases).split())
        return " ".join(out[: words + self.rng.randint(0, 2)])

    def url(self) -> str:
        rng = self.rng
        scheme = rng.choices(("https://", "http://", ""), weights=(6, 3, 1))[0]
        host = rng.choice(HOSTS)
        if not scheme and not host.startswith("www."):
            scheme = "https://"
        year = rng.randint(2012, 2023)
        shape = rng.randrange(7)
        if shape == 0:
            name = quote(f"{rng.choice(DOCUMENT_WORDS)} {rng.choice(self.places)} {year}")
            path = f"sites/default/files/{rng.choice(MEDIA)}/downloads/{name}.pdf"
        elif shape == 1:
            path = f"IMG/pdf/{_slug(self.phrase(4))}.pdf"
        elif shape == 2:
            path = f"{rng.choice(SECTIONS)}/{_slug(self.phrase(3))}/{_slug(self.phrase(5))}-{year}"
        elif shape == 3:
            path = f"{rng.choice(SECTIONS)}/{_slug(self.phrase(6))}.html"
        elif shape == 4:
            name = "_".join(w.capitalize() for w in _ascii(self.phrase(3)).replace("'", " ").split())
            path = f"wp-content/uploads/{year}/{rng.randint(1, 12):02d}/{name}.pdf"
        elif shape == 5:
            path = f"{rng.choice(SECTIONS)}/{rng.randint(1000, 99999)}/{_slug(self.phrase(4))}"
        else:
            name = quote(_slug(self.phrase(2)).replace("-", " ").capitalize())
            path = f"{rng.choice(SECTIONS)}/{name}%20{year}.pdf"
        return f"{scheme}{host}/{path}"

    def date(self) -> tuple[str, str]:
        """A printed date and its ISO form."""
        rng = self.rng
        year, month, day = rng.randint(2012, 2023), rng.randint(1, 12), rng.randint(1, 28)
        weekday = WEEKDAYS[dt.date(year, month, day).weekday()]
        shape = rng.randrange(5)
        iso = f"{year}-{month:02d}-{day:02d}"
        if shape == 0:
            return f"{weekday} {day} {MONTHS[month - 1]} {year}", iso
        if shape == 1:
            return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}", iso
        if shape == 2:
            return f"{day:02d}/{month:02d}/{year}", iso
        if shape == 3:
            return f"{day} {SHORT_MONTHS[month - 1]} {year}", iso
        return f"1er {MONTHS[month - 1]} {year}", f"{year}-{month:02d}-01"

    def fiche(self) -> tuple[list[tuple[str, str]], dict]:
        """Paragraphs as (style, text), and the truth."""
        rng = self.rng
        urls = [self.url() for _ in range(URLS_PER_FICHE)]
        dates = [self.date() for _ in range(3)]
        signature = self.date()
        place = rng.choice(self.places)
        out = [("title", f"Fiche ressources : {self.phrase(3)}"),
               ("body", f"Date : {dates[0][0]}"),
               ("body", f"La rencontre du {dates[1][0]} a réuni les acteurs de la {self.phrase(4)} ; "
                        f"les dossiers sont à déposer avant le 31 août de l'année considérée."),
               ("heading", "Ressources")]
        layout = rng.randrange(3)
        for url in urls:
            label = rng.choice(LABELS)
            if layout == 0:
                out.append(("item", f"{label} : {url}"))
            elif layout == 1:
                out.append(("body", f"{label} :"))
                out.append(("url", url))
            else:
                out.append(("body", f"{label} ({self.phrase(2)}) : {url}"))
        out.append(("body", f"Prochaine réunion : {dates[2][0]}, à la maison de projet de {place}."))
        out.append(("body", f"Fait à {place}, le {signature[0]}"))
        truth = {"urls": urls, "dates": [d[1] for d in dates] + [signature[1]], "signature": signature[1]}
        return out, truth


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    """Greedy word wrap; a word longer than what is left of a line (a URL) starts a new line when
    it fits there, else is broken between two characters exactly where the line ends."""
    lines = [""]
    for word in text.split(" "):
        trial = f"{lines[-1]} {word}" if lines[-1] else word
        room = width - (indent if len(lines) > 1 else 0)
        if font.getlength(trial) <= room:
            lines[-1] = trial
            continue
        if lines[-1] and font.getlength(word) <= width - indent:
            lines.append(word)
            continue
        piece = f"{lines[-1]} " if lines[-1] else ""
        for ch in word:
            if font.getlength(piece + ch) > (width - (indent if len(lines) > 1 else 0)):
                lines[-1] = piece.rstrip()
                lines.append("")
                piece = ""
            piece += ch
        lines[-1] = piece
    return [line for line in lines if line]


def render(paragraphs: list[tuple[str, str]], level: Level, rng: random.Random) -> tuple[Image.Image, int]:
    """The fiche typeset at 300 DPI, then scanned at the level's resolution and degraded as it says."""
    dpi = rng.choice(level.dpi)
    family = rng.choice(sorted(FONT_FILES))
    size = rng.choice((10, 10.5, 11, 12)) * PRINT_DPI / 72
    font = ImageFont.truetype(FONT_FILES[family], round(size))
    big = ImageFont.truetype(FONT_FILES[family], round(size * 1.4))
    width, margin = round(8.27 * PRINT_DPI), round(0.8 * PRINT_DPI)
    text_width = width - 2 * margin
    placed: list[tuple[float, str, ImageFont.FreeTypeFont, float]] = []
    y = margin
    for style, text in paragraphs:
        face = big if style == "title" else font
        indent = size * 1.2 if style == "item" else 0
        if style == "item":
            text = "• " + text
        if style in ("heading", "title"):
            y += size * 0.6
        for k, line in enumerate(_wrap(text, face, text_width, indent)):
            placed.append((y, line, face, indent if k else 0))
            y += face.size * 1.35
        y += size * 0.5
    height = round(y + margin)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for top, line, face, indent in placed:
        draw.text((margin + indent, top), line, font=face, fill=0)
    return degrade(page, level, dpi, rng), dpi


def degrade(page: Image.Image, level: Level, dpi: int, rng: random.Random) -> Image.Image:
    """Skew and blur on the printed page, scanned down to ``dpi``; then faded ink on grey paper,
    noise and specks (JPEG is applied when saved)."""
    angle = rng.uniform(-level.skew, level.skew)
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    scale = PRINT_DPI / dpi
    if level.blur:
        page = page.filter(ImageFilter.GaussianBlur(level.blur * scale))
    if dpi != PRINT_DPI:
        page = page.resize((round(page.width / scale), round(page.height / scale)), Image.Resampling.BOX)
    seed = rng.randrange(2**32)
    noise = np.random.default_rng(seed)
    ink = np.asarray(page, dtype=np.float32) / 255.0
    pixels = level.ink + ink * (level.paper - level.ink)
    pixels += noise.normal(0, level.noise, pixels.shape)
    if level.specks:
        mask = noise.random(pixels.shape) < level.specks
        pixels[mask] = level.ink
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def generate(out: Path, seed: int = 1, fiches: int = FICHES_PER_LEVEL) -> list[Path]:
    """Write every level's scans and truths under ``out``; returns the truth files."""
    written = []
    for number, level in enumerate(LEVELS):
        folder = out / level.name
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(fiches):
            rng = random.Random(f"{seed}-{number}-{k}")
            paragraphs, truth = Composer(rng).fiche()
            image, dpi = render(paragraphs, level, rng)
            name = f"{level.name}-{k:02d}"
            if level.jpeg:
                path = folder / f"{name}.jpg"
                buffer = io.BytesIO()
                image.save(buffer, "JPEG", quality=level.jpeg, dpi=(dpi, dpi))
                path.write_bytes(buffer.getvalue())
            else:
                path = folder / f"{name}.png"
                image.save(path, dpi=(dpi, dpi))
            truth.update(level=level.name, dpi=dpi, scan=path.name)
            truth_path = folder / f"{name}.truth.json"
            truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written.append(truth_path)
    return written


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fiches", type=int, default=FICHES_PER_LEVEL, help="fiches per level")
    args = parser.parse_args(argv)
    written = generate(args.out, args.seed, args.fiches)
    print(f"{len(written)} fiches written under {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
