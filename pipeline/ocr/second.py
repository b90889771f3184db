"""A page's second reading, preprocessed, made beside its first: the page is diagnosed in a thread
while Tesseract reads it (:mod:`pipeline.ocr.diagnose`), and read again on the other core once its
measures call for reshaping its letters, or when the first reading turns out doubtful."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Event, Lock

from PIL import Image

from pipeline.model import Box, Page
from pipeline.ocr.diagnose import Diagnosis, Step, apply, diagnose, measure_stroke, second_steps
from pipeline.ocr.tesseract import PageReader, read_words
from pipeline.settings import Settings


class SecondReading:
    """A page diagnosed in a thread beside its first reading, and read again preprocessed
    (:func:`pipeline.ocr.diagnose.second_steps`): at once when its letters are small (the enlarged
    reading is always voted on) or, ``speculative`` (a core to spare), when its measures call for
    reshaping its letters; else only once asked (:meth:`reading`), from an image and a Tesseract
    process made ready beside the first reading when speculative. A reading started and not wanted
    is stopped."""

    def __init__(self, straight: Image.Image, number: int, dpi: int, settings: Settings,
                 speculative: bool) -> None:
        self.straight, self.number, self.dpi, self.settings = straight, number, dpi, settings
        self.speculative = speculative
        self._lock = Lock()
        self._stopped = False
        self._reader: PageReader | None = None
        self._image: Image.Image | None = None
        self._image_made = Event()  # the second reading's image made, or none to make now
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._diagnosis = self._pool.submit(diagnose, straight, False)  # its stroke: :meth:`measure_stroke`
        self._early = self._pool.submit(self._read_early)
        self._side = ThreadPoolExecutor(max_workers=1)  # the stroke, beside the readings
        self._stroke = self._side.submit(self._with_stroke)

    def diagnosis(self) -> Diagnosis:
        return self._diagnosis.result()

    def measure_stroke(self) -> Diagnosis:
        """The diagnosis with its stroke width. The stroke decides nothing, so it is measured in a
        thread of its own while Tesseract reads the page (after the reading it cost up to 0.3 s a
        page, waited for: a distance transform of the whole page), once the second reading's image is
        made (measured beside it, it slowed the making on a busy core, and with it the second reading)."""
        return self._stroke.result()

    def _with_stroke(self) -> Diagnosis:
        diagnosis = self.diagnosis()
        self._image_made.wait()
        measure_stroke(diagnosis, self.straight)
        return diagnosis

    def _read_early(self) -> Page | None:
        try:
            diagnosis = self._diagnosis.result()
            if Step.ENLARGE in diagnosis.steps or (self.speculative and diagnosis.reshapes):
                return self._read()
            if self.speculative and second_steps(diagnosis):  # read at once if the first reading is doubtful
                self._start_reader()
                self._image = self._preprocess()
            return None
        finally:
            self._image_made.set()

    def _preprocess(self) -> Image.Image:
        diagnosis = self.diagnosis()
        return apply(self.straight, second_steps(diagnosis) or diagnosis.steps, diagnosis.scale)

    def _start_reader(self) -> PageReader | None:
        with self._lock:
            if self._stopped:
                return None
            self._reader = self._reader or PageReader(self.settings)
            return self._reader

    def _read(self) -> Page | None:
        reader = self._start_reader()  # started first, it loads its model while the image is made
        if reader is None:
            return None
        image = self._image if self._image is not None else self._preprocess()
        self._image_made.set()
        try:
            return read_preprocessed(self.straight, image, self.number, self.dpi, self.settings, reader)
        except Exception:
            if self._stopped:  # killed on purpose: its reading is not wanted
                return None
            raise

    def reading(self, wanted: bool) -> Page | None:
        """The preprocessed reading when ``wanted`` (read now if it was not started), else None
        (a reading under way is stopped)."""
        if not wanted:
            self.stop()
            return None
        return self._early.result() or self._read()

    def stop(self) -> None:
        """Kill the reading under way or the process waiting for one, if any, and let the thread end."""
        with self._lock:
            self._stopped = True
            reader = self._reader
        if reader is not None:
            reader.kill()
        self._pool.shutdown(wait=True)  # then the image is made, or never will be
        self._side.shutdown(wait=False, cancel_futures=True)  # a stroke no one waits for is not waited for
        if reader is not None:
            reader.close()


def read_preprocessed(straight: Image.Image, image: Image.Image, number: int, dpi: int,
                       settings: Settings, reader: PageReader | None = None) -> Page:
    """``image``, the page ``straight`` preprocessed, read; its boxes back in the page's pixels."""
    scale = image.width / straight.width
    page = read_words(image, number, round(dpi * scale), settings, reader)
    if scale != 1.0:
        for word in page.words:
            word.box = word.box and Box(*(v / scale for v in word.box))
        for line in page.lines:  # taken whole, its lines are the page's
            line.box = line.box and Box(*(v / scale for v in line.box))
    return page
