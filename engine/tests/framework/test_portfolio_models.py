"""Portfolio construction models added for LEAN's regression algorithms, against LEAN's formulas
(Algorithm.Framework/Portfolio/*.py), on hand-made insights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from engine.framework import (
    AccumulativeInsightPortfolioConstructionModel,
    Insight,
    InsightCollection,
    InsightType,
    MaximumSharpeRatioPortfolioOptimizer,
    MeanVarianceOptimizationPortfolioConstructionModel,
    MinimumVariancePortfolioOptimizer,
    PortfolioBias,
    RiskParityPortfolioConstructionModel,
    RiskParityPortfolioOptimizer,
    SectorWeightingPortfolioConstructionModel,
    UnconstrainedMeanVariancePortfolioOptimizer,
)
from engine.framework.portfolio_optimization import ReturnsSymbolData
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


# -- optimizers (LEAN Algorithm.Framework/Portfolio/*PortfolioOptimizer.py) ---------------------------
def _returns(seed: int = 7, rows: int = 120) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(0.0005, 0.01, size=(rows, 3))
    base[:, 1] = base[:, 1] * 2 + 0.001  # riskier, better asset
    base[:, 2] = 0.5 * base[:, 0] + rng.normal(0.0, 0.004, rows)
    return pd.DataFrame(base, columns=["A", "B", "C"])


def test_minimum_variance_meets_budget_and_target_return():
    # returns of a larger scale: SLSQP's default tolerance stops at the start point on variances
    # of 1e-4 (LEAN's optimizer does the same), here the optimum is far from equal weights
    returns = _returns() * 10
    target = float(returns.mean().mean()) * 1.2
    weights = MinimumVariancePortfolioOptimizer(-1, 1, target).optimize(returns)
    assert np.sum(np.abs(weights)) == pytest.approx(1.0)  # LEAN divides by the sum of |w|
    scale = 1.0 / np.sum(weights)  # back to SLSQP's budget-1 weights
    assert float(returns.mean().to_numpy() @ (weights * scale)) == pytest.approx(target, abs=1e-6)
    # no other budget-1 portfolio at that return has a lower variance (closed form, equality only)
    cov, mu = returns.cov().to_numpy(), returns.mean().to_numpy()
    ones = np.ones(3)
    a = np.array([[2 * cov[i, j] for j in range(3)] + [ones[i], mu[i]] for i in range(3)])
    kkt = np.vstack([a, np.r_[ones, 0, 0], np.r_[mu, 0, 0]])
    exact = np.linalg.solve(kkt, np.r_[0, 0, 0, 1, target])[:3]
    assert np.all(np.abs(exact) <= 1)  # the bounds are not binding here
    assert weights * scale == pytest.approx(exact, abs=1e-4)


def test_minimum_variance_falls_back_to_equal_weights_when_infeasible():
    returns = _returns()
    weights = MinimumVariancePortfolioOptimizer(0, 1, 10.0).optimize(returns)  # 1000% a day
    assert weights == pytest.approx([1 / 3] * 3)


def test_maximum_sharpe_ratio_beats_equal_weights():
    returns = _returns()
    weights = MaximumSharpeRatioPortfolioOptimizer().optimize(returns)
    cov, mu = returns.cov().to_numpy(), returns.mean().to_numpy()

    def sharpe(w):
        return float(mu @ w) / np.sqrt(float(w @ cov @ w))

    assert np.sum(weights) == pytest.approx(1.0)
    assert sharpe(weights) >= sharpe(np.full(3, 1 / 3)) - 1e-9


def test_unconstrained_mean_variance_is_mu_times_inverse_covariance():
    returns = _returns()
    weights = UnconstrainedMeanVariancePortfolioOptimizer().optimize(returns)
    expected = returns.mean().to_numpy() @ np.linalg.inv(returns.cov().to_numpy())
    assert weights == pytest.approx(expected)


def test_risk_parity_equalises_risk_contributions():
    returns = _returns()
    weights = RiskParityPortfolioOptimizer().optimize(returns)
    cov = np.cov(returns.to_numpy().T)
    contributions = weights * (cov @ weights)
    assert np.sum(weights) == pytest.approx(1.0)
    assert contributions / contributions.sum() == pytest.approx([1 / 3] * 3, abs=1e-4)


# -- optimization portfolio models --------------------------------------------------------------------
class _Symbol(str):
    @property
    def id(self) -> str:
        return f"{self} ID"


def test_mean_variance_model_feeds_the_optimizer_each_symbols_returns():
    seen = {}

    class Recording:
        def optimize(self, historical_returns, expected_returns=None, covariance=None):
            seen["columns"] = list(historical_returns.columns)
            seen["rows"] = len(historical_returns)
            return [0.7, -0.3]

    model = MeanVarianceOptimizationPortfolioConstructionModel(
        portfolio_bias=PortfolioBias.LONG, lookback=1, period=3, optimizer=Recording()
    )
    a, b = _Symbol("A"), _Symbol("B")
    for symbol, closes in ((a, [10, 11, 12.1, 13.31]), (b, [10, 9, 9.9, 9.0])):
        data = ReturnsSymbolData(symbol, 1, 3)
        for day, close in enumerate(closes):
            data.update(datetime(2024, 1, 1 + day, 16), close)
        model.symbol_data_by_symbol[symbol] = data
    assert model.symbol_data_by_symbol[a].returns.to_list() == pytest.approx([0.1, 0.1, 0.1])
    ia, ib = _insight(a, InsightDirection.UP, 1), _insight(b, InsightDirection.DOWN, 1)
    percents = model.determine_target_percent([ia, ib])
    assert seen == {"columns": ["A ID", "B ID"], "rows": 3}
    assert percents[ia] == pytest.approx(0.7) and percents[ib] == 0.0  # short against a long bias


def test_risk_parity_model_weights_by_the_optimizer():
    model = RiskParityPortfolioConstructionModel(period=60)
    returns = _returns(rows=61)
    symbols = [_Symbol(c) for c in returns.columns]
    for symbol in symbols:
        data = ReturnsSymbolData(symbol, 1, 60)
        price = 100.0
        for day, r in enumerate(returns[str(symbol)]):
            data.update(datetime(2024, 1, 1) + timedelta(days=day), price)
            price *= 1 + r
        model.symbol_data_by_symbol[symbol] = data
    insights = [_insight(s, InsightDirection.UP, 1) for s in symbols]
    percents = model.determine_target_percent(insights)
    assert sum(percents.values()) == pytest.approx(1.0)
    assert all(v > 0 for v in percents.values())


def test_sector_weighting_splits_equally_by_sector_then_by_insight():
    class BySector(SectorWeightingPortfolioConstructionModel):
        def get_sector_code(self, security):
            return {"A": "tech", "B": "tech", "C": "energy"}.get(str(security.symbol))

    model = BySector()
    added = [SimpleNamespace(symbol=s) for s in ("A", "B", "C", "D")]
    changes = SimpleNamespace(added_securities=added, removed_securities=[])
    model.on_securities_changed(None, changes)
    assert model.sector_code_by_symbol == {"A": "tech", "B": "tech", "C": "energy"}
    a, b = _insight("A", InsightDirection.UP, 1), _insight("B", InsightDirection.DOWN, 1)
    c, flat = _insight("C", InsightDirection.UP, 1), _insight("C", InsightDirection.FLAT, 1)
    assert not model.should_create_target_for_insight(_insight("D", InsightDirection.UP, 1))
    percents = model.determine_target_percent([a, b, c, flat])
    assert percents == {a: 0.25, b: -0.25, c: 0.5, flat: 0.0}
