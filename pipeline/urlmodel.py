"""What a URL is: scheme, host labels ending in a real public suffix, path words, percent escapes
that decode to UTF-8 and to words, an extension. Scores how plausible a rebuilt URL is, so that
:mod:`pipeline.urljudge` can say how far a URL is to be trusted (``Url.status`` and ``Url.confidence``).

Hosts (public suffixes, the hosts French public bodies publish on) are :mod:`pipeline.urlhosts`'s.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote_to_bytes

from rapidfuzz.distance import Levenshtein

from pipeline.lexicon import Lexicon
from pipeline.text import fold
from pipeline.urlfiles import EXTENSION_SHAPE, EXTENSIONS, FILE_ENDING, FILE_EXTENSION, without_extension
from pipeline.urlhosts import closest_host, known_hosts, public_suffixes, registrable, suffix
from pipeline.urlwords import (
    LINKING_WORDS,
    capitals_in_title,
    english,
    figure_into_word,
    folded_weights,
    shape_variants,
)

URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
"""What RFC 3986 lets a URL hold: a character outside is OCR noise."""
GLUED_WORD = 1_000
"""How common a word must be to count as one of several written together in a path."""
DOUBT_COST = 0.55
"""What each doubt takes off a URL's plausibility: one is enough to make it ``doubtful``."""
DRUPAL_FILES = "sites/default/files/"
CMS_PATHS = ("wp-content/uploads/", DRUPAL_FILES, "IMG/pdf/")
"""How the sites' publishing systems (WordPress, Drupal, SPIP) begin the paths of the files they serve."""
CMS_FOLDERS = frozenset({"wp-content", "uploads", "sites", "default", "files", "IMG", "pdf", "media",
                         "medias", "documents", "downloads", "fichiers"})
"""The folders the sites' publishing systems (WordPress, Drupal, SPIP) put files in: a folder one
letter from one of them, and no word itself, is one misread (``Wp-content``, ``I_MG``)."""
WORDPRESS_FOLDERS = frozenset({"uploads", "themes", "plugins"})
"""What WordPress keeps under ``wp-content``; its media go in ``uploads/<year>/<month>/``, a year from its
first release (2003) to this one."""
FILE_FOLDERS = frozenset({"uploads", "files", "downloads", "pdf"})
"""Folders that serve files (``wp-content/uploads``, ``sites/default/files``, ``IMG/pdf``): what they
hold ends with an extension, so a URL in one without it has lost its end."""
W_READ = "wvmnWVMN"
W_LIKE = frozenset(W_READ + "uU")
"""Letters OCR makes of a ``w`` in a ``www`` (``wmw``, ``VVww``), and inside a host's label a ``u`` too."""
HOST_WORD = 5
"""Words of a hyphenated host label this long are words of the language (``prefectures-regions``),
checked as path words are; shorter ones are often acronyms (``crpv``)."""
DOUBLED = re.compile(r"[-_.]{2}|(?<!%[0-9A-Fa-f])[A-Za-z0-9][-_]%20|%20[-_][A-Za-z0-9]")
"""Two separators in a row (``de-%20cadrage``, ``--``, ``quartier-.de``): a speck or a line break read
as one."""
LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
WORD = re.compile(r"[A-Za-z]+")


@dataclass
class Assessment:
    """How plausible a URL is (0–1) and what made it less so."""

    plausibility: float
    doubts: list[str]


