"""How far a URL is to be trusted: its status and confidence (:func:`judge_url`) from the URL model's
doubts, OCR's confidence and what the page around it found, whether its line goes on with more of it
(:func:`goes_on`), what a second OCR reading that replaced the first lost of it
(:func:`pipeline.urlmisreads.contradicted`), and how far the URL model trusts the URLs a reading of a
line holds (:func:`reading_doubts`, :func:`rest_doubts`), to choose between two readings of a URL line.
"""

from __future__ import annotations

import itertools
import re

from rapidfuzz.distance import Levenshtein

from pipeline import urlmodel
from pipeline.lexicon import Lexicon
from pipeline.model import Fix, Url, UrlStatus, Word
from pipeline.text import fold, is_number_like
from pipeline.urlfiles import EXTENSION, EXTENSIONS, FILE_ENDING, near_extension, without_extension
from pipeline.urlhosts import known_hosts, registrable
from pipeline.urlmisreads import (
    capital_in_two_word_slug,
    contradicted,
    file_name_misreads,
    host_misread,
    path_misreads,
    thin_letters_lost,
)
from pipeline.urlmodel import DOUBT_COST, HOST_WORD, SMALL_LOOKALIKES, URL_CHARS, assess, commoner_lookalike
from pipeline.urlrepair import HOME_SUFFIX, clean_url
from pipeline.urls import REF, FoundUrl, find_urls, starts_url
from pipeline.urlshapes import TRAILING, opening
from pipeline.urlwords import LINKING_WORDS, english, folded_weights, shape_variants, strip_accents

MORE_URL = re.compile(r"[a-z0-9][a-z0-9._%/-]*[-_/%][a-z0-9._%/-]*")
"""A token of URL material: ASCII, small letters, a slug's or a path's marks (``cadre-``)."""


PATH_PIECE = re.compile(r"\w[/%]\w")
"""A piece of a path further on the URL's line (``politique- de la vile/Cite%20``): its rest."""
TAIL_WORDS = 6


def goes_on(hit: FoundUrl, lexicon: Lexicon | None) -> bool:
    """The URL's line goes on with what looks like more of it (a file extension, more slug, after a
    mark OCR misread or a space it added): the URL as found may have lost its end."""
    token = opening(hit.after or "").strip(TRAILING)  # ``“quartiers-2030-``: a quote is a speck
    if not token and _rest_below(hit):
        return True
    if not token or REF.match(hit.after or ""):
        return False
    if MORE_URL.fullmatch(strip_accents(token)) or any(  # ``dès-``: an accent in a slug is OCR's
            PATH_PIECE.search(t) and not starts_url(t) and not is_number_like(t)
            for t in hit.tail[:TAIL_WORDS]):
        return True
    common = lexicon is not None and lexicon.frequencies.get(token.lower(), 0) > 0
    return near_extension(token) is not None and not common or bool(EXTENSION.fullmatch(token))


LONE_REST = re.compile(r"[a-z0-9][A-Za-z0-9._~%/-]{3,}")
"""A line of one token of URL material opening as no sentence does (``2021``, ``nts-relais-2021``)."""


def _rest_below(hit: FoundUrl) -> bool:
    """The URL ends its line without a file extension, and the next line is one token of URL material
    that was not joined to it: the rest of the URL, with a piece between them lost (a line OCR missed
    whole, ``…-college-habita`` then ``2021``)."""
    end = hit.raw.rsplit("/", 1)[-1]
    return len(hit.below) == 1 and LONE_REST.fullmatch(hit.below[0].rstrip(TRAILING)) is not None and \
        not starts_url(hit.below[0]) and not FILE_ENDING.search(end) and hit.ref is None


def reading_doubts(tokens: list[str], lexicon: Lexicon | None) -> tuple[int, int] | None:
    """How far the URL model trusts the URLs one line's ``tokens`` hold, to choose between two
    readings of a URL line: :func:`found_doubts` of the URLs found in them."""
    return found_doubts(find_urls([tokens]), lexicon)


