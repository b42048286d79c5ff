"""Huey tasks: take ids, call one service."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

logger = logging.getLogger(__name__)


@db_task()
def run_backtest_task(backtest_id: int) -> None:
    from backtests.services import backtest_execute

    backtest_execute(backtest_id=backtest_id)


@db_task()
def generate_report_task(backtest_id: int) -> None:
    from backtests.report.services import report_generate

    report_generate(backtest_id=backtest_id)


@db_periodic_task(crontab(minute="*"))
def reap_stale_backtests_task() -> int:
    from backtests.services import backtests_reap_stale

    return backtests_reap_stale()


@on_startup()
def _reap_on_startup() -> None:
    """A worker (re)starting: backtests it was running before it stopped have no live process."""
    from django.db import close_old_connections, connection

    try:
        from backtests.services import backtests_reap_stale

        close_old_connections()
        backtests_reap_stale(stale_seconds=15)
    except Exception:  # the database may not be migrated yet
        logger.exception("Could not check for stale backtests on startup")
    finally:
        connection.close()
