"""What OCR's misreads leave in a URL that the judge (:func:`pipeline.urljudge.judge_url`) doubts on its
own: words one thin letter short of a far commoner word, marks among a file name's figures no site writes,
a capital shaped as its small letter in a slug of two words, an end OCR read apart from its URL
(:func:`end_elsewhere`), and what two OCR readings of a URL disagree on that no model can settle (what the
first reading held that the reading taken lacks, :func:`contradicted`: how many figures a number has,
whether a title's word opens with a capital). They are kept out of
:func:`pipeline.urlmodel.assess`, so that the choice between two readings of a URL line
(:mod:`pipeline.ocr.urlread`) does not weigh them: they were measured on the judgement of URLs already read
(``bench/url_quality.py --reuse-ocr``), not on that choice.
"""

from __future__ import annotations

import bisect
import itertools
import re
from urllib.parse import unquote

from rapidfuzz.distance import Levenshtein

from pipeline.lexicon import Lexicon
from pipeline.model import Word
from pipeline.text import ELISIONS, fold
from pipeline.urlfiles import EXTENSIONS, FILE_ENDING, FILE_EXTENSION, likely_extension, without_extension
from pipeline.urlhosts import registrable
from pipeline.urlmodel import CMS_FOLDERS, CMS_PATHS, LOOKALIKE_RATIO, SMALL_LOOKALIKES, path_words
from pipeline.urlshapes import TRAILING
from pipeline.urlwords import UNKNOWN_TO_KNOWN, folded_weights

THIN_LETTERS = "ilt"
"""Letters of one thin stroke, that OCR loses on a poor scan (``quartiers`` read ``quarters``, ``ville``
``vile``). Wider letters (``r``: ``insee``, ``insere``) are lost far less often than such names printed."""
HOST_PIECE = 4
"""Words of a host this long are checked (``vile``); shorter ones are acronyms (``caf``)."""


def thin_letter_short(word: str, lexicon: Lexicon) -> bool:
    """A word in small letters one thin letter (:data:`THIN_LETTERS`) short of a far commoner one
    (:data:`pipeline.urlmodel.LOOKALIKE_RATIO`), as a look-alike is doubted: OCR lost it. The publishing
    systems' folders (:data:`pipeline.urlmodel.CMS_FOLDERS`: ``files``, not ``filles``) are printed so."""
    if not word.islower() or word in CMS_FOLDERS:
        return False
    weights = folded_weights(lexicon)
    low = fold(word)
    least = LOOKALIKE_RATIO * max(weights.get(low, 0), 1)
    return any(weights.get(low[:k] + letter + low[k:], 0) >= least
               for k in range(len(low) + 1) for letter in THIN_LETTERS)


def thin_letters_lost(host: str, path: str, lexicon: Lexicon) -> list[str]:
    """Words of the ``path``, and of the ``host`` (empty when a list knows the site), one thin letter short
    of a far commoner word (:func:`thin_letter_short`: ``quarters``, ``www.vile.gouv.fr``)."""
    words = path_words(path) + [word for label in host.split(".")[:-1] for word in label.split("-")
                                if len(word) >= HOST_PIECE and word.isalpha()]
    return [word for word in words if thin_letter_short(word, lexicon)]


ELISION_GLUED = re.compile(r"(?:\d|(?:^|[\s_/-])[^\W\d_])[dljmnstc]'", re.IGNORECASE)
"""An elided word (``d'``, ``l'``) glued to a figure or to a lone letter (``4d'``, ``Od'``): an elision opens
a word, and no French word of two letters is elided but ``qu'``."""


def file_name_misreads(path: str) -> list[str]:
    """Marks among a file name's figures no site writes: a figure or a lone letter glued before an elision
    (:data:`ELISION_GLUED`: ``%204d%27activit``, ``%20Od%27activit``), a dot after a figure among its
    words (``Quartiers_2030.Internet``: an underscore read as a dot, as :func:`pipeline.urlmodel.assess`
    doubts one after a letter), or before a capital among words an underscore joins
    (``Reussite_Educative.Co-construction``)."""
    found = []
    if ELISION_GLUED.search(unquote(path, errors="replace")):
        found.append("a figure or a lone letter before an elision")
    name = m.group(1) if (m := re.fullmatch("(.+)" + FILE_EXTENSION, path.rsplit("/", 1)[-1])) else ""
    if re.search(r"\d\.(?:[A-Za-z]{3}|[A-Z][a-z])", name) and re.search(r"_|-|%20", name):
        found.append("a dot after a figure among a file name's words")  # ``Quartiers_2030.Me``
    if re.search(r"[a-z]\.[A-Z]", name) and "_" in name:
        found.append("a dot before a capital among a file name's words")
    return found


