"""Files → Document: sniff the type from the content, read each page the best way.

Extraction is the only stage that knows about files. PDF pages with a usable text
layer are read with pdfplumber; every other page (and every image) is rasterised
and goes to :mod:`pipeline.ocr`, one page at a time (or ``Execution.page_jobs``
pages at a time in worker processes), so memory stays bounded whatever the page
count; ``.txt`` transcriptions become one page of lines.

Bad input raises :class:`BadInput` naming the file. A blank image is *not* bad
input: it gives an empty page and a warning ("no text found"), because a blank
sheet in a scanned batch is a fact worth reporting, not a failure.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import multiprocessing
import re
import statistics
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline import layout, ocr
from pipeline.errors import BadInput
from pipeline.inputs import MEDIA_TYPES
from pipeline.model import Box, Document, Line, Link, Page, Source, Word
from pipeline.paths import printable
from pipeline.settings import OCR_DPI, Execution, Settings
from pipeline.text import normalise

IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff")
MAX_PAGE_PIXELS = 40_000_000
"""Most pixels one page is OCR'd with, after any enlargement (an A4 page at 600 DPI holds 35
million): larger renders and scans are scaled down to it, so one page never needs more than a
few hundred megabytes, whatever size and resolution its file declares."""

log = logging.getLogger("fiches.extract")
KIND_NAMES = {"application/pdf": "a PDF", "image/png": "a PNG image", "image/jpeg": "a JPEG image",
              "image/tiff": "a TIFF image", "text/plain": "text"}
UPSCALE_BELOW = 150
"""Images scanned below this resolution are enlarged (Lanczos) to 300 DPI before OCR.

Measured on the dev scans (bench/ocr_wer.py --no-upscale): at 120 DPI (f03) it lowers
WER 33.0 % → 31.5 %; at 150 DPI (f01) it raises it 12.9 % → 17.7 %, so 150 DPI scans
are read as they are (Tesseract is told their DPI)."""
MIN_IMAGE_SIDE = 32
"""Pixels: smaller images cannot hold a readable line of text."""
MIN_LAYER_CHARS = 10
MIN_LAYER_LETTERS = 0.5

def source_info(path: Path, data: bytes | None = None) -> Source:
    """Path, SHA-256, size and media type (from the content) of an input file."""
    if data is None:
        data = path.read_bytes()
    return Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
        media_type=sniff(path, data),
    )


def sniff(path: Path, data: bytes) -> str:
    """The media type, from the file's first bytes; raises BadInput when unsupported."""
    if not data:
        raise BadInput(str(path), "empty file (0 bytes)")
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "text/plain"  # UTF-16 with its byte-order mark (Windows Notepad's "Unicode")
    if _looks_like_text(data):
        return "text/plain"
    raise BadInput(str(path), "unsupported file type (not a PDF, PNG, JPEG, TIFF or text file)")


def _looks_like_text(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) * 0.01


def decode_transcription(data: bytes) -> str:
    """UTF-16 when it starts with its BOM, UTF-8 (with or without BOM), else Windows-1252, else Latin-1.

    Windows-1252 before Latin-1: French transcriptions typed on Windows use its ’ œ … –,
    which Latin-1 would turn into control characters.
    """
    encodings = ("utf-16", "utf-8-sig", "cp1252") if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
        else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_TABLE_SEPARATORS = (",", ";", "\t", "|")


def not_prose(text: str) -> str | None:
    """What a transcription is instead of prose (JSON, XML, a CSV table), else None.

    Such files sit beside transcriptions (manifests, truth tables, exports) and would be
    "corrected" as French sentences. A table: at least 3 lines, and 90 % of them hold the
    same number (2 or more) of the same separator.
    """
    body = text.strip().lstrip("\ufeff")
    if body[:1] in "{[":
        try:
            json.loads(body)
            return "JSON"
        except ValueError:
            pass
    if re.match(r"<(\?xml|!DOCTYPE|[A-Za-z][\w:.-]*[\s>])", body) and body.endswith(">"):
        return "XML or HTML markup"
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) >= 3:
        for separator in _TABLE_SEPARATORS:
            counts = [line.count(separator) for line in lines]
            common = statistics.mode(counts)
            if common >= 2 and sum(c == common for c in counts) >= 0.9 * len(lines):
                return f"a table ({common + 1} columns separated by {separator!r})"
    return None


def lines_from_text(text: str) -> list[Line]:
    """Lines of words from plain text; a blank line becomes a Line with no words."""
    return [Line(words=[Word(original=t) for t in raw.split()]) for raw in text.split("\n")]


# --- the entry points ---------------------------------------------------------------------------

