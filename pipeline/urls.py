"""URLs: find them in a page's lines and join the pieces a line break split (:mod:`pipeline.urlrepair`
undoes the OCR damage in them).

Works on the words as extracted (``Word.original``): the corrector never touches a URL, and a URL must be
rebuilt from what was printed, not from what a spell-checker guessed. Detection goes through
:mod:`pipeline.text`, the detector the corrector also reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import urlfiles, urlwords
from pipeline.lexicon import Lexicon
from pipeline.text import URL, URL_PIECE
from pipeline.urlfiles import EXTENSION, likely_extension, near_extension
from pipeline.urlshapes import (
    COMMON_SUFFIX,
    FILE_NAME_WORD,
    FOREIGN_LETTER,
    GARBLED_SCHEME,
    HOST_AFTER,
    HOST_DOT_READ,
    HOST_LABEL,
    HOST_LABELS,
    HOST_OPENING,
    HOST_PIECE,
    HOST_SUFFIX,
    HYPHEN_SLUG_END,
    LONE_MARK,
    LONE_SEPARATORS,
    MAX_NAME_WORDS,
    MIN_GLUED,
    PATH_REST,
    SCHEME,
    SCHEME_ALONE,
    SCHEME_WORD,
    SLUG,
    SLUG_WORD,
    SUFFIX_LABEL,
    TLD_START,
    TRAILING,
    UNDERSCORE_READ,
    UNDERSCORED_NAME_END,
    URL_REST,
    WWW,
    WWW_APART,
    WWW_ONLY,
    ends_file_name,
    host_apart,
    host_so_far,
    label_before_suffix,
    names_a_file,
    opening,
    reads_as_text,
    rest_piece,
    stops_in_a_word,
    suffix_ahead,
    trimmed,
    unfinished_host,
)

REF = re.compile(r"^\[(\d{1,3})\][.,;:]?$")
"""A reference marker printed after a link: ``[3]``."""
CONTINUES = "-/%._=?&#"
"""A URL whose last character is one of these is not finished."""
@dataclass
class FoundUrl:
    """A URL found in a page's lines, and which words (line, word index) it was made of."""

    url: str
    raw: str
    line: int
    words: list[tuple[int, int]] = field(default_factory=list)
    label: str | None = None
    ref: str | None = None
    ref_word: tuple[int, int] | None = None
    after: str | None = None
    """The token right after the URL on its last line, if any."""
    tail: list[str] = field(default_factory=list)
    """The tokens after the URL on its last line."""
    below: list[str] = field(default_factory=list)
    """The tokens of the next line holding more than specks, when the URL ends its line."""


def starts_url(token: str) -> bool:
    """True when a token opens a URL (scheme or ``www``), even with a scheme garbled beyond
    recognition: then its shape says so (marks where ``://`` was, then ``www`` or a host)."""
    token = opening(token)
    if (
        URL.match(token)
        or re.match(r"^h\S{1,4}(?::/|//)", token, re.IGNORECASE)
        or re.match(r"^www\w", token, re.IGNORECASE)
    ):
        return True
    garbled = GARBLED_SCHEME.match(token)
    rest = token[garbled.end() :] if garbled else ""
    return bool(garbled and (len(token) >= MIN_GLUED and HOST_AFTER.match(rest) or WWW_ONLY.fullmatch(rest)))


