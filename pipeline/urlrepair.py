"""URL repair: a URL as it was printed, rebuilt from what OCR read of it (scheme, ``www``, host, marks,
percent escapes, path words, extension). :mod:`pipeline.urls` finds the URLs and joins their pieces;
:mod:`pipeline.urlmodel` says how plausible the result is.
"""

from __future__ import annotations

import re
import string

from rapidfuzz.distance import Levenshtein

from pipeline import urlhosts, urlmodel, urlpaths, urlwords
from pipeline.lexicon import Lexicon
from pipeline.urlescapes import fix_escaped_words, fix_escapes
from pipeline.urlfiles import (
    COMMON_EXTENSIONS,
    DOCUMENT,
    EXTENSION,
    EXTENSION_SHAPE,
    EXTENSIONS,
    likely_extension,
)
from pipeline.urlmodel import URL_CHARS
from pipeline.urlshapes import (
    COMMON_SUFFIX,
    GARBLED_SCHEME,
    SCHEME,
    SLASH_GLYPHS,
    SUFFIX_LABEL,
    TLDS,
    WWW,
    trimmed,
)
from pipeline.urlwords import fix_words, folded_weights, strip_accents


def clean_url(raw: str, lexicon: Lexicon | None = None, hosts: frozenset[str] = frozenset(),
              sure_host: bool = False) -> str:
    """The URL as it was printed, rebuilt from its OCR'd form.

    Fixes the scheme (``hüps:/`` → ``https://``, ``bups:/`` too), a ``www`` OCR garbled or
    framed with specks (``Awww.``, ``mmw.``, ``wwwvilledelens``), a host one letter from a known
    one (``data.souv.fr`` → ``data.gouv.fr``, :mod:`pipeline.urlmodel`), a lost slash after
    the domain, characters no URL holds, percent escapes (``%?20``, ``%2O``, ``#20`` → ``%20``,
    ``%201a`` → ``%20la``; escapes that must decode to a French word: ``R%C3%ABglement`` →
    ``R%C3%A8glement``), accents OCR put on path letters, path words one confusion away from
    a known word (``Politigue`` → ``Politique``) when a lexicon is given, and an extension one
    letter from a known one (``.paf`` → ``.pdf``). ``sure_host``: OCR read the host with confidence,
    so it stays as read even one letter from a known host (``www.ville.fr`` is no ``www.lille.fr``).
    """
    url = trimmed(re.sub(r"\s+", "", raw))
    url = url.replace("-_", "-")  # a speck read as ``_`` where a hyphenated line resumes
    scheme = SCHEME.match(url) or GARBLED_SCHEME.match(url)
    if scheme:
        letters = re.sub(r"[^a-z]", "", scheme.group(0).lower())
        fixed = "https://" if "s" in letters[2:] else "http://"
        printed = scheme.group(0)
        # A scheme's and a host's case mean nothing: printed in capitals, they stay so (no harm).
        fixed = printed if printed.lower() == fixed else fixed
        after = url[scheme.end() :]
        stripped = after.lstrip(":/;.,|")
        slashes = sum(c in "/|" for c in printed + after[: len(after) - len(stripped)])
        url = fixed + stripped
        head = url[: url.index("//") + 2]
    else:
        head, slashes = "", 2
    rest = url[len(head) :]
    rest = _slashes_read(rest, 2 - slashes, lexicon) if head else rest
    rest = _www(rest, lexicon) if head or WWW.match(rest) else rest
    host, slash, path = rest.partition("/")
    port = re.search(r":\d{1,5}$", host)  # ``intranet.x.fr:8080``: printed so, kept
    host, port = (host[: port.start()], port.group()) if port else (host, "")
    host = HOST_MARK.sub(".", host)
    host = _host_dots(host)
    split, path = _split_host(host, slash, path)
    if split != host and lexicon is not None and lexicon.frequencies:
        path = _slash_read_as_letter(path, lexicon)
    host = split
    plain = strip_accents(host)
    host = plain.lower() if sure_host else _www_label(_fix_host(plain.lower(), hosts), hosts, lexicon)
    host = _home_suffix(host, hosts) if slash else host
    host = plain if host == plain.lower() and plain.isupper() else host  # ``Sig.ville``: a misread
    path = _suffix_read_again(host, path)
    if urlmodel.ESCAPES.search(path):
        path = PERCENT_READ.sub("%", path)  # ``Appel®é20%C3%A0``: what OCR made of a ``%``, before it goes
    path = _fix_extension(strip_accents(path))  # before marks go: ``.htm}`` is ``.html``, not ``.htm``
    path = "".join(c for c in path if URL_CHARS.match(c))
    path = re.sub(r"(^|/)['`]+", r"\1", path)  # a speck read as a quote at a segment's start
    path = urlpaths.serif_ones(_slug_colons(path, lexicon))
    if lexicon is not None and lexicon.frequencies:
        path = urlpaths.slug_marks(path, lexicon)
    path = fix_escapes(path)
    if lexicon is not None and lexicon.frequencies:
        path = fix_escaped_words(path, lexicon)
    if lexicon is not None and (lexicon.frequencies or lexicon.places):
        path = fix_words(path, lexicon)
    if lexicon is not None and lexicon.frequencies:
        path = urlpaths.name_case(urlpaths.slug_marks(path, lexicon, mended=True), lexicon)
    path = _glued_extension(_fix_extension(urlpaths.publishing_folders(path)), lexicon)
    return head + host + port + ("/" + path if path or slash else "")


