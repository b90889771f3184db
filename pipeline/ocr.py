"""Everything Tesseract: version check, orientation, deskew, image → words.

This is the only module that calls Tesseract. One page goes in as a PIL image,
one :class:`~pipeline.model.Page` comes out.

Orientation costs a second Tesseract run (OSD, ~0.5-1 s a page), too dear for
every page, so it is asked only when the page looks wrong: its text lines run
vertically (a sideways scan, seen from the ink's projection profiles) or the
first reading came back with few confident words (an upside-down scan reads as
low-confidence garbage). Small skew is measured from the ink alone (projection
profile over ±5°) and straightened before OCR.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytesseract
from PIL import Image

from pipeline.errors import MissingDependency, PageTimeout
from pipeline.model import Line, Page, Word
from pipeline.settings import Settings

DEFAULT_DPI = 300
MIN_SKEW = 0.5
"""Degrees below which a page is left as it is: Tesseract copes with that much, and
straightening costs ~0.3 s a page and blurs a little."""
MAX_SKEW = 5.0
MIN_SKEW_RESAMPLED = 2.0
"""For an image already enlarged once: a second interpolation blurs thin strokes more than
a small tilt hurts (dev f03, 120 DPI enlarged: WER 27.4 % left as is, 31.5 % straightened)."""
DOUBTFUL_CONFIDENCE = 60.0
"""Mean word confidence below which the page's orientation is checked with OSD."""
MIN_OSD_CONFIDENCE = 1.5


@cache
def tesseract_version() -> str:
    """The installed Tesseract version; raises MissingDependency when it is not installed."""
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise MissingDependency("tesseract is not installed or not on PATH") from exc


@cache
def available_languages() -> list[str]:
    """Languages Tesseract has data for (``fra`` and ``osd`` are needed)."""
    tesseract_version()
    return sorted(pytesseract.get_languages(config=""))


def check_language(language: str) -> None:
    """Raise MissingDependency unless Tesseract and its data for ``language`` are installed."""
    if language not in available_languages():
        raise MissingDependency(
            f"Tesseract has no '{language}' language data (apt-get install tesseract-ocr-{language})"
        )


def ocr_page(image: Image.Image, number: int, settings: Settings, resampled: bool = False) -> Page:
    """OCR one page image: turn it upright, straighten it, read its words with confidence and box.

    ``resampled``: the image was enlarged from a low-resolution scan; only a clear
    skew (over 2°) is then straightened.
    """
    dpi = image_dpi(image)
    grey = image if image.mode == "L" else image.convert("L")
    rotation = 0
    if looks_sideways(grey):
        rotation = detect_rotation(grey, dpi, settings)
        grey = _turn(grey, rotation)
    skew = detect_skew(grey)
    if resampled and abs(skew) <= MIN_SKEW_RESAMPLED:
        skew = 0.0
    straight = _straighten(grey, skew)
    page = read_words(straight, number, dpi, settings)
    if rotation == 0 and _doubtful(page):
        turn = detect_rotation(grey, dpi, settings)
        if turn:
            turned = _turn(grey, turn)
            retry_skew = detect_skew(turned)
            retry = read_words(_straighten(turned, retry_skew), number, dpi, settings)
            if _score(retry) > _score(page):
                page, rotation, skew = retry, turn, retry_skew
    page.rotation = rotation
    page.skew = round(skew, 2) if abs(skew) >= MIN_SKEW else 0.0
    if not page.words:
        page.warnings.append(f"page {number}: no text found")
    return page


def image_dpi(image: Image.Image) -> int:
    """The image's resolution, or 300 when it does not say (or says something absurd)."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 50 <= value <= 2400 else DEFAULT_DPI


def _turn(image: Image.Image, rotation: int) -> Image.Image:
    """``image`` turned ``rotation`` degrees clockwise."""
    return image.rotate(-rotation, expand=True) if rotation % 360 else image


def _straighten(image: Image.Image, skew: float) -> Image.Image:
    """``image`` turned by ``-skew`` degrees on white paper.

    PIL's bicubic rotation: measured on the dev scans, OpenCV's INTER_CUBIC
    (f03 WER 37.7 %) and PIL's bilinear (40.3 %) read worse than it (31.5 %).
    """
    if abs(skew) < MIN_SKEW:
        return image
    straight = image.rotate(-skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    straight.info["dpi"] = image.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))
    return straight


# --- ink geometry (no Tesseract) -------------------------------------------------------------

def _ink(image: Image.Image, width: int = 800) -> np.ndarray:
    """A small binary (ink = 1) copy of the page, for cheap geometry."""
    scale = min(1.0, width / image.width)
    small = np.asarray(image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                                    Image.Resampling.BOX))
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.astype(np.float32)


def _profile_score(ink: np.ndarray) -> float:
    """How strongly the ink is organised in horizontal rows (text lines and gaps alternate)."""
    rows = ink.sum(axis=1)
    return float(np.sum(np.diff(rows) ** 2))


def looks_sideways(image: Image.Image) -> bool:
    """True when the ink runs in columns much more than in rows: text printed at 90° or 270°.

    Both directions are scored at their best angle within ±5°, so a skewed or
    blurred page (whose rows smear) is not mistaken for a sideways one.
    """
    ink = _ink(image, width=500)
    if ink.sum() < 50:
        return False
    return _best_angle(ink.T)[1] > 1.5 * _best_angle(ink)[1]


def detect_skew(image: Image.Image) -> float:
    """The page's skew in degrees (counter-clockwise positive), from the row profile over ±5°."""
    ink = _ink(image)
    if ink.sum() < 50:
        return 0.0
    angle, best = _best_angle(ink)
    if best < 1.05 * _rotated_score(ink, 0.0):
        return 0.0  # no clear improvement: a line or two of text, or a picture, not a tilted page
    return angle


