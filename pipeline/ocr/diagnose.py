"""What a page needs before Tesseract reads it: measured from its ink, then applied.

The file's DPI field is often wrong (a 120-dpi JPEG that says 72, a photo that says 300), and
what Tesseract cares about is the size of the letters in pixels, so resolution is measured as
the x-height of the ink's letter-sized connected components. Specks (isolated components far
smaller than a letter and away from any letter, so the dots of ``i`` and accents stay), contrast,
stroke width and background unevenness are measured on the same components. The choice of
preprocessing is made from these measures only (:func:`choose`), never from the file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

import cv2
import numpy as np
from PIL import Image

from pipeline.settings import OCR_DPI

TARGET_X_HEIGHT = 24.0
"""Pixels of x-height Tesseract's LSTM reads best (about 10-point text at 300 dpi is 20-25)."""
MIN_X_HEIGHT = 16.0
"""Below this x-height the page is enlarged to TARGET_X_HEIGHT."""
MAX_SCALE = 3.0
SPECK_SHARE = 0.08
"""Isolated specks per letter above which the page is despeckled."""
UNEVEN_BACKGROUND = 0.12
"""Spread of the paper's shade (share of full scale) above which a global threshold is unsafe and
the page is flattened (:func:`flatten`)."""
LOW_CONTRAST = 0.35
"""Ink-to-paper difference (share of full scale) below which the page is flattened."""


class Step(StrEnum):
    """A preprocessing a page can receive, in the order they are applied (enlarging first: a
    thresholded image enlarged has jagged strokes; dev f01 read at WER 0.114 so, 0.091 enlarged first)."""

    ENLARGE = "enlarge"
    DESPECKLE = "despeckle"
    FLATTEN = "flatten"
    SAUVOLA = "sauvola"
    OTSU = "otsu"


RESHAPING = frozenset({Step.ENLARGE, Step.FLATTEN, Step.SAUVOLA, Step.OTSU})
"""The steps that change the letters themselves. Despeckling alone does not: it removes only specks
with no letter near them, which Tesseract's layout analysis already leaves out of its lines."""


