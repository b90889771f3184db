"""What OCR leaves of a URL's parts, read by the finder (:mod:`pipeline.urls`) and the repair
(:mod:`pipeline.urlrepair`) alike: a scheme however garbled, a ``www``, a host's labels and public
suffix, a file name's words (its extension in :mod:`pipeline.urlfiles`); and the line of text
that follows a URL without going on it.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from pipeline import urlfiles, urlhosts
from pipeline.urlfiles import COMMON_EXTENSIONS, EXTENSION, EXTENSION_SHAPE, FILE_ENDING, likely_extension
from pipeline.urlmodel import W_READ

SCHEME = re.compile(r"^[hb][^\s:/]{0,5}(?::/{0,3}|/{2})", re.IGNORECASE)
"""A scheme as OCR leaves it: ``https:/``, ``hüps:/``, ``hups://``, ``http//``."""


WWW = re.compile(r"^www\.?", re.IGNORECASE)


TLDS = {"fr", "com", "org", "net", "eu", "gouv", "info", "io", "be", "de", "uk", "int", "edu", "asso"}


SUFFIX_LABEL = "(?:" + "|".join(sorted(TLDS)) + ")"
"""A label public suffixes open with, as a pattern."""

COMMON_SUFFIX = "(?:fr|com|org|net|eu|info)"
"""The public suffixes most of the archive's hosts end with, as a pattern."""


GARBLED_SCHEME = re.compile(
    r"^(?:[hbn][A-Za-z1|!]{1,5}[^\w\s]{0,2}[:;/\\][^\w\s]{0,2}|[hb][tlfi1|!]{1,3}p[s5]?[.,]{1,2}"
    r"|t{1,2}p[s5]?[:;][/\\]{1,2})(?=[A-Za-z])"
)
"""A scheme OCR garbled past recognition (``bups:/``, ``hup/``, ``Htpst/``, ``hnpss/``): a few letters
that open like ``http``, then marks where ``://`` was, a colon or a slash among them; a dot alone
there is a host's (``hyperu.systeme-u.fr``), unless the letters are ``http``'s (``htp.``); or ``http``'s
last letters and its colon, its ``h`` lost (``ttp:/``)."""


HOST_AFTER = re.compile(
    rf"^[A-Za-z]?[{W_READ}]{{2,4}}[.,:;]?[a-z]|^[\w-]+(?:\.[\w-]+)*?\.(?:gouv|{COMMON_SUFFIX})\b")
"""What follows such a scheme in a URL: a ``www`` OCR may have garbled, or a host with its suffix, or
a State's host however its own suffix was read (``htupsi//agence-cohesion-territoires.gouv.fi/``)."""


WWW_ONLY = re.compile(rf"[A-Za-z]?[{W_READ}]{{2,4}}[.,]?")
"""A ``www`` as OCR leaves it, alone: the host's name follows after a space (``wmw villedelens fr``)."""
WWW_APART = re.compile(rf"[A-Za-z]?(?=[{W_READ}]*?[wW])[{W_READ}]{{2,4}}[.,]")
"""A ``www`` OCR garbled that a scheme set apart from it opens (``http: HWww. hautsdefrance``): a ``w``
still in it, and its dot (``http: nm. la`` is none)."""


SCHEME_ALONE = re.compile(r"[hH][A-Za-z]{2,4}[:;]/{0,2}|[hH][tlfi1]{1,3}p[s5]?")
"""A scheme OCR set apart from the ``www`` it opens, its slashes lost (``http: [www.caf.``), or its
colon too (``https www. cerema.``)."""


TLD_START = re.compile(COMMON_SUFFIX + r"(?:/|$)", re.IGNORECASE)
"""The public suffix of a host a space cut before it (``villedelens fr/actualites``)."""


HOST_PIECE = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\." + COMMON_SUFFIX + r"(?:/|$)")
"""The rest of a host a space cut: labels ending with a common public suffix (``gouv.fr``)."""


SCHEME_WORD = re.compile(r"[A-Za-z]{3,6}[:;]/{0,2}")
"""A scheme and its colon, alone before a space (``http:``, ``hitps:``, ``htrps:``, ``Pttp:``)."""


SCHEME_NAMES = ("http", "https")


SLASH_GLYPHS = "lIiJjfF1|"
"""Letters and figures OCR reads for a slash."""
SLASH_LIKE = rf"(?:[^\w\s]|[{SLASH_GLYPHS}]){{0,2}}"
"""What OCR leaves of the ``//`` after a scheme a space set apart (``liwww.``, ``{vww.``, ``Iagence-``)."""