def assess(url: str, lexicon: Lexicon | None, hosts: set[str] | frozenset[str] = frozenset()) -> Assessment:
    """Score ``url`` against the URL model: each doubt lowers the score."""
    doubts: list[str] = []
    if not URL_CHARS.match(url):
        doubts.append("characters no URL holds")
    match = re.match(r"^(?:https?://)?([^/]+)(/.*)?$", url)
    if not match:
        return Assessment(0.0, ["no host"])
    host, path = match.group(1).lower(), match.group(2) or ""
    labels = host.split(".")
    if not all(LABEL.match(label) for label in labels):
        doubts.append("host label")
    if any(len(label) == 1 for label in labels[1:]):
        doubts.append("a one-letter label")  # ``somme.e.fr``: a speck read between two dots
    if suffix(host) is None:
        doubts.append("no public suffix")
    domain = registrable(host)
    if suffix(host) is not None and host.lower() in public_suffixes():
        doubts.append("a public suffix for a host")  # ``gouv.fr``: the site's name was lost
    if domain is not None and domain.split(".")[0] == "www":
        doubts.append("no name before the suffix")  # ``www.data``: the rest of the host was lost
    if domain is not None and domain not in known_hosts() | set(hosts) and closest_host(domain, hosts):
        doubts.append("host one letter from a known host")
    elif domain is not None and domain not in known_hosts() | set(hosts) and \
            len(domain.split(".")[0]) >= NEAR_HOST_NAME and \
            any(Levenshtein.distance(domain, known) == 2 and domain.replace("-", "") != known.replace("-", "")
                for known in known_hosts() | set(hosts)):
        doubts.append("host two letters from a known host")  # ``anrii.fr``: ``u`` read ``ii``; a name
        # hyphenated where a known one is not (``hauts-de-france.fr``) is another site, not a misread
    if labels[0] != "www" and re.match(r"[a-z]{0,2}(?:ww|w[vmn]|[vmn]w)", labels[0]) and len(labels[0]) > 5:
        doubts.append("www glued to the name")  # ``iuwwvilledelens.fr``: its dot lost
    elif labels[0] != "www" and lexicon is not None and \
            re.match(rf"[{W_READ}u]{{2,3}}[a-z]{{4,}}$", labels[0]) and not _known(labels[0], lexicon) and \
            any(_known(labels[0][k:], lexicon) for k in (2, 3)):
        doubts.append("www garbled and glued to the name")  # ``mmville.gouv.fr``
    if len(labels) > 2 and domain is not None and domain not in known_hosts() | set(hosts) and any(
            "." in s and Levenshtein.distance(domain, s) <= 2 for s in PUBLIC_SUFFIXES_OF_NAMES):
        doubts.append("a public suffix misread")  # ``www.nord.got.fr``: ``gouv.fr``
    if any(Levenshtein.distance(word, label) <= 1 for name in labels[:-1] if "-" in name
           for word in name.split("-")[1:] for label in SUFFIX_LABELS):
        doubts.append("a public suffix's label after a hyphen")  # ``culture-gouy.fr``: a dot read as a hyphen
    if labels[0] != "www" and len(labels) > 2 and len(labels[0]) <= 5 and (
            labels[0].startswith("w") or "ww" in labels[0] or "w" in labels[0] and set(labels[0]) <= W_LIKE):
        doubts.append("www garbled")  # ``wuw``, ``mw``: a ``www`` OCR misread, rebuilt as printed?
    for label in labels[:-1]:
        if "-" in label and lexicon is not None:
            doubts += [f"unknown word in the host: {w}" for w in label.split("-")
                       if len(w) >= HOST_WORD and w.isalpha() and not _known(w, lexicon)]
    if lexicon is not None:
        doubts += _host_misreads(labels, domain, hosts, lexicon)
    if "//" in path or path.count("%") != len(re.findall(r"%[0-9A-Fa-f]{2}", path)) or DOUBLED.search(path) \
            or path.count("#") > 1:
        doubts.append("path marks")
    segments = path.split("/")
    for segment in segments:
        if re.search(r"[a-z]_[a-z]", segment) and re.search(r"[a-z]-[a-z]", segment) and segment.islower():
            doubts.append("an underscore in a slug")  # ``cad_boulevard``: a speck for what was lost
        near = [f for f in CMS_FOLDERS
                if segment not in CMS_FOLDERS and Levenshtein.distance(segment, f) == 1]
        if near and (lexicon is None or len(segment) <= 4 or not _known(segment, lexicon)):  # ``paf``
            doubts.append(f"a folder one letter from {near[0]}")
    for folder, name in itertools.pairwise(segments[:-1]):
        if folder == "IMG" and name.lower() not in EXTENSIONS:
            doubts.append("a file type folder no file type")  # SPIP files ``IMG/pdf/…``: ``IMG/pal/``
        if folder == "wp-content" and name not in WORDPRESS_FOLDERS or \
                folder == "uploads" and name.isdigit() and not 2003 <= int(name) <= date.today().year:
            doubts.append("no WordPress folder")  # ``il_pleads/206/``, ``2029``: uploads/<year>/<month>
    drupal = re.search(r"(?:^|/)sites/([^/]*)/([^/]*)", path)
    site, files = DRUPAL_FILES.split("/")[1:3]
    if drupal and drupal.groups() != (site, files) and Levenshtein.distance(drupal[1], site) <= 2:
        doubts.append("no Drupal folder")  # Drupal serves files from ``sites/default/files/``: its rest lost
    if UNRESERVED_ESCAPE.search(path):
        doubts.append("an escape no encoder writes")  # ``%62`` is ``b``: ``%20`` misread (``de%6202016``)
    if "%25" in path:
        doubts.append("an escaped percent sign")  # ``%2s`` read for ``%20``, its ``s`` taken for a ``5``
    for folder, name in itertools.pairwise(segments):
        if ESCAPES.search(folder) and re.match(r"[0-9A-Fa-f]{2}", name):
            doubts.append("a slash where an escape's % may have been")
    for run in ESCAPES.findall(path):
        try:
            unquote_to_bytes(run).decode("utf-8")
        except UnicodeDecodeError:
            doubts.append("escape not UTF-8")
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        extension = last.rsplit(".", 1)[1].lower()
        if EXTENSION_SHAPE.fullmatch(extension) and extension not in EXTENSIONS:
            doubts.append("extension")
    doubts += _shape_doubts(path)
    if lexicon is not None:
        doubts += [f"a speck beside a short word: {w}" for w in _short_words(path) if _specked(w, lexicon)]
        doubts += [f"a short word of a slug that is no word: {w}" for w in _slug_words(path)
                   if len(w) == 3 and w not in EXTENSIONS and not _known(w, lexicon) and
                   not lexicon.is_acronym(w.upper())]  # ``rmm`` for ``mm``; ``qpv`` is an acronym
        doubts += [f"words glued in a slug that hyphenates its words: {w}" for w in _slug_words(path)
                   if len(w) >= 4 and _glued_only(w, lexicon)]  # ``urbainniercommunal``: a mark lost
        doubts += [f"a piece of a word in a slug: {w}" for w in re.findall(r"(?<=-)[a-z]{1,2}(?=-)", path)
                   if not _known_piece(w, lexicon)]
        doubts += [f"a linking word misread: {w}" for w in re.findall(r"(?<=-)[a-z]{2,3}(?=-)", path)
                   if _misread_linking_word(w, lexicon)]  # ``de-ta-ville``: a word, but ``la`` was printed
        doubts += [f"a piece of a word in a name: {w}" for w in re.findall(NAME_PIECE, path)
                   if not _known_piece(w, lexicon)]  # ``Habita_nts``: a speck read in a word
        names = "/".join(seg for seg in path.split("?")[0].split("/") if seg not in CMS_FOLDERS)
        doubts += [f"a piece of a word: {w}" for w in re.findall(SHORT_PIECE, "/" + names)
                   if not _known_piece(w, lexicon)]  # ``Ti_erritoires``, ``Construire_ge_De``
        stem = without_extension(path.rstrip("/"))
        last = re.split(r"[/_.\-]", stem)[-1] if stem else ""
        if re.fullmatch(r"[A-Za-z]{1,3}", last) and not _known(last, lexicon):
            doubts.append("last word cut short")
        for segment in path.split("/"):
            if "%20" in segment:
                doubts += [f"a place name in lower case: {w}" for w in path_words(segment)
                           if w.islower() and (lexicon.place(w) or "")[:1].isupper()]
                doubts += [f"a common word capitalised: {w}" for w in capitals_in_title(segment, lexicon)]
        doubts += [f"unknown word glued to figures: {w}" for w in _words_before_figures(path)
                   if not _known(w, lexicon)]  # ``uploads/downl9%202019``: a name's rest lost
        for word in path_words(path):
            if not _known(word, lexicon):
                doubts.append(f"unknown word {word}")
            elif _english_lookalike(word, lexicon):
                doubts.append(f"English word one look-alike from a French one: {word}")
            elif _commoner_lookalike(word, lexicon):
                doubts.append(f"a word one look-alike from a far commoner one: {word}")
    return Assessment(max(0.0, 1.0 - DOUBT_COST * len(doubts)), doubts)


