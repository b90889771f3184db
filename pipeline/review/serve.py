"""``fiches review --serve``: the review pages on 127.0.0.1, each decision saved beside its JSON at once.

A static page cannot write a file, and an archivist should not have to find a download and
move it next to the right JSON: served, a click is saved where the next run reads it.
The server answers only on the loopback interface, only to requests naming it as their
Host (no DNS rebinding), and saves only with the token this run put in its own pages (a
custom header, so another site's page cannot send it without a CORS preflight that is
never granted). It writes one kind of file, the sidecar ``<name>.review.json`` of a
document it serves, and never over a file that is not a sidecar.
"""

from __future__ import annotations

import json
import logging
import secrets
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline import emit
from pipeline.errors import FichesError, UsageError
from pipeline.review import decisions as sidecars
from pipeline.review.page import Saving
from pipeline.review.write import index_html, need_of, read_document, review_html, survey

log = logging.getLogger("fiches.review")

HOST = "127.0.0.1"


class ReviewServer(ThreadingHTTPServer):
    """The documents under a folder (or one document), by number: ``/`` the index, ``/doc/N`` a page,
    ``POST /doc/N/decisions`` its sidecar."""

    daemon_threads = True

    def __init__(self, documents: list[Path], root: Path, source: Path | None, port: int = 0) -> None:
        super().__init__((HOST, port), ReviewHandler)
        self.documents = documents
        self.root = root
        self.source = source
        self.token = secrets.token_urlsafe(24)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def saving(self, number: int) -> Saving:
        sidecar = sidecars.sidecar_path(self.documents[number])
        return Saving(sidecar.name, str(sidecar), endpoint=f"/doc/{number}/decisions", token=self.token)


def _document_number(server: ReviewServer, path: str, suffix: str = "") -> int | None:
    parts = path.removesuffix(suffix).split("/")
    if len(parts) == 3 and parts[:2] == ["", "doc"] and parts[2].isdigit():
        number = int(parts[2])
        return number if number < len(server.documents) else None
    return None


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewServer
    MAX_BODY = sidecars.MAX_SIDECAR_BYTES

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.debug("review server: " + format, *args)

    def _host_ok(self) -> bool:
        return self.headers.get("Host") == f"{HOST}:{self.server.server_address[1]}"

    def _send(self, status: HTTPStatus, body: str, content_type: str = "text/plain; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if not self._host_ok():
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, "wrong host")
        path = unquote(urlsplit(self.path).path)
        server = self.server
        try:
            if path == "/":
                found, failures = survey_numbered(server)
                needs = [need_of(document, server.documents[n], Path(f"doc/{n}")) for n, document in found]
                return self._send(HTTPStatus.OK, index_html(server.root, needs, failures, served=True),
                                  "text/html; charset=utf-8")
            number = _document_number(server, path)
            if number is None:
                return self._send(HTTPStatus.NOT_FOUND, "no such page")
            page = review_html(server.documents[number], server.source, server.saving(number))
            return self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
        except FichesError as exc:
            return self._send(HTTPStatus.UNPROCESSABLE_ENTITY, f"fiches: error: {exc}")

    def do_POST(self) -> None:  # noqa: N802 - the base class's name
        server = self.server
        if not self._host_ok():
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, "wrong host")
        if not secrets.compare_digest(self.headers.get("X-Fiches-Token", ""), server.token):
            return self._send(HTTPStatus.FORBIDDEN, "not a page of this review")
        number = _document_number(server, unquote(urlsplit(self.path).path), "/decisions")
        if number is None:
            return self._send(HTTPStatus.NOT_FOUND, "no such document")
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= self.MAX_BODY:
            return self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "decisions missing or too large")
        try:
            decided = sidecars.parse(json.loads(self.rfile.read(length)))
        except ValueError as exc:
            return self._send(HTTPStatus.BAD_REQUEST, str(exc))
        sidecar = sidecars.sidecar_path(server.documents[number])
        if sidecar.exists():
            try:
                sidecars.read(sidecar)
            except FichesError as exc:
                return self._send(HTTPStatus.CONFLICT, f"{exc}; not a review file of ours, left as it is")
        emit.write_atomic(sidecar, json.dumps(sidecars.to_json(decided), ensure_ascii=False, indent=1) + "\n")
        log.info("decisions saved to %s", sidecar)
        return self._send(HTTPStatus.OK, str(sidecar))


def survey_numbered(server: ReviewServer) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """The served documents that read well, by number, and one line for each that does not."""
    found, failures = [], []
    for number, path in enumerate(server.documents):
        try:
            found.append((number, read_document(path)))
        except FichesError as exc:
            failures.append(str(exc))
    return found, failures


def make_server(target: Path, source: Path | None = None, port: int = 0) -> ReviewServer:
    """The server for a folder of documents or one JSON file (not started)."""
    if target.is_dir():
        root = target.resolve()
        documents, failures = survey(root)
        for failure in failures:
            log.warning("%s", failure)
        paths = [path.resolve() for path, _ in documents]
    elif target.is_file():
        root, paths = target.resolve().parent, [target.resolve()]
    else:
        raise UsageError(f"{target}: no such file or folder")
    try:
        return ReviewServer(paths, root, source, port)
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{port} ({exc.strerror or exc})") from exc
