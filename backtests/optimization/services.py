"""Writes for optimizations: estimate, create (charging QCC), advance the search, record each
finished backtest, abort, rename, delete, apply a trial's parameters to the project.

Flow: `optimization_create` validates, charges the estimated QCC through the organization's
ledger, snapshots the project once and starts the search (`optimization_advance`, on commit).
`optimization_advance` keeps at most `node_count` of its backtests queued or running: each
candidate parameter set becomes an ordinary `Backtest` with the optimization's snapshot, queued
for `backtests.services.backtest_dispatch`, so it runs on the organization's backtest nodes in the
sandbox like any backtest. When a backtest ends, the worker calls
`optimization_backtest_finished` (from `backtest_execute`): the trial keeps the statistics and the
search advances; a failed backtest is recorded and the search goes on. Grid search ends when
every set ran; Euler search then narrows the scope around the best result (strategies.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from accounts.services.credit import credit_refund, credit_spend
from backtests.fingerprint import engine_version
from backtests.models import Backtest, Optimization, OptimizationTrial
from backtests.names import random_backtest_name
from backtests.optimization import strategies
from backtests.optimization.nodes import DEFAULT_NODE, NODES, cost_qcc
from backtests.optimization.objectives import (
    Constraint,
    ObjectiveError,
    best_of,
    objective_key,
)
from backtests.optimization.selectors import constraints_of, last_backtest_seconds
from backtests.selectors import backtest_nodes_for, backtest_result
from backtests.services import backtest_cancel, backtest_dispatch, project_snapshot
from projects.models import Project
from projects.services import parameter_set

logger = logging.getLogger(__name__)

# QuantConnect's cloud optimizer searches at most two parameters (seed 11.2).
MAX_PARAMETERS = 2
MAX_BACKTESTS = 1000


class OptimizationError(ValidationError):
    """A refused optimization request; the message says what to change."""


def optimization_group(optimization_id: int) -> str:
    return f"optimization.{optimization_id}"


def optimization_publish(*, optimization_id: int) -> None:
    """Tell pages showing this optimization to refresh (the consumer renders the HTML)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            optimization_group(optimization_id),
            {"type": "optimization.update", "optimization_id": optimization_id},
        )
    except Exception:  # realtime is best effort; pages also poll
        logger.exception("Could not publish optimization %s", optimization_id)


# -- validation -----------------------------------------------------------------------------------
def parse_parameters(project: Project, raw: list[dict[str, Any]]) -> list[strategies.StepParameter]:
    names = set(project.parameters.values_list("name", flat=True))
    parsed: list[strategies.StepParameter] = []
    for item in raw:
        try:
            parameter = strategies.StepParameter.parse(
                item.get("name", ""),
                item.get("min"),
                item.get("max"),
                item.get("step"),
                item.get("minStep"),
            )
        except strategies.ParameterError as exc:
            raise OptimizationError(str(exc)) from None
        if parameter.name not in names:
            raise OptimizationError(
                f"{parameter.name}: the project has no parameter of that name; add it to the "
                "project first."
            )
        if any(p.name == parameter.name for p in parsed):
            raise OptimizationError(f"{parameter.name}: the parameter is listed twice.")
        parsed.append(parameter)
    if not parsed:
        raise OptimizationError("Choose at least one parameter to optimize.")
    if len(parsed) > MAX_PARAMETERS:
        raise OptimizationError(f"You can optimize at most {MAX_PARAMETERS} parameters.")
    return parsed


def parse_constraints(raw: list[dict[str, Any]]) -> list[Constraint]:
    try:
        return [
            Constraint.parse(c.get("target", ""), c.get("operator", ""), c.get("value"))
            for c in raw
        ]
    except ObjectiveError as exc:
        raise OptimizationError(str(exc)) from None


@dataclass(frozen=True)
class WalkForward:
    """The search's in-sample range and the out-of-sample range its best parameters run on."""

    in_sample: tuple[date, date]
    out_of_sample: tuple[date, date]