def _join(left: str, right: str) -> str:
    """Two pieces of a URL a space separated on one line: a lost ``_`` between two words, nothing
    inside a number (``201 7``), one hyphen where both pieces show it (``dans- -son``); inside the
    host a lost dot (``www.ville gouv.fr``), after a whole host a lost slash (``gouv.fr IMG/pdf``)."""
    right = rest_piece(right) if left[-1:].isalnum() else right  # ``Cons ‘eiller``: a speck, no character
    host = host_so_far(left)
    if host == "" and WWW.match(opening(right)):
        return left + opening(right)  # ``https: [www``: a speck before the ``www`` a scheme opens
    if unfinished_host(left) and left[-1:] in HOST_DOT_READ[1:] and right[:1].isalnum() and (
            WWW_ONLY.fullmatch((host or "")[:-1]) or re.match(SUFFIX_LABEL + r"\b", right)):
        return left[:-1] + "." + right  # ``www.oise: gouv.``: a host holds no other mark than its dots
    if unfinished_host(left) and HOST_LABEL.fullmatch(right):
        return left.rstrip(HOST_DOT_READ) + "." + right  # ``www.pas-de calais gouv.fr``: a host's labels
    if suffix_ahead(left, right):
        return left.rstrip(HOST_DOT_READ) + "." + right  # ``http://sig.ville gouv.``: a space for a dot
    if host and right[:1].isalnum() and (WWW_ONLY.fullmatch(host) or "." in host and TLD_START.match(right)):
        return left.rstrip(".,") + "." + right  # ``wmw villedelens``, ``villedelens fr/``: spaces for dots
    if host and right[:1].isalnum():
        if re.search(r"\." + COMMON_SUFFIX + "$", host, re.IGNORECASE):
            return left + "/" + right
        if HOST_PIECE.match(right):  # after a label's hyphen (``www.europe- en-france``) the label goes on
            return left.rstrip(".") + ("" if left.endswith("-") else ".") + right
    if left.endswith("-") and right.startswith("-"):
        return left + right[1:]
    if left.endswith((",", ":", ";")) and (EXTENSION.fullmatch(right) or
                                           likely_extension(right.rstrip(TRAILING))):
        return left[:-1] + "." + right
    if left[-1:].isdigit() and right[:1].isdigit() or UNFINISHED_ESCAPE.search(left) or \
            _completes_year(left, right):
        return left + right  # ``201 7``; ``%2 0201``: an escape is not finished; ``202 l.pdf``
    last = left.rsplit("/", 1)[-1]
    if "/" in left and "." not in last.rstrip(".,") and last[-1:].isalnum() and \
            urlfiles.extension_read(right.rstrip(TRAILING)):
        return left + "." + right  # ``Metrapolitaine pdf``: the dot read as a space
    if "/" in left and left[-1:] in ".,:;" and left[-2:-1].isalpha() and "." not in last[:-1] and \
            right[:1].isupper() and not EXTENSION.fullmatch(right):
        return left[:-1] + "_" + right  # ``Quartier. Metropolitain``: an underscore read as a mark, a space
    if SLUG.match(right) and HYPHEN_SLUG_END.search(left):
        return left + right  # ``delegues-d u-prefet-…``: no underscore parts a small letters slug's pieces
    if left[-1:].isalnum() and right[:1].isalnum():
        return left + "_" + right
    if left[-1:].isalnum() and LONE_MARK.fullmatch(right):
        return left + "_"
    return left + right


UNFINISHED_ESCAPE = re.compile(r"%[0-9A-Fa-f]?$")
"""A URL that ends inside a percent escape (``Sous%20prefet%2``): its rest follows."""
OPEN_MARKS = "-_/%=&"
"""Marks a printed URL does not end with, and no word starts with."""


def _completes_year(url: str, piece: str) -> bool:
    """``intervenant-20 14``: figures after a space that make the URL's last figures a year of four;
    before the file's extension, one maybe read as its look-alike letter (``%20202 l.pdf``)."""
    head = re.search(r"(?:[-_/]|%20)(\d{1,3})$", url)
    tail = re.match(r"\d+", piece.translate(urlwords.DIGIT_LOOKALIKES))
    rest = piece[tail.end() :] if tail else ""
    extension = re.fullmatch(r"[.,][A-Za-z!|}]{2,5}[.,;:]?", rest)  # ``201 7.paf``: a misread extension after
    return bool(head and tail and len(head.group(1)) + len(tail.group()) == 4 and
                re.fullmatch(r"(?:19|20)\d\d", head.group(1) + tail.group()) and
                (extension or piece[: tail.end()].isdigit() and not rest.strip(TRAILING)[:1].isalpha()))


