"""Hostile and unlucky input, misuse and faults: generated here, run through the real ``fiches run``.

Each class of issue 19: writes outside the output folder, one bad document stopping the batch,
tracebacks where one line is owed, input not checked at the door. The run report and the exit
code must tell the truth on every path (normal, failed, still failing, SIGINT, SIGTERM, missing
dependency, scheduler down).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures import FRENCH_SENTENCE, REPO, render_text_image, save_image
from PIL import Image

from pipeline.batch import INDEX_NAME, REPORT_NAME, load_run_report
from pipeline.errors import EXIT_MISSING_DEPENDENCY, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE


def fiches(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 600,
           cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=timeout, errors="replace")


def note(folder: Path, name: str | bytes, number: int = 1) -> Path:
    """A short transcription; ``name`` may be bytes (a name that is not UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name if isinstance(name, bytes)
                                         else os.fsencode(name))))
    path.write_text(f"Compte rendu n° {number}\n\n{FRENCH_SENTENCE}, séance {number}.\n", encoding="utf-8")
    return path


def outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.json") if not p.name.startswith("."))


# --- writes and deletions outside the output folder -------------------------------------------


def test_index_entries_pointing_outside_are_ignored_never_written_nor_pruned(tmp_path: Path) -> None:
    inputs, out, victim = tmp_path / "in", tmp_path / "out", tmp_path / "victim"
    note(inputs, "a.txt")
    gone = note(inputs, "b.txt", 2)
    victim.mkdir()
    (victim / "over.json").write_text("precious", encoding="utf-8")
    (victim / "abs.json").write_text("precious too", encoding="utf-8")
    out.mkdir()
    (out / INDEX_NAME).write_text("".join(json.dumps(line) + "\n" for line in [
        {"source": str(inputs / "a.txt"), "output": "../victim/over.json", "status": "ok"},
        {"source": str(gone), "output": str(victim / "abs.json"), "status": "ok"},
    ]), encoding="utf-8")
    gone.unlink()  # its index line (pointing outside) is what --prune would delete
    result = fiches("run", inputs, "--out", out, "--prune", "--no-correct")
    assert result.returncode == EXIT_OK, result.stderr
    assert (victim / "over.json").read_text(encoding="utf-8") == "precious"
    assert (victim / "abs.json").read_text(encoding="utf-8") == "precious too"
    assert "Traceback" not in result.stderr
    report = load_run_report(out)
    assert len(report["ignored_index_entries"]) == 2
    assert [p.name for p in outputs(out)] == ["a.json"]


def test_out_inside_the_input_is_refused_and_in_place_never_overwrites_the_users_files(
        tmp_path: Path) -> None:
    inputs = tmp_path / "archive"
    note(inputs, "notes.txt")
    note(inputs, "cr.txt", 2)
    (inputs / "notes.json").write_text('{"mine": true}', encoding="utf-8")
    for out in (inputs, inputs / "clean"):
        refused = fiches("run", inputs, "--out", out)
        assert refused.returncode == EXIT_USAGE
        assert "--in-place" in refused.stderr and "Traceback" not in refused.stderr
    assert not (inputs / "clean").exists() and not (inputs / REPORT_NAME).exists()

    allowed = fiches("run", inputs, "--out", inputs, "--in-place", "--no-correct")
    assert allowed.returncode == EXIT_SOME_FAILED, allowed.stderr
    assert (inputs / "notes.json").read_text(encoding="utf-8") == '{"mine": true}'
    assert json.loads((inputs / "cr.json").read_text(encoding="utf-8"))["text"]
    report = load_run_report(inputs)
    assert [(Path(f["path"]).name, f["error"]) for f in report["failures"]] == [("notes.txt", "OutputExists")]
    assert "notes.json" in allowed.stderr and "not written by fiches" in allowed.stderr


