"""URL lines cut out of the page for their second reading (:mod:`pipeline.ocr.urlread`): each along
the page's skew, on its own row of ink, enlarged when small, made black on white; and the band of
paper under a URL cut at the margin, where its rest may be printed.

*Its own row*: on the worst scans of ``bench/url_scans.py`` (120 dpi, blurred, specks), Tesseract
gives a URL line's words boxes twice or three times as tall as the page's words (its letters'
blur, a speck above or below), and a strip as tall as them took in the rows above and under it:
``r/sites/default/files/pdf/…`` between the end of the line above and ``14.pdf`` was read
``sits/defaultfiles/patidownloads/…``, and cut to its row ``risites/default/files/paf/downloads/…``.
A line whose words are much taller than the page's (:data:`TALL_LINE`) is cut to the page's word
height, on the row of ink nearest its words' middle among its densest (:func:`own_row`).

*To its ink's end*: on those scans OCR may leave a faint end out of the line's last word (``…_Fiche.``,
its ``pdf`` printed after it); the strip reaches on to the line's last letter (:func:`ink_end`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image

from pipeline.model import Box, Line, Page, Word
from pipeline.ocr.geometry import words_span

TARGET_HEIGHT = 40.0
"""Pixels of word height (ascender to descender) the strip is enlarged to when smaller."""
MAX_SCALE = 3.0
BAND = 0.75
"""Half the strip's height, in word heights, around the line's middle: the line's own letters
and little of its neighbours'."""
MIN_HEIGHT = 8.0
SMOOTHING = 1.0
"""Pixels (Gaussian sigma, on the enlarged strip) the strip is smoothed by before it is thresholded:
JPEG's specks and the grain of the paper melt into the paper instead of becoming marks."""
TALL_LINE = 1.4
"""How many times taller than the page's words (:func:`usual_height`) a line's words must be for its
strip to be cut to the page's word height, on its own row of ink (:func:`own_row`). At 1.2 the dev
scan ``f03``'s URL rest (1.22 times as tall) was cut too, and its strip read ``28`` as ``26``."""
ROW_WINDOW = 0.6
"""Rows of ink, in word heights, whose density finds a line of text (its letters' bodies)."""
ROW_SHARE = 0.5
"""Share of the densest row's ink a row needs to be a line's own row (a line's row, not the few
letters of a short line under it or a speck)."""


@dataclass
class Strip:
    """A line cut out along the page's skew, and the way back to page pixels."""

    image: Image.Image
    left: float
    top: float
    centre: float
    slope: float
    margin: int
    scale: float

    def to_page(self, box: Box | None) -> Box | None:
        if box is None:
            return None
        x0, y0, x1, y1 = (v / self.scale - self.margin for v in box)
        shift = self.slope * (self.left + (x0 + x1) / 2 - self.centre)
        return Box(self.left + x0, self.top + y0 + shift, self.left + x1, self.top + y1 + shift)


def url_strip(image: Image.Image, line: Line, slope: float, usual: float = math.inf) -> Strip:
    """``line`` cut out of ``image`` along ``slope`` (pixels down per pixel right), on a margin of
    its paper, enlarged to :data:`TARGET_HEIGHT`; when its words are :data:`TALL_LINE` times taller
    than ``usual`` (the page's word height), ``usual`` tall, on its own row (:func:`own_row`)."""
    x0, _, x1, _ = words_span(line.words)
    centre = (x0 + x1) / 2
    height, middle = line_height(line, slope), line_middle(line, slope)
    if height > TALL_LINE * usual:
        middle = own_row(image, line, slope, middle - height / 2, middle + height / 2, usual)
        height = usual
    x1 = ink_end(image, x0, x1, middle + slope * (x1 - centre), slope, height)
    left, top = x0 - 2, middle - BAND * height
    width, band = round(x1 - x0 + 4), round(2 * BAND * height)
    strip = image.transform((width, band), Image.Transform.AFFINE,
                            (1, 0, left, slope, 1, top + slope * (left - centre)),
                            resample=Image.Resampling.BICUBIC, fillcolor=255)
    paper = int(np.median(np.asarray(strip)))
    margin = max(10, round(height / 2))
    canvas = Image.new("L", (width + 2 * margin, band + 2 * margin), paper)
    canvas.paste(strip, (margin, margin))
    scale = min(MAX_SCALE, max(1.0, TARGET_HEIGHT / height))
    if scale > 1.0:
        canvas = canvas.resize((round(canvas.width * scale), round(canvas.height * scale)),
                               Image.Resampling.LANCZOS)
    return Strip(canvas, left, top, centre, slope, margin, scale)


