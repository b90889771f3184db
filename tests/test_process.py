"""One document through the stages, in this process: what the later stages read loads in a thread
while the pages are read, and pages read in processes of their own still work beside that thread."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from fixtures import build_tiff, render_text_image

from pipeline import emit, lexicon, process
from pipeline.settings import Execution, Settings

PAGES = ["Compte rendu du conseil citoyen de Roubaix\nLe conseil s'est réuni à Roubaix le 12 mars 2019.",
         "Suite du compte rendu\nLa prochaine réunion aura lieu à Tourcoing le 4 avril 2019."]


def test_what_the_later_stages_read_is_loaded_once_a_process_in_a_thread_of_its_own(tmp_path: Path):
    dictionaries = tmp_path / "dictionaries"
    shutil.copytree(Settings().dictionaries, dictionaries)  # a folder this process has not loaded yet
    settings = Settings(dictionaries=dictionaries)
    loading = process.prepare(settings)
    assert any(t.name.startswith("fiches-prepare") for t in threading.enumerate())  # the caller goes on
    assert process.prepare(settings) is loading
    loading.result()
    assert lexicon.load(dictionaries).frequencies  # loaded, and kept for the stages


def test_a_scan_read_pages_in_parallel_beside_the_loading_thread(tmp_path: Path):
    tiff = build_tiff(tmp_path / "compte-rendu.tif", [render_text_image(text) for text in PAGES])
    document = process.process_file(tiff, Settings(), execution=Execution(page_jobs=2))
    emit.validate(document)
    assert [page["number"] for page in document["pages"]] == [1, 2]
    assert {"Roubaix", "Tourcoing"} <= {place["name"] for place in document["places"]}
    assert {d["date"] for d in document["dates"]} >= {"2019-03-12", "2019-04-04"}
