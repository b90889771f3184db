"""Small builders for the scans and PDFs the tests make themselves.

Every test renders its own inputs (no binary fixtures in the repository), so
these helpers are shared: plain functions, simple signatures, real files.
"""

from __future__ import annotations

import importlib.util
from io import BytesIO
from pathlib import Path
from types import ModuleType

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
"""../shared beside the checkout: dev corpus with truth, real-world PDFs, tools (read-only)."""



def load_script(path: Path) -> ModuleType:
    """A script that is no package's module (``../shared/tools/wer.py``, ``scripts/import_map.py``),
    imported from its file."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SANS = FONT_DIR / "DejaVuSans.ttf"
SERIF = FONT_DIR / "DejaVuSerif.ttf"

FRENCH_SENTENCE = "La politique de la ville à Lille : réunion du conseil citoyen"


def render_text_image(
    text: str,
    dpi: int = 300,
    rotate: int = 0,
    skew: float = 0.0,
    font_size: float = 12.0,
    serif: bool = False,
    width_cm: float = 21.0,
) -> Image.Image:
    """A grey ("L") scan of ``text`` (one printed line per ``\\n``) at ``dpi``.

    ``font_size`` is in points. ``rotate`` turns the finished page counter-clockwise
    by 0/90/180/270 degrees (a sheet fed in sideways or upside down); ``skew`` tilts
    it by a few degrees, counter-clockwise when positive. The image carries its DPI.
    """
    font = ImageFont.truetype(str(SERIF if serif else SANS), round(font_size * dpi / 72))
    margin = round(2 * dpi / 2.54)
    line_height = round(font_size * dpi / 72 * 1.5)
    lines = text.split("\n")
    width = round(width_cm * dpi / 2.54)
    height = 2 * margin + line_height * max(len(lines), 1)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * line_height), line, font=font, fill=0)
    if skew:
        page = page.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if rotate % 360:
        page = page.rotate(rotate % 360, expand=True)
    page.info["dpi"] = (dpi, dpi)
    return page


def save_image(image: Image.Image, path: Path) -> Path:
    """Write ``image`` with its DPI (PNG, JPEG or TIFF after the suffix)."""
    dpi = image.info.get("dpi", (300, 300))
    image.save(path, dpi=dpi)
    return path


def build_tiff(path: Path, images: list[Image.Image]) -> Path:
    """A multi-page TIFF, one frame per image, at the first image's DPI."""
    dpi = images[0].info.get("dpi", (300, 300))
    images[0].save(path, save_all=True, append_images=images[1:], dpi=dpi, compression="tiff_lzw")
    return path


def build_image_pdf(path: Path, images: list[Image.Image], dpi: int = 300) -> Path:
    """An image-only PDF (no text layer), one page per image, like a scanner makes."""
    first, *rest = [im.convert("L") for im in images]
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return path


def build_text_pdf(path: Path, pages: list[str], links: list[str] | None = None,
                   font_size: float = 12.0) -> Path:
    """A born-digital PDF (reportlab): each page's text in Helvetica, first line bold and larger.

    Each URI in ``links`` gets a link annotation on page 1, below the text, its
    text printed under the annotation.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    _, height = A4
    for number, text in enumerate(pages, start=1):
        y = height - 72
        for i, line in enumerate(text.split("\n")):
            size = font_size * 1.5 if i == 0 else font_size
            pdf.setFont("Helvetica-Bold" if i == 0 else "Helvetica", size)
            pdf.drawString(72, y, line)
            y -= size * 1.6
        if number == 1:
            for uri in links or []:
                y -= font_size * 1.6
                pdf.setFont("Helvetica", font_size)
                pdf.drawString(72, y, uri)
                pdf.linkURL(uri, (72, y - 2, 72 + 6 * len(uri), y + font_size), relative=0)
        pdf.showPage()
    pdf.save()
    return path


def merge_pdfs(path: Path, parts: list[Path]) -> Path:
    """One PDF with the pages of ``parts`` in order (e.g. a text page then a scanned page)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with path.open("wb") as out:
        writer.write(out)
    return path


def encrypt_pdf(source: Path, path: Path, password: str) -> Path:
    """A copy of ``source`` encrypted with a user password (AES-128 if available, else RC4)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(source))
    try:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    except Exception:  # noqa: BLE001 - the AES backend (cryptography) is optional in pypdf
        writer.encrypt(user_password=password, owner_password=password)
    buffer = BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path