def _continues_on_line(piece: str, url: str) -> bool:
    """A token after a space that still belongs to the URL (``download file/7074/…``, ``201 7-a-b``,
    ``2017. pdf``, ``ville gouv.fr``)."""
    plain = urlwords.strip_accents(piece)  # ``dès-``: an accent in a slug is OCR's
    slug = piece[:1] in "-_" and piece.count("-") >= 2 or bool(
        SLUG.match(plain) and (url[-1:].isalnum() or url[-1:] in "-_")
        or url.endswith(":") and "-" in url.rsplit("/", 1)[-1] and SLUG_WORD.fullmatch(plain)
    )  # ``peuplement-participation: dès-``: a hyphen read as a colon, and a space added
    extension = url.endswith((".", ",", ":", ";")) and bool(
        EXTENSION.fullmatch(piece) or near_extension(piece.rstrip(TRAILING)))  # ``2018, pdf``: a dot misread
    year = _completes_year(url, piece)
    so_far = host_so_far(url)
    host = so_far is not None and bool(HOST_PIECE.match(piece) or so_far and (
        WWW_ONLY.fullmatch(so_far) and HOST_LABELS.fullmatch(piece[:1].lower() + piece[1:]) or
        "." in so_far.rstrip(".") and TLD_START.match(piece))
        or suffix_ahead(url, piece))
    unfinished = url[-1:] in "-_" and piece.rstrip(TRAILING).isdigit() or \
        bool(UNFINISHED_ESCAPE.search(url)) and piece[:1].isalnum()  # ``decisions- 2012``, ``%2 0201``
    # A URL holds no space: after a mark no URL ends with, or before one no word starts with, a
    # space is OCR's (``prevention- Décaieee -newsletter``); so is one inside a host (``ars. sante.``).
    marked = url[-1:] in OPEN_MARKS or piece[:1] in OPEN_MARKS and len(piece) > 1 or \
        url.endswith(".") and so_far is not None and piece[:1].islower() or \
        unfinished_host(url) and url[-1:] in HOST_DOT_READ and piece[:1].islower()
    if (so_far == "" or SCHEME_ALONE.fullmatch(url) and piece[:1] in ":/") and WWW.match(opening(piece)):
        return True  # ``https:// www.…``, ``http ://www.``: a scheme alone opens the URL its ``www`` goes on
    if so_far == "" and SCHEME_WORD.fullmatch(url) and HOST_OPENING.match(piece):
        return True  # ``http: liwww.reseau``: a scheme alone, then its host however garbled
    return (
        bool(re.search(r"\w[/%]|[/%]\w", piece) or slug or extension or host or unfinished or marked or year)
        and not starts_url(piece)
        and not REF.match(piece)
        and piece[:1] not in "([«"
    )


def joins_as_is(left: str, right: str) -> bool:
    """``right``, after a space, goes on the URL ``left`` with nothing put between (``http://www.``
    then ``irev.fr/sites``): the space is OCR's, not the page's."""
    return _continues_on_line(right, left) and _join(left, right) == left + right


OPENERS = "\"'“‘«(["
"""Marks that open a quotation or a bracket before a URL: the sentence's, not the URL's."""


def frame(tokens: list[str]) -> tuple[str, str]:
    """The marks a URL's first and last words hold around it that its sentence printed: quotes and
    brackets before it, a closing mark or a full stop after it (``"www.x.fr".``, ``(voir
    http://x.fr/a)``). Specks before it (``*.-https://``) are not kept, nor a last word that is only
    marks (an underscore misread: ``Fonds :``)."""
    if not tokens:
        return "", ""
    first, last = tokens[0], tokens[-1]
    lead = first[: len(first) - len(opening(first))]
    body = last.rstrip(TRAILING)
    trail = last[len(body) :] if body and any(c.isalnum() for c in body) else ""
    return (lead if all(c in OPENERS for c in lead) else ""), trail


