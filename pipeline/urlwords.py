"""Words inside a URL's path: what the lexicon, English and the OCR confusions say a misread path word
was (its percent escapes: :mod:`pipeline.urlescapes`).

Read by :mod:`pipeline.urlrepair` (to repair a path) and :mod:`pipeline.urlmodel` (to judge one).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from urllib.parse import unquote_to_bytes
from weakref import WeakKeyDictionary

from pipeline.derived import kept, source_key
from pipeline.lexicon import Lexicon, fold_index
from pipeline.text import CONFUSIONS
from pipeline.urlfiles import without_extension

LINKING_WORDS = frozenset({"de", "du", "la", "le", "en", "et", "au", "un"})
"""The two-letter words a path's names hold (``centrederessources``, ``politique-de-la-ville``)."""
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
LETTER_LOOKALIKES = {"1": "l", "0": "o", "5": "s", "8": "B", "9": "g"}
FIGURE_LETTERS = str.maketrans(LETTER_LOOKALIKES)
"""Figures read as the letters they look like (``str.translate``)."""


def _doubled(glyphs: str) -> bool:
    return len(glyphs) == 2 and glyphs[0] == glyphs[1]


SHAPE_COST = 0.8
"""The dearest of the OCR confusions (:data:`pipeline.text.CONFUSIONS`) a URL's word is tried with.
A path word is tried with every variant at once, with no budget to rank them, so only the likeliest
glyph swaps count (on ``bench/url_quality.py``'s scans, the same URLs exact as the hand-made list
this replaced, one more wrong URL flagged; with the whole table, more right URLs flagged)."""
SHAPE_CONFUSIONS = [(read, meant) for read, meant, cost in CONFUSIONS
                    if meant and cost <= SHAPE_COST and not _doubled(read) and not _doubled(meant)]
"""Pairs of letter shapes a scanner confuses (read, printed): the corrector's cheapest confusions,
those that double a glyph (``tt``, ``rr``, ``vv``) or lose one aside."""


ORDINAL_ENDINGS = frozenset({"eme", "ème", "ieme", "ième", "emes", "èmes", "iemes", "ièmes", "ere", "ère",
                             "eres", "ères", "ers", "res", "nde", "nds", "ndes"})
"""What follows a figure in a French ordinal (``2eme``, ``1ere``, ``2nde``): a figure's only word."""


def figure_into_word(token: str) -> bool:
    """``8aint``: one or two figures glued to small letters that are no ordinal's ending: a letter read as
    a figure (``S`` as ``8``), or a separator lost between a number and a word."""
    glued = re.fullmatch(r"\d{1,2}([a-zà-ÿ]{3,})", token)
    return glued is not None and glued.group(1) not in ORDINAL_ENDINGS


TITLE_LINKS = LINKING_WORDS | {"des", "les", "aux", "à"}
"""The small words between a French title's words (``Référentiel des métiers``, ``Appel à projets``)."""


def capitals_in_title(segment: str, lexicon: Lexicon) -> list[str]:
    """Common words a file name's title (its words parted by escaped spaces) capitalises after a small
    linking word (``R%C3%A9f%C3%A9rentiel%20des%20M%C3%A9tiers``): French writes them small, and OCR
    reads a small letter after ``%20`` as its capital. A place or a person's name stays capital, as
    does a word after a capital article (a place's: ``Le%20Quesnoy``)."""
    words = (decoded(without_extension(segment)) or "").split(" ")
    return [b for a, b in itertools.pairwise(words) if a in TITLE_LINKS and b[:1].isupper() and
            b[1:].isalpha() and b[1:].islower() and lexicon.is_word(b) and not lexicon.place_folded(b)
            and not lexicon.is_name(b)]


def decoded(word: str) -> str | None:
    """``word`` with its percent escapes decoded as UTF-8, or None when they are not UTF-8."""
    try:
        return unquote_to_bytes(word).decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None


