"""One page: turned upright, straightened, read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from threading import Thread

from PIL import Image
from pytesseract import TesseractError

from pipeline import lexicon
from pipeline.lexicon import Lexicon
from pipeline.model import Page, Word
from pipeline.ocr.columns import join_cut_blocks, join_split_lines, read_columns
from pipeline.ocr.diagnose import Step, second_steps
from pipeline.ocr.geometry import (
    MIN_SKEW,
    densest_strip,
    detect_skew,
    image_dpi,
    measure_page,
    straighten,
    turn,
)
from pipeline.ocr.noise import drop_noise, drop_unread_rests
from pipeline.ocr.parse import page_from_data
from pipeline.ocr.reread import Rereading, reread_choice, start_reread
from pipeline.ocr.scan import ScanReading, choose_scan, differs, scan_of
from pipeline.ocr.second import SecondReading
from pipeline.ocr.sheet import find_strips, set_apart
from pipeline.ocr.tesseract import (
    MIN_OSD_CONFIDENCE,
    LineReader,
    PageReader,
    close_all,
    orientation,
    read_words,
)
from pipeline.ocr.urlread import URL_LANGUAGE, start_url_reread, url_lines, url_reader
from pipeline.ocr.vote import (
    choose_reading,
    drop_lone,
    evidence,
    mean_evidence,
    outvoted,
    page_evidence,
    trigrams,
)
from pipeline.settings import LINE_READERS, Settings
from pipeline.text import DOUBT

MIN_SKEW_RESAMPLED = 2.0
"""For an image already enlarged once: a second interpolation blurs thin strokes more than
a small tilt hurts (dev f03, 120 DPI enlarged: WER 27.4 % left as is, 31.5 % straightened)."""
TURN_GAIN = 2.0
"""When OSD is unsure, a turned reading must have this many times the likely letters of the upright one
(Tapuscorpus: bad upright pages read as badly turned, and turned by a lesser margin they were wrong)."""
TURN_MEAN_GAIN = 0.2
"""... and words this much more likely on average."""
BAND_SHARE = 0.3
"""An orientation is first tried on a strip of this share of the turned page's height (its densest
lines): only the orientation whose strip reads well enough is read whole."""
MIN_BAND_LETTERS = 20
"""A strip read with fewer letters than this shows no text that way up."""
REREAD_CONFIDENCE = 80.0
"""Mean word confidence below which a page is read a second time preprocessed
(:func:`pipeline.ocr.diagnose.second_steps`)."""

def ocr_page(image: Image.Image, number: int, settings: Settings, resampled: bool = False) -> Page:
    """OCR one page image: turn it upright, straighten it, read its words with confidence and box.

    ``resampled``: the image was enlarged from a low-resolution scan; only a clear
    skew (over 2°) is then straightened.
    """
    return start_page(image, number, settings, resampled)()


def prepare_page(image: Image.Image, settings: Settings, resampled: bool = False) -> Prepared:
    """The page in grey turned upright and straightened, with its turn, its skew and OSD's answer if
    asked: what :func:`start_page` does first, done apart so that a caller can do it while the page
    before is read (a page's image made, measured and straightened costs 0.1-0.3 s on a core
    otherwise idle)."""
    return _upright(image, image_dpi(image), settings, resampled)


def start_page(image: Image.Image, number: int, settings: Settings, resampled: bool = False,
               reader: PageReader | None = None, line_readers: list[LineReader] | None = None,
               readers_wanted: int = LINE_READERS, prepared: Prepared | None = None) -> Callable[[], Page]:
    """Read the page now, and its doubtful URL and date lines and its headings again in the
    background; calling the result gives the page.

    Before it is read the page is diagnosed (:mod:`pipeline.ocr.diagnose`); a page whose measures
    call for reshaping its letters (enlarging, flattening) is read a second time, preprocessed, on
    another Tesseract process while the first reading runs, and a page whose measures call for nothing
    that reads doubtfully is read again flattened (from an image made ready meanwhile); one
    that would only be despeckled is not read again. The readings are voted on line by line
    (:mod:`pipeline.ocr.vote`).

    ``reader``: a Tesseract process started ahead for this page (else one is started now).
    The second pass runs in Tesseract processes of their own: a caller with more pages reads
    the next one meanwhile, so on two cores a document's second pass costs little time.
    ``line_readers``: the caller's second-pass processes, topped up here (to ``readers_wanted``) and
    handed on from page to page while unused (the caller closes them); else the page has its own.
    ``readers_wanted``: more than one means the caller leaves a core to this page's second pass,
    so its preprocessed reading may start beside the first (:func:`_read_page`).
    ``prepared``: :func:`prepare_page` of ``image``, when the caller made it ahead.
    """
    reader = reader or PageReader(settings)
    own = line_readers is None
    readers = [] if line_readers is None else line_readers
    try:
        if settings.second_pass:
            _load_ahead(settings)
        dpi = image_dpi(image)
        prepared = prepared or _upright(image, dpi, settings, resampled)
        given = scan_of(image)
        scan = ScanReading(given, image, number, settings) \
            if given and settings.second_pass and not prepared.rotation and differs(given, image) else None
        if settings.second_pass:  # started now, they load their model on the other core meanwhile
            _top_up(readers, readers_wanted, settings)
        page, straight, ahead = _read_page(prepared, number, dpi, settings, reader,
                                           readers if readers_wanted > 1 else None, scan)
        rereadings = _reread(straight, page, dpi, settings, readers, readers_wanted, ahead) \
            if settings.second_pass else []
    except BaseException:
        reader.close()
        if own:
            close_all(readers)
        raise

    def finish() -> Page:
        try:
            for rereading, keep in rereadings:
                with _failing_kept(page, "lines read again"):
                    rereading(keep)
            if page.diagnosis is not None:  # the noise filter ran: what it held for the URL lines' reading
                page.diagnosis["noise"] += drop_unread_rests(page, _lexicon(settings))
        finally:
            if own:
                close_all(readers)
        if not page.words:
            page.warnings.append(f"page {number}: no text found")
        return page

    return finish


@contextmanager
def _failing_kept(page: Page, what: str) -> Iterator[None]:
    """A further reading Tesseract dies on (a floating-point exception on one enlarged heading of a
    generated scan) costs that reading, not the page: its first reading stands, and a warning says so."""
    try:
        yield
    except TesseractError as exc:
        page.warnings.append(f"page {page.number}: {what} lost, Tesseract failed ({exc}); "
                             "the page's reading kept")


def _top_up(readers: list[LineReader], wanted: int, settings: Settings) -> None:
    """Keep the second-pass processes not yet given work, and start more: up to ``wanted`` in the
    page's language and, with a core to spare (``wanted`` over one), one for its URL lines
    (:func:`url_reader`), so that each has its model loaded by the time the page's lines are known.
    Without a spare core, a process started ahead and left unused (a page with no URL) takes time
    from the other document's reading: the URL lines' is started once they are known."""
    readers[:] = [r for r in readers if r.unused]
    readers += [LineReader(settings) for _ in range(wanted - len(_in(readers, settings.language)))]
    if wanted > 1 and not _in(readers, URL_LANGUAGE) and (reader := url_reader(settings)) is not None:
        readers.append(reader)


def _in(readers: list[LineReader], language: str) -> list[LineReader]:
    return [r for r in readers if r.language == language]


def _reread(straight: Image.Image, page: Page, dpi: int, settings: Settings, readers: list[LineReader],
            readers_wanted: int, ahead: tuple[Rereading, Rereading] | None
            ) -> list[tuple[Rereading, set[int] | None]]:
    """Start reading again the page's headings, doubtful lines and URL lines (each with the lines
    it is to keep, None for all), in the order their results are to be kept.

    Lines read ``ahead`` on the first reading are kept where the page, once voted, still calls for
    them as it did (the same line, read the same way), and only the rest are read now."""
    lex = _lexicon(settings)
    kept_lines: set[int] = set()
    kept_urls: set[int] = set()
    if ahead is not None:
        called_for = {(id(line), heading) for line, heading in reread_choice(page, lex)}
        kept_lines = {i for i, heading in ahead[0].chosen & called_for}
        kept_urls = {i for i, _ in ahead[1].chosen} & {id(line) for line in url_lines(page)}
        left = any(i not in kept_lines for i, _ in called_for)  # none: no process started to be left unused
        _top_up(readers, readers_wanted if left else 0, settings)
    lines = start_reread(straight, page, dpi, _in(readers, settings.language), lex, skip=kept_lines)
    url_lines_now = start_url_reread(straight, page, dpi, settings, lex, skip=kept_urls,
                                     reader=next(iter(_in(readers, URL_LANGUAGE)), None))
    if ahead is None:
        return [(lines, None), (url_lines_now, None)]
    return [(ahead[0], kept_lines), (lines, None), (ahead[1], kept_urls), (url_lines_now, None)]


def _lexicon(settings: Settings) -> Lexicon:
    """The shipped dictionaries, never the user words: a word added there changes correction, not
    the reading, so the OCR cache (keyed by the dictionaries' version) still holds. Loading ahead
    or not, both take their module's lock: the lexicon and its trigrams are made once."""
    return lexicon.load(settings.dictionaries)


_LOADING_AHEAD: set[Path] = set()
"""Per process: the dictionaries folders whose lexicon is (or was) loading ahead (:func:`_load_ahead`)."""


def _load_ahead(settings: Settings) -> None:
    """Load the lexicon and its letter trigrams in a thread while Tesseract reads the first page of
    the process: the vote and the lines read again need them once the page is read (0.3-0.7 s, paid
    once a process), and the core beside the reading is idle meanwhile. A failure there is raised
    again where the page asks for the lexicon."""
    if settings.dictionaries in _LOADING_AHEAD:
        return
    _LOADING_AHEAD.add(settings.dictionaries)
    Thread(target=_load, args=(settings.dictionaries,), daemon=True).start()


def _load(dictionaries: Path) -> None:
    with suppress(Exception):  # the page loads it again in its own thread, and raises there
        trigrams(lexicon.load(dictionaries))


Osd = tuple[int, float]
"""OSD's answer for the page as scanned: its turn and its confidence."""


@dataclass
class Prepared:
    """A page made ready to read (:func:`prepare_page`)."""

    grey: Image.Image
    """The page in grey, upright."""
    rotation: int
    skew: float
    osd: Osd | None
    """OSD's answer, when it was asked (kept: a page that then reads badly is not asked twice)."""
    straight: Image.Image
    """``grey`` straightened: the image read."""


def _upright(image: Image.Image, dpi: int, settings: Settings, resampled: bool) -> Prepared:
    """The page in grey turned upright when it lay sideways, with that turn, its skew and OSD's
    answer when OSD was asked, and straightened."""
    grey = image if image.mode == "L" else image.convert("L")
    rotation = 0
    osd = None
    sideways, skew = measure_page(grey)
    if sideways and settings.rotate_pages:
        osd = orientation(grey, dpi, settings)
        # The ink runs in columns, and OSD must agree that the text does: a typewritten page's
        # letters stand in columns too, and OSD then says 0 or 180 (once wrongly, sure at 2.4).
        # Upside down, such a page reads badly, and is turned below like any other.
        rotation = osd[0] if osd[0] in (90, 270) and osd[1] >= MIN_OSD_CONFIDENCE else 0
        grey = turn(grey, rotation)
    if sideways:
        skew = detect_skew(grey)
    if resampled and abs(skew) <= MIN_SKEW_RESAMPLED:
        skew = 0.0
    return Prepared(grey, rotation, skew, osd, straighten(grey, skew))


def _read_page(prepared: Prepared, number: int, dpi: int, settings: Settings, reader: PageReader,
               spare: list[LineReader] | None, scan: ScanReading | None = None
               ) -> tuple[Page, Image.Image, tuple[Rereading, Rereading] | None]:
    """Diagnose the page and read it (turned again when the reading looks upside
    down, read again preprocessed when it needs it); also the image that was read, and the lines
    read again ahead.

    The diagnosis runs while Tesseract reads the page. With a ``spare`` core (and its second-pass
    processes), a page whose measures call for preprocessing is read preprocessed at once on that
    core, not after the first reading shows it needed it (stopped then when it did not): the page
    then costs about one reading of wall time, not two in a row. And while the preprocessed
    reading goes on, the first reading's headings, doubtful lines and URL lines are read again
    on the core the first reading left (:func:`_reread` keeps those the vote leaves standing)."""
    grey, rotation, skew, osd, straight = (prepared.grey, prepared.rotation, prepared.skew, prepared.osd,
                                           prepared.straight)
    second = SecondReading(straight, number, dpi, settings, spare is not None) \
        if settings.second_pass else None
    ahead = None
    reading: Page | None = None
    readings: list[list[Word]] = []
    try:
        page = read_words(straight, number, dpi, settings, reader)
        if settings.rotate_pages and _doubtful(page):
            turned = _other_orientation(grey, rotation, osd, page, number, dpi, settings)
            if turned:
                page, rotation, skew, straight = turned
                grey = straight  # the page as turned: its strips are looked for on the image read
                if second:
                    second.stop()
                    second = SecondReading(straight, number, dpi, settings, speculative=False)
        # A digital library's source line is not the document's: set apart from each reading before
        # they are voted on.
        strips = find_strips(grey, straight, skew if grey is not straight else 0.0)
        set_apart(page, strips)
        diagnosis = second.measure_stroke() if second else None
        if second and diagnosis:
            # A page read as blank is read again when its measures call for reshaping its letters
            # (a tan sheet on a white lid: one global threshold makes the sheet a black block).
            wanted = second_steps(diagnosis) is not None and (Step.ENLARGE in diagnosis.steps or (
                (page.confidence or 0.0) < REREAD_CONFIDENCE and (bool(page.words) or diagnosis.reshapes)))
            if wanted and spare is not None:
                lex = _lexicon(settings)
                ahead = (start_reread(straight, page, dpi, _in(spare, settings.language), lex),
                         start_url_reread(straight, page, dpi, settings, lex,
                                          reader=next(iter(_in(spare, URL_LANGUAGE)), None)))
            reading = None
            with _failing_kept(page, "the page read again preprocessed"):
                reading = second.reading(wanted)
            if reading is not None:
                set_apart(reading, strips)
                page.notices = page.notices or reading.notices  # the first reading may have missed it
                diagnosis.steps = second_steps(diagnosis) or diagnosis.steps
                diagnosis.readings = ["page", "+".join(map(str, diagnosis.steps))]
                readings = [page.words, reading.words]  # as read, before the vote
                diagnosis.changed = choose_reading(page, reading, _lexicon(settings))
        if scan and diagnosis:
            scanned = None
            with _failing_kept(page, "the scan as given"):
                scanned = scan.reading(rotation, skew if abs(skew) >= MIN_SKEW else 0.0, straight.size)
            if scanned is not None:
                set_apart(scanned, strips)
                page.notices = page.notices or scanned.notices
                base = reading is None  # the scan's reading first, the page image's voted into it
                diagnosis.readings = ["scan", "page"] if base else [*diagnosis.readings, "scan"]
                readings.append(scanned.words)
                diagnosis.changed += choose_scan(page, scanned, _lexicon(settings), base)
                if not base:  # three readings: what one of them alone read, doubted, is dropped,
                    # and what two of them agree on is taken
                    diagnosis.changed += drop_lone(page, readings)
                    diagnosis.changed += outvoted(page, readings, _lexicon(settings))
    finally:
        if second:
            second.stop()
        if scan:
            scan.stop()
    if diagnosis:  # with the second pass: the lexicon judges it, as it does the vote (and keys the OCR cache)
        diagnosis.noise = drop_noise(page, _lexicon(settings))
    join_split_lines(page)
    read_columns(page)  # before the second pass: a line read again alone is one column's line
    join_cut_blocks(page)
    page.rotation = rotation
    page.skew = round(skew, 2) if abs(skew) >= MIN_SKEW else 0.0
    page.diagnosis = diagnosis.as_dict() if diagnosis else None
    return page, straight, ahead


def _other_orientation(grey: Image.Image, rotation: int, osd: Osd | None, page: Page, number: int,
                       dpi: int, settings: Settings) -> tuple[Page, int, float, Image.Image] | None:
    """A page that reads badly as it was turned, read otherwise: one left as scanned, in OSD's
    orientation when OSD is sure, else in each other orientation; one OSD turned, as scanned (OSD is
    sometimes sure and wrong: a typed table upright was turned upside down, confidence 2.4). The
    reading that reads best (most evidence) when it beats the first one, with its rotation from the
    page as scanned.

    Each orientation is first read on a strip of its densest lines (:func:`_promising`), all in one
    Tesseract process; the whole page is read in the one whose strip reads best, if any reads well
    enough. An unreadable upright page (the doubtful pages this serves are mostly that) thus costs
    about a third of a page per orientation tried, not a page."""
    if rotation:  # turned on OSD's word already: the one question left is whether it was wrong to
        angles, trusted = [(360 - rotation) % 360], True
    else:
        angle, sure = osd if osd is not None else orientation(grey, dpi, settings)
        trusted = sure >= MIN_OSD_CONFIDENCE
        angles = [angle] if trusted else list(dict.fromkeys([angle, 90, 180, 270]))
    lex = _lexicon(settings)
    upright = page_evidence(page, lex)
    needed = mean_evidence(page, lex) + (0.0 if trusted else TURN_MEAN_GAIN)
    # Without OSD's word, a turn must read far better: a bad upright page reads badly every way.
    best, best_score = None, upright if trusted else TURN_GAIN * upright
    for candidate in _promising(grey, [a for a in angles if a], page, needed, dpi, settings, lex):
        turned = turn(grey, candidate)
        retry_skew = detect_skew(turned)
        retry_image = straighten(turned, retry_skew)
        retry = read_words(retry_image, number, dpi, settings)
        score = page_evidence(retry, lex)
        # Turned the right way, Tesseract is surer of its reading too (an unreadable page read
        # upside down can still make likelier letters by chance).
        if score > best_score and mean_evidence(retry, lex) >= needed and _surer(retry, page):
            best, best_score = (retry, (rotation + candidate) % 360, retry_skew, retry_image), score
    return best


def _promising(grey: Image.Image, angles: list[int], page: Page, needed: float, dpi: int,
               settings: Settings, lex: Lexicon) -> list[int]:
    """Of ``angles``, the one worth reading the whole page in: each turn's densest strip read (one
    process for all), the strip that reads with the most evidence among those whose words are as
    likely as ``needed`` and surer than ``page``'s; none when no strip does."""
    if not angles:
        return []
    bands = []
    for angle in angles:
        turned = turn(grey, angle)
        top, bottom = densest_strip(turned, BAND_SHARE)
        bands.append(turned.crop((0, top, turned.width, bottom)))
    reader = PageReader(settings)
    try:
        readings = [page_from_data(data, page.number) for data in reader.read_pages(bands, dpi)]
    finally:
        reader.close()
    known = trigrams(lex)
    scored = []
    for angle, band in zip(angles, readings, strict=True):
        # Tesseract also reads text standing on end, in boxes taller than wide: only the words that
        # lie along the strip's lines show that this way up is the one (else a short line read on
        # end in a 90° strip ties with the same line read level in the 180° one).
        words = [w for w in band.words if w.box and (w.box.width >= w.box.height or len(w.original) < 3)]
        letters = sum(c.isalpha() for w in words for c in w.original)
        mean = evidence(words, lex, known)
        confidence = sum(w.confidence or 0.0 for w in words) / max(len(words), 1)
        if letters >= MIN_BAND_LETTERS and mean >= needed and confidence >= (page.confidence or 0.0):
            scored.append((mean * sum(len(w.original) for w in words), angle))
    return [max(scored)[1]] if scored else []


def _surer(reading: Page, page: Page) -> bool:
    return (reading.confidence or 0.0) >= (page.confidence or 0.0)


def _doubtful(page: Page) -> bool:
    """A page whose mean confidence Tesseract doubts: its orientation is checked with OSD."""
    confidence = page.confidence
    return confidence is None or confidence < DOUBT




