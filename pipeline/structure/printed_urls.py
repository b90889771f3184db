"""Which printed words each URL was read from, and which block it is printed in.

:mod:`pipeline.urls` finds and rebuilds URLs from a page's words; this module ties each URL to
those words (``Url.words``, and ``Word.url`` on each of them), so that lines, rendering and
blocks know a URL's pieces without tables of their own: a piece is never a speck, it is
replaced in the block's text by the rebuilt URL, and the URL points to the block it lands in.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from pipeline.lexicon import Lexicon
from pipeline.model import Block, Page, Url, Word
from pipeline.urlhosts import link_hosts
from pipeline.urljudge import goes_on, judge_url, log_repair
from pipeline.urlmisreads import end_elsewhere, small_title_words, title_capitals
from pipeline.urlrepair import clean_url
from pipeline.urls import FoundUrl, find_urls, frame
from pipeline.urlshapes import reaches_margin, reading, right_margin


def page_urls(page: Page, lex: Lexicon) -> list[Url]:
    """The page's URLs: link annotations first, then the URLs printed in its text, each with its
    status and confidence; a URL rebuilt from what OCR read is one correction (reason ``url``).
    Each URL keeps the words it was read from, and each of them its URL (a word two URLs were read
    from belongs to the later one)."""
    tokens = [[w.original for w in line.words] for line in page.lines]
    found = find_urls(tokens)
    out: list[Url] = []
    annotations = [link.uri for link in page.links if link.uri]
    hosts = link_hosts(annotations)
    margin = _right_margin(page)
    for word in page.words:
        word.url = None  # a document segmented again is read afresh
    taken = {spot for hit in found for spot in hit.words}
    for hit in found:
        words = [page.lines[li].words[wi] for li, wi in hit.words]
        sure_host = words[0].confidence is not None and words[0].confidence >= CONFIDENT_HOST
        url = Url(url=clean_url(hit.raw, lex, hosts, sure_host), raw=hit.raw, label=hit.label, ref=hit.ref,
                  page=page.number, words=words, frame=frame([w.original for w in words]))
        match = max(annotations, key=lambda uri: fuzz.ratio(uri, url.url), default=None)
        if match is not None and fuzz.ratio(match, url.url) >= 80:
            url.url = match
            annotations.remove(match)
        read = reading([w.original for w in words])
        if url.url != match and (capitals := title_capitals(words)):
            url.url = small_title_words(url.url, capitals, lex)
        if url.url != match:
            at_margin = margin is not None and _reaches(words[-1], margin)
            lost = goes_on(hit, lex) or _unreadable_after(page, hit) or \
                bool(end_elsewhere(url.url, hit.tail, _line_after(page, hit, taken), lex))
            url.status, url.confidence = judge_url(url.url, read, words, lex, hosts, at_margin, lost)
        log_repair(url, words)
        out.append(url)
        for word in words:
            word.url = url
    out.extend(Url(url=uri, raw=uri, page=page.number) for uri in annotations)
    return out


CONFIDENT_HOST = 85.0
"""OCR confidence of a URL's first word (its scheme and host) from which its host is taken as read:
every host repaired on the scans of ``bench/url_scans.py`` had been read at 77 or less."""
UNREADABLE = 20.0
"""OCR confidence under which the word after a URL on its line is ink OCR could not read: the URL's
end may be in it (``territorialisee-con ruone F5``, for ``…-conventions-cadres``)."""


def _unreadable_after(page: Page, hit: FoundUrl) -> bool:
    line, last = hit.words[-1]
    after = page.lines[line].words[last + 1 :]
    return bool(after) and after[0].confidence is not None and after[0].confidence < UNREADABLE and \
        any(c.isalnum() for c in after[0].original)


def _line_after(page: Page, hit: FoundUrl, taken: set[tuple[int, int]]) -> list[str]:
    """The words of the next line after the URL's last that holds any, unless a URL took its first."""
    for index in range(hit.words[-1][0] + 1, len(page.lines)):
        if page.lines[index].words:
            return [] if (index, 0) in taken else [w.original for w in page.lines[index].words]
    return []


def _right_margin(page: Page) -> float | None:
    """Where the page's longest lines end (None for a page without boxes)."""
    return right_margin([line.box[2] for line in page.lines if line.box and line.words])


def _reaches(word: Word, margin: float) -> bool:
    return word.box is not None and reaches_margin(word.original, word.box[0], word.box[2], margin)


def point_urls(blocks: list[Block]) -> None:
    """Point each URL to the first block its printed words landed in."""
    for index, block in enumerate(blocks):
        for span in block.spans:
            url = span.word.url
            if url is not None and url.block is None:
                url.block = index
