"""Shared pytest setup for every app. Personas and helpers live in tests/fixtures.py."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """SQLite test database in a file (private to this run), not in memory: threads in
    transaction tests (e.g. parallel QCC spends) then get real connections that serialise through
    the database lock, as in production, instead of "database table is locked" errors."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = Path(tempfile.mkdtemp(prefix="qcweb-test-db-"))
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(autouse=True)
def _no_free_node_delay(settings):
    """Backtests on a personal organization's free node start at once in tests (the 20-second
    delay of `make run` has a test of its own: backtests/tests/test_queue_nodes.py)."""
    settings.QCWEB_FREE_NODE_DELAY_SECONDS = 0