FOLDER_DOT = re.compile(r"[a-z]{3,}\.([a-z]{1,3})")
"""A folder's word a dot parts before its last letters (``actualite.es/65461/``, seed 295): a speck; a
folder holds no dot but a page's own (``index.php/``)."""
SPECK_DOT = re.compile(r"(?:^|-)(?:[a-z]+\.[a-z]|[a-z]\.[a-z]+)(?:-|$)")
"""A dot inside a slug's word that parts a lone letter from it (``diagnostic-le.n-marchant``)."""


SPECK_FIGURES = re.compile(r"(?<=[a-z]-)(?=[A-Z0-9]*[0-9][A-Z])(?=(?:[A-Z]*[0-9]){3})[A-Z0-9]+(?=-|$)")
"""A number in a small-letter slug with capitals after its figures (``…-sociaux-2ZU022``): figures OCR
read as letters of their shape; a name before its figures (``plan-PLU2020``) is printed so."""


def path_misreads(path: str) -> list[str]:
    """A dot a speck left: among a folder's four figures or more (``/24.419/``; a version's few figures,
    ``/2.1/``, are printed so), inside a slug's word (:data:`SPECK_DOT`; two words a dot parts,
    ``page.conditions-offre``, and an extension's dot are printed so). A square bracket: a path holds
    none unescaped (RFC 3986 keeps them for a host's address), a speck was read as one (``/]Etc%20``).
    A mark no printed URL ends with (:data:`UNENDED`): specks after it (``relogement=~``), or its end lost.
    A parenthesis alone (``politique-de-la-ville(Communaute``): a slash misread (a title's are paired). A
    segment opening with an underscore before small letters (``/_publications/``): a speck read as one; a
    dot inside a folder's word (:data:`FOLDER_DOT`). A
    figure glued to a word of a name that spaces its words (:data:`SPACED_FIGURE`). A plus sign in a slug
    (``quartiers-2030+2020``), a mark before a folder's figures (``/@3841/``), a query that is a file's
    name (``…?420binomes.pdf``): specks or misread figures (seeds 172-179). A publishing system's folder
    last (``https://www.nord.gouv.fr/sites``): the rest of a file's path lost (seed 186). A slug's ``de-a-``
    (``politique-de-a-ville``, seed 190): French says ``d'a…`` or ``de la``, never ``de a``; nor ``de le``,
    ``de les`` (``prevention-de-le-delinquance``, seed 280): they are ``du``, ``des``. A figure glued to
    a lone letter between escaped spaces (:data:`LONE_LETTER_FIGURE`), a WordPress month no calendar has,
    a file's year misread (:data:`YEAR_MISREAD`)."""
    segments = path.split("/")
    found = [f"a dot among a number's figures: {s}" for s in segments
             if re.fullmatch(r"\d+\.\d+", s) and len(s) >= 5]
    found += [f"a dot inside a slug: {s}" for s in segments
              if "-" in s and SPECK_DOT.search(without_extension(s))]
    found += [f"capitals among a number's figures: {s}" for s in segments if SPECK_FIGURES.search(s)]
    found += [f"a bracket: {s}" for s in segments if "[" in s or "]" in s]
    found += [f"an underscore opening a segment: {s}" for s in segments if re.match(r"_[a-z]", s)]
    found += [f"a dot inside a folder's word: {s}" for s in segments[:-1]
              if (m := FOLDER_DOT.fullmatch(s)) and m.group(1) not in EXTENSIONS]
    found += [f"a plus sign in a slug: {s}" for s in segments if "+" in s and s.count("-") >= 2]
    found += [f"a mark before a folder's figures: {s}" for s in segments if re.fullmatch(r"[^\w%]\d{3,}", s)]
    found += [f"an apostrophe no French elision has: {m}" for m in NOT_ELIDED.findall(path)]
    found += [f"de before a, le or les: {s}" for s in segments if re.search(r"(?:^|-)de-(?:a|les?)(?=-)", s)]
    found += [f"a figure glued to a lone letter: {m}" for m in LONE_LETTER_FIGURE.findall(path)]
    if (month := UPLOADS_MONTH.search(path)) and not re.fullmatch(r"0[1-9]|1[0-2]", month.group(1)):
        found.append(f"a month no calendar has: {month.group(1)}")  # ``uploads/2014/0U/``
    if YEAR_MISREAD.search(path):  # ``projet%202615.pdf``
        found.append(f"a year none of the archive's documents has: {segments[-1]}")
    if segments[-1] in OPENING_FOLDERS:  # ``…/sites``: it opens a file's path, never ends a URL
        found.append(f"a publishing system's folder ends the URL: {segments[-1]}")
    query = path.partition("?")[2]
    if query and "=" not in query and FILE_ENDING.search(query):
        found.append(f"a file name after a query's mark: {query}")  # ``Intergenerationnels?420binomes….pdf``
    found += [f"a figure glued to a spaced name's word: {w}" for s in segments if "%20" in s
              for w in SPACED_FIGURE.findall(s)]
    if path.count("(") != path.count(")"):
        found.append("a parenthesis alone")
    if path.endswith(UNENDED):
        found.append(f"an end no URL has: {segments[-1]}")
    return found


