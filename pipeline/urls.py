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
    """Two pieces of a URL a space separated on one line: a lost ``_`` between two words, nothing
    inside a number (``201 7``), one hyphen where both pieces show it (``dans- -son``)."""
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


def _continues_on_line(piece: str, url: str) -> bool:
    """A token after a space that still belongs to the URL (``download file/7074/…``, ``201 7-a-b``,
    ``2017. pdf``)."""
    slug = piece[:1] in "-_" and piece.count("-") >= 2 or bool(
        SLUG.match(piece) and (url[-1:].isalnum() or url[-1:] in "-_")
    )
    extension = url.endswith(".") and bool(EXTENSION.fullmatch(piece))
    return (
        bool(re.search(r"\w[/%]|[/%]\w", piece) or slug or extension)
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
                while wj < len(tokens) and _continues_on_line(tokens[wj], raw):
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


def clean_url(raw: str, lexicon: Lexicon | None = None) -> str:
    """The URL as it was printed, rebuilt from its OCR'd form.

    Fixes the scheme (``hüps:/`` → ``https://``), a lost dot after ``www`` and a lost
    slash after the domain, percent escapes (``%?20``, ``%2O`` → ``%20``, ``%201a`` →
    ``%20la``), accents OCR put on path letters, and path words one confusion away from
    a known word (``Politigue`` → ``Politique``) when a lexicon is given.
    """
    url = re.sub(r"\s+", "", raw).rstrip(TRAILING)
    url = url.replace("-_", "-")  # a speck read as ``_`` where a hyphenated line resumes
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
    weights = _folded_weights(lexicon)
    pieces = re.split(r"(%[0-9A-Fa-f]{2}|[/_.-])", path)
    words = {p.lower() for i, p in enumerate(pieces) if not i % 2 and p.isalpha()}

    def fixed(i: int, piece: str) -> str:
        if i % 2:
            return piece
        if any(c.isdigit() for c in piece) and re.fullmatch(r"[\dOoIlZzSG]+", piece):
            return piece.translate(DIGIT_LOOKALIKES)
        escaped = [pieces[k] for k in (i - 1, i + 1) if 0 <= k < len(pieces) and pieces[k].startswith("%")]
        if not piece.isalpha() or any(e != "%20" for e in escaped):
            return piece
        word = _repair(piece.lower(), weights)
        if word == piece.lower():
            word = _unglue(word, words - {word}, weights)
        if word == piece.lower() and word not in weights and not _english(word):
            word = _english_shape(word)  # unknown in both languages: ``defauit`` → ``default``
        if word == piece.lower() or _english(piece.lower()):
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
    _folded_weights(lexicon)
    _english_words()


@cache
def _english_words() -> dict[str, int] | None:
    """pyspellchecker's English word frequencies (loaded once, 0.4 s), None when it is missing."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return None
    return SpellChecker(language="en").word_frequency.dictionary


def _english(word: str) -> bool:
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


def _shape_variants(token: str) -> set[str]:
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
    found = [v for v in _shape_variants(word) if _english(v)]
    return found[0] if len(found) == 1 and len(word) >= 5 else word


def _variants(token: str) -> set[str]:
    """Every spelling one edit away from ``token``: a shape confusion, a letter deleted, inserted or,
    in a long word, replaced."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = {token[:i] + token[i + 1 :] for i in range(len(token))}
    out |= {token[:i] + c + token[i:] for i in range(len(token) + 1) for c in letters}
    if len(token) >= 8:
        out |= {token[:i] + c + token[i + 1 :] for i in range(len(token)) for c in letters}
    return out | _shape_variants(token)


def _folded_weights(lexicon: Lexicon) -> dict[str, int]:
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
