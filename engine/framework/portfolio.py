"""Portfolio construction models (LEAN Algorithm.Framework/Portfolio): insights -> ``PortfolioTarget``s.

``PortfolioConstructionModel.create_targets`` follows LEAN's base class: rebalance when due (the
rebalance function's time, security changes, new insights or an insight expiring), take the last
active insight per symbol from ``algorithm.insights``, ``determine_target_percent``, then flatten
symbols whose insights all expired.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from engine.framework.alphas import call
from engine.framework.insights import END_OF_TIME, Insight, resolution_span
from engine.model.enums import InsightDirection, LeanEnum, Resolution, pascal_aliases
from engine.portfolio.trading import PortfolioTarget


@pascal_aliases
class PortfolioBias(LeanEnum):
    SHORT = -1
    LONG_SHORT = 0
    LONG = 1


def bias_weight_bounds(bias: PortfolioBias) -> tuple[int, int]:
    """The (lower, upper) weight bounds an optimizer gets for ``bias``: no shorts when long-only,
    no longs when short-only."""
    return (0 if bias == PortfolioBias.LONG else -1, 0 if bias == PortfolioBias.SHORT else 1)


def rebalancing_func(rebalance: Any) -> Callable[[datetime], datetime | None] | None:
    """A Resolution, timedelta, date rule or function of the UTC time -> next rebalance UTC time."""
    if rebalance is None:
        return None
    if isinstance(rebalance, Resolution) or (
        isinstance(rebalance, int) and not isinstance(rebalance, bool)
    ):
        span = resolution_span(rebalance)
        return lambda t: t + span
    if isinstance(rebalance, timedelta):
        return lambda t: t + rebalance
    if hasattr(rebalance, "next_date") or hasattr(rebalance, "get_dates"):
        return _date_rule_func(rebalance)
    if callable(rebalance):
        return rebalance
    return None


def _date_rule_func(rule: Any) -> Callable[[datetime], datetime | None]:
    """LEAN ``DateRuleExtensions.ToFunc``: the rule's dates from the first call on (midnights, read
    as UTC); once the time reaches the current date, the next one."""
    getter = getattr(rule, "next_date", None)
    if getter is not None:
        return getter
    state: dict[str, Any] = {"dates": [], "end": None}

    def fill(start: date) -> None:
        end = start + timedelta(days=400)
        state["dates"] = [
            datetime(d.year, d.month, d.day, tzinfo=UTC) for d in rule.get_dates(start, end)
        ]
        state["end"] = end

    def next_time(t: datetime) -> datetime | None:
        if state["end"] is None:
            fill(t.date())
        dates = state["dates"]
        while dates and t >= dates[0]:
            dates.pop(0)
        while not dates:
            if state["end"] > date(9998, 1, 1):
                return END_OF_TIME
            fill(state["end"] + timedelta(days=1))
            dates = state["dates"]
            while dates and t >= dates[0]:
                dates.pop(0)
        return dates[0]

    return next_time


def filter_invalid_insight_magnitude(algorithm: Any, insights: list[Insight]) -> list[Insight]:
    """LEAN ``PortfolioConstructionModel.FilterInvalidInsightMagnitude``: drop insights whose
    |magnitude| is outside the settings' [min, max] absolute portfolio target percentage."""
    settings = getattr(algorithm, "settings", None)
    high = getattr(settings, "max_absolute_portfolio_target_percentage", 1_000_000_000.0)
    low = getattr(settings, "min_absolute_portfolio_target_percentage", 0.0000000001)
    out = []
    for insight in insights:
        magnitude = insight.magnitude
        if not magnitude:
            out.append(insight)
            continue
        if abs(magnitude) > high or abs(magnitude) < low:
            algorithm.error(
                f"PortfolioConstructionModel.FilterInvalidInsightMagnitude(): The insight target "
                f"Magnitude: {magnitude}, will not be processed because it does not comply with "
                f"the algorithm settings"
            )
            continue
        out.append(insight)
    return out