HOST_OPENING = re.compile(
    rf"{SLASH_LIKE}(?:[A-Za-z]?[{W_READ}u]{{2,4}}[.,:;]?|[A-Za-z]{{1,2}}[.,]|[a-z][a-z0-9-]{{2,}}[.,-]?)",
)
"""The first token of a host after a scheme a space set apart from it: a ``www`` however garbled, what
is left of one (``IN.``), or the host's first label."""


WWW_WORD = re.compile(rf"[wW]{{3}}[.,]?|[A-Za-z]?(?=[A-Za-z]*[wW][A-Za-z]*[wW])[{W_READ}]{{2,4}}[.,]")
"""A ``www`` alone before a space (``www.``, ``WWW.``, ``wmw.``): two ``w`` at least."""


HOST_SUFFIX = re.compile(r"[.,;:](?:gouv|" + COMMON_SUFFIX + ")", re.IGNORECASE)


GARBLED_WWW = re.compile(rf"{SLASH_LIKE}[A-Za-z]?(?=[A-Za-z]*[wW])[{W_READ}u]{{2,4}}[.,][a-z]")
"""A ``www`` OCR garbled, glued to its host after what is left of the slashes (``liwww.reseau``)."""


TRAILING = ".,;:)]»\"'?"
"""Marks a sentence puts after a URL, not the URL's (a query's ``?`` with nothing after it is none)."""
HTML_L_READ = re.compile(r"\.htm\]$", re.IGNORECASE)
"""``….htm]``: the ``l`` of ``.html`` read as a bracket (at a line's end, in a blurred scan's last column)."""


def trimmed(raw: str, before: str = "") -> str:
    """``raw`` without the marks a sentence puts after a URL (:data:`TRAILING`); a ``]`` no ``[`` opened (in
    ``before``, its line up to the URL, nor in the URL) after ``.htm`` stays: it is ``.html``'s ``l``
    (:data:`HTML_L_READ`), which the repair reads as one."""
    body = raw.rstrip(TRAILING)
    kept = raw[: len(body) + 1]
    return kept if HTML_L_READ.search(kept) and "[" not in before + raw else body


def reading(tokens: list[str]) -> str:
    """A URL's words as OCR read them, joined with nothing between: what it is when nothing needs
    repair (pieces cut by line breaks put back together)."""
    return opening("".join(tokens)).rstrip(TRAILING)


def opening(token: str) -> str:
    """A token without the brackets, quotes and specks before it (``*.-https://``, ``“www.``)."""
    return re.sub(r"^[\W_]+", "", token)


def host_apart(token: str, after: list[str]) -> bool:
    """A scheme, or a ``www``, that a space sets apart from its host (``http: liwww.reseau-national-crpv.
    org``, ``https: Imww. reseau``, ``www. banquedesterritoires. fr``): it opens a URL when the token
    after it opens a host and the host, its pieces put together, ends with a public suffix, or when
    a ``www`` however garbled opens it; a ``www`` OCR may open with a capital (``WWW. Culture.gouv.``).
    So does a garbled scheme glued to a host's labels a space cuts where a public suffix's label goes
    on (``httpsi//agence-cohesion-territoires. gouv.fi/``). Ordinary words before a colon (``Photo: la``)
    open none."""
    token = opening(token)
    if not after:
        return False
    garbled = GARBLED_SCHEME.match(token)
    if garbled and len(token) >= MIN_GLUED and HOST_CUT.fullmatch(token[garbled.end() :]):
        return SUFFIX_OPENING.match(after[0]) is not None  # ``httpsi//agence-cohesion-territoires. gouv.fi/``
    scheme = SCHEME_WORD.fullmatch(token) and min(
        Levenshtein.distance(re.sub(r"[^A-Za-z]", "", token).lower(), name) for name in SCHEME_NAMES) <= 2
    www = WWW_WORD.fullmatch(token)
    first = after[0][:1].lower() + after[0][1:] if www else after[0]  # ``WWW. Culture.gouv.``
    if not (scheme or www) or not HOST_OPENING.match(first):
        return False
    host = "".join(after[:4]).split("/")[0]
    return bool(HOST_SUFFIX.search(host) or scheme and GARBLED_WWW.match(after[0]))


MIN_GLUED = 10
"""Characters at least of a garbled scheme and the host glued to it, for them to open a URL."""
HOST_CUT = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*[.,:;]")
"""A host's labels up to a dot before the space OCR put where the rest of the host goes on."""