def strip_accents(path: str) -> str:
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


PLACE_WEIGHT = 1_000
"""What a place name weighs among path words: as much as a common word (places.txt's rank)."""
RARER = 1_000
"""A path word is misread when a one-edit neighbour is this many times more frequent (``hematiques``,
a rare word, is ``thematiques`` with its ``t`` lost; ``sellier`` stays: no neighbour outweighs it)."""
UNKNOWN_TO_KNOWN = 20
"""The least frequency a neighbour of an unknown path word needs to replace it."""
ENGLISH_FREQUENCY = 100


def fix_words(path: str, lexicon: Lexicon) -> str:
    """Path words rebuilt from the lexicon: a number's letters read for digits (``Z8`` → ``28``), a
    word one edit away from a far more frequent one (:func:`_repair`), and two words of the URL glued
    where a slash was lost (:func:`_unglue`). A word against a percent escape is half a word: left alone.
    """
    weights = folded_weights(lexicon)
    path = _rejoin(path, weights)
    pieces = re.split(r"(%[0-9A-Fa-f]{2}|[/_.-])", path)
    words = {p.lower() for i, p in enumerate(pieces) if not i % 2 and p.isalpha()}

    def fixed(i: int, piece: str) -> str:
        if i % 2:
            return piece
        slash = SLASH_AS_CAPITAL.fullmatch(piece)
        if slash and all(weights.get(w.lower(), 0) >= UNKNOWN_TO_KNOWN or english(w.lower())
                         for w in slash.groups()):
            return "/".join(slash.groups())  # ``documentsIdownloads``: a slash read as a capital ``I``
        if piece.islower() and piece not in weights and (parted := _slash_as_small(piece, weights)):
            return parted
        if re.fullmatch(r"[A-Z01l|]*[01l|][A-Z01l|]*", piece) and sum(c.isupper() for c in piece) >= 2:
            return re.sub("[1l|]", "I", piece).replace("0", "O")  # capitals, one misread: ``1MG``, ``lMG``
        if re.fullmatch(r"[01][a-z]{1,3}", piece) and not ORDINAL.fullmatch(piece):
            letters = LETTER_LOOKALIKES[piece[0]] + piece[1:]  # ``prevention-de-1a-2015``: ``la``
            return letters if weights.get(letters, 0) >= UNKNOWN_TO_KNOWN else piece
        if any(c.isdigit() for c in piece) and re.fullmatch(r"[\dOoIlZzSG]+", piece):
            return piece.translate(DIGIT_LOOKALIKES)
        if re.fullmatch(r"\d+B\d+", piece) and len(piece) >= 4:
            return piece.replace("B", "8")  # ``37B00``: a number's ``8`` read as the letter it looks like
        if re.fullmatch(r"1[a-z]{4,}", piece) and piece[1:].lower() not in weights:
            return _one_read_for_letter(piece, pieces, weights)  # ``1ogement``, ``1ntercommunale``
        if re.fullmatch(r"[a-z]{2,3}\d", piece) and piece[:-1] in TITLE_LINKS:
            return piece[:-1]  # ``Charte%20de7%20la``: a speck read as a figure after a linking word
        if piece[:1].isalpha() and not piece.isalpha() and piece.isalnum():
            letters = piece.translate(FIGURE_LETTERS)  # ``c0-construit``: ``co``
            known = weights.get(letters.lower(), 0) >= UNKNOWN_TO_KNOWN
            return letters if letters.isalpha() and known and piece.lower() not in weights else piece
        escaped = [pieces[k] for k in (i - 1, i + 1) if 0 <= k < len(pieces) and pieces[k].startswith("%")]
        if not piece.isalpha() or any(e != "%20" for e in escaped):
            return piece
        if len(piece) <= 2 and piece.lower() not in lexicon.frequencies:
            linking = [v for v in shape_variants(piece.lower()) if v in LINKING_WORDS]
            return linking[0] if len(linking) == 1 and piece.islower() else piece  # ``de-ia-ville``
        camel = re.findall("[A-Z][a-z]+", piece) if re.search(r"[a-z][A-Z]", piece) else []
        if camel and all(p.lower() in weights for p in camel):
            return piece  # ``ChargeDe``: two capitalised words, their underscore lost (``name_case`` puts it)
        word = _repair(piece.lower(), weights)
        if word == piece.lower():
            word = _unglue(word, words - {word}, weights)
        if word == piece.lower() and word not in weights and not english(word):
            word = _english_shape(word)  # unknown in both languages: ``defauit`` → ``default``
        if word == piece.lower() or english(piece.lower()):
            return piece
        return word.capitalize() if piece[0].isupper() else word

    return "".join(fixed(i, piece) for i, piece in enumerate(pieces))


