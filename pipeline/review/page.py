"""The review page of one document: the scan beside the cleaned text, and a decision on each correction.

Archivists would rather look than read a log: each page image sits beside the cleaned
text; every correction is highlighted (its original on hover, its word boxed on the scan
while it is hovered); unknown and low-confidence words are marked; URLs are links; page
breaks are shown in the text. Each correction can be accepted or rejected, and the
corrected form, the original form or an unknown word added to the known words: the page
saves these decisions to the sidecar ``<name>.review.json`` (see :mod:`.decisions`).

The page runs nothing but its own code: a Content-Security-Policy meta tag allows its one
script and one style sheet by their sha256, images only as ``data:`` URIs (the source's
own pages, embedded), no inline handler, no request anywhere (``connect-src 'self'`` when
served by ``fiches review --serve``, so it can save). Every piece of document text is escaped.
Everything here is pure: document + images → HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from PIL import Image

from pipeline.review.decisions import Decisions, correction_keys, to_json
from pipeline.text import URL

MAX_IMAGE_WIDTH = 1100
GENERATOR = "fiches review"
"""Named in every page's generator meta tag: how a later run knows the file is one it wrote."""


@dataclass(frozen=True)
class Mark:
    """A span of the cleaned text to decorate: a correction, a URL, an unknown or low-confidence word."""

    start: int
    end: int
    kind: str
    """"fix", "url", "unknown" or "lowconf" (also the priority order when marks overlap)."""
    info: dict[str, Any]


@dataclass(frozen=True)
class PageImage:
    """One page of the source as shown: the image turned as OCR read it, and the page's size in
    the units of the JSON's boxes (to place them)."""

    image: Image.Image
    number: int
    width: float | None = None
    height: float | None = None


@dataclass(frozen=True)
class Saving:
    """How the page saves its decisions: to the local server (``endpoint`` + ``token``), or offered
    for download as ``sidecar_name`` when the page was opened as a file."""

    sidecar_name: str
    sidecar_path: str
    """Absolute path of the sidecar beside the JSON, shown to the archivist."""
    endpoint: str | None = None
    token: str | None = None


# -- locating what to mark ---------------------------------------------------------------------


def _occurrences(text: str, word: str) -> Iterable[tuple[int, int]]:
    """Every place ``word`` stands in ``text`` as a whole word."""
    if not word.strip():
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    return ((m.start(), m.end()) for m in pattern.finditer(text))


def _url_href(url: str) -> str | None:
    """A safe link target: http(s) only, ``www.`` gets a scheme; anything else is not linked."""
    if re.match(r"https?://", url, re.IGNORECASE):
        return url
    if url.lower().startswith("www."):
        return "https://" + url
    return None


LOW_CONFIDENCE_WINDOW = 300
"""Characters ahead of the previous one where a low-confidence word is looked for."""


def _low_confidence_marks(text: str, pages: list[dict[str, Any]]) -> list[Mark]:
    """Low-confidence words, matched in reading order rather than everywhere they are spelled.

    The JSON lists them without offsets, and marking every ``de`` because one ``de`` was
    unsure would mislead: each is looked for a little after the previous one; a word the
    corrector changed is not found there and stays in the list only.
    """
    marks, cursor = [], 0
    for page in pages:
        for low in page.get("low_confidence_words", []):
            window = text[cursor:cursor + LOW_CONFIDENCE_WINDOW + len(low["text"])]
            found = next(iter(_occurrences(window, low["text"])), None)
            if found is None:
                continue
            info = {"word": low["text"], "confidence": low["confidence"], "page": page["number"],
                    "box": low.get("box")}
            marks.append(Mark(cursor + found[0], cursor + found[1], "lowconf", info))
            cursor += found[1]
    return marks


def placed(fix: dict[str, Any], text: str) -> bool:
    """A correction whose offsets point into ``text`` (start == end: a deleted word)."""
    start, end = fix.get("start"), fix.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)


