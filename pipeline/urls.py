"""URLs: find them in a page's lines, join the pieces a line break split, undo OCR damage.

Works on the words as extracted (``Word.original``): the corrector never touches a URL,
and a URL must be rebuilt from what was printed, not from what a spell-checker guessed.
Detection goes through :mod:`pipeline.patterns`, the detector the corrector also reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote_to_bytes

from pipeline import urlmodel
from pipeline.lexicon import Lexicon
from pipeline.patterns import URL, URL_PIECE
from pipeline.urlmodel import URL_CHARS

SCHEME = re.compile(r"^[hb][^\s:/]{0,5}(?::/{0,3}|/{2})", re.IGNORECASE)
"""A scheme as OCR leaves it: ``https:/``, ``hüps:/``, ``hups://``, ``http//``."""
WWW = re.compile(r"^www\.?", re.IGNORECASE)
REF = re.compile(r"^\[(\d{1,3})\][.,;:]?$")
"""A reference marker printed after a link: ``[3]``."""
TRAILING = ".,;:)]»\"'"
CONTINUES = "-/%._=?&#"
"""A URL whose last character is one of these is not finished."""
TLDS = {"fr", "com", "org", "net", "eu", "gouv", "info", "io", "be", "de", "uk", "int", "edu", "asso"}
HEX = "0123456789abcdefABCDEF"
DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "Z": "2",
        "z": "2",
        "S": "5",
        "s": "5",
        "G": "6",
        "g": "9",
    }
)
"""Letters Tesseract reads for digits; inside a percent escape only digits and A–F can stand."""
LETTER_LOOKALIKES = {"1": "l", "0": "o", "5": "s", "8": "B"}
SHAPE_CONFUSIONS = [
    ("g", "q"),
    ("q", "g"),
    ("f", "r"),
    ("r", "f"),
    ("c", "e"),
    ("e", "c"),
    ("l", "i"),
    ("i", "l"),
    ("n", "u"),
    ("u", "n"),
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("li", "h"),
    ("h", "li"),
    ("a", "o"),
    ("o", "a"),
    ("t", "f"),
    ("f", "t"),
    ("v", "y"),
    ("y", "v"),
    ("t", "c"),
    ("c", "t"),
    ("1", "l"),
    ("0", "o"),
]
"""Pairs of letter shapes a scanner confuses (read, printed)."""


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


GARBLED_SCHEME = re.compile(r"^[hbn][A-Za-z1|!]{1,5}[^\w\s]{1,3}(?=[A-Za-z])")
"""A scheme OCR garbled past recognition (``bups:/``, ``hup/``, ``Htpst/``, ``hnpss/``): a few letters
that open like ``http``, then marks where ``://`` was."""
HOST_AFTER = re.compile(r"^[A-Za-z]?[wvmnWVMN]{2,4}[.,:;]?[a-z]|^[\w-]+\.(?:fr|org|com|net|eu)\b")
"""What follows such a scheme in a URL: a ``www`` OCR may have garbled, or a host with its suffix."""


def starts_url(token: str) -> bool:
    """True when a token opens a URL (scheme or ``www``), even with a scheme garbled beyond
    recognition: then its shape says so (marks where ``://`` was, then ``www`` or a host)."""
    token = token.lstrip("(<«[")
    if (
        URL.match(token)
        or re.match(r"^h\S{1,4}(?::/|//)", token, re.IGNORECASE)
        or re.match(r"^www\w", token, re.IGNORECASE)
    ):
        return True
    garbled = GARBLED_SCHEME.match(token)
    return bool(garbled and len(token) >= 10 and HOST_AFTER.match(token[garbled.end() :]))


