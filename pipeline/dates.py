"""French dates, in words (``Mardi 28 février 2017``, ``1er mars``) and in figures
(``14/03/2018 - 16:19``), to ISO 8601, with the label of their line (``Dates``, ``modifié le``)."""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz.distance import Levenshtein

from pipeline.model import Block, DateMention, Word
from pipeline.text import CONFUSIONS, fold

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
ABBREVIATIONS = {"janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
                 "dec": 12}
"""Months as orders and tables shorten them (``7 JUIL. 2017``, ``FÉV.``): with their dot, or in capitals."""
DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FIRST = r"1[eéè]r|1re|1°|1e|[^\W\d_]?er|l'er|1ER"
"""``1er`` as printed, and as OCR reads it: ``1°``, ``1e``, ``1ér`` (a speck on its ``e``), ``er`` (its
``1`` lost), a letter for the ``1`` (``ler``, ``Ier``, ``Ter``, ``der``: no other word of two or three letters
ending in ``er`` stands as a day before a month), and ``l'er`` (``ler`` taken by the corrector for an
elision)."""
NOISE = r"[\s.,;:'`_-]{1,3}?"
"""A speck OCR put between a date's parts (``30; janvier``, ``30 , janvier``, ``14-octobre``: seed 206)."""
IN_WORDS = re.compile(
    rf"\b(?:(?P<weekday>{DAYS})(?:[.,;:]\s*|\s+))?(?P<day>{FIRST}|\d{{1,2}})(?:\s+|{NOISE}\s*|(?<=\d))"
    rf"(?P<month>[^\W\d_]{{3,9}})(?P<dot>\.)?(?:{NOISE}\s*(?P<year>\d{{4,5}}|(?:19|20)(?:\d\s\d|\s\d\d))(?!\d))?"
    r"(?(year)|(?!\w))",
    re.IGNORECASE,
)
"""A date in words. OCR may lose the space after a day in figures or after the year (``2mai 2021``,
``3 mai 2017a réuni``): figures and the year's four tell where each part ends (a day in letters glued to
a word is none: ``Germain. 1779``); and it may put one inside the year (``201 7``, ``20 13``)."""
IN_FIGURES = re.compile(
    r"(?<![\d/])(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})(?![\d/])"
    r"(?:\s*(?:-|à|,)?\s*(?P<hour>\d{1,2})\s*[:h]\s*(?P<minute>\d{2})\b)?",
    re.IGNORECASE,
)
"""``14/03/2018``, ``14.03.18``; a time right after it (``- 16:19``) belongs to it."""
SLASH_LOST = re.compile(r"\bdate\s*:\s*(?P<day>[0-3]\d)/?(?P<month>[01]\d)/?(?P<year>(?:19|20)\d\d)\b",
                        re.IGNORECASE)
"""A date field's day, month and year in figures, one of their slashes lost (``Date: 0111/2012``): after
``Date :``, figures are the date."""
GENERIC = re.compile(
    r"\s*(?:de\s+(?:\S\W?\s*|\W{1,2}\s*|chaque\s+|cette\s+)[aä]nn[ée]e|de\s+chaque\s+mois|de\s+l'exercice|"
    r"de\s+l'an\b|de\s+chaque\s+exercice|(?:de\s+)?tous\s+les\s+ans|chaque\s+ann[ée]e)",
    re.IGNORECASE,
)
"""What makes a day and a month a rule rather than a date: ``le 31 août de l'année considérée``,
``le 1er mars de chaque année``. Matched where a date ends (``GENERIC.match(text, end)``), never
on a copy of the rest of the line: a line may hold a whole book. The elision is matched as OCR
leaves it on a poor scan (``de l ännée``, ``de | année``, ``de F année``: one sign before ``année``
after ``de`` can only be its ``l'``)."""
SIGNATURE = re.compile(r"\bfait\s+a\s+[^,;]{1,60}[,.;:]*\s+le\s*$")
"""The closing line of an order or a letter, folded: ``Fait à Créteil, le`` before its date, with what
OCR leaves on it (``Faït``, ``lé``, a speck after the place's comma: ``Val-de-Sambre,;``)."""
SIGNATURE_LABEL = "signature"
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
CLAUSE_START = re.compile(r"[(\[;.!?–—]|\s-\s")
"""Where a label can start: after a bracket, a sentence's end or a dash."""
MAX_AFTER_COLON = 2
MAX_LABEL_WORDS = 6
MAX_LEAD_IN_WORDS = 4
DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces"}
DETERMINERS |= {"son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos"}
"""A lead-in opening with a lower-case determiner is a sentence going on (``la journée régionale du``)."""


