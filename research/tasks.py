"""Huey tasks of research: take ids, call one service."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from research.services import notebook_run_execute, notebook_runs_reap_stale
from research.sessions import session_start, session_supervise, session_sync, sessions_supervise


@db_task()
def run_notebook_task(run_id: int) -> None:
    notebook_run_execute(run_id=run_id)


@db_periodic_task(crontab(minute="*"))
def reap_stale_notebook_runs_task() -> int:
    return notebook_runs_reap_stale()


@db_task()
def start_session_task(session_id: int) -> None:
    session_start(session_id=session_id)


@db_task()
def supervise_session_task(session_id: int) -> None:
    session_supervise(session_id=session_id)


@db_task()
def sync_session_task(session_id: int) -> None:
    session_sync(session_id=session_id)


@db_periodic_task(crontab(minute="*"))
def supervise_sessions_task() -> int:
    return sessions_supervise()
