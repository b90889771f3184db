"""How sites write a URL's path, for :mod:`pipeline.urlrepair` to rebuild it so: a slug's words in small
letters parted by hyphens alone, a file name's words parted one way and capitalised as titles and places are,
and the folders a publishing system writes alike on every site (SPIP's ``IMG/<type>/``, WordPress's
``uploads/<year>/<month>/``, Drupal's ``files/``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from urllib.parse import unquote

from rapidfuzz.distance import Levenshtein

from pipeline import urlmodel, urlwords
from pipeline.lexicon import Lexicon
from pipeline.urlfiles import DOCUMENT, EXTENSIONS, FILE_ENDING, likely_extension, without_extension
from pipeline.urlwords import folded_weights, strip_accents

SLUG_SEGMENT = re.compile(r"[a-z0-9~_.,'-]+")
"""A path segment written as a slug, in small letters, with the marks OCR reads for its hyphens."""
SLUG_MARK = re.compile(r"(?<=[a-z])[~_.,'](?=[a-z])")
"""A mark between two letters of a slug that no slug holds (sites part its words with hyphens)."""

LINKING = "|".join(sorted(urlwords.LINKING_WORDS))
LINKING_TWICE = re.compile(rf"(?<=[A-Za-z0-9][-_])({LINKING})([-_])\1(?=[-_][A-Za-z0-9])", re.IGNORECASE)
"""A linking word twice in a slug or a name, between two other words (``releve-de-de-decisions``,
``Fonds_De_De_Participation``; ``/de-de/``, a locale, stands alone): French never writes it so."""


def slug_marks(path: str, lexicon: Lexicon, mended: bool = False) -> str:
    """A slug (a segment of three words or more parted by hyphens, in small letters) holds no mark but its
    hyphens and its extension's dot: a mark beside a hyphen is a speck (``citoyenne_-``, ``/.peuplement-``,
    ``/_internet-``); a mark between letters is a speck inside a word when the letters around it make a
    known word (``degrade_es``), else a hyphen misread between two known words (``fiche~capitalisation``);
    between pieces no word makes, it stays for the URL model to doubt. A folder of one word, its specks
    read as underscores (:func:`_one_word`)."""
    query = re.search(r"[?#]", path)
    head, tail = (path[: query.start()], path[query.start() :]) if query else (path, "")
    weights = folded_weights(lexicon)

    def known(word: str) -> bool:
        return weights.get(word, 0) >= urlwords.UNKNOWN_TO_KNOWN or urlwords.english(word) or \
            word in urlwords.LINKING_WORDS

    words = set(re.split(r"[^a-z]+", head.lower()))

    def fix(segment: str) -> str:
        stem, ending = (segment[: -len(m.group())], m.group()) if (m := FILE_ENDING.search(segment)) and \
            m.group()[1:].lower() in EXTENSIONS else (segment, "")
        if re.fullmatch(r"_?[a-z]+(?:_[a-z]+)?", stem):
            return _one_word(stem, known, weights) + ending
        if not SLUG_SEGMENT.fullmatch(stem) or stem.count("-") < 2:
            return segment
        stem = re.sub(r"[~_.,']+(?=-)|(?<=-)[~_.,']+|^[~_.,'-]+(?=[a-z])|(?<=[a-z0-9])[~_.,']+$", "", stem)
        stem = re.sub(r"(?<=[a-z])-(?=[a-z])", lambda m: _hyphen_in_word(m, stem, known, weights), stem)
        if mended:  # its words mended first: ``marcnant`` is ``marchant`` misread, not ``marc-nant``
            stem = "-".join(_unglued(word, known, weights, words) for word in stem.split("-"))

        def one(match: re.Match[str]) -> str:
            left = re.search(r"[a-z]*$", stem[: match.start()]).group()  # type: ignore[union-attr]
            right = re.match(r"[a-z]*", stem[match.end() :]).group()  # type: ignore[union-attr]
            if len(left + right) >= urlwords.SPLIT_WORD and weights.get(left + right, 0) > 0:
                return ""
            return "-" if known(left) and known(right) else match.group()
        return SLUG_MARK.sub(one, stem) + ending
    return "/".join(fix(segment) for segment in head.split("/")) + tail


def _one_word(segment: str, known: Callable[[str], bool], weights: Mapping[str, int]) -> str:
    """A folder of one word in small letters with a speck read as an underscore: before it, the word
    French alone knows (``/_territoires/``; English-named folders open with one, ``/_layouts/``), or
    inside it, two pieces no word that make a known word (``actu_alites``)."""
    word = segment.lstrip("_")
    if "_" not in word:
        french = weights.get(word, 0) >= urlwords.UNKNOWN_TO_KNOWN and not urlwords.english(word)
        return word if french else segment
    left, right = word.split("_")
    whole = weights.get(left + right, 0) >= urlwords.UNKNOWN_TO_KNOWN and not (known(left) and known(right))
    return left + right if whole and word == segment else segment


def _hyphen_in_word(match: re.Match[str], stem: str, known: Callable[[str], bool],
                    weights: Mapping[str, int]) -> str:
    """A slug's hyphen between two pieces, one no word, that together make a common word: a line break's
    or a speck, inside the word (``quar-tiers``, ``methodolo-gie``); a hyphen between words stays
    (``co-construire``)."""
    left = re.search(r"[a-z]*$", stem[: match.start()]).group()  # type: ignore[union-attr]
    right = re.match(r"[a-z]*", stem[match.end() :]).group()  # type: ignore[union-attr]
    if min(len(left), len(right)) >= 2 and not (known(left) and known(right)) and \
            weights.get(left + right, 0) >= urlmodel.GLUED_WORD:
        return ""
    return match.group()


GLUED_PART = 4
"""The fewest letters of each of two words a slug's lost hyphen glued (``mixitesociale``)."""