@dataclass
class FoundDate:
    date: str
    raw: str
    start: int
    end: int
    label: str | None = None


LATEST_YEAR = 2099
"""A date's year after it is a misread (``18 AOÛT 3012`` for ``2012``): no document is dated so far ahead."""


def _year(figures: str) -> int | None:
    """A date's year as read: four figures, or five that are a year with one figure read twice
    (``2 MARS 20114``), when they can be one year only, or else a year and a speck after it read as a
    figure (``7 octobre 20135``, a clean scan); else None (the date has no year it can be read for:
    ``3 juin 10000 personnes``)."""
    if len(figures) == 4:
        return int(figures)
    once = {figures[:k] + figures[k + 1 :] for k in range(len(figures) - 1) if figures[k] == figures[k + 1]}
    years = [int(y) for y in once if y[:2] in ("19", "20")]
    if not years and figures[:2] in ("19", "20"):
        return int(figures[:4])
    return years[0] if len(years) == 1 else None


def _iso(year: int, month: int, day: int, hour: str | None = None, minute: str | None = None) -> str | None:
    if year > LATEST_YEAR:
        return None
    try:
        if hour is not None and minute is not None:
            return dt.datetime(year, month, day, int(hour), int(minute)).isoformat(timespec="minutes")
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


LABEL_WINDOW = 240
"""Characters before a date where its label is looked for: a label is at most six words before a
colon and two after it, a signature's place at most 60 characters, so 240 hold either with room
(a wider window only costs time on a line dense with dates)."""


def find_dates(text: str, default_year: int | None = None, after: str = "") -> list[FoundDate]:
    """The dates in one line of text, in order.

    A date written without its year (``1er mars``) takes the last year written before it
    on the line, else ``default_year`` (the document's year), unless the words after it make
    it a rule (``le 31 août de l'année considérée``; they may go on in the text ``after`` it, a
    line the layout set apart) or its day of the week does not fall on it that year; with no
    year at all it is skipped. A date after ``Fait à X, le`` is labelled ``signature``.
    A time is kept only after a date in figures: after a date in words, times are opening
    hours (``de 18 h 30 à 20 h 45``), not the instant the date names.
    """
    found: list[FoundDate] = []
    # Each year written on the line, by where it ends: found once, looked up by bisection (a
    # search of the text before each date made a line of many dates quadratic).
    years = [(m.end(), int(m[1])) for m in YEAR.finditer(text)]
    read_on = f"{text} {after[:YEAR_WORD_AFTER]}" if after else text
    for match in IN_FIGURES.finditer(text):
        year = int(match["year"])
        if year < 100:  # the years YEAR knows: 50-99 are 1950-1999, 00-49 are 2000-2049
            year += 1900 if year >= 50 else 2000
        iso = _iso(year, int(match["month"]), int(match["day"]), match["hour"], match["minute"])
        if iso:
            found.append(FoundDate(iso, match.group(0), match.start(), match.end()))
    for match in SLASH_LOST.finditer(text):
        iso = _iso(int(match["year"]), int(match["month"]), int(match["day"]))
        if iso and not any(d.start < match.end() and match.start("day") < d.end for d in found):
            start = match.start("day")
            found.append(FoundDate(iso, text[start : match.end()], start, match.end()))
    for match in IN_WORDS.finditer(text):
        day = 1 if re.fullmatch(FIRST, match["day"], re.IGNORECASE) else int(match["day"])
        month = _month(match["month"], bool(match["dot"]))
        read = _year(re.sub(r"\s", "", match["year"])) if match["year"] is not None else None
        if month is None and read is not None:
            month = _month_misread(match["month"], match["weekday"], read, day)
        if month is None:
            continue
        if read is not None:
            year: int | None = read
        elif GENERIC.match(read_on, match.end()) or _of_the_year(read_on, match.end()):
            continue
        else:
            earlier = bisect_right(years, (match.start(), math.inf))
            year = years[earlier - 1][1] if earlier else default_year
            if year and match["weekday"] and not _weekday_fits(match["weekday"], year, month, day):
                continue  # the document's year is not this date's: its day of the week says so
        iso = _iso(year, month, day) if year else None
        if iso:
            end = match.end() if read is not None else match.start("month") + len(match["month"])
            found.append(FoundDate(iso, text[match.start() : end], match.start(), end))
    found.sort(key=lambda d: d.start)
    for date in found:
        # A label or a signature is a few words: the text just before the date is enough (all of
        # it made a line of many dates quadratic).
        before = text[max(0, date.start - LABEL_WINDOW): date.start]
        date.label = SIGNATURE_LABEL if SIGNATURE.search(fold(before)) else label_before(before)
    return found