PERCENT_READ = re.compile(r"[^\x00-\x7f]+(?=2[07C](?:%[0-9A-Fa-f]{2}|[A-Za-z]))")
"""Characters no URL holds (it escapes them) before the figures of an escaped space, apostrophe or comma,
in a path that holds escapes: the ``%`` misread (``®é20``)."""
W_GLYPHS = "".join(sorted(urlmodel.W_LIKE))
SLASH_LETTERS = re.compile(rf"^(?:[^\w.]|[{SLASH_GLYPHS}]){{1,2}}(?=[{W_GLYPHS}]{{2}}|[a-z][a-z0-9-]+\.)")
"""What OCR read of the ``//`` after a scheme, left before the host: marks, or letters shaped like a
slash (``liwww.``, ``{vww.``, ``Jfagence-``)."""
WWW_REMNANT = re.compile(r"^(?=[A-Za-z]{0,1}[A-Zu])[A-Za-z]{1,2}[.,](?=[a-z][a-z0-9-]*\.[a-z])")
"""What is left of a ``www`` and the slashes before it (``IN.``, ``FN.``, ``hu.``): one or two letters, a
capital or a ``u`` among them (no host's first label is that: ``fr.``, ``en.`` are small letters)."""


def _slashes_read(rest: str, lost: int = 0, lexicon: Lexicon | None = None) -> str:
    """The host after a scheme, without what OCR made of the slashes before it: ``liwww.`` → ``www.``,
    ``Jfagence-cohesion-territoires`` → ``agence-cohesion-territoires`` (a letter is dropped only where
    a garbled ``www`` follows, or a known site's host); ``IN.amiens.fr`` → ``www.amiens.fr``. When the
    scheme is followed by ``lost`` slashes too few, that many letters shaped like a slash opening a
    first label no word, before a label the lexicon knows, are the slashes (``https:/isig.ville`` →
    ``sig.ville``; ``https:/intranet.`` stays)."""
    read = re.match(rf"[{SLASH_GLYPHS}]{{1,{lost}}}(?=[a-z])", rest) if lost > 0 else None
    if read and lexicon is not None:
        label, cut = rest.split(".", 1)[0], rest[read.end() :].split(".", 1)[0]
        if "." in rest and not _known_label(label, lexicon) and _known_label(cut, lexicon):
            return rest[read.end() :]
    mark = SLASH_LETTERS.match(rest)
    if mark:
        cut = rest[mark.end() :]
        host = cut.split("/")[0].lower()
        domain = urlhosts.registrable(host)
        known = urlhosts.known_hosts()
        as_read = urlhosts.registrable(rest.split("/")[0].lower())
        if all(c in urlmodel.W_LIKE for c in cut[:2]) or domain in known and as_read not in known:
            return cut
    remnant = WWW_REMNANT.match(rest)
    return "www." + rest[remnant.end() :] if remnant else rest