def _join(left: str, right: str) -> str:
    """Two pieces of a URL a space separated on one line: a lost ``_`` between two words, nothing
    inside a number (``201 7``), one hyphen where both pieces show it (``dans- -son``); inside the
    host a lost dot (``www.ville gouv.fr``), after a whole host a lost slash (``gouv.fr IMG/pdf``)."""
    host = _host_so_far(left)
    if host is not None and right[:1].isalnum():
        if re.search(r"\.(?:fr|com|org|net|eu|info)$", host, re.IGNORECASE):
            return left + "/" + right
        if HOST_PIECE.match(right):
            return left.rstrip(".") + "." + right
    if left.endswith("-") and right.startswith("-"):
        return left + right[1:]
    if left[-1:].isdigit() and right[:1].isdigit():
        return left + right
    if left[-1:].isalnum() and right[:1].isalnum():
        return left + "_" + right
    return left + right


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}(?:\.[a-z]{2,4})?[.,;:]?$")
"""A slug printed after a space inside a URL: ASCII words joined by two hyphens or more, maybe a file
extension after them."""


EXTENSION = re.compile(
    r"(?:pdf|html?|php|aspx?|docx?|odt|xlsx?|ods|pptx?|zip|jpe?g|png)[.,;:]?", re.IGNORECASE
)
"""A file extension OCR set apart from its dot (``synthese-2017. pdf``)."""


HOST_PIECE = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:fr|com|org|net|eu|info)(?:/|$)")
"""The rest of a host a space cut: labels ending with a common public suffix (``gouv.fr``)."""


def _host_so_far(url: str) -> str | None:
    """The host of a URL being read, while no slash has closed it yet; else None."""
    scheme = SCHEME.match(url) or GARBLED_SCHEME.match(url)
    rest = url[scheme.end() :] if scheme else url
    return rest if "/" not in rest else None


def _continues_on_line(piece: str, url: str) -> bool:
    """A token after a space that still belongs to the URL (``download file/7074/…``, ``201 7-a-b``,
    ``2017. pdf``, ``ville gouv.fr``)."""
    slug = piece[:1] in "-_" and piece.count("-") >= 2 or bool(
        SLUG.match(piece) and (url[-1:].isalnum() or url[-1:] in "-_")
    )
    extension = url.endswith(".") and bool(EXTENSION.fullmatch(piece))
    host = _host_so_far(url) is not None and bool(HOST_PIECE.match(piece))
    return (
        bool(re.search(r"\w[/%]|[/%]\w", piece) or slug or extension or host)
        and not starts_url(piece)
        and not REF.match(piece)
        and piece[:1] not in "([«"
    )


def reading(tokens: list[str]) -> str:
    """A URL's words as OCR read them, joined with nothing between: what it is when nothing needs
    repair (pieces cut by line breaks put back together)."""
    return "".join(tokens).lstrip("(<«[").rstrip(TRAILING)


def is_noise(token: str) -> bool:
    """A speck OCR read as a character: no letter or digit, or one lone character."""
    return not REF.match(token) and (len(token) <= 1 or not any(c.isalnum() for c in token))


def _continues_next_line(url: str, line: list[str]) -> bool:
    """The next line starts with the rest of a URL the line break cut."""
    if not line or REF.match(line[0]) or starts_url(line[0]) or line[0][:1] in "([«•":
        return False
    first = line[0]
    if url.endswith(tuple(CONTINUES)) and not url.endswith("."):
        return True
    rest = [t for t in line[1:] if not REF.match(t)]
    if URL_PIECE.search(first) and not first[:1].isupper():
        return True
    if (first[:1].islower() or "_" in first) and _file_name_goes_on(line, url):
        return True
    return not rest and first[:1].islower() or not rest and bool(URL_PIECE.search(first))


MAX_NAME_WORDS = 8
FILE_NAME_WORD = re.compile(r"[A-Za-z0-9_-]+")
FILE_NAME_END = re.compile(rf"[A-Za-z0-9_-]*\.{EXTENSION.pattern}", re.IGNORECASE)