def _unglued(word: str, known: Callable[[str], bool], weights: Mapping[str, int], others: set[str]) -> str:
    """A word of a slug that is none, made of two common words (:data:`pipeline.urlmodel.GLUED_WORD`) in
    one way only (commoner than places weigh: ``marc``, ``nant`` are names too): their hyphen was lost
    (``mixitesociale``). Two words the URL spells elsewhere lost the
    slash between them (:func:`pipeline.urlwords.fix_words` puts it back)."""
    if not word.isalpha() or len(word) < 2 * GLUED_PART or known(word):
        return word
    common = urlmodel.GLUED_WORD
    splits = [k for k in range(GLUED_PART, len(word) - GLUED_PART + 1)
              if weights.get(word[:k], 0) > common and weights.get(word[k:], 0) > common and
              not {word[:k], word[k:]} <= others]
    return f"{word[: splits[0]]}-{word[splits[0] :]}" if len(splits) == 1 else word


def name_case(path: str, lexicon: Lexicon) -> str:
    """Capitals as sites write them: a slug's words after its first in small letters when all are but
    one (``prevention-Specialisee-binome``, ``centres-Sociaux-2014``: a small letter read as its capital;
    of two words, a capital its small letter's shape, ``vie-Citoyenne``); a word's letters after
    its first in the case of the rest (``g%C3%A9N%C3%A9ral``); a linking word read twice, once
    (:data:`LINKING_TWICE`); a name of capitalised words parted by underscores parted so throughout
    (``Binome_Seances-Thematiques``, ``Convention-cadreAgglomeration``: its underscore read as a hyphen, or
    lost). Only where the word so is known and no place (``Saint-Omer`` and ``Adulte-Relais`` stay). No
    figure before a name's capital nor speck in its words (``Vil.le``), nor dot between its capitalised
    words (``Fonds.De_Participation``: an underscore); a place's capital in it (:func:`_place_capital`)."""
    weights = folded_weights(lexicon)

    def known(word: str) -> bool:
        return weights.get(strip_accents(unquote(word)).lower(), 0) >= urlwords.UNKNOWN_TO_KNOWN

    def place(word: str) -> bool:
        return bool(lexicon.place_folded(unquote(word)))

    def fix(segment: str) -> str:
        stem = without_extension(segment)
        ending = segment[len(stem) :]
        stem = LINKING_TWICE.sub(r"\1", stem)
        words = stem.split("-")
        small = [not any(c.isupper() for c in w) for w in words]  # a year among them too
        if (len(words) >= 3 or len(words) == 2 and words[1][:1].lower() in urlmodel.SMALL_LOOKALIKES) and \
                "_" not in stem and "%" not in stem and sum(small) == len(words) - 1 and words[0].islower():
            stem = "-".join(w.lower() if w[:1].isupper() and w[1:].islower() and known(w) and
                            not place(w) else w for w in words)
        stem = re.sub(ESCAPED_WORD, lambda m: _small_inside(m.group(), lambda w: known(w) or place(w)), stem)
        first = re.match(r"[1l|]([A-Z](?:[a-z]|%[89A-F][0-9A-F]){3,})(?![A-Za-z]|%[89A-F])", stem)
        if first and known(first.group(1)) and not known(first.group()):
            stem = stem[1:]  # ``1Synth%C3%A8se``: a speck or the slash read again before a name's capital
        if "%20" in stem:
            stem = "%20".join(_place_capital(w, weights, lexicon) for w in stem.split("%20"))
        if "%20" in stem or "_" in stem:
            stem = re.sub(r"[^%_]+", lambda m: _place_misread(m.group(), lexicon), stem)
        if "_" in stem or "%20" in stem:  # a name's words: a mark no separator of theirs is a speck
            marks = r"[._]" if "%20" in stem else r"[.-]"  # inside a word (``N_ote``, ``Co-mmun``)
            stem = re.sub(rf"(?<=[A-Za-z]){marks}(?=[a-z])", lambda m: _speck_in_word(m, stem, known), stem)
        if "_" in stem:  # a dot between capitalised words or a year and a word (``Fonds.De_Participation``,
            # ``Quartier_Diagnostic.Partage``, ``Quartiers_2030.Me``), or before a year ending the name
            stem = re.sub(r"(?:(?<=[a-z]{3})|(?<=\d\d))\.(?=[A-Z][a-z]|(?:19|20)\d\d$)", "_", stem)
        if "%" not in stem and sum(part[:1].isupper() for part in stem.split("_")) >= 2:
            stem = re.sub(r"(?<=[a-z])-(?=[A-Z])|(?<=[a-z])(?=[A-Z])",
                          lambda m: _underscore(m, stem, known, place), stem)
        return stem + ending
    return "/".join(fix(segment) for segment in path.split("/"))