def found_doubts(hits: list[FoundUrl], lexicon: Lexicon | None) -> tuple[int, int] | None:
    """The doubts of each URL found as rebuilt (:func:`pipeline.urlmodel.assess`), then the characters
    its rebuilding changed; fewer is better. None when there is no URL."""
    measures = _measures(hits, lexicon, cut=False)
    return None if measures is None else (measures[0], measures[2])


def continued_doubts(lines: list[list[str]], lexicon: Lexicon | None, below: list[str] | None = None
                     ) -> tuple[int, int, int] | None:
    """:func:`rest_doubts` for a line read with the line before it, whose URL it may continue: the doubts of
    the URLs the two lines hold (one more for a URL that stops where its line goes on with more of it,
    :func:`goes_on`), then (negated) their length as rebuilt (a rest read whole runs longer than one broken
    into words; a scheme's ``s`` makes none longer), then the characters rebuilding changed; None for no
    URL. Read on into the line ``below`` them, where their URL may end: a URL opening there is not theirs."""
    hits = [hit for hit in find_urls([*lines, *([below] if below else [])]) if hit.line < len(lines)]
    measures = _measures(hits, lexicon, cut=True)
    return None if measures is None else (measures[0], -measures[1], measures[2])


def _measures(hits: list[FoundUrl], lexicon: Lexicon | None, cut: bool) -> tuple[int, int, int] | None:
    """The doubts of the URLs as rebuilt (with ``cut``, of their lines going on), length, changes."""
    if not hits:
        return None
    doubts = length = changed = 0
    for hit in hits:
        url = clean_url(hit.raw, lexicon)
        doubts += len(urlmodel.assess(url, lexicon).doubts) + (cut and goes_on(hit, lexicon))
        length += len(url) - url.startswith("https:")  # a scheme counts, its ``s`` makes no reading longer
        changed += Levenshtein.distance(url, re.sub(r"\s+", "", hit.raw).rstrip(TRAILING))
    return doubts, length, changed


def rest_doubts(tokens: list[str], lexicon: Lexicon | None) -> tuple[int, int, int] | None:
    """The same for a line that opens with the rest of a URL a line break cut: the doubts of that
    rest as a path, as far as it goes on the line, then (negated) its length as rebuilt (a rest read
    whole, as printed, runs longer than one broken into words), then the characters rebuilding changed.
    None when the line does not open with URL characters."""
    rest = tokens[0].rstrip(TRAILING) if tokens else ""
    if not URL_CHARS.match(rest) or not any(c.isalnum() for c in rest):
        return None
    hits = find_urls([["www.exemple.fr/" + rest, *tokens[1:]]])
    raw = hits[0].raw if hits else "www.exemple.fr/" + rest
    url = clean_url(raw, lexicon)
    return len(urlmodel.assess(url, lexicon).doubts), -len(url), Levenshtein.distance(url, raw)


RELIABLE_OCR = 90.0
"""A URL whose every word OCR read at this confidence or more is taken as read."""
UNSURE_OCR = 40.0
"""At or below this word confidence OCR's reading of a URL is worth little on its own."""
OCR_WEIGHT = 0.3
"""How much OCR's word confidence counts: little, since a long URL is one word to Tesseract, and its
confidence is low for URLs read exactly as often as for URLs misread (measured on the scans of
``bench/url_scans.py``); the URL model says more."""
REPAIR_COST = 0.95
"""A rebuilt URL is a little less sure than one read as printed, however plausible."""
SURE_REPAIR_OCR = 52.0
"""A URL the repair changed is a guess, and a doubt, when OCR read one of its words below this
confidence. Read as printed, such URLs are exact (OCR's confidence says little of them), but the
repairs made where OCR was unsure are the ones the URL model's rules, read off cases, get wrong on
scans no one read. The lowest threshold from which repaired URLs are exact as often as an analyst
filtering on ``doubtful`` is promised (98 %), on the scans of ``bench/url_scans.py`` seeds 24–33:
from 52 up, 112 of 114 (98.2 %; from 50 up, 117 of 120: 97.5 %); below it, 171 of 179 (95.5 %).
A repair of the scheme and ``www.`` alone is no such guess (:func:`_opening_only`) on a site a list
knows or whose name is words (:func:`_site_named`): on fresh seeds 42–46, 59 of the 73 such repairs below
52 were exact, the 14 others doubted for what they hold but one (a URL cut short); on sites named
otherwise, 8 of 33 were exact (``unccas.org``), 2 wrong were not doubted else (``uhccas.org``)."""
DOUBTFUL = 0.5
"""Below this confidence a URL is ``doubtful``."""