def _file_name_goes_on(tokens: list[str], url: str) -> bool:
    """``…/Contrat De Ville.pdf``: a file name whose underscores OCR read as spaces. The tokens, up
    to one that ends with a file extension, are plain words, and the URL's last segment has no
    extension yet."""
    last = url.rsplit("/", 1)[-1]
    if "/" not in url or not last[-1:].isalnum() or "." in last:
        return False
    for token in tokens[:MAX_NAME_WORDS]:
        if FILE_NAME_END.fullmatch(token):
            return True
        if not FILE_NAME_WORD.fullmatch(token):
            return False
    return False


def _next_filled(lines: list[list[str]], li: int, url: str) -> int | None:
    """The next line after ``li`` that holds more than specks, past at most one blank or speck line:
    a URL's rest may come after a speck line or in the next layout block. A lone letter that ends
    the URL's file extension (``….pd`` then ``f``) is no speck."""
    for k in (li + 1, li + 2):
        if k >= len(lines) or not lines[k]:
            continue
        if len(lines[k]) == 1 and _ends_extension(url, lines[k][0]):
            return k
        if not all(is_noise(t) for t in lines[k]):
            return k
    return None


def _ends_extension(url: str, piece: str) -> bool:
    stem, dot, extension = url.rpartition(".")
    return bool(dot) and "/" not in extension and (extension + piece).lower() in urlmodel.EXTENSIONS


def find_urls(lines: list[list[str]]) -> list[FoundUrl]:
    """Every URL of a page whose lines are given as their original tokens, pieces joined.

    A URL may continue on the same line after a space (read for ``_``) and on the next
    lines when the line break cut it; a ``[n]`` right after it is its reference.
    """
    found: list[FoundUrl] = []
    used: set[tuple[int, int]] = set()
    for i, line in enumerate(lines):
        for j, token in enumerate(line):
            if (i, j) in used or not starts_url(token):
                continue
            raw, words = token.lstrip("(<«["), [(i, j)]
            li, wj = i, j + 1
            while True:
                tokens = lines[li]
                while wj < len(tokens) and (
                    _continues_on_line(tokens[wj], raw) or _file_name_goes_on(tokens[wj:], raw)
                ):
                    raw = _join(raw, tokens[wj])
                    words.append((li, wj))
                    wj += 1
                nxt = _next_filled(lines, li, raw)
                if (
                    not all(is_noise(t) for t in tokens[wj:])
                    or nxt is None
                    or not _continues_next_line(raw, lines[nxt])
                ):
                    break
                li, wj = nxt, 1
                first = lines[li][0]
                raw += first[1:] if raw.endswith("-") and first.startswith("-") else first
                words.append((li, 0))
            used.update(words)
            hit = FoundUrl(url="", raw=raw.rstrip(TRAILING), line=i, words=words)
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


def _label(lines: list[list[str]], i: int, j: int) -> str | None:
    """The words that name the URL: before it on its line, else the line above ending in ``:``."""
    before = " ".join(lines[i][:j]).strip()
    if not before:
        above = next((line for line in reversed(lines[:i]) if line), None) if i else None
        if not above or not above[-1].endswith(":") or any(starts_url(t) for t in above):
            return None
        before = " ".join(above)
    before = re.split(r"(?<=[.!?])\s+", before)[-1]
    before = re.sub(r"\s*\([^)]*\)\s*:?$", "", before.rstrip(" :")).strip()
    before = re.sub(r"^(?:[•*+>»<–-]|[eoP](?=\s))\s*", "", before)
    return before or None


