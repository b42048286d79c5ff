"""Test environment, loaded by pytest before Django reads settings (pyproject: -p qcweb.pytest_plugin).

Settings default to production-safe values when DEBUG is off; tests speak plain HTTP and run Huey
tasks inline, so switch those off here. Real environment variables still win.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("HUEY_IMMEDIATE", "1")
# Selenium: use the installed chromedriver, never download one.
os.environ.setdefault("SE_OFFLINE", "true")
# Folders of this run, removed at exit: backtest results of tests that don't set their own folder
# (e.g. seed_demo's demo backtest), never the developer's var/backtests; the object stores; the
# default channel layer's SQLite file (so a consumer never receives the group messages of another
# run: backtest ids start at 1 in every test database). The demo market data stays in
# var/demo-data: generated once, read-only afterwards, shared with `make run`.
# A pytest-xdist worker inherits the environment of the pytest process that started it: the
# variables that process set here (listed in _OWN_VARIABLES) are replaced by folders of the
# worker's own, so parallel workers never share them. Variables the developer set are kept.
_OWN_VARIABLES = "QCWEB_TEST_RUN_VARIABLES"
for _name in filter(None, os.environ.pop(_OWN_VARIABLES, "").split(",")):
    os.environ.pop(_name, None)
_made: list[str] = []


def _run_folder(variable: str, prefix: str, filename: str = "") -> str | None:
    """Point `variable` at a new folder of this run (or a file in it), unless it is set."""
    if variable in os.environ:
        return None
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ[variable] = os.path.join(folder, filename) if filename else folder
    _made.append(variable)
    return folder


_run_folder("QCWEB_BACKTESTS_DIR", "qcweb-test-backtests-")
_RUN_STORES = _run_folder("QCWEB_OBJECTSTORE_DIR", "qcweb-test-objectstore-")
# Organizations' imported data and pending uploads too.
_RUN_ORG_DATA = _run_folder("QCWEB_ORG_DATA_DIR", "qcweb-test-orgdata-")
_run_folder("QCWEB_IMPORTS_DIR", "qcweb-test-imports-")
_run_folder("CHANNEL_LAYER_DB", "qcweb-test-channels-", "channels.sqlite3")
os.environ[_OWN_VARIABLES] = ",".join(_made)


@pytest.fixture(autouse=True)
def _fresh_object_stores():
    """Empty this run's object-store folder after each test. Database ids are reused once a test's
    transaction rolls back, so a later test's organization would otherwise find the files an
    earlier organization with the same id left behind."""
    yield
    for folder, ours in (
        (os.environ.get("QCWEB_OBJECTSTORE_DIR"), _RUN_STORES),
        (os.environ.get("QCWEB_ORG_DATA_DIR"), _RUN_ORG_DATA),
    ):
        _empty(folder, ours)


def _empty(stores: str | None, ours: str | None) -> None:
    if stores and stores == ours and os.path.isdir(stores):
        for entry in os.scandir(stores):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