class PortfolioConstructionModel:
    """Base class. Subclasses override ``determine_target_percent(active_insights)`` (and optionally
    ``should_create_target_for_insight``), or ``create_targets`` entirely."""

    def __init__(self, rebalance: Any = None) -> None:
        self._rebalancing_func = rebalancing_func(rebalance)
        self._rebalancing_time: datetime | None = None
        self._security_changes = False
        self.rebalance_on_security_changes = True
        self.rebalance_on_insight_changes = True
        self.algorithm: Any = None

    def set_rebalancing_func(self, rebalance: Any) -> None:
        self._rebalancing_func = rebalancing_func(rebalance)

    # -- LEAN's base algorithm ------------------------------------------------------------------------
    def create_targets(self, algorithm: Any, insights: list[Insight]) -> list[PortfolioTarget]:
        self.algorithm = algorithm
        now = algorithm.utc_time
        if not self._call_bool("is_rebalance_due", "IsRebalanceDue", insights, now):
            return []
        targets: list[PortfolioTarget] = []
        last_active = call(self, "get_target_insights", "GetTargetInsights")
        errors: set[Any] = set()
        percents = (
            call(self, "determine_target_percent", "DetermineTargetPercent", last_active) or {}
        )
        for insight in last_active:
            if insight not in percents:
                continue
            target = PortfolioTarget.percent(algorithm, insight.symbol, percents[insight])
            if target is not None:
                targets.append(target)
            else:
                errors.add(insight.symbol)
        manager = algorithm.insights
        expired = manager.remove_expired_insights(now)
        seen: set[Any] = set()
        for insight in expired:
            sym = insight.symbol
            if sym in seen or sym in errors:
                continue
            seen.add(sym)
            if not manager.has_active_insights(sym, now):
                targets.append(PortfolioTarget(sym, 0))
        return targets

    def _call_bool(self, snake: str, pascal: str, *args: Any) -> bool:
        return bool(call(self, snake, pascal, *args))

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        self.algorithm = self.algorithm or algorithm
        self._security_changes = bool(changes.added_securities or changes.removed_securities)
        removed = [s.symbol for s in changes.removed_securities]
        if removed and algorithm is not None:
            algorithm.insights.expire(removed)

    def get_target_insights(self) -> list[Insight]:
        algo = self.algorithm
        now = algo.utc_time
        last: dict[Any, Insight] = {}
        for insight in algo.insights.get_active_insights(now):
            if not call(
                self, "should_create_target_for_insight", "ShouldCreateTargetForInsight", insight
            ):
                continue
            prev = last.get(insight.symbol)
            if prev is None or insight.generated_time_utc >= prev.generated_time_utc:
                last[insight.symbol] = insight
        return list(last.values())

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        return True

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        raise NotImplementedError(
            "Types deriving from 'PortfolioConstructionModel' must implement determine_target_percent"
        )

    def is_rebalance_due(self, insights: list[Insight], algorithm_utc: datetime) -> bool:
        if self._rebalancing_func is None:
            self.refresh_rebalance(algorithm_utc)
            return True
        next_expiry = self.algorithm.insights.get_next_expiry_time()
        if self._rebalancing_time is None:
            self._rebalancing_time = self._rebalancing_func(algorithm_utc)
            if self._rebalancing_time is not None and self._rebalancing_time <= algorithm_utc:
                self._rebalancing_time = None
                self._security_changes = False
                return True
        if (
            (self._rebalancing_time is not None and self._rebalancing_time <= algorithm_utc)
            or (self.rebalance_on_security_changes and self._security_changes)
            or (
                self.rebalance_on_insight_changes
                and (
                    len(insights) != 0 or (next_expiry is not None and next_expiry < algorithm_utc)
                )
            )
        ):
            self.refresh_rebalance(algorithm_utc)
            return True
        return False

    def refresh_rebalance(self, algorithm_utc: datetime) -> None:
        if self._rebalancing_func is not None:
            self._rebalancing_time = self._rebalancing_func(algorithm_utc)
        self._security_changes = False

    filter_invalid_insight_magnitude = staticmethod(filter_invalid_insight_magnitude)
    FilterInvalidInsightMagnitude = filter_invalid_insight_magnitude

    # PascalCase API (LEAN's Python models call these names)
    CreateTargets = create_targets
    OnSecuritiesChanged = on_securities_changed
    SetRebalancingFunc = set_rebalancing_func
    RebalanceOnSecurityChanges = property(
        lambda self: self.rebalance_on_security_changes,
        lambda self, v: setattr(self, "rebalance_on_security_changes", v),
    )
    RebalanceOnInsightChanges = property(
        lambda self: self.rebalance_on_insight_changes,
        lambda self, v: setattr(self, "rebalance_on_insight_changes", v),
    )
    Algorithm = property(lambda self: self.algorithm)


