"""One self-contained HTML page to review what the corrector did, beside the scan itself.

Archivists would rather look than read a log: each page image sits beside the cleaned
text, every correction is highlighted with its original on hover, unknown and
low-confidence words are marked, URLs are links, and a list of all corrections ends
with a button that copies a word for the user dictionary.

The page has no external resource: images are PNG data URIs, CSS and JS are inline,
so it can be mailed or opened from a USB stick. Every piece of document text is escaped.
:func:`render_review` is pure (document + images → HTML); :func:`write_review` does the I/O.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from pipeline import emit, patterns
from pipeline.errors import BadInput, FichesError
from pipeline.load import read_document

log = logging.getLogger("fiches.review")

REVIEW_DPI = 100
"""Resolution the pages are rendered at for the page: enough to read an A4 scan on screen."""
MAX_IMAGE_WIDTH = 1100
USER_DICTIONARY = "dictionaries/user.txt"


@dataclass(frozen=True)
class Mark:
    """A span of the cleaned text to decorate: a correction, a URL, an unknown or low-confidence word."""

    start: int
    end: int
    kind: str
    """"fix", "url", "unknown" or "lowconf" (also the priority order when marks overlap)."""
    info: dict[str, Any]


# -- locating what to mark (pure) --------------------------------------------------------------


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
            info = {"word": low["text"], "confidence": low["confidence"], "page": page["number"]}
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
    for found in patterns.URL.finditer(text):
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


# -- rendering (pure) --------------------------------------------------------------------------


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _mark_html(mark: Mark, content: str) -> str:
    info = mark.info
    if mark.kind == "fix":
        tip = f"avant : {info['original']} · {info['reason']} · confiance {info['confidence']:.2f}"
        css = "fix deleted" if mark.start == mark.end else "fix"
        return (f'<mark class="{css}" id="fix-{info["number"]}" data-original="{esc(info["original"])}" '
                f'title="{esc(tip)}">{content}</mark>')
    if mark.kind == "url":
        return f'<a class="url" href="{esc(info["href"])}" target="_blank" rel="noopener">{content}</a>'
    if mark.kind == "unknown":
        return f'<span class="unknown" title="mot inconnu des dictionnaires">{content}</span>'
    tip = f"confiance OCR {info['confidence']:.0f} (page {info['page']})"
    return f'<span class="lowconf" title="{esc(tip)}">{content}</span>'


def marked_text(text: str, marks: list[Mark]) -> str:
    """The cleaned text as escaped HTML, each mark wrapped in its element."""
    out, position = [], 0
    for mark in marks:
        out.append(esc(text[position:mark.start]))
        out.append(_mark_html(mark, esc(text[mark.start:mark.end])))
        position = mark.end
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


def _copy_button(word: str) -> str:
    return (f'<button type="button" class="copy" data-word="{esc(word)}" '
            f'title="copier pour {USER_DICTIONARY}">copier</button>')


def _corrections_list(corrections: list[dict[str, Any]], text: str) -> str:
    if not corrections:
        return '<p class="empty">Aucune correction.</p>'
    rows = []
    for number, fix in enumerate(corrections, start=1):
        corrected = esc(fix["corrected"]) or "<em>(supprimé)</em>"
        where = (f'<a href="#fix-{number}">{corrected}</a>' if placed(fix, text)
                 else f'{corrected} <em class="unplaced">(non placée dans le texte)</em>')
        rows.append(
            f'<tr><td>{number}</td><td class="original">{esc(fix["original"])}</td><td>{where}</td>'
            f'<td>{esc(fix["page"])}</td><td>{esc(fix["reason"])}</td>'
            f'<td>{fix["confidence"]:.2f}</td><td>{_copy_button(fix["original"])}</td></tr>'
        )
    return ('<table class="corrections"><thead><tr><th>#</th><th>Original</th><th>Corrigé</th>'
            '<th>Page</th><th>Raison</th><th>Confiance</th><th>Dictionnaire</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _words_list(css_class: str, words: list[tuple[str, str]]) -> str:
    if not words:
        return '<p class="empty">Aucun.</p>'
    items = "".join(f'<li><span class="{css_class}">{esc(w)}</span>{esc(extra)} {_copy_button(w)}</li>'
                    for w, extra in words)
    return f'<ul class="words">{items}</ul>'


def _scan_column(page_images: list[Image.Image], raw_text: str, note: str | None) -> str:
    if page_images:
        figures = "".join(
            f'<figure class="page"><img src="{image_data_uri(image)}" alt="page {n}">'
            f"<figcaption>Page {n}</figcaption></figure>"
            for n, image in enumerate(page_images, start=1)
        )
        return (f'<p class="note">{esc(note)}</p>' if note else "") + figures
    note = note or "Pas d'image de la source : voici le texte tel qu'extrait, avant correction."
    return f'<p class="note">{esc(note)}</p><pre class="raw">{esc(raw_text)}</pre>'


STYLE = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "DejaVu Sans",Arial,sans-serif;color:#1a1a1a;background:#f4f4f0}
header{padding:8px 16px;background:#fff;border-bottom:1px solid #ccc}
header h1{margin:0;font-size:1.25em} header p{margin:2px 0;color:#444;font-size:.9em}
.legend span,.legend mark{margin-right:10px}
main.review{display:grid;grid-template-columns:1fr 1fr;gap:12px;padding:12px;height:calc(100vh - 92px)}
main.review>section{overflow:auto;background:#fff;border:1px solid #ccc;padding:10px}
h2{font-size:1.05em;margin:0 0 8px}
figure.page{margin:0 0 12px} figure.page img{max-width:100%;border:1px solid #888;display:block}
figcaption{font-size:.85em;color:#555}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:4px 8px;font-size:.9em}
pre.raw,.cleaned{white-space:pre-wrap;font-family:"DejaVu Serif",Georgia,serif;margin:0}
mark.fix{position:relative;background:#ffd54f;color:inherit;border-bottom:2px solid #e09000;cursor:help}
mark.fix:hover::after{content:"avant : " attr(data-original);position:absolute;left:0;top:100%;z-index:5;
 background:#263238;color:#fff;padding:2px 6px;border-radius:3px;white-space:nowrap;font:13px sans-serif}
mark.fix.flash{outline:3px solid #e65100}
mark.fix.deleted::before{content:"\\2205";color:#b71c1c;font-size:.8em}
.unknown{text-decoration:underline wavy #d32f2f;text-decoration-skip-ink:none}
.lowconf{background:#d6eaff;border-bottom:1px dashed #1565c0}
a.url{color:#0b57d0}
section.lists{padding:0 12px 16px}
section.lists>div{background:#fff;border:1px solid #ccc;padding:10px;margin-top:12px}
table.corrections{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #ddd;padding:2px 6px;
 text-align:left} td.original{color:#b71c1c;text-decoration:line-through}
ul.words{columns:3;margin:0}
button.copy{display:none;font-size:.8em;margin-left:6px} .js button.copy{display:inline-block}
#dictionary-line{display:block;margin-top:8px;font-family:monospace;background:#eef;padding:4px}
"""