def test_symlinked_output_subfolder_leading_outside_is_refused(tmp_path: Path) -> None:
    inputs, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    note(inputs / "lot", "a.txt")
    note(inputs, "b.txt", 2)
    elsewhere.mkdir()
    out.mkdir()
    (out / "lot").symlink_to(elsewhere, target_is_directory=True)
    result = fiches("run", inputs, "--out", out, "--no-correct")
    assert result.returncode == EXIT_SOME_FAILED
    assert not list(elsewhere.iterdir())
    report = load_run_report(out)
    assert [(Path(f["path"]).name, f["error"]) for f in report["failures"]] == [("a.txt", "UnsafePath")]
    assert (out / "b.json").is_file()


# --- every document fails alone ----------------------------------------------------------------


def test_names_that_are_not_utf8_too_long_or_hold_control_characters(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    latin1 = note(inputs, "réunion".encode("latin-1") + b".txt", 1)
    long = note(inputs, "a" * 250 + ".txt", 2)
    newline = note(inputs, "faux\nfiches: error: tout va bien.txt", 3)
    plain = note(inputs, "plain.txt", 4)
    result = fiches("run", inputs, "--out", out, "--no-correct")
    assert result.returncode == EXIT_OK, result.stderr
    report = load_run_report(out)
    assert report["processed"] == 4 and report["failed"] == 0
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in outputs(out)]
    assert len(documents) == 4
    for path in outputs(out):
        assert len(os.fsencode(path.name)) <= 255
        path.name.encode("utf-8")  # every output name is valid UTF-8
        assert "\n" not in path.name
    paths = {d["source"]["path"] for d in documents}
    assert str(long) in paths and str(newline) in paths and str(plain) in paths
    assert str(inputs / "r\\xe9union.txt") in paths  # the original, its non-UTF-8 byte escaped
    assert str(latin1) not in paths
    # A name cannot fake a log line: no stderr line starts with the forged text.
    assert not any(line.startswith("fiches: error: tout va bien") for line in result.stderr.splitlines())
    assert "faux\\nfiches" in result.stderr


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 160 KB tmpfs: where root may mount one; skipped elsewhere (the only skip of this class)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_fails_the_document_alone_and_the_report_says_so(tmp_path: Path, small_disk: Path) -> None:
    inputs, out = tmp_path / "in", small_disk / "out"
    note(inputs, "a.txt", 1)
    note(inputs, "c.txt", 3)
    words = " ".join(f"mot{i}" for i in range(25))
    (inputs / "b-gros.txt").write_text("\n".join(f"{words} {i}." for i in range(1200)), encoding="utf-8")
    result = fiches("run", inputs, "--out", out, "--no-correct", "--jobs", "1")
    assert result.returncode == EXIT_SOME_FAILED, result.stderr
    assert "Traceback" not in result.stderr
    report = load_run_report(out)
    assert report["exit_code"] == EXIT_SOME_FAILED
    assert [Path(f["path"]).name for f in report["failures"]] == ["b-gros.txt"]
    assert "No space left" in report["failures"][0]["reason"]
    assert report["processed"] == 2
    assert sorted(p.name for p in outputs(out)) == ["a.json", "c.json"]
    assert "b-gros.txt" in result.stderr


# --- the run report and the exit code on every path ---------------------------------------------


def test_unchanged_failures_are_skipped_as_still_failing_and_quiet_prints_nothing(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    note(inputs, "a.txt")
    (inputs / "vide.pdf").write_bytes(b"")
    first = fiches("run", "-q", inputs, "--out", out, "--no-correct")
    assert first.returncode == EXIT_SOME_FAILED and "vide.pdf" in first.stderr

    again = fiches("run", inputs, "--out", out, "-q", "--no-correct")  # -q after the command
    assert again.returncode == EXIT_OK
    assert again.stderr == ""
    report = load_run_report(out)
    assert report["exit_code"] == EXIT_OK and report["failed"] == 0 and report["still_failing"] == 1
    assert Path(report["still_failing_documents"][0]["path"]).name == "vide.pdf"

    retried = fiches("run", inputs, "--out", out, "--retry-failed", "--no-correct")
    assert retried.returncode == EXIT_SOME_FAILED and load_run_report(out)["failed"] == 1

    (inputs / "vide.pdf").write_text("Maintenant une note.\n", encoding="utf-8")  # changed: tried again
    (inputs / "vide.pdf").rename(inputs / "vide.txt")
    fixed = fiches("run", inputs, "--out", out, "--no-correct")
    assert fixed.returncode == EXIT_OK, fixed.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_mid_batch_writes_a_true_report_and_exits_128_plus_the_signal(
        tmp_path: Path, signum: int) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for i in range(4):
        text = "\n".join(f"Ligne {j} de la fiche {i} : {FRENCH_SENTENCE}" for j in range(6))
        save_image(render_text_image(text, font_size=10), inputs / f"scan-{i}.png")
    command = [sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out), "--jobs", "1"]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not outputs(out) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    report = load_run_report(out)
    assert report["exit_code"] == 128 + signum
    assert signal.Signals(signum).name in report["stopped"]
    assert report["processed"] >= 1 and report["not_reached"] >= 1
    assert report["processed"] + report["failed"] + report["not_reached"] == 4
    assert len(outputs(out)) == report["processed"]


