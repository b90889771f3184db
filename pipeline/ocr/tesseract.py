"""Tesseract behind one door: the processes that read pages and lines, and orientation (OSD);
its version and languages are asked in :mod:`pipeline.ocr.version`."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Self

import pytesseract
from PIL import Image

from pipeline.errors import MissingDependency, PageTimeout
from pipeline.model import Page, Word
from pipeline.ocr.parse import page_from_data, words_from_hocr
from pipeline.ocr.version import COMMAND, NOT_INSTALLED
from pipeline.settings import Settings

MIN_OSD_CONFIDENCE = 1.5
LINE_NICENESS = 10
"""How much lower the second pass's line readers run than the page's readings (see :class:`LineReader`)."""


def _timeout(settings: Settings) -> PageTimeout:
    return PageTimeout(f"Tesseract took longer than {settings.page_timeout} s on a page")


def write_tiff(target: Path | io.BytesIO, images: list[Image.Image], dpi: int) -> None:
    """``images`` as one uncompressed TIFF (a page each) carrying their DPI: written in ~10 ms and
    read by Tesseract faster than PNG (~80 ms to compress) or PGM (slow to read); never the
    source TIFF's G4."""
    images[0].save(target, format="TIFF", compression="raw", dpi=(dpi, dpi), save_all=len(images) > 1,
                   append_images=images[1:])


def detect_rotation(image: Image.Image, dpi: int, settings: Settings) -> int:
    """Degrees (0, 90, 180, 270) to turn the page clockwise to read it, from Tesseract OSD; 0 when
    OSD is unsure (see :func:`orientation`)."""
    rotate, confidence = orientation(image, dpi, settings)
    return rotate if confidence >= MIN_OSD_CONFIDENCE else 0


def orientation(image: Image.Image, dpi: int, settings: Settings) -> tuple[int, float]:
    """OSD's turn (0, 90, 180, 270 clockwise) for the page and its confidence; (0, 0.0) when OSD
    fails on a page with little text ("Too few characters")."""
    scale = 0.5 if dpi >= 250 else 1.0
    small = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BOX)
    tiff = io.BytesIO()
    write_tiff(tiff, [small], round(dpi * scale))
    reader = TesseractProcess(["--psm", "0", "--dpi", str(round(dpi * scale))], settings, language="osd")
    try:
        osd = pytesseract.pytesseract.osd_to_dict(reader.run(tiff.getvalue()))
    except pytesseract.TesseractError:
        return 0, 0.0
    finally:
        reader.close()
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0))


class TesseractProcess:
    """A Tesseract process started ahead of its work: it spends ~0.08 s starting and loading
    its model, on the other core while the page is still being prepared or read, then waits
    on stdin.

    One thread (OMP_THREAD_LIMIT=1, in the environment given to this process only; no other
    environment is changed): on two cores Tesseract's own OpenMP threads are slower than one
    (measured in bench/ocr_speed.py); parallelism comes from processes instead.
    Unused, it is killed by :meth:`close`.

    ``niceness``: the process's priority lowered by this much (Unix), for work that may wait.
    """

    def __init__(self, options: list[str], settings: Settings, language: str | None = None,
                 niceness: int = 0) -> None:
        self.settings = settings
        self.language = language or settings.language
        self.given_work = False
        command = [COMMAND, "stdin", "stdout", "-l", self.language, *options]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE,
                                            env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except OSError as exc:
            raise MissingDependency(NOT_INSTALLED) from exc
        if niceness:
            with contextlib.suppress(OSError):  # not allowed here: it keeps the caller's priority
                os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)

    @property
    def unused(self) -> bool:
        """Still waiting for its work: it can be handed on."""
        return not self.given_work and self.process.poll() is None

    def claim(self) -> Self:
        """Mark it given work now, before the work reaches it on another thread: until then it would
        look unused, and be handed on to the next page as well (a process takes one run)."""
        self.given_work = True
        return self

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

    def kill(self) -> None:
        """Stop the process now, from any thread: a run under way raises in its own thread,
        which closes it."""
        if self.process.poll() is None:
            self.process.kill()

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
    file carrying its DPI (:func:`write_tiff`), since the command line is set before the page
    is known.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(["-c", "stream_filelist=true", "tsv"], settings)

    def read(self, image: Image.Image, dpi: int) -> dict[str, list[Any]]:
        return self.read_pages([image], dpi)[0]

    def read_pages(self, images: list[Image.Image], dpi: int) -> list[dict[str, list[Any]]]:
        """Each of ``images`` read as a page of its own, by this one process (one model load for all:
        the names of the files go on stdin one a line; a multi-page TIFF would be read to its first
        page only)."""
        with tempfile.TemporaryDirectory(prefix="fiches-ocr-") as tmp:
            paths = [Path(tmp) / f"page-{n}.tif" for n in range(len(images))]
            for path, image in zip(paths, images, strict=True):
                write_tiff(path, [image], dpi)
            return self.read_files(paths)

    def read_files(self, paths: list[Path]) -> list[dict[str, list[Any]]]:
        """Each image file of ``paths`` read as a page of its own, as Tesseract reads the file (its
        own pixels and stated resolution). Their names go on stdin one a line: no newline in them."""
        tsv = self.run("".join(f"{path}\n" for path in paths).encode())
        data = pytesseract.pytesseract.file_to_dict(tsv, "\t", -1)
        pages: list[dict[str, list[Any]]] = [{key: [] for key in data} for _ in paths]
        for i, number in enumerate(data.get("page_num", [])):
            if 1 <= int(number) <= len(paths):
                for key, values in data.items():
                    pages[int(number) - 1][key].append(values[i])
        return pages


class LineReader(TesseractProcess):
    """Reads lines for the second pass (``--psm 7``), sent on stdin as one multi-page TIFF that
    carries their DPI (so one reader serves any page), with each character's alternatives (hOCR
    with ``lstm_choice_mode=2``).

    Started with the page, it loads its model while the page is read, at a lower priority
    (:data:`LINE_NICENESS`): on two cores it would otherwise take time from what the page waits for
    first, its preprocessed image being made and read (dev scans 3 % faster, readings the same)."""

    def __init__(self, settings: Settings, language: str | None = None) -> None:
        super().__init__(["--psm", "7", "-c", "lstm_choice_mode=2", "hocr"], settings, language,
                         niceness=LINE_NICENESS)

    def read(self, images: list[Image.Image], dpi: int) -> list[list[Word]]:
        """The words read on each of ``images`` (one TIFF page each), with their ``choices``."""
        tiff = io.BytesIO()
        write_tiff(tiff, images, dpi)
        return words_from_hocr(self.run(tiff.getvalue()), len(images))


def close_all(readers: list[LineReader]) -> None:
    for reader in readers:
        reader.close()


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
