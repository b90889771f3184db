"""Review pages on disk: reading a document, finding its own source, and writing only where allowed.

Two rules keep the review from touching what is not its own:

- **Images only from the document's own source.** A candidate file is embedded only when
  its sha256 is the one the JSON records, so a crafted ``source.path`` cannot pull another
  local image into the page; the candidates are ``--source``, the path the batch index
  recorded (absolute), the recorded path, and the JSON's own folder.
- **Never overwrite what fiches did not write.** A page is written where nothing is, or over
  a page fiches wrote (its generator meta tag says so); never over the JSON or any other file.
  By default the pages go beside the corpus, in ``<corpus>-review/``, not into it.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from pipeline import emit
from pipeline.errors import BadInput, FichesError, UsageError
from pipeline.paths import sha256_of
from pipeline.review import decisions as sidecars
from pipeline.review.page import GENERATOR, PageImage, Saving, esc, render_review

log = logging.getLogger("fiches.review")

REVIEW_DPI = 100
"""Resolution PDF pages are rendered at for the page: enough to read an A4 scan on screen."""
INDEX_NAME = ".fiches-index.jsonl"
"""The batch runner's index in the output folder: it records each output's source, absolute."""
PAGE_SUFFIXES = (".html", ".htm")


# -- reading -----------------------------------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    """One document, checked against the JSON Schema; BadInput with one line saying what is wrong."""
    try:
        document = json.loads(path.read_bytes())
    except OSError as exc:
        raise BadInput(str(path), f"cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(str(path), f"not valid JSON ({exc})") from exc
    if not isinstance(document, dict) or "schema_version" not in document:
        raise BadInput(str(path), "not a fiches document (no schema_version)")
    version = document["schema_version"]
    if version not in READABLE_VERSIONS:
        raise BadInput(str(path), f"unsupported schema_version {version!r} (this fiches reads "
                                  f"{' or '.join(map(str, READABLE_VERSIONS))})")
    try:
        if version == emit.SCHEMA_VERSION:
            emit.validate(document)
        else:
            jsonschema.Draft202012Validator(older_schema()).validate(document)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the document"
        raise BadInput(str(path), f"not a valid fiches document: {where}: {exc.message}") from exc
    return document


READABLE_VERSIONS = (1, emit.SCHEMA_VERSION)
REVIEWED_KEYS = ("schema_version", "id", "source", "pages", "text", "corrections", "unknown_words")
"""What the page reads of a document written under an older schema."""


@cache
def older_schema() -> dict[str, Any]:
    """The current schema loosened for a document an older fiches wrote: every field present is
    still of the right type, but only what the page reads is required and fields since added or
    removed are let be."""
    def loosen(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: loosen(v) for k, v in node.items()
                    if k != "required" and not (k == "additionalProperties" and v is False)}
        return [loosen(v) for v in node] if isinstance(node, list) else node

    loose = loosen(emit.schema())
    loose["required"] = list(REVIEWED_KEYS)
    loose["properties"]["schema_version"] = {"const": 1}
    loose["properties"].pop("blocks", None)  # v1 blocks had no id, span or box
    return loose




def corpus_root(json_path: Path) -> Path:
    """The output folder a JSON belongs to: the nearest folder above it holding the batch index
    (or its own folder)."""
    folder = json_path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / INDEX_NAME).is_file():
            return candidate
    return folder


def _indexed_source(json_path: Path) -> Path | None:
    """The source the batch index records for this output (absolute)."""
    root = corpus_root(json_path)
    try:
        relative = str(json_path.resolve().relative_to(root))
        lines = (root / INDEX_NAME).read_text(encoding="utf-8", errors="replace").splitlines()
    except (OSError, ValueError):
        return None
    for line in reversed(lines):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("output") == relative \
                and isinstance(entry.get("source"), str):
            return Path(entry["source"])
    return None


def find_source(document: dict[str, Any], json_path: Path,
                source: Path | None = None) -> tuple[Path | None, str]:
    """The document's own source file, and what was tried when it is not found.

    ``source`` (``--source``) is the file itself or a folder to look in. A candidate is
    accepted only when its sha256 is the document's.
    """
    recorded = Path(document["source"]["path"])
    candidates: list[Path] = []
    if source is not None:
        if not source.is_dir():
            candidates.append(source)
        else:
            candidates += [source / recorded.name] if recorded.is_absolute() else [source / recorded,
                                                                                    source / recorded.name]
    indexed = _indexed_source(json_path)
    candidates += [c for c in (indexed,) if c is not None]
    candidates += [recorded, json_path.parent / recorded, json_path.parent / recorded.name]
    expected, size = document["source"]["sha256"], document["source"]["bytes"]
    foreign = []
    for candidate in dict.fromkeys(candidates):
        try:
            if not candidate.is_file():
                continue
            if candidate.stat().st_size == size and sha256_of(candidate) == expected:
                return candidate.resolve(), ""
        except OSError:
            continue
        foreign.append(str(candidate))
    if foreign:
        return None, (f"{', '.join(foreign)} : ce n'est pas la source de ce document (empreinte sha256 "
                      "différente), elle n'est pas affichée")
    return None, f"fichier source introuvable ({document['source']['path']}"\
                 f"{'' if source is None else ', ni dans ' + str(source)})"


def page_images(path: Path, document: dict[str, Any], dpi: int = REVIEW_DPI) -> list[PageImage]:
    """The source's pages as OCR read them: turned upright and straightened as the JSON says, with
    the page size its boxes are measured in."""
    from PIL import Image

    from pipeline import extract  # here: reviewing a transcription needs no PDF or OCR library

    pages = {p["number"]: p for p in document.get("pages", [])}
    shown = []
    for number, image in enumerate(extract.render_pages(path, dpi=dpi), start=1):
        page = pages.get(number, {})
        if page.get("rotation"):
            image = image.rotate(-page["rotation"], expand=True)
        if page.get("skew"):
            image = image.rotate(-page["skew"], resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        shown.append(PageImage(image, number, page.get("width"), page.get("height")))
    return shown


# -- where pages may be written ----------------------------------------------------------------


def written_by_us(path: Path) -> bool:
    """A review page fiches wrote: its generator meta tag is in its first kilobytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}">'.encode() in head