MAX_NAME_WORDS = 8
LONE_MARK = re.compile(r"[:;,.]")
"""A mark alone between a file name's words: its underscore misread (``Fonds : De Participation``)."""
FILE_NAME_WORD = re.compile(r"[A-Za-z0-9_-]+")
FILE_NAME_END = re.compile(rf"[A-Za-z0-9_-]*(?:[.,-](?:{EXTENSION.pattern}|pd[.,;:]?$)|\.p$)", re.IGNORECASE)
"""A file name's last word and its extension, its dot maybe misread (``Urbain-pdf``), or cut by the line
break (``Renouvellement.pd``, ``Chef De.p``: the rest on the next line, or lost)."""


UNDERSCORE_READ = ("_", ".", ",", ":", ";")
"""What OCR makes of an underscore before the space it also read there (``Quartier. Metropolitain``)."""
UNDERSCORED_NAME_END = re.compile(r"[A-Za-z0-9-]+_[A-Za-z0-9_-]+[.,][A-Za-z!|}]{3,4}[.,;:]?")
"""File name words joined by underscores, then an extension however misread (``Metropolitain_Connaitre,pal``):
no word of prose."""


LEAD_SPECK = re.compile(r"^[‘’'`\"“”|](?=[-_]?[a-z0-9])")
"""A speck glued before the first character of a URL's rest on its next line (``‘6. pdf``, ``’peuplement-``,
``‘-mission-2023``): a quote OCR read from a speck, no character of the URL."""


def stops_in_a_word(url: str) -> bool:
    """The URL's path stops in a word: after a letter, a figure or a separator, with no file extension."""
    path = url.split("//", 1)[-1].partition("/")[2]
    return bool(path) and (url[-1:].isalnum() or url[-1:] in "-_/%") and not FILE_ENDING.search(url)


def rest_piece(token: str) -> str:
    """A token that goes on a URL, without a speck glued before it (:data:`LEAD_SPECK`)."""
    return LEAD_SPECK.sub("", token)


TEXT_OPENING = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]*[.,:;]?|\d{1,2}(?:er)?[.,]?")
TEXT_WORD = re.compile(r"[A-Za-zÀ-ÿ][a-zà-ÿ]+[.,:;]?")


def ends_file_name(token: str) -> bool:
    """A file name's last word and its extension (:data:`FILE_NAME_END`), or an extension OCR misread into
    none, likely a common one (``sses.htmi``: ``.html``, :func:`pipeline.urlfiles.likely_extension`)."""
    body = token.rstrip(".,:;")
    misread = re.fullmatch(rf"[A-Za-z0-9_-]+[.,]({EXTENSION_SHAPE.pattern})", body)
    return bool(FILE_NAME_END.fullmatch(body)) or \
        misread is not None and likely_extension(misread[1]) in COMMON_EXTENSIONS


def names_a_file(line: list[str]) -> bool:
    """The line opens with a file name: words (or the marks OCR read for their underscores), the last
    with its extension (``Fonds : De Habitants.pdf``, ``Maison De Projet. pdf``, ``Releve De _Decisions.
    paf``: a common one, a letter misread)."""
    for k, token in enumerate(line[:MAX_NAME_WORDS]):
        if ends_file_name(token) or k and (EXTENSION.fullmatch(token) or
                                           urlfiles.near_common_extension(token.rstrip(".,:;"))):
            return True
        if not FILE_NAME_WORD.fullmatch(token.rstrip(".,:;")) and not LONE_MARK.fullmatch(token):
            return False
    return False


def reads_as_text(words: list[str]) -> bool:
    """A line that opens with words of text, not with a URL's rest: a capitalised word or a day's number,
    then a word of letters (``Prochaine réunion``, ``Jean Dupont``, ``12 mars 2021``). A URL's rest holds
    marks between its words (``Maison_De``, ``2013/08``, ``-mmes-``), or is a file name whose extension
    ends it (``Maison De Projet.pdf``: :func:`names_a_file`). ``words``: the line's, specks left out."""
    return len(words) >= 2 and bool(TEXT_OPENING.fullmatch(words[0]) and TEXT_WORD.fullmatch(words[1]))


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}(?:-|\.[a-z]{2,4}[!|]{0,2})?[.,;:]?$")
"""A slug printed after a space inside a URL: ASCII words joined by two hyphens or more, maybe a file
extension after them (its ``l`` read as a mark like it: ``.htm!|``), or the hyphen a line break cut
after."""
SLUG_WORD = re.compile(r"[a-z0-9]+-")
"""A slug's word and the hyphen after it."""


