"""How log lines look: ``fiches: message``, or one JSON object a line for log collectors."""

from __future__ import annotations

import json
import logging

TEXT_FORMAT = "fiches: %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, message."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps({"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                           "level": record.levelname.lower(), "message": record.getMessage()},
                          ensure_ascii=False)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter of ``--log-format`` ("text" or "json") for stderr."""
    return JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