def is_noise(token: str) -> bool:
    """A speck OCR read as a character: no letter or digit, or one lone character."""
    return not REF.match(token) and (len(token) <= 1 or not any(c.isalnum() for c in token))


def _specks_ahead(line: list[str], url: str) -> int:
    """How many specks open a line before its first word (``: ixite-sociale-``): a URL's rest may come
    after them. A mark a URL does not part its words with, set apart by a space, is no printed
    character of it; a separator (``_``, ``-``, ``.``) or a lone letter may be one (``…_D`` then
    ``e Reussite.pdf``), but for a lone separator after a URL that ends with a letter, a digit or a dot,
    before a word in small letters (``…coeur-d`` then ``- e-quartier``, ``…-economique.`` then ``- html``):
    a line break puts no space after the character it cuts before, and a printed separator there is read
    glued to its word."""
    k = 0
    while k < len(line) - 1 and is_noise(line[k]) and (
            not any(c.isalnum() or c in CONTINUES for c in line[k]) or FOREIGN_LETTER.fullmatch(line[k])):
        k += 1
    if k < len(line) - 1 and line[k] in LONE_SEPARATORS and (url[-1:].isalnum() or url.endswith(".")) and \
            re.match(r"[a-z0-9]", line[k + 1]):
        k += 1
    return k


STRAY_TOKENS = 2
STRAY_LENGTH = 2


def _strays_after(tokens: list[str], url: str, below: list[str]) -> bool:
    """``tokens``, after a URL that stops in a word (``…-charge-de`` then ``Fa``), are specks read as letters:
    at most two tokens of two characters, and the line ``below`` opens (past specks) as only a URL's rest
    does, a separator glued before a word (``-mission-2023``; prose may open ``page-de-garde``), a slash
    between words or an escape."""
    first = rest_piece(below[_specks_ahead(below, url)]) if below else ""
    rest = re.match(r"[-_/%][a-z0-9]", first) or PATH_REST.search(first)
    strays = len(tokens) <= STRAY_TOKENS and all(len(t) <= STRAY_LENGTH for t in tokens)
    return strays and rest is not None and stops_in_a_word(url)


def _stray_before_rest(line: list[str], url: str) -> int | None:
    """Where a URL's rest starts on the next line after specks OCR read as letters or marks (``a
    wnloads/R%C3…``, ``AN tation/diagnostic-…``, ``-. ration-chef-de-``, ``Le bitants- -diagnostic-…``):
    the URL's path stops in a word (no file extension, no full stop), and a token of path material
    (:data:`URL_REST`; after letters, :data:`PATH_REST`, or a slug parted at a hyphen, which prose is
    not) follows at most two tokens of two characters; it opens with a small letter or after such specks
    (a line of prose may open with ``Saint-Laurent-Blangy``)."""
    if not stops_in_a_word(url):
        return None
    letters = False
    for k, token in enumerate(line[: STRAY_TOKENS + 1]):
        body = re.sub(r"^[^\w%/-]+", "", token)
        after = line[k + 1] if k + 1 < len(line) else ""
        rest = (PATH_REST if letters else URL_REST).search(body) or body[-1:] == "-" and after[:1] == "-"
        if rest and not starts_url(token) and (k or body != token or body[:1].islower()):
            return k
        if len(token) > STRAY_LENGTH:
            return None
        letters = letters or any(c.isalnum() for c in token)
    return None


def _continues_next_line(url: str, line: list[str]) -> bool:
    """The next line starts with the rest of a URL the line break cut."""
    return _rest_opens_line(url, line) or _stray_before_rest(line, url) is not None


