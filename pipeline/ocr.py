"""Everything Tesseract: version check, orientation, deskew, image → words.

This is the only module that calls Tesseract. One page goes in as a PIL image,
one :class:`~pipeline.model.Page` comes out.

Orientation costs a second Tesseract run (OSD, ~0.5-1 s a page), too dear for
every page, so it is asked only when the page looks wrong: its text lines run
vertically (a sideways scan, seen from the ink's projection profiles) or the
first reading came back with few confident words (an upside-down scan reads as
low-confidence garbage). Small skew is measured from the ink alone (projection
profile over ±5°) and straightened before OCR.

A second pass reads again, each alone on its own paper, the lines whose URL or date
Tesseract doubted, and keeps each character's alternatives for the corrector.

Tesseract runs as processes started ahead of their work (:class:`TesseractProcess`): each
loads its model (~0.08 s) on the other core while the page is still being prepared or the
page before is read, so a page costs about what bare ``tesseract`` costs on it.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytesseract
from PIL import Image

from pipeline.errors import MissingDependency, PageTimeout
from pipeline.model import Box, Line, Page, Word
from pipeline.patterns import has_date, is_number_like, is_url_like, normalise
from pipeline.settings import Settings

DEFAULT_DPI = 300
NOT_INSTALLED = "tesseract is not installed or not on PATH"
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
        raise MissingDependency(NOT_INSTALLED) from exc


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
    return start_page(image, number, settings, resampled)()


def start_page(image: Image.Image, number: int, settings: Settings, resampled: bool = False,
               reader: PageReader | None = None, line_readers: list[LineReader] | None = None,
               ) -> Callable[[], Page]:
    """Read the page now, and its doubtful URL and date lines again in the background; calling
    the result gives the page.

    ``reader``: a Tesseract process started ahead for this page (else one is started now).
    The second pass runs in Tesseract processes of their own: a caller with more pages reads
    the next one meanwhile, so on two cores a document's second pass costs little time.
    ``line_readers``: the caller's second-pass processes, topped up here and handed on from
    page to page while unused (the caller closes them); else the page has its own.
    """
    reader = reader or PageReader(settings)
    own = line_readers is None
    readers = [] if line_readers is None else line_readers
    try:
        dpi = image_dpi(image)
        grey, rotation, skew = _upright(image, dpi, settings, resampled)
        if settings.second_pass:
            # Started now, they load their model on the other core while the page is read.
            readers[:] = [r for r in readers if r.unused]
            readers += [LineReader(settings) for _ in range(settings.line_readers - len(readers))]
        page, straight = _read_page(grey, rotation, skew, number, dpi, settings, reader)
        rereading = start_reread(straight, page, dpi, readers) if settings.second_pass else None
    except BaseException:
        reader.close()
        if own:
            _close(readers)
        raise

    def finish() -> Page:
        try:
            if rereading:
                rereading()
        finally:
            if own:
                _close(readers)
        if not page.words:
            page.warnings.append(f"page {number}: no text found")
        return page

    return finish


def _upright(image: Image.Image, dpi: int, settings: Settings,
             resampled: bool) -> tuple[Image.Image, int, float]:
    """The page in grey turned upright when it lay sideways, with that turn and its skew."""
    grey = image if image.mode == "L" else image.convert("L")
    rotation = 0
    sideways, skew = measure_page(grey)
    if sideways:
        rotation = detect_rotation(grey, dpi, settings)
        grey = _turn(grey, rotation)
        skew = detect_skew(grey)
    if resampled and abs(skew) <= MIN_SKEW_RESAMPLED:
        skew = 0.0
    return grey, rotation, skew


def _read_page(grey: Image.Image, rotation: int, skew: float, number: int, dpi: int, settings: Settings,
               reader: PageReader) -> tuple[Page, Image.Image]:
    """Straighten the page and read it (turned again when the reading looks upside down); also
    the image that was read."""
    straight = _straighten(grey, skew)
    page = read_words(straight, number, dpi, settings, reader)
    if rotation == 0 and _doubtful(page):
        turn = detect_rotation(grey, dpi, settings)
        if turn:
            turned = _turn(grey, turn)
            retry_skew = detect_skew(turned)
            retry_image = _straighten(turned, retry_skew)
            retry = read_words(retry_image, number, dpi, settings)
            if _score(retry) > _score(page):
                page, rotation, skew, straight = retry, turn, retry_skew, retry_image
    page.rotation = rotation
    page.skew = round(skew, 2) if abs(skew) >= MIN_SKEW else 0.0
    return page, straight


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


# --- Tesseract ---------------------------------------------------------------------------------

def _timeout(settings: Settings) -> PageTimeout:
    return PageTimeout(f"Tesseract took longer than {settings.page_timeout} s on a page")


def _write_tiff(target: Path | io.BytesIO, images: list[Image.Image], dpi: int) -> None:
    """``images`` as one uncompressed TIFF (a page each) carrying their DPI: written in ~10 ms and
    read by Tesseract faster than PNG (~80 ms to compress) or PGM (slow to read); never the
    source TIFF's G4."""
    images[0].save(target, format="TIFF", compression="raw", dpi=(dpi, dpi), save_all=len(images) > 1,
                   append_images=images[1:])