ESCAPED_WORD = re.compile(r"(?:[A-Za-z]|%[89A-F][0-9A-F])+")
"""A word's letters, its accented ones escaped (UTF-8's bytes past ASCII)."""


def _speck_in_word(match: re.Match[str], text: str, known: Callable[[str], bool]) -> str:
    """A mark inside a name's word (``Vil.le``) that the letters around it make a known word without; a
    hyphen only between two pieces no word (``Co-mmun``; ``Co-construction`` is written so too)."""
    left = re.search(r"[A-Za-z]*$", text[: match.start()]).group()  # type: ignore[union-attr]
    right = re.match(r"[a-z]*", text[match.end() :]).group()  # type: ignore[union-attr]
    apart = (known(left) or match.group() == "-") and len(right) > 2 and known(right)
    return "" if known(left + right) and not apart else match.group()


def _place_capital(word: str, weights: Mapping[str, int], lexicon: Lexicon) -> str:
    """``Note%20de%20cadrage%20orchies``: a word of a name with escaped spaces known only as a place (no
    commoner as a word than places weigh, nor English) is printed with its capital, as the place is."""
    place = lexicon.place(word)
    if not word.isalpha() or not word.islower() or not place or not place[:1].isupper() or \
            weights.get(word, 0) > urlwords.PLACE_WEIGHT or urlwords.english(word):
        return word
    return place if strip_accents(place).lower() == word else word


PLACE_SHAPE = re.compile(r"(?:20)?([A-Z][a-z]+(?:-[A-Za-z0-9]+){2,})")
"""A name of three words or more joined by hyphens, the first capitalised (``Marles-les-Mines``), after an
escaped space's figures: a place's shape in a file name (a letter of its words after the first may be read
as a figure: ``Montigny-en-Gohell8``)."""


def _place_misread(word: str, lexicon: Lexicon) -> str:
    """``Maries-les-Mines``: a place's shape (:data:`PLACE_SHAPE`) that no place is, but one letter from one
    place and no other, is that place with a letter misread (its words apart are words: ``maries``)."""
    shape = PLACE_SHAPE.fullmatch(word)
    name = shape.group(1) if shape else ""
    if not name or lexicon.place_folded(name):
        return word
    found = {v for k, c in enumerate(name) if c != "-" for r in string.ascii_lowercase if r != c.lower()
             if lexicon.place_folded(v := name[:k] + (r.upper() if c.isupper() else r) + name[k + 1 :])}
    return word[: shape.start(1)] + found.pop() if len(found) == 1 else word  # type: ignore[union-attr]


SMALL_THEN_CAPITAL = re.compile(r"(?:[a-z]|%C3%[AB][0-9A-F])(?:%[89A-F][0-9A-F])*[A-Z]")
"""A capital after a small letter, plain or escaped (UTF-8's ``%C3%A0``–``%C3%BF``: ``à``–``ÿ``)."""