def clean_url(raw: str, lexicon: Lexicon | None = None, hosts: frozenset[str] = frozenset()) -> str:
    """The URL as it was printed, rebuilt from its OCR'd form.

    Fixes the scheme (``hüps:/`` → ``https://``, ``bups:/`` too), a ``www`` OCR garbled or
    framed with specks (``Awww.``, ``mmw.``, ``wwwvilledelens``), a host one letter from a known
    one (``data.souv.fr`` → ``data.gouv.fr``, :mod:`pipeline.urlmodel`), a lost slash after
    the domain, characters no URL holds, percent escapes (``%?20``, ``%2O``, ``#20`` → ``%20``,
    ``%201a`` → ``%20la``; escapes that must decode to a French word: ``R%C3%ABglement`` →
    ``R%C3%A8glement``), accents OCR put on path letters, path words one confusion away from
    a known word (``Politigue`` → ``Politique``) when a lexicon is given, and an extension one
    letter from a known one (``.paf`` → ``.pdf``).
    """
    url = re.sub(r"\s+", "", raw).rstrip(TRAILING)
    url = url.replace("-_", "-")  # a speck read as ``_`` where a hyphenated line resumes
    scheme = SCHEME.match(url) or GARBLED_SCHEME.match(url)
    if scheme:
        letters = re.sub(r"[^a-z]", "", scheme.group(0).lower())
        url = ("https://" if "s" in letters[2:] else "http://") + url[scheme.end() :].lstrip(":/;.,|")
        head = url[: url.index("//") + 2]
    else:
        head = ""
    rest = url[len(head) :]
    rest = _www(rest, lexicon) if head or WWW.match(rest) else rest
    host, slash, path = rest.partition("/")
    host, path = _split_host(host, slash, path)
    host = _fix_host(_strip_accents(host).lower(), hosts)
    path = _strip_accents(path)
    path = "".join(c for c in path if URL_CHARS.match(c))
    path = _fix_escapes(path)
    if lexicon is not None and lexicon.frequencies:
        path = _fix_escaped_words(path, lexicon)
    if lexicon is not None and (lexicon.frequencies or lexicon.places):
        path = _fix_words(path, lexicon)
    path = _fix_extension(path)
    return head + host + ("/" + path if path or slash else "")


W_LIKE = set("wvmnWVMN")


def _www(rest: str, lexicon: Lexicon | None) -> str:
    """``www.`` where OCR framed it with a speck (``Awww.``), garbled its letters (``mmw.``, ``Awmw.``),
    lost its dot or read the dot as a mark or a letter (``wwwvilledelens``, ``www:ville``,
    ``wwwsreseau``); a one-letter label after it is a ``w`` read twice (``www.w.oise``)."""
    if rest.lower().startswith("www."):
        return "www." + re.sub(r"^[a-z]\.(?=[a-z][\w-]+\.)", "", rest[4:])
    for offset in (0, 1):
        window = rest[offset : offset + 3]
        if len(window) == 3 and set(window) <= W_LIKE and "w" in window.lower():
            break
    else:
        return rest
    after = re.sub(r"^[wvmnWVMN]+(?=\.)", "", rest[offset + 3 :])  # ``wWww.``: a ``w`` read twice
    if after[:1] in ".,:;'`":
        return "www." + after[1:]
    if after[:1].isalpha() and lexicon is not None:
        kept, dropped = re.split(r"[.-]", after)[0].lower(), re.split(r"[.-]", after[1:])[0].lower()
        weights = folded_weights(lexicon)
        if dropped in weights and kept not in weights and len(dropped) >= 4:
            return "www." + after[1:]  # a dot read as a letter: ``wwwsreseau-national``
    return "www." + after


def _fix_host(host: str, hosts: frozenset[str]) -> str:
    """A host whose registrable domain is one letter from a known one takes the known one."""
    domain = urlmodel.registrable(host)
    if domain is None:
        return host
    near = urlmodel.closest_host(domain, hosts)
    return host[: -len(domain)] + near if near else host


def _fix_extension(path: str) -> str:
    """``synthese.paf`` → ``synthese.pdf``: an extension no file has, one letter from one."""
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension or not extension.isalpha() or extension.lower() in urlmodel.EXTENSIONS:
        return path
    near = [e for e in urlmodel.EXTENSIONS if len(e) == len(extension) and
            sum(a != b for a, b in zip(e, extension.lower(), strict=True)) == 1]
    return f"{stem}.{near[0]}" if len(near) == 1 else path


