"""Huey tasks: take ids, call one service.

This module imports the services it runs; a service that enqueues one of these tasks imports it
inside the function that enqueues (`from backtests.tasks import run_backtest_task`). Huey needs
the task object to enqueue, so that one import runs against the layering (the architecture test
lists it) and is deferred to keep the modules importable in either order.
"""

from __future__ import annotations

import logging

from django.db import close_old_connections, connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from backtests.data_library.services import data_import_execute
from backtests.report.services import report_generate
from backtests.services import backtest_execute, backtest_free_node_wait, backtests_reap_stale

logger = logging.getLogger(__name__)


@db_task()
def run_backtest_task(backtest_id: int) -> None:
    backtest_free_node_wait(backtest_id=backtest_id)
    backtest_execute(backtest_id=backtest_id)


@db_task()
def generate_report_task(backtest_id: int) -> None:
    report_generate(backtest_id=backtest_id)


@db_periodic_task(crontab(minute="*"))
def reap_stale_backtests_task() -> int:
    return backtests_reap_stale()


@on_startup()
def _reap_on_startup() -> None:
    """A worker (re)starting: backtests it was running before it stopped have no live process."""
    try:
        close_old_connections()
        backtests_reap_stale(stale_seconds=15)
    except Exception:  # the database may not be migrated yet
        logger.exception("Could not check for stale backtests on startup")
    finally:
        connection.close()


@db_task()
def run_data_import_task(import_id: int) -> None:
    data_import_execute(import_id=import_id)
