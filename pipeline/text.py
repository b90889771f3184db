"""Text rules every stage shares: one normalisation, one folding for lookups, the OCR confidence
that means doubt, and the shapes of text that are not words (URLs, e-mail addresses, numbers, codes).

Each rule is defined here once and imported by the corrector, the segmenter, the URL and date
finders and the OCR vote, so they always agree (on what a URL is, on how ``cœur`` folds).
"""

from __future__ import annotations

import re
import unicodedata

URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER = re.compile(r"^[\d.,:/%°h+-]*\d[\d.,:/%°h+-]*$")
"""Numbers, dates, times, percentages, amounts: ``2017``, ``14/03/2018``, ``16:19``, ``337.9``."""
AMOUNT = re.compile(r"^\d+[.,]\d\d$")
"""A price: ``1,95``, ``24.99``. The sign after it is its currency (``€``, which OCR reads ``î``, ``é``)."""
DATE = re.compile(r"(?<!\d)\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?!\d)")
"""A date in figures: ``14/03/2018``, ``14.03.18``."""
URL_PIECE = re.compile(
    r"[/%]|https?:|www\.|\.(?:fr|com|org|net|eu|gouv|php|pdf|html?)\b|[\w-]+-[\w-]+-[\w-]+-", re.IGNORECASE
)
"""A token that is part of a URL even without its scheme: a path, an escape, a long slug."""


ELISIONS = ("l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'",
            "quelqu'", "presqu'", "entr'")
"""The elided words of French, apostrophe included (``jusqu'à``, ``presqu'île``)."""
ELIDED_BEFORE = frozenset("aeiouyh")
"""The letters (accents folded) a French word an elision stands before opens with."""
L_READ = ("", "I", "|", "1")
"""What OCR leaves of an elided ``l`` (``I'IREV``, ``'organisation``): French has no other elision
of these, so before a word that can be elided (:data:`ELIDED_BEFORE`) they are an ``l``."""


HYPHENS = "-\u2010\u2011\u00ad"
"""Signs a word is cut with at a line end: hyphen-minus, hyphen, non-breaking hyphen, soft hyphen."""


def cut_at_end(word: str) -> bool:
    """A word ending in a hyphen after a letter (``conduc-``): cut at its line's end, it goes on on the
    next line."""
    return len(word) > 1 and word[-1] in HYPHENS and word[-2].isalpha()


def is_url_like(token: str) -> bool:
    """True for a URL, an e-mail address, or a piece of a URL broken over lines."""
    return bool(URL.search(token) or EMAIL.search(token) or URL_PIECE.search(token))


def has_date(token: str) -> bool:
    """True when the token holds a date in figures (``14/03/2018,``)."""
    return bool(DATE.search(token))


def is_number_like(token: str) -> bool:
    """True for numbers, dates, times and codes made of digits."""
    return bool(NUMBER.match(token.strip("()[],;.")))