def judge_url(url: str, read: str, words: list[Word], lexicon: Lexicon | None,
              hosts: frozenset[str] = frozenset(), at_margin: bool = False,
              goes_on: bool = False) -> tuple[UrlStatus, float]:
    """The status and confidence (0–1) of a URL rebuilt from what OCR ``read`` (its words joined):
    how plausible the URL model finds it, times how surely OCR read its words (the least sure
    counts), a little less when rebuilt, and doubted when rebuilt from words OCR was
    unsure of (:data:`SURE_REPAIR_OCR`).
    OCR's hesitations between two words count as a doubt (:func:`hesitations`), and so does what the
    first reading held that the reading taken lacks (:func:`pipeline.urlmisreads.contradicted`). Text
    layers and transcriptions (no OCR confidence) count on the model alone. ``at_margin``: the
    URL's last piece reaches the right margin, so a line break may have cut it (unless it ends
    with a file extension, or it is a host alone: a path cut from it opens the next line with a slash,
    which the finder joins; ended so, it is likely whole, and justified prose sets many at the margin).
    ``goes_on``: its line goes on with what looks like more of it."""
    plausibility = assess(url, lexicon, hosts).plausibility
    if lexicon is not None and (hesitations(words, lexicon) or dropped_marks(read, lexicon)):
        plausibility *= 1 - DOUBT_COST
    extension = m.group()[1:].lower() if (m := FILE_ENDING.search(url)) else ""
    longer = any(e.startswith(extension) and e != extension for e in EXTENSIONS) if extension else False
    unsure_end = bool(words) and words[-1].confidence is not None and words[-1].confidence <= UNSURE_OCR
    if at_margin and (not extension or longer) or longer and unsure_end:
        plausibility *= 1 - DOUBT_COST  # it ends where its line does, or in ink OCR hardly read: its
        # rest (the ``l`` of ``.html``) may have been lost
    if longer and words and words[-1].original.rstrip(TRAILING) != words[-1].original:
        plausibility *= 1 - DOUBT_COST  # ``.htm]``: the mark after the extension may be its last letter
    if goes_on or _guessed_extension(url, read) or words and LOST_SCHEME.match(words[0].original) or \
            url.endswith(OPENING_MARKS):
        plausibility *= 1 - DOUBT_COST
    host, path, known = _host(url).removeprefix("www."), _path(url), known_hosts() | hosts
    misread = lexicon is not None and bool(
        _host_lookalikes(url, hosts, lexicon) or _hyphen_for_underscore(url, lexicon) or
        thin_letters_lost("" if host in known else host, path, lexicon))
    misread = misread or bool(file_name_misreads(path) or capital_in_two_word_slug(path) or
                              path_misreads(path) or host_misread(host, known))
    if _host_made(url, read, hosts) or _suffix_misread(url, hosts) or _capital_slug(url) or misread:
        plausibility *= 1 - DOUBT_COST
    if len(path.strip("/")) == 1:
        plausibility *= 1 - DOUBT_COST  # ``somme.fr/1``: one character is what is left of a lost path
    if [c for c in contradicted(words) if not (c.isalpha() and f"%20{c[:1].lower()}{c[1:]}" in url)]:
        plausibility *= 1 - DOUBT_COST  # but a title's capital written small (small_title_words)
    scores = [w.confidence for w in words if w.confidence is not None]
    least = min(scores) if scores else 100.0
    ocr = min(1.0, max(0.0, (least - UNSURE_OCR) / (RELIABLE_OCR - UNSURE_OCR)))
    repaired = url != read
    opening_only = _opening_only(url, read) and _site_named(url, hosts, lexicon)
    if repaired and least < SURE_REPAIR_OCR and not opening_only:
        plausibility *= 1 - DOUBT_COST
    confidence = plausibility * (1 - OCR_WEIGHT + OCR_WEIGHT * ocr) * (REPAIR_COST if repaired else 1.0)
    if confidence < DOUBTFUL:
        return UrlStatus.DOUBTFUL, round(confidence, 3)
    return (UrlStatus.REPAIRED if repaired else UrlStatus.AS_READ), round(confidence, 3)