# mark the base implementations so a user's PascalCase override wins over them
for _name in (
    "get_target_insights",
    "should_create_target_for_insight",
    "determine_target_percent",
    "is_rebalance_due",
):
    getattr(PortfolioConstructionModel, _name)._qc_default = True


class NullPortfolioConstructionModel(PortfolioConstructionModel):
    def create_targets(self, algorithm: Any, insights: list[Insight]) -> list[PortfolioTarget]:
        return []

    CreateTargets = create_targets


def _respects(bias: PortfolioBias, insight: Insight) -> bool:
    return bias == PortfolioBias.LONG_SHORT or int(insight.direction) == int(bias)


class EqualWeightingPortfolioConstructionModel(PortfolioConstructionModel):
    """1/N of the portfolio to each symbol with an active non-flat insight (long up, short down).
    Rebalances daily by default (``rebalance``: Resolution, timedelta, date rule or function)."""

    def __init__(
        self, rebalance: Any = Resolution.DAILY, portfolio_bias: Any = PortfolioBias.LONG_SHORT
    ) -> None:
        super().__init__(rebalance)
        self.portfolio_bias = PortfolioBias(int(portfolio_bias))

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        bias = self.portfolio_bias
        count = sum(
            1
            for i in active_insights
            if i.direction != InsightDirection.FLAT and _respects(bias, i)
        )
        percent = 0.0 if count == 0 else 1.0 / count
        return {
            i: (int(i.direction) if _respects(bias, i) else 0) * percent for i in active_insights
        }

    def respect_portfolio_bias(self, insight: Insight) -> bool:
        return _respects(self.portfolio_bias, insight)

    DetermineTargetPercent = determine_target_percent
    RespectPortfolioBias = respect_portfolio_bias


class InsightWeightingPortfolioConstructionModel(EqualWeightingPortfolioConstructionModel):
    """Each symbol gets its insight's |weight| (scaled down so the weights sum to at most 1);
    insights without a weight are ignored."""

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        return insight.weight is not None

    def get_value(self, insight: Insight) -> float:
        return abs(insight.weight or 0.0)

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        bias = self.portfolio_bias
        total = sum(self.get_value(i) for i in active_insights if _respects(bias, i))
        factor = 1.0 / total if total > 1 else 1.0
        return {
            i: (int(i.direction) if _respects(bias, i) else 0) * self.get_value(i) * factor
            for i in active_insights
        }

    ShouldCreateTargetForInsight = should_create_target_for_insight
    DetermineTargetPercent = determine_target_percent
    GetValue = get_value


class ConfidenceWeightingPortfolioConstructionModel(InsightWeightingPortfolioConstructionModel):
    """Like insight weighting, with the insight's confidence as the weight."""

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        return insight.confidence is not None

    def get_value(self, insight: Insight) -> float:
        return abs(insight.confidence or 0.0)

    ShouldCreateTargetForInsight = should_create_target_for_insight
    GetValue = get_value