def _known_label(label: str, lexicon: Lexicon) -> bool:
    """A host's label that is a word, an acronym or a place the lexicon knows."""
    return lexicon.is_word(label) or lexicon.is_acronym(label.upper()) or lexicon.place(label) is not None


def _www(rest: str, lexicon: Lexicon | None) -> str:
    """``www.`` where OCR framed it with a speck (``Awww.``), garbled its letters (``mmw.``, ``Awmw.``),
    lost its dot or read the dot as a mark or a letter (``wwwvilledelens``, ``www:ville``,
    ``wwwsreseau``); a one-letter label after it is a ``w`` read twice (``www.w.oise``)."""
    if rest.lower().startswith("www."):
        return rest[:4] + re.sub(r"^[a-z]\.(?=[a-z][\w-]+\.)", "", rest[4:])  # as printed, any case
    for offset in (0, 1):
        window = rest[offset : offset + 3]
        if len(window) == 3 and set(window) <= urlmodel.W_LIKE and "w" in window.lower():
            break
    else:
        return rest
    after = re.sub(rf"^[{urlmodel.W_READ}]+(?=\.)", "", rest[offset + 3 :])  # ``wWww.``: a ``w`` read twice
    if window == "www" and after[:1] == "-":
        return rest  # ``www-sop.inria.fr`` is a host as printed; :func:`_www_label` knows the sites
    if after[:1] in ".,:;'`-":
        return "www." + after[1:]
    if re.match(r"^[a-z]\.[a-z][\w-]+\.", after):
        return "www." + after[2:]  # ``wwwr.villedelens.fr``: a speck read as a letter after ``www``
    if after[:1].isalpha() and lexicon is not None:
        kept, dropped = re.split(r"[.-]", after)[0].lower(), re.split(r"[.-]", after[1:])[0].lower()
        weights = folded_weights(lexicon)
        if dropped in weights and kept not in weights and len(dropped) >= 4:
            return "www." + after[1:]  # a dot read as a letter: ``wwwsreseau-national``
    return "www." + after


HOST_MARK = re.compile(r"(?<=[A-Za-z0-9])[:_,;](?=" + COMMON_SUFFIX + "$)", re.IGNORECASE)
"""A host holds no mark but dots and hyphens: one before its last label, a public suffix, is its dot
misread (``cerema:fr``, ``caf_fr``)."""


HOST_DOT = re.compile(
    rf"(?<=\.)[,;:]|[,;:](?=\.)|(?<=^www)[,;:]|[,;:](?={SUFFIX_LABEL}(?:[.,;:]|$))|[,;:](?=[A-Za-z]{{1,3}}$)",
    re.IGNORECASE)
"""A mark OCR read for a host's dot: beside a dot, after ``www``, before a public suffix's label or the
host's last label of three letters or fewer, its top-level label however misread (``hautsdefrance,f``)."""
SUFFIX_READ = (re.compile(r"(?<=[A-Za-z0-9])[-_](?=" + COMMON_SUFFIX + "$)", re.IGNORECASE),
               re.compile(r"(?<=gouv)(?=fr$)", re.IGNORECASE))
"""A public suffix whose dot OCR read as a hyphen (``www.cat-fr``) or lost (``gouvfr``)."""


