"""Lines Tesseract read where the page has no text: specks, a ruler or a perforation, a stamp, a
scribble, the shadow of the page's edge.

Tesseract reads any ink that lines up as letters, and says it doubts them: the words of such a
line are read under :data:`pipeline.text.DOUBT` (all but a speck or two: a dashed rule read as
forty tokens had one ``ns`` at 60), and its letters make no French (the lexicon knows no word of
it, nor do its letter sequences look French: :func:`pipeline.ocr.vote.evidence`). A line of text
read badly keeps words read surely, or words the lexicon knows, or is a name: a speaker's name
in a play's margin or initials (``Salagoïty`` read at 16, ``F.M.`` at 42) are doubted alone on
their line, and are what an archivist searches for.
Such lines are dropped once the page's readings are voted, before its columns are found (specks
in a gutter read as words) and its lines read again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline import urls
from pipeline.lexicon import Lexicon
from pipeline.model import Line, Page, Word
from pipeline.ocr.geometry import words_span
from pipeline.ocr.parse import parted
from pipeline.ocr.urlrest import cut_lines, rest_under
from pipeline.ocr.vote import EDGE, evidence, plausibility, trigrams
from pipeline.text import DOUBT, is_url_like

NOISE_EVIDENCE = 0.5
"""Mean likelihood (:func:`pipeline.ocr.vote.evidence`) under which a line's words make no French:
a word the lexicon knows counts 0.6 or more however unsurely it was read, an unknown word at most
its confidence times 0.8."""
SURE_SHARE = 0.1
"""Share of a line's letters in words read surely under which its sure words are specks that
happened to be read well, not text. Measured on the 112 Tapuscorpus pages against no share (every
word doubted): a tenth 35 fewer word errors, a twentieth 9, a fifth 32 but two pages newly worse
than bare Tesseract."""


NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]{2,}")
"""A capitalised word of letters (``Salagoïty``)..."""
NAME_PLAUSIBILITY = 0.8
"""... whose letter sequences look French (:func:`pipeline.ocr.vote.plausibility`: ``Salagoïty``
0.89; a scribble read as ``Htteiettetrt`` 0.75)."""
INITIALS = re.compile(r"[A-ZÀ-Ý](?:\.[A-ZÀ-Ý][a-z]?)+")
"""``F.M``, ``F.Me`` (edge signs stripped)."""
NAME_SHARE = 0.8
"""Share of a line's letters in names or initials for the line to be text whatever its doubt."""
URL_WORD = 6
"""Letters and figures of the longest URL piece of a URL line, not specks (:func:`_url_material`)..."""
URL_SHARE = 0.5
"""... and the share of the line's letters and figures its URL pieces hold."""


def noise(words: list[Word], lexicon: Lexicon) -> bool:
    """Whether ``words``, a line, are ink read as letters: (nearly) all doubted, none making French,
    not a name."""
    if not words:
        return False
    known = trigrams(lexicon)
    letters = sum(len(w.original) for w in words)
    sure = sum(len(w.original) for w in words if (w.confidence or 0.0) >= DOUBT)
    named = sum(len(w.original) for w in words if _name(w.original.strip(EDGE), known))
    return (sure < SURE_SHARE * letters and named < NAME_SHARE * letters
            and not _url_material(words) and evidence(words, lexicon, known) < NOISE_EVIDENCE)


def _url_material(words: list[Word]) -> bool:
    """Half the line's letters and figures in pieces of a URL (:func:`pipeline.text.is_url_like`), one
    of them a word long (:data:`URL_WORD`), or a URL the finder opens on the line that long
    (``https:/wwwnord. gouv. Wstesdefauuriesimedis dounloads/RH CSM AGMACA``): a URL read badly,
    which the URL finder and the URL lines' second reading judge (:mod:`pipeline.ocr.urlread`);
    specks read as ``/`` or ``%`` are shorter."""
    def alnum(text: str) -> int:
        return sum(c.isalnum() for c in text)
    pieces = [alnum(w.original) for w in words if is_url_like(w.original.strip(EDGE))]
    return max(pieces, default=0) >= URL_WORD and sum(pieces) >= URL_SHARE * alnum(
        "".join(w.original for w in words)) or any(
        alnum(hit.raw) >= URL_WORD for hit in urls.find_urls([[w.original for w in words]]))


def _name(core: str, known: frozenset[str]) -> bool:
    """Shaped as a name or initials: unlike the vote's names (:func:`pipeline.ocr.vote.evidence`'s
    unknown capitalised words), the lexicon may know it: a speck line's letters are judged by shape."""
    return bool(INITIALS.fullmatch(core)
                or NAME.fullmatch(core) and plausibility(core, known) >= NAME_PLAUSIBILITY)


def drop_noise(page: Page, lexicon: Lexicon) -> list[str]:
    """Remove from ``page`` its lines of :func:`noise` (a blank line still parts its blocks), but for
    the rest of a URL the line kept before ends with (:func:`pipeline.ocr.urlrest.rest_under`: the
    URL finder joins it to that URL): a URL cut at the margin goes on in a line as unlike French as
    specks (``ntercommunalite. htm)``, ``talisation. pdf: Re``), which the URL lines' second reading
    reads again. A line of noise under a URL cut at the margin (:func:`pipeline.ocr.urlrest.cut_lines`)
    that the finder does not join to it is held for that reading too: on the worst scans the rest
    reads as ``e. html. à`` or ``Partage. pdf``, which the URL lines' reading makes ``e.html`` and
    ``_Partage.pdf``; :func:`drop_unread_rests` drops it after if it did not. Returns the lines dropped
    as read, and the specks left out after such a rest, for the page's diagnosis: what was left out can
    be reviewed."""
    lines = [line for line in page.lines if line.words]
    cut = {id(line) for line in cut_lines(page)}
    kept: list[Line] = []
    dropped: list[list[Word]] = []
    for line in lines:
        if not noise(line.words, lexicon):
            kept.append(line)
        elif kept and (rest := rest_under(kept[-1].words, line.words, lexicon,
                                          kept[-2].words if len(kept) > 1 else None)):
            specks = [w for w in line.words if not any(w is r for r in rest)]  # after the rest: left out
            box = words_span(rest) if any(w.box for w in rest) else line.box
            kept.append(replace(line, words=rest, box=box) if specks else line)
            dropped += [specks] if specks else []
        elif kept and id(kept[-1]) in cut:
            kept.append(line)
        else:
            dropped.append(line.words)
    if dropped:
        page.lines = parted(kept)
    return [" ".join(w.original for w in words) for words in dropped]


def drop_unread_rests(page: Page, lexicon: Lexicon) -> list[str]:
    """Remove from ``page`` the lines :func:`drop_noise` held under a URL cut at the margin that are
    still noise and not the rest of that URL once the URL lines were read again; returns them as read."""
    lines = [line for line in page.lines if line.words]
    cut = {id(line) for line in cut_lines(page)}
    dropped = [line for above, line, before in zip(lines, lines[1:], [None, *lines], strict=False)
               if id(above) in cut and noise(line.words, lexicon)
               and not rest_under(above.words, line.words, lexicon, before.words if before else None)]
    if dropped:
        page.lines = parted([line for line in lines if not any(line is d for d in dropped)])
    return [line.original for line in dropped]
