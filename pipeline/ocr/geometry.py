"""Page geometry from the ink alone (no Tesseract): resolution, turning, skew, line bands."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image

from pipeline.model import Box, Line, Word
from pipeline.settings import OCR_DPI

MIN_SKEW = 0.8
"""Degrees below which a page is left as it is: Tesseract copes with that much, and
straightening costs ~0.3 s a page and blurs a little. Measured on the 23 of the 112 Tapuscorpus pages
tilted 0.5-0.8° (the others, and the dev scans, read the same): left as they lie they read with 1002
word errors, straightened 1071 (13 pages better, 7 worse, by up to 50 words either way; the two of them
that read worse than bare Tesseract straightened no longer do)."""
MAX_SKEW = 5.0
QUIET_ROW = 0.02
"""A row with less ink than this share of the line's densest row is the gap between lines.
Low enough that the tails of a few descenders (q, p) are kept, high enough to pass specks."""


def image_dpi(image: Image.Image) -> int:
    """The image's resolution, or 300 when it does not say (or says something absurd)."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 50 <= value <= 2400 else OCR_DPI


def turn(image: Image.Image, rotation: int) -> Image.Image:
    """``image`` turned ``rotation`` degrees clockwise."""
    return image.rotate(-rotation, expand=True) if rotation % 360 else image


