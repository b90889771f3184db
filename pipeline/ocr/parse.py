"""Tesseract's outputs (TSV from ``image_to_data``, hOCR with character choices) read into the model."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from pipeline.model import Box, Line, Page, Word
from pipeline.ocr.geometry import read_once
from pipeline.text import normalise


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
    for line in lines.values():
        line.words = read_once(line.words)
    return Page(number=number, method="ocr", lines=parted([line for line in lines.values() if line.words]))


def parted(lines: list[Line]) -> list[Line]:
    """The lines with a blank line between blocks, so the raw text shows blocks the way Tesseract
    found them."""
    out: list[Line] = []
    for line in lines:
        if out and line.block != out[-1].block:
            out.append(Line(block=out[-1].block))
        out.append(line)
    return out


def words_from_hocr(hocr: str, count: int) -> list[list[Word]]:
    """The words of each page of Tesseract's hOCR (``lstm_choice_mode=2``), with each character's
    alternatives; a page Tesseract found empty gives an empty list."""
    parser = _HocrWords()
    parser.feed(hocr)
    parser.close()
    pages = parser.pages + [[] for _ in range(count - len(parser.pages))]
    return [read_once([word for word in map(_hocr_word, page) if word]) for page in pages[:count]]


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
            self.word = _HocrWord("", float(fields.get("x_wconf", 0)), Box(x0, y0, x1, y1), [])
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
    return Box(float(data["left"][i]), float(data["top"][i]),
            float(data["left"][i] + data["width"][i]), float(data["top"][i] + data["height"][i]))


def _entry_word(data: dict[str, list[Any]], i: int) -> Word | None:
    """Entry ``i`` of an ``image_to_data`` reading as a Word; None when it is blank or has no confidence."""

    text = normalise(str(data["text"][i])).strip()
    conf = float(data["conf"][i])
    if not text or conf < 0:
        return None
    return Word(original=text, confidence=round(conf, 2), box=_entry_box(data, i))

