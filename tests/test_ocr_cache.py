"""The OCR cache and the user words: a rerun that changes only correction reads no page again,
gives what a fresh reading gives, and a moved scan keeps one output; spaCy's entities kept beside
the readings, so such a rerun does not load spaCy either.

The runs are the real ``fiches run`` over scans the tests render; Tesseract is the real one, behind
a wrapper script first on PATH that logs each call, so a test can count the pages read.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures import REPO, render_text_image, save_image

from pipeline import cache, derived, lexicon
from pipeline.batch import INDEX_NAME, load_run_report
from pipeline.model import Box, Document, Line, Link, Page, PageMethod, Source, Table, Word

NAME = "Haddadji"
PAGE = (f"Compte rendu du conseil citoyen de Lille\n\nMadame {NAME} ouvre la séance à dix-huit heures.\n"
        "Le conseil adopte le procès-verbal de la réunion précédente.")


@pytest.fixture
def counted(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose ``tesseract`` logs its arguments, one call a line, then runs the real one."""
    real = shutil.which("tesseract")
    assert real, "tesseract is needed"
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "tesseract-calls.log"
    script = folder / "tesseract"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}, log


def readings(log: Path) -> int:
    """Tesseract calls that read an image (not ``--version`` or ``--list-langs``)."""
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text(encoding="utf-8").splitlines()
               if "--version" not in line and "--list-langs" not in line)


def fiches(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, env=env, timeout=600)


def documents(out: Path) -> dict[str, dict]:
    """Each output JSON below ``out`` by its path relative to ``out``, without its processing time."""
    found = {}
    for path in sorted(out.rglob("*.json")):
        if path.name.startswith("."):
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        document.pop("processed_at", None)
        document.get("pipeline", {}).pop("processed_at", None)
        found[str(path.relative_to(out))] = document
    return found