ConfidenceWeightedPortfolioConstructionModel = ConfidenceWeightingPortfolioConstructionModel


class AccumulativeInsightPortfolioConstructionModel(EqualWeightingPortfolioConstructionModel):
    """Each active insight adds ``percent`` of the portfolio in its direction, a flat insight takes
    one step back toward zero (LEAN Algorithm.Framework/Portfolio/
    AccumulativeInsightPortfolioConstructionModel.py); no rebalancing function by default."""

    def __init__(
        self,
        rebalance: Any = None,
        portfolio_bias: Any = PortfolioBias.LONG_SHORT,
        percent: float = 0.03,
    ) -> None:
        super().__init__(rebalance, portfolio_bias)
        self.percent = abs(float(percent))
        self.current_utc_time: datetime | None = None

    def create_targets(self, algorithm: Any, insights: list[Insight]) -> list[PortfolioTarget]:
        self.current_utc_time = algorithm.utc_time
        return super().create_targets(algorithm, insights)

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        percent_per_symbol: dict[Any, float] = {}
        active = self.algorithm.insights.get_active_insights(self.current_utc_time)
        for insight in sorted(active, key=lambda i: i.generated_time_utc):
            target = percent_per_symbol.get(insight.symbol, 0.0)
            if insight.symbol in percent_per_symbol and insight.direction == InsightDirection.FLAT:
                if abs(target) < self.percent:
                    target = 0.0
                else:
                    target += -self.percent if target > 0 else self.percent
            target += self.percent * int(insight.direction)
            bias = self.portfolio_bias
            sign = (target > 0) - (target < 0)
            if bias != PortfolioBias.LONG_SHORT and sign != int(bias):
                target = 0.0
            percent_per_symbol[insight.symbol] = target
        return {i: percent_per_symbol[i.symbol] for i in active_insights}

    CreateTargets = create_targets
    DetermineTargetPercent = determine_target_percent


class SectorWeightingPortfolioConstructionModel(EqualWeightingPortfolioConstructionModel):
    """Equal weight to each sector with active insights, split equally among its insights (LEAN
    Algorithm.Framework/Portfolio/SectorWeightingPortfolioConstructionModel.py). The sector code is
    ``security.fundamentals.company_reference.industry_template_code``; this engine has no fine
    fundamental data, so override ``get_sector_code(security)`` to classify securities."""

    def __init__(self, rebalance: Any = Resolution.DAILY) -> None:
        super().__init__(rebalance)
        self.sector_code_by_symbol: dict[Any, Any] = {}

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        return insight.symbol in self.sector_code_by_symbol

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        result: dict[Insight, float] = {}
        by_sector: dict[Any, list[Insight]] = {}
        for insight in active_insights:
            if insight.direction == InsightDirection.FLAT:
                result[insight] = 0.0
                continue
            code = self.sector_code_by_symbol.get(insight.symbol)
            by_sector.setdefault(code, []).append(insight)
        sector_percent = 0.0 if not by_sector else 1.0 / len(by_sector)
        for insights in by_sector.values():
            percent = sector_percent / len(insights)
            for insight in insights:
                result[insight] = int(insight.direction) * percent
        return result

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for security in changes.removed_securities:
            self.sector_code_by_symbol.pop(security.symbol, None)
        for security in changes.added_securities:
            code = call(self, "get_sector_code", "GetSectorCode", security)
            if code:
                self.sector_code_by_symbol[security.symbol] = code
        super().on_securities_changed(algorithm, changes)

    def get_sector_code(self, security: Any) -> Any:
        fundamentals = getattr(security, "fundamentals", None)
        reference = getattr(fundamentals, "company_reference", None) if fundamentals else None
        return getattr(reference, "industry_template_code", None) if reference else None

    ShouldCreateTargetForInsight = should_create_target_for_insight
    DetermineTargetPercent = determine_target_percent
    OnSecuritiesChanged = on_securities_changed