def _rest_opens_line(url: str, line: list[str]) -> bool:
    """The next line opens with the rest of a URL the line break cut, past specks (:func:`_specks_ahead`)."""
    skip = _specks_ahead(line, url)
    if skip and not re.match(r"[a-z0-9_%/-]", line[skip]):
        return False  # ``. Le dossier``: after specks, a sentence, not a URL's rest
    line = line[skip:]
    if UNFINISHED_ESCAPE.search(url) and line and line[0][:1].isalnum():
        return True  # ``Sous%20prefet%2`` then ``Omarches``: an escape is not finished
    if line and host_so_far(url) == "" and WWW.match(opening(line[0])):
        return True  # a scheme alone at the end of a line, its ``www`` on the next
    if not line or REF.match(line[0]) or starts_url(line[0]) or line[0][:1] in "([«•":
        return False
    if _extension_apart(line, url):
        return True  # ``…-agglomeration`` then ``Pdf :``: the file's extension alone, its dot lost
    if reads_as_text([t for t in line if not is_noise(t)]) and not names_a_file(line):
        return False  # ``…_Mediatrice_`` then ``Prochaine réunion : …``: the next paragraph, not the rest
    first = rest_piece(line[0])
    if url.endswith(tuple(CONTINUES)) and not url.endswith("."):
        return True
    if _completes_year(url, first):
        return True  # ``…%20201`` then ``‘6. pdf``: the figures the line break cut from a year
    if unfinished_host(url) and re.match(r"[a-z0-9]", first):
        return True  # ``https://www.fondation-abbe-pi`` then ``erre. fr/…``: a host without its suffix
    if first[:1].islower() and first[-1:] in OPEN_MARKS:
        return True  # ``n-`` then ``-convention-cadre/…``: a line of prose opens with no such piece
    if re.match(r"[-_/%=&][a-z0-9]", first) and not urlfiles.FILE_ENDING.search(url):
        return True  # ``…/int`` then ``-ercommunal-``: a mark glued to a word opens no line of prose
    rest = [t for t in line[1:] if not REF.match(t) and not is_noise(t)]  # ``t }``: the rest and a speck
    if URL_PIECE.search(first) and not first[:1].isupper():
        return True
    if (first[:1].islower() or "_" in first) and _file_name_goes_on(line, url):
        return True
    return not rest and first[:1].islower() or not rest and bool(URL_PIECE.search(first))


def _file_name_goes_on(tokens: list[str], url: str) -> bool:
    """``…/Contrat De Ville.pdf``: a file name whose underscores OCR read as spaces. The tokens, up to one
    that ends with a file extension, are plain words, and the URL's last segment has no extension yet."""
    last = url.rsplit("/", 1)[-1]
    if "/" not in url or not (last[-1:].isalnum() or last.endswith(UNDERSCORE_READ)) or \
            "." in last.rstrip(".,"):
        return False
    for k, token in enumerate(tokens[:MAX_NAME_WORDS]):
        token = token if k else rest_piece(token)  # ``Cons ‘eiller Citoyen. …``: a speck before the rest
        if ends_file_name(token) or UNDERSCORED_NAME_END.fullmatch(token):
            return True
        if EXTENSION.fullmatch(token) and (k or "_" in last or "%20" in last):
            return True  # ``Citoyens. Metrapolitaine pdf.``: the extension's dot read as a space
        if k and urlfiles.near_common_extension(token.rstrip(TRAILING)):
            return True  # ``Charge De, Mission paf``: the extension's dot read as a space, a letter misread
        if token.endswith((".", ",")) and k + 1 < len(tokens) and EXTENSION.fullmatch(tokens[k + 1]):
            return True  # ``Marchant.`` then ``pdf`` on the next line, ``Prefiguration, pdf``
        if not FILE_NAME_WORD.fullmatch(token.rstrip(".,:;")) and not LONE_MARK.fullmatch(token):
            return False
    return False