def test_missing_dependency_and_unreachable_scheduler_are_reported_with_exit_3(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(2):
        save_image(render_text_image(f"{FRENCH_SENTENCE} {i}", width_cm=16), inputs / f"s{i}.png")
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    missing = fiches("run", inputs, "--out", tmp_path / "out1", "--jobs", "1", env=env)
    assert missing.returncode == EXIT_MISSING_DEPENDENCY
    report = load_run_report(tmp_path / "out1")
    assert report["exit_code"] == EXIT_MISSING_DEPENDENCY and report["not_reached"] == 2

    down = fiches("run", inputs, "--out", tmp_path / "out2", "--scheduler", "tcp://127.0.0.1:9")
    assert down.returncode == EXIT_MISSING_DEPENDENCY, down.stderr
    assert "scheduler" in down.stderr and "Traceback" not in down.stderr
    report = load_run_report(tmp_path / "out2")
    assert report["exit_code"] == EXIT_MISSING_DEPENDENCY and report["not_reached"] == 2


# --- inputs checked at the door -----------------------------------------------------------------


@pytest.mark.parametrize(("option", "value", "reason"), [
    ("--timeout", "-5", "above 0"), ("--timeout", "nan", "finite"), ("--timeout", "inf", "finite"),
    ("--dpi", "0", "between"), ("--dpi", "100000", "between"), ("--jobs", "0", "at least 1"),
    ("--include", "/abs/*.pdf", "relative"),
])
def test_option_values_are_checked_by_the_parser(tmp_path: Path, option: str, value: str, reason: str,
                                                 capsys) -> None:
    from pipeline import cli

    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", str(tmp_path), "--out", str(tmp_path / "out"), f"{option}={value}"])
    assert exit_.value.code == EXIT_USAGE
    assert reason in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_out_under_a_file_and_unwritable_log_file_are_one_line_before_the_lock(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    note(inputs, "a.txt")
    blocker = tmp_path / "fichier"
    blocker.write_text("x", encoding="utf-8")
    for out in (blocker, blocker / "sous"):
        result = fiches("run", inputs, "--out", out)
        assert result.returncode == EXIT_USAGE
        assert result.stderr.count("\n") == 1 and "--out" in result.stderr
    logged = fiches("run", inputs, "--out", tmp_path / "out", "--log-file", blocker / "run.log")
    assert logged.returncode == EXIT_USAGE
    assert "--log-file" in logged.stderr and "Traceback" not in logged.stderr
    assert not (tmp_path / "out").exists()


def test_links_that_loop_or_dangle_and_skipped_types_are_reported(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    note(inputs, "a.txt")
    (inputs / "perdu.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (inputs / "boucle.txt").symlink_to(inputs / "boucle.txt")
    (inputs / "sous").mkdir()
    (inputs / "sous" / "retour").symlink_to(inputs, target_is_directory=True)
    (inputs / "lettre.docx").write_bytes(b"PK\x03\x04")
    (inputs / "photo.webp").write_bytes(b"RIFF")
    (inputs / "autre.webp").write_bytes(b"RIFF")
    result = fiches("run", inputs, "--out", out, "--no-correct", "--exclude", "autre.*")
    assert result.returncode == EXIT_OK, result.stderr
    report = load_run_report(out)
    reasons = {Path(u["path"]).name: u["reason"] for u in report["unreadable"]}
    assert "dangling" in reasons["perdu.pdf"] and "loops" in reasons["boucle.txt"]
    assert "loops" in reasons["retour"]
    assert report["skipped_types"] == {".docx": 1, ".webp": 1}
    assert "perdu.pdf" in result.stderr and ".docx" in result.stderr
    assert report["processed"] == 1


def test_global_options_after_the_command_and_verbose_stage_timings(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    note(inputs, "a.txt")
    result = fiches("run", inputs, "--out", out, "-v", "--log-format", "json", "--no-correct")
    assert result.returncode == EXIT_OK, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert any("extract" in line["message"] and "segment" in line["message"] for line in lines)
    assert {"time", "level", "message"} <= set(lines[0])


def test_text_files_that_are_not_prose_are_refused_with_the_reason(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    note(inputs, "a.txt")
    (inputs / "manifest.txt").write_text(json.dumps({"files": ["a.pdf", "b.pdf"], "n": 2}, indent=1),
                                         encoding="utf-8")
    (inputs / "table.txt").write_text("id;titre;date\n1;Réunion;2019-03-05\n2;Atelier;2019-04-02\n"
                                      "3;Forum;2019-05-12\n", encoding="utf-8")
    (inputs / "page.txt").write_text('<?xml version="1.0"?>\n<page><line>Réunion</line></page>\n',
                                     encoding="utf-8")
    result = fiches("run", inputs, "--out", out, "--no-correct")
    assert result.returncode == EXIT_SOME_FAILED
    failures = {Path(f["path"]).name: f["reason"] for f in load_run_report(out)["failures"]}
    assert set(failures) == {"manifest.txt", "table.txt", "page.txt"}
    assert "JSON" in failures["manifest.txt"] and "table" in failures["table.txt"]
    assert "XML" in failures["page.txt"]
    shown = fiches("show", inputs / "manifest.txt")
    assert shown.returncode == EXIT_SOME_FAILED and "not a prose transcription" in shown.stderr


def test_word_lists_are_read_as_people_save_them(tmp_path: Path) -> None:
    import shutil

    from pipeline import lexicon
    from pipeline.errors import BadDictionary
    from pipeline.settings import DEFAULT_DICTIONARIES

    dictionaries = tmp_path / "dictionaries"
    shutil.copytree(DEFAULT_DICTIONARIES, dictionaries)
    user = dictionaries / "user.txt"
    user.write_bytes("\ufeffHaddad\r\nCOPIL\r\n".encode())  # Notepad: BOM and CRLF
    notepad = lexicon.load_uncached(dictionaries, tmp_path / "cache")
    assert notepad.is_word("Haddad") and notepad.is_acronym("COPIL")
    assert not any("\ufeff" in word or "\r" in word for word in notepad.frequencies)
    user.write_bytes("Wattignollès\nHénin-Beaumont\n".encode("latin-1"))
    assert lexicon.load_uncached(dictionaries, tmp_path / "cache").is_word("Wattignollès")
    user.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(BadDictionary, match="user.txt"):
        lexicon.check(dictionaries)
    result = fiches("run", note(tmp_path / "in", "a.txt").parent, "--out", tmp_path / "out",
                    "--dictionaries", dictionaries)
    assert result.returncode == EXIT_MISSING_DEPENDENCY
    assert "user.txt" in result.stderr and "UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_or_empty_dictionary_folder_is_exit_3_in_run_show_and_doctor(tmp_path: Path) -> None:
    inputs = note(tmp_path / "in", "a.txt").parent
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "nonexistent", tmp_path / "empty"):
        run = fiches("run", inputs, "--out", tmp_path / "out", "--dictionaries", folder)
        assert run.returncode == EXIT_MISSING_DEPENDENCY and str(folder) in run.stderr
        show = fiches("show", inputs / "a.txt", "--dictionaries", folder)
        assert show.returncode == EXIT_MISSING_DEPENDENCY
        doctor = fiches("doctor", "--dictionaries", folder)
        assert doctor.returncode == EXIT_MISSING_DEPENDENCY and "dictionaries" in doctor.stdout
    assert not (tmp_path / "out").exists()


def test_the_document_budget_covers_every_stage(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    note(inputs, "a.txt")
    # A fresh worker loads its dictionaries and spaCy model (seconds) before the first document is
    # done: far over a budget of a tenth of a second, though no Tesseract is involved.
    result = fiches("run", inputs, "--out", out, "--doc-timeout", "0.1")
    assert result.returncode == EXIT_SOME_FAILED, result.stderr
    failures = load_run_report(out)["failures"]
    assert [(Path(f["path"]).name, f["error"]) for f in failures] == [("a.txt", "DocumentTimeout")]
    assert "--doc-timeout" in failures[0]["reason"]


def _swallowing_once() -> None:
    """A document's work whose first stage catches every exception, as a library's fallback does."""
    try:
        for _ in range(20):
            time.sleep(0.05)
    except Exception:  # noqa: BLE001 - what the budget must survive
        pass
    for _ in range(100):
        time.sleep(0.05)


@pytest.mark.parametrize("in_thread", [False, True], ids=["main thread", "worker thread"])
def test_a_document_budget_swallowed_once_is_raised_again(in_thread: bool) -> None:
    from pipeline.errors import DocumentTimeout
    from pipeline.process import budget

    raised: list[BaseException] = []

    def document() -> None:
        try:
            with budget(0.1):
                _swallowing_once()
        except DocumentTimeout as error:
            raised.append(error)

    start = time.monotonic()
    if in_thread:
        import threading

        thread = threading.Thread(target=document)
        thread.start()
        thread.join()
    else:
        document()
    assert raised, "the budget was lost with the first exception swallowed"
    assert time.monotonic() - start < 4.0


def test_images_are_never_processed_above_the_pixel_budget(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from pipeline.extract import MAX_PAGE_PIXELS, ocr_images
    from pipeline.settings import Settings

    low = tmp_path / "low-dpi.png"
    Image.new("L", (4000, 4000), 255).save(low, dpi=(50, 50))  # enlarged six-fold: 576 Mpx
    huge = tmp_path / "huge.pdf"
    pdf = canvas.Canvas(str(huge), pagesize=(14400, 14400))  # 200 x 200 inches: 3.6 Gpx at 300 DPI
    pdf.drawString(100, 100, "Compte rendu")
    pdf.save()
    for path in (low, huge):
        (image,) = list(ocr_images(path, Settings()))
        assert image.width * image.height <= MAX_PAGE_PIXELS
        assert image.width * image.height >= MAX_PAGE_PIXELS * 0.9  # scaled to the budget, not below


def test_a_decompression_bomb_is_one_line_naming_the_file(tmp_path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    bomb = tmp_path / "bombe.png"
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))
    shown = fiches("show", bomb)
    assert shown.returncode == EXIT_SOME_FAILED
    assert shown.stderr.count("\n") == 1 and "bombe.png" in shown.stderr and "too large" in shown.stderr


def test_export_and_review_never_replace_a_file_that_is_not_theirs(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    note(inputs, "a.txt")
    assert fiches("run", inputs, "--out", out, "--no-correct").returncode == EXIT_OK
    document = out / "a.json"
    before = document.read_bytes()
    review = fiches("review", document, "--out", document)
    assert review.returncode == EXIT_USAGE and "Traceback" not in review.stderr
    assert document.read_bytes() == before
    table = tmp_path / "tables.csv"
    table.write_text("x", encoding="utf-8")
    export = fiches("export", "--input", out, "--out", table, "--format", "csv")
    assert export.returncode == EXIT_USAGE and "--out" in export.stderr and "Traceback" not in export.stderr
    assert table.read_text(encoding="utf-8") == "x"


def test_long_documents_show_their_page_progress(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    frames = [render_text_image(f"Page {i}", width_cm=6) for i in range(10)]
    frames[0].save(inputs / "liasse.tif", save_all=True, append_images=frames[1:], dpi=(300, 300))
    result = fiches("run", inputs, "--out", out, "--no-second-pass", "--no-correct")
    assert result.returncode == EXIT_OK, result.stderr
    assert "liasse.tif: 10/10 pages" in result.stderr