def _shape_doubts(path: str) -> list[str]:
    """What a printed URL's path does not look like: an unfinished end, marks a path does not hold,
    digits among letters, a capital inside a word, a last word cut short."""
    doubts = []
    if path[-1:] in ("-", "_", "%") or path.endswith("/") and path.count("/") > 2:
        doubts.append("unfinished")
    if re.search(r"[:;,*!$]", path.split("?")[0]):  # allowed by RFC 3986, printed by no site we link
        doubts.append("marks in the path")
    if re.search(r"'", path.split("?")[0]):  # ``fonds-d'-initiatives``: sites escape it (``d%27``) or drop it
        doubts.append("an apostrophe in the path")
    text = _decoded_or_raw(path)
    tokens = [t for t in re.split(r"[/_.\-\s%'?=&]+", text) if t]
    if any(re.search(r"[^\W\d_]\d+[^\W\d_]", t) or re.fullmatch(r"[01](?!er|re)[^\W\d_]{2,}", t)
           or re.search(r"\d", t) and not t.isascii() for t in tokens):
        doubts.append("digits among letters")
    if any(re.search(r"[a-zà-ÿ][A-ZÀ-Þ]|^[A-ZÀ-Þ]{2,}[a-zà-ÿ]", t) for t in tokens):
        doubts.append("capital inside a word")
    if any(re.fullmatch(r"\d{3,}[^\W\d_]{2,}|\d{1,2}[A-Z][a-z]{2,}", t) or figure_into_word(t)
           for t in tokens):
        doubts.append("digits run into a word")  # ``94327lcie``: a slash read as ``l``; ``%208Saint``
    if any(re.fullmatch(r"[^\W\d_]{4,}\d{3,}", t) for t in tokens):
        doubts.append("a word run into digits")  # ``thematiques185737``: a slash read as ``1``
    if re.search(r"/[.-](?![./])", path):  # ``/.compte-rendu``: a speck, no page is hidden; ``/-02019.pdf``:
        doubts.append("a segment opening with a dot or a hyphen")  # a file's name lost but for a speck
    if re.search(r"(?:^|/)(?:%20)+[^/]|%20(?:/|" + FILE_EXTENSION + "$|$)", path):
        doubts.append("a name opening or ending with a space")  # ``files/%202020.pdf``: its words were lost
    if re.fullmatch(r"[^\W_]{1,2}" + FILE_EXTENSION, path.rsplit("/", 1)[-1]) and path.count("/") > 1:
        doubts.append("a file name of one or two characters")  # ``fichiers/d5.pdf``: a name's rest lost
    fragment = path.partition("#")[2]
    if FILE_ENDING.search(fragment):  # a file's name and extension come before a fragment: this # is a %
        doubts.append("a file name after a fragment's #")  # ``prefet#2_Conseillere%20citoyenne.pdf``
    if re.search(r"(?<=[/_-])[B-CE-KM-Z](?=[_-])", path.split("?")[0]):  # not an elided D or L, nor A (à)
        doubts.append("a lone capital in a name")  # ``Gestion_U_Et``, ``10/T_hematique``: a word's rest lost
    if re.search(r"(?<=[a-z0-9]-)[befghikopqruvwxz](?=-[a-z0-9])", path.split("?")[0]):
        doubts.append("a lone letter in a slug")  # ``charge-de-r-mission``: no word, nor an elision
    stem = without_extension(path)
    if re.search(r"(?:^|/)[A-Za-z]$", path) or re.search(r"(?<=[A-Za-z0-9])[-_][a-z]$", stem):
        doubts.append("a last word of one letter")  # ``dossiers/C``: cut short; ``quartiers-2030_a``: a speck
    if re.search(r"(?:[/_-]|%20)(?:19|20)\d$", stem):
        doubts.append("year cut short")
    if re.search(r"(?:[/_-]|%20)(?:19|20)\d\d[0-9A-Za-z]$", stem):
        doubts.append("a year with a character too many")  # ``%2020117.pdf``: one read twice; ``2021L.pdf``
    if any(LETTER_AMONG_DIGITS.fullmatch(segment) for segment in path.split("/")):
        doubts.append("a letter among digits")  # ``2015/1_O``: a month's ``0`` read as ``O``
    if any(re.fullmatch(r"[-_.]\d+|\d+[-_.]", segment) for segment in path.split("/")):
        doubts.append("a mark beside a folder's figures")  # ``2016/-06``
    if re.search(r"(?:^|[^A-Za-z])%27", path):
        doubts.append("an apostrophe after no letter")  # ``d%27`` read ``4%27``, ``sur-%27Escaut``: French
        # elides letters (``l'``, ``d'``), and a lost one leaves its apostrophe after a mark or a digit
    for segment in path.split("/"):
        for name in re.split(r"%20|_", segment):  # a place name in a file name is no slug
            words = name.split("-")
            if len(words) >= 3 and words[0].islower() and any(w[:1].isupper() for w in words[1:]):
                doubts.append("a capital inside a slug")
    name = path.rsplit("/", 1)[-1]
    if "%20" in name and not FILE_ENDING.search(name):
        doubts.append("a file name without its extension")  # spaces name a file, not a page
    file_name = re.fullmatch("(.+)" + FILE_EXTENSION, name)
    if file_name and re.search(r"[A-Za-z]\.[A-Za-z]{3}", file_name.group(1)) and \
            re.search(r"_|-|%20", file_name.group(1)):
        doubts.append("a dot among a file name's words")  # ``Reussite_Educative.Intergenerationnel``
    if "%20" in name and re.search(r"[A-Za-z]_[A-Za-z]", name):
        doubts.append("a file name's words parted two ways")  # ``comptes%20rend_us``: a site writes one
    if "%20" in name and name[:1] in SMALL_LOOKALIKES:
        doubts.append("a file name's capital read as a small letter")  # ``intercommunalite%20…``: a title
        # (its words parted by spaces) opens with a capital, which OCR reads as its small look-alike
    for segment in path.split("/"):
        words = [w for w in without_extension(segment).split("_") if w[:1].isalpha()]
        if sum(w[0].isupper() for w in words) >= 2 and any(
                w[0] in SMALL_LOOKALIKES and len(w) >= 4 and w not in LINKING_WORDS for w in words):
            doubts.append("a capital read as a small letter")  # ``Enchaine_intercommunalite_Cheffe``
    segments = path.strip("/").split("/")
    if len(segments) > 1 and FILE_FOLDERS & {seg.lower() for seg in segments[:-1]} and \
            not re.search(r"\.[A-Za-z0-9]{2,4}$", segments[-1]):
        doubts.append("a file folder's file without its extension")
    return doubts


