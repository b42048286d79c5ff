"""Huey tasks of live trading: take ids, call one service (see backtests/tasks.py for why the
services import `run_live_task` inside the function that enqueues it)."""

from __future__ import annotations

import logging
import threading

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


# Huey calls startup hooks in each of a consumer's worker threads as it starts, and one thread
# may already be running a deployment when the next starts: the resume runs once per process,
# under a lock that holds every worker back until it is done.
_startup_lock = threading.Lock()
_startup_done = False


@on_startup()
def resume_on_worker_start() -> None:
    """A worker (re)starting: deployments it was running have no process any more; they resume
    from their saved state."""
    global _startup_done
    with _startup_lock:
        if _startup_done:
            return
        _startup_done = True
        try:
            close_old_connections()
            live_resume_interrupted()
        except Exception:  # the database may not be migrated yet
            logger.exception("Could not resume live deployments on startup")
        finally:
            connection.close()