def scans(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [save_image(render_text_image(PAGE), folder / "compte-rendu.png"),
            save_image(render_text_image(PAGE.replace("Lille", "Lens"), serif=True), folder / "seance.jpg")]


def test_a_new_user_word_reruns_correction_from_the_cache_as_a_fresh_reading_would(
        tmp_path: Path, counted: tuple[dict[str, str], Path]) -> None:
    env, log = counted
    scans(tmp_path / "in")
    words = tmp_path / "mots.txt"
    words.write_text("Wattignies\n", encoding="utf-8")
    out = tmp_path / "out"
    first = fiches("run", tmp_path / "in", "--out", out, "--user-words", words, env=env)
    assert first.returncode == 0, first.stderr
    read_first = readings(log)
    assert read_first >= 2
    before = documents(out)
    assert all(NAME in d["unknown_words"] for d in before.values())

    # Saved by Notepad: a byte-order mark and Windows line ends.
    words.write_bytes("\ufeffWattignies\r\nHaddadji\r\n".encode())
    second = fiches("run", tmp_path / "in", "--out", out, "--user-words", words, env=env)
    assert second.returncode == 0, second.stderr
    assert readings(log) == read_first  # no page read again
    after = documents(out)
    assert load_run_report(out)["processed"] == 2
    assert all(NAME not in d["unknown_words"] for d in after.values())
    assert {d["pipeline"]["dictionary_version"] for d in after.values()} \
        .isdisjoint(d["pipeline"]["dictionary_version"] for d in before.values())

    fresh = tmp_path / "fresh"
    forced = fiches("run", tmp_path / "in", "--out", fresh, "--user-words", words, "--force-ocr", env=env)
    assert forced.returncode == 0, forced.stderr
    assert readings(log) > read_first
    assert documents(fresh) == after


def test_user_words_from_the_environment_and_a_missing_list_named(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(f"Madame {NAME} ouvre la séance.\n", encoding="utf-8")
    words = tmp_path / "mots.txt"
    words.write_text(f"{NAME}\n", encoding="utf-8")
    plain = fiches("show", page, "--json", env={**os.environ, "FICHES_USER_WORDS": ""})
    assert NAME in json.loads(plain.stdout)["unknown_words"]
    known = fiches("show", page, "--json", env={**os.environ, "FICHES_USER_WORDS": str(words)})
    assert NAME not in json.loads(known.stdout)["unknown_words"]
    missing = fiches("show", page, "--user-words", tmp_path / "absent.txt", env=dict(os.environ))
    assert missing.returncode == 3
    assert "absent.txt" in missing.stderr and "Traceback" not in missing.stderr


def test_a_moved_scan_is_read_from_the_cache_and_leaves_no_orphan(
        tmp_path: Path, counted: tuple[dict[str, str], Path]) -> None:
    env, log = counted
    inputs = tmp_path / "in"
    first_scan, _ = scans(inputs)
    out = tmp_path / "out"
    assert fiches("run", inputs, "--out", out, env=env).returncode == 0
    read = readings(log)
    old_output = out / "compte-rendu.json"
    assert old_output.is_file()

    (inputs / "2019").mkdir()
    first_scan.rename(inputs / "2019" / "cr-mars.png")
    run = fiches("run", inputs, "--out", out, env=env)
    assert run.returncode == 0, run.stderr
    assert readings(log) == read
    report = load_run_report(out)
    assert report["orphans"] == [] and len(report["moved"]) == 1
    assert not old_output.exists()
    assert (out / "2019" / "cr-mars.json").is_file()
    ids = [d["id"] for d in documents(out).values()]
    assert len(ids) == len(set(ids)) == 2
    index = [json.loads(line) for line in (out / INDEX_NAME).read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["source"]).name for e in index) == ["cr-mars.png", "seance.jpg"]


def test_a_corrupt_entry_is_read_again_and_the_cache_is_pruned_with_the_outputs(
        tmp_path: Path, counted: tuple[dict[str, str], Path]) -> None:
    env, log = counted
    inputs = tmp_path / "in"
    first_scan, second_scan = scans(inputs)
    out = tmp_path / "out"
    assert fiches("run", inputs, "--out", out, env=env).returncode == 0
    entries = sorted(entry for entry in (out / cache.FOLDER).rglob("*.json.gz")
                     if not entry.name.endswith(".entities.json.gz"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(b"\x1f\x8b not gzip at all")
    read = readings(log)
    assert fiches("run", inputs, "--out", out, "--force", env=env).returncode == 0
    assert readings(log) > read  # read again, not failed
    assert all(cache.load(entry) is not None for entry in entries)  # and stored again

    second_scan.unlink()
    run = fiches("run", inputs, "--out", out, "--prune", env=env)
    assert run.returncode == 0, run.stderr
    assert load_run_report(out)["cache_pruned"] == 2  # its reading and its blocks' entities
    assert len(list((out / cache.FOLDER).rglob("*.json.gz"))) == 2


def test_an_entry_gives_back_the_document_it_stored(tmp_path: Path) -> None:
    word = Word(original="Séance", confidence=91.5, box=Box(10, 20, 60, 34))
    line = Line(words=[word], box=Box(10, 20, 60, 34))
    page = Page(number=1, method="ocr", lines=[line], tables=[Table(box=Box(0, 0, 100, 50), rows=[[[word]]])])
    source = Source(path=str(tmp_path / "a.png"), sha256="0" * 64, bytes=1, media_type="image/png")
    doc = Document(source=source, pages=[page])
    entry = tmp_path / "entry.json.gz"
    cache.store(tmp_path, entry, doc)
    back = cache.load(entry)
    assert back is not None and back.pages == doc.pages
    assert back.pages[0].lines[0].words[0].box.height == 14  # a Box again, not a list
    assert back.pages[0].tables[0].rows[0][0][0] is back.pages[0].lines[0].words[0]


def test_an_entry_gives_back_the_document_as_extracted(tmp_path: Path) -> None:
    """Boxes, kinds, confidences, choices, diagnosis, links; a table's cells are the very words of its
    lines, as extraction made them (a correction reaches both)."""
    cell = Word(original="Roubaix", confidence=91.5, box=Box(10, 20, 60, 32),
                choices=[[("R", 99.0)], [("o", 97.5), ("0", 2.5)]])
    page = Page(number=1, method=PageMethod.OCR, lines=[Line(words=[Word(original="Ville"), cell], table=0,
                                                           box=Box(0, 20, 60, 32))],
                dpi=300, width=2480.0, height=3508.0, rotation=90, skew=-0.4,
                links=[Link(uri="https://www.roubaix.fr", box=Box(1, 2, 3, 4))],
                diagnosis={"x_height": 21.0, "steps": ["despeckle"]}, warnings=["page 1: note"])
    page.tables = [Table(box=Box(0, 20, 60, 32), rows=[[[page.lines[0].words[0]], [cell]]])]
    doc = Document(source=Source(path="scan.png", sha256="ab" * 32, bytes=10, media_type="image/png"),
                   pages=[page], tesseract="5.3.0", warnings=["page 1: note"])
    entry = tmp_path / cache.FOLDER / "ab" / f"{'ab' * 32}-0123456789abcdef.json.gz"
    cache.store(tmp_path / cache.FOLDER, entry, doc)
    back = cache.load(entry)
    assert back == doc
    read = back.pages[0]
    assert read.method is PageMethod.OCR and isinstance(read.lines[0].words[1].box, Box)
    assert read.lines[0].words[1].box.height == 12
    assert read.tables[0].rows[0][1][0] is read.lines[0].words[1]


PLACE_PAGE = "Compte rendu\n\nLe conseil citoyen s'est réuni à Kerbriant le 5 mars 2019.\n"
"""A place no dictionary knows, named after "à": only spaCy finds it."""
PROCESS = """
import json, sys
from pathlib import Path
from pipeline.process import process_file
from pipeline.settings import Execution, Settings
folder = None if sys.argv[2] == "-" else Path(sys.argv[2])
words = None if sys.argv[3] == "-" else Path(sys.argv[3])
document = process_file(Path(sys.argv[1]), Settings(user_words=words), execution=Execution(cache=folder))
print(json.dumps({"places": document["places"], "spacy": "spacy" in sys.modules}))
"""


def processed(page: Path, folder: Path | None, words: Path | None = None) -> dict:
    """The places of ``page`` processed in a process of its own, and whether it loaded spaCy."""
    done = subprocess.run([sys.executable, "-c", PROCESS, str(page), str(folder or "-"), str(words or "-")],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_spacy_is_not_loaded_again_for_blocks_whose_entities_are_cached(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PLACE_PAGE, encoding="utf-8")
    folder = tmp_path / "out" / cache.FOLDER
    without = processed(page, None)
    assert without["spacy"] and ["Kerbriant", "ner"] in [[p["name"], p["source"]] for p in without["places"]]
    assert processed(page, folder) == without  # spaCy asked, its answers kept
    assert processed(page, folder) == {**without, "spacy": False}  # the same places, spaCy not loaded

    # The page edited (a new source), with user words: the places are still spaCy's own.
    words = tmp_path / "mots.txt"
    words.write_text("Kerbriant\n", encoding="utf-8")
    page.write_text(f"{PLACE_PAGE}\nLa prochaine séance se tiendra à Kermoal, salle Jaurès.\n",
                    encoding="utf-8")
    assert processed(page, folder, words) == processed(page, None, words)


def test_an_entity_entry_answers_the_texts_it_holds_and_gives_the_others_to_spacy(tmp_path: Path) -> None:
    folder, sha = tmp_path / cache.FOLDER, "cd" * 32
    asked = ["Le conseil s'est réuni à Kerbriant.", "La séance est ouverte."]
    entities = cache.EntityCache(folder, sha)
    first = entities(asked)
    assert entities.recognised == 2
    entities.save()
    assert [e.text for e in first[0]] == ["Kerbriant"] and first[0][0].before == "à"

    assert cache.EntityCache(folder, sha)(asked) == first
    again = cache.EntityCache(folder, sha)  # a block changed: only it goes to spaCy
    new = "Puis à Kermoal, devant la mairie."
    assert again([asked[0], new])[0] == first[0] and again.recognised == 1
    again.save()
    kept = cache.EntityCache(folder, sha)
    kept([new, asked[0]])
    assert kept.recognised == 0
    kept([asked[1]])  # no longer kept: the entry holds what was asked last time only
    assert kept.recognised == 1

    (entry,) = folder.rglob("*.entities.json.gz")
    entry.write_bytes(b"\x1f\x8b broken")
    broken = cache.EntityCache(folder, sha)
    assert broken(asked) == first and broken.recognised == 2  # a corrupt entry is a miss
    assert cache.prune(folder, set()) == [entry]


TWO_RUNS = """
import json, sys
from pathlib import Path
from pipeline.batch import BatchOptions, run_batch
from pipeline.settings import Settings
page, words, out = map(Path, sys.argv[1:4])
for _ in range(2):
    run_batch([page], out, Settings(user_words=words), BatchOptions(quiet=True, jobs=1))
    print(json.dumps(json.loads((out / "page.json").read_text(encoding="utf-8"))["unknown_words"]))
    words.write_text(words.read_text(encoding="utf-8") + sys.argv[4] + "\\n", encoding="utf-8")
"""


def test_a_second_run_of_the_same_process_reads_the_user_words_as_they_are_now(tmp_path: Path) -> None:
    """The workers are forked from a server that loaded the first run's words; a later run in the same
    process (same server) with the word list edited in place must not be answered with the old words."""
    page = tmp_path / "in" / "page.txt"
    page.parent.mkdir()
    page.write_text(f"Madame {NAME} ouvre la séance.\n", encoding="utf-8")
    words = tmp_path / "mots.txt"
    words.write_text("Wattignies\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", TWO_RUNS, page, words, tmp_path / "out", NAME], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines()[-2:])
    assert NAME in first and NAME not in second


def test_building_a_lexicon_index_removes_the_indexes_no_run_has_loaded_for_an_hour(tmp_path: Path) -> None:
    dictionaries = tmp_path / "dictionaries"
    dictionaries.mkdir()
    with gzip.open(dictionaries / lexicon.GENERAL, "wt", encoding="utf-8") as handle:
        handle.write("séance\t120\nconseil\t300\n")
    folder = tmp_path / "index-cache"
    folder.mkdir()
    stale, recent, other = (folder / "lexicon-0badc0de-123456789abc.pickle", folder / "lexicon-1-2.pickle",
                            folder / "notes.txt")
    for path in (stale, recent, other):
        path.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    built = lexicon.load_uncached(dictionaries, folder)
    assert built.is_word("séance")
    assert not stale.exists() and recent.exists() and other.exists()
    (index,) = set(folder.glob("lexicon-*.pickle")) - {recent}
    os.utime(index, (two_hours_ago, two_hours_ago))
    assert lexicon.load_uncached(dictionaries, folder).is_word("conseil")  # loaded: in use again
    assert derived.prune_stale(folder, keep=recent) == []


def test_the_cache_key_covers_every_module_a_reading_imports_and_not_the_corrector() -> None:
    """URL lines are read again and chosen by the URL model, whose judging and repair were split into
    modules of their own: a change there changes readings, so it must change the key. The corrector
    and segmentation come after reading: changing them must keep the cached readings."""
    root = Path(cache.__file__).resolve().parent
    names = {path.relative_to(root).as_posix() for path in cache.reader_modules()}
    assert {"extract.py", "ocr/page.py", "ocr/columns.py", "ocr/urlread.py", "urls.py", "urlmodel.py",
            "urljudge.py", "urlrepair.py", "urlhosts.py", "text.py", "lexicon.py"} <= names
    assert not any(name.startswith(("correct/", "structure/")) for name in names), names
