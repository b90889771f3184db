"""Files → Document: sniff the type from the content, read each page the best way.

Extraction is the only stage that knows about files. PDF pages with a usable text
layer are read with pdfplumber; every other page (and every image) goes to
:mod:`pipeline.ocr`; ``.txt`` transcriptions become one page of lines.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pipeline.errors import BadInput
from pipeline.model import Document, Line, Page, Source, Word
from pipeline.settings import Settings


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
    """UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u2032\u00b4`]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200d\ufeff]")


def normalise(text: str) -> str:
    """NFC, ligatures expanded, one apostrophe form (U+0027), no soft hyphens or controls.

    The typographic apostrophe ’ is folded to the ASCII ' because OCR and
    transcriptions mix both at random and every dictionary uses the ASCII form.
    """
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _APOSTROPHES.sub("'", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROLS.sub("", text)


def lines_from_text(text: str) -> list[Line]:
    """Lines of words from plain text; a blank line becomes a Line with no words."""
    return [Line(words=[Word(original=t) for t in raw.split()]) for raw in text.split("\n")]


def extract(path: Path, settings: Settings) -> Document:
    """Read one input file into a Document. Raises BadInput for anything unreadable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    source = source_info(path, data)
    if source.media_type == "text/plain":
        text = normalise(decode_transcription(data))
        return Document(source=source, pages=[Page(number=1, method="text", lines=lines_from_text(text))])
    raise BadInput(str(path), f"{source.media_type} is not supported yet")
