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

from pipeline.lexicon import Lexicon
from pipeline.patterns import URL, URL_PIECE

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


def starts_url(token: str) -> bool:
    """True when a token opens a URL (scheme or ``www``), even with a garbled scheme."""
    token = token.lstrip("(<«[")
    return bool(
        URL.match(token)
        or re.match(r"^h\S{1,4}(?::/|//)", token, re.IGNORECASE)
        or re.match(r"^www\w", token, re.IGNORECASE)
    )


def _join(left: str, right: str) -> str:
    """Two pieces of a URL a space separated on one line: a lost ``_`` between two words."""
    if left[-1:].isalnum() and right[:1].isalnum():
        return left + "_" + right
    return left + right


def _continues_on_line(piece: str, following: list[str]) -> bool:
    """A token after a space that still belongs to the URL (``download file/7074/…``)."""
    slug = piece[:1] in "-_" and piece.count("-") >= 2
    return (
        bool(re.search(r"\w[/%]|[/%]\w", piece) or slug)
        and not starts_url(piece)
        and not REF.match(piece)
        and piece[:1] not in "([«"
    )


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
    return not rest and first[:1].islower() or not rest and bool(URL_PIECE.search(first))


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
                while wj < len(tokens) and _continues_on_line(tokens[wj], tokens[wj + 1 :]):
                    raw = _join(raw, tokens[wj])
                    words.append((li, wj))
                    wj += 1
                if (
                    not all(is_noise(t) for t in tokens[wj:])
                    or li + 1 >= len(lines)
                    or not _continues_next_line(raw, lines[li + 1])
                ):
                    break
                li, wj = li + 1, 1
                raw += lines[li][0]
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


def clean_url(raw: str, lexicon: Lexicon | None = None) -> str:
    """The URL as it was printed, rebuilt from its OCR'd form.

    Fixes the scheme (``hüps:/`` → ``https://``), a lost dot after ``www`` and a lost
    slash after the domain, percent escapes (``%?20``, ``%2O`` → ``%20``, ``%201a`` →
    ``%20la``), accents OCR put on path letters, and path words one confusion away from
    a known word (``Politigue`` → ``Politique``) when a lexicon is given.
    """
    url = re.sub(r"\s+", "", raw).rstrip(TRAILING)
    scheme = SCHEME.match(url)
    if scheme:
        secure = re.search(r"s:?/*$", scheme.group(0), re.IGNORECASE) is not None
        url = ("https://" if secure else "http://") + url[scheme.end() :]
        head = url[: url.index("//") + 2]
    else:
        head = ""
    rest = url[len(head) :]
    rest = WWW.sub("www.", rest, count=1) if WWW.match(rest) else rest
    host, slash, path = rest.partition("/")
    host, path = _split_host(host, slash, path)
    path = _strip_accents(path)
    path = _fix_escapes(path)
    if lexicon is not None and (lexicon.frequencies or lexicon.places):
        path = _fix_words(path, lexicon)
    return head + host + ("/" + path if path or slash else "")


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
    return "".join(c for c in unicodedata.normalize("NFD", path) if not unicodedata.combining(c))


def _fix_escapes(path: str) -> str:
    """Repair ``%XX`` escapes: a stray mark after ``%``, letters read for hex digits, ``%201a``."""
    path = re.sub(r"%[?!'`:;,.](?=\w\w)", "%", path)

    def escape(match: re.Match[str]) -> str:
        digits = (
            match.group(1).translate(DIGIT_LOOKALIKES) if match.group(1)[0] not in HEX else match.group(1)
        )
        if digits[1] not in HEX:
            digits = digits[0] + digits[1].translate(DIGIT_LOOKALIKES)
        return "%" + digits

    path = re.sub(r"%(\w\w)", escape, path)
    return re.sub(r"(?<=%20)([015]+)([a-z]+)(?=%|/|\.|$)", _digits_to_letters, path)


def _digits_to_letters(match: re.Match[str]) -> str:
    """After an escaped space comes text: ``%201a`` is ``%20la`` misread, not ``%20`` + ``1a``."""
    return "".join(LETTER_LOOKALIKES.get(c, c) for c in match.group(1)) + match.group(2)


def _fix_words(path: str, lexicon: Lexicon) -> str:
    """Replace each path word that is unknown but one shape confusion away from one known word."""
    known = _folded_words(id(lexicon), lexicon)

    def word(token: str) -> str:
        folded = token.lower()
        if len(folded) < 5 or folded in known:
            return token
        candidates = {c for c in _variants(folded) if c in known}
        if len(candidates) != 1:
            return token
        fixed = candidates.pop()
        return fixed.capitalize() if token[0].isupper() else fixed

    pieces = re.split(r"(%20|[/_.-])", path)
    return "".join(piece if i % 2 or not piece.isalpha() else word(piece) for i, piece in enumerate(pieces))


def _variants(token: str) -> set[str]:
    """Every spelling one confusion or one extra letter away from ``token``."""
    out = {token[:i] + token[i + 1 :] for i in range(len(token))}
    for read, printed in SHAPE_CONFUSIONS:
        start = token.find(read)
        while start >= 0:
            out.add(token[:start] + printed + token[start + len(read) :])
            start = token.find(read, start + 1)
    return out


_FOLDED: dict[int, frozenset[str]] = {}


def _folded_words(key: int, lexicon: Lexicon) -> frozenset[str]:
    """Known words and places without accents, lower-cased (URL paths drop accents). Cached."""
    if key not in _FOLDED:
        words = set(lexicon.frequencies) | set(lexicon.places)
        _FOLDED[key] = frozenset(_fold(w) for w in words)
    return _FOLDED[key]


@cache
def _fold(word: str) -> str:
    return _strip_accents(word.lower())