def _host_dots(host: str) -> str:
    """A host holds no mark but dots and hyphens (and a port's colon): a comma, a colon or a semicolon
    beside a dot, after a ``www`` or before a public suffix's label is a dot misread (``sig,.ville``,
    ``www,ville``, ``www.ville,gouv.fr``); elsewhere it may be a hyphen (``abbe:pierre``), and stays for
    the URL model to doubt. A host with no public suffix gets the one a hyphen or a lost dot hid
    (``sante-fr``, ``gouvfr``)."""
    host = re.sub(HOST_DOT, ".", host)
    host = re.sub(r"\.{2,}", ".", host).strip(".")
    if urlhosts.suffix(host) is None:
        for mark in SUFFIX_READ:
            dotted = mark.sub(".", host, count=1)
            if urlhosts.suffix(dotted) is not None:
                return dotted
    return host


SLUG_COLON = re.compile(r"(?<=[a-z0-9])-?:-?(?=[a-z0-9])")
"""A colon between a slug's small letters or figures, maybe beside a hyphen (``fonds:-de``)."""


def _slug_colons(path: str, lexicon: Lexicon | None) -> str:
    """A colon in a slug (a segment whose words hyphens part, in small letters) is no printed
    character: sites write none there. Beside a hyphen or a figure it is a hyphen misread
    (``-cadre:2023``, ``ionnel:-capi``); between letters, a speck inside a word when together they
    make a known word (``thematiq:ues``), or a hyphen between two known words (``relogement:prioriser``),
    else it stays for the URL model to doubt (``nouve:le``: a letter lost). The query and the fragment,
    and a segment with capitals (``Fichier:Plan``), keep theirs."""
    query = re.search(r"[?#]", path)
    head, tail = (path[: query.start()], path[query.start() :]) if query else (path, "")
    weights = folded_weights(lexicon) if lexicon is not None and lexicon.frequencies else {}

    def fix(segment: str) -> str:
        if "-" not in segment or segment != segment.lower():
            return segment

        def one(match: re.Match[str]) -> str:
            left = re.search(r"[a-z]*$", segment[: match.start()]).group()  # type: ignore[union-attr]
            right = re.match(r"[a-z]*", segment[match.end() :]).group()  # type: ignore[union-attr]
            if match.end() + len(right) == len(segment) and EXTENSIONS & {right}:
                return "."  # ``maisons-de-projet:pdf``: the extension's dot
            if match.group() != ":" or not (left and right):
                return "-"  # beside a hyphen or a figure: ``fonds:-de``, ``cadre:2023``
            if weights.get(left + right, 0) > 0:
                return ""
            if any(weights.get(left + letter + right, 0) > 0 for letter in string.ascii_lowercase):
                return match.group()  # ``nouve:le``: a letter lost
            return "-" if weights.get(left, 0) > 0 and weights.get(right, 0) > 0 else match.group()
        return SLUG_COLON.sub(one, segment)
    return "/".join(fix(segment) for segment in head.split("/")) + tail


HOME_SUFFIX = "fr"
"""The public suffix of the archive's sites: a last label no list holds, one letter from it, is it
misread (``gouv.ft``, ``villedelens.r``)."""


def _fix_host(host: str, hosts: frozenset[str]) -> str:
    """A host whose registrable domain is one letter from a known one takes the known one; a known one
    after a ``www`` OCR garbled and glued to it (``hwwanru.fr``, or read twice: ``www.wwwirev.fr``) is that
    ``www`` and the known host."""
    labels = host.split(".")
    if len(labels) > 1 and not urlhosts.suffix(host) and Levenshtein.distance(labels[-1], HOME_SUFFIX) == 1:
        host = ".".join([*labels[:-1], HOME_SUFFIX])
    domain = urlhosts.registrable(host)
    if domain is None:
        return host
    known = urlhosts.known_hosts() | hosts
    if domain not in known and (joined := _dot_inside_label(host, known)):
        return joined
    if domain not in known and host in (domain, "www." + domain):
        for k in range(2, 5):
            if sum(c in urlmodel.W_LIKE for c in domain[:k]) >= 2 and domain[k:] in known:
                return "www." + domain[k:]
    near = urlhosts.closest_host(domain, hosts) or _lettered_host(domain, known)
    return host[: -len(domain)] + near if near else host


