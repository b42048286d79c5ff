"""QuantConnect REST API v2, optimizations: optimizations/create|estimate|read|list|update|abort|
delete in QuantConnect's shapes (what the lean CLI's `lean cloud optimize` reads). The work is
`backtests.optimization.services`; parameters come as `parameters[i][key|min|max|step]` and
constraints as `constraints[i][target|operator|target-value]` (form or JSON)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from api.common import iso, project_for, require_api_access
from api.registry import ApiError, Call, Field, endpoint
from backtests.models import Backtest, Optimization
from backtests.optimization import services
from backtests.optimization.objectives import objective_path, statistic
from backtests.optimization.selectors import (
    get_optimization_for_user,
    optimization_list_for_project,
    optimization_progress,
    trials_of,
)
from backtests.optimization.strategies import GRID

SECTION = "Optimizations"
OPTIMIZATION_ID = Field("optimizationId", "string", "Id of the optimization.", required=True)
# The order of QuantConnect's per-backtest "statistics" array (the lean CLI reads Sharpe at 15,
# CAGR at 6, PSR at 13 and drawdown at 7): the results page's supported objectives, in order.
STATISTICS_ORDER = (
    "alpha",
    "annualStandardDeviation",
    "annualVariance",
    "averageLoss",
    "averageWin",
    "beta",
    "compoundingAnnualReturn",
    "drawdown",
    "estimatedStrategyCapacity",
    "expectancy",
    "informationRatio",
    "lossRate",
    "netProfit",
    "probabilisticSharpeRatio",
    "profitLossRatio",
    "sharpeRatio",
    "totalFees",
    "totalOrders",
    "trackingError",
    "treynorRatio",
    "winRate",
)
# QuantConnect's optimization statuses, lowercase as its API answers them.
STATUS = {
    Optimization.Status.NEW: "new",
    Optimization.Status.RUNNING: "running",
    Optimization.Status.COMPLETED: "completed",
    Optimization.Status.ABORTED: "aborted",
    Optimization.Status.FAILED: "runtimeError",
}
REQUEST = [
    Field("projectId", "integer", "Id of the project to optimize.", required=True),
    Field("compileId", "string", "Compile id of the project (the current code is used)."),
    Field("name", "string", "Name of the optimization."),
    Field(
        "target",
        "string",
        "Target statistic, e.g. TotalPerformance.PortfolioStatistics.SharpeRatio.",
        required=True,
    ),
    Field("targetTo", "string", "max or min.", required=True),
    Field("targetValue", "any", "Target value (optional)."),
    Field("strategy", "string", "Optimization strategy class name."),
    Field("parameters", "array", "[{key, min, max, step}].", required=True),
    Field("constraints", "array", "[{target, operator, target-value}]."),
    Field("nodeType", "string", "O2-8, O4-12 or O8-16.", required=True),
    Field("parallelNodes", "integer", "Number of nodes.", required=True),
    Field("estimatedCost", "any", "The estimate the client saw (informational)."),
]


def integer_bounds(parameter: dict[str, Any]) -> dict[str, Any]:
    """A parameter whose min, max and steps are all whole numbers, as integers: lean-cli types
    them as floats (its `OptimizationParameter`), so an integer parameter arrives as "20.0", and
    candidates "20.0", "21.0" would make `int(self.get_parameter("fast"))` fail and LEAN's
    `GetParameter("fast", 10)` return its default (int.TryParse refuses "20.0")."""
    keys = ("min", "max", "step", "minStep")
    numbers = {}
    for key in keys:
        value = parameter.get(key)
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            return parameter  # the service names the bad value
        if not number.is_finite() or number != number.to_integral_value():
            return parameter
        numbers[key] = str(int(number))
    return {**parameter, **numbers}


def _arguments(call: Call) -> dict[str, Any]:
    def rows(name: str) -> list[dict[str, Any]]:
        value = call.get(name) or []
        if isinstance(value, dict):
            value = list(value.values())
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ApiError(f"{name}: a list of objects is required.")
        return value

    parameters = [
        integer_bounds(
            {
                "name": p.get("key", p.get("name", "")),
                "min": p.get("min"),
                "max": p.get("max"),
                "step": p.get("step"),
                "minStep": p.get("minStep") or p.get("min-step"),
            }
        )
        for p in rows("parameters")
    ]
    constraints = [
        {
            "target": c.get("target", ""),
            "operator": c.get("operator", ""),
            "value": c.get("target-value", c.get("targetValue", c.get("value"))),
        }
        for c in rows("constraints")
    ]
    try:
        node_count = int(call.get("parallelNodes") or 1)
    except (TypeError, ValueError):
        raise ApiError("parallelNodes: an integer is required.") from None
    target_to = str(call.get("targetTo") or "max").lower()
    if target_to not in ("max", "min"):
        raise ApiError("targetTo: max or min.")
    return {
        "parameters": parameters,
        "constraints": constraints,
        "target": str(call.get("target") or "sharpeRatio"),
        "maximize": target_to == "max",
        "strategy": str(call.get("strategy") or GRID),
        "node_type": str(call.get("nodeType") or "O2-8"),
        "node_count": node_count,
    }


def optimization_for(call: Call, *, write: bool = False) -> Optimization:
    optimization_id = call.get("optimizationId")
    try:
        optimization = get_optimization_for_user(call.user, optimization_id, write=write)
    except Http404:
        raise ApiError(f"optimizationId {optimization_id!r}: no such optimization.") from None
    require_api_access(optimization.organization)
    return optimization


def optimization_json(optimization: Optimization, *, backtests: bool = True) -> dict[str, Any]:
    progress = optimization_progress(optimization)
    data: dict[str, Any] = {
        "optimizationId": optimization.optimization_id,
        "projectId": optimization.project_id,
        "name": optimization.name,
        "status": STATUS.get(optimization.status, optimization.status.lower()),
        "nodeType": optimization.node_type,
        "parallel": optimization.node_count,
        "strategy": optimization.strategy,
        "optimizationTarget": objective_path(optimization.target),
        "targetTo": "max" if optimization.maximize else "min",
        "targetValue": optimization.target_value,
        "parameters": [
            {"name": p["name"], "min": p["min"], "max": p["max"], "step": p["step"]}
            for p in optimization.parameters
        ],
        "constraints": [
            {
                "target": objective_path(c["target"]),
                "operator": c["operator"],
                "targetValue": c["value"],
            }
            for c in optimization.constraints
        ],
        "estimatedCost": optimization.estimated_cost,
        "created": iso(optimization.created),
        "requested": iso(optimization.created),
        "runtimeStatistics": {
            "Completed": str(progress["completed"]),
            "Failed": str(progress["failed"]),
            "Running": str(progress["running"]),
            "In Queue": str(progress["queued"]),
            "Total": str(progress["total"]),
            "Consumed": f"{progress['consumed']} QCC",
        },
    }
    if backtests:
        rows = {}
        for trial in trials_of(optimization):
            backtest = trial.backtest
            if backtest is None:
                continue
            status = backtest.status
            rows[backtest.backtest_id] = {
                "id": backtest.backtest_id,
                "name": backtest.name,
                # 0 for a completed backtest; others did not finish successfully
                "exitCode": 0 if status == Backtest.Status.COMPLETED else 1,
                "parameterSet": trial.parameters,
                "statistics": [statistic(trial.statistics, key) or 0.0 for key in STATISTICS_ORDER]
                if trial.statistics
                else [],
            }
        data["backtests"] = rows
    return data


def _refused(exc: ValidationError) -> ApiError:
    return ApiError(" ".join(exc.messages))


@endpoint(
    "optimizations/estimate",
    section=SECTION,
    summary="Estimate an optimization's time and cost.",
    request=REQUEST,
)
def optimizations_estimate(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    args = _arguments(call)
    try:
        estimate = services.optimization_estimate(
            project=project,
            parameters=args["parameters"],
            strategy=args["strategy"],
            node_type=args["node_type"],
            node_count=args["node_count"],
        )
    except ValidationError as exc:
        raise _refused(exc) from None
    from accounts.selectors import credit_balance

    return {
        "estimate": {
            "estimateId": f"{project.pk}-{estimate.backtests}-{estimate.node_count}",
            # QuantConnect's "time" is the seconds of one backtest the estimate rests on
            "time": int(round(estimate.seconds_each)),
            "balance": credit_balance(project.organization),
            "backtests": estimate.backtests,
            "totalSeconds": int(round(estimate.seconds)),
            "cost": estimate.cost,
        }
    }


@endpoint(
    "optimizations/create",
    section=SECTION,
    summary="Create and start an optimization.",
    request=REQUEST,
)
def optimizations_create(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"), write=True)
    args = _arguments(call)
    try:
        optimization = services.optimization_create(
            project=project, user=call.user, name=call.get("name"), **args
        )
    except ValidationError as exc:
        raise _refused(exc) from None
    return {"optimizations": [optimization_json(optimization)]}


@endpoint(
    "optimizations/read",
    section=SECTION,
    summary="Read an optimization.",
    request=[OPTIMIZATION_ID],
)
def optimizations_read(call: Call) -> dict:
    return {"optimization": optimization_json(optimization_for(call))}


@endpoint(
    "optimizations/list",
    section=SECTION,
    summary="List the optimizations of a project.",
    request=[Field("projectId", "integer", "Id of the project.", required=True)],
)
def optimizations_list(call: Call) -> dict:
    project = project_for(call.user, call.get("projectId"))
    return {
        "optimizations": [
            optimization_json(o, backtests=False) for o in optimization_list_for_project(project)
        ]
    }


@endpoint(
    "optimizations/update",
    section=SECTION,
    summary="Rename an optimization.",
    request=[OPTIMIZATION_ID, Field("name", "string", "The new name.", required=True)],
)
def optimizations_update(call: Call) -> dict:
    optimization = optimization_for(call, write=True)
    name = str(call.get("name") or "").strip()
    if not name:
        raise ApiError("name: a name is required.")
    services.optimization_update(optimization=optimization, name=name)
    return {}


@endpoint(
    "optimizations/abort",
    section=SECTION,
    summary="Abort an optimization.",
    request=[OPTIMIZATION_ID],
)
def optimizations_abort(call: Call) -> dict:
    services.optimization_abort(optimization=optimization_for(call, write=True))
    return {}


@endpoint(
    "optimizations/delete",
    section=SECTION,
    summary="Delete an optimization.",
    request=[OPTIMIZATION_ID],
)
def optimizations_delete(call: Call) -> dict:
    services.optimization_delete(optimization=optimization_for(call, write=True))
    return {}
