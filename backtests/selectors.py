"""Reads and the tenancy check for backtests.

A backtest is visible to whoever can open its project (`projects.selectors.project_access`:
the owner and collaborators who are members of the organization); everyone else gets a 404.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404

from accounts.limits import limit_for
from accounts.models import Organization, User
from accounts.selectors import backtest_node_count
from backtests import conf
from backtests.models import Backtest, Optimization, OptimizationTrial
from backtests.storage import LOG, RESULTS, output_read
from projects.models import Project
from projects.selectors import READ, project_access, project_list_for_user
from qcweb.ids import parse_id

SORTS = {
    "date": ("created",),
    "name": ("name",),
    "net_profit": ("net_profit",),
    "sharpe": ("sharpe_ratio",),
    "drawdown": ("drawdown",),
    "status": ("status",),
}


def get_backtest_for_user(user: User, backtest_id: int | str, *, write: bool = False) -> Backtest:
    """The backtest if `user` can open its project, else Http404 (write by a read-only
    collaborator: PermissionDenied). Accepts the integer pk or the 32-char hex backtest_id."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such backtest")
    # One query: the backtest joined to the viewer's membership of its project's organization
    # (a non-member finds no row: the same 404 as a missing backtest), with the project, the
    # organization and the optimization that ran it. The join took 1.3 ms of CPU where an
    # EXISTS subquery took 1.7 (Django compiles the query on every call). Unordered: the
    # model's default ordering would have Django compile an ORDER BY for a one-row lookup.
    backtests = (
        Backtest.objects.select_related(
            "project", "organization", "created_by", "optimization_trial__optimization"
        )
        .filter(project__organization__memberships__user=user)
        .order_by()
    )
    text = str(backtest_id)
    pk = parse_id(text)
    if pk is not None:
        found = backtests.filter(pk=pk)[:1]
    elif len(text) == 32:
        found = backtests.filter(backtest_id=text.lower())[:1]
    else:
        found = []
    backtest = next(iter(found), None)
    if backtest is None:
        raise Http404("No such backtest")
    access = project_access(user, backtest.project, is_member=True)
    if access is None:
        raise Http404("No such backtest")
    if write and access == READ:
        raise PermissionDenied("You have read-only access to this project")
    backtest.access = access
    return backtest


def _ordered(backtests: QuerySet[Backtest], sort: str, direction: str) -> QuerySet[Backtest]:
    fields = SORTS.get(sort, SORTS["date"])
    descending = direction != "asc"
    order = [
        (F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True)) for f in fields
    ]
    return backtests.order_by(*order, "-id")


def _ordinary(backtests: QuerySet[Backtest]) -> QuerySet[Backtest]:
    """Without the backtests an optimization ran: a search of hundreds of candidates would bury
    the user's own backtests; its results page lists them and links each one."""
    return backtests.filter(optimization_trial__isnull=True)


def backtest_list_for_project(
    project: Project, *, sort: str = "date", direction: str = "desc"
) -> QuerySet[Backtest]:
    return _ordered(
        _ordinary(Backtest.objects.filter(project=project)).select_related("project"),
        sort,
        direction,
    )


def backtest_list_for_user(
    user: User, organization: Organization, *, sort: str = "date", direction: str = "desc"
) -> QuerySet[Backtest]:
    """Backtests of the organization's projects that `user` can open."""
    projects = project_list_for_user(user, organization).values("id")
    backtests = _ordinary(
        Backtest.objects.filter(organization=organization, project_id__in=projects)
    )
    return _ordered(backtests.select_related("project"), sort, direction)


def backtest_optimization(backtest: Backtest) -> Optimization | None:
    """The optimization that ran this backtest as one of its candidates, if any (no query for a
    backtest from `get_backtest_for_user`, which reads it with the backtest)."""
    try:
        trial = backtest.optimization_trial
    except OptimizationTrial.DoesNotExist:
        return None
    return trial.optimization


def backtest_nodes_for(organization: Organization) -> int | None:
    """How many backtests of the organization may run at once (None = unlimited); the one place
    that decides it. The organization's backtesting nodes when it has any (purchased nodes, or
    the B-MICRO included with a personal organization: `accounts.selectors.backtest_node_count`),
    otherwise its tier's `backtest_nodes` limit."""
    owned = backtest_node_count(organization)
    if owned:
        return owned
    nodes = limit_for(organization, "backtest_nodes")
    if nodes is None:
        return None
    return max(int(nodes), 1)


def queue_position(backtest: Backtest) -> int | None:
    """1 for the next queued backtest of its organization, 2 after that, ...; None if not queued."""
    if backtest.status != Backtest.Status.QUEUED:
        return None
    ahead = Backtest.objects.filter(
        organization_id=backtest.organization_id, status=Backtest.Status.QUEUED
    ).filter(created__lt=backtest.created) | Backtest.objects.filter(
        organization_id=backtest.organization_id,
        status=Backtest.Status.QUEUED,
        created=backtest.created,
        id__lt=backtest.id,
    )
    return ahead.count() + 1


def running_count(organization_id: int) -> int:
    return Backtest.objects.filter(
        organization_id=organization_id, status=Backtest.Status.RUNNING
    ).count()


# -- what a finished backtest left behind (the worker's copies in the result storage) ------------
def backtest_result(backtest: Backtest) -> dict:
    """The result document (LEAN's BacktestResult shape: statistics, charts, orders, ...);
    {} while none was written."""
    data = output_read(backtest, RESULTS)
    if not data:
        return {}
    try:
        document = json.loads(data)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def backtest_log(backtest: Backtest) -> str:
    data = output_read(backtest, LOG)
    return data.decode("utf-8", errors="replace") if data else ""


def exchange_time_zones(result: dict) -> dict[str, str]:
    """Ticker -> its exchange's time zone name (e.g. "America/New_York"), from the securities the
    backtest subscribed to (`dataSubscriptions`) and the engine's market hours (the data folder's
    market-hours database when it has one). Orders and trades are shown in these zones, as
    QuantConnect shows them; a ticker left out is shown in UTC."""
    from engine.data.market_hours import exchange_time_zone

    zones: dict[str, str] = {}
    for entry in result.get("dataSubscriptions") or []:
        ticker = str(entry.get("symbol") or "")
        if not ticker or ticker in zones:
            continue
        try:
            zones[ticker] = exchange_time_zone(
                str(entry.get("securityType") or ""),
                str(entry.get("market") or ""),
                conf.data_dir(),
            )
        except (LookupError, ValueError, OSError):
            continue
    return zones
