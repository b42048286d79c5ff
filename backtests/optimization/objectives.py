"""Optimization targets and constraints over a backtest's statistics (pure Python, no Django).

A backtest's statistics are the `statisticsValues` of its result document (numbers, percent where
the display string has `%`). Targets are named as QuantConnect's API names them
(`TotalPerformance.PortfolioStatistics.SharpeRatio`); the last segment, camelCased, is the key.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# key -> label; the seed's objectives first, then every statistic the results page can chart.
OBJECTIVES: dict[str, str] = {
    "sharpeRatio": "Sharpe Ratio",
    "probabilisticSharpeRatio": "Probabilistic Sharpe Ratio",
    "compoundingAnnualReturn": "Compounding Annual Return",
    "drawdown": "Drawdown",
    "netProfit": "Net Profit",
    "alpha": "Alpha",
    "annualStandardDeviation": "Annual Standard Deviation",
    "annualVariance": "Annual Variance",
    "averageLoss": "Average Loss",
    "averageWin": "Average Win",
    "beta": "Beta",
    "estimatedStrategyCapacity": "Estimated Strategy Capacity",
    "expectancy": "Expectancy",
    "informationRatio": "Information Ratio",
    "lossRate": "Loss Rate",
    "profitLossRatio": "Profit-Loss Ratio",
    "sortinoRatio": "Sortino Ratio",
    "totalFees": "Total Fees",
    "totalOrders": "Total Orders",
    "trackingError": "Tracking Error",
    "treynorRatio": "Treynor Ratio",
    "winRate": "Win Rate",
}
PREFIX = "TotalPerformance.PortfolioStatistics."

OPERATORS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "less": ("<", operator.lt),
    "lessOrEqual": ("<=", operator.le),
    "greater": (">", operator.gt),
    "greaterOrEqual": (">=", operator.ge),
    "equals": ("=", operator.eq),
    "notEquals": ("!=", operator.ne),
}


class ObjectiveError(ValueError):
    pass


def objective_key(name: str) -> str:
    """`TotalPerformance.PortfolioStatistics.SharpeRatio`, `SharpeRatio` or `sharpeRatio` ->
    `sharpeRatio`; unknown names raise ObjectiveError."""
    last = str(name).strip().split(".")[-1]
    key = last[:1].lower() + last[1:]
    if key == "totalTrades":  # QuantConnect's older name of the same statistic
        key = "totalOrders"
    if key not in OBJECTIVES:
        raise ObjectiveError(f"Unknown optimization target {name!r}.")
    return key


def objective_path(key: str) -> str:
    return PREFIX + key[:1].upper() + key[1:]


def statistic(statistics: dict[str, Any], key: str) -> float | None:
    value = statistics.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


@dataclass(frozen=True)
class Constraint:
    key: str
    operator: str
    value: float

    @classmethod
    def parse(cls, target: str, op: str, value: object) -> Constraint:
        # The lean CLI sends the operator enum's member name ("Less", "NotEqual").
        op = str(op).strip()
        op = {"notequal": "notEquals"}.get(op.lower(), op[:1].lower() + op[1:])
        if op not in OPERATORS:
            raise ObjectiveError(f"Unknown constraint operator {op!r}.")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ObjectiveError(f"The constraint value must be a number, not {value!r}.") from None
        if not math.isfinite(number):
            raise ObjectiveError("The constraint value must be finite.")
        return cls(objective_key(target), op, number)

    def is_met(self, statistics: dict[str, Any]) -> bool:
        value = statistic(statistics, self.key)
        return value is not None and OPERATORS[self.operator][1](value, self.value)

    def describe(self) -> str:
        return f"{OBJECTIVES[self.key]} {OPERATORS[self.operator][0]} {self.value:g}"


def meets(constraints: Iterable[Constraint], statistics: dict[str, Any]) -> bool:
    return all(c.is_met(statistics) for c in constraints)


def best_of(
    results: Iterable[tuple[Any, dict[str, Any]]],
    *,
    key: str,
    maximize: bool,
    constraints: Iterable[Constraint] = (),
) -> Any | None:
    """The item whose statistics have the best target value among those meeting every
    constraint (None when none does); ties keep the earliest, as LEAN's `Target.MoveAhead`."""
    constraints = list(constraints)
    best = None
    best_value: float | None = None
    for item, statistics in results:
        value = statistic(statistics, key)
        if value is None or not meets(constraints, statistics):
            continue
        if best_value is None or (value > best_value if maximize else value < best_value):
            best, best_value = item, value
    return best