def _extension_apart(tokens: list[str], url: str) -> bool:
    """``…/contrats-de-ville html``, ``…%202022 pdt``: a file extension, or a token one letter from
    one, that ends the URL's line (but for specks) after a URL whose last segment has none: its dot
    was lost or read as a space, where a line of prose goes on."""
    piece = tokens[0].rstrip(TRAILING) if tokens else ""
    last = url.rsplit("/", 1)[-1].rstrip(".,:;")
    if not piece or "/" not in url or "." in last or not last[-1:].isalnum() or \
            not all(is_noise(t) for t in tokens[1:]):
        return False
    return urlfiles.extension_read(piece)


def _next_filled(lines: list[list[str]], li: int, url: str) -> int | None:
    """The next line after ``li`` that holds more than specks, past at most one blank or speck line:
    a URL's rest may come after a speck line or in the next layout block. A lone letter that ends the
    URL's file extension (``….pd`` then ``f``), or a figure its year (``…-201`` then ``4``), is no speck."""
    for k in (li + 1, li + 2):
        if k >= len(lines) or not lines[k]:
            continue
        piece = lines[k][0]
        if len(lines[k]) == 1 and (urlfiles.ends_extension(url, piece) or _completes_year(url, piece)):
            return k
        if not all(is_noise(t) for t in lines[k]):
            return k
    return None


def _scheme_apart(token: str, after: list[str]) -> bool:
    """A scheme set apart from the ``www`` that follows it (or, after its colon, from a ``www`` OCR garbled,
    :data:`pipeline.urlshapes.WWW_APART`); without its colon, only right before the ``www`` or before the
    marks that end it (``http ://www.``). A speck before the scheme is no part of it (``_http /www.``)."""
    scheme, www = opening(token), opening(after[0]) if after else ""
    if not after or not SCHEME_ALONE.fullmatch(scheme):
        return False
    if not WWW.match(www):
        return not scheme[-1:].isalpha() and WWW_APART.fullmatch(www) is not None
    return not scheme[-1:].isalpha() or after[0][:1].isalnum() or after[0][:1] in ":/"


def _host_part(url: str) -> str:
    scheme = SCHEME.match(url) or GARBLED_SCHEME.match(url) or SCHEME_WORD.match(url)
    return url[scheme.end() if scheme else 0 :].split("/")[0]