NEAR_HOST_NAME = 5
"""From this length a site's name two letters from a known one is doubted: shorter names are that near
many real ones (``nord.fr``, ``lenord.fr``)."""
PUBLIC_SUFFIXES_OF_NAMES = ("gouv.fr", "asso.fr")
"""The public suffixes of two labels the archive's hosts end with (the State's services, associations):
a registrable domain two letters from one and on no list is one misread (``got.fr``)."""
SUFFIX_LABELS = tuple(suffix.split(".")[0] for suffix in PUBLIC_SUFFIXES_OF_NAMES)
"""Their first labels: no site's name ends with one after a hyphen."""
UNRESERVED_ESCAPE = re.compile(r"%(?:3[0-9]|4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|2[DE]|5F|7E)")
"""An escape of a letter, a digit or ``-._~``: RFC 3986 says encoders do not escape these, so an escape
that decodes to one was misread."""
LINKING_RATIO = 10
"""How much commoner a linking word must be than a two-letter word in a slug one look-alike from it
for that word to be doubted (``ta`` for ``la``: 12 times rarer)."""


def _misread_linking_word(word: str, lexicon: Lexicon) -> bool:
    own = lexicon.frequencies.get(word, 0)
    return word not in LINKING_WORDS and any(
        v in LINKING_WORDS and lexicon.frequencies.get(v, 0) >= LINKING_RATIO * max(own, 1)
        for v in shape_variants(word))