def _host(url: str) -> str:
    """The URL's host, in small letters: what stands before its first slash, past its scheme."""
    return re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/", 1)[0].lower()


def _path(url: str) -> str:
    """The URL's path: what follows its host, from its first slash (empty for a bare host)."""
    return re.sub(r"^(?:https?://)?[^/]*", "", url, flags=re.IGNORECASE)


def _opening_only(url: str, read: str) -> bool:
    """The repair changed nothing past the URL's opening, its scheme and ``www.`` (``https:/Awww.``,
    ``http:/wwwlille.fr``): the parts OCR garbles most, that every site prints alike, and no guess at
    which site or page it is."""
    return read.endswith(re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE))


def _site_named(url: str, hosts: frozenset[str], lexicon: Lexicon | None) -> bool:
    """The URL's site is one a list knows, or its name is words (``villedelens``, ``culture.gouv.fr``): a
    name that is neither (``uhccas.org``, ``tinceas.org``) may be a misread one. So may a label before the
    site's name that is no word (:func:`pipeline.urlmodel.known_piece`): the ``www`` OCR garbled, kept as
    a subdomain (``https:li.lille.fr`` for ``https://www.lille.fr``); ``hauts-de-france.ars`` is words."""
    host = _host(url)
    domain = registrable(host)
    if domain is None:
        return False
    below = host.removeprefix("www.").removesuffix(domain).rstrip(".")
    pieces = [word for label in below.split(".") if label for word in label.split("-")]
    if lexicon is not None and not all(urlmodel.known_piece(word, lexicon) for word in pieces):
        return False
    if domain in known_hosts() | hosts:
        return True
    name = domain.split(".")[0]
    return lexicon is not None and all(urlmodel.known_word(w, lexicon) for w in name.split("-"))


def _host_made(url: str, read: str, hosts: frozenset[str]) -> bool:
    """The repair gave the URL a host OCR did not read, even with its dots read as marks
    (``reseau-nationalcrpv.org`` made ``reseau-national.crpv.org``), and no list knows that site: a
    guess, where a host mended into a known one (``wwwlille.fr``, ``oise.gou.fr``) is not."""
    host = _host(url)
    name = host.removeprefix("www.")
    seen = re.sub(r"[,:;]", ".", read.lower())
    return name not in seen and registrable(host) not in known_hosts() | hosts


def _host_lookalikes(url: str, hosts: frozenset[str], lexicon: Lexicon) -> list[str]:
    """Words of the URL's host (of :data:`pipeline.urlmodel.HOST_WORD` letters or more) one OCR look-alike
    from a far commoner word (``hauts-de-trance``: ``france``), as path words are doubted, on a host no
    list knows whole (``sante.fr`` vouches for no site under it)."""
    host = _host(url).removeprefix("www.")
    if host in known_hosts() | hosts:
        return []
    return [word for label in host.split(".")[:-1] for word in label.split("-")
            if len(word) >= HOST_WORD and word.isalpha() and commoner_lookalike(word, lexicon)]


