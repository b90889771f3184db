"""What every document of a run reads, loaded once by the server that forks the run's workers.

The local pool's workers are forked by a forkserver (see :mod:`pipeline.batch.workers`). Importing
this module there loads the dictionaries (with the run's user words), URL repair's word lists, the
language model and the readers, and asks the OCR cache's key once, so each worker is forked with
them in memory (shared, copy-on-write) instead of loading them itself: ~2.5 s of CPU a worker,
which is most of a rerun whose pages all come from the OCR cache. spaCy is not loaded here: it is
needed only for blocks the entity cache does not answer, and most reruns have none.

The run says what to load in :data:`ENV` when it starts the server. A worker checks the content of
the dictionaries it is given (:func:`pipeline.lexicon.load`), so a server started by an earlier run
of the same process can never hand a worker old words.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.settings import Settings

ENV = "FICHES_WARM"
FRENCH = ("Le conseil municipal de la ville a examiné les propositions présentées par les habitants "
          "du quartier lors de la réunion publique.")
"""A passage long enough for the language model to be asked, so that it is loaded."""
SAMPLE = ("Compte rendu de la réunion du 5 mars 2019\n\nLe conseil citoyen de Lille s'est réuni dans la "
          "salle des fêtes. Les habitants du quartier ont présenté leurs propositions pour le contrat de "
          "ville ; le compte rendu est publié sur www.lille.fr/conseil-citoyen.\n")
"""A page with a place, a date and a URL, and no place only spaCy could find: processed once in the
server, it builds what the stages keep once a process (folded place names, the gazetteer's codes,
the JSON Schema validator…) without loading spaCy."""


def describe(settings: Settings) -> str:
    """What to load, for :data:`ENV`."""
    user_words = None if settings.user_words is None else str(settings.user_words)
    return json.dumps({"dictionaries": str(settings.dictionaries), "user_words": user_words})


@contextlib.contextmanager
def announced(settings: Settings) -> Iterator[None]:
    """:data:`ENV` set for a server started inside this block (and unset after it)."""
    previous = os.environ.get(ENV)
    os.environ[ENV] = describe(settings)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous


def warm() -> None:
    """Load what :data:`ENV` names, then freeze what is loaded out of the collector's reach (its
    passes would touch, and so copy, every page a worker shares). Any failure is left for the workers
    to meet and report on their documents: the server itself must start."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    try:
        from pipeline import cache, evidence, extract, structure

        wanted = json.loads(spec)
        user_words = wanted.get("user_words")
        settings = Settings(dictionaries=Path(wanted["dictionaries"]),
                            user_words=None if user_words is None else Path(user_words))
        # The language model is mostly decompression, which lets another thread run: the two loads
        # share the machine's cores. Both are done before the server forks anything.
        language = threading.Thread(target=_quietly, args=(evidence.identify_text, FRENCH))
        language.start()
        _quietly(structure.prepare, settings, False)
        _quietly(cache.key, settings)  # Tesseract's version and the reading code's hash, asked once
        _quietly(cache.entities_key)
        _quietly(_sample, settings)
        del extract  # imported for the workers (PDF and image readers), even when every page is cached
        for thread in threading.enumerate():  # the language model's, the loader's: none left to fork
            if thread is not threading.current_thread():
                thread.join(timeout=10)
    except Exception:  # noqa: BLE001, S110 - the worker that needs it meets the error with its document
        pass
    gc.freeze()


def _sample(settings: Settings) -> None:
    from pipeline.process import process_file

    with tempfile.TemporaryDirectory(prefix="fiches-warm-") as folder:
        page = Path(folder) / "page.txt"
        page.write_text(SAMPLE, encoding="utf-8")
        process_file(page, settings)


def _quietly(function: Callable[..., object], *args: object) -> None:
    with contextlib.suppress(Exception):
        function(*args)


warm()