def check_target(out: Path) -> None:
    """UsageError unless ``out`` may receive a page: nothing there, or a page fiches wrote."""
    if out.suffix.lower() not in PAGE_SUFFIXES:
        raise UsageError(f"{out}: a review page is HTML; give --out a name ending in .html")
    if out.is_dir():
        raise UsageError(f"{out}: is a folder; give a file name ending in .html, or review a folder")
    if os.path.lexists(out) and not written_by_us(out):
        raise UsageError(f"{out}: exists and is not a review page fiches wrote; refusing to overwrite it")


def default_out_folder(root: Path) -> Path:
    """Pages go beside the corpus, never into it: ``clean/`` → ``clean-review/``."""
    return root.parent / f"{root.name}-review"


def page_name(json_path: Path, root: Path) -> Path:
    """``root/sub/a.json`` → ``sub/a.html`` (relative to the pages' folder)."""
    return json_path.resolve().relative_to(root).with_suffix(".html")


# -- one document ------------------------------------------------------------------------------


def review_html(json_path: Path, source: Path | None = None, saving: Saving | None = None) -> str:
    """The review page of the document in ``json_path``, with its source's pages when found.

    When the source is a transcription, missing, not the document's own (another sha256)
    or unreadable, the page shows the raw text instead, with a note saying why.
    """
    document = read_document(json_path)
    sidecar = sidecars.sidecar_path(json_path.resolve())
    saving = saving or Saving(sidecar.name, str(sidecar))
    try:
        earlier = sidecars.read(sidecar) if sidecar.is_file() else None
    except BadInput as exc:
        log.warning("%s (its decisions are not shown)", exc)
        earlier = None
    images: list[PageImage] = []
    found: Path | None = None
    if document["source"]["media_type"] == "text/plain":
        note = "Source : transcription texte, pas d'image. Texte brut avant correction :"
    else:
        found, why = find_source(document, json_path, source)
        note = f"{why} : texte brut avant correction." if found is None else None
        if found is not None:
            try:
                images = page_images(found, document)
            except (OSError, ValueError, RuntimeError, FichesError) as exc:
                note = f"Impossible d'afficher la source ({exc}) : texte brut avant correction."
    if note and document["source"]["media_type"] != "text/plain":
        log.warning("%s: %s", json_path, note)
    shown = f"{found or document['source']['path']} — JSON : {json_path.resolve()}"
    return render_review(document, images, note, saving, earlier, shown)


def write_review(json_path: Path, out: Path, source: Path | None = None) -> Path:
    """Write the review page of ``json_path`` to ``out`` (refused when ``out`` is not ours to write)."""
    if out.resolve() == json_path.resolve():
        raise UsageError(f"{out}: is the document itself; refusing to overwrite it")
    check_target(out)
    emit.write_atomic(out, review_html(json_path, source))
    return out


# -- a folder: one page per document and an index, most in need of review first ----------------