def _suffix_read_again(host: str, path: str) -> str:
    """``oise.gouv.fr/ifr/wp-content/``: the host's last label read again as the path's first folder, its
    dot read as a letter (seeds 191 and 197 of ``bench/url_scans.py``); a site's language folder
    (``/fr/``) stays."""
    first, slash, rest = path.partition("/")
    suffix = host.rsplit(".", 1)[-1].lower()
    again = "." in host and re.fullmatch(rf"[il1|]{re.escape(suffix)}", first)
    return rest if slash and rest and again else path


def _lettered_host(domain: str, known: frozenset[str]) -> str | None:
    """``0lse.gouv.fr``: a known site's host, or one letter from one, once the figures of its name are read
    as the letters they look like (:data:`pipeline.urlwords.FIGURE_LETTERS`); ``cg59.fr`` stays."""
    name, dot, rest = domain.partition(".")
    lettered = name.translate(urlwords.FIGURE_LETTERS).lower() + dot + rest
    if lettered == domain or not dot:
        return None
    return lettered if lettered in known else urlhosts.closest_host(lettered, known)


def _dot_inside_label(host: str, known: frozenset[str]) -> str | None:
    """``www.som.me.fr``: a speck read as a dot inside a label (not the ``www``'s, nor the suffix's): the
    host without it, when one such dot leaves a known site's host, or one letter from one
    (``fondae.tion-abbe-pierre.fr``: a speck and a misread letter)."""
    labels = host.split(".")
    joined = {".".join([*labels[:k], labels[k] + labels[k + 1], *labels[k + 2 :]])
              for k in range(labels[0] == "www", len(labels) - 2)}
    found = [other for other in joined if urlhosts.registrable(other) in known]
    if not found:
        near = {other: (domain, urlhosts.closest_host(domain, known)) for other in joined
                if (domain := urlhosts.registrable(other))}
        found = [other[: -len(domain)] + site for other, (domain, site) in near.items() if site]
    return found[0] if len(found) == 1 else None


def _home_suffix(host: str, hosts: frozenset[str]) -> str:
    """``www.insee/IMG/pdf``: a host with no public suffix, a path after it, whose name with the archive's
    suffix (:data:`HOME_SUFFIX`) is a site a list knows, lost that suffix (its dot and letters faint). A host
    alone is left: a line break may have cut it anywhere (``www.nord``)."""
    if urlhosts.suffix(host) is not None or not re.fullmatch(r"[a-z0-9.-]+", host):
        return host
    glued = host.removesuffix(HOME_SUFFIX)  # or its dot lost: ``www.fondation-abbe-pierrefr``
    for whole in (f"{host}.{HOME_SUFFIX}", f"{glued}.{HOME_SUFFIX}"):
        if urlhosts.registrable(whole) in urlhosts.known_hosts() | hosts:
            return whole
    return host