SLASH_AS_CAPITAL = re.compile(r"([a-z]{3,})I([A-Z]?[a-z]{3,})")
"""Two words a slash read as a capital ``I`` joins (``documentsIdownloads``), the second maybe a file
name's capitalised first word (``thematiquesISous%20prefet``)."""
SLASH_WORD = 4
"""Letters each word beside a slash read as a small letter must have: shorter ones part many words."""


def _slash_as_small(piece: str, weights: Mapping[str, int]) -> str | None:
    """``thematiquesidiagnostics``: a word no list knows that a small ``i`` or ``l`` parts, in one place
    only, into two known words of :data:`SLASH_WORD` letters or more: the slash between them misread."""
    splits = [f"{piece[:k]}/{piece[k + 1 :]}" for k in range(SLASH_WORD, len(piece) - SLASH_WORD)
              if piece[k] in "il" and weights.get(piece[:k], 0) >= UNKNOWN_TO_KNOWN and
              weights.get(piece[k + 1 :], 0) >= UNKNOWN_TO_KNOWN]
    return splits[0] if len(splits) == 1 else None
"""A capital ``I`` between two words in small letters: a slash OCR read as one (``communIgestion``)."""


def _one_read_for_letter(piece: str, pieces: list[str], weights: Mapping[str, int]) -> str:
    """A word opening with a ``1`` OCR read for an ``l`` or an ``I``: the one letter that makes it a known
    word (``1ogement`` → ``logement``), an ``I`` in capitals when the name's other words are capitalised
    (``1ntercommunale_Communaute`` → ``Intercommunale_Communaute``); else left as read."""
    known = [c for c in "li" if weights.get(c + piece[1:], 0) >= UNKNOWN_TO_KNOWN]
    if len(known) != 1:
        return piece
    capitals = any(p[:1].isupper() and p[1:].islower() for p in pieces[::2] if p.isalpha())
    return ("I" if known[0] == "i" and capitals else known[0]) + piece[1:]


ORDINAL = re.compile(r"\d(?:er|re|e|nd|de|ère)", re.IGNORECASE)
"""A French ordinal (``1er``, ``2e``, ``2nd``): figures, then letters, as printed."""
SPLIT_WORD = 6
"""Letters a word must have for a hyphen inside it to be taken for OCR's (``int-ercommunal``)."""