@dataclass
class Need:
    """What a document asks of its reviewer, as the index lists it."""

    json_path: Path
    page: Path
    title: str
    confidence: float | None
    unknown: int
    low_confidence: int
    doubtful_urls: int
    corrections: int
    reviewed: bool

    @property
    def score(self) -> float:
        """Higher is more in need: each unknown or doubtful word counts one, a doubtful URL three,
        each OCR confidence point under 90 a tenth."""
        shortfall = max(0.0, 90.0 - self.confidence) / 10 if self.confidence is not None else 0.0
        return self.unknown + self.low_confidence + 3 * self.doubtful_urls + shortfall


def doubtful_urls(document: dict[str, Any]) -> int:
    """URLs the pipeline rebuilt or repaired (their printed form, spaces aside, differs) or that a
    correction touched."""
    repaired = sum(1 for u in document["urls"] if "".join(u["raw"].split()) != u["url"])
    return repaired + sum(1 for c in document["corrections"] if c["reason"] == "url-scheme")


def need_of(document: dict[str, Any], json_path: Path, page: Path) -> Need:
    pages = document["pages"]
    confidences = [p["confidence"] for p in pages if p.get("confidence") is not None]
    return Need(json_path, page, document.get("title") or Path(document["source"]["path"]).name,
                round(sum(confidences) / len(confidences), 1) if confidences else None,
                len(set(document["unknown_words"])), sum(len(p["low_confidence_words"]) for p in pages),
                doubtful_urls(document), len(document["corrections"]),
                sidecars.sidecar_path(json_path).is_file())


def index_html(root: Path, needs: list[Need], failures: list[str], served: bool = False) -> str:
    from pipeline.review.page import asset, content_security_policy

    rows = "".join(
        f'<tr><td><a href="{esc(n.page.as_posix())}">{esc(n.title)}</a>'
        f'<br><small>{esc(n.json_path)}</small></td>'
        f'<td>{n.score:.1f}</td><td>{"" if n.confidence is None else n.confidence}</td><td>{n.unknown}</td>'
        f'<td>{n.low_confidence}</td><td>{n.doubtful_urls}</td><td>{n.corrections}</td>'
        f'<td>{"oui" if n.reviewed else ""}</td></tr>'
        for n in sorted(needs, key=lambda n: (-n.score, str(n.json_path))))
    failed = "".join(f"<li>{esc(f)}</li>" for f in failures)
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(served))}">
<meta name="generator" content="{GENERATOR}">
<title>Relecture — {esc(root)}</title><style>{asset("review.css")}</style></head>
<body><header><h1>Relecture de {esc(root)}</h1>
<p>{len(needs)} document(s), le plus à relire d'abord : mots inconnus, mots de faible confiance OCR,
URL douteuses (reconstruites ou réparées), confiance OCR moyenne.</p></header>
<section class="lists"><div><table class="corrections index"><thead><tr><th>Document</th><th>À relire</th>
<th>Confiance OCR</th><th>Mots inconnus</th><th>Faible confiance</th><th>URL douteuses</th>
<th>Corrections</th><th>Relu</th></tr></thead><tbody>{rows}</tbody></table></div>
{f'<div><h2>Illisibles</h2><ul>{failed}</ul></div>' if failed else ''}</section></body></html>
"""


def folder_documents(folder: Path) -> list[Path]:
    """The documents' JSON under ``folder``: hidden files, review sidecars and run state left out."""
    return sorted(p for p in folder.rglob("*.json")
                  if p.is_file() and not sidecars.is_sidecar(p)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def survey(folder: Path) -> tuple[list[tuple[Path, dict[str, Any]]], list[str]]:
    """Every readable document under ``folder``, and one line for each file that is not one."""
    found, failures = [], []
    for path in folder_documents(folder):
        try:
            found.append((path, read_document(path)))
        except BadInput as exc:
            failures.append(str(exc))
            log.warning("%s", exc)
    return found, failures


def write_folder_review(folder: Path, out: Path, source: Path | None = None) -> Path:
    """A page for each document under ``folder`` in ``out`` (same tree), and ``out/index.html``."""
    root = folder.resolve()
    out = out.resolve()
    if out == root or out.is_file():
        raise UsageError(f"{out}: give another folder for the review pages (not the corpus, not a file)")
    documents, failures = survey(root)
    targets = [(path, out / page_name(path, root)) for path, _ in documents] + [(root, out / "index.html")]
    for _, target in targets:
        check_target(target)  # all refused before anything is written
    needs = []
    for path, document in documents:
        target = out / page_name(path, root)
        try:
            emit.write_atomic(target, review_html(path, source))
        except FichesError as exc:
            failures.append(str(exc))
            continue
        needs.append(need_of(document, path, page_name(path, root)))
    index = out / "index.html"
    emit.write_atomic(index, index_html(root, needs, failures))
    return index
