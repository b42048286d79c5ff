"""Huey tasks of live trading: take ids, call one service (see backtests/tasks.py for why the
services import `run_live_task` inside the function that enqueues it)."""

from __future__ import annotations

import logging

from django.db import close_old_connections, connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from live.conf import STALE_SECONDS
from live.services import live_follow_in_background, live_resume_interrupted

logger = logging.getLogger(__name__)


@db_task()
def run_live_task(deployment_id: int) -> None:
    live_follow_in_background(deployment_id=deployment_id)


@db_periodic_task(crontab(minute="*"))
def resume_stale_live_task() -> int:
    return live_resume_interrupted(stale_seconds=STALE_SECONDS)


@on_startup()
def _resume_on_startup() -> None:
    """A worker (re)starting: deployments it was running have no process any more; they resume
    from their saved state."""
    try:
        close_old_connections()
        live_resume_interrupted()
    except Exception:  # the database may not be migrated yet
        logger.exception("Could not resume live deployments on startup")
    finally:
        connection.close()