ESCAPED_WORD = re.compile(r"[A-Za-z0-9]*(?:%[A-Za-z0-9]{2}[A-Za-z0-9]*)+")
"""A word of a path with escapes inside (``R%C3%ABglement``), up to the marks around it."""


def _fix_escaped_words(path: str, lexicon: Lexicon) -> str:
    """Escapes must decode to UTF-8 and to a word: ``R%C3%ABglement`` (``Rëglement``) is
    ``R%C3%A8glement`` (``Règlement``). A word that does not decode to a known word is tried with
    one hex digit of its escapes changed, or one letter after an escape dropped or read for its
    look-alike (``m%C3%A9Ithodologique``, ``D%C3%A91ib``); the known word it becomes, if one,
    and the most frequent, replaces it."""

    def fixed(word: str) -> str:
        text = _decoded(word)
        valid = text is not None and re.fullmatch(r"(?:[^%]|%[0-9A-Fa-f]{2})*", word) is not None
        if "%" not in word or valid and (text.isascii() or _decodes_to_word(word, lexicon)):
            return word
        found = {v for v in _escape_variants(word) if _decodes_to_word(v, lexicon)}
        if not found:
            return word
        return max(sorted(found), key=lambda v: lexicon.frequency(_decoded(v) or ""))

    pieces = re.split(r"(%(?:20|27|2C)|[/_.-])", path)
    return "".join(piece if i % 2 else fixed(piece) for i, piece in enumerate(pieces))


def _decoded(word: str) -> str | None:
    try:
        return unquote_to_bytes(word).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None


def _decodes_to_word(word: str, lexicon: Lexicon) -> bool:
    if re.fullmatch(r"(?:[^%]|%[0-9A-Fa-f]{2})*", word) is None:
        return False
    text = _decoded(word)
    return text is not None and text.isalpha() and text.lower() in lexicon.frequencies


def _escape_variants(word: str) -> set[str]:
    out = set()
    for m in re.finditer(r"%([A-Za-z0-9]{2})", word):
        for k in (1, 2):
            for digit in HEX[:16]:
                at = m.start() + k
                out.add(word[:at] + digit + word[at + 1 :])
        after = m.end()
        if after < len(word):
            out.add(word[:after] + word[after + 1 :])
            swapped = LETTER_LOOKALIKES.get(word[after]) or {"I": "l", "l": "i"}.get(word[after])
            if swapped:
                out.add(word[:after] + swapped + word[after + 1 :])
    return out


def _split_host(host: str, slash: str, path: str) -> tuple[str, str]:
    """``irev.frthematiques`` → ``irev.fr`` + ``thematiques``: the slash after the TLD was lost."""
    labels = host.split(".")
    last = labels[-1].lower()
    if len(labels) > 1 and last not in TLDS:
        for tld in sorted(TLDS, key=len, reverse=True):
            if last.startswith(tld) and len(last) > len(tld) + 2:
                cut = len(host) - len(last) + len(tld)
                return host[:cut], host[cut:] + (slash + path if slash else "")
    return host, path


def _strip_accents(path: str) -> str:
    """Printed URLs escape their accents (``%C3%A9``); a bare ``è`` in a path is OCR noise."""
    return path if path.isascii() else path.translate(_ACCENT_FREE)


class _AccentFree(dict[int, str]):
    """A ``str.translate`` table, filled as characters come: each one without its accents (its NFD
    form, combining marks dropped). Character by character is the same as the whole text at once
    (reordering marks does not matter once they are dropped), and 10 times faster over the lexicon."""

    def __missing__(self, code: int) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        self[code] = bare
        return bare


_ACCENT_FREE = _AccentFree()