_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4`"
"""Signs printed for an apostrophe. ``text`` keeps them as printed; lookups read them as ``'``."""
_PLAIN_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u200b-\u200d\ufeff]")


def plain_apostrophes(text: str) -> str:
    """Every apostrophe sign as the ASCII ``'`` every dictionary uses: for lookups, never for ``text``."""
    return text.translate(_PLAIN_APOSTROPHES)


def normalise(text: str) -> str:
    """NFC, ligatures expanded, no soft hyphens or controls; apostrophes as printed.

    The typographic apostrophe ’ is kept: it is what the page says (old books and charters print
    it, and their transcriptions keep it); lookups read it through :func:`plain_apostrophes`.
    """
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _CONTROLS.sub("", text)


_LATIN = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ"
_FOLD = str.maketrans({**{c: unicodedata.normalize("NFD", c)[0] for c in _LATIN}, "œ": "oe", "æ": "ae",
                       **dict.fromkeys(APOSTROPHES, "'")})


def fold(word: str) -> str:
    """Lower case without accents, ligatures spelt out, apostrophes as ``'`` (``Séance`` → ``seance``,
    ``cœur`` → ``coeur``): the one key every lookup compares on (lexicon, places, URL paths, mottos)."""
    word = word.lower()
    if word.isascii():
        return word
    word = word.translate(_FOLD)
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


DOUBT = 60.0
"""OCR confidence (0–100) under which Tesseract doubted a word. A doubted word is listed for review,
may be changed when other evidence says what it should be, and a lone doubted sign opening a list
line is its bullet misread; a word read above it is presumed what the page says."""


# --- Specks and bullets: the signs OCR reads that are no words (segmentation, the corrector) ---

BULLETS = frozenset("•-–—*+<>»·▪◦‣●■□➢►→✓")
"""Bullet signs, and the signs OCR reads for them."""
LETTER_BULLETS = frozenset({"e", "o", "P"})
"""Letters Tesseract reads for a round or arrow bullet; none is a French word alone."""
NOISE_LETTERS = frozenset("âäêëîïöûüÿèéÂÄÊËÎÏÖÛÜŸÈÉ")
"""Letters that never stand alone in French: alone, they are specks read as letters (``ô`` does:
``ô vous``)."""
STRAY_LETTERS = frozenset("bcdefgjklmnpqrstuvwxz")
"""Lower-case letters that are no French word alone: a lone one is a speck (a lone ``l``
before a vowel word is an elision, merged first). The lexicon knows every letter (as the name of
one): it cannot tell these from ``a``, ``à`` or ``y``."""
PUNCTUATION = frozenset(",;:.?!»«()[]'\"–—-/…&%€")
"""Signs a sentence uses: a token of these alone is punctuation, not a speck."""


def is_speck(token: str) -> bool:
    """A token with no letter or digit that is not punctuation a sentence uses (``|``, ``©``, ``®``)."""
    return not any(c.isalnum() for c in token) and not all(c in PUNCTUATION or c in BULLETS for c in token)


def is_bullet(token: str) -> bool:
    """A list's bullet as OCR reads it: bullet signs (with the rules and ellipses they run into:
    ``•``, ``-_``, ``»``), or a letter read for a round bullet (``e``, ``o``)."""
    return (all(c in BULLETS or c in "_=…" for c in token) and any(c in BULLETS for c in token)) or (
        token in LETTER_BULLETS
    )


RULE_SIGNS = frozenset("*#=_~+·•.-")
RULE_LENGTH = 3
"""A token of this many signs or more, all of them signs a printer runs into a line (``*********``,
``#**##**#*``, ``=====``), is a printed rule, not a speck: dirt leaves a sign or two, not a row."""
EQUALS = frozenset("=+×")


def is_rule(token: str) -> bool:
    """A row of signs printed as a rule or a receipt's separator (see ``RULE_LENGTH``)."""
    return len(token) >= RULE_LENGTH and set(token) <= RULE_SIGNS


def beside_figure(tokens: list[str], j: int) -> bool:
    """An ``=`` or ``+`` beside a token holding a figure (``Total HT = 8.25``, ``1 EURO = 6.55957``, a
    receipt's line code ``T7 = TOTAL``): a sum written out, not a speck. A sign between two numbers is
    :func:`between_numbers`."""
    if not tokens[j] or not set(tokens[j]) <= EQUALS:
        return False
    return any(0 <= k < len(tokens) and any(c.isdigit() for c in tokens[k]) for k in (j - 1, j + 1))


def between_numbers(tokens: list[str], j: int) -> bool:
    """The token at ``j`` stands between two numbers: a sign there is arithmetic (``1 = 24.99``,
    ``2 + 3``), not a speck."""
    return 0 < j < len(tokens) - 1 and is_number_like(tokens[j - 1]) and is_number_like(tokens[j + 1])


# --- What OCR misreads, and where a sentence ends (the corrector's; the URL repair shares the shapes)

CONFUSIONS: tuple[tuple[str, str, float], ...] = (
    ("rn", "m", 0.4), ("rm", "m", 0.4), ("rr", "m", 0.7), ("nn", "m", 0.9), ("in", "m", 0.8),
    ("ri", "m", 0.8), ("ni", "m", 0.9), ("m", "rn", 0.8), ("m", "nn", 0.9), ("m", "in", 1.0), ("m", "n", 0.9),
    ("n", "m", 1.0), ("r", "n", 0.6), ("n", "r", 0.9), ("ri", "n", 0.9), ("n", "ri", 1.0), ("u", "n", 1.0),
    ("n", "u", 1.0), ("ii", "u", 0.9), ("li", "h", 0.6), ("h", "li", 0.8), ("h", "b", 0.8), ("b", "h", 0.8),
    ("cl", "d", 0.7), ("d", "cl", 0.9), ("c", "e", 0.8), ("e", "c", 0.8), ("e", "o", 0.8), ("o", "e", 0.8),
    ("a", "o", 0.8), ("o", "a", 0.8), ("o", "u", 0.9), ("u", "o", 0.9), ("a", "e", 1.0), ("e", "a", 1.0),
    ("s", "e", 1.0), ("e", "s", 1.2), ("i", "l", 0.6), ("l", "i", 0.7), ("l", "t", 0.8), ("t", "l", 0.8),
    ("t", "f", 0.8), ("f", "t", 0.8), ("i", "t", 0.9), ("t", "i", 0.9), ("g", "q", 0.8), ("q", "g", 0.8),
    ("gq", "q", 0.4), ("qg", "q", 0.6), ("v", "y", 0.9), ("y", "v", 0.9), ("vv", "w", 0.6), ("w", "u", 0.8),
    ("w", "vv", 0.8), ("|", "l", 0.2), ("|", "i", 0.6), ("|", "", 0.9), ("1", "l", 0.4), ("1", "i", 0.7),
    ("!", "l", 0.6), ("0", "o", 0.4), ("5", "s", 0.8), ("8", "b", 1.0),
    *((c + c, c, 0.8) for c in "abcdefghijklmnopqrstuvwxyz"),
    *((c, c + c, 0.8) for c in "cflmnprst"),
)
"""Character confusions of Tesseract on poor scans: (read, meant, cost). Costs are additive, in the
unit of the corrector's plain edits (a letter lost or added costs 1.4, one misread 1.8); lower is
likelier."""

PRONOUNS = frozenset((
    "il", "ils", "elle", "elles", "on", "je", "tu", "nous", "vous", "ce", "là", "ci", "t-il", "t-elle",
    "t-on",
    "moi", "toi", "lui", "leur", "y", "en",
))
"""Words a verb's hyphen joins after it (``pense-t-il``, ``souviens-toi``, ``va-t-on``): the hyphen,
and a ``t`` before them, are spelling, not a cut word or a speck."""

SENTENCE_END = (".", "!", "?", ":", ";", "»")
"""Marks after which the next word opens a sentence (a capital there is no name's)."""