SURE_DATE = 90.0
"""OCR confidence under which a word of a date in words makes its line worth reading again."""
YEAR_WORD = re.compile(r"^\W*(?:19|20)\d\d\W*$")
DAY_SHAPE = re.compile(r"^\S{1,3}$")
MONTH_SHAPE = re.compile(r"^[^\W\d_]{2,9}\.?[,;]?$")


def unsure_date(words: list[tuple[str, float | None]]) -> bool:
    """A line's words (text, OCR confidence) hold something shaped like a date in words (a day of
    up to three signs, a word, a year) that OCR was unsure of: a misread day or month loses the
    date (``40 octobre 2016``, ``10 mu 2014``, ``der novembre``), and the line read again alone
    mostly reads it right. So does a date its day of the week contradicts, however sure OCR was."""
    for k in range(2, len(words)):
        day, month, year = words[k - 2 : k + 1]
        if YEAR_WORD.match(year[0]) and MONTH_SHAPE.match(month[0]) and DAY_SHAPE.match(day[0]) and \
                any((c or 0.0) < SURE_DATE for _, c in (day, month, year)):
            return True
    return any(weekday_contradicts(date) for date in find_dates(" ".join(text for text, _ in words)))


DAY_DIGITS = re.compile(r"\d{2}")
STRONG_ALTERNATIVE = 0.5
"""A digit's alternative counts when OCR gave it at least this share of its reading's score."""


def day_from_choices(words: list[Word]) -> list[Word] | None:
    """A date in words whose day cannot be (``40 octobre 2016``), or that its day of the week does not
    fall on (``vendredi 22 juillet 2013``), its day made possible by OCR's own strongest alternative for
    one of its digits (``1``, scored 84 against the ``4``'s 92) that its day of the week, if any, falls
    on (``vendredi 42 juillet 2013``: the ``2`` at 74 makes a Monday, the ``1`` at 73 a Friday): the words
    with that day, or None. Only the second reading gives alternatives (``Word.choices``)."""
    for k in range(len(words) - 1):
        day, month = words[k], words[k + 1]
        number = _month(month.original.rstrip(".,"), month.original.endswith("."))
        if not DAY_DIGITS.fullmatch(day.original) or number is None or \
                not day.choices or len(day.choices) != len(day.original):
            continue
        before = words[k - 1].original.rstrip(".,;:") if k else ""
        after = words[k + 2].original.rstrip(".,;:") if k + 2 < len(words) else ""
        weekday = before if re.fullmatch(DAYS, before, re.IGNORECASE) else None
        year = int(after) if re.fullmatch(r"(?:19|20)\d\d", after) else None
        if _day_fits(day.original, weekday, year, number):
            continue
        options = []
        for i, (best, *others) in enumerate(day.choices):
            for alternative, score in others:
                read = day.original[:i] + alternative + day.original[i + 1 :]
                if alternative.isdigit() and score >= STRONG_ALTERNATIVE * best[1] and \
                        _day_fits(read, weekday, year, number):
                    options.append((score, read))
        if options:
            out = list(words)
            out[k] = replace(day, original=max(options)[1], text=max(options)[1])
            return out
    return None


