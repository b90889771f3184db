"""A file's name at the end of a URL: the extensions the archive's URLs end with and what OCR leaves of
them (its dot set apart by a space, one or two letters misread), read by the URL finder, model and
repair alike.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

EXTENSIONS = frozenset({"pdf", "html", "htm", "php", "asp", "aspx", "doc", "docx", "odt", "xls", "xlsx",
                        "ods", "ppt", "pptx", "odp", "zip", "jpg", "jpeg", "png", "csv", "txt", "xml",
                        "shtml", "xhtml", "jsp", "cfm", "json", "rtf", "odg", "epub", "gif", "svg", "tif",
                        "tiff", "webp", "mp3", "mp4"})
"""The file types a URL names by its last segment's extension (documents, pages, images, archives)."""
EXTENSION_SHAPE = re.compile(r"[A-Za-z!|}\]]{2,5}")
"""What OCR leaves of a file extension: letters, and marks that look like ``l`` (``htm!``, ``htm}``,
``htm]``)."""
FILE_EXTENSION = r"\.[A-Za-z0-9]{2,5}"
"""A file extension, for the patterns of a name that ends with one: its dot and the 2-5 letters or figures
after it (``.pdf``, ``.shtml``, ``.mp4``)."""
FILE_ENDING = re.compile(FILE_EXTENSION + "$")
"""A path segment's file extension: its last dot and the 2-5 letters or figures after it."""


def without_extension(segment: str) -> str:
    """``segment``, a file's name, without its extension (:data:`FILE_ENDING`)."""
    return FILE_ENDING.sub("", segment)


EXTENSION = re.compile(
    r"(?:pdf|html?|php|aspx?|docx?|odt|xlsx?|ods|pptx?|zip|jpe?g|png)[.,;:]?", re.IGNORECASE
)
"""A file extension OCR set apart from its dot (``synthese-2017. pdf``)."""


def near_extension(piece: str) -> str | None:
    """The one known file extension ``piece`` is one character from: replaced if one is (``paf``,
    ``htm!``, ``htmt``), else added or dropped (``padf``); None when there is none or several."""
    low = piece.lower()
    if not EXTENSION_SHAPE.fullmatch(piece) or len(low) < 3:
        return None
    same = [e for e in EXTENSIONS if len(e) == len(low) and
            sum(a != b for a, b in zip(e, low, strict=True)) == 1]
    if same:
        return same[0] if len(same) == 1 else None
    other = [e for e in EXTENSIONS if abs(len(e) - len(low)) == 1 and
             Levenshtein.distance(e, low) == 1]
    return other[0] if len(other) == 1 else None


COMMON_EXTENSIONS = ("pdf", "html")
"""The extensions the archive's URLs end with far more than any other (documents, pages)."""


def near_common_extension(piece: str) -> bool:
    """One of the common extensions, a letter misread (``paf``)."""
    return near_extension(piece) in COMMON_EXTENSIONS


def extension_read(piece: str) -> bool:
    """A file extension, one letter from one (``paf``), or misread with a mark that looks like an ``l``,
    which makes it no word (``him!``: ``html``)."""
    return bool(EXTENSION.fullmatch(piece) or near_extension(piece) or
                not piece.isalpha() and likely_extension(piece) in COMMON_EXTENSIONS)


def ends_extension(url: str, piece: str) -> bool:
    """``piece`` is the end of the file extension ``url`` ends with (``….pd`` then ``f``)."""
    stem, dot, extension = url.rpartition(".")
    return bool(dot) and "/" not in extension and (extension + piece).lower() in EXTENSIONS


LOOKS_LIKE_L = str.maketrans("|!}]", "llll")
"""Marks OCR reads for an ``l``."""


DOCUMENT = "pdf"
"""The type of nearly every document the archive's URLs name: a misread extension of a document one letter
from a rarer type (``pat``: ``ppt``) and two from this one is this one, as many times likelier printed as
a second letter misread is rarer; one letter from both (``pdt``), all the more."""


def likely_extension(piece: str) -> str | None:
    """The known file extension ``piece`` is a misreading of: the one it is one character from
    (:func:`near_extension`); when none is, the one of the common extensions that shares its first
    letter and is two characters from it (``par``, ``pal``, ``pe``, ``hin}``): OCR misreads two letters
    of a short word as readily as one. Several one character away (``pdt``: ``pdf``, ``ppt``) are left."""
    near = near_extension(piece)
    low = piece.lower().translate(LOOKS_LIKE_L)
    rare = EXTENSIONS - set(COMMON_EXTENSIONS)
    if near or not EXTENSION_SHAPE.fullmatch(piece) or \
            any(Levenshtein.distance(e, low) <= 1 for e in rare) or \
            any(Levenshtein.distance(e, low) == 1 and e[0] != low[0] for e in COMMON_EXTENSIONS):
        return near
    close = [e for e in COMMON_EXTENSIONS if e[0] == low[0] and Levenshtein.distance(e, low) <= 2]
    return close[0] if len(close) == 1 else None