WALK_FORWARD_FIELDS = (
    ("in_sample_start", "in-sample start"),
    ("in_sample_end", "in-sample end"),
    ("out_of_sample_start", "out-of-sample start"),
    ("out_of_sample_end", "out-of-sample end"),
)


def parse_walk_forward(raw: dict[str, Any] | None) -> WalkForward | None:
    """Four dates (YYYY-MM-DD or `date`), all or none; the out-of-sample range starts after the
    in-sample range ends (a walk forward: the check is on data the search never saw)."""
    raw = raw or {}
    given = {key: raw.get(key) for key, _ in WALK_FORWARD_FIELDS if raw.get(key) not in (None, "")}
    if not given:
        return None
    if len(given) < len(WALK_FORWARD_FIELDS):
        raise OptimizationError(
            "Set all four dates of the walk-forward split (in-sample and out-of-sample start "
            "and end), or none."
        )
    days: dict[str, date] = {}
    for key, label in WALK_FORWARD_FIELDS:
        value = given[key]
        if isinstance(value, date):
            days[key] = value
            continue
        try:
            days[key] = date.fromisoformat(str(value).strip())
        except ValueError:
            raise OptimizationError(
                f"The {label} must be a date YYYY-MM-DD, not {value!r}."
            ) from None
    for part in ("in_sample", "out_of_sample"):
        if days[f"{part}_start"] > days[f"{part}_end"]:
            raise OptimizationError(f"The {part.replace('_', '-')} range starts after it ends.")
    if days["out_of_sample_start"] <= days["in_sample_end"]:
        raise OptimizationError(
            "The out-of-sample range must start after the in-sample range ends."
        )
    return WalkForward(
        (days["in_sample_start"], days["in_sample_end"]),
        (days["out_of_sample_start"], days["out_of_sample_end"]),
    )


def max_nodes_for(organization: Organization, node_type: str) -> int:
    """The most nodes one optimization may use: the node type's cluster size, and no more than
    the organization's backtest nodes (its backtests share them)."""
    node = NODES[node_type]
    nodes = backtest_nodes_for(organization)
    return node.max_cluster if nodes is None else max(1, min(node.max_cluster, nodes))


def serialize(parameters: list[strategies.StepParameter]) -> list[dict[str, str]]:
    return [
        {
            "name": p.name,
            "min": format(p.min, "f"),
            "max": format(p.max, "f"),
            "step": format(p.step, "f"),
            "minStep": format(p.min_step, "f"),
        }
        for p in parameters
    ]


def deserialize(rows: list[dict[str, str]]) -> list[strategies.StepParameter]:
    return [
        strategies.StepParameter.parse(r["name"], r["min"], r["max"], r["step"], r["minStep"])
        for r in rows
    ]


# -- estimate -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    backtests: int
    seconds_each: float
    seconds: float  # wall time with `node_count` nodes
    cost: int  # QCC
    node_type: str
    node_count: int