def find_marks(document: dict[str, Any]) -> list[Mark]:
    """The marks of the cleaned text, without overlaps, in text order.

    Corrections are placed by their offsets (those with null or out-of-range offsets are
    only listed); URLs, unknown and low-confidence words are found by their spelling.
    When two marks overlap the first kind in ``Mark.kind``'s order wins.
    """
    text = document["text"]
    candidates: list[Mark] = []
    for number, fix in enumerate(document.get("corrections", []), start=1):
        if placed(fix, text):
            candidates.append(Mark(fix["start"], fix["end"], "fix", {**fix, "number": number}))
    urls = {u["url"]: u["url"] for u in document.get("urls", [])}
    urls.update({u["raw"]: u["url"] for u in document.get("urls", []) if u.get("raw")})
    for found in URL.finditer(text):
        spelled = found.group().rstrip(".,;:)]»")
        urls.setdefault(spelled, spelled)
    for spelled, url in urls.items():
        href = _url_href(url)
        if href:
            candidates += [Mark(s, e, "url", {"href": href}) for s, e in _occurrences(text, spelled)]
    for word in dict.fromkeys(document.get("unknown_words", [])):
        candidates += [Mark(s, e, "unknown", {"word": word}) for s, e in _occurrences(text, word)]
    candidates += _low_confidence_marks(text, document.get("pages", []))
    taken = [False] * len(text)
    kept = []
    for mark in candidates:  # already in priority order
        if not any(taken[mark.start:mark.end]):
            taken[mark.start:mark.end] = [True] * (mark.end - mark.start)
            kept.append(mark)
    return sorted(kept, key=lambda m: (m.start, m.end))


def page_starts(document: dict[str, Any]) -> dict[int, int]:
    """Offset in ``text`` where each page after the first begins: its first block, found in order."""
    text, cursor, starts = document["text"], 0, {}
    last_page = None
    for block in document.get("blocks", []):
        span = block.get("span")  # schema 2; an older document's blocks are found in order
        at = span["start"] if span else text.find(block["text"], cursor) if block["text"] else -1
        if at < 0:
            continue
        if last_page is not None and block["page"] != last_page and block["page"] not in starts:
            line_start = text.rfind("\n", 0, at) + 1  # before an item's marker
            starts[block["page"]] = line_start
        last_page = block["page"]
        cursor = at + len(block["text"])
    return starts


# -- rendering ---------------------------------------------------------------------------------


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _box_attributes(info: dict[str, Any]) -> str:
    box = info.get("box")
    if not box or len(box) != 4:
        return ""
    return f' data-page="{esc(info["page"])}" data-box="{esc(" ".join(str(v) for v in box))}"'


def _mark_html(mark: Mark, content: str) -> str:
    info = mark.info
    if mark.kind == "fix":
        tip = f"avant : {info['original']} · {info['reason']} · confiance {info['confidence']:.2f}"
        css = "fix deleted" if mark.start == mark.end else "fix"
        return (f'<mark class="{css}" id="fix-{info["number"]}" data-fix="{info["number"]}" '
                f'data-original="{esc(info["original"])}"{_box_attributes(info)} '
                f'title="{esc(tip)}">{content}</mark>')
    if mark.kind == "url":
        return f'<a class="url" href="{esc(info["href"])}" target="_blank" rel="noopener">{content}</a>'
    if mark.kind == "unknown":
        return f'<span class="unknown" title="mot inconnu des dictionnaires">{content}</span>'
    tip = f"confiance OCR {info['confidence']:.0f} (page {info['page']})"
    return f'<span class="lowconf"{_box_attributes(info)} title="{esc(tip)}">{content}</span>'


def marked_text(text: str, marks: list[Mark], breaks: dict[int, int] | None = None) -> str:
    """The cleaned text as escaped HTML, each mark wrapped in its element, a rule at each page break."""
    cuts = sorted((at, "break", page) for page, at in (breaks or {}).items())
    cuts += [(m.start, "mark", m) for m in marks]
    out, position = [], 0
    for at, kind, item in sorted(cuts, key=lambda c: (c[0], c[1] == "mark")):
        if at < position:  # a break inside a mark goes after it
            at = position
        out.append(esc(text[position:at]))
        position = at
        if kind == "break":
            out.append(f'<span class="page-break" data-page="{item}">page {item}</span>')
        else:
            out.append(_mark_html(item, esc(text[item.start:item.end])))
            position = item.end
    out.append(esc(text[position:]))
    return "".join(out)


