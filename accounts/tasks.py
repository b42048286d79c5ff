"""Huey tasks of the accounts app: take ids, call one service."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task

from accounts.billing.services import billing_run
from accounts.notifications import user_notify


@task()
def notify_user_task(user_id: int, text: str, level: str = "info", url: str = "") -> None:
    user_notify(user_id=user_id, text=text, level=level, url=url)


@db_periodic_task(crontab(hour="3", minute="0"))
def billing_run_task() -> None:
    """Daily: invoice renewed subscriptions and retry failed payments (accounts/billing)."""
    billing_run()
