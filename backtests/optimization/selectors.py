"""Reads and the tenancy check for optimizations: visible to whoever can open the project."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from backtests.models import Backtest, Optimization, OptimizationTrial
from backtests.optimization.objectives import Constraint, best_of
from projects.models import Project
from projects.selectors import READ, project_access
from qcweb.ids import parse_id


def get_optimization_for_user(
    user: User, optimization_id: int | str, *, write: bool = False
) -> Optimization:
    """The optimization if `user` can open its project, else Http404 (write by a read-only
    collaborator: PermissionDenied). Accepts the pk or the "O-..." optimization id."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such optimization")
    rows = Optimization.objects.select_related("project", "organization", "created_by")
    text = str(optimization_id)
    pk = parse_id(text)
    if pk is not None:
        optimization = rows.filter(pk=pk).first()
    else:
        optimization = rows.filter(optimization_id=text).first()
    if optimization is None:
        raise Http404("No such optimization")
    access = project_access(user, optimization.project)
    if access is None:
        raise Http404("No such optimization")
    if write and access == READ:
        raise PermissionDenied("You have read-only access to this project")
    optimization.access = access
    return optimization


def optimization_list_for_project(project: Project) -> QuerySet[Optimization]:
    return Optimization.objects.filter(project=project).order_by("-created", "-id")


def constraints_of(optimization: Optimization) -> list[Constraint]:
    return [
        Constraint.parse(c["target"], c["operator"], c["value"]) for c in optimization.constraints
    ]


def trials_of(optimization: Optimization) -> QuerySet[OptimizationTrial]:
    """The search's candidates (not the walk-forward's out-of-sample backtest)."""
    return optimization.trials.filter(out_of_sample=False).select_related("backtest").order_by("id")


def out_of_sample_trial(optimization: Optimization) -> OptimizationTrial | None:
    """The walk-forward check: the best in-sample parameters run on the out-of-sample range."""
    return optimization.trials.filter(out_of_sample=True).select_related("backtest").first()


def best_trial(optimization: Optimization) -> OptimizationTrial | None:
    """The completed trial with the best target value among those meeting every constraint."""
    completed = [
        (trial, trial.statistics)
        for trial in trials_of(optimization)
        if trial.status == Backtest.Status.COMPLETED
    ]
    return best_of(
        completed,
        key=optimization.target,
        maximize=optimization.maximize,
        constraints=constraints_of(optimization),
    )


def optimization_progress(optimization: Optimization) -> dict[str, Any]:
    """The runtime statistics of QuantConnect's results banner."""
    counts = {"completed": 0, "failed": 0, "running": 0, "queued": 0}
    durations: list[float] = []
    # every backtest the optimization runs, the out-of-sample one included
    for trial in optimization.trials.select_related("backtest"):
        backtest = trial.backtest
        status = backtest.status if backtest is not None else trial.status
        if status == Backtest.Status.COMPLETED:
            counts["completed"] += 1
        elif status in (Backtest.Status.RUNTIME_ERROR, Backtest.Status.CANCELLED):
            counts["failed"] += 1
        elif status == Backtest.Status.RUNNING:
            counts["running"] += 1
        else:
            counts["queued"] += 1
        if backtest is not None and backtest.duration_seconds is not None:
            durations.append(backtest.duration_seconds)
    done = counts["completed"] + counts["failed"]
    total = max(optimization.estimated_backtests, done + counts["running"] + counts["queued"])
    if optimization.is_finished:
        total = done + counts["running"] + counts["queued"]
    end = optimization.finished_at
    runtime = None
    if optimization.started_at:
        from django.utils import timezone

        runtime = ((end or timezone.now()) - optimization.started_at).total_seconds()
    return {
        **counts,
        "done": done,
        "total": total,
        "percent": int(round(100 * done / total)) if total else 0,
        "average_seconds": sum(durations) / len(durations) if durations else None,
        "runtime_seconds": runtime,
        "consumed": optimization.charged,
    }


def last_backtest_seconds(project: Project) -> float | None:
    """How long the project's last completed backtest ran (the estimate's time per backtest)."""
    backtest = (
        Backtest.objects.filter(
            project=project,
            status=Backtest.Status.COMPLETED,
            started_at__isnull=False,
            finished_at__isnull=False,
        )
        .order_by("-finished_at")
        .first()
    )
    return backtest.duration_seconds if backtest is not None else None


def overfitting_of(optimization: Optimization) -> dict[str, Any] | None:
    """Deflated Sharpe ratio of the best trial and PBO (CSCV) from the completed trials' daily
    returns on their common days; None with fewer than two completed trials or too few days."""
    import numpy as np
    import pandas as pd

    from backtests.optimization.overfitting import (
        deflated_sharpe_of_returns,
        probability_of_backtest_overfitting,
    )
    from backtests.report.data import daily_equity, daily_returns
    from backtests.selectors import backtest_result

    best = best_trial(optimization)
    columns: dict[int, pd.Series] = {}
    for trial in trials_of(optimization):
        if trial.status != Backtest.Status.COMPLETED or trial.backtest is None:
            continue
        document = backtest_result(trial.backtest)
        returns = daily_returns(daily_equity(document)) if document else pd.Series(dtype=float)
        if len(returns):
            columns[trial.pk] = returns
    if len(columns) < 2 or best is None or best.pk not in columns:
        return None
    frame = pd.DataFrame(columns).dropna()
    if len(frame) < 4:
        return None
    matrix = frame.to_numpy(dtype=float)
    best_column = list(frame.columns).index(best.pk)
    pbo = probability_of_backtest_overfitting(matrix, blocks=min(16, len(frame) // 2))
    dsr = deflated_sharpe_of_returns(matrix, best_column)
    return {
        "dsr": None if np.isnan(dsr) else dsr,
        "pbo": pbo.probability,
        "splits": pbo.splits,
        "trials": matrix.shape[1],
        "days": matrix.shape[0],
    }
