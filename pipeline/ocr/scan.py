"""The scan as given: its file's own pixels, read as bare ``tesseract FILE - -l fra`` reads them.

The pipeline reads an image of its own making: colours mixed to part ink from paper, a resolution
stated where the file states none, enlarged when scanned coarsely, straightened. On the cleaner pages
each of these helps; on a noisy page one reading of one image swings by tens of words for a
one-pixel change, so no preprocessing choice is never worse than reading the scan as it is. The scan
as given is therefore read too, and voted on like the second reading (:mod:`pipeline.ocr.page`).
Its words come back in the pixels of the image the pipeline read (:func:`to_page`).
"""

from __future__ import annotations

import math
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from pipeline.lexicon import Lexicon
from pipeline.model import Box, Page
from pipeline.ocr.parse import page_from_data
from pipeline.ocr.tesseract import PageReader, write_tiff
from pipeline.ocr.vote import choose_reading, page_evidence, take_whole, vote_page
from pipeline.settings import Settings

SCAN_WHOLE_GAIN = 2.0
"""The scan as given read with this many times the page's likely letters is taken whole, however
unlikely its words are on average: the page image read lost half the text or more. Chosen on the 112
Tapuscorpus pages: a page straightened onto white corners read as its footer alone (the scan: 4.9 times
its likely letters, 96 word errors -> 50); the next highest of the 112 is 1.22, and from 1.25 to 2.0 no
page changes."""
SCAN = "fiches.scan"
"""The key of :class:`Scan` in the ``info`` of a page image made from an image file."""


@dataclass(frozen=True)
class Scan:
    """Where a page image came from: frame ``frame`` of the image file ``path``, of ``size`` pixels,
    whose file states ``dpi`` (None when it states none: Tesseract then guesses it, as it does bare)."""

    path: Path
    frame: int
    frames: int
    size: tuple[int, int]
    dpi: float | None
    mode: str


def scan_of(image: Image.Image) -> Scan | None:
    found = image.info.get(SCAN)
    return found if isinstance(found, Scan) else None


GREY_MODES = frozenset({"L", "1"})
"""Modes whose pixels the page image keeps as they are (:func:`pipeline.extract._grey`)."""


def differs(scan: Scan | None, image: Image.Image) -> bool:
    """Whether the page image is not what Tesseract reads of the scan as given, in a way measured to
    pay for reading the scan too: its colours mixed, or a resolution stated that the file lacks
    (every Tapuscorpus page is one or the other; the pages the scan's vote mended are among them).

    Not read as given: a scan enlarged for being coarse (:data:`pipeline.extract.UPSCALE_BELOW`): at
    its own resolution it reads worse (dev f03 at 120 DPI: bare 33.6 % WER; voted on, it took 4 words
    more wrong, 16.7 % -> 17.9 %). Nor a grey scan that is only straightened: dev f01 (0.9°) read
    the same with or without its scan's vote, which cost 4 % of the dev scans' OCR time. A colour
    page straightened is read as given, and its words moved through the straightening
    (:func:`to_page`): the Tapuscorpus page straightened onto white corners is one."""
    return scan is not None and scan.size == image.size and (
        scan.mode not in GREY_MODES or scan.dpi is None)


def read_scan(scan: Scan, number: int, settings: Settings, reader: PageReader | None = None) -> Page:
    """The scan read as bare Tesseract reads it, in the scan's own pixels: a file of one frame
    handed over as it is (a copy, under a name Tesseract's file list can carry), a frame of a
    multi-page file in its own mode and pixels, with its resolution only if the file states one."""
    reader = reader or PageReader(settings)
    try:
        with tempfile.TemporaryDirectory(prefix="fiches-scan-") as tmp:
            if scan.frames == 1:
                path = Path(tmp) / f"scan{scan.path.suffix.lower()}"
                shutil.copyfile(scan.path, path)
            else:
                path = Path(tmp) / "scan.tif"
                with Image.open(scan.path) as image:
                    image.seek(scan.frame)
                    frame = image.copy()
                if scan.dpi:
                    write_tiff(path, [frame], round(scan.dpi))
                else:
                    frame.save(path, format="TIFF", compression="raw")
            data = reader.read_files([path])[0]
    finally:
        reader.close()
    page = page_from_data(data, number)
    page.width, page.height = float(scan.size[0]), float(scan.size[1])
    return page


