"""The ``fiches`` command: parses arguments, calls one function, maps errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.errors import (
    EXIT_MISSING_DEPENDENCY,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    FichesError,
    UsageError,
)
from pipeline.logs import formatter
from pipeline.paths import printable
from pipeline.settings import DEFAULT_DICTIONARIES, DEFAULT_DOC_TIMEOUT, OCR_DPI, Settings

EPILOG = """exit codes:
  0   all documents processed (or nothing to do)
  1   some documents failed (each is named on stderr and in the run report)
  2   usage error
  3   a dependency is missing (run `fiches doctor`)
  75  another run holds the lock on the output folder
"""


RUN_EPILOG = """
files next to the outputs:
  OUT/.fiches-index.jsonl       one line per source: output, status, sha256, versions, timings, error
  OUT/.fiches-run-report.json   the last run: counts and every failure with its reason
  OUT/.fiches.lock              held while a run works on OUT

nightly cron job, one crontab line (exits 75 and does nothing while the previous run holds the lock):
  15 2 * * * /srv/fiches/.venv/bin/fiches run -q /archive/scans --out /archive/clean --timeout 120
"""


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _seconds(value: str) -> float:
    """A duration: a finite number of seconds above zero (``nan``, ``inf``, ``-5`` are refused)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds above 0, not {value}")
    return number


DPI_RANGE = (50, 1200)
"""Rasterisation resolutions accepted: below 50 dpi Tesseract reads nothing; above 1200 a page is
hundreds of megapixels for no gain in accuracy."""


