"""Backtests in forum posts: attaching one of the user's own backtests (frozen as a
SharedBacktest), and cloning an attached backtest's code into the reader's own organization."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from accounts.models import Organization, User
from backtests.charts import equity_figure
from backtests.models import Backtest
from backtests.presenters import key_statistics
from backtests.selectors import backtest_list_for_user, backtest_result, get_backtest_for_user
from backtests.services import snapshot_tree
from community.models import SharedBacktest
from projects.models import Project
from projects.services import ProjectError, project_create


class ShareError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def attachable_backtests(user: User, organization: Organization | None) -> list[Backtest]:
    """Completed backtests of the organization that the user can open, newest first."""
    if organization is None:
        return []
    backtests = backtest_list_for_user(user, organization).filter(status=Backtest.Status.COMPLETED)
    return list(backtests[:100])


def backtest_share(*, user: User, backtest_id: int | str) -> SharedBacktest:
    """Freeze a completed backtest the user can open (their organization's) for a post."""
    refused = "Attach a completed backtest of your own organization."
    try:
        backtest = get_backtest_for_user(user, backtest_id)
    except Http404:
        raise ShareError(refused) from None
    if backtest.status != Backtest.Status.COMPLETED:
        raise ShareError(refused)
    result = backtest_result(backtest)
    if not result:
        raise ShareError("This backtest has no results to show.")
    return SharedBacktest.objects.create(
        backtest=backtest,
        shared_by=user,
        name=backtest.name,
        project_name=backtest.project.name,
        statistics=[
            {"label": s["label"], "value": str(s["value"]), "tone": s["tone"]}
            for s in key_statistics(result)
        ],
        equity=equity_figure(result, height=300),
        files=snapshot_tree(backtest.snapshot),
        parameters=dict(backtest.parameters),
    )


def shared_backtest_clone(
    *, shared: SharedBacktest, user: User, organization: Organization
) -> Project:
    """A new project of the user's organization holding the code the shared backtest ran."""
    # Project names allow letters, digits, spaces, "-", "_" and "/" (folders): keep the last part.
    base = f"{shared.project_name.rsplit('/', 1)[-1]} from forum"[:180]
    name, n = base, 2
    while Project.objects.filter(organization=organization, name=name).exists():
        name, n = f"{base} {n}", n + 1
    try:
        with transaction.atomic():
            return project_create(
                organization=organization,
                owner=user,
                name=name,
                description=f"Cloned from the forum backtest “{shared.name}”.",
                files=dict(shared.files),
                parameters=dict(shared.parameters),
            )
    except ProjectError as exc:
        raise ShareError(exc.message) from None
