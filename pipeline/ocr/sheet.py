"""The scanned sheet, and the bands a digitiser adds around it.

A digital library often appends a strip to each page image it serves, below or above the scanned
sheet, with a line of its own (``Source gallica.bnf.fr / Bibliothèque nationale de France``). That
line is the copy's provenance, not the document's text: a person reading the page skips it (no
Tapuscorpus transcription of the 30 pages that carry one has it). The strip shows in the pixels as
no scan does: its background is one flat shade, while a sheet's paper, even a clean one, varies
from pixel to pixel; and it meets the sheet along a straight edge where the shade changes.
The words read on such a strip are set apart on the page (:attr:`Page.notices`), not deleted.
The strip is looked for on the image as the library served it, where its edge is level: once the
page is straightened for a skewed sheet, the edge is not (7 of the 30 Tapuscorpus pages that carry one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from pipeline.model import Box, Page
from pipeline.ocr.geometry import unstraightened

FLAT = 0.5
"""Share of a strip row's light pixels (those not ink) within ``SAME_SHADE`` of the strip's shade:
a row of the strip, text rows included (letters' JPEG ringing lowers it to about 0.75)."""
SAME_SHADE = 2
"""Grey levels around the strip's shade that count as that shade."""
LIGHT = 40
"""Grey levels under the strip's shade down to which a pixel is paper, not ink."""
OTHER_PAPER = 0.1
"""At most this share of the light pixels just beyond the strip have its shade: another paper."""
BEYOND = 20
"""Rows beyond the strip where that other paper is looked for."""
STRIP_SHARE = (0.005, 0.1)
"""A strip is this share of the image's height, at least and at most."""
INK = 80
"""Grey levels from the strip's shade from which a pixel on the strip is ink (a letter)."""


def added_strips(grey: Image.Image) -> list[tuple[int, int]]:
    """The rows (first, past the last) of the strips added at the image's foot and head: a run of
    rows from the edge whose paper is one flat shade, with ink on it, and beyond it a paper of
    another shade. A page that is all one flat shade (a PDF printed to an image) has none."""
    width, height = grey.size
    reach = min(int(STRIP_SHARE[1] * height) + BEYOND + 1, height)  # only the edges are looked at
    foot = np.asarray(grey.crop((0, height - reach, width, height)).convert("L"), dtype=np.int16)
    head = np.asarray(grey.crop((0, 0, width, reach)).convert("L"), dtype=np.int16)[::-1]
    strips = []
    if run := _strip(foot, height):
        strips.append((height - run, height))
    if run := _strip(head, height):
        strips.append((0, run))
    return strips


def _strip(rows: np.ndarray, height: int) -> int:
    """How many rows from the foot of ``rows`` (the edge of an image ``height`` rows high) make an
    added strip (0: none)."""
    shade = int(np.median(rows[-3:]))
    top = len(rows)
    while top > 0 and _same_share(rows[top - 1], shade) >= FLAT:
        top -= 1
    size = len(rows) - top
    if not STRIP_SHARE[0] * height <= size <= STRIP_SHARE[1] * height:
        return 0
    if _same_share(rows[max(top - BEYOND, 0):top], shade) > OTHER_PAPER:
        return 0
    return size if bool((np.abs(rows[top:] - shade) >= INK).any()) else 0


def _same_share(rows: np.ndarray, shade: int) -> float:
    """Share of the light pixels of ``rows`` that have ``shade`` (0 when none is light, or when most
    are ink: not a strip's row)."""
    light = rows[rows >= shade - LIGHT]
    if light.size < 0.5 * rows.size:
        return 0.0
    return float((np.abs(light - shade) <= SAME_SHADE).mean())


@dataclass(frozen=True)
class Strips:
    """The strips added to a page image (:func:`added_strips`: rows of the image as served), and the
    turn that made the image read from it (``size``, straightened by ``skew`` degrees into
    ``straight_size``)."""

    rows: tuple[tuple[int, int], ...]
    skew: float
    size: tuple[int, int]
    straight_size: tuple[int, int]

    def hold(self, box: Box | None) -> bool:
        """Whether the middle of ``box`` (on the image read) lies on a strip."""
        if box is None or not self.rows:
            return False
        _, y = unstraightened((box.x0 + box.x1) / 2, (box.top + box.bottom) / 2, self.skew, self.size,
                              self.straight_size)
        return any(first <= y < last for first, last in self.rows)


def find_strips(served: Image.Image, straight: Image.Image, skew: float) -> Strips:
    """The strips added to ``served``, the page upright as the library served it, for the words read on
    ``straight``, the page it became straightened by ``skew`` degrees."""
    return Strips(tuple(added_strips(served)), skew, served.size, straight.size)


def set_apart(page: Page, strips: Strips) -> None:
    """Take off ``page`` the words whose middle lies on one of the ``strips``, each line's such words
    kept as one string in ``page.notices``; a line left with no word goes."""
    on_strip = strips.hold

    notices: list[str] = []
    emptied: set[int] = set()
    for line in page.lines:
        kept = [w for w in line.words if not on_strip(w.box)]
        if len(kept) < len(line.words):
            notices.append(" ".join(w.original for w in line.words if on_strip(w.box)))
            line.words, line.box = kept, Box.around(w.box for w in kept if w.box) or line.box
            if not kept:
                emptied.add(id(line))
    page.lines = [line for line in page.lines if id(line) not in emptied]
    page.notices += notices
