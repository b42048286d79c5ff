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
# Backtest results of tests that don't set their own folder (e.g. seed_demo's demo backtest) go to a
# folder of this run, removed at exit, never into the developer's var/backtests. The demo market
# data stays in var/demo-data: generated once, read-only afterwards, shared with `make run`.
if "QCWEB_BACKTESTS_DIR" not in os.environ:
    _results = tempfile.mkdtemp(prefix="qcweb-test-backtests-")
    os.environ["QCWEB_BACKTESTS_DIR"] = _results
    atexit.register(shutil.rmtree, _results, ignore_errors=True)
# Object stores of tests likewise live in a folder of this run.
_RUN_STORES = None
if "QCWEB_OBJECTSTORE_DIR" not in os.environ:
    _stores = tempfile.mkdtemp(prefix="qcweb-test-objectstore-")
    os.environ["QCWEB_OBJECTSTORE_DIR"] = _stores
    _RUN_STORES = _stores
    atexit.register(shutil.rmtree, _stores, ignore_errors=True)
# Organizations' imported data and pending uploads too.
_RUN_ORG_DATA = None
if "QCWEB_ORG_DATA_DIR" not in os.environ:
    _org_data = tempfile.mkdtemp(prefix="qcweb-test-orgdata-")
    os.environ["QCWEB_ORG_DATA_DIR"] = _org_data
    _RUN_ORG_DATA = _org_data
    atexit.register(shutil.rmtree, _org_data, ignore_errors=True)
if "QCWEB_IMPORTS_DIR" not in os.environ:
    _imports = tempfile.mkdtemp(prefix="qcweb-test-imports-")
    os.environ["QCWEB_IMPORTS_DIR"] = _imports
    atexit.register(shutil.rmtree, _imports, ignore_errors=True)


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