def _day_fits(day: str, weekday: str | None, year: int | None, month: int) -> bool:
    """A day of a month, that its day of the week falls on when both it and the year are known."""
    if not 1 <= int(day) <= 31:
        return False
    return weekday is None or year is None or _weekday_fits(weekday, year, month, int(day))


def dates_in(words: list[str]) -> int:
    """How many dates a reading of a line holds, but those its day of the week contradicts
    (:func:`weekday_contradicts`): of two readings, the one with more read better."""
    return sum(not weekday_contradicts(date) for date in find_dates(" ".join(words)))


def weekday_contradicts(date: FoundDate) -> bool:
    """The date opens with a day of the week it does not fall on (``vendredi 22 juillet 2013``, a
    Monday): a figure of its day misread (``12``: a photocopy's speck on its ``1``, seed 203 of
    ``bench/url_scans.py``)."""
    weekday = re.match(DAYS, date.raw, re.IGNORECASE)
    day = dt.date.fromisoformat(date.date[:10])
    return weekday is not None and not _weekday_fits(weekday.group(), day.year, day.month, day.day)


YEAR_WORD_AFTER = 30
"""Characters after a date where ``de l'année`` is looked for."""


def _of_the_year(text: str, end: int) -> bool:
    """``31 août de l'année`` as OCR leaves it on a poor scan (``dé l'année``, ``de |' ahnée``, ``se l'
    année``): a word of two letters, then within two words one a letter from ``année``, or from one of
    OCR's confusions of it (``arinée``: its ``nn`` read ``rin``)."""
    words = re.findall(r"[^\W\d_]+", text[end : end + YEAR_WORD_AFTER])
    return len(words) >= 2 and len(words[0]) == 2 and not text[end:].lstrip()[:1].isdigit() and \
        any(_near_year_word(fold(w.lower())) for w in words[1:3])


def _near_year_word(word: str) -> bool:
    """``word`` is ``annee`` but a letter, once one of OCR's confusions of letters is undone in it."""
    readings = [word, *(word.replace(read, meant, 1) for read, meant, _ in CONFUSIONS
                        if len(read) > 1 and read in word)]
    return any(Levenshtein.distance(reading, "annee") <= 1 for reading in readings)


def _month(word: str, dot: bool) -> int | None:
    """The month a word names: in full, or shortened with its dot or in capitals (``JUIL``)."""
    key = fold(word)
    if key in MONTHS:
        return MONTHS[key]
    if dot or word.isupper():
        return ABBREVIATIONS.get(key)
    return None


def _month_misread(word: str, weekday: str | None, year: int, day: int) -> int | None:
    """The month a word one letter from a month's name stands for, between a day and a year: the one
    month so near (``juilet``), or the one of them the day of the week falls in (``jeudi 16 maïs 2023``:
    ``mars``, ``mai``; the 16th of March 2023 is a Thursday)."""
    key = fold(word)
    near = [month for name, month in MONTHS.items() if Levenshtein.distance(key, name) == 1]
    if weekday:
        near = [month for month in near if _weekday_fits(weekday, year, month, day)]
    return near[0] if len(near) == 1 and len(key) >= 4 else None


def _weekday_fits(weekday: str, year: int, month: int, day: int) -> bool:
    try:
        return WEEKDAYS[dt.date(year, month, day).weekday()] == weekday.lower()
    except ValueError:
        return False