def _dpi(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of dots per inch: {value!r}") from None
    low, high = DPI_RANGE
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(f"must be between {low} and {high} dpi, not {number}")
    return number


USER_WORDS_VARIABLE = "FICHES_USER_WORDS"


def _user_words() -> Path | None:
    """The user word list named by the environment, when it names one."""
    value = os.environ.get(USER_WORDS_VARIABLE)
    return Path(value) if value else None


def _pattern(value: str) -> str:
    if not value or value.startswith("/"):
        raise argparse.ArgumentTypeError(f"a glob pattern relative to the input folder, not {value!r}")
    return value


def _common(suppress: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name (after it, they default to
    "not given", so they never undo the same option given before the command)."""
    default = {"default": argparse.SUPPRESS} if suppress else {}
    common = argparse.ArgumentParser(add_help=False)
    verbosity = common.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true",
                           help="print nothing unless something failed", **default)
    verbosity.add_argument("-v", "--verbose", action="store_true",
                           help="log each document's stages and their timings", **default)
    common.add_argument("--log-format", choices=["text", "json"], help="log lines as text (default) or "
                        "one JSON object a line", **({"default": "text"} if not suppress else default))
    return common


def _settings_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("processing")
    group.add_argument("--force-ocr", action="store_true",
                       help="OCR every PDF page, even one with a usable text layer")
    group.add_argument("--password", help="password to open encrypted PDFs")
    group.add_argument("--no-correct", action="store_true", help="turn the OCR corrector off")
    group.add_argument("--no-second-pass", action="store_true",
                       help="skip the second OCR readings: of doubtful pages preprocessed, of headings, "
                            "of lines whose URL or date OCR doubted (faster on doubtful pages, less exact)")
    group.add_argument("--no-rotate-pages", action="store_true",
                       help="trust every page to be upright: no orientation check on sideways-looking "
                            "or badly read pages (faster on those, wrong on pages that are turned)")
    group.add_argument("--dpi", type=_dpi, default=OCR_DPI,
                       help=f"resolution PDF pages are rasterised at for OCR, {DPI_RANGE[0]} to "
                       f"{DPI_RANGE[1]} (default: %(default)s)")
    group.add_argument("--dictionaries", type=Path, default=DEFAULT_DICTIONARIES,
                       help="folder of the domain dictionaries (default: %(default)s)")
    group.add_argument("--user-words", type=Path, default=_user_words(), metavar="FILE",
                       help="your own word list, one entry a line, outside the package (default: "
                       f"${USER_WORDS_VARIABLE} when set); adding a word re-runs correction, never OCR")
    group.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                       help="seconds one page may spend in Tesseract; a page over it fails its document")
    group.add_argument("--doc-timeout", type=_seconds, default=DEFAULT_DOC_TIMEOUT, metavar="SECONDS",
                       help="seconds one document may take, every stage counted; over it, the document "
                       "fails and the run goes on (default: %(default)g)")


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(
        force_ocr=args.force_ocr,
        password=args.password,
        correct=not args.no_correct,
        dpi=args.dpi,
        second_pass=not args.no_second_pass,
        rotate_pages=not args.no_rotate_pages,
        dictionaries=args.dictionaries,
        user_words=args.user_words,
        page_timeout=args.timeout,
        doc_timeout=args.doc_timeout,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        parents=[_common(suppress=False)],
        prog="fiches",
        description="Turn scanned French administrative documents (PDF, PNG, JPEG, TIFF, text "
        "transcriptions) into clean, structured JSON.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fiches {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common(suppress=True)

    run = commands.add_parser(
        "run", help="process files and folders into one JSON file each",
        description="Process files and folders (recursively) into OUT/<name>.json, one per input. "
        "Documents whose JSON is up to date (same source bytes, pipeline and dictionary versions) "
        "are skipped.",
        epilog=EPILOG + RUN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    run.add_argument("paths", nargs="*", type=Path, default=[Path("data/raw")], metavar="PATH",
                     help="input files or folders (default: data/raw)")
    run.add_argument("--out", type=Path, default=Path("data/clean"),
                     help="output folder (default: data/clean)")
    run.add_argument("-j", "--jobs", type=_positive, default=None,
                     help="documents processed in parallel (default: number of cores); with fewer "
                     "documents than jobs the spare ones go to the pages of each document")
    run.add_argument("--force", action="store_true", help="reprocess documents that are up to date")
    run.add_argument("--prune", action="store_true",
                     help="remove outputs whose source file has disappeared (reported otherwise)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask cluster, e.g. tcp://HOST:8786 (needs the 'distributed' extra)")
    run.add_argument("--log-file", type=Path, help="write plain log lines to this file (no progress bar)")
    run.add_argument("--in-place", action="store_true",
                     help="allow --out to be, or lie inside, an input folder (refused otherwise)")
    run.add_argument("--retry-failed", action="store_true",
                     help="retry documents that failed before and have not changed since "
                     "(otherwise skipped and listed as still failing)")
    run.add_argument("--include", action="append", type=_pattern, default=[], metavar="GLOB",
                     help="only files whose path below the input folder matches (e.g. '*.pdf', "
                     "'2019/*'); repeatable")
    run.add_argument("--exclude", action="append", type=_pattern, default=[], metavar="GLOB",
                     help="leave out files whose path below the input folder matches; repeatable")
    _settings_arguments(run)

    show = commands.add_parser("show", help="process one file and print its cleaned text or JSON",
                               parents=[common],
                               description="Process one file and print the cleaned text (or the JSON) "
                               "to stdout; nothing is written to disk.")
    show.add_argument("file", type=Path)
    show.add_argument("--json", action="store_true", help="print the whole JSON document")
    _settings_arguments(show)

    doctor = commands.add_parser("doctor", help="check Tesseract, its French data and the spaCy model",
                                 parents=[common],
                                 description="Check the dependencies outside Python; print what is "
                                 "missing and the command that fixes it. Exit 3 when anything is missing.")
    doctor.add_argument("--dictionaries", type=Path, default=DEFAULT_DICTIONARIES,
                        help="folder of the domain dictionaries to check (default: %(default)s)")
    commands.add_parser("schema", help="print the JSON Schema of the output documents", parents=[common])

    export = commands.add_parser("export", help="write the cleaned corpus as Parquet or CSV tables",
                                 parents=[common],
                                 description="Load a folder of cleaned JSON and write its tables "
                                 "(documents, pages, blocks, sections, urls, dates, places, metadata, "
                                 "corrections, unknown_words).")
    export.add_argument("--input", type=Path, default=Path("data/clean"),
                        help="folder of cleaned JSON (default: data/clean)")
    export.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    export.add_argument("--out", type=Path, required=True, help="folder to write the tables to")
    export.add_argument("--text", action="store_true",
                        help="add each document's text and raw_text to the documents table (large)")

    review = commands.add_parser(
        "review", help="HTML pages to review documents' corrections, and decide on each", parents=[common],
        description="Write one self-contained HTML page per document (page images beside the cleaned "
        "text, corrections highlighted and boxed on the scan, unknown words marked) and, for a folder, "
        "an index of its documents, most in need of review first. With --serve, the pages are served "
        "on 127.0.0.1 and each decision (accept or reject a correction, add a word) is saved at once to "
        "<name>.review.json beside the JSON; the next `fiches run` applies them.")
    review.add_argument("file", type=Path, metavar="FILE.json|FOLDER")
    review.add_argument("--out", type=Path,
                        help="page to write (FILE.html) or folder of pages (for a FOLDER); default: "
                        "beside the corpus, in <corpus>-review/; never the JSON or a file fiches did "
                        "not write")
    review.add_argument("--source", type=Path, metavar="FILE|FOLDER",
                        help="the scan, or a folder of scans, when it is not where the run found it "
                        "(only a file whose sha256 is the document's is shown)")
    review.add_argument("--serve", action="store_true",
                        help="serve the pages on 127.0.0.1 and save each decision beside the JSON")
    review.add_argument("--port", type=int, default=0, help="port for --serve (default: any free one)")
    return parser


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(args.log_format))
    logging.basicConfig(level=level, handlers=[handler], force=True)


def _run(args: argparse.Namespace) -> int:
    from pipeline.batch import BatchOptions, run_batch

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        names = ", ".join(printable(str(p)) for p in missing)
        logging.getLogger("fiches").error("error: no such file or folder: %s", names)
        return EXIT_USAGE
    options = BatchOptions(
        jobs=args.jobs or 0, force=args.force, prune=args.prune, quiet=args.quiet, verbose=args.verbose,
        scheduler=args.scheduler, log_file=args.log_file, log_format=args.log_format,
        retry_failed=args.retry_failed, in_place=args.in_place, include=tuple(args.include),
        exclude=tuple(args.exclude),
    )
    report = run_batch(args.paths, args.out, _settings(args), options)
    return report.exit_code


def _show(args: argparse.Namespace) -> int:
    from pipeline import emit
    from pipeline.lexicon import check
    from pipeline.process import process_file

    check(args.dictionaries, args.user_words)
    document = process_file(args.file, _settings(args))
    sys.stdout.write(emit.dumps(document) if args.json else document["text"] + "\n")
    return EXIT_OK


def _doctor(args: argparse.Namespace) -> int:
    from pipeline.doctor import checks

    results = checks(args.dictionaries)
    for check in results:
        print(f"{'ok ' if check.ok else 'MISSING'}  {check.name}: {check.detail}")
        if check.fix:
            print(f"         fix: {check.fix}")
    return EXIT_OK if all(c.ok for c in results) else EXIT_MISSING_DEPENDENCY


def _schema(args: argparse.Namespace) -> int:
    from pipeline.emit import SCHEMA_PATH

    sys.stdout.write(SCHEMA_PATH.read_text(encoding="utf-8"))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pipeline.load import export

    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {printable(str(args.out))} is a file, not a folder for the tables")
    export(args.input, args.out, args.format, text=args.text)
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from pipeline.review import write

    if not args.file.exists():
        print(f"fiches: error: no such file or folder: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    if args.serve:
        return _serve(args)
    if args.file.is_dir():
        out = args.out or write.default_out_folder(args.file.resolve())
        print(write.write_folder_review(args.file, out, args.source))
        return EXIT_OK
    root = write.corpus_root(args.file)
    out = args.out or write.default_out_folder(root) / write.page_name(args.file, root)
    print(write.write_review(args.file, out, args.source))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from pipeline.review.serve import make_server

    server = make_server(args.file, args.source, args.port)
    print(f"Relecture : ouvrez {server.url} (Ctrl-C pour arrêter)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


COMMANDS = {"run": _run, "show": _show, "doctor": _doctor, "schema": _schema,
            "export": _export, "review": _review}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    _configure_logging(args)
    try:
        return COMMANDS[args.command](args)
    except FichesError as exc:
        logging.getLogger("fiches").error("error: %s", printable(str(exc)))
        return exc.exit_code
    except KeyboardInterrupt:
        logging.getLogger("fiches").error("interrupted")
        return 130
    except OSError as exc:  # the file system said no: one line, not a traceback
        name = f"{printable(str(exc.filename))}: " if exc.filename else ""
        logging.getLogger("fiches").error("error: %s%s", name, exc.strerror or exc)
        return EXIT_SOME_FAILED


if __name__ == "__main__":
    sys.exit(main())