def _small_inside(word: str, known: Callable[[str], bool]) -> str:
    """A word with a capital after its small letters (``g%C3%A9N%C3%A9ral``, ``Cambr%C3%A9SiS``, the small
    one escaped: ``R%C3%A9F%C3%A9rentiel``) whose letters after its first in small letters make a known word
    or place: those letters are small."""
    if not re.search(SMALL_THEN_CAPITAL, word) or not known(word):
        return word
    units = re.findall(r"%[0-9A-F]{2}|.", word)
    return units[0] + "".join(u if u.startswith("%") else u.lower() for u in units[1:])


def _underscore(match: re.Match[str], text: str, known: Callable[[str], bool],
                place: Callable[[str], bool]) -> str:
    """Between two capitalised known words of a name parted by underscores (three letters or more, or a
    linking word: ``Charge_De``, ``De_La``): the underscore misread; not inside a place's name
    (``Plan_Saint-Pol-sur-Mer``)."""
    left = re.search(r"[A-Za-z]*$", text[: match.start()]).group()  # type: ignore[union-attr]
    right = re.match(r"[A-Za-z]*", text[match.end() :]).group()  # type: ignore[union-attr]
    whole = left + match.group() + right
    name = re.search(r"[A-Za-z-]*$", text[: match.start()]).group() + match.group() + \
        re.match(r"[A-Za-z-]*", text[match.end() :]).group()  # type: ignore[union-attr]
    both = (len(left) >= 3 or left.lower() in urlwords.LINKING_WORDS) and known(left) and \
        (len(right) >= 3 or right.lower() in urlwords.LINKING_WORDS) and known(right)
    if both and not place(whole) and not place(name) and \
            not (match.group() and known(whole)) and \
            (match.group() == "" or left[0].isupper()):
        return "_"
    return match.group()


SPIP_FOLDER = re.compile(r"(?P<img>[A-Za-z1|_]{2,4})/(?P<type>[a-z]{3,4})(?:/|(?P<slash>[il1I|])(?=[a-z]))")
"""SPIP's file folders: ``IMG/`` then the file's type (``IMG/pdf/``), its ``I`` often misread or lost, the
type's slash maybe read as a letter that looks like one."""
UPLOADS_DATE = re.compile(r"(?<=wp-content/uploads/)(?P<year>[12][^/]{3,5}?)(?:/|[^\w/])"
                          r"(?P<month>[01][.,'`]?\d)(?:/|(?:[^\w/.]|_|)(?=[A-Za-z][^/]*$))")
"""WordPress's media folders: ``wp-content/uploads/<year>/<month>/``, a file in the month's folder, never
in the year's (``11_Webinaire.pdf``, ``11Webinaire.pdf``: the month's slash read as a mark, or lost); a
speck inside the month is no figure (``2021/0.7/``)."""


def spip_folder(path: str) -> str | None:
    """The file type of a path in SPIP's ``IMG/<type>/`` however OCR read its ``IMG`` (``l_MG``, ``MGi``:
    two edits, its ``MG`` kept), or the type misread (``IMG/pal/``, its ``IMG`` one edit at most): a
    document's (:data:`pipeline.urlfiles.DOCUMENT`) when two letters from it or less, else the one it is
    nearest (:func:`pipeline.urlfiles.likely_extension`); else None."""
    folder = SPIP_FOLDER.match(path)
    if not folder:
        return None
    img, kind = folder.group("img"), folder.group("type")
    near = Levenshtein.distance(img, "IMG")
    if folder.group("slash"):  # ``IMG/pdtipr-…``: a document's type and its slash misread (not ``IMG/pngi``)
        return DOCUMENT if img == "IMG" and kind not in EXTENSIONS and _near_document(kind) else None
    if kind not in EXTENSIONS:  # a document's, likelier than any (``IMG/pat/``), or the nearest
        kind = DOCUMENT if _near_document(kind) else likely_extension(kind)
        return kind if near <= 1 else None
    return kind if near <= 1 or near == 2 and "MG" in img else None


def _near_document(kind: str) -> bool:
    """A file type or folder two letters or fewer from a document's (:data:`pipeline.urlfiles.DOCUMENT`), its
    first letter kept (``pat``, ``pal``): the likeliest of all misread."""
    return kind[:1] == DOCUMENT[0] and Levenshtein.distance(kind, DOCUMENT) <= 2