def _rejoin(path: str, weights: Mapping[str, int]) -> str:
    """``int-ercommunal``, ``r-eleve``, ``com_pte``, ``citoyen.nes``: a mark OCR read inside a word (a
    speck, or a mark at the start of a URL's next line) is dropped when the two pieces together are a
    known word and the pieces are not. A slug's hyphen parts words (``co-construire``): both pieces
    must be unknown, or one a lone letter. A file name's underscore parts words too, but one piece
    that is none is enough (``com`` and ``pte``); a dot inside a slug parts none."""
    pieces = re.split(r"(%[0-9A-Fa-f]{2}|[/_.-])", path)
    k = 2
    while k < len(pieces):
        left, right = pieces[k - 2], pieces[k]
        whole = (left + right).lower()
        apart = [left.lower(), right.lower()]
        lone = any(len(p) == 1 and p not in "ay" for p in apart)  # ``à-venir`` is two words
        known = [bool(weights.get(p, 0) or english(p)) for p in apart]
        dot = pieces[k - 1] == "." and k + 1 < len(pieces) and pieces[k + 1] in "-_"  # no extension's
        if pieces[k - 1] in "-_." and left.isalpha() and right.isalpha() and len(whole) >= SPLIT_WORD and \
                weights.get(whole, 0) > 0 and (lone or not any(known) or dot or
                                               pieces[k - 1] == "_" and not all(known)):
            pieces[k - 2 : k + 1] = [left + right]
        else:
            k += 2
    return "".join(pieces)


def _repair(word: str, weights: Mapping[str, int]) -> str:
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
def _english_words() -> frozenset[str]:
    """pyspellchecker's common English words (frequency ``ENGLISH_FREQUENCY`` or more), empty when it
    is missing; unpacking its word list is 0.15 s, so the result is kept (:mod:`pipeline.derived`)."""
    try:
        import spellchecker
    except ImportError:
        return frozenset()
    source = Path(spellchecker.__file__).with_name("resources") / "en.json.gz"
    try:
        key = source_key(source, extra=str(ENGLISH_FREQUENCY))
    except OSError:
        return _common_english()
    return kept("english", key, _common_english)


def _common_english() -> frozenset[str]:
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en").word_frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= ENGLISH_FREQUENCY)


def english(word: str) -> bool:
    """A common English word (``default``, ``uploads``): URLs are often spelt in English, and such a
    word is as printed, however close to a French one (``default`` is one letter from ``défaut``)."""
    return word in _english_words()


def _unglue(word: str, others: set[str], weights: Mapping[str, int]) -> str:
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


_WEIGHTS: WeakKeyDictionary[Lexicon, Mapping[str, int]] = WeakKeyDictionary()
"""URL repair's own memo of :func:`folded_weights`, per lexicon: it lives and dies with that lexicon."""


def folded_weights(lexicon: Lexicon) -> Mapping[str, int]:
    """Known words and places without accents, lower-cased (URL paths drop accents) → their highest
    frequency. Built once per lexicon."""
    weights = _WEIGHTS.get(lexicon)
    if weights is None:
        weights = _WEIGHTS[lexicon] = _FoldedWeights(lexicon)
    return weights


def _place_words(lexicon: Lexicon) -> set[str]:
    """The folded words place names are made of (``saint``, ``omer``): a URL spells them apart."""
    return set(re.split(r"[\s'-]+", "\n".join(lexicon.folded_place_names()))) - {""}


class _FoldedWeights(Mapping[str, int]):
    """:func:`folded_weights` read from the lexicon's own index (by the same fold, most frequent word
    first) rather than copied: a copy of its 420,000 keys was 0.3 s of every process's start."""

    def __init__(self, lexicon: Lexicon) -> None:
        # A lexicon made by hand has no index: its words are folded here, once.
        self._folded = lexicon.folded or fold_index(lexicon.frequencies)
        self._frequencies = lexicon.frequencies
        self._places = _place_words(lexicon)

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        words = self._folded.get(key)
        if words is None:
            return PLACE_WEIGHT if key in self._places else default
        weight = self._frequencies[words[0]]
        return max(weight, PLACE_WEIGHT) if key in self._places else weight

    def __getitem__(self, key: str) -> int:
        weight = self.get(key)
        if weight is None:
            raise KeyError(key)
        return weight

    def __contains__(self, key: object) -> bool:
        return key in self._folded or key in self._places

    def __iter__(self) -> Iterator[str]:
        return iter(self._folded.keys() | self._places)

    def __len__(self) -> int:
        return len(self._folded.keys() | self._places)

