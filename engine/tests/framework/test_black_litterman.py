"""Black-Litterman portfolio construction (LEAN's Algorithm.Framework/Portfolio/
BlackLittermanOptimizationPortfolioConstructionModel.py): views from insights, the equilibrium
prior, the master formula against its information form, and a framework run on demo data."""

from __future__ import annotations

import textwrap
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from engine.algorithm.imports import (
    BlackLittermanOptimizationPortfolioConstructionModel,
    Insight,
    InsightDirection,
)
from engine.api import run_backtest
from engine.data.demo import generate


def insight(symbol: str, direction, magnitude: float, model: str) -> Insight:
    made = Insight.price(symbol, timedelta(days=1), direction, magnitude)
    made.source_model = model
    return made


def test_views_one_row_per_alpha_model():
    model = BlackLittermanOptimizationPortfolioConstructionModel()
    insights = [
        insight("A", InsightDirection.UP, 0.02, "m1"),
        insight("B", InsightDirection.DOWN, 0.01, "m1"),
        insight("B", InsightDirection.UP, 0.03, "m2"),
    ]
    p, q = model.get_views(insights)
    # model 1: ups sum to 0.02 > downs 0.01, so Q = 0.02 and P = (0.02, -0.01) / 0.02
    assert q.tolist() == [[0.02], [0.03]]
    assert p == pytest.approx(np.array([[1.0, -0.5], [0.0, 1.0]]))
    assert model.get_views([insight("A", InsightDirection.FLAT, 0.0, "m")]) == (None, None)


def test_equilibrium_and_master_formula_match_the_information_form():
    rng = np.random.default_rng(5)
    returns = pd.DataFrame(rng.normal(0.001, 0.01, (60, 3)), columns=["A", "B", "C"])
    model = BlackLittermanOptimizationPortfolioConstructionModel(tau=0.05, delta=2.5)
    pi, sigma = model.get_equilibrium_return(returns)
    cov = returns.cov().to_numpy() * 252
    w = np.full(3, 1 / 3)
    aversion = np.sum(((1 + returns.mean().to_numpy()) ** 252 - 1) * w) / (w @ cov @ w)
    assert pi == pytest.approx(aversion * cov @ w)
    p = np.array([[1.0, -0.5, 0.0], [0.0, 0.0, 1.0]])
    q = np.array([[0.02], [0.03]])
    posterior, posterior_sigma = model.apply_blacklitterman_master_formula(pi, sigma, p, q)
    ts = 0.05 * cov
    omega = np.diag(np.diag(p @ ts @ p.T))
    precision = np.linalg.inv(ts) + p.T @ np.linalg.inv(omega) @ p
    mean = np.linalg.solve(precision, np.linalg.inv(ts) @ pi + p.T @ np.linalg.inv(omega) @ q[:, 0])
    assert posterior == pytest.approx(mean, rel=1e-9)
    expected_sigma = (cov + np.linalg.inv(precision)) * 2.5
    assert posterior_sigma.to_numpy() == pytest.approx(expected_sigma, rel=1e-9)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("bl")
    generate(out, "2024-01-02", "2024-05-10", ["SPY", "AAPL", "MSFT"], seed=9)
    return out


def test_black_litterman_framework_run_trades_the_insights(tmp_path, demo):
    folder = tmp_path / "p"
    folder.mkdir()
    source = """
    from AlgorithmImports import *
    from Alphas.HistoricalReturnsAlphaModel import HistoricalReturnsAlphaModel
    from Portfolio.BlackLittermanOptimizationPortfolioConstructionModel import *

    class A(QCAlgorithm):
        def initialize(self):
            self.set_start_date(2024, 5, 1)
            self.set_end_date(2024, 5, 10)
            self.universe_settings.resolution = Resolution.DAILY
            self.set_universe_selection(ManualUniverseSelectionModel(
                [Symbol.create(t, SecurityType.EQUITY, Market.USA) for t in ["SPY", "AAPL", "MSFT"]]))
            self.set_alpha(HistoricalReturnsAlphaModel(resolution=Resolution.DAILY))
            self.set_portfolio_construction(BlackLittermanOptimizationPortfolioConstructionModel())
            self.filled = set()

        def on_order_event(self, order_event):
            if order_event.status == OrderStatus.FILLED:
                self.filled.add(order_event.symbol.value)

        def on_end_of_algorithm(self):
            self.log(f"filled {len(self.filled)}")
    """
    (folder / "main.py").write_text(textwrap.dedent(source), encoding="utf-8")
    outcome = run_backtest(folder, data_dir=demo)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    logs = "\n".join(outcome.logs)
    assert "filled 0" not in logs and "filled" in logs
    assert "Insufficient buying power" not in logs  # the default optimizer keeps weights in [-1, 1]