def extract(path: Path, settings: Settings, data: bytes | None = None,
            execution: Execution | None = None) -> Document:
    """Read one input file (whose bytes are ``data`` when already read) into a Document, its pages
    OCR'd as ``execution`` spreads them. Raises BadInput for anything unreadable."""
    execution = execution or Execution()
    if data is None:
        data = read_bytes(path)
    try:
        source = source_info(path, data)
    except BadInput:
        if data and MEDIA_TYPES.get(path.suffix.lower()) == "text/plain":
            reason = f"file named {path.suffix.lower()} but is not text (binary content)"
            raise BadInput(str(path), reason) from None
        raise
    check_extension(path, source.media_type)
    if source.media_type == "text/plain":
        text = normalise(decode_transcription(data))
        kind = not_prose(text)
        if kind:
            raise BadInput(str(path), f"not a prose transcription: its content is {kind}")
        pages = [Page(number=1, method="text", lines=lines_from_text(text))]
    elif source.media_type == "application/pdf":
        pages = _pdf_pages(path, settings, execution)
    else:
        pages = list(_ocr_pages(path, "image", range(_image_page_count(path)), settings, execution))
    for page in pages:
        if page.method in ("ocr", "text-layer"):
            layout.aligned_tables(page)
    doc = Document(source=source, pages=pages)
    doc.warnings.extend(w for page in pages for w in page.warnings)
    if any(page.method == "ocr" for page in pages):
        doc.tesseract = ocr.tesseract_version()
    return doc


def render_pages(path: Path, dpi: int = 150, password: str | None = None) -> Iterator[Image.Image]:
    """The page images of a PDF (rasterised at ``dpi``) or an image file (each TIFF frame), one at a time."""
    media_type = sniff(path, read_bytes(path))
    if media_type == "application/pdf":
        for index in range(_pdf_page_count(path, password)):
            yield _render_pdf_page(path, index, dpi, password)
    elif media_type in IMAGE_TYPES:
        with _open_image(path) as image:
            for frame in ImageSequence.Iterator(image):
                yield _grey(frame)


def ocr_images(path: Path, settings: Settings) -> Iterator[Image.Image]:
    """Every page image exactly as OCR is fed it (300 DPI PDF renders, enlarged low-resolution scans).

    For benchmarks and debugging: compare the pipeline with bare Tesseract on the same pixels.
    """
    if sniff(path, read_bytes(path)) == "application/pdf":
        for index in range(_pdf_page_count(path, settings.password)):
            yield _render_pdf_page(path, index, settings.dpi, settings.password)
    else:
        for index in range(_image_page_count(path)):
            yield _image_page(path, index)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; BadInput naming it when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(str(path), f"cannot read file ({exc.strerror or exc})") from exc


def check_extension(path: Path, media_type: str) -> None:
    """BadInput when a known extension promises another type than the content (e.g. text in a .png)."""
    promised = MEDIA_TYPES.get(path.suffix.lower())
    if promised and promised != media_type:
        raise BadInput(str(path), f"file named {path.suffix.lower()} but contains {KIND_NAMES[media_type]}")


# --- PDF ----------------------------------------------------------------------------------------