def _run(call: Callable[..., Any], image: Image.Image, dpi: int, settings: Settings, **kwargs: Any) -> Any:
    """Call pytesseract on ``image`` written as an uncompressed TIFF, with one thread (see
    :class:`TesseractProcess`)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="fiches-ocr-") as tmp:
        path = Path(tmp) / "page.tif"
        _write_tiff(path, [image], dpi)
        try:
            return call(str(path), config=f"--dpi {dpi} {kwargs.pop('config', '')}",
                        timeout=settings.page_timeout or 0, **kwargs)
        except pytesseract.TesseractNotFoundError as exc:
            raise MissingDependency(NOT_INSTALLED) from exc
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise _timeout(settings) from exc
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


def read_words(image: Image.Image, number: int, dpi: int, settings: Settings,
               reader: PageReader | None = None) -> Page:
    """Tesseract's word-level reading of an upright page, as a Page of lines; by ``reader``
    when one was started ahead (it is used up)."""
    reader = reader or PageReader(settings)
    try:
        data = reader.read(image, dpi)
    finally:
        reader.close()
    page = page_from_data(data, number)
    page.width, page.height = float(image.width), float(image.height)
    return page


def page_from_data(data: dict[str, list[Any]], number: int) -> Page:
    """Lines of words from ``image_to_data``; one Line.block per Tesseract paragraph.

    An empty Line separates paragraphs, so the raw text shows blocks the way
    Tesseract's own text output does.
    """
    lines: dict[tuple[int, int, int], Line] = {}
    blocks: dict[tuple[int, int], int] = {}
    for i, level in enumerate(data["level"]):
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if level == 4:
            block = blocks.setdefault(key[:2], len(blocks) + 1)
            lines[key] = Line(box=_entry_box(data, i), block=block)
        elif level == 5:
            word = _entry_word(data, i)
            if word is None or key not in lines:
                continue
            lines[key].words.append(word)
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


# --- second pass on lines that must be exact -------------------------------------------------------

CONFIDENT_WORD = 90.0
"""A line with a URL-like token or a date in figures below this is read again: one wrong
character breaks a URL or moves a date, and the page reading often splits or garbles long
paths. The second reading also gives each character's alternatives (``Word.choices``).
Other doubtful words are left to the corrector: reading their lines again too cost up to
0.15 s a page (2-3 lines on f02's first pages) and won one word in 1,600 on the dev scans."""
MIN_GAIN = 5.0
"""Points of mean confidence the new reading must gain over the old to replace it."""
LENGTH_RATIO = 1.4
"""The new reading may be at most this much longer or shorter (in characters) than the old:
a reading that lost or invented a good part of the line is not the same line read better."""
QUIET_ROW = 0.02
"""A row with less ink than this share of the line's densest row is the gap between lines.
Low enough that the tails of a few descenders (q, p) are kept, high enough to pass specks."""
MIN_LETTERS = 4
"""A line with fewer letters is specks or a picture's edge: a second reading has nothing to win."""


def weak_lines(page: Page) -> list[Line]:
    """The lines of ``page`` worth a second reading: those with a URL or a date OCR was unsure of
    (a few a page at most, and both must come out exact)."""
    return [line for line in page.lines
            if line.words and line.box and all(w.box for w in line.words)
            and _must_be_exact(line) and _letters(line) >= MIN_LETTERS]


def _letters(line: Line) -> int:
    return sum(c.isalpha() for w in line.words for c in w.original)


def _must_be_exact(line: Line) -> bool:
    """The line holds a URL (or a piece of one) or a date in figures that OCR was not sure of:
    one wrong character breaks a URL or moves a date. A number like ``1/2`` is neither."""
    return any((is_url_like(w.original) and not is_number_like(w.original) or has_date(w.original))
               and (w.confidence or 0.0) < CONFIDENT_WORD for w in line.words)


def reread_weak_lines(image: Image.Image, page: Page, dpi: int, settings: Settings) -> int:
    """Read weak lines again alone and keep the better readings; returns lines changed."""
    readers = [LineReader(settings) for _ in range(settings.line_readers)]
    try:
        return start_reread(image, page, dpi, readers)()
    finally:
        _close(readers)


def start_reread(image: Image.Image, page: Page, dpi: int, readers: list[LineReader]) -> Callable[[], int]:
    """Send the page's weak lines to ``readers`` now (those left without a line stay unused);
    calling the result waits for the readings,
    keeps the better ones (crop, ``--psm 7``) and returns how many lines changed.

    The page reading sees a line among its neighbours: a speck, a bold run or a long URL
    can make Tesseract split or misread it. Alone on its own paper, cut at the gaps of its
    ink, the same line often reads cleanly. The weak lines are shared out between the
    readers (each a Tesseract run on a multi-page TIFF), fed from threads so that the
    caller can go on meanwhile.
    """
    lines = weak_lines(page)
    if not lines or not readers:
        return lambda: 0
    crops = [line_crop(image, line) for line in lines]
    shares = share_out([crop.image.width for crop in crops], len(readers))
    pool = ThreadPoolExecutor(max_workers=len(readers))
    readings = [(share, pool.submit(reader.read, [crops[i].image for i in share], dpi))
                for reader, share in zip(readers, shares, strict=True) if share]
    pool.shutdown(wait=False)  # each thread ends with its one task

    def finish() -> int:
        found = {i: words for share, reading in readings
                 for i, words in zip(share, reading.result(), strict=True)}
        changed = 0
        for i, (line, crop) in enumerate(zip(lines, crops, strict=True)):
            new = [replace(w, box=crop.to_page(w.box)) for w in found[i]]
            if better_reading(line.words, new):
                line.words = new
                line.box = _span(new)
                changed += 1
            else:
                _keep_choices(line.words, new)
        return changed

    return finish


def share_out(widths: list[int], count: int) -> list[list[int]]:
    """Indexes of ``widths`` in ``count`` shares of about equal total width (a line's reading
    time grows with its width): widest first, each to the lightest share."""
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for i in sorted(range(len(widths)), key=lambda i: -widths[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(i)
        loads[lightest] += widths[i]
    return [sorted(share) for share in shares]


def _keep_choices(old: list[Word], new: list[Word]) -> None:
    """Give the old reading's words the alternatives of the same words in the new one."""
    alternatives = {w.original: w.choices for w in new if w.choices}
    for word in old:
        word.choices = word.choices or alternatives.get(word.original)


class TesseractProcess:
    """A Tesseract process started ahead of its work: it spends ~0.08 s starting and loading
    its model, on the other core while the page is still being prepared or read, then waits
    on stdin.

    One thread (OMP_THREAD_LIMIT=1): on two cores Tesseract's own OpenMP threads are slower
    than one (measured in bench/ocr_speed.py); parallelism comes from processes instead.
    Unused, it is killed by :meth:`close`.
    """

    def __init__(self, options: list[str], settings: Settings) -> None:
        self.settings = settings
        self.given_work = False
        command = [pytesseract.pytesseract.tesseract_cmd, "stdin", "stdout", "-l", settings.language,
                   *options]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE,
                                            env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except OSError as exc:
            raise MissingDependency(NOT_INSTALLED) from exc

    @property
    def unused(self) -> bool:
        """Still waiting for its work: it can be handed on."""
        return not self.given_work and self.process.poll() is None

    def run(self, data: bytes) -> str:
        """Tesseract's output for ``data`` on its stdin (one run a process)."""
        self.given_work = True
        try:
            out, err = self.process.communicate(data, timeout=self.settings.page_timeout or None)
        except subprocess.TimeoutExpired as exc:
            self.close()
            raise _timeout(self.settings) from exc
        if self.process.returncode != 0:
            message = "; ".join(err.decode("utf-8", "replace").split("\n")[-4:]).strip("; ")
            raise pytesseract.TesseractError(self.process.returncode, message)
        return out.decode("utf-8")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream and not stream.closed:
                stream.close()


class PageReader(TesseractProcess):
    """Reads one page, named on stdin (``stream_filelist``), into ``image_to_data``'s columns.

    Started before its page is rendered or straightened, it has its model loaded by the
    time the page is ready: ~0.06 s a page sooner than ``pytesseract.image_to_data``, which
    starts Tesseract once the page is there (same output, dev pages). The page goes as a TIFF
    file carrying its DPI (:func:`_write_tiff`), since the command line is set before the page
    is known.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(["-c", "stream_filelist=true", "tsv"], settings)

    def read(self, image: Image.Image, dpi: int) -> dict[str, list[Any]]:
        with tempfile.TemporaryDirectory(prefix="fiches-ocr-") as tmp:
            path = Path(tmp) / "page.tif"
            _write_tiff(path, [image], dpi)
            tsv = self.run(f"{path}\n".encode())
        return pytesseract.pytesseract.file_to_dict(tsv, "\t", -1)


class LineReader(TesseractProcess):
    """Reads lines for the second pass (``--psm 7``), sent on stdin as one multi-page TIFF that
    carries their DPI (so one reader serves any page), with each character's alternatives (hOCR
    with ``lstm_choice_mode=2``)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(["--psm", "7", "-c", "lstm_choice_mode=2", "hocr"], settings)

    def read(self, images: list[Image.Image], dpi: int) -> list[list[Word]]:
        """The words read on each of ``images`` (one TIFF page each), with their ``choices``."""
        tiff = io.BytesIO()
        _write_tiff(tiff, images, dpi)
        return words_from_hocr(self.run(tiff.getvalue()), len(images))


def _close(readers: list[LineReader]) -> None:
    for reader in readers:
        reader.close()


def better_reading(old: list[Word], new: list[Word]) -> bool:
    """True when ``new`` is the same text read more surely: higher mean confidence, similar length."""
    if not new or not old:
        return False
    old_chars, new_chars = sum(len(w.original) for w in old), sum(len(w.original) for w in new)
    if not 1 / LENGTH_RATIO <= new_chars / old_chars <= LENGTH_RATIO:
        return False
    return _mean_confidence(new) >= _mean_confidence(old) + MIN_GAIN


def _mean_confidence(words: list[Word]) -> float:
    return sum(w.confidence or 0.0 for w in words) / max(len(words), 1)


def _span(words: list[Word]) -> Box:
    boxes = [w.box for w in words if w.box]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


@dataclass
class LineCrop:
    """A line cut out onto a margin of its own paper, and the way back to page pixels."""

    image: Image.Image
    left: float
    top: float
    margin: int

    def to_page(self, box: Box | None) -> Box | None:
        if box is None:
            return None
        x0, y0, x1, y1 = (v - self.margin for v in box)
        return (self.left + x0, self.top + y0, self.left + x1, self.top + y1)


def line_crop(image: Image.Image, line: Line) -> LineCrop:
    """The line's full width, between the gaps of its own ink, on a margin of its paper's shade."""
    top, bottom = ink_band(image, line)
    x0, _, x1, _ = _span(line.words)
    left, right = max(0, int(x0) - 2), min(image.width, int(np.ceil(x1)) + 2)
    strip = image.crop((left, top, right, bottom))
    paper = int(np.median(np.asarray(strip)))
    margin = max(10, strip.height // 2)
    canvas = Image.new("L", (strip.width + 2 * margin, strip.height + 2 * margin), paper)
    canvas.paste(strip, (margin, margin))
    return LineCrop(canvas, float(left), float(top), margin)


def ink_band(image: Image.Image, line: Line) -> tuple[int, int]:
    """Top and bottom rows (page pixels) of the line's own ink.

    Tesseract's line box can swallow a neighbour line or a speck (then it is far too
    tall), so the band starts from the words' median top and bottom and goes outwards
    until a row holds almost no ink (QUIET_ROW) or, when lines touch, to the emptiest
    row within one line height.
    """
    boxes = [w.box for w in line.words if w.box]
    x0, _, x1, _ = _span(line.words)
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


def words_from_hocr(hocr: str, count: int) -> list[list[Word]]:
    """The words of each page of Tesseract's hOCR (``lstm_choice_mode=2``), with each character's
    alternatives; a page Tesseract found empty gives an empty list."""
    parser = _HocrWords()
    parser.feed(hocr)
    parser.close()
    pages = parser.pages + [[] for _ in range(count - len(parser.pages))]
    return [[word for word in map(_hocr_word, page) if word] for page in pages[:count]]


@dataclass
class _HocrWord:
    text: str
    confidence: float
    box: Box
    steps: list[list[tuple[str, float]]]
    """One list of (character, confidence) per step of the reading, best first."""


class _HocrWords(HTMLParser):
    """Collects the words of each page of hOCR: ``ocrx_word`` spans holding ``lstm_choices``
    spans (one a step of the reading) that hold ``choice`` spans (one an alternative)."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[list[_HocrWord]] = []
        self.open: list[str] = []
        self.word: _HocrWord | None = None
        self.choice: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        kind, ident, title = found.get("class") or "", found.get("id") or "", found.get("title") or ""
        self.open.append("choice" if ident.startswith("choice") else kind)
        if kind == "ocr_page":
            self.pages.append([])
        elif kind == "ocrx_word" and self.pages:
            fields = dict(part.strip().split(" ", 1) for part in title.split(";") if " " in part.strip())
            x0, y0, x1, y1 = (float(v) for v in fields.get("bbox", "0 0 0 0").split())
            self.word = _HocrWord("", float(fields.get("x_wconf", 0)), (x0, y0, x1, y1), [])
            self.pages[-1].append(self.word)
        elif self.word is not None and ident.startswith("lstm_choices"):
            self.word.steps.append([])
        elif self.word is not None and ident.startswith("choice") and self.word.steps:
            self.choice = ["", float(title.split()[-1]) if title else 0.0]

    def handle_endtag(self, tag: str) -> None:
        closed = self.open.pop() if self.open else ""
        if closed == "ocrx_word":
            self.word = None
        elif closed == "choice" and self.word is not None and self.choice is not None:
            self.word.steps[-1].append((self.choice[0], self.choice[1]))
            self.choice = None

    def handle_data(self, data: str) -> None:
        if self.word is None or not self.open:
            return
        if self.open[-1] == "ocrx_word":
            self.word.text += data.strip()
        elif self.open[-1] == "choice" and self.choice is not None:
            self.choice[0] += data


def _hocr_word(entry: _HocrWord) -> Word | None:
    """A Word from one hOCR word; the reading's steps are matched to its characters in order
    (a step whose best choice is a blank is the gap between characters)."""
    original = normalise(entry.text).strip()
    if not original:
        return None
    steps = [kept for kept in ([(c, conf) for c, conf in step if c.strip()] for step in entry.steps) if kept]
    choices: list[list[tuple[str, float]]] = []
    for char in original:
        at = next((k for k, step in enumerate(steps) if step[0][0] == char), None)
        choices.append([] if at is None else steps[at])
        steps = steps if at is None else steps[at + 1:]
    return Word(original=original, confidence=entry.confidence, box=entry.box,
                choices=choices if any(choices) else None)


def _entry_box(data: dict[str, list[Any]], i: int) -> Box:
    """The box of entry ``i`` of an ``image_to_data`` reading, as (left, top, right, bottom)."""
    return (float(data["left"][i]), float(data["top"][i]),
            float(data["left"][i] + data["width"][i]), float(data["top"][i] + data["height"][i]))


def _entry_word(data: dict[str, list[Any]], i: int) -> Word | None:
    """Entry ``i`` of an ``image_to_data`` reading as a Word; None when it is blank or has no confidence."""

    text = normalise(str(data["text"][i])).strip()
    conf = float(data["conf"][i])
    if not text or conf < 0:
        return None
    return Word(original=text, confidence=round(conf, 2), box=_entry_box(data, i))
