"""Run the pipeline over many files, unattended: index, skip-unchanged, OCR cache, pool or Dask, lock,
report.

A nightly cron job reprocesses the archive with nobody watching, so a run

* holds a lock on the output folder (a second run exits with :data:`EXIT_LOCKED`);
* skips documents whose JSON is up to date: same source bytes (sha256), pipeline version and
  dictionary version. Unchanged files are recognised by size and mtime against the index,
  so a run with nothing to do reads no input file;
* never writes a half file: the parent process writes each JSON atomically, then appends
  its line to the index; a run killed at any moment is finished by the next one (a JSON
  without its index line is adopted after checking its sha256 and versions);
* never modifies inputs; reports outputs whose source disappeared (removes them with ``prune``);
* writes and deletes only inside the output folder (:func:`pipeline.paths.contained`), never over a
  file it did not write, and refuses an output folder inside an input folder unless asked;
* turns every failure inside one document (its name, its bytes, the disk) into a record (stderr,
  index, run report); a missing dependency, a signal or a lost scheduler stops the run early, and
  the report still says what was done, what failed and what was never reached, with the exit code
  the command returns;
* skips, and lists as ``still failing``, documents that failed on an earlier run and have not
  changed since (``retry_failed`` retries them).

The package, in the order a run goes: :mod:`~pipeline.batch.options` (what the command line asks),
:mod:`~pipeline.batch.index` (what earlier runs did), :mod:`~pipeline.batch.plan` (what to do with
each input, and where its output goes), :mod:`~pipeline.batch.workers` (documents in a process pool or
on Dask), :mod:`~pipeline.batch.report` (the run report and progress) and :mod:`~pipeline.batch.run`
(the run itself: lock, plan, execute, record).
"""

from pipeline.batch.index import INDEX_NAME, Entry, Index, Versions, up_to_date, written_for
from pipeline.batch.options import BatchOptions
from pipeline.batch.report import REPORT_NAME, Failure, RunReport, load_run_report
from pipeline.batch.run import LOCK_NAME, clean_temporary_files, output_lock, run_batch
from pipeline.batch.workers import Outcome, default_jobs, descendants, process_document, share_jobs

__all__ = [
    "INDEX_NAME", "LOCK_NAME", "REPORT_NAME", "BatchOptions", "Entry", "Failure", "Index", "Outcome",
    "RunReport", "Versions", "clean_temporary_files", "default_jobs", "descendants", "load_run_report",
    "output_lock", "process_document", "run_batch", "share_jobs", "up_to_date", "written_for",
]