def to_page(page: Page, scan_size: tuple[int, int], image_size: tuple[int, int], skew: float,
            straight_size: tuple[int, int]) -> None:
    """Move ``page``'s boxes from the scan's pixels to those of the straightened page image:
    scaled as the scan was to ``image_size``, then turned by ``-skew`` degrees about its centre as
    :func:`pipeline.ocr.geometry.straighten` turns it (``straight_size``: the image it made). A box
    keeps its size (scaled): its centre moves, so that a word lies in the band of its line as read
    on the straightened page, and a line's box does not swell by the turn."""
    sx, sy = image_size[0] / scan_size[0], image_size[1] / scan_size[1]
    angle = math.radians(skew)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = image_size[0] / 2, image_size[1] / 2
    nx, ny = straight_size[0] / 2, straight_size[1] / 2

    def move(box: Box | None) -> Box | None:
        if box is None:
            return None
        x, y = (box[0] + box[2]) / 2 * sx - cx, (box[1] + box[3]) / 2 * sy - cy
        half_w, half_h = (box[2] - box[0]) * sx / 2, (box[3] - box[1]) * sy / 2
        # PIL's rotate(-skew) turns the picture clockwise by ``skew`` (y pointing down)
        mx, my = nx + x * cos - y * sin, ny + x * sin + y * cos
        return Box(mx - half_w, my - half_h, mx + half_w, my + half_h)

    for line in page.lines:
        line.box = move(line.box)
        for word in line.words:
            word.box = move(word.box)
    page.width, page.height = float(straight_size[0]), float(straight_size[1])


class ScanReading:
    """The scan as given read in a thread from the start of its page, by a Tesseract process of its
    own, when the page image differs from it (:func:`differs`); stopped when not wanted."""

    def __init__(self, scan: Scan, image: Image.Image, number: int, settings: Settings) -> None:
        self.scan, self.image_size = scan, image.size
        self._reader = PageReader(settings)
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._future = self._pool.submit(read_scan, scan, number, settings, self._reader)

    def reading(self, rotation: int, skew: float, straight_size: tuple[int, int]) -> Page | None:
        """The scan's reading in the straightened page's pixels; None for a page turned (bare
        Tesseract reads it sideways) or when the reading failed (a file Tesseract cannot open, a
        reading past the page's timeout: the page image was read, and the page stands on that)."""
        if rotation:
            return None
        try:
            page = self._future.result()
        except Exception:  # noqa: BLE001 - the scan's reading is one more opinion, never needed
            return None
        to_page(page, self.scan.size, self.image_size, skew, straight_size)
        return page

    def stop(self) -> None:
        self._reader.kill()
        self._pool.shutdown(wait=True)
        self._reader.close()


def choose_scan(page: Page, scanned: Page, lex: Lexicon, base: bool = False) -> int:
    """Keep in ``page`` what the scan as given reads better: the scan's reading whole when it has
    SCAN_WHOLE_GAIN times the page's likely letters (the page image lost text the scan shows), else
    as a second reading (:func:`pipeline.ocr.vote.choose_reading`). Returns the stretches changed.

    ``base``: the page image was read once, nothing measured on the page calling for its letters
    to be reshaped: then it differs from the scan only by guesses made for every page (colours
    mixed, a resolution stated, a straightening), which help on average and not on every page. The
    scan's reading, bare Tesseract's own, is then the page's, and the page image's reading replaces
    it only where the vote finds it clearly better (:func:`pipeline.ocr.vote.vote_page`). On the 50
    Tapuscorpus pages read so, replayed on the same readings: word errors 1,633 -> 1,661 (15 pages
    better, 20 worse), pages read worse than bare Tesseract 4 -> 0: most of the guesses' gain is
    kept, their losses on a page no longer taken."""
    if base:
        read = replace(page)
        page.lines = scanned.lines
        return vote_page(page, read, lex)
    if page_evidence(scanned, lex) >= SCAN_WHOLE_GAIN * page_evidence(page, lex):
        return take_whole(page, scanned)
    return choose_reading(page, scanned, lex)
