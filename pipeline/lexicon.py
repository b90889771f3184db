"""The dictionaries: domain words, acronyms, places, the user layer and a general lexicon.

API used by the other stages (keep it stable):
  ``load(dictionaries) -> Lexicon`` (cached per process; :mod:`pipeline.process` loads it and
  passes it to the stages),
  ``Lexicon.is_word(token)``, ``Lexicon.frequency(token)``, ``Lexicon.place(token)``,
  ``Lexicon.is_acronym(token)``, ``dictionary_version(dictionaries)``.

Files (see ``dictionaries/README.md``): ``general.tsv.gz`` (French words with frequencies,
built by ``scripts/build_lexicon.py``), ``domain.txt``, ``acronyms.txt``, ``places.txt`` and
``user.txt`` (one entry a line, ``#`` starts a comment). The built index is kept in the user's cache
folder (:mod:`pipeline.derived`), keyed by this code and the dictionary version, so a second process
loads it quickly.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.derived import kept
from pipeline.errors import BadDictionary
from pipeline.text import fold

GENERAL = "general.tsv.gz"
DOMAIN_FREQUENCY = 50_000
"""Domain words rank like common words: they are what these documents are about."""
PLACE_FREQUENCY = 1_000
USER_FREQUENCY = 1_000
_HERE = Path(__file__)
BUILDER = hashlib.sha256(_HERE.read_bytes() + _HERE.with_name("text.py").read_bytes()).hexdigest()[:8]
"""Hash of this module and of the folding it indexes by: a cached index built by other code
(another shape or other rules) is not read."""


@dataclass(eq=False)
class Lexicon:
    """The words, acronyms, places and names the stages look up; data and lookups only.

    Compared by identity (``eq=False``), so a consumer may key its own memo by the lexicon it was
    given (the corrector's and the URL repair's memos live and die with their lexicon)."""

    frequencies: dict[str, int] = field(default_factory=dict)
    """Lower-cased word → frequency (general lexicon and domain words)."""
    acronyms: set[str] = field(default_factory=set)
    places: dict[str, str] = field(default_factory=dict)
    """Casefolded place name → canonical spelling (``lille`` → ``Lille``)."""
    domain: set[str] = field(default_factory=set)
    """Lower-cased words of the domain and user dictionaries and of place names."""
    folded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``fold(word)`` → the known words with that folding, most frequent first."""
    keys: list[str] = field(default_factory=list)
    """The keys of ``folded``, sorted: a prefix search by bisection, with no trie to build."""
    version: str = ""
    """The dictionary version this index was built from (set by :func:`load_uncached`)."""
    names: set[str] = field(default_factory=set)
    """Casefolded first names and surnames (``names.txt``): never corrected, whatever the lexicon lacks."""
    folded_places: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """``fold(place)`` → canonical spelling (kept in the index; see :meth:`folded_place_names`)."""

    def is_word(self, token: str) -> bool:
        """A known word, whatever its case."""
        return token.lower() in self.frequencies or token in self.acronyms

    def frequency(self, token: str) -> int:
        return self.frequencies.get(token.lower(), 0)

    def is_acronym(self, token: str) -> bool:
        return token in self.acronyms

    def place(self, name: str) -> str | None:
        """The canonical spelling of a known place name, else None."""
        return self.places.get(name.casefold())

    def place_folded(self, name: str) -> str | None:
        """The canonical spelling of a place whatever its accents (``Boulogne-sur-Mér``), else None:
        the fallback when :meth:`place` fails on an accent OCR added or lost."""
        return self.folded_place_names().get(fold(name))

    def folded_place_names(self) -> dict[str, str]:
        """``fold(place)`` → canonical spelling, for every place; built here for a lexicon made
        without its index."""
        if not self.folded_places and self.places:
            for key, canonical in self.places.items():
                self.folded_places.setdefault(fold(key), canonical)
        return self.folded_places

    def is_name(self, token: str) -> bool:
        """A person's first name or surname of the names list, whatever its case."""
        return token.casefold() in self.names

    def has_prefix(self, folded_prefix: str) -> bool:
        """Whether some known word's folding starts with ``folded_prefix``."""
        i = bisect_left(self.keys, folded_prefix)
        return i < len(self.keys) and self.keys[i].startswith(folded_prefix)

    def words_opening(self, folded_prefix: str) -> list[str]:
        """The known words whose folding starts with ``folded_prefix`` (a lexicon made by hand, with no
        index of its own, is indexed for the call)."""
        index = self.folded or fold_index(self.frequencies)
        keys = self.keys or sorted(index)
        out: list[str] = []
        i = bisect_left(keys, folded_prefix)
        while i < len(keys) and keys[i].startswith(folded_prefix):
            out += index[keys[i]]
            i += 1
        return out

    def next_letters(self, folded_prefix: str) -> str:
        """The letters that follow ``folded_prefix`` in some known word (a trie node's children).

        One bisection per letter found, jumping over every key that shares it, so a deep
        prefix costs one or two bisections instead of one per letter of the alphabet. Not memoised
        here: the corrector, which walks the same nodes again and again, keeps its own memo.
        """
        keys, depth, found = self.keys, len(folded_prefix), []
        i = bisect_left(keys, folded_prefix)
        while i < len(keys) and keys[i].startswith(folded_prefix):
            key = keys[i]
            if len(key) == depth:
                i += 1
                continue
            letter = key[depth]
            found.append(letter)
            i = bisect_left(keys, folded_prefix + chr(ord(letter) + 1), i)
        return "".join(found)


