"""Where a finished backtest's files live: `results.json` and `log.txt`, through Django's
storage API, so that every machine running workers or pages sees the same files.

The worker writes them once its sandboxed job has ended (`backtests.services.execution`);
pages, the REST API, optimizations and reports read them here, never from a path.

- Default: a `FileSystemStorage` in `QCWEB_RESULTS_DIR` (default `QCWEB_BACKTESTS_DIR`), named
  `<backtest_id>/out/results.json` as before, so existing results stay readable and
  `Backtest.results_path` / `log_path` are where these files are on disk. The report's
  cache (`report.pdf`, `report.html`, its state) is kept beside them in `<backtest_id>/report/`,
  the results page's (chart data, summary, a running backtest's partial results) in
  `<backtest_id>/page/`.
- Shared: `STORAGES["backtest_results"]` in the settings (`QCWEB_RESULTS_STORAGE` and
  `QCWEB_RESULTS_STORAGE_OPTIONS` set it), e.g. django-storages' `S3Storage` on an
  S3-compatible store; then a worker on another host needs only the database, Redis and this
  store (its job folders stay local, in its own `QCWEB_BACKTESTS_DIR`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

from backtests import conf
from backtests.models import Backtest

ALIAS = "backtest_results"
RESULTS = "results.json"
LOG = "log.txt"
# The report's cache (backtests/report/services.py): built by a worker, served by the pages.
REPORT_PDF = "report.pdf"
REPORT_HTML = "report.html"
REPORT_STATE = "report-state.json"
# The results page's cache (backtests/services/page_data.py): built once when the backtest ends.
PAGE_SUMMARY = "page-summary.json"
CHART_DATA = "charts.json.gz"
# What a running backtest's page shows (the worker rewrites it from the engine's snapshots).
PARTIAL = "partial.json"
FOLDERS = {RESULTS: "out", LOG: "out", REPORT_PDF: "report", REPORT_HTML: "report"}
FOLDERS[REPORT_STATE] = "report"
FOLDERS.update({PAGE_SUMMARY: "page", CHART_DATA: "page", PARTIAL: "page"})
OUTPUTS = tuple(FOLDERS)


def result_storage() -> Storage:
    """The configured storage, else the file system in `conf.results_dir()` (read at each call,
    so a changed setting applies at once)."""
    if ALIAS in settings.STORAGES:
        return storages[ALIAS]
    return _file_system_storage(str(conf.results_dir()))


@lru_cache(maxsize=8)
def _file_system_storage(location: str) -> FileSystemStorage:
    """One storage per folder: a page reads several outputs, and each new FileSystemStorage
    connects itself to Django's setting_changed signal."""
    return FileSystemStorage(location=location, allow_overwrite=True)


def output_name(backtest: Backtest, filename: str) -> str:
    if filename not in FOLDERS:
        raise ValueError(f"Unknown backtest output {filename!r}")
    return f"{backtest.backtest_id}/{FOLDERS[filename]}/{filename}"


def output_path(backtest: Backtest, filename: str) -> Path:
    """Where the default file-system storage keeps one output (the file tools of tests and
    `Backtest.results_path` read it there); other storages are read through this module."""
    return conf.results_dir() / output_name(backtest, filename)


def output_write(backtest: Backtest, filename: str, data: bytes) -> None:
    """Store (or replace) one output of the backtest."""
    storage = result_storage()
    name = output_name(backtest, filename)
    if storage.exists(name):  # `save` would otherwise pick another name on most backends
        storage.delete(name)
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # a backend that renamed it would lose the file for every reader
        raise RuntimeError(f"The result storage saved {name!r} as {saved!r}")


def output_read(backtest: Backtest, filename: str) -> bytes | None:
    """One output's bytes; None when there is none."""
    storage = result_storage()
    name = output_name(backtest, filename)
    try:
        with storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def output_open(backtest: Backtest, filename: str) -> IO[bytes] | None:
    """An open file of one output (for streaming downloads); None when there is none."""
    try:
        return result_storage().open(output_name(backtest, filename), "rb")
    except (FileNotFoundError, OSError):
        return None


def output_exists(backtest: Backtest, filename: str) -> bool:
    return result_storage().exists(output_name(backtest, filename))


def output_version(backtest: Backtest, filename: str) -> str | None:
    """Size and modification time of one output (what a cache built from it depends on); None
    when there is none."""
    storage = result_storage()
    name = output_name(backtest, filename)
    try:
        modified = storage.get_modified_time(name)
        return f"{modified.timestamp():.6f}:{storage.size(name)}"
    except (FileNotFoundError, OSError, NotImplementedError):
        return None


def output_delete(backtest: Backtest, filename: str) -> None:
    try:
        result_storage().delete(output_name(backtest, filename))
    except (FileNotFoundError, OSError):
        pass


def outputs_delete(backtest: Backtest) -> None:
    storage = result_storage()
    for filename in OUTPUTS:
        name = output_name(backtest, filename)
        try:
            storage.delete(name)
        except (FileNotFoundError, OSError):
            pass
