"""One page: turned upright, straightened, read."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from pipeline.model import Page
from pipeline.ocr.geometry import MIN_SKEW, detect_skew, image_dpi, measure_page, straighten, turn
from pipeline.ocr.parse import page_from_data
from pipeline.ocr.reread import start_reread
from pipeline.ocr.tesseract import LineReader, PageReader, close_all, detect_rotation
from pipeline.settings import Settings

MIN_SKEW_RESAMPLED = 2.0
"""For an image already enlarged once: a second interpolation blurs thin strokes more than
a small tilt hurts (dev f03, 120 DPI enlarged: WER 27.4 % left as is, 31.5 % straightened)."""
DOUBTFUL_CONFIDENCE = 60.0
"""Mean word confidence below which the page's orientation is checked with OSD."""

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
            close_all(readers)
        raise

    def finish() -> Page:
        try:
            if rereading:
                rereading()
        finally:
            if own:
                close_all(readers)
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
        grey = turn(grey, rotation)
        skew = detect_skew(grey)
    if resampled and abs(skew) <= MIN_SKEW_RESAMPLED:
        skew = 0.0
    return grey, rotation, skew


def _read_page(grey: Image.Image, rotation: int, skew: float, number: int, dpi: int, settings: Settings,
               reader: PageReader) -> tuple[Page, Image.Image]:
    """Straighten the page and read it (turned again when the reading looks upside down); also
    the image that was read."""
    straight = straighten(grey, skew)
    page = read_words(straight, number, dpi, settings, reader)
    if rotation == 0 and _doubtful(page):
        angle = detect_rotation(grey, dpi, settings)
        if angle:
            turned = turn(grey, angle)
            retry_skew = detect_skew(turned)
            retry_image = straighten(turned, retry_skew)
            retry = read_words(retry_image, number, dpi, settings)
            if _score(retry) > _score(page):
                page, rotation, skew, straight = retry, angle, retry_skew, retry_image
    page.rotation = rotation
    page.skew = round(skew, 2) if abs(skew) >= MIN_SKEW else 0.0
    return page, straight


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
    page.dpi = dpi
    return page


def _doubtful(page: Page) -> bool:
    confidence = page.confidence
    return confidence is None or confidence < DOUBTFUL_CONFIDENCE


def _score(page: Page) -> float:
    """Sum of word confidences of words that look like words: more readable text scores higher."""
    return sum(w.confidence or 0 for w in page.words if any(c.isalpha() for c in w.original))


