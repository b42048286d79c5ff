"""Huey tasks of the accounts app: take ids, call one service."""

from __future__ import annotations

from huey.contrib.djhuey import task

from accounts.services import user_notify


@task()
def notify_user_task(user_id: int, text: str, level: str = "info", url: str = "") -> None:
    user_notify(user_id=user_id, text=text, level=level, url=url)