def straighten(image: Image.Image, skew: float) -> Image.Image:
    """``image`` turned by ``-skew`` degrees on white paper.

    PIL's bicubic rotation: measured on the dev scans, OpenCV's INTER_CUBIC
    (f03 WER 37.7 %) and PIL's bilinear (40.3 %) read worse than it (31.5 %).
    """
    if abs(skew) < MIN_SKEW:
        return image
    straight = image.rotate(-skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    straight.info["dpi"] = image.info.get("dpi", (OCR_DPI, OCR_DPI))
    return straight


def unstraightened(x: float, y: float, skew: float, size: tuple[int, int],
                   straight_size: tuple[int, int]) -> tuple[float, float]:
    """Where the point (``x``, ``y``) of ``straighten(image, skew)`` (``straight_size``) lies on ``image``
    (``size``): the inverse of its turn about the centre."""
    if abs(skew) < MIN_SKEW:
        return x, y
    angle = math.radians(skew)
    cos, sin = math.cos(angle), math.sin(angle)
    dx, dy = x - straight_size[0] / 2, y - straight_size[1] / 2
    return size[0] / 2 + dx * cos + dy * sin, size[1] / 2 - dx * sin + dy * cos


INK_WIDTH = 500
"""Pixels across the small copy of the page its geometry is measured on: skews found at 500
and at 800 differ by 0.1° at most on the dev scans and test pages, and 500 costs half."""


def _ink(image: Image.Image, width: int = INK_WIDTH) -> np.ndarray:
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


def measure_page(image: Image.Image) -> tuple[bool, float]:
    """Whether the page lies sideways, and else its skew in degrees (counter-clockwise positive).

    Sideways: the ink runs in columns much more than in rows (text printed at 90° or 270°).
    Both directions are scored at their best angle within ±5°, so a skewed or blurred page
    (whose rows smear) is not mistaken for a sideways one. One small copy of the ink serves both.
    """
    ink = _ink(image)
    if ink.sum() < 50:
        return False, 0.0
    angle, best = _best_angle(ink)
    if _best_angle(ink.T)[1] > 1.5 * best:
        return True, 0.0
    return False, _clear_skew(ink, angle, best)


def detect_skew(image: Image.Image) -> float:
    """The skew of a page known to be upright, in degrees (counter-clockwise positive)."""
    ink = _ink(image)
    return _clear_skew(ink, *_best_angle(ink)) if ink.sum() >= 50 else 0.0


def densest_strip(image: Image.Image, share: float) -> tuple[int, int]:
    """Top and bottom rows of the full-width strip, ``share`` of the page's height, that holds the
    most ink: a sample of the page's lines that is text wherever the page's text stands."""
    ink = _ink(image)
    scale = image.height / ink.shape[0]
    rows = ink.sum(axis=1)
    size = max(1, min(len(rows), round(len(rows) * share)))
    totals = np.convolve(rows, np.ones(size), mode="valid")
    start = int(np.argmax(totals)) if totals.size else 0
    return round(start * scale), min(image.height, round((start + size) * scale))


def _clear_skew(ink: np.ndarray, angle: float, best: float) -> float:
    """``angle`` when its rows are clearly sharper than at 0°; else 0 (a line or two, or a picture)."""
    return angle if best >= 1.05 * _rotated_score(ink, 0.0) else 0.0


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


def words_span(words: list[Word]) -> Box:
    """The box around words of which at least one has a box."""
    box = Box.around(w.box for w in words if w.box)
    if box is None:
        raise ValueError("no word has a box")
    return box


@dataclass
class LineCrop:
    """A line cut out onto a margin of its own paper, and the way back to page pixels."""

    image: Image.Image
    left: float
    top: float
    margin: int
    scale: float = 1.0
    """How much the crop was enlarged."""

    def to_page(self, box: Box | None) -> Box | None:
        if box is None:
            return None
        x0, y0, x1, y1 = (v / self.scale - self.margin for v in box)
        return Box(self.left + x0, self.top + y0, self.left + x1, self.top + y1)


def line_crop(image: Image.Image, line: Line, scale: float = 1.0) -> LineCrop:
    """The line's full width, between the gaps of its own ink, on a margin of its paper's shade;
    enlarged ``scale`` times."""
    top, bottom = ink_band(image, line)
    x0, _, x1, _ = words_span(line.words)
    left, right = max(0, int(x0) - 2), min(image.width, int(np.ceil(x1)) + 2)
    strip = image.crop((left, top, right, bottom))
    paper = int(np.median(np.asarray(strip)))
    margin = max(10, strip.height // 2)
    canvas = Image.new("L", (strip.width + 2 * margin, strip.height + 2 * margin), paper)
    canvas.paste(strip, (margin, margin))
    if scale != 1.0:
        canvas = canvas.resize((round(canvas.width * scale), round(canvas.height * scale)),
                               Image.Resampling.BICUBIC)
    return LineCrop(canvas, float(left), float(top), margin, scale)


def ink_band(image: Image.Image, line: Line) -> tuple[int, int]:
    """Top and bottom rows (page pixels) of the line's own ink.

    Tesseract's line box can swallow a neighbour line or a speck (then it is far too
    tall), so the band starts from the words' median top and bottom and goes outwards
    until a row holds almost no ink (QUIET_ROW) or, when lines touch, to the emptiest
    row within one line height.
    """
    boxes = [w.box for w in line.words if w.box]
    x0, _, x1, _ = words_span(line.words)
    top = float(np.median([b[1] for b in boxes]))
    bottom = float(np.median([b[3] for b in boxes]))
    height = max(bottom - top, 1.0)
    y0, y1 = max(0, int(top - height)), min(image.height, int(np.ceil(bottom + height)))
    region = np.asarray(image.crop((int(x0), y0, int(np.ceil(x1)), y1)))
    _, ink = cv2.threshold(region, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = ink.sum(axis=1).astype(float)
    core_top, core_bottom = int(top) - y0, min(int(np.ceil(bottom)) - y0, len(rows) - 1)
    quiet = QUIET_ROW * max(rows[core_top:core_bottom + 1].max(initial=0.0), 1.0)
    upper = _fade(rows[:core_top + 1][::-1], quiet)
    lower = _fade(rows[core_bottom:], quiet)
    # The few descenders of a line may fade below QUIET_ROW: keep every word box but outliers.
    word_top = min(b[1] for b in boxes if b[1] >= top - 0.25 * height)
    word_bottom = max(b[3] for b in boxes if b[3] <= bottom + 0.25 * height)
    return (min(y0 + core_top - upper, int(word_top)),
            max(y0 + core_bottom + lower + 1, int(np.ceil(word_bottom))))


def _fade(rows: np.ndarray, quiet: float) -> int:
    """Steps from ``rows[0]`` outwards to the first quiet row, else to the emptiest one."""
    if rows.size == 0:
        return 0
    below = np.flatnonzero(rows <= quiet)
    return int(below[0]) if below.size else int(np.argmin(rows))


REPEAT = 2
"""Characters at least that a word must repeat of its neighbour, over the same ink, to be read twice."""


def read_once(words: list[Word]) -> list[Word]:
    """A line's words with the ink Tesseract read twice taken once. Its LSTM sometimes gives a word and
    then, over the same ink, a word that opens with it again (``tant-`` ``tant-cie-habitant-…``,
    ``http:`` ``http:/www.…``), or a word that opens with what the word before it ends with
    (``…%202012.`` ``12.pdf``); and a vote between two readings that split a word differently
    (``tant-`` ``-cie-…`` and ``tant-cie-…``) may keep a piece of each over the same ink. Kept, the
    repeat doubles text and breaks URLs (``…-habitant-tant-cie-…``, ``…%202012.12.pdf``).
    A word inside its neighbour's box that the neighbour opens or ends with is dropped; characters a
    word repeats over the ink of the word before it are cut from it."""
    out: list[Word] = []
    for word in words:
        last = out[-1] if out else None
        if last is None or last.box is None or word.box is None:
            out.append(word)
        elif _repeats(last, word, word.original.startswith):
            out[-1] = word
        elif _repeats(word, last, last.original.endswith):
            continue
        else:
            out.append(_cut(word, _repeated(last, word)))
    return out


def _step(word: Word) -> float:
    """The width of one of ``word``'s characters (its box shared equally)."""
    assert word.box is not None
    return word.box.width / max(1, len(word.original))


def _repeats(part: Word, whole: Word, holds: Callable[[str], bool]) -> bool:
    """``part`` lies within ``whole``'s box (a character's width of slack either side), and ``whole``
    ``holds`` its text (opens or ends with it)."""
    assert part.box is not None and whole.box is not None
    slack = _step(whole)
    return len(part.original) >= REPEAT and holds(part.original) and \
        part.box[0] >= whole.box[0] - slack and part.box[2] <= whole.box[2] + slack


def _repeated(last: Word, word: Word) -> int:
    """How many characters ``word`` opens with that ``last`` ends with, over ink both boxes take in
    (within a character and a half of their overlap); 0 when fewer than :data:`REPEAT`."""
    assert last.box is not None and word.box is not None
    overlap, step = last.box[2] - word.box[0], _step(last)
    if overlap < step:
        return 0
    for k in range(min(len(last.original), len(word.original) - 1), REPEAT - 1, -1):
        if last.original.endswith(word.original[:k]) and abs(k * step - overlap) <= 1.5 * step:
            return k
    return 0


def _cut(word: Word, k: int) -> Word:
    """``word`` without its first ``k`` characters (and their share of its box and choices)."""
    if not k or word.box is None:
        return word
    left = word.box[0] + k * _step(word)
    return replace(word, original=word.original[k:], text=word.original[k:],
                   box=Box(left, word.box[1], word.box[2], word.box[3]),
                   choices=word.choices[k:] if word.choices else None)
