"""What the results page shows: table rows and Plotly figures (heat map for two parameters, a
line chart for one)."""

from __future__ import annotations

from typing import Any

from backtests.charts import figure_layout
from backtests.models import Optimization, OptimizationTrial
from backtests.optimization.objectives import OBJECTIVES, meets, statistic
from backtests.optimization.selectors import constraints_of

COLUMNS = (
    "sharpeRatio",
    "probabilisticSharpeRatio",
    "compoundingAnnualReturn",
    "drawdown",
    "netProfit",
    "totalOrders",
)


def walk_forward(
    optimization: Optimization,
    best: OptimizationTrial | None,
    check: OptimizationTrial | None,
) -> dict[str, Any]:
    """The walk-forward card: the best in-sample backtest and its out-of-sample run side by
    side, a row per statistic of the table (and the target first)."""
    keys = [optimization.target, *(k for k in COLUMNS if k != optimization.target)]
    in_sample = best.statistics if best is not None else {}
    out_of_sample = check.statistics if check is not None else {}
    return {
        "in_sample": (optimization.in_sample_start, optimization.in_sample_end),
        "out_of_sample": (optimization.out_of_sample_start, optimization.out_of_sample_end),
        "best": best,
        "check": check,
        "check_status": (
            check.backtest.status
            if check is not None and check.backtest is not None
            else (check.status if check is not None else "")
        ),
        "rows": [
            {
                "key": key,
                "label": OBJECTIVES[key],
                "in_sample": statistic(in_sample, key),
                "out_of_sample": statistic(out_of_sample, key),
            }
            for key in keys
        ],
    }


def result_rows(
    optimization: Optimization,
    trials: list[OptimizationTrial],
    best: OptimizationTrial | None,
    *,
    sort: str = "",
    descending: bool = True,
) -> list[dict[str, Any]]:
    constraints = constraints_of(optimization)
    rows = []
    for trial in trials:
        backtest = trial.backtest
        status = backtest.status if backtest is not None else trial.status
        rows.append(
            {
                "trial": trial,
                "backtest": backtest,
                "status": status,
                "parameters": [
                    trial.parameters.get(p["name"], "") for p in optimization.parameters
                ],
                "target": statistic(trial.statistics, optimization.target),
                "values": [statistic(trial.statistics, key) for key in COLUMNS],
                "meets": bool(trial.statistics) and meets(constraints, trial.statistics),
                "best": best is not None and trial.pk == best.pk,
            }
        )
    if sort in OBJECTIVES or sort.startswith("p:"):

        def key(row: dict[str, Any]) -> tuple[bool, float]:
            if sort.startswith("p:"):
                value: float | None = statistic(
                    {"v": _number(row["trial"].parameters.get(sort[2:]))}, "v"
                )
            else:
                value = statistic(row["trial"].statistics, sort)
            # rows without a value last in either direction
            return (value is None) != descending, (value or 0.0)

        rows.sort(key=key, reverse=descending)
    return rows


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def parameter_figure(optimization: Optimization, trials: list[OptimizationTrial]) -> dict | None:
    """One parameter: the target against it (line with markers). Two: a heat map of the target
    over both. None before any backtest completed."""
    names = [p["name"] for p in optimization.parameters]
    points = [
        (trial.parameters, value)
        for trial in trials
        if (value := statistic(trial.statistics, optimization.target)) is not None
    ]
    if not points:
        return None
    label = OBJECTIVES[optimization.target]
    if len(names) == 1:
        ordered = sorted(points, key=lambda p: float(p[0][names[0]]))
        layout = figure_layout(label, y_title=label)
        layout["xaxis"] = {"title": {"text": names[0]}}
        return {
            "data": [
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": [float(p[names[0]]) for p, _ in ordered],
                    "y": [v for _, v in ordered],
                    "name": label,
                }
            ],
            "layout": layout,
        }
    xs = sorted({float(p[names[0]]) for p, _ in points})
    ys = sorted({float(p[names[1]]) for p, _ in points})
    grid: list[list[float | None]] = [[None] * len(xs) for _ in ys]
    for parameters, value in points:
        grid[ys.index(float(parameters[names[1]]))][xs.index(float(parameters[names[0]]))] = value
    layout = figure_layout(label, height=420)
    layout["xaxis"] = {"title": {"text": names[0]}}
    layout["yaxis"] = {"title": {"text": names[1]}}
    return {
        "data": [
            {"type": "heatmap", "x": xs, "y": ys, "z": grid, "colorscale": "RdYlGn", "name": label}
        ],
        "layout": layout,
    }