def _fix_escapes(path: str) -> str:
    """Repair ``%XX`` escapes: a stray mark after ``%``, letters read for hex digits, ``%201a``."""
    path = re.sub(r"%[?!'`:;,.](?=\w\w)", "%", path)
    if "%" in path:  # ``#20`` among escapes is ``%20``; ``%XC3``: a speck read as a letter after ``%``
        path = re.sub(r"#(?=%)", "", path)
        path = re.sub(r"#(?=[0-9A-F]{2})", "%", path)
        path = re.sub(r"%[0-9A-F](?=(?:20|2C|27)(?:[A-Za-z%]))", _lone_digit, path)
        path = re.sub(r"%[G-NP-RT-Yg-hj-km-np-rt-y](?=[0-9A-F]{2})", "%", path)

    def escape(match: re.Match[str]) -> str:
        digits = (
            match.group(1).translate(DIGIT_LOOKALIKES) if match.group(1)[0] not in HEX else match.group(1)
        )
        if digits[1] not in HEX:
            digits = digits[0] + digits[1].translate(DIGIT_LOOKALIKES)
        return "%" + digits

    path = re.sub(r"%(\w\w)", escape, path)
    return re.sub(r"(?<=%20)([015]+)([a-z]+)(?=%|/|\.|$)", _digits_to_letters, path)


def _lone_digit(match: re.Match[str]) -> str:
    """``%620des``: ``%20`` with a digit OCR saw in the ``%`` sign. A printed escape never stands for a
    letter or a digit (``%62`` would be ``b``), so the digit goes."""
    return "%" if re.fullmatch(r"%[2-7]", match.group(0)) else match.group(0)


def _digits_to_letters(match: re.Match[str]) -> str:
    """After an escaped space comes text: ``%201a`` is ``%20la`` misread, not ``%20`` + ``1a``."""
    return "".join(LETTER_LOOKALIKES.get(c, c) for c in match.group(1)) + match.group(2)


PLACE_WEIGHT = 1_000
"""What a place name weighs among path words: as much as a common word (places.txt's rank)."""
RARER = 1_000
"""A path word is misread when a one-edit neighbour is this many times more frequent (``hematiques``,
a rare word, is ``thematiques`` with its ``t`` lost; ``sellier`` stays: no neighbour outweighs it)."""
UNKNOWN_TO_KNOWN = 20
"""The least frequency a neighbour of an unknown path word needs to replace it."""
ENGLISH_FREQUENCY = 100


def _fix_words(path: str, lexicon: Lexicon) -> str:
    """Path words rebuilt from the lexicon: a number's letters read for digits (``Z8`` → ``28``), a
    word one edit away from a far more frequent one (:func:`_repair`), and two words of the URL glued
    where a slash was lost (:func:`_unglue`). A word against a percent escape is half a word: left alone.
    """
    weights = folded_weights(lexicon)
    pieces = re.split(r"(%[0-9A-Fa-f]{2}|[/_.-])", path)
    words = {p.lower() for i, p in enumerate(pieces) if not i % 2 and p.isalpha()}

    def fixed(i: int, piece: str) -> str:
        if i % 2:
            return piece
        if re.fullmatch(r"[A-Z01]*[01][A-Z01]*", piece) and sum(c.isupper() for c in piece) >= 2:
            return piece.replace("1", "I").replace("0", "O")  # capitals, a digit read for one: ``1MG``
        if any(c.isdigit() for c in piece) and re.fullmatch(r"[\dOoIlZzSG]+", piece):
            return piece.translate(DIGIT_LOOKALIKES)
        escaped = [pieces[k] for k in (i - 1, i + 1) if 0 <= k < len(pieces) and pieces[k].startswith("%")]
        if not piece.isalpha() or any(e != "%20" for e in escaped):
            return piece
        word = _repair(piece.lower(), weights)
        if word == piece.lower():
            word = _unglue(word, words - {word}, weights)
        if word == piece.lower() and word not in weights and not english(word):
            word = _english_shape(word)  # unknown in both languages: ``defauit`` → ``default``
        if word == piece.lower() or english(piece.lower()):
            return piece
        return word.capitalize() if piece[0].isupper() else word

    return "".join(fixed(i, piece) for i, piece in enumerate(pieces))