def optimization_estimate(
    *,
    project: Project,
    parameters: list[dict[str, Any]],
    strategy: str = strategies.GRID,
    node_type: str = DEFAULT_NODE,
    node_count: int = 1,
    walk_forward: dict[str, Any] | None = None,
) -> Estimate:
    """Backtest count, wall time and QCC cost, from the project's last completed backtest (as
    QuantConnect's deployment wizard; without one there is nothing to estimate from). A
    walk-forward split adds its one out-of-sample backtest."""
    if strategy not in strategies.STRATEGIES:
        raise OptimizationError(f"Unknown optimization strategy {strategy!r}.")
    if node_type not in NODES:
        raise OptimizationError(f"Unknown optimization node type {node_type!r}.")
    largest = max_nodes_for(project.organization, node_type)
    if not 1 <= int(node_count) <= largest:
        raise OptimizationError(f"Choose between 1 and {largest} nodes.")
    parsed = parse_parameters(project, parameters)
    split = parse_walk_forward(walk_forward)
    count = strategies.estimate(strategy, parsed)
    if count > MAX_BACKTESTS:
        raise OptimizationError(
            f"This search needs {count:,} backtests; at most {MAX_BACKTESTS:,} are allowed. "
            "Use larger steps or narrower ranges."
        )
    seconds_each = last_backtest_seconds(project)
    if seconds_each is None:
        raise OptimizationError(
            "Run a backtest of the project first: the estimate is based on its last successful "
            "backtest."
        )
    rounds = -(-count // int(node_count))
    if split is not None:
        count += 1
        rounds += 1  # after the search
    return Estimate(
        backtests=count,
        seconds_each=seconds_each,
        seconds=rounds * seconds_each,
        cost=cost_qcc(NODES[node_type], backtests=count, seconds_each=seconds_each),
        node_type=node_type,
        node_count=int(node_count),
    )


# -- create ---------------------------------------------------------------------------------------
def optimization_create(
    *,
    project: Project,
    user: User,
    parameters: list[dict[str, Any]],
    target: str = "sharpeRatio",
    maximize: bool = True,
    target_value: float | None = None,
    constraints: list[dict[str, Any]] | None = None,
    strategy: str = strategies.GRID,
    node_type: str = DEFAULT_NODE,
    node_count: int = 1,
    name: str | None = None,
    walk_forward: dict[str, Any] | None = None,
) -> Optimization:
    try:
        target_key = objective_key(target)
    except ObjectiveError as exc:
        raise OptimizationError(str(exc)) from None
    parsed_constraints = parse_constraints(constraints or [])
    estimate = optimization_estimate(
        project=project,
        parameters=parameters,
        strategy=strategy,
        node_type=node_type,
        node_count=node_count,
        walk_forward=walk_forward,
    )
    parsed = parse_parameters(project, parameters)
    split = parse_walk_forward(walk_forward)
    names = {p.name for p in parsed}
    label = (name or "").strip()[:200] or random_backtest_name()
    with transaction.atomic():
        entry = credit_spend(
            organization=project.organization,
            amount=estimate.cost,
            reason=f"Optimization {label} of project {project.name}",
            actor=user,
        )
        optimization = Optimization.objects.create(
            organization=project.organization,
            project=project,
            created_by=user,
            name=label,
            status=Optimization.Status.RUNNING,
            strategy=strategy,
            target=target_key,
            maximize=maximize,
            target_value=target_value,
            parameters=serialize(parsed),
            scope=serialize(parsed),
            constraints=[
                {"target": c.key, "operator": c.operator, "value": c.value}
                for c in parsed_constraints
            ],
            static_parameters={
                k: v for k, v in project.parameters_dict().items() if k not in names
            },
            snapshot=project_snapshot(project),
            node_type=node_type,
            node_count=estimate.node_count,
            estimated_backtests=estimate.backtests,
            estimated_seconds=estimate.seconds,
            estimated_cost=estimate.cost,
            charged=estimate.cost,
            credit_entry=entry,
            in_sample_start=split.in_sample[0] if split else None,
            in_sample_end=split.in_sample[1] if split else None,
            out_of_sample_start=split.out_of_sample[0] if split else None,
            out_of_sample_end=split.out_of_sample[1] if split else None,
            started_at=timezone.now(),
        )
        optimization_id = optimization.pk
        transaction.on_commit(lambda: optimization_advance(optimization_id=optimization_id))
    return optimization


# -- the search -----------------------------------------------------------------------------------
def _key(parameters: dict[str, str]) -> tuple[tuple[str, str], ...]:
    # "1.0" and "1" are the same candidate.
    return tuple(
        sorted(
            (k, format(strategies.to_decimal(v, what=k).normalize(), "f"))
            for k, v in parameters.items()
        )
    )


def _pending(optimization: Optimization, tried: set) -> list[dict[str, str]]:
    return [c for c in strategies.grid(deserialize(optimization.scope)) if _key(c) not in tried]


def _best_in_sample(optimization: Optimization, trials: list[OptimizationTrial]):
    return best_of(
        [(t, t.statistics) for t in trials if t.status == Backtest.Status.COMPLETED],
        key=optimization.target,
        maximize=optimization.maximize,
        constraints=constraints_of(optimization),
    )


def _queue_backtest(
    optimization: Optimization,
    candidate: dict[str, str],
    *,
    period: tuple[date | None, date | None],
    out_of_sample: bool = False,
) -> int:
    label = ", ".join(f"{k}={v}" for k, v in candidate.items())
    backtest = Backtest.objects.create(
        organization_id=optimization.organization_id,
        project_id=optimization.project_id,
        created_by_id=optimization.created_by_id,
        name=f"{optimization.name} {'out-of-sample ' if out_of_sample else ''}{label}"[:200],
        snapshot=optimization.snapshot,
        parameters={**optimization.static_parameters, **candidate},
        period_start=period[0],
        period_end=period[1],
        engine_version=engine_version(),
    )
    OptimizationTrial.objects.create(
        optimization=optimization,
        backtest=backtest,
        parameters=candidate,
        round=optimization.round,
        out_of_sample=out_of_sample,
    )
    return backtest.pk


def _complete(optimization: Optimization) -> None:
    optimization.status = Optimization.Status.COMPLETED
    optimization.finished_at = timezone.now()
    optimization.save(update_fields=["status", "finished_at"])


def optimization_advance(*, optimization_id: int) -> list[int]:
    """Queue candidates while fewer than `node_count` of the optimization's backtests are
    active; when a round is done, Euler search refines the scope, otherwise the search is over:
    with a walk-forward split the best parameters (within the constraints) then run once on the
    out-of-sample range, and the optimization completes when that backtest ends. Returns the
    new backtests' ids."""
    created: list[int] = []
    completed = False
    with transaction.atomic():
        optimization = Optimization.objects.select_for_update().filter(pk=optimization_id).first()
        if optimization is None or optimization.status != Optimization.Status.RUNNING:
            return created
        everything = list(optimization.trials.select_related("backtest"))
        checks = [t for t in everything if t.out_of_sample]
        trials = [t for t in everything if not t.out_of_sample]
        if checks:  # the search is over; waiting for the out-of-sample backtest
            if not any(t.backtest is not None and t.backtest.is_active for t in checks):
                _complete(optimization)
                completed = True
            pending: list[dict[str, str]] = []
            active = optimization.node_count
        else:
            tried = {_key(t.parameters) for t in trials}
            active = sum(1 for t in trials if t.backtest is not None and t.backtest.is_active)
            pending = _pending(optimization, tried)
        while not checks and not pending and active == 0:
            refined = None
            best = _best_in_sample(optimization, trials)
            if optimization.strategy == strategies.EULER and best is not None:
                refined = strategies.euler_refine(
                    deserialize(optimization.scope),
                    best.parameters,
                    deserialize(optimization.parameters),
                )
            if refined is None:
                if optimization.walk_forward and best is not None:
                    created.append(
                        _queue_backtest(
                            optimization,
                            best.parameters,
                            period=(
                                optimization.out_of_sample_start,
                                optimization.out_of_sample_end,
                            ),
                            out_of_sample=True,
                        )
                    )
                else:
                    _complete(optimization)
                    completed = True
                break
            optimization.scope = serialize(refined)
            optimization.round += 1
            optimization.save(update_fields=["scope", "round"])
            pending = _pending(optimization, tried)
        for candidate in pending[: max(0, optimization.node_count - active)]:
            created.append(
                _queue_backtest(
                    optimization,
                    candidate,
                    period=(optimization.in_sample_start, optimization.in_sample_end),
                )
            )
        organization_id = optimization.organization_id
        if created:
            transaction.on_commit(lambda: backtest_dispatch(organization_id=organization_id))
    if completed:
        optimization_refund_unrun(optimization_id=optimization_id)
    optimization_publish(optimization_id=optimization_id)
    return created


def optimization_backtest_finished(*, backtest_id: int) -> None:
    """Record a finished backtest of an optimization (its statistics, or its failure) and
    advance the search. Called by the worker for every backtest; others are ignored."""
    trial = (
        OptimizationTrial.objects.select_related("backtest").filter(backtest_id=backtest_id).first()
    )
    if trial is None or trial.backtest is None or not trial.backtest.is_finished:
        return
    statistics: dict[str, Any] = {}
    if trial.backtest.status == Backtest.Status.COMPLETED:
        statistics = backtest_result(trial.backtest).get("statisticsValues") or {}
    OptimizationTrial.objects.filter(pk=trial.pk).update(
        statistics=statistics, status=trial.backtest.status
    )
    optimization_advance(optimization_id=trial.optimization_id)


# -- user actions ---------------------------------------------------------------------------------
def optimization_abort(*, optimization: Optimization) -> Optimization:
    """Stop the search: no new backtests; queued and running ones are cancelled."""
    with transaction.atomic():
        updated = Optimization.objects.filter(
            pk=optimization.pk, status__in=[Optimization.Status.NEW, Optimization.Status.RUNNING]
        ).update(status=Optimization.Status.ABORTED, finished_at=timezone.now())
    if updated:
        for trial in optimization.trials.select_related("backtest"):
            if trial.backtest is not None and trial.backtest.is_active:
                backtest_cancel(backtest=trial.backtest)
                trial.backtest.refresh_from_db()
                if trial.backtest.is_finished:
                    OptimizationTrial.objects.filter(pk=trial.pk).update(
                        status=trial.backtest.status
                    )
        optimization_refund_unrun(optimization_id=optimization.pk)
    optimization.refresh_from_db()
    optimization_publish(optimization_id=optimization.pk)
    return optimization


def optimization_refund_unrun(*, optimization_id: int) -> int:
    """Give back, through the ledger, the share of the charge for backtests that never ran
    (an aborted search, or an Euler search that needed fewer than its estimate): charged x
    not run / estimated. A backtest a worker started counts as run, even if it was cancelled.
    Once per optimization (the ledger refunds a spending once). Returns the QCC refunded."""
    with transaction.atomic():
        optimization = (
            # lock the optimization row only: PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer join that select_related makes for the credit entry
            Optimization.objects.select_for_update(of=("self",))
            .select_related("credit_entry")
            .filter(pk=optimization_id)
            .first()
        )
        if (
            optimization is None
            or not optimization.is_finished
            or optimization.refunded
            or optimization.credit_entry is None
            or not optimization.estimated_backtests
        ):
            return 0
        ran = 0
        for trial in optimization.trials.select_related("backtest"):
            backtest = trial.backtest
            if backtest is not None:
                ran += backtest.started_at is not None
            else:  # deleted: its recorded outcome tells whether it ran
                ran += trial.status not in ("", Backtest.Status.CANCELLED)
        unrun = max(0, optimization.estimated_backtests - ran)
        amount = optimization.charged * unrun // optimization.estimated_backtests
        if amount <= 0:
            return 0
        credit_refund(
            entry=optimization.credit_entry,
            actor=None,
            amount=amount,
            reason=(
                f"Optimization {optimization.name}: {unrun} of "
                f"{optimization.estimated_backtests} backtests not run"
            ),
        )
        optimization.refunded = amount
        optimization.save(update_fields=["refunded"])
    return amount


def optimization_update(*, optimization: Optimization, name: str) -> Optimization:
    if name and name.strip():
        optimization.name = name.strip()[:200]
        optimization.save(update_fields=["name"])
    return optimization


def optimization_delete(*, optimization: Optimization) -> None:
    """Abort if running, then delete the optimization and its backtests."""
    from backtests.services import backtest_delete

    if not optimization.is_finished:
        optimization_abort(optimization=optimization)
    for trial in optimization.trials.select_related("backtest"):
        if trial.backtest is not None:
            backtest_delete(backtest=trial.backtest)
    optimization.delete()


def optimization_apply_parameters(*, trial: OptimizationTrial) -> Project:
    """Set the project's parameters to the trial's values (the next backtest uses them)."""
    project = trial.optimization.project
    with transaction.atomic():
        for name, value in trial.parameters.items():
            exists = project.parameters.filter(name=name).exists()
            parameter_set(
                project=project, name=name, value=str(value), old_name=name if exists else None
            )
    return project
