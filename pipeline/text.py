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
DATE = re.compile(r"(?<!\d)\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?!\d)")
"""A date in figures: ``14/03/2018``, ``14.03.18``."""
URL_PIECE = re.compile(
    r"[/%]|https?:|www\.|\.(?:fr|com|org|net|eu|gouv|php|pdf|html?)\b|[\w-]+-[\w-]+-[\w-]+-", re.IGNORECASE
)
"""A token that is part of a URL even without its scheme: a path, an escape, a long slug."""


ELISIONS = ("l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'",
            "quelqu'", "presqu'", "entr'")
"""The elided words of French, apostrophe included (``jusqu'à``, ``presqu'île``)."""


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