SCRIPT = """
document.documentElement.classList.add("js");
function shellQuote(w){return "'" + w.replace(/'/g, "'\\\\''") + "'";}
function showLine(word, copied){
  var out = document.getElementById("dictionary-line");
  out.textContent = (copied ? "Copié. " : "") + "Ligne à ajouter à DICT : " + word +
    "    (printf '%s\\\\n' " + shellQuote(word) + " >> DICT)";
}
function fallbackCopy(word){
  var area = document.createElement("textarea"); area.value = word; document.body.appendChild(area);
  area.select(); var ok = false; try { ok = document.execCommand("copy"); } catch (e) {}
  area.remove(); return ok;
}
document.querySelectorAll("button.copy").forEach(function(button){
  button.addEventListener("click", function(){
    var word = button.dataset.word;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(word).then(function(){ showLine(word, true); },
                                               function(){ showLine(word, fallbackCopy(word)); });
    } else { showLine(word, fallbackCopy(word)); }
  });
});
document.querySelectorAll('table.corrections a[href^="#fix-"]').forEach(function(link){
  link.addEventListener("click", function(){
    var mark = document.querySelector(link.getAttribute("href"));
    if (!mark) { return; }
    mark.classList.add("flash");
    setTimeout(function(){ mark.classList.remove("flash"); }, 1500);
  });
});
""".replace("DICT", USER_DICTIONARY)