def label_before(before: str) -> str | None:
    """The label a line gives a date, or None for a date in running prose.

    A label is either the words before a colon the date follows (``Prochaine réunion : le 4 avril``
    → ``Prochaine réunion``, at most two words between colon and date), or a short lead-in of at
    most four words since the start of the line or of a bracket or dash (``(modifié le``, ``– mise à
    jour du``), not opening with a determiner. A longer clause (``la synthèse a été présentée au
    comité de pilotage du``) or one opening with a determiner (``la journée régionale du``) is prose.
    """
    before = before.rstrip()
    head, colon, between = before.rpartition(":")
    if colon and len(between.split()) <= MAX_AFTER_COLON:
        label = CLAUSE_START.split(head)[-1].strip(" ,")
        label = re.sub(r"^[•*+>»<·–-]\s*", "", label)
        return label if label and len(label.split()) <= MAX_LABEL_WORDS else None
    clause = re.split(r"[(\[:;,.!?–—]|\s-\s", before)[-1].split()
    if not clause or len(clause) > MAX_LEAD_IN_WORDS or clause[0] in DETERMINERS:
        return None
    return " ".join(clause)


def document_year(texts: list[str]) -> int | None:
    """The year the document speaks of most, for dates written without one."""
    years = [int(y) for text in texts for y in YEAR.findall(text)]
    return max(set(years), key=years.count) if years else None


# --- The document's own date -------------------------------------------------------------------


class DateSource(StrEnum):
    """Where the document's own date was read, most telling first."""

    METADATA = "metadata"
    """A ``Date`` field: ``Date : Mardi 28 février 2017``."""
    TITLE = "title"
    """The title names it: ``Compte rendu de la réunion du 12 mars 2019``."""
    SIGNATURE = "signature"
    """The place and date a letter or report is signed: ``Fait à Lens, le 3 avril 2019``."""
    UPDATE = "update"
    """When it was issued: ``mise à jour du 14/03/2018``, ``publié le``, ``modifié le``."""


DATE_FIELD = re.compile(r"^dates?\b")
SIGNED = re.compile(r"^(?:Fait\s+)?(?:a\s+)?[A-Z][^\W\d_]*(?:[ '-][^\W\d_]+){0,3},\s*(?:le\s*)?$")
"""A block opening with ``Fait à Lens, le``, ``Villeneuve-d'Ascq, le``: a place name (letters, at most
four words), a comma, then the date."""
ISSUED = re.compile(
    r"\b(?:mise? a jour|mis en ligne|modifie|publie|edite|redige|actualise)e?s?\s*(?:le|du|:)?\s*$")
"""What precedes the date a document was issued or updated (``mise à jour du``), on folded text."""


def document_date(blocks: list[Block], dates: list[DateMention]) -> tuple[DateMention | None, str | None]:
    """The document's own date and where it was read (a :class:`DateSource` value), or (None, None).

    Unlike the first date mentioned, this is the date the document is about or was written: a
    date field, the title's date, a signature's date, else the date it was issued."""
    def kind(date: DateMention) -> str | None:
        return blocks[date.block].kind if date.block is not None and date.block < len(blocks) else None

    def before(date: DateMention) -> str:
        if date.block is None or date.block >= len(blocks):
            return ""
        text = blocks[date.block].text
        return text[: max(text.find(date.raw), 0)]

    rules = (
        (DateSource.METADATA, lambda d: d.label is not None and bool(DATE_FIELD.match(fold(d.label)))),
        (DateSource.TITLE, lambda d: kind(d) == "title"),
        (DateSource.SIGNATURE, lambda d: bool(SIGNED.search(before(d).replace("à", "a").replace("À", "A")))),
        (DateSource.UPDATE, lambda d: bool(ISSUED.search(fold(before(d))))),
    )
    for source, rule in rules:
        date = next((d for d in dates if rule(d)), None)
        if date is not None:
            return date, source.value
    return None, None