YEAR_MISREAD = re.compile(r"(?:%20|[_-])2[1-9]\d\d" + FILE_EXTENSION + "$")
"""A file name that ends with four figures where its year goes (after an escaped space, ``_`` or ``-``) that
no year of the archive's documents has (2100 and after): a figure misread."""
ELIDED_LETTERS = "".join(e[0] for e in ELISIONS if len(e) == 2)
OPENING_FOLDERS = frozenset(f for folders in CMS_PATHS for f in folders.split("/") if f) - EXTENSIONS
"""The folders a publishing system opens its files' paths with (``sites``, ``wp-content``, ``IMG``)."""
NOT_ELIDED = re.compile(rf"(?:^|%20|[-_/])((?![{ELIDED_LETTERS}])[A-Za-z]%27)", re.IGNORECASE)
"""A lone letter before an escaped apostrophe that French never elides (``Bilan%20A%27activit%C3%A9``: its
``d`` misread; ``d'``, ``l'``, ``j'``, ``m'``, ``n'``, ``s'``, ``t'``, ``c'`` are elided)."""
SPACED_FIGURE = re.compile(r"(?:^|%20|-)([A-Za-z]{3,}\d|[A-Za-z][a-z]\d+)"
                           r"(?=%20|" + FILE_EXTENSION + "$|$)")
"""A word with one figure glued after it, in a name whose words escaped spaces part: a speck read as a
figure (``Cellule%20de%20veille2%202021``, ``Appel1%20%C3%A0``, ``Saint-Pol-sur-Mer9``, seeds 152-169 of
``bench/url_scans.py``), or a letter read as its look-alike figure (``co0``; seeds 242-247), or a short word's
letters so (``Lo005`` for ``Loos``, seed 279's clean scan), or a short word followed by figures read
for the next word (``de962012`` for ``de%20la``, seed 291); a name that spaces its words spaces its numbers
(``Annexe%201``), and names a class in capitals (``CM2``) or a version in one letter (``v2``)."""
LONE_LETTER_FIGURE = re.compile(r"(?<=%20)\d[a-z]\d?(?=%20)")
"""A figure glued before a lone small letter between escaped spaces (``fonds%204d%20initiative``,
``de%201a9%202019``): specks read as figures (seeds 199, 242-247 of ``bench/url_scans.py``); a name's
``3D`` is in capitals."""
UPLOADS_MONTH = re.compile(r"wp-content/uploads/(?:19|20)\d\d/([^/]+)/")
"""WordPress's month folder, whose name is the month's two figures."""
UNENDED = tuple("-_=&%~#?")
"""Marks a printed URL does not end with (a folder's slash may)."""


