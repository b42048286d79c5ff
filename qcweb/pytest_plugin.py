"""Test environment, loaded by pytest before Django reads settings (pyproject: -p qcweb.pytest_plugin).

Settings default to production-safe values when DEBUG is off; tests speak plain HTTP and run Huey
tasks inline, so switch those off here. Real environment variables still win.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

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
if "QCWEB_OBJECTSTORE_DIR" not in os.environ:
    _stores = tempfile.mkdtemp(prefix="qcweb-test-objectstore-")
    os.environ["QCWEB_OBJECTSTORE_DIR"] = _stores
    atexit.register(shutil.rmtree, _stores, ignore_errors=True)