def _opening_folders(path: str) -> str:
    """``IMG/pdfiresituer-…`` → ``IMG/pdf/resituer-…``, ``wp-contentuploads/`` → ``wp-content/uploads/``:
    a path that opens one or two misread characters from a publishing system's folders (a slash lost
    or read as a letter, a letter misread) opens with them; one character for the short ``IMG/pdf/``. A
    folder of a speck before them (``i/IMG/pdf/``) is none: they open a site's paths."""
    speck = re.match(r"[^/]/", path)  # one character: ``/fr/`` may be a site's language
    if speck and any(path[speck.end() :].startswith(folders) for folders in urlmodel.CMS_PATHS):
        return path[speck.end() :]
    for folders in urlmodel.CMS_PATHS:
        if path.startswith(folders):
            return path
        if len(path) <= len(folders):
            continue  # nothing follows: ``sites/default/files`` is whole
        most = 1 if len(folders) < 10 else 2
        best = min(((Levenshtein.distance(path[:k], folders), -k) for k in
                    range(len(folders) - most, len(folders) + most + 1)), default=(most + 1, 0))
        if best[0] <= most and "%" not in path[: -best[1]]:
            return folders + path[-best[1] :].lstrip("/")
    return path


def publishing_folders(path: str) -> str:
    """The folders every site of a publishing system writes alike, as printed: SPIP's ``IMG/<type>/``
    (``l_MG/pdf/`` → ``IMG/pdf/``), WordPress's ``uploads/<year>/<month>/`` (``2_013/06``, ``2012)02``:
    a speck inside the year, a slash read as a mark), a folder between two of theirs, and the folders a
    path opens with (:func:`_opening_folders`)."""
    kind, folder = spip_folder(path), SPIP_FOLDER.match(path)
    if kind and folder:
        path = f"IMG/{kind}/" + path[folder.end() :]
    segments = _opening_folders(path).split("/")  # first: ``filesitic.hiers/``, ``wp-conient/uploads/``
    for k in range(1, len(segments) - 1):
        if segments[k - 1] in urlmodel.CMS_FOLDERS and segments[k + 1] in urlmodel.CMS_FOLDERS:
            segments[k] = _publishing_folder(segments[k])
    path = "/".join(segments)
    date = UPLOADS_DATE.search(path)
    if date:
        year, month = (re.sub(r"[^0-9]", "", date.group(part)) for part in ("year", "month"))
        if re.fullmatch(r"(?:19|20)\d\d", year) and int(month) <= 12:
            path = f"{path[: date.start()]}{year}/{month}/{path[date.end() :]}"
    return re.sub(r"(?<=wp-content/uploads/)((?:19|20)\d\d)/(\d{3})/", _month, path)


SERIF_ONE = re.compile(r"(?<=\d)(?<!%[0-9A-Fa-f]{2})_?L(?=[/.%]|$)|(?<=/(?:19|20)\d\d/)L(?=\d/)")
"""A figure ``1`` with serifs read as a capital ``L``, its foot as an underscore: at the end of figures
(``2021`` read ``202_L``, ``49311/`` read ``4931_L/``), or as a month's first figure after a year's folder
(``/2016/L1/``); not after an escape (``%20L%C3%A9a``: Léa). No site ends a number with a capital ``L``
(worst level of seeds 282-289: four URLs)."""


def serif_ones(path: str) -> str:
    """The figures ``1`` read as :data:`SERIF_ONE`, as printed."""
    return SERIF_ONE.sub("1", path)


def _month(match: re.Match[str]) -> str:
    """``2014/111/``: a month of three figures, one read twice: the one month (01-12) a figure less makes."""
    figures = match.group(2)
    months = {figures[:k] + figures[k + 1 :] for k in range(3)} & {f"{m:02d}" for m in range(1, 13)}
    return f"{match.group(1)}/{months.pop()}/" if len(months) == 1 else match.group()


def _publishing_folder(folder: str) -> str:
    """A folder between two of a publishing system's (``files/pt/downloads``) that is none of them, no
    English word nor file type, one or two characters from one of them and nearer it than any other, is
    that one misread; a speck read as a mark inside it (``tic.hiers``) is no character."""
    bare = re.sub(r"(?<=[A-Za-z])[.,_'](?=[A-Za-z])", "", folder, count=1)
    if len(bare) == len(DOCUMENT) and bare not in EXTENSIONS and _near_document(bare):
        return DOCUMENT  # ``files/pat/downloads``: the document folder, whatever English word it reads as
    if bare in urlmodel.CMS_FOLDERS or not re.fullmatch(r"[A-Za-z]{2,10}", bare) or \
            urlwords.english(bare.lower()) or bare.lower() in EXTENSIONS:
        return bare if bare in urlmodel.CMS_FOLDERS else folder
    distances = sorted((Levenshtein.distance(f, bare), f) for f in urlmodel.CMS_FOLDERS)
    (best, near), runner_up = distances[0], distances[1][0]
    return near if best <= 2 and runner_up > best else folder
