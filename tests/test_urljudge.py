"""How far a URL is trusted, on URLs and readings written for these tests."""

from __future__ import annotations

from pipeline import urljudge, urlmisreads
from pipeline.lexicon import Lexicon, load
from pipeline.model import UrlStatus, Word
from pipeline.settings import DEFAULT_DICTIONARIES
from pipeline.urlrepair import clean_url

FRENCH = Lexicon(frequencies={"guide": 5000, "du": 90000, "de": 90000, "conseil": 9000, "ville": 7000,
                              "quartier": 4000})
URL = "https://www.ville.gouv.fr/guide/2174/conseil-de-quartier"


def read_again(first: str, *pieces: str) -> list[Word]:
    """The words a second reading gave in place of the first reading ``first``."""
    return [Word(piece, confidence=95.0, first_reading=first if k == 0 else "")
            for k, piece in enumerate(pieces)]


def as_read(url: str, lexicon: Lexicon) -> UrlStatus:
    """The status of ``url`` read as printed, sure of every word."""
    return urljudge.judge_url(url, url, [Word(url, confidence=95.0)], lexicon)[0]


def test_a_url_whose_first_reading_held_more_of_it_is_doubtful() -> None:
    """A second reading that replaced the first lost what the first saw inside the URL: its figures
    (``21 74`` read again as ``21``), a word (``conseil- de-quartier`` as ``conseil-quartier``), so the
    URL as taken may be short of them."""
    assert urljudge.judge_url(URL, URL, [Word(URL, confidence=95.0)], FRENCH)[0] is UrlStatus.AS_READ
    lost_figures = URL.replace("2174", "21")
    words = read_again("https: www. ville. gouv. fr/guide/21 74/conseil- de-quartier", lost_figures)
    assert urlmisreads.contradicted(words) == ["74"]
    assert urljudge.judge_url(lost_figures, lost_figures, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    lost_word = URL.replace("conseil-de-quartier", "conseil-quartier")
    first = "https://www.ville.gouv.fr/guide/2174/conseil- de-quartier"
    words = read_again(first, lost_word[:-8], "quartier")
    assert urlmisreads.contradicted(words) in (["de-"], ["-de"])
    assert urljudge.judge_url(lost_word, lost_word, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    # a piece of it on a line only the second reading saw (the first reading missed the line whole)
    added = Word("-quartier", confidence=95.0, first_reading="")
    words = [Word(URL[:-8], confidence=95.0), added]
    assert urlmisreads.contradicted(words) == ["-quartier"]
    # one letter tells the two schemes apart: the first reading's ``https`` read again as ``http``
    plain = URL.replace("https", "http")
    words = read_again("https: www. ville. gouv. fr/guide/2174/conseil-de-quartier", plain)
    assert urlmisreads.contradicted(words) == ["https"]
    assert urljudge.judge_url(plain, plain, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    # the first reading of its last word went on past its end: the URL was cut short
    cut = URL.removesuffix("artier")
    words = [Word(cut[:30], confidence=95.0), *read_again("/2174/conseil-de-quartier, ht", cut[30:])]
    assert urlmisreads.contradicted(words) == ["e-quartier"]
    assert urljudge.judge_url(cut, cut, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    words = read_again(URL.replace("https://", "https: ") + "-guide-du", URL)  # on past a hyphen
    assert urlmisreads.contradicted(words) == ["tier-guide-du"]
    # or the first reading of its last word held far more than the word read again
    short = URL[:40] + "seil"
    assert urljudge.judge_url(short, short, [Word(short, confidence=95.0)], FRENCH)[0] is UrlStatus.AS_READ
    words = [Word(URL[:40], confidence=95.0), *read_again("seil-de-quartier/fiches-2015", "seil")]
    assert urljudge.judge_url(short, short, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    assert urlmisreads.contradicted([Word(URL[:40], confidence=95.0), *read_again("/2174/c", URL[40:])]) == []
    # the scheme read again with its colon lost (``https/``) still tells it from the first reading's
    words = read_again("http://www. ville. gouv. fr/guide/2174/conseil-de-quartier", "https/" + URL[8:])
    assert urlmisreads.contradicted(words) == ["http"]
    # the first reading ended with an extension's shape that the URL as taken lacks (``.hrni``: ``-ni``)
    words = read_again(URL + ".hrni", URL + "-ni")
    assert urlmisreads.contradicted(words) == [".hrni"]
    assert urljudge.judge_url(URL + "-ni", URL + "-ni", words, FRENCH)[0] is UrlStatus.DOUBTFUL
    for first in (URL + ".html", URL + ".", URL + " Le"):
        assert urlmisreads.contradicted(read_again(first, URL + ".html")) == [], first


def test_a_first_reading_differing_by_specks_marks_and_its_frame_is_no_contradiction() -> None:
    """What the first reading held around the URL (a label, a speck after it), its marks and spaces,
    a lone letter (a speck), and letters read otherwise are no sign of anything lost."""
    first = "Site : https: IIwww. ville. gouv. fr/guide/2l74/conseil-de-quartier. |"
    words = read_again(first, URL)
    assert urlmisreads.contradicted(words) == []
    assert urljudge.judge_url(URL, URL, words, FRENCH)[0] is UrlStatus.AS_READ
    assert urlmisreads.contradicted([Word(URL, confidence=95.0, first_reading=URL)]) == []
    # a reading that stuttered at a line break (``de- de-``), a speck read after the URL's extension
    first = "https://www.ville.gouv.fr/guide/2174/conseil-de- de- -quartier"
    stutter = read_again(first, URL[:-8], "quartier")
    assert urlmisreads.contradicted(stutter) == []
    page = URL + "/fiche.pdf"
    assert urlmisreads.contradicted(read_again(page.replace("/fiche", "/fi che") + " paf", page)) == []
    repeat = read_again(URL.replace("2174", "2l74%62020. 2020."), URL.replace("2174", "2174%2020."))
    assert urlmisreads.contradicted(repeat) == []  # ``%62020.`` read again, with its misread ``6``


def test_a_slug_opening_with_a_capital_shaped_as_its_small_letter_is_doubtful() -> None:
    """Sites write slugs in small letters: ``Conseil-de-quartier`` is ``conseil-de-quartier`` whose ``c``
    OCR read as a ``C``. A file's title in capitals (``Guide_Du_Conseil``) or a name of two words
    (``Conseil-ville_Guide``) is no such slug, nor a capital without a small look-alike (``Guide``)."""
    for good in (URL, "https://www.ville.gouv.fr/guide/Guide_Du_Conseil.pdf",
                 "https://www.ville.gouv.fr/guide/Conseil-ville_Guide.pdf",
                 "https://www.ville.gouv.fr/Guide-du-conseil/quartier"):
        status, _ = urljudge.judge_url(good, good, [Word(good, confidence=95.0)], FRENCH)
        assert status is UrlStatus.AS_READ, good
    bad = URL.replace("conseil-de", "Conseil-de")
    assert urljudge.judge_url(bad, bad, [Word(bad, confidence=95.0)], FRENCH)[0] is UrlStatus.DOUBTFUL


def test_a_url_ending_with_an_opening_bracket_is_doubtful() -> None:
    """``…/quartier-de-202(``: a bracket that opens ends no address; what followed it was lost."""
    cut = URL[:-3] + "("
    assert urljudge.judge_url(cut, cut, [Word(cut, confidence=95.0)], FRENCH)[0] is UrlStatus.DOUBTFUL


def test_a_host_word_one_look_alike_from_a_far_commoner_one_is_doubtful() -> None:
    """``hauts-de-trance``: ``t`` read for ``f``, as path words are doubted; a host a list knows is not."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "france": 30000, "trance": 40, "hauts": 3000})
    bad = "https://www.hauts-de-trance.ars.sante.fr/guide/conseil-de-quartier"
    assert urljudge.judge_url(bad, bad, [Word(bad, confidence=95.0)], lexicon)[0] is UrlStatus.DOUBTFUL
    good = bad.replace("trance", "france")
    assert urljudge.judge_url(good, good, [Word(good, confidence=95.0)], lexicon)[0] is UrlStatus.AS_READ
    status, _ = urljudge.judge_url(bad, bad, [Word(bad, confidence=95.0)], lexicon,
                                   hosts=frozenset({"hauts-de-trance.ars.sante.fr"}))
    assert status is UrlStatus.AS_READ


def test_a_hyphen_before_a_capital_among_underscores_is_doubtful() -> None:
    """``Guide_Du-Conseil``: an underscore read as a hyphen after a linking word; a place (``Saint-Omer``)
    or a compound alike in its words' case (``Conseil-quartier``, ``Conseil-Ville``) is printed so."""
    lexicon = Lexicon(frequencies=FRENCH.frequencies, places={"saint-omer": "Saint-Omer"})
    for good in ("Guide_Du_Conseil", "Guide_Saint-Omer", "Conseil-quartier_Guide", "Guide_Conseil-Ville"):
        url = f"https://www.ville.gouv.fr/IMG/pdf/{good}.pdf"
        status, _ = urljudge.judge_url(url, url, [Word(url, confidence=95.0)], lexicon)
        assert status is UrlStatus.AS_READ, url
    bad = "https://www.ville.gouv.fr/IMG/pdf/Guide_Du-Conseil.pdf"
    assert urljudge.judge_url(bad, bad, [Word(bad, confidence=95.0)], lexicon)[0] is UrlStatus.DOUBTFUL


def test_a_repaired_opening_before_a_label_that_is_no_word_is_a_guess() -> None:
    """``https:li.lille.fr``: the repair mended the scheme alone, but ``li`` is the ``www`` OCR garbled, kept
    as a subdomain; where OCR was unsure that is a guess like any other. A subdomain of words
    (``hauts-de-france.ars``) is a site's own."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "li": 1, "hauts": 3000, "france": 30000, "ars": 500})
    url, read = "https://li.lille.fr/guide/conseil-de-quartier", "https:li.lille.fr/guide/conseil-de-quartier"
    assert urljudge.judge_url(url, read, [Word(read, confidence=10.0)], lexicon)[0] is UrlStatus.DOUBTFUL
    for url in ("https://www.lille.fr/guide/conseil-de-quartier",
                "https://hauts-de-france.ars.lille.fr/guide/conseil-de-quartier"):
        read = url.replace("https://", "https:/A")
        assert urljudge.judge_url(url, read, [Word(read, confidence=10.0)], lexicon)[0] is UrlStatus.REPAIRED


def test_a_word_one_thin_letter_short_of_a_far_commoner_one_is_doubtful() -> None:
    """OCR loses an ``i``, an ``l``, a ``t`` on a poor scan: ``quarters`` for ``quartiers``, ``vile`` for
    ``ville``, in a path or in a host no list knows. The folders of publishing systems are printed so
    (``files``, not ``filles``), and a word as common as its longer kin is left (``conseil``)."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "quartiers": 50000, "vile": 400, "ville": 80000,
                                   "files": 2400, "filles": 73000, "conseils": 9000})
    for bad in ("https://www.ville.gouv.fr/guide/conseil-de-quarters",
                "https://www.vile.gouv.fr/guide/conseil-de-quartier"):
        assert as_read(bad, lexicon) is UrlStatus.DOUBTFUL, bad
    for good in (URL, "https://www.ville.gouv.fr/sites/default/files/guide.pdf",
                 "https://www.ville.gouv.fr/guide/conseil-de-quartiers"):
        assert as_read(good, lexicon) is UrlStatus.AS_READ, good


def test_a_figure_before_an_elision_or_a_dot_after_one_among_a_file_names_words_is_doubtful() -> None:
    """``Bilan%204d%27activit%C3%A9``: an elided word opens a word, so a figure or a lone letter glued before
    it (``Od%27``) is a speck; ``Quartiers_2030.Internet``: a dot among a file name's words is an underscore
    misread, after a figure as after a letter. A file name's own dot before its extension, an elision after
    a space, at the end of a longer word (``aujourd'hui``) or in ``qu'`` are printed."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "bilan": 5000, "activité": 9000, "quartiers": 5000,
                                   "internet": 5000})
    base = "https://www.ville.gouv.fr/guide/"
    for bad in ("Bilan%204d%27activit%C3%A9%202017.pdf", "Bilan%20Od%27activit%C3%A9%202017.pdf",
                "Quartiers_2030.Internet.pdf"):
        url = base + bad
        assert as_read(url, lexicon) is UrlStatus.DOUBTFUL, url
    for good in ("Bilan%20d%27activit%C3%A9%202017.pdf", "Quartiers_2030_Internet.pdf"):
        url = base + good
        assert as_read(url, lexicon) is UrlStatus.AS_READ, url
    assert urlmisreads.file_name_misreads("/guide/Aujourd%27hui%20qu%27on%20bilan%202017.pdf") == []


def test_a_number_the_first_reading_counted_with_a_figure_fewer_is_doubtful() -> None:
    """``/6102/`` read again ``/66102/``: one of the two readings read a figure twice or lost one, and no
    model checks figures. A number both readings agree on, or one they read with the same count of
    figures, one figure otherwise (a misread glyph the second reading mended), is no such doubt."""
    twice = URL.replace("2174", "21174")
    words = read_again("https: www. ville. gouv. fr/guide/2174/conseil-de-quartier", twice)
    assert urlmisreads.contradicted(words) == ["21174"]
    assert urljudge.judge_url(twice, twice, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    lost = URL.replace("2174", "214")
    words = read_again("https: www. ville. gouv. fr/guide/2174/conseil-de-quartier", lost)
    assert urljudge.judge_url(lost, lost, words, FRENCH)[0] is UrlStatus.DOUBTFUL
    for first in ("https: www. ville. gouv. fr/guide/2174/conseil-de-quartier",
                  "https: www. ville. gouv. fr/guide/2184/conseil-de-quartier"):
        assert urljudge.judge_url(URL, URL, read_again(first, URL), FRENCH)[0] is UrlStatus.AS_READ, first


def test_a_capital_in_a_spaced_title_the_first_reading_read_small_is_a_contradiction() -> None:
    """``Guide%20M%C3%A9thodologique`` read first ``Guide%20m%C3%A9thodologique``: a title is in small letters
    but its first word and its names, and the readings disagree on which this is. In a name parted by
    underscores (``Guide_Conseil``) capitals are the rule, and a look-alike's case (``c``) says nothing."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "méthode": 5000})
    title = "https://www.ville.gouv.fr/guide/Guide%20M%C3%A9thode%202017.pdf"
    assert as_read(title, lexicon) is UrlStatus.AS_READ
    words = read_again(title.replace("%20M", "%20m"), title)
    assert urlmisreads.contradicted(words) == ["M"]
    assert urljudge.judge_url(title, title, words, lexicon)[0] is UrlStatus.DOUBTFUL
    for name in ("Guide_Methode.pdf", "Guide%20Conseil%202017.pdf"):
        url = "https://www.ville.gouv.fr/guide/" + name
        first = url.replace("_M", "_m").replace("%20C", "%20c")
        assert urlmisreads.contradicted(read_again(first, url)) == [], name


def test_a_titles_known_word_whose_capital_only_one_reading_saw_is_written_small() -> None:
    """The contradiction above settled as French titles are printed: small, but for a place's capital."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "méthode": 5000}, places={"marquette": "Marquette"})
    title = "https://www.ville.gouv.fr/guide/Guide%20M%C3%A9thode%202017.pdf"
    words = read_again(title.replace("%20M", "%20m"), title)
    small = urlmisreads.small_title_words(title, urlmisreads.title_capitals(words), lexicon)
    assert small == title.replace("%20M", "%20m")
    assert urljudge.judge_url(small, title, words, lexicon)[0] is not UrlStatus.DOUBTFUL
    for name in ("Guide%20Marquette%202017.pdf", "Guide%20Mxqz%202017.pdf"):  # a place; no word
        url = "https://www.ville.gouv.fr/guide/" + name
        words = read_again(url.replace("%20M", "%20m"), url)
        assert urlmisreads.small_title_words(url, urlmisreads.title_capitals(words), lexicon) == url, name


def test_a_capital_shaped_as_its_small_letter_in_a_two_word_slug_is_doubtful() -> None:
    """``vie-Citoyenne``: sites write slugs in small letters, and OCR reads a ``c`` as its capital; a
    capital of another shape (``Lille``), a name parted by underscores or spaces, is printed so."""
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, "vie": 9000, "citoyenne": 3000})
    bad = "https://www.ville.gouv.fr/vie-Citoyenne/2174/conseil-de-quartier"
    assert as_read(bad, lexicon) is UrlStatus.DOUBTFUL
    assert as_read(bad.replace("vie-Citoyenne", "Vie-citoyenne"), lexicon) is UrlStatus.DOUBTFUL  # either
    for good in (bad.replace("-C", "-c"), bad.replace("Citoyenne", "Quartier"),
                 "https://www.ville.gouv.fr/IMG/pdf/Guide_vie-Citoyenne.pdf"):
        assert as_read(good, lexicon) is UrlStatus.AS_READ, good


def test_a_dot_a_speck_left_among_figures_in_a_slug_or_in_a_file_name_is_doubtful() -> None:
    """``/21.174/``: a speck read as a dot among a number's figures; ``conseil-d.e-quartier``: inside a slug's
    word, parting a lone letter; ``Guide_Conseil.Quartier.pdf``: before a capital among words an underscore
    joins. A version's few figures (``/2.1/``), two words a dot parts (``page.conditions-offre``), a file
    name's own dot before its extension are printed so. A square bracket in a path, a mark no URL ends
    with: specks (``/]Guide``, ``quartier=~``); capitals after a number's figures (``2ZU022``), not before; a
    parenthesis alone (``conseil(Quartier``), not a pair; an underscore opening a segment
    (``/_publications/``, seed 161); a figure glued to a word of a name that spaces its words (seed 169)."""
    words = ("page", "conditions", "cellule", "veille", "annexe", "appel", "projets")
    lexicon = Lexicon(frequencies={**FRENCH.frequencies, **dict.fromkeys(words, 5000)})
    base = "https://www.ville.gouv.fr/guide/"
    for bad in (URL.replace("2174", "21.174"), URL.replace("conseil-de", "conseil-d.e"),
                base + "2017/Guide_Conseil.Quartier.pdf", base + "]Guide%20du%20conseil%202021.pdf",
                base + "conseil-de-quartier=~", base + "conseil-de-quartier-2ZU022",
                base + "conseil(Quartier%202021.pdf", base + "_publications/conseil-de-quartier",
                base + "Cellule%20de%20veille2%202021.pdf", base + "Appel1%20%C3%A0%20projets.pdf"):
        assert as_read(bad, lexicon) is UrlStatus.DOUBTFUL, bad
    for good in (URL, URL.replace("2174", "2.1"), base + "page.conditions-quartier", base + "plan-PLU2020",
                 base + "Conseil_(Quartier).pdf", base + "publications/Conseil_Quartier.pdf",
                 base + "Cellule%20de%20veille%202021.pdf", base + "Annexe%201%20du%20conseil.pdf",
                 base + "2017/Guide_Conseil_Quartier.pdf"):
        assert as_read(good, lexicon) is UrlStatus.AS_READ, good


def test_a_site_no_list_knows_that_a_dot_parts_into_a_known_host_is_doubtful() -> None:
    """``sigville.gouv.fr``: the dot of ``sig.ville.gouv.fr`` lost; ``ville-roubaix.fr`` parts at its
    hyphen (a town's site beside ``roubaix.fr``), which no dot was lost beside, and a known site is taken
    as read; a label read twice (``lille.lille.fr``) is not."""
    known = frozenset({"ville.gouv.fr", "roubaix.fr", "lille.fr"})
    assert urlmisreads.host_misread("sigville.gouv.fr", known)
    assert not urlmisreads.host_misread("www.ville-roubaix.fr", known)
    assert not urlmisreads.host_misread("sigville.gouv.fr", known | {"sigville.gouv.fr"})
    assert urlmisreads.host_misread("www.lille.lille.fr", known)
    url = "https://sigville.gouv.fr/guide/conseil-de-quartier"
    assert urljudge.judge_url(url, url, [Word(url, confidence=95.0)], FRENCH, known)[0] is UrlStatus.DOUBTFUL
    assert as_read(URL, FRENCH) is UrlStatus.AS_READ


def test_a_url_whose_extension_or_rest_is_read_apart_from_it_is_doubtful() -> None:
    """A URL without an extension followed on its line by what OCR left of one (``hunl`` for ``.html``), or
    above a line that opens with a slug no URL took (its rest, past ink OCR could not read), lost its end.
    Followed by a word, or above prose, it is taken as read; and so is one that ends with its extension."""
    from pipeline.model import Line, Page
    from pipeline.structure import page_urls

    url = "https://www.ville.gouv.fr/guide/guide-du-conseil"

    def status(first: list[str], second: list[str], link: str = url) -> UrlStatus:
        lines = [Line(words=[Word(w, confidence=95.0) for w in ["Voir", link, *first]]),
                 Line(words=[Word(w, confidence=95.0) for w in second])]
        [found] = page_urls(Page(number=1, method="ocr", lines=lines), FRENCH)
        assert found.url == link
        return found.status

    assert status(["hunl"], ["Le", "guide"]) is UrlStatus.DOUBTFUL
    assert status(["ODICPRPR", "eee"], ["de-quartier-guide-conseil", "ges"]) is UrlStatus.DOUBTFUL
    assert status(["pour", "le", "quartier"], ["Le", "guide", "du", "conseil"]) is UrlStatus.AS_READ
    assert status(["hunl"], ["de-quartier-guide-conseil"], url + ".pdf") is UrlStatus.AS_READ


def test_a_plus_in_a_slug_a_mark_before_figures_and_a_query_that_names_a_file_are_doubtful() -> None:
    """Read off the URLs trusted but wrong on seeds 177-183 of ``bench/url_scans.py`` (worst level); a
    query with its values and a plus sign in one are printed so. An apostrophe after a letter French never
    elides (``A%27activit%C3%A9``)."""
    base = "https://www.ville.gouv.fr/"
    for bad in ("agenda/maisons-de-projet-quartiers-2030+2020", "ressources/@3841/conseil-de-quartier",
                "publications/Guide?420conseil26202018.pdf", "guide/Bilan%20A%27activit%C3%A9.pdf", "sites"):
        assert any(urlmisreads.path_misreads("/" + bad)), bad
    for good in ("recherche?q=conseil+quartier", "guide.pdf?v=2", "ressources/83841/conseil-de-quartier",
                 "guide/Bilan%20d%27activit%C3%A9.pdf", "guide/Bruay-sur-l%27Escaut.pdf"):
        assert not urlmisreads.path_misreads("/" + good), good
    assert clean_url(base + "i/IMG/pdf/guide.pdf") == base + "IMG/pdf/guide.pdf"
    assert clean_url(base + "fr/IMG/pdf/guide.pdf") == base + "fr/IMG/pdf/guide.pdf"


def test_a_dot_in_a_folders_word_and_figures_glued_to_a_spaced_names_short_word_are_doubtful() -> None:
    """Read off the URLs trusted but wrong on fresh seed 291 and 295 of ``bench/url_scans.py`` (worst level):
    ``actualite.es/65461/`` (a speck read as a dot), ``Charte%20de962012%20participation`` (``la`` read
    as figures); a page's own dot in a folder, a class's name in capitals and a version stay trusted."""
    for bad in ("actualite.es/65461/fiche-guide", "IMG/pdf/Charte%20de962012%20participation.pdf"):
        assert any(urlmisreads.path_misreads("/" + bad)), bad
    for good in ("index.php/article/12", "IMG/pdf/Plan%20CM2%202020.pdf", "IMG/pdf/Plan%20v2%202020.pdf",
                 "fr.html/guide"):
        assert not urlmisreads.path_misreads("/" + good), good


def test_a_path_of_one_character_is_what_is_left_of_a_lost_one() -> None:
    """``somme.fr/1``: the page read the host and a speck of its path; a site's language folder stays."""
    assert as_read("http://www.somme.fr/1", FRENCH) is UrlStatus.DOUBTFUL
    assert as_read("http://www.somme.fr/fr", load(DEFAULT_DICTIONARIES)) is UrlStatus.AS_READ
    assert as_read("http://www.somme.fr/", FRENCH) is UrlStatus.AS_READ