def _www_label(host: str, hosts: frozenset[str], lexicon: Lexicon | None, twice: bool = False) -> str:
    """``ww.nord.gouv.fr``, ``janw.reseau-national-crpv.org``: a first label of two to six letters, two
    of them shaped like a ``w`` (one a ``w``, or most of them: ``mnann``), no word, before a site a list
    knows (nothing between), is the ``www`` OCR garbled, its dot maybe read as a hyphen
    (``wurw-pas-de-calais.gouv.fr``); ``news.``, ``web.`` are words and stay. After a ``www`` (``twice``:
    read twice, once garbled) the site may be a known one's (``www.ww-hauts-de-france.ars.sante.fr``). A
    ``www`` glued to the specks before it (``avirwww.education.gouv.fr``: the scheme's slashes) is that
    ``www``."""
    known = urlhosts.known_hosts() | hosts
    head, dash, tail = host.partition("-")
    if dash and "." not in head and urlhosts.registrable(tail) in known and \
            _www_label(f"{head}.{tail}", hosts, lexicon, twice) == f"www.{tail}":
        return f"www.{tail}"
    first, _, rest = host.partition(".")
    if first == "www" and rest.count(".") > 1:  # read twice, once garbled: ``www.wvi.irev.fr``
        again = _www_label(rest, hosts, lexicon, twice=True)
        return again if again != rest else host
    domain = urlhosts.registrable(rest)
    site = domain in known if twice else domain == rest and rest in known
    if site and (re.fullmatch(r"[a-z]+www", first) or twice and re.fullmatch(r"[a-z]?w[a-z]?", first)):
        return "www." + rest  # ``www.rw.villedelens.fr``: after a ``www``, a ``w`` read again with a speck
    shaped = sum(c in urlmodel.W_LIKE for c in first)
    if first == "www" or not re.fullmatch(r"[a-z]{2,6}", first) or shaped < 2 or not site or \
            "w" not in first and 2 * shaped <= len(first):
        return host
    word = urlwords.english(first) or lexicon is not None and folded_weights(lexicon).get(first, 0) > 0
    return host if word else "www." + rest


MARK_FOR_DOT = re.compile(rf"(.*/[^/.]*[A-Za-z0-9])([-,:;])({EXTENSION_SHAPE.pattern})")
"""A last segment without a dot that ends with a hyphen and a file extension, or a comma, a colon or a
semicolon and a token one letter from one (``2018:pdf``): that mark is the extension's dot misread (a
name's words are parted by ``_``, ``%20`` or ``-``, and no word of a name is ``pdf``; a slug's last word
may be one letter from an extension, ``-dot``, so a hyphen counts only before an extension itself)."""


def _fix_extension(path: str) -> str:
    """``synthese.paf`` → ``synthese.pdf``, ``.htm!`` → ``.html``: an extension no file has, one
    letter (or a mark that looks like one) from exactly one known extension; ``Vie-pdf`` → ``Vie.pdf``
    (:data:`MARK_FOR_DOT`)."""
    mark = MARK_FOR_DOT.fullmatch(path)
    extension = mark.group(3) if mark else ""
    if mark and (EXTENSION.fullmatch(extension) or mark.group(2) != "-" and likely_extension(extension)):
        path = f"{mark.group(1)}.{mark.group(3)}"  # ``Cadre_De_Vie-pdf``, ``urbaine,paf``: the dot misread
    stem, dot, extension = path.rpartition(".")
    if dot and extension.lower() in EXTENSIONS and not (extension.islower() or extension.isupper()):
        return f"{stem}.{extension.lower()}"  # ``.Html``: printed in one case
    kind = urlpaths.spip_folder(path) if dot and "/" not in extension else None
    if kind and extension.lower() != kind and Levenshtein.distance(extension.lower(), kind) <= 2:
        return f"{stem}.{kind}"  # ``IMG/pdf/…bdt``, ``IMG/pdf/…ppt``: SPIP files a document under its type
    if not dot or "/" in extension or extension.lower() in EXTENSIONS:
        return path
    near = likely_extension(extension)
    low = extension.lower()
    if near != DOCUMENT and _document(stem) and low[:1] == DOCUMENT[0] and \
            Levenshtein.distance(low, DOCUMENT) <= (1 if near is None else 2):
        return f"{stem}.{DOCUMENT}"  # ``Fourmies%202019.pat``, ``.pdt``: a document's, no slide show's
    return f"{stem}.{near}" if near else path


GLUED_EXTENSION = re.compile(rf"(?<=[a-z0-9])(?:{'|'.join(COMMON_EXTENSIONS)})$")
"""The commonest extensions (:data:`pipeline.urlfiles.COMMON_EXTENSIONS`) glued to a name's last word."""