def find_urls(lines: list[list[str]]) -> list[FoundUrl]:
    """Every URL of a page whose lines are given as their original tokens, pieces joined.

    A URL may continue on the same line after a space (read for ``_``) and on the next
    lines when the line break cut it; a ``[n]`` right after it is its reference.
    """
    found: list[FoundUrl] = []
    used: set[tuple[int, int]] = set()
    for i, line in enumerate(lines):
        for j, token in enumerate(line):
            if (i, j) in used:
                continue
            apart = not (starts_url(token) or _scheme_apart(token, line[j + 1 : j + 2]))
            if apart and not host_apart(token, line[j + 1 : j + 5]):
                continue
            raw, words = opening(token), [(i, j)]
            if SCHEME_ALONE.fullmatch(raw) and raw[-1:].isalpha() and line[j + 1][:1] not in ":/":
                raw += ":"  # ``https`` then ``www.``: the scheme's colon was lost with its slashes
            li, wj = i, j + 1
            while True:
                tokens = lines[li]
                after = lines[li + 1] if li + 1 < len(lines) else []
                while wj < len(tokens) and (
                    _continues_on_line(tokens[wj], raw) or _file_name_goes_on(tokens[wj:] + after, raw)
                    or label_before_suffix(tokens[wj:], raw)
                    or _extension_apart(tokens[wj:], raw) or _extension_misread_at_end(tokens[wj:], raw)
                ):
                    raw = _join(raw, tokens[wj])
                    words.append((li, wj))
                    wj += 1
                nxt = _next_filled(lines, li, raw)
                strays = not all(is_noise(t) for t in tokens[wj:])
                if nxt is None or not _continues_next_line(raw, lines[nxt]) or \
                        strays and not _strays_after(tokens[wj:], raw, lines[nxt]):
                    break
                if strays:  # specks read as letters after it: none of the text
                    words.extend((li, k) for k in range(wj, len(tokens)))
                stray = None if _rest_opens_line(raw, lines[nxt]) else _stray_before_rest(lines[nxt], raw)
                li, skip = nxt, _specks_ahead(lines[nxt], raw) if stray is None else stray
                wj = skip + 1
                first = rest_piece(lines[li][skip])
                raw = _join(raw, first) if _extension_apart([first], raw) else \
                    raw + (first[1:] if raw.endswith("-") and first.startswith("-") else first)
                words.extend((li, k) for k in range(skip + 1))  # the specks too: the URL's span goes on
            if apart and not HOST_SUFFIX.search(_host_part(raw)):
                continue  # ``www .qui ck. fr``: the host's pieces did not come together
            used.update(words)
            nxt = _next_filled(lines, li, raw)
            hit = FoundUrl(url="", raw=trimmed(raw, " ".join(line[: j + 1])), line=i, words=words,
                           after=lines[li][wj] if wj < len(lines[li]) else None, tail=lines[li][wj:],
                           below=lines[nxt] if nxt is not None and wj >= len(lines[li]) else [])
            _attach_ref(hit, lines, li, wj, used)
            hit.label = _label(lines, i, j)
            found.append(hit)
    return found


def _attach_ref(hit: FoundUrl, lines: list[list[str]], li: int, wj: int, used: set[tuple[int, int]]) -> None:
    """The ``[n]`` right after the URL, on its last line or alone at the start of the next."""
    for where in ((li, wj), (li + 1, 0)):
        if where[0] < len(lines) and where[1] < len(lines[where[0]]):
            match = REF.match(lines[where[0]][where[1]])
            if match and where not in used:
                hit.ref, hit.ref_word = match.group(1), where
                used.add(where)
                return


LABEL_WORDS = 200
"""Words before a URL on its line where its label (the last sentence) is looked for."""


def _label(lines: list[list[str]], i: int, j: int) -> str | None:
    """The words that name the URL: before it on its line, else the line above ending in ``:``."""
    before = " ".join(lines[i][max(0, j - LABEL_WORDS):j]).strip()  # bounded: many URLs on one line
    if not before:
        above = next((line for line in reversed(lines[:i]) if line), None) if i else None
        if not above or not above[-1].endswith(":") or any(starts_url(t) for t in above):
            return None
        before = " ".join(above)
    before = re.split(r"(?<=[.!?])\s+", before)[-1]
    before = re.sub(r"\s*\([^)]*\)\s*:?$", "", before.rstrip(" :")).strip()
    before = re.sub(r"^(?:[•*+>»<–-]|[eoP](?=\s))\s*", "", before)
    return before or None


def _extension_misread_at_end(tokens: list[str], url: str) -> bool:
    """``…/Co-construire_Charge_De.`` then ``odf`` at the line's end (but for specks): after a URL that ends
    with the dot (or a comma) of a last segment with no extension, the token that ends the line is its
    extension, however misread (:func:`likely_extension`); in a sentence, more words follow."""
    piece = tokens[0].rstrip(TRAILING) if tokens else ""
    last = url.rsplit("/", 1)[-1]
    return bool(piece) and "/" in url and url.endswith((".", ",")) and "." not in last.rstrip(".,") and \
        all(is_noise(t) for t in tokens[1:]) and likely_extension(piece) is not None


def prepare(lexicon: Lexicon) -> None:
    """Build now the word lists URL repair reads (~0.5 s in a fresh process), rather than at the first URL."""
    urlwords.prepare(lexicon)