HYPHEN_SLUG_END = re.compile(r"/[a-z0-9]+(?:-[a-z0-9]+)+$")
"""A URL whose last segment is a slug of small letters and hyphens: a slug after a space goes on it
with nothing between (a line break or OCR parted its words; an underscore among them is rare)."""
HOST_LABELS = re.compile(r"[a-z0-9-]{3,}(?:[.,][a-z0-9-]+)*[.,:;]?")
"""A host's labels after a ``www`` a space set apart (``mww legifrance.gouv.``, ``fwww amiens:``),
its dots read as commas or colons."""
SUFFIX_OPENING = re.compile(SUFFIX_LABEL + r"[.,:;/]")
"""A piece that opens with a public suffix's label (``gouv.``): after a host without its suffix,
the host goes on (``http://sig.ville gouv. f/sites``)."""


def right_margin(ends: list[float]) -> float | None:
    """Where a page's longest lines end, given where each of its lines ends (None for fewer than three)."""
    ends = sorted(ends)
    if len(ends) < 3:
        return None
    return ends[int(0.9 * (len(ends) - 1))]


MARGIN_CHARACTERS = 2
"""A URL's last word that ends nearer the margin than this many of its own characters' width
may have been cut by the line break: a typesetter breaks a URL where its next character no
longer fits."""


def reaches_margin(token: str, left: float, right: float, margin: float) -> bool:
    """The word ``token``, printed from ``left`` to ``right``, ends at the ``margin``
    (:data:`MARGIN_CHARACTERS`)."""
    return bool(token) and right >= margin - MARGIN_CHARACTERS * (right - left) / len(token)


URL_REST = re.compile(r"\w/\w|%[0-9A-Fa-f]{2}|^\w+(?:-\w*){2,}")
"""What only a URL's path holds: a slash between words, an escape, words joined by two hyphens or more."""
PATH_REST = re.compile(r"\w/\w|%[0-9A-Fa-f]{2}")
"""What only a URL's path holds, and no line of prose after a short word (``Le compte-rendu-final``)."""


LONE_SEPARATORS = ("-", "_", ".")
FOREIGN_LETTER = re.compile(r"[^\x00-\x7fà]")
"""A lone letter no URL holds (it is ASCII) and no French word is (``ë`` before ``italisation-…``)."""


HOST_DOT_READ = ".,:;"
"""What OCR makes of a host's dot before a space it added (``www.oise: gouv. fr``)."""


def unfinished_host(url: str) -> bool:
    """The URL is still in its host, past its first label (``www.oise:``), with no public suffix yet."""
    host = host_so_far(url)
    if not host:
        return False
    labels = re.split(r"[.,:;]", host.rstrip(HOST_DOT_READ))
    words = all(re.fullmatch(r"[A-Za-z0-9-]+", label) for label in labels)
    www = host[-1:] in HOST_DOT_READ and WWW_ONLY.fullmatch(labels[0]) is not None
    return words and (len(labels) > 1 or www) and urlhosts.suffix(".".join(labels)) is None


def suffix_ahead(url: str, piece: str) -> bool:
    """``piece`` opens with a public suffix's label (``gouv.``, ``fr/``) after a host that has none yet,
    or whose last label is a word a generic suffix of its own is too (``www.data gouv, f…``,
    ``www.education gouv.fr``: ``.data`` and ``.education`` are suffixes, but a host that goes on with
    ``gouv.`` after a space did not end there)."""
    if not SUFFIX_OPENING.match(piece):
        return False
    host = host_so_far(url)
    end = urlhosts.suffix(host.rstrip(HOST_DOT_READ)) if host else None
    word_suffix = end is not None and "." not in end and len(end) > 2 and not re.fullmatch(COMMON_SUFFIX, end)
    return unfinished_host(url) or word_suffix


HOST_LABEL = re.compile(r"[a-z0-9][a-z0-9-]*[a-z0-9]")
"""A host's label as printed: small letters, figures and inner hyphens."""


def label_before_suffix(tokens: list[str], url: str) -> bool:
    """A host with no public suffix yet goes on over a label alone, a space each side, when its suffix
    follows (``http://www.pas-de calais gouv.fr/sites``): both spaces were dots. Before a label and its
    suffix (``www.pha rmac iecroixmorinlafayette.com``, a receipt of ICDAR's), the spaces are as likely
    inside a word: left as read."""
    return len(tokens) > 1 and unfinished_host(url) and HOST_LABEL.fullmatch(tokens[0]) is not None and \
        SUFFIX_OPENING.match(tokens[1]) is not None


def host_so_far(url: str) -> str | None:
    """The host of a URL being read, while no slash has closed it yet; else None."""
    scheme = SCHEME.match(url) or GARBLED_SCHEME.match(url)
    rest = url[scheme.end() :] if scheme else url
    return rest if "/" not in rest else None