NAME_PIECE = re.compile(r"(?<=_)[a-z]{1,3}(?=%20|[_.]|$)")
"""Up to three small letters between a file name's separators."""
SHORT_PIECE = re.compile(r"(?<=[_-])[A-Za-z]{1,2}(?=[-_./]|%20|$)"
                         r"|(?:(?<=/)|(?<=%20))[A-Za-z]{1,2}(?=[-_.]|%20)")
"""One or two letters between a path's separators, in either case: a word of its own (``de``, ``La``,
``bd``) or what a misread left of one."""
SMALL_LOOKALIKES = frozenset("cilosvwxz")
"""Small letters OCR reads for a capital: the same shape smaller (``c``, ``o``, ``s``…), or ``I``'s
look-alikes."""


def _host_misreads(labels: list[str], domain: str | None, hosts: set[str] | frozenset[str],
                   lexicon: Lexicon) -> list[str]:
    """What a misread leaves in a host: a dot read inside one of its words (``ha.uts-de-france``:
    joined, the labels are words), and a site's name that is no word, nor words written together,
    one shape misread from common words written together (``banqguedesterritoires``)."""
    doubts = []
    inner = labels[1:-1] if labels[0] == "www" else labels[:-1]
    for left, right in itertools.pairwise(inner):
        words = (left + right).split("-")
        apart = left.split("-") + right.split("-")
        if all(_known(w, lexicon) for w in words) and not all(_known(w, lexicon) for w in apart):
            doubts.append(f"a dot inside a word of the host: {left}.{right}")
    name = domain.split(".")[0] if domain else ""
    weights = folded_weights(lexicon)
    if name and domain not in known_hosts() | set(hosts) and "-" not in name and name.isalpha() and \
            not _known(name, lexicon) and not _glued(name, weights, 2) and \
            any(_common_words(v, weights) for v in _misreads(name) if len(v) >= 8):
        doubts.append(f"a host one misread from words: {name}")
    return doubts


