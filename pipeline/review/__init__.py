"""The archivists' review: an HTML page per document, an index of a folder, and decisions that act.

- :mod:`.page` renders one document's page (pure: document + images → HTML, with its CSP);
- :mod:`.write` reads documents, finds each one's own source, writes pages only where allowed;
- :mod:`.decisions` is the ``<name>.review.json`` sidecar and how the next run applies it;
- :mod:`.serve` is ``fiches review --serve``: the pages on 127.0.0.1, each click saved to the sidecar.
"""

from __future__ import annotations

from pipeline.review.page import Mark, PageImage, find_marks, render_review
from pipeline.review.write import read_document, write_folder_review, write_review

__all__ = ["Mark", "PageImage", "find_marks", "read_document", "render_review", "write_folder_review",
           "write_review"]