def _suffix_misread(url: str, hosts: frozenset[str]) -> bool:
    """The URL's site ends with another country's suffix one letter from the archive's own
    (``fondation-abbe-pierre.tr``), and no list knows it: OCR misreads ``f`` as ``t`` far more often
    than the archive's documents point abroad. The repair leaves a real suffix as read; it is doubted."""
    host = _host(url)
    top = host.rsplit(".", 1)[-1]
    return len(top) == len(HOME_SUFFIX) and Levenshtein.distance(top, HOME_SUFFIX) == 1 and \
        registrable(host) not in known_hosts() | hosts


def _capital_slug(url: str) -> bool:
    """A slug of three words or more in small letters but its first letter, a capital whose small letter
    has its shape (``Webinaire-enchaine-college``): sites write slugs in small letters, and OCR reads such
    a letter as its capital (a capital further in is one of the URL model's doubts)."""
    path = re.sub(r"^(?:https?://)?[^/]*", "", url, flags=re.IGNORECASE).split("?")[0]
    names = (without_extension(segment) for segment in path.split("/"))
    return any(re.fullmatch(r"[A-Z][a-z0-9]*(?:-[a-z0-9]+){2,}", name) and name[0].lower() in SMALL_LOOKALIKES
               for name in names)


def _hyphen_for_underscore(url: str, lexicon: Lexicon) -> list[str]:
    """Words of a file's name parted by underscores, where a hyphen joins a capitalised word to words
    joined in small letters (``Co-construction-Engagements_Quartiers``) or to a linking word
    (``Delegues_Du-Prefet``), and the whole is no place (``Saint-Omer``, ``Bully-les-Mines``): an
    underscore OCR read as a hyphen, as the URL model doubts a name parted both by spaces and
    underscores. Compounds go on alike (``Adulte-relais``, ``Co-Construire``)."""
    name = without_extension(url.rsplit("/", 1)[-1])
    if "_" not in name or "%20" in name:
        return []
    found = []
    for part in name.split("_"):
        words = part.split("-")
        capitals = {w[:1].isupper() for w in words[1:] if w[:1].isalpha()}
        linked = any(a.lower() in LINKING_WORDS and b[:1].isupper() for a, b in itertools.pairwise(words))
        if (capitals == {True, False} or linked) and not lexicon.place_folded(part):
            found.append(part)
    return found


OPENING_MARKS = ("(", "[", "{", "<")
"""Marks that open what they close: a URL that ends with one (``quartier-de-202(``) lost what followed."""
LOST_SCHEME = re.compile(r"[:;]/{1,3}\w|/{2,3}www", re.IGNORECASE)
"""A URL read from ``://www.…``: its scheme's letters were lost (``https``, or ``http``?), and the URL as
given has none."""


def _guessed_extension(url: str, read: str) -> bool:
    """The URL's extension replaced one OCR read by a letter of another shape (``.pat`` made ``.ppt``,
    when ``.pdf`` is as near): a guess. A look-alike (``htm!``), a letter read twice or lost is not."""
    ends = [re.search(r"\.([A-Za-z!|]{2,5})[.,;:)]*$", text) for text in (url, read)]
    if not all(ends):
        return False
    printed, seen = ends[0].group(1).lower(), ends[1].group(1).lower()  # type: ignore[union-attr]
    return printed != seen and len(printed) == len(seen) and printed not in shape_variants(seen)


MARK_AMONG_LETTERS = re.compile(r"([A-Za-z]+)([^\w\s])(?=([A-Za-z]+))")