@dataclass
class Diagnosis:
    """A page's measures (pixels of the image as given) and the preprocessing chosen from them."""

    x_height: float | None
    """Median height of the letter-sized components; None on a page with too few."""
    specks: float
    """Isolated small components per letter-sized one."""
    contrast: float
    """Paper shade minus ink shade, 0-1."""
    stroke: float | None
    """Median stroke width over x-height."""
    background: float
    """Spread of the paper's shade across the page (5th to 95th percentile of a blurred paper), 0-1."""
    steps: list[Step] = field(default_factory=list)
    scale: float = 1.0
    readings: list[str] = field(default_factory=list)
    """The readings voted on, the first the base ("page", then the second reading's steps, then "scan";
    or "scan", then "page": :func:`pipeline.ocr.scan.choose_scan`), when there were several."""
    changed: int = 0
    """Stretches of words where the vote kept the second reading."""
    noise: list[str] = field(default_factory=list)
    """Lines left out as ink read as letters (:func:`pipeline.ocr.noise.drop_noise`), as read."""

    @property
    def reshapes(self) -> bool:
        """Whether a step changes the letters Tesseract reads (see RESHAPING)."""
        return any(step in RESHAPING for step in self.steps)

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["steps"] = [str(s) for s in self.steps]
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def _otsu_ink(grey: np.ndarray) -> np.ndarray:
    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def _sheet_ink(grey: np.ndarray, edges: bool = False) -> np.ndarray:
    """Ink by Otsu's threshold taken on the middle of the sheet: a dark scanner frame around a grey
    sheet would otherwise take the sheet for ink, and the letters' measures with it. The sheet's
    edges are left out unless ``edges``."""
    height, width = grey.shape
    middle = grey[height // 8:height - height // 8, width // 8:width - width // 8]
    threshold, _ = cv2.threshold(middle if middle.size else grey, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (grey <= threshold).astype(np.uint8)
    if edges:
        return ink
    frame = np.ones_like(ink)
    frame[height // 40:height - height // 40, width // 40:width - width // 40] = 0
    ink[frame == 1] = 0  # the scanner's frame and the sheet's edge are not letters
    return ink


@dataclass
class _Components:
    stats: np.ndarray
    labels: np.ndarray
    letters: np.ndarray
    """Indexes (into stats) of letter-sized components."""
    specks: np.ndarray
    """Indexes of isolated small components."""
    x_height: float | None


def _components(ink: np.ndarray) -> _Components:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    areas = stats[1:, cv2.CC_STAT_AREA]
    plausible = (heights >= 5) & (heights <= ink.shape[0] / 15) & (widths <= 4 * heights) & (areas >= 12)
    x_height = float(np.median(heights[plausible])) if plausible.sum() >= 30 else None
    ids = np.arange(1, count)
    letters = ids[plausible & (heights >= 0.5 * (x_height or 0))]
    small = ids[(heights < 0.3 * (x_height or 10)) & (widths < 0.3 * (x_height or 10))]
    specks = _isolated(small, stats, letters, labels, x_height or 10.0)
    return _Components(stats, labels, letters, specks, x_height)


def _isolated(small: np.ndarray, stats: np.ndarray, letters: np.ndarray, labels: np.ndarray,
              x_height: float) -> np.ndarray:
    """The small components with no letter within ~an x-height: specks, not the dots of i, accents,
    or punctuation after a space (a colon, a dash).

    Whether a letter's pixel lies in the square around a speck's middle is read from a summed-area
    table of the letters' pixels: the same answer as dilating them by that square, without a
    page-sized dilation by a kernel an x-height wide (the diagnosis is on the path to the page's
    second reading)."""
    if small.size == 0:
        return small
    is_letter = np.zeros(len(stats), np.uint8)
    is_letter[letters] = 1
    reach = max(2, round(1.2 * x_height))
    sums = cv2.integral(is_letter[labels], sdepth=cv2.CV_32S)
    height, width = labels.shape
    cx = stats[small, cv2.CC_STAT_LEFT] + stats[small, cv2.CC_STAT_WIDTH] // 2
    cy = stats[small, cv2.CC_STAT_TOP] + stats[small, cv2.CC_STAT_HEIGHT] // 2
    x0, x1 = np.clip(cx - reach, 0, width), np.clip(cx + reach + 1, 0, width)
    y0, y1 = np.clip(cy - reach, 0, height), np.clip(cy + reach + 1, 0, height)
    near = sums[y1, x1] - sums[y0, x1] - sums[y1, x0] + sums[y0, x0]
    return small[near == 0]


def _median_shade(counts: np.ndarray) -> float | None:
    """The median of the shades a histogram (``counts`` per shade) counts, as ``np.median`` of those
    pixels gives it (the middle two averaged for an even count), without sorting millions of pixels."""
    total = int(counts.sum())
    if total == 0:
        return None
    cumulative = np.cumsum(counts)
    low = int(np.searchsorted(cumulative, (total - 1) // 2, side="right"))
    high = int(np.searchsorted(cumulative, total // 2, side="right"))
    return (low + high) / 2


def _shades(grey: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pixels per shade on the paper and in the ink (``ink`` 1 for ink), counted by OpenCV in bands
    of rows few enough for its 32-bit float counts to stay exact (``np.bincount`` copies the page
    to 64-bit integers first: six times slower)."""
    everything, inked = np.zeros(256, np.int64), np.zeros(256, np.int64)
    rows = max(1, HISTOGRAM_PIXELS // max(grey.shape[1], 1))
    for top in range(0, grey.shape[0], rows):
        band, mask = grey[top:top + rows], ink[top:top + rows]
        everything += cv2.calcHist([band], [0], None, [256], [0, 256]).ravel().astype(np.int64)
        inked += cv2.calcHist([band], [0], mask, [256], [0, 256]).ravel().astype(np.int64)
    return everything - inked, inked


HISTOGRAM_PIXELS = 1 << 22
"""Pixels counted at once by :func:`_shades` (float32 counts are exact up to 2**24)."""


def diagnose(image: Image.Image, stroke: bool = True) -> Diagnosis:
    """Measure the page and choose its preprocessing (see :func:`choose`); without ``stroke``, its
    stroke width is left to :func:`measure_stroke`."""
    grey = np.asarray(image if image.mode == "L" else image.convert("L"))
    ink = _sheet_ink(grey)
    parts = _components(ink)
    on_paper, in_ink = _shades(grey, ink)
    paper = _median_shade(on_paper)
    paper = 255.0 if paper is None else paper
    dark = _median_shade(in_ink)
    dark = paper if dark is None else dark
    small = cv2.resize(grey, (max(1, grey.shape[1] // 8), max(1, grey.shape[0] // 8)),
                       interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    low, high = np.percentile(background, [5, 95])
    diagnosis = Diagnosis(
        x_height=parts.x_height,
        specks=len(parts.specks) / max(len(parts.letters), 1),
        contrast=(paper - dark) / 255.0,
        stroke=_stroke(ink, parts.x_height) if stroke else None,
        background=float(high - low) / 255.0,
    )
    choose(diagnosis)
    return diagnosis


def measure_stroke(diagnosis: Diagnosis, image: Image.Image) -> None:
    """Fill ``diagnosis.stroke`` for ``image``, the page it was made from. The stroke width is
    recorded, not used to choose: measured apart (a fifth of the diagnosis), it need not delay the
    page's second reading."""
    grey = np.asarray(image if image.mode == "L" else image.convert("L"))
    diagnosis.stroke = _stroke(_sheet_ink(grey), diagnosis.x_height)


def _stroke(ink: np.ndarray, x_height: float | None) -> float | None:
    """Median stroke width (twice the distance to the paper along the strokes' ridges) over x-height."""
    if not x_height or not ink.any():
        return None
    distance = cv2.distanceTransform(ink, cv2.DIST_L2, 3)
    ridge = distance[(distance > 0) & (distance >= cv2.dilate(distance, np.ones((3, 3), np.uint8)))]
    return float(2 * np.median(ridge)) / x_height if ridge.size else None


def second_steps(diagnosis: Diagnosis) -> list[Step] | None:
    """The steps of the page's second reading, None when none is worth making: its own steps when one
    reshapes the letters; flattening when its measures call for nothing (such a page is read
    again only when it reads doubtfully); none when they call for despeckling alone, which removes
    only specks with no letter near them, already left out of Tesseract's lines. On the 7 doubtful
    pages read again despeckled (dev f02's second page, Tapuscorpus; 1,102 words) the vote kept one
    stretch: those pages have 288 errors read again so and 288 not read again."""
    if diagnosis.reshapes:
        return list(diagnosis.steps)
    return None if diagnosis.steps else [Step.FLATTEN]


def choose(diagnosis: Diagnosis) -> Diagnosis:
    """Fill ``steps`` and ``scale`` from the measures: enlarge small letters to the target x-height,
    despeckle a specked page, flatten a page of uneven paper or faint ink (Tapuscorpus and dev,
    whole: 135 errors fewer than with Sauvola's local threshold in its place, 87 of them on bljd's
    mottled paper)."""
    steps: list[Step] = []
    if diagnosis.specks > SPECK_SHARE:
        steps.append(Step.DESPECKLE)
    if diagnosis.background > UNEVEN_BACKGROUND or diagnosis.contrast < LOW_CONTRAST:
        steps.append(Step.FLATTEN)
    if diagnosis.x_height and diagnosis.x_height < MIN_X_HEIGHT:
        diagnosis.scale = min(MAX_SCALE, TARGET_X_HEIGHT / diagnosis.x_height)
        steps.append(Step.ENLARGE)
    diagnosis.steps = steps
    return diagnosis


def apply(image: Image.Image, steps: list[Step], scale: float = 1.0) -> Image.Image:
    """``image`` (grey) after ``steps``; its DPI field scaled with it."""
    grey = np.asarray(image if image.mode == "L" else image.convert("L"))
    for step in sorted(steps, key=list(Step).index):
        if step is Step.ENLARGE and scale != 1.0:
            grey = cv2.resize(grey, (round(grey.shape[1] * scale), round(grey.shape[0] * scale)),
                              interpolation=cv2.INTER_CUBIC)
        elif step is Step.DESPECKLE:
            grey = despeckle(grey)
        elif step is Step.FLATTEN:
            grey = flatten(grey)
        elif step is Step.SAUVOLA:
            grey = sauvola(grey)
        elif step is Step.OTSU:
            grey = (1 - _otsu_ink(grey)) * 255
    out = Image.fromarray(grey.astype(np.uint8))
    dpi = image.info.get("dpi", (OCR_DPI, OCR_DPI))
    out.info["dpi"] = (round(float(dpi[0]) * scale), round(float(dpi[1]) * scale)) \
        if Step.ENLARGE in steps else dpi
    return out


def despeckle(grey: np.ndarray) -> np.ndarray:
    """``grey`` with its isolated specks painted over with the paper's shade."""
    ink = _sheet_ink(grey, edges=True)
    parts = _components(ink)
    if parts.specks.size == 0:
        return grey
    out = grey.copy()
    paper = _median_shade(_shades(grey, ink)[0])
    shade = 255 if paper is None else int(paper)
    for index in parts.specks:  # each speck painted within its own box: a few hundred small boxes
        left, top, width, height = parts.stats[index, :4]
        box = (slice(top, top + height), slice(left, left + width))
        out[box][parts.labels[box] == index] = shade
    return out


FLATTEN_WINDOWS = 100
"""The paper's shade under the ink is taken from a square of the page's height over this (at least
15 px): wider than a letter, so that closing over it leaves paper alone."""
FLATTEN_REDUCTION = 4
"""The paper's shade varies slowly: it is measured on the page reduced this many times."""


def flatten(grey: np.ndarray) -> np.ndarray:
    """``grey`` divided by its paper's shade: the paper white and even, the ink as dark against it
    as it was against the paper around it; Tesseract's own threshold then parts them.

    The paper's shade is the page closed (each pixel the lightest within a square wider than a
    letter, then the darkest: letters gone, stains and shading kept) and blurred, on the page
    reduced (the shade varies over centimetres). Unlike a binarisation, it keeps the ink's shades:
    mottled paper, a dark margin or a fold no longer pass the threshold, faint letters stay grey,
    not broken into specks."""
    height, width = grey.shape
    small = cv2.resize(grey, (max(1, width // FLATTEN_REDUCTION), max(1, height // FLATTEN_REDUCTION)),
                       interpolation=cv2.INTER_AREA)
    window = _odd(max(15, height // FLATTEN_WINDOWS) // FLATTEN_REDUCTION)  # in the reduced page's pixels
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((window, window), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), window / 2)
    paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(paper, 1), scale=255)


SAUVOLA_WINDOWS = 60
"""Sauvola's window is the page's height over this (at least 15 px): a few lines of text tall."""


def sauvola(grey: np.ndarray, window: int | None = None, k: float = 0.2) -> np.ndarray:
    """Black on white by Sauvola's local threshold (mean and spread over a window a few lines tall).

    The threshold is scikit-image's ``threshold_sauvola`` (``r`` half the range of 8-bit grey, the
    window's edges mirrored), computed with OpenCV's box filters: the same pixels (a test compares
    them) for a twelfth of the CPU (a 3830 × 5307 page: 4.7 s → 0.4 s). It is computed in bands of
    rows, each with half a window of rows around it: the same sums, but a band's arrays of
    64-bit floats stay in the processor's cache instead of streaming ten page-sized ones through
    memory (on a busy machine 0.3-4 s for an A4 page at 300 dpi, memory-bound)."""
    window = window or _odd(max(15, grey.shape[0] // SAUVOLA_WINDOWS))
    out = np.empty_like(grey, dtype=np.uint8)
    half = window // 2
    for top in range(0, grey.shape[0], SAUVOLA_BAND):
        bottom = min(grey.shape[0], top + SAUVOLA_BAND)
        above, below = max(0, top - half), min(grey.shape[0], bottom + half)
        # Mirrored at the page's edges only: inside the page, the band's margin is real rows.
        out[top:bottom] = _sauvola_rows(grey[above:below], window, k)[top - above:bottom - above]
    return out


SAUVOLA_BAND = 128
"""Rows computed together by :func:`sauvola`."""


def _sauvola_rows(grey: np.ndarray, window: int, k: float) -> np.ndarray:
    shade = grey.astype(np.float64)
    size = (window, window)
    mean = cv2.boxFilter(shade, cv2.CV_64F, size, borderType=cv2.BORDER_REFLECT_101)
    square = cv2.boxFilter(shade * shade, cv2.CV_64F, size, borderType=cv2.BORDER_REFLECT_101)
    spread = np.sqrt(np.clip(square - mean * mean, 0.0, None))
    threshold = mean * (1 + k * (spread / SAUVOLA_RANGE - 1))
    return np.where(grey > threshold, 255, 0).astype(np.uint8)


SAUVOLA_RANGE = 127.5
"""Sauvola's ``R``, the spread of a page of full contrast: half the range of 8-bit grey."""


def _odd(n: int) -> int:
    return n if n % 2 else n + 1


COLOUR_GAIN = 1.1
"""A colour page is made grey by its own mix of channels (:func:`ink_grey`) only when that mix
parts ink from paper this many times better than luma does (Fisher's ratio: the squared distance
of ink to paper over the paper's spread); else by luma. On the Tapuscorpus's colour pages the
ratio runs from 1.00 to 1.70; read through the pipeline, the mix removed 125 errors net on the 35
pages at 1.1 or more, and 1 on the 26 at 1.05-1.1 (the catalogue's typed tables, 18 more, among them)."""
COLOUR_SAMPLE = 4
"""The ink's and the paper's colours are measured on every this-many-th pixel of each row and column."""
LUMA = np.array([0.299, 0.587, 0.114])
"""Luma's weights of red, green and blue (ITU-R 601, Pillow's ``convert("L")``)."""


def ink_grey(image: Image.Image) -> Image.Image:
    """A colour page in grey by the mix of its channels that best parts its ink from its paper.

    Luma weighs the channels for the eye, whatever the page: violet typing on beige paper or black
    typing on blue paper lose much of their contrast in it, and the paper's tint varies more than
    its shade. Ink and paper are first told apart in the middle of the sheet by Otsu's threshold on
    luma or on the one channel it splits best; the mix is Fisher's discriminant of their colours
    over the paper's grain (their difference over the paper's spread: what a threshold must not
    take for ink). The paper keeps its shade and its grain as in luma (the page's measures of
    background and contrast mean what they meant), and the ink stands as far from it as the mix
    parts them. A page whose colour parts ink from paper hardly better than luma (a grey scan, black
    ink on white: :data:`COLOUR_GAIN`) gets luma's pixels unchanged."""
    image = image if image.mode == "RGB" else image.convert("RGB")
    grey = image.convert("L")
    width, height = image.size
    left, top = width // 8, height // 8
    size = (max(1, (width - 2 * left) // COLOUR_SAMPLE), max(1, (height - 2 * top) // COLOUR_SAMPLE))
    # every COLOUR_SAMPLE-th pixel of the middle of the sheet, as it is
    sample = image.resize(size, Image.Resampling.NEAREST, box=(left, top, width - left, height - top))
    rgb = np.asarray(sample)
    colours = rgb.reshape(-1, 3).astype(np.float64)
    ink = _ink_split([np.asarray(sample.convert("L")), *(rgb[:, :, c] for c in range(3))])
    if ink is None or ink.sum() < 3 or (~ink).sum() < 3:
        return grey
    ink_colour, paper_colour = colours[ink].mean(axis=0), colours[~ink].mean(axis=0)
    difference = paper_colour - ink_colour
    spread = np.cov(colours[~ink].T) + np.eye(3)  # +1: no channel varies less than its rounding
    mix = np.linalg.solve(spread, difference)

    def parting(weights: np.ndarray) -> float:
        return float((weights @ difference) ** 2 / (weights @ spread @ weights))

    if mix @ difference <= 0 or parting(mix) < COLOUR_GAIN * parting(LUMA):
        return grey
    # paper's shade and grain as in luma: an affine map of the three channels, rounded and clipped
    scale = np.sqrt((LUMA @ spread @ LUMA) / (mix @ spread @ mix))
    offset = LUMA @ paper_colour - scale * (mix @ paper_colour)
    return image.convert("L", matrix=(*(scale * mix), offset))


def _ink_split(channels: list[np.ndarray]) -> np.ndarray | None:
    """Which samples are ink (flattened), by Otsu's threshold on the channel it splits best (the
    largest share of the channel's variance between its two classes): the smaller of its two classes,
    lighter or darker; None when none splits."""
    best, best_share = None, 0.0
    for channel in channels:
        values = channel.reshape(-1)
        if values.size < 2 or values.min() == values.max():
            continue
        threshold, _ = cv2.threshold(channel, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        dark = values <= threshold
        share = dark.mean() * (1 - dark.mean()) * (values[dark].mean() - values[~dark].mean()) ** 2 \
            / values.var() if 0 < dark.sum() < values.size else 0.0
        if share > best_share:  # ink covers less of the sheet than paper (violet ink is light in red)
            best, best_share = dark if dark.mean() <= 0.5 else ~dark, share
    return best