def dictionary_files(dictionaries: Path) -> list[Path]:
    """The dictionary files whose content makes the dictionary version (README excluded)."""
    return sorted(p for p in [*dictionaries.glob("*.txt"), *dictionaries.glob("*.tsv"),
                              *dictionaries.glob("*.tsv.gz")] if p.is_file())


def dictionary_version(dictionaries: Path) -> str:
    """A short hash of the dictionaries' contents: it changes when any entry changes."""
    digest = hashlib.sha256()
    for path in dictionary_files(dictionaries):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def entries(text: str) -> list[str]:
    """The entries of a dictionary file: one a line, ``#`` starts a comment, blanks ignored."""
    out = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return out


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode's Cc) but tab, line ends and form feed: what no word list holds."""


def read_word_list(path: Path) -> str:
    """A word list's text as people save it: UTF-8 with or without a byte-order mark, UTF-16 with
    one, else Windows-1252 (what "ANSI" means on a French Windows; Latin-1's letters included);
    line ends of any kind. Anything else (binary, another alphabet's code page that decodes to
    control characters) is refused with the file's name rather than guessed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadDictionary(f"{path}: cannot read this word list ({exc.strerror or exc})") from None
    candidates = ("utf-16", "utf-8-sig", "cp1252") if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
        else ("utf-8-sig", "cp1252")
    for encoding in candidates:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(encoding)
            if not _CONTROL.search(text):
                return text
    raise BadDictionary(f"{path}: not a text file in a known encoding; save it as UTF-8")


def check(dictionaries: Path, user_words: Path | None = None) -> None:
    """Raise :class:`BadDictionary` when the folder is missing, holds no dictionary, or a word list
    (``user_words`` included) cannot be read: without them the corrector would run silently with an
    empty lexicon."""
    if user_words is not None:
        read_word_list(user_words)
    if not dictionaries.is_dir():
        raise BadDictionary(f"the dictionary folder {dictionaries} does not exist")
    if not (dictionaries / GENERAL).is_file():
        raise BadDictionary(f"the dictionary folder {dictionaries} has no {GENERAL} (the French lexicon)")
    for path in dictionary_files(dictionaries):
        if path.suffix == ".txt":
            read_word_list(path)


def _read_entries(path: Path) -> list[str]:
    return entries(read_word_list(path)) if path.is_file() else []


def _read_general(path: Path) -> dict[str, int]:
    if not path.is_file():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = (line.rstrip("\n").split("\t") for line in handle)
        return {word: int(count) for word, count in rows}


def _add_words(frequencies: dict[str, int], domain: set[str], phrase: str, frequency: int) -> list[str]:
    """Each word of a phrase (``contrat de ville``, ``Val-de-Sambre``) becomes known; the keys added."""
    keys = [word.lower() for word in phrase.replace("-", " ").replace("'", "' ").split()]
    if "-" in phrase or "'" in phrase:
        keys.append(phrase.lower())
    for key in keys:
        frequencies[key] = max(frequencies.get(key, 0), frequency)
        domain.add(key)
    return keys


PLACE_FILES = ("places.txt", "communes.txt", "intercommunalites.txt", "departements.txt", "regions.txt")
"""Hand-written places first (their spelling wins, and only they are correction targets: a
person's name one accent away from one of 3,700 small communes stays as printed), then the
generated COG lists, which places are found and protected with."""


def build(dictionaries: Path) -> Lexicon:
    """Read every dictionary file and build the lookup index (pure but for reading the files)."""
    frequencies = _read_general(dictionaries / GENERAL)
    domain: set[str] = set()
    for entry in _read_entries(dictionaries / "domain.txt"):
        _add_words(frequencies, domain, entry, DOMAIN_FREQUENCY)
    for entry in _read_entries(dictionaries / "user.txt"):
        _add_words(frequencies, domain, entry, USER_FREQUENCY)
    acronyms = {entry.split()[0] for entry in _read_entries(dictionaries / "acronyms.txt")}
    acronyms |= {e for e in _read_entries(dictionaries / "user.txt") if e.isupper() and len(e) > 1}
    places: dict[str, str] = {}
    for file in PLACE_FILES:
        for name in _read_entries(dictionaries / file):
            places.setdefault(name.casefold(), name)
            places.setdefault(name.replace("-", " ").casefold(), name)
            if file == PLACE_FILES[0]:  # only hand-picked places are targets for corrections
                _add_words(frequencies, domain, name, PLACE_FREQUENCY)
    names = {name.casefold() for name in _read_entries(dictionaries / "names.txt")}
    folded = fold_index(frequencies)
    lexicon = Lexicon(frequencies, acronyms, places, domain, folded, sorted(folded), names=names)
    lexicon.folded_place_names()  # folding 50,000 place names is 0.1 s: done once, in the index
    return lexicon


def fold_index(frequencies: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """``fold(word)`` → the words with that folding, most frequent first (:attr:`Lexicon.folded`)."""
    buckets: dict[str, list[str]] = {}
    for word in frequencies:
        buckets.setdefault(fold(word), []).append(word)
    return {k: tuple(sorted(v, key=lambda w: -frequencies[w])) for k, v in buckets.items()}


def _fields(lexicon: Lexicon) -> tuple:
    """The lexicon as a tuple of plain containers: pickles load them twice as fast as a dataclass."""
    return (lexicon.frequencies, lexicon.acronyms, lexicon.places, lexicon.domain, lexicon.folded,
            lexicon.keys, lexicon.names, lexicon.folded_places)


def _from_fields(fields: tuple, version: str) -> Lexicon:
    *data, names, folded_places = fields
    return Lexicon(*data, names=names, version=version, folded_places=folded_places)


def load_uncached(dictionaries: Path, cache_dir: Path | None = None) -> Lexicon:
    """The lexicon from the index of this dictionary version kept in the user's cache folder
    (:mod:`pipeline.derived`), built and kept when missing."""
    version = dictionary_version(dictionaries)
    fields = kept("lexicon", f"{BUILDER}-{version}", lambda: _fields(build(dictionaries)), cache_dir)
    return _from_fields(fields, version)


def load(dictionaries: Path, user_words: Path | None = None) -> Lexicon:
    """The lexicon of these dictionaries, with the archivists' ``user_words`` file when given, built
    once a process for each content: a process that lives on (a worker forked from a server that
    loaded it, a Dask worker) loads it again when a file changed, never answers with the old words."""
    dictionaries, user_words = Path(dictionaries), None if user_words is None else Path(user_words)
    with _LOADING:  # two threads asking at once (OCR's and the stages' loaders) load it once
        return _load(dictionaries, user_words, words_version(dictionaries, user_words))


_LOADING = threading.RLock()


@lru_cache(maxsize=4)
def _load(dictionaries: Path, user_words: Path | None, version: str) -> Lexicon:
    if user_words is None:
        return load_uncached(dictionaries)
    words = entries(read_word_list(user_words))
    return with_user_words(load(dictionaries), words, version)


# --- the archivists' own words, kept outside the package (--user-words, FICHES_USER_WORDS) ---------


def words_version(dictionaries: Path, user_words: Path | None) -> str:
    """The dictionary version a document records: the dictionaries', followed by a hash of the user
    words' entries when there are any (saved again with other line ends, the version stays)."""
    version = dictionary_version(dictionaries)
    if user_words is None:
        return version
    words = "\n".join(entries(read_word_list(user_words)))
    return f"{version}+{hashlib.sha256(words.encode('utf-8')).hexdigest()[:8]}"


def with_user_words(base: Lexicon, words: list[str], version: str) -> Lexicon:
    """``base`` and ``words`` (entries of a user word list), as a new lexicon: known words ranked as
    ``user.txt``'s, capitalised ones acronyms too. ``base`` is left as it is (its containers are
    copied, their strings shared)."""
    frequencies, domain = dict(base.frequencies), set(base.domain)
    added = {key for entry in words for key in _add_words(frequencies, domain, entry, USER_FREQUENCY)}
    folded = dict(base.folded)
    for word in (w for w in added if base.frequencies.get(w) != frequencies[w]):
        key = fold(word)
        folded[key] = tuple(sorted({*folded.get(key, ()), word}, key=lambda w: -frequencies[w]))
    acronyms = base.acronyms | {e for e in words if e.isupper() and len(e) > 1}
    keys = sorted(folded) if len(folded) != len(base.folded) else base.keys
    return Lexicon(frequencies, acronyms, base.places, domain, folded, keys, version=version,
                   names=base.names, folded_places=base.folded_place_names())
