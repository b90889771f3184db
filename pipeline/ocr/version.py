"""Whether Tesseract and its language data are installed, and which version: asked of the command
itself, without pytesseract, which imports pandas (~0.6 s) when it is installed. ``fiches doctor``
and the OCR cache's key need these answers, and neither reads a page."""

from __future__ import annotations

import subprocess
from functools import cache

from packaging.version import InvalidVersion, Version

from pipeline.errors import MissingDependency

COMMAND = "tesseract"
NOT_INSTALLED = "tesseract is not installed or not on PATH"
ANSWER_TIMEOUT = 60
"""Seconds ``tesseract --version`` may take to answer (it takes milliseconds; a hung one is broken)."""


def _ask(option: str) -> str:
    try:
        done = subprocess.run([COMMAND, option], capture_output=True, timeout=ANSWER_TIMEOUT,
                              check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingDependency(NOT_INSTALLED) from exc
    return (done.stdout or done.stderr).decode("utf-8", "replace")


@cache
def tesseract_version() -> str:
    """The installed Tesseract version (``5.3.0``); raises MissingDependency when it is not installed."""
    words = _ask("--version").split()
    try:
        return str(Version(words[1]))
    except (IndexError, InvalidVersion) as exc:
        raise MissingDependency(f"{NOT_INSTALLED} (its --version says {' '.join(words[:3])!r})") from exc


@cache
def available_languages() -> list[str]:
    """Languages Tesseract has data for (``fra`` and ``osd`` are needed)."""
    lines = _ask("--list-langs").splitlines()
    return sorted(line.strip() for line in lines[1:] if line.strip())


def check_language(language: str) -> None:
    """Raise MissingDependency unless Tesseract and its data for ``language`` are installed."""
    if language not in available_languages():
        raise MissingDependency(
            f"Tesseract has no '{language}' language data (apt-get install tesseract-ocr-{language})"
        )