def _open_pdfium(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            reason = ("wrong password for encrypted PDF" if password
                      else "encrypted PDF (give its password with --password)")
        else:
            reason = "corrupt or truncated PDF (cannot be opened)"
        raise BadInput(str(path), reason) from exc


def _pdf_page_count(path: Path, password: str | None) -> int:
    document = _open_pdfium(path, password)
    try:
        count = len(document)
    finally:
        document.close()
    if count == 0:
        raise BadInput(str(path), "PDF has no pages")
    return count


def _render_pdf_page(path: Path, index: int, dpi: int, password: str | None) -> Image.Image:
    """One page rasterised in grey at ``dpi`` (its /Rotate applied), carrying its DPI."""
    document = _open_pdfium(path, password)
    try:
        page = document[index]
        width, height = page.get_size()
        dpi = min(dpi, max(1, math.floor(dpi * pixel_budget_scale(width * dpi / 72, height * dpi / 72))))
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil().convert("L")
    except pdfium.PdfiumError as exc:
        raise BadInput(str(path), f"page {index + 1} cannot be rendered ({exc})") from exc
    finally:
        document.close()
    image.info["dpi"] = (dpi, dpi)
    return image


def _pdf_pages(path: Path, settings: Settings, execution: Execution) -> list[Page]:
    """Each page from its text layer when usable, else OCR'd; a PDF may mix both."""
    count = _pdf_page_count(path, settings.password)
    pages: dict[int, Page] = {}
    if not settings.force_ocr:
        pages = text_layer_pages(path, settings.password)
    to_ocr = [index for index in range(count) if index not in pages]
    for page in _ocr_pages(path, "pdf", to_ocr, settings, execution):
        pages[page.number - 1] = page
    return [pages[index] for index in range(count)]


def text_layer_pages(path: Path, password: str | None) -> dict[int, Page]:
    """Pages (by index) whose text layer is usable. A layer pdfminer cannot parse counts as absent."""
    found: dict[int, Page] = {}
    try:
        with pdfplumber.open(path, password=password or "") as pdf:
            for index, pdf_page in enumerate(pdf.pages):
                page = text_layer_page(pdf_page, index + 1)
                if page is not None:
                    found[index] = page
                pdf_page.close()
    except Exception:  # noqa: BLE001 - pdfminer raises many types on odd PDFs; pdfium opened it, so OCR
        return {}
    return found


def usable_text_layer(text: str) -> bool:
    """Enough characters, mostly letters, no unmapped glyphs: worth reading instead of OCR.

    pdfminer writes ``(cid:12)`` for a glyph whose font has no Unicode mapping, and
    such fonts often map to garbage symbols instead (truetype_font_nomapping.pdf).
    """
    if "(cid:" in text or "\ufffd" in text:
        return False
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_LAYER_CHARS:
        return False
    return sum(c.isalpha() for c in chars) / len(chars) >= MIN_LAYER_LETTERS


def text_layer_page(pdf_page: Any, number: int) -> Page | None:
    """A pdfplumber page read from its text layer (see :mod:`pipeline.layout`), or None when the
    layer is not usable."""
    lines, tables = layout.read_page(pdf_page)
    if not usable_text_layer(" ".join(line.original for line in lines)):
        return None
    page = Page(number=number, method="text-layer", width=float(pdf_page.width),
                height=float(pdf_page.height), lines=lines, tables=tables, typeset=layout.typeset(pdf_page))
    page.links = [Link(uri=link["uri"], box=Box(link["x0"], link["top"], link["x1"], link["bottom"]))
                  for link in pdf_page.hyperlinks if link.get("uri")]
    return page


# --- images -------------------------------------------------------------------------------------

def _open_image(path: Path) -> Image.Image:
    try:
        return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise BadInput(str(path), f"image too large to decode safely ({exc})") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise BadInput(str(path), f"corrupt image ({exc})") from exc


COLOUR_MODES = frozenset({"RGB", "RGBA", "P", "CMYK", "YCbCr"})
"""Pillow's modes of an image that may be in colour (a palette may be too)."""


def _image_page_count(path: Path) -> int:
    """Frames of the image, after checking it is big enough to hold text."""
    with _open_image(path) as image:
        if min(image.size) < MIN_IMAGE_SIDE:
            raise BadInput(str(path), f"image too small to OCR ({image.width}x{image.height} pixels)")
        return getattr(image, "n_frames", 1)


def _grey(frame: Image.Image) -> Image.Image:
    """A grey copy of a frame; transparent parts become white paper, not black; a colour frame by the
    mix of its channels that parts its ink from its paper best (:func:`pipeline.ocr.ink_grey`)."""
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(paper, rgba)
    grey = ocr.ink_grey(frame) if frame.mode in COLOUR_MODES else frame.convert("L")
    grey.info["dpi"] = frame.info.get("dpi", (OCR_DPI, OCR_DPI))
    return grey


def _image_page(path: Path, index: int) -> Image.Image:
    """Frame ``index`` in grey, enlarged to 300 DPI when scanned at a low resolution."""
    with _open_image(path) as image:
        try:
            image.seek(index)
            dpi = ocr.image_dpi(image)
            stated = image.info.get("dpi")
            scan = ocr.Scan(path, index, getattr(image, "n_frames", 1), image.size,
                            float(stated[0]) if stated else None, image.mode)
            frame = _grey(image)
        except (OSError, ValueError, EOFError) as exc:
            raise BadInput(str(path), f"corrupt image, frame {index + 1} ({exc})") from exc
    scale = OCR_DPI / dpi if dpi < UPSCALE_BELOW else 1.0
    budget = pixel_budget_scale(frame.width, frame.height)
    if budget < scale:  # floor: the budget is never exceeded by rounding
        scale = budget
        size = (max(1, math.floor(frame.width * scale)), max(1, math.floor(frame.height * scale)))
    else:
        size = (round(frame.width * scale), round(frame.height * scale))
    if scale != 1.0:
        frame = frame.resize(size, Image.Resampling.LANCZOS if scale > 1 else Image.Resampling.BOX)
        if scale > 1:
            frame.info["upscaled_from"] = dpi
        dpi = max(1, round(dpi * scale))
    frame.info["dpi"] = (dpi, dpi)
    if budget >= 1.0:  # a scan larger than the budget is never read whole
        frame.info[ocr.SCAN] = scan
    return frame


def pixel_budget_scale(width: float, height: float) -> float:
    """The largest scale at which a ``width`` × ``height`` page stays within :data:`MAX_PAGE_PIXELS`."""
    return math.sqrt(MAX_PAGE_PIXELS / max(1.0, width * height))


# --- OCR, page by page ---------------------------------------------------------------------------

def _ocr_one(path: Path, kind: str, index: int, settings: Settings) -> Page:
    """Rasterise and OCR one page in a worker process, pages going in parallel: every core already
    reads a page, so its second pass has one process. A BadInput raised there is raised again here
    (it pickles with its path and reason)."""
    image = _page_image(path, kind, index, settings)
    return ocr.start_page(image, index + 1, settings, resampled=_resampled(image), readers_wanted=1)()


def _page_image(path: Path, kind: str, index: int, settings: Settings) -> Image.Image:
    if kind == "pdf":
        return _render_pdf_page(path, index, settings.dpi, settings.password)
    return _image_page(path, index)


def _resampled(image: Image.Image) -> bool:
    return "upscaled_from" in image.info


def _prepare_one(path: Path, kind: str, index: int, settings: Settings) -> tuple[Image.Image, ocr.Prepared]:
    """Rasterise one page and make it ready to read (:func:`pipeline.ocr.prepare_page`)."""
    image = _page_image(path, kind, index, settings)
    return image, ocr.prepare_page(image, settings, _resampled(image))


def _ocr_pages(path: Path, kind: str, indices: Any, settings: Settings,
               execution: Execution) -> Iterator[Page]:
    """OCR pages one at a time, or ``execution.page_jobs`` at a time in processes (bounded memory).

    One at a time, the Tesseract process that reads a page is started one page ahead (its
    model loads while the page before is read), and a page's second pass (processes of its
    own) runs while the next page is read: two cores busy, one page in the main reading.
    """
    indices = list(indices)
    if not indices:
        return
    ocr.check_language(settings.language)
    jobs = min(execution.page_jobs, len(indices))
    if jobs <= 1:
        for done, page in enumerate(_one_at_a_time(path, kind, indices, settings, execution.line_readers), 1):
            _progress(path, done, len(indices))
            yield page
        return
    # Forked from a server process, not from this one, which may be loading the later stages'
    # models in a thread (forking beside a thread can deadlock the child).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        n = len(indices)
        results = pool.map(_ocr_one, [path] * n, [kind] * n, indices, [settings] * n)
        for done, result in enumerate(results, 1):
            _progress(path, done, n)
            yield result


PROGRESS_EVERY = 10
"""Pages between two progress lines of a long document."""


def _progress(path: Path, done: int, total: int) -> None:
    if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
        log.info("%s: %d/%d pages OCR'd", printable(str(path)), done, total)


def _one_at_a_time(path: Path, kind: str, indices: list[int], settings: Settings,
                   readers_wanted: int) -> Iterator[Page]:
    """Each page is rasterised and made ready to read (turned, straightened) in a thread while the
    page before is read: Tesseract leaves the other core idle on a page read once."""
    finishing: Callable[[], Page] | None = None
    upcoming: ocr.PageReader | None = ocr.PageReader(settings)
    line_readers: list[ocr.LineReader] = []  # a page without doubtful lines hands its own on
    ahead = ThreadPoolExecutor(max_workers=1)  # the one thread that renders: pdfium is not thread-safe
    try:
        coming = ahead.submit(_prepare_one, path, kind, indices[0], settings)
        for position, index in enumerate(indices):
            reader, upcoming = upcoming, ocr.PageReader(settings) if position + 1 < len(indices) else None
            try:
                image, prepared = coming.result()
            except BaseException:
                reader.close()
                raise
            if position + 1 < len(indices):
                coming = ahead.submit(_prepare_one, path, kind, indices[position + 1], settings)
            started = ocr.start_page(image, index + 1, settings, resampled=_resampled(image), reader=reader,
                                     line_readers=line_readers, readers_wanted=readers_wanted,
                                     prepared=prepared)
            if finishing:
                yield finishing()
            finishing = started
        if finishing:
            yield finishing()
    finally:
        ahead.shutdown(wait=True, cancel_futures=True)
        for process in [upcoming, *line_readers]:
            if process:
                process.close()