def host_misread(host: str, known: frozenset[str]) -> bool:
    """``sigville.gouv.fr``: a site no list knows whose name a dot parts into a known site's host
    (``sig.ville.gouv.fr``): a dot OCR lost, as faint as a speck. A hyphen is not doubted so: a hyphen
    for a dot (``sig-ville.gouv.fr``) reads as a town's own site (``ville-roubaix.fr`` beside
    ``roubaix.fr``). And a label read twice (``www.lille.lille.fr``)."""
    labels = host.split(".")
    if any(a == b for a, b in zip(labels, labels[1:], strict=False)):
        return True
    if registrable(host) in known:
        return False
    name, _, rest = host.removeprefix("www.").partition(".")
    return any(registrable(f"{name[k:]}.{rest}") in known
               for k in range(2, len(name) - 1) if name[k - 1].isalnum())


NUMBER_FOLDER = re.compile(r"(?<=/)\d{3,}(?=/|$)")
"""A folder or a last segment of figures alone: an identifier (``/ressources/8917/``)."""


def figures_miscounted(first: str, taken: str) -> list[str]:
    """Numbers the URL ``taken`` holds as a folder of figures (:data:`NUMBER_FOLDER`) that its ``first``
    reading held with one figure more or fewer (``6102`` read again ``66102``): a figure read twice or
    lost, and no model can tell which reading counted right. On seeds 71–92 of ``bench/url_scans.py`` and
    29 older ones, 3 wrong URLs trusted and no exact one."""
    held = NUMBER_FOLDER.findall(first)
    return [number for number in NUMBER_FOLDER.findall(taken) if number not in held and any(
        len(other) != len(number) and Levenshtein.distance(other, number) == 1 for other in held)]


def capitals_contradicted(first: str, taken: str) -> list[str]:
    """Words of a title a file is named with, its words parted by spaces (``Guide%20M%C3%A9thodologique``),
    opening with a capital the ``first`` reading read as a small letter of another shape (``m``): a title is
    in small letters but its first word and its names, and the readings disagree on which this is. On seeds
    71–92 of ``bench/url_scans.py`` and 29 older ones, 2 wrong URLs trusted, no exact one; in names whose
    words underscores part (``Cite_Educative``) capitals are the rule and a first reading's small letters
    its misreads."""
    found = []
    for tag, i1, i2, j1, _ in Levenshtein.opcodes(first.lower(), taken.lower()):
        for k in range(i2 - i1 if tag == "equal" else 0):
            small, capital, at = first[i1 + k], taken[j1 + k], j1 + k
            if small.islower() and capital.isupper() and small not in SMALL_LOOKALIKES and \
                    taken[:at].endswith("%20") and "/" not in taken[at:]:
                found.append(re.match(r"[^\W\d_]*", taken[at:]).group())  # type: ignore[union-attr]
    return found


TITLE_WORD = re.compile(r"(?<=%20)([A-Z])((?:[a-z]|%[89A-F][0-9A-F])+)")
"""A word of a title a file is named with, after an escaped space, opening with a capital."""


def small_title_words(url: str, capitals: list[str], lexicon: Lexicon) -> str:
    """``R%C3%A9f%C3%A9rentiel%20des%20M%C3%A9tiers``: a title's word whose capital only the reading taken
    saw, the first reading a small letter of another shape (:func:`capitals_contradicted`), is written small
    when it is a known word and no place: French titles are in small letters but their first word and
    their names."""
    weights = folded_weights(lexicon)
    opening = {capital[:1] for capital in capitals}

    def small(match: re.Match[str]) -> str:
        word = unquote(match.group())
        if match.group(1) not in opening or lexicon.place_folded(word) or \
                weights.get(fold(word), 0) < UNKNOWN_TO_KNOWN:
            return match.group()
        return match.group(1).lower() + match.group(2)
    return TITLE_WORD.sub(small, url)