def image_data_uri(image: Image.Image) -> str:
    """A page image as a PNG data URI, shrunk to screen width (grey scans stay grey)."""
    image = image.convert("L" if image.mode in ("1", "L", "I", "I;16", "LA") else "RGB")
    if image.width > MAX_IMAGE_WIDTH:
        height = round(image.height * MAX_IMAGE_WIDTH / image.width)
        image = image.resize((MAX_IMAGE_WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _word_button(word: str, origin: str, label: str) -> str:
    return (f'<button type="button" class="add-word" data-word="{esc(word)}" data-from="{origin}" '
            f'title="ajouter « {esc(word)} » aux mots connus">{esc(label)}</button>')


def _corrections_list(corrections: list[dict[str, Any]], text: str) -> str:
    if not corrections:
        return '<p class="empty">Aucune correction.</p>'
    rows = []
    for number, fix in enumerate(corrections, start=1):
        corrected = esc(fix["corrected"]) or "<em>(supprimé)</em>"
        where = (f'<a href="#fix-{number}" data-fix="{number}">{corrected}</a>' if placed(fix, text)
                 else f'{corrected} <em class="unplaced">(non placée dans le texte)</em>')
        words = [_word_button(w, origin, f"+ « {w} »")
                 for w, origin in ((fix["corrected"], "corrected"), (fix["original"], "original"))
                 if w.strip()]
        rows.append(
            f'<tr data-fix="{number}"><td>{number}</td><td class="original">{esc(fix["original"])}</td>'
            f'<td>{where}</td><td>{esc(fix["page"])}</td><td>{esc(fix["reason"])}</td>'
            f'<td>{fix["confidence"]:.2f}</td>'
            f'<td class="verdict"><button type="button" class="verdict accept" data-fix="{number}" '
            f'data-verdict="accepted">accepter</button><button type="button" class="verdict reject" '
            f'data-fix="{number}" data-verdict="rejected">rejeter</button></td>'
            f'<td class="words">{"".join(words)}</td></tr>'
        )
    return ('<table class="corrections"><thead><tr><th>#</th><th>Original</th><th>Corrigé</th>'
            '<th>Page</th><th>Raison</th><th>Confiance</th><th>Décision</th><th>Mots connus</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _words_list(css_class: str, words: list[tuple[str, str]], addable: bool) -> str:
    if not words:
        return '<p class="empty">Aucun.</p>'
    items = "".join(f'<li><span class="{css_class}">{esc(w)}</span>{esc(extra)} '
                    f'{_word_button(w, "unknown", "ajouter le mot") if addable else ""}</li>'
                    for w, extra in words)
    return f'<ul class="words">{items}</ul>'


def _scan_column(images: list[PageImage], raw_text: str, note: str | None) -> str:
    if images:
        figures = "".join(
            f'<figure class="page" id="page-{p.number}" data-page="{p.number}"'
            + (f' data-width="{p.width}" data-height="{p.height}"' if p.width and p.height else "")
            + f'><div class="sheet"><img src="{image_data_uri(p.image)}" alt="page {p.number}"></div>'
            f"<figcaption>Page {p.number}</figcaption></figure>"
            for p in images
        )
        zoom = ('<p class="zoom"><button type="button" data-zoom="-1">−</button>'
                '<button type="button" data-zoom="0">ajuster</button>'
                '<button type="button" data-zoom="1">+</button> <span id="zoom-level">100 %</span></p>')
        noted = f'<p class="note">{esc(note)}</p>' if note else ""
        return f'{zoom}{noted}<div class="pages">{figures}</div>'
    note = note or "Pas d'image de la source : voici le texte tel qu'extrait, avant correction."
    return f'<p class="note">{esc(note)}</p><pre class="raw">{esc(raw_text)}</pre>'


@cache
def asset(name: str) -> str:
    """One of the page's static files (``review.js``, ``review.css``), shipped with the package."""
    return resources.files("pipeline.review").joinpath("assets", name).read_text(encoding="utf-8")


def csp_hash(content: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(served: bool) -> str:
    """Nothing but the page's own script and style, images embedded, requests only back to the
    local server that served it."""
    connect = "'self'" if served else "'none'"
    return ("default-src 'none'; "
            f"script-src {csp_hash(asset('review.js'))}; style-src {csp_hash(asset('review.css'))}; "
            f"img-src data:; connect-src {connect}; base-uri 'none'; form-action 'none'")


def _data_json(value: Any) -> str:
    """JSON safe inside a ``<script type="application/json">``: no ``<`` can close it."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def render_review(document: dict[str, Any], images: list[PageImage] | list[Image.Image],
                  note: str | None = None, saving: Saving | None = None,
                  decisions: Decisions | None = None, source_shown: str | None = None) -> str:
    """The review page of one fiches document (schema 1 or 2), as a self-contained HTML string. Pure.

    ``images`` are the source's pages in order; when empty, the raw text stands in for the
    scan. ``note`` says why there is no image (or anything else to know). ``saving`` says
    where the decisions go (None: the sidecar name is derived from the source's name);
    ``decisions`` are those saved earlier, shown as already taken.
    """
    pages_shown = [p if isinstance(p, PageImage) else PageImage(p, n) for n, p in enumerate(images, start=1)]
    text = document["text"]
    marks = find_marks(document)
    pages = document.get("pages", [])
    corrections = document.get("corrections", [])
    confidences = [p["confidence"] for p in pages if p.get("confidence") is not None]
    title = document.get("title") or Path(document["source"]["path"]).name
    facts = [f"id {document['id']}", document["source"]["media_type"], f"{len(pages)} page(s)",
             ", ".join(sorted({p["method"] for p in pages})),
             f"confiance OCR moyenne {sum(confidences) / len(confidences):.1f}" if confidences else "",
             f"{len(corrections)} correction(s)",
             f"{len(document.get('unknown_words', []))} mot(s) inconnu(s)"]
    unknown = [(w, "") for w in dict.fromkeys(document.get("unknown_words", []))]
    low = [(w["text"], f" — {w['confidence']:.0f} (p. {p['number']})")
           for p in pages for w in p.get("low_confidence_words", [])]
    saving = saving or Saving(Path(document["source"]["path"]).stem + ".review.json", "")
    keys = correction_keys(corrections)
    earlier = to_json(decisions or Decisions(document_id=document["id"]))
    data = {"document_id": document["id"], "sidecar_name": saving.sidecar_name,
            "sidecar_path": saving.sidecar_path, "endpoint": saving.endpoint, "token": saving.token,
            "corrections": [{"original": k.original, "corrected": k.corrected, "page": k.page,
                             "occurrence": k.occurrence} for k in keys],
            "decisions": {"corrections": earlier["corrections"], "words": earlier["words"]}}
    where = (f"enregistrées dans <code>{esc(saving.sidecar_path)}</code> à chaque clic" if saving.endpoint
             else "à télécharger (bouton ci-dessous) et à placer à côté du JSON"
             + (f" : <code>{esc(saving.sidecar_path)}</code>" if saving.sidecar_path else ""))
    source_line = source_shown or document["source"]["path"]
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(content_security_policy(bool(saving.endpoint)))}">
<meta name="generator" content="{GENERATOR}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relecture — {esc(title)}</title>
<style>{asset("review.css")}</style></head>
<body>
<header><h1>{esc(title)}</h1>
<p class="facts">{esc(" · ".join(f for f in facts if f))} — source : {esc(source_line)}</p>
<p class="legend"><mark class="fix">correction</mark><span class="unknown">mot inconnu</span>
<span class="lowconf">faible confiance OCR</span><a class="url" href="#">lien</a>
<span class="saving">Décisions {where}. <output id="save-status"></output>
<button type="button" id="download" hidden>Télécharger {esc(saving.sidecar_name)}</button></span></p>
</header>
<main class="review">
<section class="scan"><h2>Source</h2>{_scan_column(pages_shown, document.get("raw_text", ""), note)}</section>
<section class="text"><h2>Texte nettoyé</h2>
<div class="cleaned">{marked_text(text, marks, page_starts(document))}</div></section>
</main>
<section class="lists">
<div id="corrections"><h2>Corrections ({len(corrections)})</h2>
{_corrections_list(corrections, text)}</div>
<div id="unknown-words"><h2>Mots inconnus ({len(unknown)})</h2>{_words_list("unknown", unknown, True)}</div>
<div id="low-confidence-words"><h2>Mots de faible confiance OCR ({len(low)})</h2>
{_words_list("lowconf", low, False)}</div>
</section>
<script type="application/json" id="review-data">{_data_json(data)}</script>
<script>{asset("review.js")}</script>
</body></html>
"""
