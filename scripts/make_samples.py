"""Make the sample fiches of ``data/raw/`` from the French texts in ``scripts/samples/``.

The texts were written for this project. Each becomes one kind of input the pipeline
reads, as an archivist would get it:

- ``fiche-atelier-gestion-urbaine``: a scanned PDF (image only, 300 DPI, slightly skewed);
- ``compte-rendu-conseil-citoyen``: a PNG scan (300 DPI, grey, a little blur and speckle);
- ``ressources-participation``: a text transcription OCR'd elsewhere, with the usual
  OCR confusions (``m`` read ``rn``, ``à`` read ``a``, ``l'`` read ``I'``) and long URLs
  broken over lines.

Deterministic: the same texts always give the same bytes, so `make samples` is idempotent.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "scripts" / "samples"
RAW = ROOT / "data" / "raw"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
DPI = 300
PAGE = (2480, 3508)  # A4 at 300 DPI
MARGIN = 200
FIXED_DATE = time.gmtime(1551960000)  # so the PDF's bytes do not change between runs


def _font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return ImageFont.truetype(str(FONTS / name), round(size_pt * DPI / 72))


def _is_heading(line: str, index: int) -> bool:
    short = len(line) < 40 and ":" not in line and not line.endswith((".", ";"))
    return index < 2 or (line.isupper() and len(line) < 60) or short


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap measured in pixels, as a word processor would."""
    pieces: list[str] = []
    for word in line.split():
        if pieces and font.getlength(f"{pieces[-1]} {word}") <= width:
            pieces[-1] += f" {word}"
        else:
            pieces.append(word)
    return pieces


def render_page(text: str, seed: int, skew: float = 0.0) -> Image.Image:
    """The text typeset on an A4 page at 300 DPI, then degraded like a photocopy."""
    page = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for index, line in enumerate(text.splitlines()):
        if not line.strip():
            y += 40
            continue
        heading = _is_heading(line, index)
        font = _font(14 if index == 0 else 12 if heading else 10, bold=heading)
        for piece in _wrap(line, font, PAGE[0] - 2 * MARGIN):
            draw.text((MARGIN, y), piece, font=font, fill=20)
            y += int(font.size * 1.45)
    rng = random.Random(seed)
    for _ in range(400):  # speckle
        x, yy = rng.randrange(PAGE[0]), rng.randrange(PAGE[1])
        draw.point((x, yy), fill=rng.choice((0, 90, 160)))
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    if skew:
        page = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return page


CONFUSIONS = [
    (re.compile(r"(?<=\w)m(?=\w)"), "rn", 0.3),
    (re.compile(r"\bà\b"), "a", 0.5),
    (re.compile(r"\bl'"), "I'", 0.3),
    (re.compile(r"(?<=\w)n(?=[aeiou])"), "r", 0.05),
    (re.compile(r"é"), "e", 0.05),
]


def ocr_like(text: str, seed: int, width: int = 100) -> str:
    """The text as a poor OCR engine would give it: a few confusions, URLs broken at the margin."""
    rng = random.Random(seed)
    out = []
    for line in text.splitlines():
        if "http" not in line:
            for pattern, replacement, rate in CONFUSIONS:
                line = pattern.sub(
                    lambda m, r=replacement, p=rate: r if rng.random() < p else m.group(0), line
                )
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out) + "\n"


def main() -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    scan = render_page((TEXTS / "fiche-atelier-gestion-urbaine.txt").read_text(encoding="utf-8"), 1, skew=0.8)
    scan.save(RAW / "fiche-atelier-gestion-urbaine.pdf", "PDF", resolution=DPI,
              creationDate=FIXED_DATE, modDate=FIXED_DATE)
    image = render_page((TEXTS / "compte-rendu-conseil-citoyen.txt").read_text(encoding="utf-8"), 2)
    image.save(RAW / "compte-rendu-conseil-citoyen.png", dpi=(DPI, DPI), optimize=True)
    text = (TEXTS / "ressources-participation.txt").read_text(encoding="utf-8")
    (RAW / "ressources-participation.txt").write_text(ocr_like(text, 3), encoding="utf-8")
    for path in sorted(RAW.iterdir()):
        if not path.name.startswith("."):
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