def render_review(document: dict[str, Any], page_images: list[Image.Image], note: str | None = None) -> str:
    """The review page of one fiches document (schema 1 or 2), as a self-contained HTML string. Pure.

    ``page_images`` are the source's pages in order; when empty, the raw text stands in
    for the scan. ``note`` says why there is no image (or anything else to know).
    """
    text = document["text"]
    marks = find_marks(document)
    pages = document.get("pages", [])
    confidences = [p["confidence"] for p in pages if p.get("confidence") is not None]
    title = document.get("title") or Path(document["source"]["path"]).name
    facts = [f"id {document['id']}", document["source"]["media_type"], f"{len(pages)} page(s)",
             ", ".join(sorted({p["method"] for p in pages})),
             f"confiance OCR moyenne {sum(confidences) / len(confidences):.1f}" if confidences else "",
             f"{len(document.get('corrections', []))} correction(s)",
             f"{len(document.get('unknown_words', []))} mot(s) inconnu(s)"]
    unknown = [(w, "") for w in dict.fromkeys(document.get("unknown_words", []))]
    low = [(w["text"], f" — {w['confidence']:.0f} (p. {p['number']})")
           for p in pages for w in p.get("low_confidence_words", [])]
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relecture — {esc(title)}</title>
<style>{STYLE}</style></head>
<body>
<header><h1>{esc(title)}</h1>
<p class="facts">{esc(" · ".join(f for f in facts if f))} — source : {esc(document["source"]["path"])}</p>
<p class="legend"><mark class="fix">correction</mark><span class="unknown">mot inconnu</span>
<span class="lowconf">faible confiance OCR</span><a class="url" href="#">lien</a></p></header>
<main class="review">
<section class="scan"><h2>Source</h2>{_scan_column(page_images, document.get("raw_text", ""), note)}</section>
<section class="text"><h2>Texte nettoyé</h2><div class="cleaned">{marked_text(text, marks)}</div></section>
</main>
<section class="lists">
<div id="corrections"><h2>Corrections ({len(document.get("corrections", []))})</h2>
{_corrections_list(document.get("corrections", []), text)}</div>
<div id="unknown-words"><h2>Mots inconnus ({len(unknown)})</h2>{_words_list("unknown", unknown)}</div>
<div id="low-confidence-words"><h2>Mots de faible confiance OCR ({len(low)})</h2>
{_words_list("lowconf", low)}</div>
<div id="dictionary"><h2>Dictionnaire utilisateur</h2>
<p>Le bouton « copier » met le mot dans le presse-papiers ; ajoutez-le sur sa propre ligne à
<code>{USER_DICTIONARY}</code> puis relancez le traitement.</p><output id="dictionary-line"></output></div>
</section>
<script>{SCRIPT}</script>
</body></html>
"""


# -- I/O ---------------------------------------------------------------------------------------


def resolve_source(source_path: str, json_folder: Path) -> Path | None:
    """The source file: as recorded (relative to the working folder), or next to the JSON."""
    recorded = Path(source_path)
    for candidate in (recorded, json_folder / recorded, json_folder / recorded.name):
        if candidate.is_file():
            return candidate
    return None


def page_images(path: Path, dpi: int = REVIEW_DPI) -> list[Image.Image]:
    """The source's pages as images, by :func:`pipeline.extract.render_pages` (PDF pages
    rasterised, every frame of a TIFF)."""
    from pipeline import extract  # imported here: reviewing JSON alone needs no PDF or OCR library

    return list(extract.render_pages(path, dpi=dpi))


def write_review(json_path: Path, out: Path) -> None:
    """Write the review page of the document in ``json_path`` to ``out``.

    The scan is looked up from ``source.path``; when it is a transcription, missing or
    unreadable, the page shows the raw text instead, with a note saying why.
    """
    try:
        document = read_document(json_path)
    except ValueError as exc:
        raise BadInput(str(json_path), str(exc)) from exc
    images: list[Image.Image] = []
    note = None
    source = resolve_source(document["source"]["path"], json_path.parent)
    if document["source"]["media_type"] == "text/plain":
        note = "Source : transcription texte, pas d'image. Texte brut avant correction :"
    elif source is None:
        note = f"Fichier source introuvable ({document['source']['path']}) : texte brut avant correction."
    else:
        try:
            images = page_images(source)
        except (OSError, ValueError, RuntimeError, FichesError) as exc:
            note = f"Impossible d'afficher la source ({exc}) : texte brut avant correction."
    if note:
        log.info("%s: %s", json_path, note)
    emit.write_atomic(out, render_review(document, images, note))