def _repair(word: str, weights: dict[str, int]) -> str:
    """The known word one edit away (a confusion, a letter read twice or lost) that outweighs ``word``
    and every other neighbour by :data:`RARER`, else ``word`` unchanged."""
    if len(word) < 5:
        return word
    own = weights.get(word, 0)
    ranked = sorted(((weights[c], c) for c in _variants(word) if c in weights and c != word), reverse=True)
    if not ranked:
        return word
    best, runner_up = ranked[0][0], ranked[1][0] if len(ranked) > 1 else 0
    if best >= (RARER * own if own else UNKNOWN_TO_KNOWN) and best >= 10 * runner_up:
        return ranked[0][1]
    return word


def prepare(lexicon: Lexicon) -> None:
    """Build now the word lists URL repair reads (~0.5 s in a fresh process), rather than at the
    first URL."""
    folded_weights(lexicon)
    _english_words()


@cache
def _english_words() -> dict[str, int] | None:
    """pyspellchecker's English word frequencies (loaded once, 0.4 s), None when it is missing."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return None
    return SpellChecker(language="en").word_frequency.dictionary


def english(word: str) -> bool:
    """A common English word (``default``, ``uploads``): URLs are often spelt in English, and such a
    word is as printed, however close to a French one (``default`` is one letter from ``défaut``)."""
    english = _english_words()
    return bool(english) and english.get(word, 0) >= ENGLISH_FREQUENCY


def _unglue(word: str, others: set[str], weights: dict[str, int]) -> str:
    """``citoyennemasterclass`` → ``citoyenne/masterclass``: an unknown word made of two words the
    same URL spells elsewhere. The lost mark is a slash: OCR merges a thin ``/`` into the letters
    beside it, while it keeps a hyphen, a clear mark of its own."""
    if word in weights:
        return word
    splits = [word[:k] + "/" + word[k:] for k in range(3, len(word) - 2) if {word[:k], word[k:]} <= others]
    return splits[0] if len(splits) == 1 else word


def shape_variants(token: str) -> set[str]:
    """Every spelling one shape confusion away from ``token`` (``i`` read for ``l``, ``rn`` for ``m``)."""
    out = set()
    for read, printed in SHAPE_CONFUSIONS:
        start = token.find(read)
        while start >= 0:
            out.add(token[:start] + printed + token[start + len(read) :])
            start = token.find(read, start + 1)
    return out


def _english_shape(word: str) -> str:
    """The one common English word a single shape confusion away from ``word``, else ``word``.

    Only a misread glyph, never a letter added or lost: an unknown name (``sellier``) is
    not turned into an English word (``seller``)."""
    found = [v for v in shape_variants(word) if english(v)]
    return found[0] if len(found) == 1 and len(word) >= 5 else word


def _variants(token: str) -> set[str]:
    """Every spelling one edit away from ``token``: a shape confusion, a letter deleted, inserted or,
    in a long word, replaced."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = {token[:i] + token[i + 1 :] for i in range(len(token))}
    out |= {token[:i] + c + token[i:] for i in range(len(token) + 1) for c in letters}
    if len(token) >= 8:
        out |= {token[:i] + c + token[i + 1 :] for i in range(len(token)) for c in letters}
    return out | shape_variants(token)


def folded_weights(lexicon: Lexicon) -> dict[str, int]:
    """Known words and places without accents, lower-cased (URL paths drop accents) → their highest
    frequency. Kept in the lexicon's own memo, so it lives and dies with that lexicon."""
    key = ("url-weights",)
    if key not in lexicon.memo:
        weights: dict[str, int] = {}
        for word, count in lexicon.frequencies.items():
            folded = _fold(word)
            weights[folded] = max(weights.get(folded, 0), count)
        for name in lexicon.places:
            for part in re.split(r"[\s'-]+", _fold(name)):
                if part:
                    weights[part] = max(weights.get(part, 0), PLACE_WEIGHT)
        lexicon.memo[key] = weights
    return lexicon.memo[key]


def _fold(word: str) -> str:
    return _strip_accents(word.lower())