def _rotated_score(ink: np.ndarray, angle: float) -> float:
    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return _profile_score(cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST))


def _best_angle(ink: np.ndarray) -> tuple[float, float]:
    """The angle within ±5° (0.1° steps, coarse then fine) whose rows are sharpest, and its score."""
    def score(angle: float) -> float:
        return _rotated_score(ink, angle)

    coarse = _argmax(score, np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5))
    fine = _argmax(score, np.arange(coarse - 0.5, coarse + 0.51, 0.1))
    return round(fine, 2), score(fine)


def _argmax(score: Callable[[float], float], angles: np.ndarray) -> float:
    values = [score(float(a)) for a in angles]
    return float(angles[int(np.argmax(values))])


# --- Tesseract ---------------------------------------------------------------------------------

def _run(call: Callable[..., Any], image: Image.Image, dpi: int, settings: Settings, **kwargs: Any) -> Any:
    """Call pytesseract on ``image`` written as an uncompressed TIFF, with one thread.

    Uncompressed TIFF: written in ~10 ms and read by Tesseract faster than PNG (which costs
    ~80 ms to compress) or PGM (whose reader is slow: +0.1 s a page), measured on the dev pages.

    OMP_THREAD_LIMIT=1: on two cores Tesseract's own OpenMP threads are slower than one
    (measured in bench/ocr_speed.py); parallelism comes from pages in processes instead.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="fiches-ocr-") as tmp:
        path = Path(tmp) / "page.tif"
        image.save(path, dpi=(dpi, dpi), compression="raw")  # not the source TIFF's G4
        try:
            return call(str(path), config=f"--dpi {dpi} {kwargs.pop('config', '')}",
                        timeout=settings.page_timeout or 0, **kwargs)
        except pytesseract.TesseractNotFoundError as exc:
            raise MissingDependency("tesseract is not installed or not on PATH") from exc
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise PageTimeout(f"Tesseract took longer than {settings.page_timeout} s on a page") from exc
            raise


def detect_rotation(image: Image.Image, dpi: int, settings: Settings) -> int:
    """Degrees (0, 90, 180, 270) to turn the page clockwise to read it, from Tesseract OSD.

    OSD fails on pages with little text ("Too few characters"): then 0.
    """
    scale = 0.5 if dpi >= 250 else 1.0
    small = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BOX)
    try:
        osd = _run(pytesseract.image_to_osd, small, round(dpi * scale), settings,
                   config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0
    if float(osd.get("orientation_conf", 0)) < MIN_OSD_CONFIDENCE:
        return 0
    return int(osd.get("rotate", 0)) % 360


def read_words(image: Image.Image, number: int, dpi: int, settings: Settings) -> Page:
    """Tesseract's word-level reading of an upright page, as a Page of lines."""
    data = _run(pytesseract.image_to_data, image, dpi, settings, lang=settings.language,
                output_type=pytesseract.Output.DICT)
    page = page_from_data(data, number)
    page.width, page.height = float(image.width), float(image.height)
    return page


def page_from_data(data: dict[str, list[Any]], number: int) -> Page:
    """Lines of words from ``image_to_data``; one Line.block per Tesseract paragraph.

    An empty Line separates paragraphs, so the raw text shows blocks the way
    Tesseract's own text output does.
    """
    from pipeline.extract import normalise  # the one normalisation, shared with text layers

    lines: dict[tuple[int, int, int], Line] = {}
    blocks: dict[tuple[int, int], int] = {}
    for i, level in enumerate(data["level"]):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (float(data["left"][i]), float(data["top"][i]),
               float(data["left"][i] + data["width"][i]), float(data["top"][i] + data["height"][i]))
        if level == 4:
            block = blocks.setdefault(key[:2], len(blocks) + 1)
            lines[key] = Line(box=box, block=block)
        elif level == 5:
            text = normalise(str(data["text"][i])).strip()
            conf = float(data["conf"][i])
            if not text or conf < 0 or key not in lines:
                continue
            lines[key].words.append(Word(original=text, confidence=round(conf, 2), box=box))
    page = Page(number=number, method="ocr")
    previous = None
    for line in lines.values():
        if not line.words:
            continue
        if previous is not None and line.block != previous:
            page.lines.append(Line(block=previous))
        page.lines.append(line)
        previous = line.block
    return page


def _doubtful(page: Page) -> bool:
    confidence = page.confidence
    return confidence is None or confidence < DOUBTFUL_CONFIDENCE


def _score(page: Page) -> float:
    """Sum of word confidences of words that look like words: more readable text scores higher."""
    return sum(w.confidence or 0 for w in page.words if any(c.isalpha() for c in w.original))