def dropped_marks(read: str, lexicon: Lexicon) -> list[str]:
    """Marks no URL holds that OCR read between two letters of the path (``diagnostic“partage``), where
    the letters together make no known word: the mark stood for something printed (a hyphen, a slash,
    a dot, a letter), and dropping it is a guess. Together they may (``nati‘onal``): a speck."""
    path = read.split("//", 1)[-1].partition("/")[2]
    found = []
    for match in MARK_AMONG_LETTERS.finditer(path):
        joined = (match.group(1) + match.group(3)).lower()
        if not URL_CHARS.match(match.group(2)) and fold(joined) not in folded_weights(lexicon) and \
                not english(joined):
            found.append(match.group(0))
    return found


HESITATION = 0.5
"""A character's alternative counts when OCR gave it at least this share of its reading's confidence."""
PATH_START = re.compile(r"(?<![/:])/(?!/)")
"""The slash that opens a URL's path, however its scheme's were read (``hitps:/www.…/``)."""


def hesitations(words: list[Word], lexicon: Lexicon) -> list[str]:
    """Path words OCR hesitated over: a character whose strong alternative (:data:`HESITATION`)
    makes another known word (``miles``/``mlles``), or a known word of an unknown one, or whose
    word is a commoner one without it (:func:`_letter_too_many`). Only the second reading gives
    characters' alternatives (``Word.choices``)."""
    weights = folded_weights(lexicon)
    found = []
    path = PATH_START.search(text := "".join(w.original for w in words))
    at = -(path.start() if path else len(text))  # the host's words are the lists' (``gouv``, not ``gouy``)
    for word in words:
        at += len(word.original)
        if not word.choices or len(word.choices) != len(word.original):
            continue
        for k, alternatives in enumerate(word.choices):
            if len(alternatives) < 2 or not word.original[k].isalpha() or k < len(word.original) - at:
                continue
            (best, score), *others = alternatives
            for alt, alt_score in others:
                if alt.lower() == best.lower() or not alt.isalnum() or alt_score < HESITATION * score:
                    continue
                variant = word.original[:k] + alt + word.original[k + 1 :]
                before, after = _word_at(word.original, k), _word_at(variant, k)
                if len(after) >= 4 and weights.get(after.lower(), 0) >= 20:
                    found.append(f"{before} or {after}")
            if any(alt.lower() != best.lower() and score > 0 and alt_score >= HESITATION * score
                   for alt, alt_score in others):
                found += _letter_too_many(word.original, k, weights)
    return found


LETTER_TOO_MANY = 2
"""How much commoner a word must be without a letter OCR hesitated over for that letter to be doubted."""


def _letter_too_many(text: str, k: int, weights: dict[str, int]) -> list[str]:
    """A letter OCR hesitated over whose word, without it, is a commoner word (``mille``, ``mlle``): it may
    be a speck or a stroke read as a letter of its own. Words the archive's sites use in English (``files``,
    ``default``) are left."""
    before = _word_at(text, k)
    after = _word_at(text[:k] + text[k + 1 :], max(0, k - 1))
    own = weights.get(before.lower(), 0)
    if len(after) < 4 or english(before.lower()) or after.lower() == before.lower():
        return []
    return [f"{before} or {after}"] if weights.get(after.lower(), 0) >= LETTER_TOO_MANY * max(own, 1) else []


def _word_at(text: str, k: int) -> str:
    """The run of letters around position ``k``."""
    start, end = k, k + 1
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


def log_repair(url: Url, words: list[Word]) -> None:
    """The words a URL was read from: what the corrector made of them is undone (a URL is rebuilt
    from what was printed), and a URL that differs from its words as printed is one correction,
    reason ``url``, on its first word, from those words to the URL in its frame (``Url.in_text``):
    also when only the line breaks that cut it are gone, since ``text`` no longer has those words."""
    for word in words:
        if word.fix is not None:
            word.text, word.fix = word.original, None
    original = " ".join(w.original for w in words)
    if words and url.in_text != original:
        words[0].fix = Fix(reason="url", confidence=url.confidence, original=original,
                           corrected=url.in_text)