TAIL_GAP = 1.2
"""Word heights of bare paper that end a line's ink: wider than a space between words."""
STEM = 0.3
"""Share of a word's height a column of a letter's ink reaches: a stem, a bowl's side (a speck, the
paper's grain, a hyphen's or a dot's ink does not)."""


def ink_end(image: Image.Image, x0: float, x1: float, middle: float, slope: float, height: float) -> float:
    """Where the letters of the line whose words span ``x0``-``x1`` end, from ``x1`` (its last word's end,
    ``middle`` there) along ``slope``: on a bad scan OCR leaves a faint end out of its words (a URL's
    ``pdf`` after ``Fiche.``), and a strip cut at the words' end would never read it. Ink is darker
    than Otsu's level over the line's own words; a letter's columns hold :data:`STEM` of its height."""
    half = round(BAND * height / 1.5)
    reach = round(min(image.width - x1, 8 * height))
    if reach <= 0 or half <= 0:
        return x1
    span = round(x1 - x0)
    band = image.transform((span + reach, 2 * half), Image.Transform.AFFINE,
                           (1, 0, x0, slope, 1, middle - half - slope * (x1 - x0)),
                           resample=Image.Resampling.BILINEAR, fillcolor=255)
    grey = cv2.GaussianBlur(np.asarray(band), (0, 0), SMOOTHING)
    level, _ = cv2.threshold(grey[:, :span], 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    count, _, boxes, _ = cv2.connectedComponentsWithStats((grey[:, span:] < level).astype(np.uint8))
    letters = sorted((x, x + w) for x, _, w, h, _ in boxes[1:count] if h >= STEM * height)
    end = 0
    for left, right in letters:
        if left - end > TAIL_GAP * height:
            break
        end = max(end, right)
    return x1 + end


def own_row(image: Image.Image, line: Line, slope: float, top: float, bottom: float, height: float) -> float:
    """The middle of ``line``'s own row of ink between ``top`` and ``bottom`` (along ``slope``): the
    densest rows (:func:`ink_rows`, ``height`` tall words) of the run of rows :data:`ROW_SHARE` as dense
    as the densest nearest the middle of its words' boxes (the densest may be a longer line above)."""
    density, window = ink_rows(image, line, slope, top, bottom, height)
    if density is None:
        return (top + bottom) / 2
    dense = density >= ROW_SHARE * density.max()
    rows = np.flatnonzero(dense)
    start = end = int(rows[np.argmin(np.abs(rows - (line_middle(line, slope) - top - window / 2)))])
    while start > 0 and dense[start - 1]:
        start -= 1
    while end + 1 < len(dense) and dense[end + 1]:
        end += 1
    return top + start + float(np.argmax(density[start : end + 1])) + window / 2


def ink_rows(image: Image.Image, line: Line, slope: float, top: float, bottom: float,
             height: float) -> tuple[np.ndarray | None, int]:
    """The share of ink (Otsu's threshold) of each window of :data:`ROW_WINDOW` word heights of rows
    under ``line``'s words' span, from ``top`` down to ``bottom`` along ``slope`` (None when there are
    too few rows), and the window's rows."""
    x0, _, x1, _ = words_span(line.words)
    rows, window = round(bottom - top), max(1, round(ROW_WINDOW * height))
    if rows <= window:
        return None, window
    ink = sheared_ink(image, x0, x1, top, rows, slope)
    return np.convolve(ink.mean(axis=1), np.ones(window) / window, mode="valid"), window


def sheared_ink(image: Image.Image, x0: float, x1: float, top: float, rows: int, slope: float) -> np.ndarray:
    """Ink (1) and paper (0), at Otsu's threshold, of ``rows`` rows from ``top`` between ``x0`` and ``x1``,
    sheared along the page's ``slope`` about their middle column: each column keeps its pixels."""
    centre = (x0 + x1) / 2
    region = image.transform((round(x1 - x0), rows), Image.Transform.AFFINE,
                             (1, 0, x0, slope, 1, top + slope * (x0 - centre)),
                             resample=Image.Resampling.BILINEAR, fillcolor=255)
    _, ink = cv2.threshold(np.asarray(region), 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


BAND_REACH = 1.9
"""Word heights under a URL line's middle the line of its rest is looked for down to: the next
paragraph's letters start further down."""
BAND_TOP = 0.3
"""Word heights under a URL line's middle the line of its rest is looked for from: below its letters
but for their descenders."""
BAND_PAPER = 0.25
"""Share of the band line's ink under which rows between the URL line and it are paper: a line found
under the URL is set apart from it by such rows (else it is the URL's own letters)."""
MIN_BAND_INK = 0.02
"""Share of ink in the densest rows of the band under a URL line for a line to be printed there."""


def band_under(image: Image.Image, page: Page, line: Line, slope: float) -> Line | None:
    """A line of ``line``'s words moved down onto the densest rows of ink under it, above the next
    line and within :data:`BAND_REACH` (None when no line of ink is printed there): what
    :func:`url_strip` cuts out is the line under ``line``, read where OCR read nothing."""
    boxes = [w.box for w in line.words if w.box]
    x0, _, x1, _ = words_span(line.words)
    height, middle = min(line_height(line, slope), usual_height(page)), line_middle(line, slope)
    top = middle + BAND_TOP * height
    bottom = min(middle + BAND_REACH * height, next_top(page, line, middle))
    density, window = ink_rows(image, line, slope, top, bottom, height)
    if density is None:
        return None
    best = int(np.argmax(density))
    found = top + best + window / 2
    if density[best] < MIN_BAND_INK or density[: best + 1].min() > BAND_PAPER * density[best]:
        # no line of ink apart from the URL line's own letters: on a grainy or blurred scan a short or
        # close rest (``n-2014``) is not told from them; the next line would be one line pitch down
        found = middle + usual_pitch(page)  # infinite when no two lines make a paragraph
        at = round(found - top - window / 2) if math.isfinite(found) else -1
        if not 0 <= at < len(density) or density[at] < MIN_BAND_INK:
            return None  # bare paper there (a clean scan's), or no room for a line
    centre = (x0 + x1) / 2
    half = (height + abs(slope) * np.array([b.width for b in boxes])) / 2  # as tall as a word of the page
    words = [replace(w, box=Box(b[0], found + slope * ((b[0] + b[2]) / 2 - centre) - h, b[2],
                                found + slope * ((b[0] + b[2]) / 2 - centre) + h))
             for w, b, h in zip(line.words, boxes, half, strict=True)]
    return replace(line, words=words, box=words_span(words))


def next_top(page: Page, line: Line, middle: float) -> float:
    """Where the first line under ``line``'s ``middle`` that shares columns with it starts (the page's
    end when none does)."""
    x0, _, x1, _ = words_span(line.words)
    return min((other.box[1] for other in page.lines if other is not line and other.words and other.box
                and other.box[1] > middle and other.box[0] < x1 and other.box[2] > x0), default=page.height)


def usual_pitch(page: Page) -> float:
    """The distance between the middles of two lines of a paragraph: the lower quartile of those between
    the page's lines and the next one under them that shares columns, within :data:`PITCH_RANGE` word
    heights (a paragraph's lines are the closest; bullets and paragraphs are set further apart)."""
    height = usual_height(page)
    lines = [line for line in page.lines if line.words and line.box and all(w.box for w in line.words)]
    low, high = (bound * height for bound in PITCH_RANGE)
    pitches = [d for above, below in zip(lines, lines[1:], strict=False)
               if above.box[0] < below.box[2] and below.box[0] < above.box[2]
               and low < (d := line_middle(below) - line_middle(above)) < high]
    return float(np.percentile(pitches, 25)) if pitches else math.inf


PITCH_RANGE = (0.8, 2.5)
"""Word heights two lines' middles are apart when they are lines of one paragraph."""


def usual_height(page: Page) -> float:
    """The height of the page's words of three characters or more (a URL line read badly has boxes
    taller than its letters, down into a line under it that OCR left out)."""
    heights = [w.box.height for line in page.lines for w in line.words if w.box and len(w.original) >= 3]
    return float(np.median(heights)) if heights else math.inf


def line_height(line: Line, slope: float = 0.0) -> float:
    """The median height of ``line``'s words, less what the slope adds to their boxes."""
    boxes = [w.box for w in line.words if w.box]
    return max(MIN_HEIGHT, float(np.median([b.height - abs(slope) * b.width for b in boxes])))


def line_middle(line: Line, slope: float = 0.0) -> float:
    """The median middle of ``line``'s words, moved along the slope to the middle of the line."""
    boxes = [w.box for w in line.words if w.box]
    x0, _, x1, _ = words_span(line.words)
    centre = (x0 + x1) / 2
    return float(np.median([(b[1] + b[3]) / 2 - slope * ((b[0] + b[2]) / 2 - centre) for b in boxes]))


def black_on_white(image: Image.Image) -> Image.Image:
    """``image`` smoothed by :data:`SMOOTHING`, then ink black and paper white at Otsu's threshold."""
    grey = cv2.GaussianBlur(np.asarray(image), (0, 0), SMOOTHING)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return Image.fromarray(ink)


DENOISING = 2.5
"""Strength of :func:`denoised` (OpenCV's ``h``), in multiples of the paper's grain (:func:`paper_grain`).
On 202 URL strips of the worst level of ``bench/url_scans.py`` read by ``eng`` (strips read exact): 2
times 88, 2.5 times 101, 3 times 106, 3.5 times 80 (letters' thin strokes start to melt: 2.5 keeps away
from that edge); 2.5 times then thresholded by Otsu 84; :func:`black_on_white` alone 42. A search
window of 15 px instead of 21 reads as many strips in two thirds of the time, but lost 4 URLs of 144
through the whole pipeline (seeds 106-107)."""


def denoised(image: Image.Image) -> Image.Image:
    """``image`` with the paper's grain and the JPEG's specks taken out by non-local means (each pixel
    averaged with the pixels whose neighbourhoods look like its own: the letters' edges stay sharp where
    a blur spreads them), :data:`DENOISING` times the paper's grain strong, and left grey: Tesseract's
    own threshold reads those strips better than Otsu's."""
    grey = np.asarray(image)
    grain = paper_grain(grey)
    return Image.fromarray(cv2.fastNlMeansDenoising(grey, None, DENOISING * grain, 7, 21)) if grain else image


def paper_grain(grey: np.ndarray) -> float:
    """The standard deviation of the pixels lighter than Otsu's threshold: the paper's grain and noise
    (and the anti-aliased edges of letters, which keeps it above zero on a clean strip)."""
    level, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = grey[grey > level]
    return float(paper.std()) if paper.size else 0.0


LOST_WIDTH = 8.0
"""Word heights of ink a band between the page's lines must span to be read as a line OCR lost: as
wide as a short URL (a speck, a stamp's edge, a rule's end are narrower)."""
LOST_SHARE = 0.4
"""Share of the page's lines' usual ink (the median of their densest rows) a band between them must
reach: the letters of a line, not a scan's grain."""
LOST_REDUCE = 2
"""The bands are looked for on the page reduced this many times: a line's rows stay many, and the whole page
sheared at full size cost a tenth of a second a page (``bench/ocr_speed.py``: +11 % a page)."""


def unread_bands(image: Image.Image, page: Page, slope: float) -> list[Line]:
    """Lines of ink between the page's first and last lines that no line of the page covers, each as a
    line of one empty word over its ink, to cut out (:func:`url_strip`) and read: on the worst scans OCR
    may read a whole URL line as nothing, or as a speck merged into the line above (``outils : : ee``,
    the URL under it lost), while the same line cut out alone reads as printed."""
    lines = [line for line in page.lines if line.words and line.box]
    height = usual_height(page) / LOST_REDUCE
    if len(lines) < 2 or not math.isfinite(height):
        return []
    small = image.reduce(LOST_REDUCE)
    top = min(line.box[1] for line in lines) / LOST_REDUCE
    bottom = max(line.box[3] for line in lines) / LOST_REDUCE
    centre = small.width / 2  # the page's whole width: a URL line may run past every line left
    ink = sheared_ink(small, 0, small.width, top, round(bottom - top), slope)
    window = max(1, round(ROW_WINDOW * height))
    density = np.convolve(ink.mean(axis=1), np.ones(window) / window, mode="same")
    covered = np.zeros(len(density), dtype=bool)
    peaks = []
    for line in lines:
        x0, y0, x1, y1 = (v / LOST_REDUCE for v in line.box)
        shift = top + slope * ((x0 + x1) / 2 - centre)
        a, b = max(0, round(y0 - shift)), min(len(density), round(y1 - shift))
        if b > a:
            covered[a:b] = True
            peaks.append(float(density[a:b].max()))
    if not peaks:
        return []
    free = ~np.convolve(covered, np.ones(window), mode="same").astype(bool)  # a little off every line
    dense = free & (density >= LOST_SHARE * float(np.median(peaks)))
    found = []
    for start, end in _runs(dense):
        if end - start < window:
            continue
        row = start + int(np.argmax(density[start:end]))
        a, b = max(0, round(row - height / 2)), min(len(ink), round(row + height / 2))
        count, _, boxes, _ = cv2.connectedComponentsWithStats(ink[a:b].astype(np.uint8))
        letters = [(x, x + w) for x, _, w, h, _ in boxes[1:count] if h >= STEM * height]
        if not letters:
            continue
        left, right = min(x for x, _ in letters), max(x for _, x in letters)
        if right - left < LOST_WIDTH * height:
            continue
        middle = top + row + slope * ((left + right) / 2 - centre)
        half = (height + abs(slope) * (right - left)) / 2
        box = Box(*(float(v * LOST_REDUCE) for v in (left, middle - half, right, middle + half)))
        found.append(Line(words=[Word("", box=box)], box=box))
    return found


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The runs of True in ``mask``, as (start, end) indices."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