def capital_in_two_word_slug(path: str) -> list[str]:
    """Slugs of two words, one in small letters, the other opening with a capital whose small letter has
    its shape (``vie-Citoyenne``, ``Vie-citoyenne``): OCR read the small letter as its capital, as
    :func:`pipeline.urlmodel.assess` doubts a capital inside a slug of three words or more."""
    found = []
    for segment in path.split("/"):
        name = without_extension(segment)
        words = name.split("-")
        if len(words) == 2 and "_" not in name and "%" not in name and all(w.isalpha() for w in words) and \
                (words[0].islower() and _small_read_capital(words[1]) or
                 words[1].islower() and _small_read_capital(words[0])):
            found.append(name)
    return found


def _small_read_capital(word: str) -> bool:
    """A word of small letters but its first, a capital whose small letter has its shape (``Vie``)."""
    return re.fullmatch(r"[A-Z][a-z]+", word) is not None and word[0].lower() in SMALL_LOOKALIKES


SLUG_LINE = re.compile(r"[a-z0-9]+(?:[-_/][a-z0-9]+){2,}[.,;:]?")
"""A token of three words or more of a slug (``lasses-boulevard-conseils-citoyens``): no prose word."""


def end_elsewhere(url: str, tail: list[str], below: list[str], lexicon: Lexicon | None) -> list[str]:
    """What says a URL without a file extension lost its end: the token after it on its line is what OCR
    left of an extension (``hunl`` for ``.html``, :func:`pipeline.urlfiles.likely_extension`, and no known
    word), or the next line, which no URL took, opens with a slug (:data:`SLUG_LINE`)."""
    if FILE_ENDING.search(url.rsplit("/", 1)[-1]):
        return []
    found = []
    token = re.sub(r"^[\W_]+|[\W_]+$", "", tail[0]) if tail else ""
    known = lexicon is not None and lexicon.frequencies.get(token.lower(), 0) > 0
    if token and not known and likely_extension(token):
        found.append(token)
    if below and SLUG_LINE.fullmatch(below[0]):
        found.append(below[0])
    return found


EDGE_SPECKS = "-_.,:;'\"|“”‘’>«»"
"""What OCR reads before a URL where nothing was printed."""
CONTRADICTION_CONTEXT = 3
"""Characters the two readings share on either side of what only the first read, for it to be inside the
URL: an alignment may put a speck the first read after the URL (``.pdf paf``) before its last letter."""
STUTTER_SLACK = 3
"""From this many letters and figures on, what only the first reading held repeats those beside it also
with one more or one fewer at either end (``%6202015. 202015.``: a misread ``%20`` read again)."""


def contradicted(words: list[Word]) -> list[str]:
    """What the first OCR reading held inside the URL that the reading it was rebuilt from lacks: two
    letters or figures in a row or more (``31 74`` read again as ``31``), between characters the two
    readings share (:data:`CONTRADICTION_CONTEXT`). Where a second reading replaced the first, the two
    disagree, and the URL may have lost what only the first saw. What the first read before or after
    the URL (a label, a speck) is no such contradiction, nor a mark or a lone letter (a speck), nor
    letters that repeat those beside them (``de- de-``: a reading stutters at a line break); but the
    ``s`` that tells ``https`` from ``http``, read by one reading and not the other, is, and so is a
    first reading that goes on past the URL's end (:func:`_read_further`), and a piece of the URL on a
    line only the second reading saw (added whole, ``Coupigny%202018-Coupigny%202018``: no reading
    vouches for it but one: 8 URLs on seeds 71-80 and 89-92, none exact), a file extension only the first
    reading ended with (:func:`_extension_lost`), and a number of the path the first reading counted
    otherwise, or a title's capital it read small (:func:`figures_miscounted`, :func:`title_capitals`)."""
    first = _first_reading(words)
    if first == "".join(w.original for w in words):
        return []
    source, taken = re.sub(r"\s+", "", first).lower(), "".join(w.original for w in words).lower()
    lost = [op.src_pos for op in Levenshtein.editops(source, taken) if op.tag == "delete"]
    kept = sorted(set(range(len(source))) - set(lost))
    runs: list[list[int]] = []
    for at in lost:
        if runs and runs[-1][-1] == at - 1:
            runs[-1].append(at)
        else:
            runs.append([at])
    found = []
    for run in runs:
        before = bisect.bisect_left(kept, run[0])
        if min(before, len(kept) - before) < CONTRADICTION_CONTEXT:
            continue
        text = source[run[0] : run[-1] + 1]
        letters = re.sub(r"[\W_]", "", text)
        beside = (re.sub(r"[\W_]", "", source[: run[0]])[-len(letters) - 1 :],
                  re.sub(r"[\W_]", "", source[run[-1] + 1 :])[: len(letters) + 1])
        repeated = [letters] + ([letters[1:], letters[:-1]] if len(letters) > STUTTER_SLACK else [])
        if re.search(r"[^\W_]{2}", text) and not any(r in b for r in repeated for b in beside):
            found.append(text)
    first_scheme, scheme = (re.match(r"(https?)[:;/]", text) for text in (source.lstrip(EDGE_SPECKS), taken))
    if first_scheme and scheme and first_scheme.group(1) != scheme.group(1):
        found.append(first_scheme.group(1))
    alone = [word.original for before, word in itertools.pairwise(words)  # a line only the second read
             if word.first_reading == "" and before.first_reading is None]
    return found + _read_further(words, taken) + _extension_lost(words, taken) + alone + \
        figures_miscounted(source, taken) + title_capitals(words)


