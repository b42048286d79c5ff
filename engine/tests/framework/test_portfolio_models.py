"""Portfolio construction models added for LEAN's regression algorithms, against LEAN's formulas
(Algorithm.Framework/Portfolio/*.py), on hand-made insights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from engine.framework import (
    AccumulativeInsightPortfolioConstructionModel,
    Insight,
    InsightCollection,
    InsightType,
    PortfolioBias,
)
from engine.model import InsightDirection

NOW = datetime(2024, 1, 2, 15, tzinfo=UTC)


def _insight(symbol: str, direction: InsightDirection, minutes_ago: int) -> Insight:
    insight = Insight(symbol, timedelta(hours=1), InsightType.PRICE, direction)
    insight.generated_time_utc = NOW - timedelta(minutes=minutes_ago)
    insight.close_time_utc = insight.generated_time_utc + timedelta(hours=1)
    return insight


def _with_insights(model, insights):
    model.algorithm = SimpleNamespace(insights=InsightCollection(insights), utc_time=NOW)
    model.current_utc_time = NOW
    return model


def test_accumulative_adds_a_step_per_insight_and_flat_steps_back():
    a1, a2 = _insight("A", InsightDirection.UP, 30), _insight("A", InsightDirection.UP, 20)
    a3 = _insight("A", InsightDirection.FLAT, 10)
    b1 = _insight("B", InsightDirection.DOWN, 5)
    model = _with_insights(
        AccumulativeInsightPortfolioConstructionModel(percent=0.1), [a1, a2, a3, b1]
    )
    percents = model.determine_target_percent([a3, b1])
    assert percents[a3] == pytest.approx(0.1)  # 0.1 + 0.1, then one step back
    assert percents[b1] == pytest.approx(-0.1)


def test_accumulative_flat_below_a_step_goes_to_zero_and_bias_filters():
    a1, a2 = _insight("A", InsightDirection.UP, 30), _insight("A", InsightDirection.FLAT, 20)
    b1 = _insight("B", InsightDirection.DOWN, 5)
    model = AccumulativeInsightPortfolioConstructionModel(portfolio_bias=PortfolioBias.LONG)
    model = _with_insights(model, [a1, a2, b1])
    percents = model.determine_target_percent([a2, b1])
    assert percents[a2] == 0.0  # |0.03| is not below the 0.03 step: 0.03 - 0.03 = 0
    assert percents[b1] == 0.0  # short against a long bias
