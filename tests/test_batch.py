"""batch: incremental runs, the index, lock, crash safety, bad input, pruning, Dask.

Most tests drive the real ``fiches run`` in a subprocess (exit codes, stderr, kill -9);
the inputs are transcriptions and scans the tests write themselves.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from fixtures import (
    FRENCH_SENTENCE,
    REPO,
    SHARED,
    build_text_pdf,
    encrypt_pdf,
    render_text_image,
    save_image,
)
from PIL import Image

from pipeline import emit
from pipeline.batch import (
    INDEX_NAME,
    LOCK_NAME,
    BatchOptions,
    Index,
    descendants,
    load_run_report,
    output_lock,
    run_batch,
    share_jobs,
)
from pipeline.errors import EXIT_LOCKED, EXIT_MISSING_DEPENDENCY, EXIT_OK, EXIT_SOME_FAILED
from pipeline.inputs import find_inputs
from pipeline.settings import DEFAULT_DICTIONARIES, Settings

INVALID_PDF = SHARED / "corpus" / "external" / "invalid.pdf"


def fiches(*args: str | Path, env: dict[str, str] | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, env=env, timeout=timeout)


def transcription(folder: Path, name: str, number: int) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Compte rendu n° {number}\n\n{FRENCH_SENTENCE}, séance {number}.\n", encoding="utf-8")
    return path


def outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.json") if not p.name.startswith("."))


def temporary_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def assert_consistent(out: Path, expected: int, failed: int = 0) -> None:
    """Every ok index line names a valid JSON of that source's bytes; no JSON without its line."""
    index = Index(out / INDEX_NAME)
    lines = (out / INDEX_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(index.entries) == expected + failed, "one index line per document"
    ok = [e for e in index.entries.values() if e.status == "ok"]
    assert len(ok) == expected
    files = outputs(out)
    assert len(files) == expected
    assert {out / e.output for e in ok} == set(files)
    for entry in ok:
        document = json.loads((out / entry.output).read_text(encoding="utf-8"))
        emit.validate(document)
        assert document["source"]["sha256"] == entry.sha256
        assert document["id"] == entry.id
    assert not temporary_files(out)


# --- incremental runs ----------------------------------------------------------------------------


def test_second_run_skips_everything_then_redoes_only_what_changed(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    sources = [transcription(inputs, f"cr-{i}.txt", i) for i in range(4)]
    settings = Settings()
    first = run_batch([inputs], out, settings, BatchOptions(jobs=2))
    assert len(first.processed) == 4 and not first.skipped and first.exit_code == EXIT_OK
    assert_consistent(out, 4)

    again = run_batch([inputs], out, settings, BatchOptions(jobs=1))
    assert not again.processed and len(again.skipped) == 4

    os.utime(sources[0], ns=(time.time_ns(), time.time_ns() + 10**9))  # touched, same bytes
    sources[1].write_text("Un autre texte, modifié.\n", encoding="utf-8")
    third = run_batch([inputs], out, settings, BatchOptions(jobs=1))
    assert third.processed == [str(sources[1])]
    assert len(third.skipped) == 3
    assert "modifié" in json.loads((out / "cr-1.json").read_text(encoding="utf-8"))["text"]

    (out / INDEX_NAME).unlink()  # a lost index: the JSON files are checked and adopted, not redone
    rebuilt = run_batch([inputs], out, settings, BatchOptions(jobs=1))
    assert not rebuilt.processed and len(rebuilt.skipped) == 4
    assert_consistent(out, 4)

    forced = run_batch([inputs], out, settings, BatchOptions(jobs=2, force=True))
    assert len(forced.processed) == 4
    assert_consistent(out, 4)


def test_new_dictionary_word_reprocesses(tmp_path: Path) -> None:
    inputs, out, dictionaries = tmp_path / "in", tmp_path / "out", tmp_path / "dictionaries"
    shutil.copytree(DEFAULT_DICTIONARIES, dictionaries)
    transcription(inputs, "a.txt", 1)
    settings = Settings(dictionaries=dictionaries)
    assert len(run_batch([inputs], out, settings, BatchOptions(jobs=1)).processed) == 1
    assert len(run_batch([inputs], out, settings, BatchOptions(jobs=1)).skipped) == 1
    with (dictionaries / "user.txt").open("a", encoding="utf-8") as user:
        user.write("\nmarchandville\n")
    assert len(run_batch([inputs], out, settings, BatchOptions(jobs=1)).processed) == 1


def test_a_run_over_1000_up_to_date_documents_processes_none(tmp_path: Path) -> None:
    """Its time is measured by ``bench/noop_run.py``."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    for i in range(1000):
        folder = inputs / f"lot-{i // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"fiche-{i:04d}.txt").write_text(f"Fiche {i} du conseil citoyen.\n", encoding="utf-8")
    first = fiches("run", "-q", inputs, "--out", out, "--no-correct")
    assert first.returncode == EXIT_OK, first.stderr
    again = fiches("run", "-q", inputs, "--out", out)
    assert again.returncode == EXIT_OK, again.stderr
    report = load_run_report(out)
    assert report["skipped"] == 1000 and report["processed"] == 0


# --- names -------------------------------------------------------------------------------------


def test_output_names_follow_folders_and_never_collide(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    transcription(inputs, "a.txt", 1)
    transcription(inputs / "lot", "b.txt", 2)
    transcription(inputs / "lot", "c.txt", 3)
    build_text_pdf(inputs / "lot" / "c.pdf", [f"Compte rendu\n{FRENCH_SENTENCE}"])
    (inputs / ".cache").mkdir()
    transcription(inputs / ".cache", "hidden.txt", 4)
    assert len(find_inputs([inputs])) == 4
    report = run_batch([inputs], out, Settings(), BatchOptions(jobs=2))
    assert report.exit_code == EXIT_OK, report.failed
    names = {p.relative_to(out).as_posix() for p in outputs(out)}
    assert names == {"a.json", "lot/b.json", "lot/c.txt.json", "lot/c.pdf.json"}
    # A sibling added later does not rename an indexed output.
    save_image(render_text_image(FRENCH_SENTENCE, width_cm=16), inputs / "a.png")
    run_batch([inputs], out, Settings(), BatchOptions(jobs=2))
    names = {p.relative_to(out).as_posix() for p in outputs(out)}
    assert {"a.json", "a.png.json"} <= names


def test_spare_jobs_go_to_pages() -> None:
    assert share_jobs(jobs=4, documents=1) == (1, 4)
    assert share_jobs(jobs=4, documents=2) == (2, 2)
    assert share_jobs(jobs=2, documents=10) == (2, 1)
    assert share_jobs(jobs=3, documents=0) == (1, 3)


# --- cron safety -------------------------------------------------------------------------------


def test_second_run_on_a_locked_folder_exits_75(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    transcription(inputs, "a.txt", 1)
    out.mkdir()
    with output_lock(out):
        second = fiches("run", inputs, "--out", out)
    assert second.returncode == EXIT_LOCKED
    assert "another run holds the lock" in second.stderr
    assert not outputs(out)
    assert fiches("run", inputs, "--out", out).returncode == EXIT_OK
    assert (out / LOCK_NAME).exists()


def test_stale_temporary_files_are_removed_and_inputs_untouched(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    sources = [transcription(inputs, f"{n}.txt", n) for n in range(3)]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sources}
    (out / "lot").mkdir(parents=True)
    (out / ".0.json.x1y2.tmp").write_text('{"half": ', encoding="utf-8")
    (out / "lot" / ".b.json.zz.tmp").write_text("", encoding="utf-8")
    (out / INDEX_NAME).write_text('{"source": "/nowhere/torn.txt", "outp', encoding="utf-8")  # torn line
    result = fiches("run", inputs, "--out", out, "--jobs", "2")
    assert result.returncode == EXIT_OK, result.stderr
    assert not temporary_files(out)
    assert_consistent(out, 3)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sources} == before


def test_vanished_source_is_reported_and_pruned_only_on_request(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    transcription(inputs, "a.txt", 1)
    gone = transcription(inputs, "b.txt", 2)
    assert fiches("run", inputs, "--out", out).returncode == EXIT_OK
    gone.unlink()
    kept = fiches("run", inputs, "--out", out)
    assert kept.returncode == EXIT_OK
    assert "b.json" in kept.stderr and "--prune" in kept.stderr
    assert (out / "b.json").exists()
    assert load_run_report(out)["orphans"] == [str(out / "b.json")]
    pruned = fiches("run", inputs, "--out", out, "--prune")
    assert pruned.returncode == EXIT_OK
    assert not (out / "b.json").exists()
    assert_consistent(out, 1)


def test_sigkill_midway_then_rerun_finishes_the_corpus(tmp_path: Path) -> None:
    """kill -9 a 20-document run once a few outputs exist; the next run completes it cleanly."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for i in range(12):
        text = "\n".join(f"Ligne {j} de la fiche {i} : {FRENCH_SENTENCE}" for j in range(5))
        save_image(render_text_image(text, font_size=10), inputs / f"a-scan-{i:02d}.png")
    for i in range(8):
        transcription(inputs, f"b-note-{i}.txt", i)
    command = [sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out), "--jobs", "2"]
    run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(outputs(out)) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = descendants(run.pid)
    run.send_signal(signal.SIGKILL)
    run.wait()
    run.stderr.close()
    assert run.returncode == -signal.SIGKILL
    done_before = len(outputs(out))
    assert 3 <= done_before < 20, "the kill must land midway"
    for path in outputs(out):
        emit.validate(json.loads(path.read_text(encoding="utf-8")))  # never a half-written JSON
    assert workers, "the run had worker processes"
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "workers outlived the run"

    second = fiches("run", inputs, "--out", out, "--jobs", "2")
    assert second.returncode == EXIT_OK, second.stderr
    report = load_run_report(out)
    assert report["skipped"] == done_before
    assert report["processed"] == 20 - done_before
    assert_consistent(out, 20)
    ids = [json.loads(p.read_text(encoding="utf-8"))["id"] for p in outputs(out)]
    assert len(set(ids)) == 20


# --- failures ----------------------------------------------------------------------------------


def test_bad_input_all_in_one_run(tmp_path: Path) -> None:
    """Every good file gives its JSON, every bad one a clear reason on stderr and in the report."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    good_pdf = build_text_pdf(inputs / "bon.pdf", [f"Compte rendu\n{FRENCH_SENTENCE}"])
    bad = {
        "vide.pdf": "empty",
        "tronque.pdf": "truncated",
        "chiffre.pdf": "encrypted",
        "texte.png": "text",
        "binaire.txt": "not text",
        "minuscule.png": "too small",
    }
    (inputs / "vide.pdf").write_bytes(b"")
    (inputs / "tronque.pdf").write_bytes(good_pdf.read_bytes()[: good_pdf.stat().st_size // 2])
    encrypt_pdf(good_pdf, inputs / "chiffre.pdf", "secret")
    (inputs / "texte.png").write_text(FRENCH_SENTENCE + "\n", encoding="utf-8")
    (inputs / "binaire.txt").write_bytes(bytes(range(256)) * 64)
    Image.new("L", (1, 1), 255).save(inputs / "minuscule.png")
    Image.new("L", (12000, 12000), 255).save(inputs / "blanc.png", dpi=(300, 300))
    (inputs / "latin1.txt").write_bytes(f"Réunion à Lille\n{FRENCH_SENTENCE}\n".encode("latin-1"))
    save_image(render_text_image(f"Compte rendu\n{FRENCH_SENTENCE}", rotate=90), inputs / "couche.png")
    if INVALID_PDF.exists():
        shutil.copy(INVALID_PDF, inputs / "invalid.pdf")
        bad["invalid.pdf"] = "pdf"

    result = fiches("run", inputs, "--out", out, "--jobs", "2")
    assert result.returncode == EXIT_SOME_FAILED, result.stderr
    report = load_run_report(out)
    failures = {Path(f["path"]).name: f["reason"] for f in report["failures"]}
    assert set(failures) == set(bad), failures
    for name, word in bad.items():
        assert word in failures[name].lower(), (name, failures[name])
        line = next(line for line in result.stderr.splitlines() if name in line)
        assert failures[name] in line
        assert not (out / f"{Path(name).stem}.json").exists()

    documents = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in outputs(out)}
    assert set(documents) == {"bon", "blanc", "latin1", "couche"}
    for document in documents.values():
        emit.validate(document)
    assert "Réunion à Lille" in documents["latin1"]["text"]
    assert "conseil citoyen" in documents["couche"]["text"]
    assert documents["blanc"]["pages"][0]["words"] == 0 and documents["blanc"]["warnings"]
    index = Index(out / INDEX_NAME)
    assert sorted(Path(e.source).name for e in index.entries.values() if e.status == "failed") == sorted(bad)


def test_page_timeout_fails_the_document_not_the_run(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    long_page = "\n".join(f"{FRENCH_SENTENCE}, ligne {i}." for i in range(40))
    save_image(render_text_image(long_page), inputs / "longue.png")
    transcription(inputs, "note.txt", 1)
    result = fiches("run", inputs, "--out", out, "--timeout", "0.05")
    assert result.returncode == EXIT_SOME_FAILED, result.stderr
    report = load_run_report(out)
    assert [(Path(f["path"]).name, f["error"]) for f in report["failures"]] == [("longue.png", "PageTimeout")]
    assert (out / "note.json").exists()
    assert "longue.png" in result.stderr


def test_missing_tesseract_stops_the_run_with_code_3(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for i in range(4):
        save_image(render_text_image(f"{FRENCH_SENTENCE} {i}", width_cm=16), inputs / f"scan-{i}.png")
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    result = fiches("run", inputs, "--out", out, "--jobs", "1", env=env)
    assert result.returncode == EXIT_MISSING_DEPENDENCY, result.stderr
    assert "tesseract" in result.stderr.lower() and "doctor" in result.stderr
    report = load_run_report(out)
    assert report["stopped"] and report["failed"] == 0 and not outputs(out)
    assert report["exit_code"] == EXIT_MISSING_DEPENDENCY and report["not_reached"] == 4


# --- progress and logs -------------------------------------------------------------------------


def test_log_file_gets_one_line_per_document_and_quiet_stderr_nothing(tmp_path: Path) -> None:
    inputs, out, log = tmp_path / "in", tmp_path / "out", tmp_path / "logs" / "run.log"
    for i in range(3):
        transcription(inputs, f"{i}.txt", i)
    result = fiches("run", inputs, "--out", out, "-q", "--log-file", log)
    assert result.returncode == EXIT_OK
    assert result.stderr == ""
    lines = log.read_text(encoding="utf-8").splitlines()
    assert sum(f"{i}.txt" in line for line in lines for i in range(3)) == 3
    assert "3 processed" in lines[-1]


# --- Dask ----------------------------------------------------------------------------------------


def test_dask_cluster_produces_the_same_outputs(tmp_path: Path) -> None:
    from distributed import LocalCluster

    inputs = tmp_path / "in"
    for i in range(3):
        transcription(inputs, f"cr-{i}.txt", i)
    save_image(render_text_image(f"Compte rendu\n{FRENCH_SENTENCE}", width_cm=16), inputs / "scan.png")
    (inputs / "vide.txt").write_bytes(b"")
    local = run_batch([inputs], tmp_path / "local", Settings(), BatchOptions(jobs=2))
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        remote = run_batch([inputs], tmp_path / "dask", Settings(),
                           BatchOptions(scheduler=cluster.scheduler_address))
    assert sorted(remote.processed) == sorted(local.processed) and len(remote.processed) == 4
    assert [f.path for f in remote.failed] == [f.path for f in local.failed] == [str(inputs / "vide.txt")]

    def comparable(path: Path) -> dict:
        document = json.loads(path.read_text(encoding="utf-8"))
        document["pipeline"].pop("processed_at", None)
        return document

    for path in outputs(tmp_path / "local"):
        twin = tmp_path / "dask" / path.relative_to(tmp_path / "local")
        assert comparable(twin) == comparable(path)
    assert_consistent(tmp_path / "dask", 4, failed=1)


def test_a_document_over_its_budget_fails_alone_on_dask_too(tmp_path: Path) -> None:
    """Dask runs each document in a worker's thread, where no timer signal reaches: the budget is
    enforced there too, and the document fails with its reason while the run goes on."""
    from distributed import LocalCluster

    inputs = tmp_path / "in"
    transcription(inputs, "cr.txt", 1)
    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        # A fresh worker loads its dictionaries (seconds) before the document is done.
        report = run_batch([inputs], tmp_path / "out", Settings(doc_timeout=0.05),
                           BatchOptions(scheduler=cluster.scheduler_address))
    assert [(Path(f.path).name, f.error) for f in report.failed] == [("cr.txt", "DocumentTimeout")]
    assert "--doc-timeout" in report.failed[0].reason
    assert report.exit_code == EXIT_SOME_FAILED


# --- explicit files ------------------------------------------------------------------------------


def test_files_of_the_same_name_from_two_folders_mirror_their_folders(tmp_path: Path) -> None:
    first = transcription(tmp_path / "a", "30.txt", 1)
    second = transcription(tmp_path / "b" / "c", "30.txt", 2)
    result = fiches("run", first, second, "--out", tmp_path / "out")
    assert result.returncode == EXIT_OK, result.stderr
    assert [p.relative_to(tmp_path / "out").as_posix() for p in outputs(tmp_path / "out")] \
        == ["a/30.json", "b/c/30.json"]
    assert_consistent(tmp_path / "out", 2)
    alone = fiches("run", first, "--out", tmp_path / "alone")
    assert alone.returncode == EXIT_OK, alone.stderr
    assert [p.name for p in outputs(tmp_path / "alone")] == ["30.json"]