LONG_NAME = 12
"""From this length a site's name is tried with any one letter misread, not only a look-alike: few
names run this long one letter from common words (``banauedesterritoires``)."""


def _misreads(name: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = shape_variants(name)
    if len(name) >= LONG_NAME:
        out |= {name[:i] + c + name[i + 1 :] for i in range(len(name)) for c in letters}
    return out


COMMON_WORD = 10_000
"""How common each word of a site's name must be for a name one misread from them to be doubted:
common words, not names (``bricemarche`` is no reading of ``bricomarche``)."""


def _common_words(name: str, weights: dict[str, int], parts: int = 3) -> bool:
    """``banquedesterritoires``: two or three common words (or linking words) written together."""
    if parts == 1:
        return name in LINKING_WORDS or len(name) >= 3 and weights.get(name, 0) >= COMMON_WORD
    return _common_words(name, weights, 1) and parts < 3 or any(
        _common_words(name[:k], weights, 1) and _common_words(name[k:], weights, parts - 1)
        for k in range(2, len(name) - 1))


def _short_words(path: str) -> list[str]:
    """The words of three letters in a path's slugs and file names."""
    return [w for w in re.split(r"[^A-Za-z]+", _decoded_or_raw(path)) if len(w) == 3]


def _slug_words(path: str) -> list[str]:
    """The words of a path's slugs: segments of small ASCII letters and figures joined by hyphens."""
    segments = without_extension(path.split("?")[0]).split("/")
    return [w for seg in segments if "-" in seg and re.fullmatch(r"[a-z0-9-]+", seg)
            for w in seg.split("-") if w.isalpha()]


def _glued_only(word: str, lexicon: Lexicon) -> bool:
    """A word known only as words written together (:func:`_glued`), not as a word of its own."""
    low = word.lower()
    weights = folded_weights(lexicon)
    alone = low in lexicon.frequencies or lexicon.place(word) or english(low) or fold(low) in weights
    return not alone and _glued(fold(low), weights)


def _specked(word: str, lexicon: Lexicon) -> bool:
    """``dle``, ``eni``: no word, and a linking word (``de``, ``en``) with one more letter, a speck
    or a mark read as one."""
    low = word.lower()
    return not _known(low, lexicon) and any(low[:k] + low[k + 1 :] in LINKING_WORDS for k in range(3))


LETTER_AMONG_DIGITS = re.compile(r"[\d_]*\d[\d_]*[OIlZSGBoiz][\d_]*|[\d_]*[OIlZSGBoiz][\d_]*\d[\d_]*")
"""A folder of figures (a year, a month, a number: ``B0861``) with one letter shaped like a digit in it."""


def _decoded_or_raw(path: str) -> str:
    try:
        return unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return path


def _english_lookalike(word: str, lexicon: Lexicon) -> bool:
    """An English word in a French path, one look-alike glyph from a French word (``miles`` for
    ``mlles``): OCR may have made it. A word French knows as well counts when the look-alike is
    far commoner in French (``Mile``, ``miles``: French has them, ten times less than ``Mlle``, ``mlles``):
    one letter read for another of its shape (``i`` for ``l``), not two read for one (``Mines``, ``Mmes``)."""
    low = word.lower()
    if not english(low):
        return False
    weights = folded_weights(lexicon)
    least = max(20, ENGLISH_LOOKALIKE_RATIO * weights.get(fold(low), 0))
    return any(weights.get(v, 0) >= least for v in shape_variants(low) if len(v) == len(low))


ENGLISH_LOOKALIKE_RATIO = 5
"""How much commoner in French a look-alike of an English word French also knows must be for the word to
be doubted (``mlles`` is 10 times ``miles``; ``change`` is no commoner than ``charge``, ``chargé``)."""


LOOKALIKE_RATIO = 20
"""How much commoner a word one OCR look-alike away must be for a small path word to be doubted
(``mile`` for ``mlle``): OCR's confusion is then the likelier reading. Words with a capital are names
or titles (``Charte``, ``Mines``), left alone."""


def commoner_lookalike(word: str, lexicon: Lexicon) -> bool:
    """A word in small letters one OCR look-alike from a far commoner one (:data:`LOOKALIKE_RATIO`)."""
    return _commoner_lookalike(word, lexicon)


def _commoner_lookalike(word: str, lexicon: Lexicon) -> bool:
    if not word.islower():
        return False
    weights = folded_weights(lexicon)
    low = fold(word)
    own = weights.get(low, 0)
    return any(weights.get(v, 0) >= LOOKALIKE_RATIO * max(own, 1) for v in shape_variants(low) if v != low)


def path_words(path: str) -> list[str]:
    """The words of a path, escapes decoded: ``R%C3%A8glement%20g%C3%A9n`` → ``Règlement``, ``gén``."""
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        text = path
    stem = without_extension(text)
    return [w for w in re.split(r"[^\w]+|_", stem) if len(w) >= 4 and w.isalpha()]


def _words_before_figures(path: str) -> list[str]:
    """The words of a path that one or two figures end (``downl9``, ``agenda21``): words all the same,
    which :func:`path_words` leaves out."""
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        text = path
    stem = without_extension(text)
    glued = (re.fullmatch(r"([^\W\d_]{4,})\d{1,2}", w) for w in re.split(r"[^\w]+|_", stem))
    return [m.group(1) for m in glued if m]


def known_piece(word: str, lexicon: Lexicon) -> bool:
    """A piece of a name a misread may have left, known as a word of its own (:func:`_known_piece`)."""
    return _known_piece(word, lexicon)


def _known_piece(word: str, lexicon: Lexicon) -> bool:
    """A piece of one or two letters is a French word (``de``, an elided ``d``, ``bd``, ``à`` as ``a``):
    English's short words (``ge``, ``ti``, ``pe`` among pyspellchecker's) are what any two letters left
    by a misread spell, and so are the lexicon's rarest (``ft``, ``ba``: :data:`SHORT_WORD`)."""
    if len(word) <= 2:
        return word.lower() in LINKING_WORDS | {"d", "l", "a"} or \
            lexicon.frequencies.get(word.lower(), 0) >= SHORT_WORD
    return _known(word, lexicon)


SHORT_WORD = 100
"""How common a word of one or two letters must be to stand alone in a path (``bd``, ``cf``, ``me``: 50,000
and more in the lexicon; ``ft``, ``ba``, ``ct``: 50 or less, each one misread from ``Et``, ``la``, ``et``)."""


def known_word(word: str, lexicon: Lexicon) -> bool:
    """A word the lexicon, the places or English know, or known words written together (``villedelens``)."""
    return _known(word, lexicon)


def _known(word: str, lexicon: Lexicon) -> bool:
    low = word.lower()
    if low in lexicon.frequencies or lexicon.place(word) or english(low):
        return True
    if not word.isascii():
        return False  # an accent is printed as an escape: the word must be spelt right
    weights = folded_weights(lexicon)
    return fold(low) in weights or _glued(fold(low), weights)


def _glued(word: str, weights: Mapping[str, int], parts: int = 3) -> bool:
    """Known words written together, as URLs often glue them (``centrederessources``): at most
    three, each a common word of three letters or more or a linking word (``de``, ``la``), the
    last a known one. (Any two letters are a word somewhere: ``capitalisa`` is no ``ca`` +
    ``pitalisa``.)"""
    if parts == 1:
        return weights.get(word, 0) > 0 and (len(word) >= 3 or word in LINKING_WORDS)
    return any((word[:k] in LINKING_WORDS or k >= 3 and weights.get(word[:k], 0) >= GLUED_WORD) and (
        _glued(word[k:], weights, parts - 1)) for k in range(2, len(word) - 1))
