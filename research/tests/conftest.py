"""Research fixtures: the backtests' data and project fixtures, a research node, the run folder."""

from __future__ import annotations

import pytest

from backtests.tests.conftest import bt_settings, demo_data, huey_consumer, make_project  # noqa: F401


@pytest.fixture
def research_settings(bt_settings, tmp_path):  # noqa: F811
    bt_settings.QCWEB_RESEARCH_DIR = tmp_path / "research"
    bt_settings.QCWEB_RESEARCH_RUN_SECONDS = 180
    return bt_settings


@pytest.fixture
def research_node(organization):
    from accounts.models import Node

    return Node.objects.create(
        organization=organization, kind=Node.Kind.RESEARCH, model="R1-4", name="Research 1"
    )


@pytest.fixture
def one_worker_consumer(tmp_path):
    """A real Huey consumer with a single worker thread: a task that held it would block every
    other task."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate = False
    HUEY.storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
    consumer = HUEY.create_consumer(
        workers=1, worker_type="thread", periodic=False, check_worker_health=False
    )
    consumer._set_signal_handlers = lambda: None  # pytest owns the main thread's signals
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        HUEY.storage.close()
        HUEY.storage = old_storage
        HUEY._immediate = old_immediate