def _glued_extension(path: str, lexicon: Lexicon | None) -> str:
    """``…-communeshtml``, ``…-2020pdf``: a last segment with no dot that ends with ``html`` or ``pdf``
    right after a word the lexicon knows, or figures, lost the extension's dot (no word ends so)."""
    name = path.rpartition("/")[2]
    glued = GLUED_EXTENSION.search(name)
    if glued is None or "." in name or lexicon is None:
        return path
    word = re.split(r"[-_]|%20", name[: glued.start()])[-1]
    if word.isdigit() or len(word) >= 3 and folded_weights(lexicon).get(word.lower(), 0) > 0:
        return f"{path[: len(path) - len(glued.group())]}.{glued.group()}"
    return path


def _document(stem: str) -> bool:
    """The URL names a document: a file name with escaped spaces, or a file in a folder that serves files
    (``downloads/``, ``uploads/``: :data:`pipeline.urlmodel.FILE_FOLDERS`)."""
    folders, _, name = stem.rpartition("/")
    return "%20" in name or bool(urlmodel.FILE_FOLDERS & {f.lower() for f in folders.split("/")})


SLASH_READ = "il1I|"
"""Letters OCR reads for a slash, glued to the word after it."""


def _slash_read_as_letter(path: str, lexicon: Lexicon) -> str:
    """``gouv.frivie-citoyenne``: the slash lost after the suffix was read as a letter, glued to the path's
    first word; dropped when the word is known without it and unknown with it."""
    word = re.match(r"[A-Za-z]+", path)
    if not word or len(word.group()) < 4 or path[0] not in SLASH_READ:
        return path
    weights = folded_weights(lexicon)
    with_it, without = word.group().lower(), word.group()[1:].lower()

    def known(word: str) -> bool:
        return weights.get(word, 0) >= urlwords.UNKNOWN_TO_KNOWN

    # the next slash may be read as a letter too (``gouv.frithematiquesiville-``): a known word before it
    opens = known(without) or any(known(without[:k]) and without[k] in SLASH_READ
                                  for k in range(urlwords.SLASH_WORD, len(without) - 1))
    return path[1:] if opens and weights.get(with_it, 0) == 0 else path


def _split_host(host: str, slash: str, path: str) -> tuple[str, str]:
    """``irev.frthematiques`` → ``irev.fr`` + ``thematiques``: the slash after the TLD was lost; with no
    slash after it either, the file's extension is read as a label (``gouv.frithematiques-ville.htmi``)."""
    labels = host.split(".")
    if urlhosts.suffix(host) is not None:
        return host, path
    for k, label in enumerate(labels[1:], 1):
        if label.lower() in TLDS:
            continue
        for tld in sorted(TLDS, key=len, reverse=True):
            ends_host = k == len(labels) - 1 or urlhosts.suffix(".".join(labels[:k]) + "." + tld) is not None
            if label.lower().startswith(tld) and len(label) > len(tld) + 2 and ends_host:
                cut = len(".".join(labels[:k])) + 1 + len(tld)
                second = _second_label(host[:cut], host[cut:])
                head = f"{host[:cut]}.{host[cut : cut + second]}" if second else host[:cut]
                return head, host[cut + second :] + (slash + path if slash else "")
    return host, path


def _second_label(host: str, rest: str) -> int:
    """How long the suffix's second label is that opens ``rest`` (``fr`` of ``frsites``: the dots and the
    slash around it lost in ``gouvfrsites``) when ``host`` needs it for a public suffix; else 0."""
    if urlhosts.suffix(host) is not None:
        return 0
    return next((len(tld) for tld in sorted(TLDS, key=len, reverse=True) if rest.lower().startswith(tld)
                 and len(rest) > len(tld) and urlhosts.suffix(f"{host}.{rest[: len(tld)]}") is not None), 0)