def _first_reading(words: list[Word]) -> str:
    """What the first OCR reading held where ``words`` stand: each word's own, or the stretch a second
    reading replaced (:attr:`pipeline.model.Word.first_reading`)."""
    return "".join(w.original if w.first_reading is None else w.first_reading for w in words)


def title_capitals(words: list[Word]) -> list[str]:
    """A title's capitals only the reading taken saw (:func:`capitals_contradicted`)."""
    first = _first_reading(words)
    return capitals_contradicted(re.sub(r"\s+", "", first), "".join(w.original for w in words))


URL_END = 4
"""How many of the URL's last characters are looked for in the first reading of its last words."""
READ_FURTHER = 15
"""How many more letters and figures than the URL's last words the first reading of them must hold for
the URL to have lost its end: on seeds 71-77 of ``bench/url_scans.py``, 29 URLs, none exact (from 8 on,
one exact of 35)."""


def _read_further(words: list[Word], taken: str) -> list[str]:
    """The first reading of the URL's last words goes on past the URL's end inside the same word
    (``-citoyens-pr`` read first ``-citoyens-prevention``), or holds far more than they do
    (:data:`READ_FURTHER`: ``esse`` read first ``reussite-educative/intervenants-…``): the URL as taken
    was cut short."""
    last, first = _last_first_reading(words)
    if not first:
        return []
    if _letters(first) - _letters("".join(w.original for w in words[last:])) >= READ_FURTHER:
        return [first]
    end = taken[-URL_END:]
    at = first.lower().rfind(end) if len(end) == URL_END else -1
    further = first[at + URL_END :] if at >= 0 else ""
    return [(end + further.split()[0]).rstrip(TRAILING)] if re.match(r"[-/%._=?&#]*[^\W_]", further) else []


FIRST_ENDING = re.compile(r"\.[a-z!|}\]]{2,5}[" + re.escape(TRAILING) + "]*$")
"""A file extension as the first reading may leave it at the end of a URL's last word (``.hrni`` for
``.html``): a dot, then small letters or marks that look like ``l``."""


def _extension_lost(words: list[Word], taken: str) -> list[str]:
    """The first reading of the URL's last words ends with a file extension's shape
    (:data:`FIRST_ENDING`) that the URL as taken has none of: its extension was lost or read as a word
    (``-prefer.hrni`` read again ``-prefet-ni``, trusted at 0.67 on seed 282's worst level)."""
    first = _last_first_reading(words)[1]
    ending = FIRST_ENDING.search(first.split()[-1]) if first and first.split() else None
    return [ending.group()] if ending and not FILE_ENDING.search(taken.rstrip(TRAILING)) else []


def _last_first_reading(words: list[Word]) -> tuple[int, str | None]:
    """The last of the URL's words a stretch read again opens (the others it holds have ``""``), and what
    the first reading had there."""
    last = len(words) - 1
    while last >= 0 and words[last].first_reading == "":
        last -= 1
    return last, words[last].first_reading if last >= 0 else None


def _letters(text: str) -> int:
    """How many letters and figures ``text`` holds."""
    return sum(c.isalnum() for c in text)
