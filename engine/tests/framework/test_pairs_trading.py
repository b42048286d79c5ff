"""Pairs trading alpha models (LEAN's Algorithm.Framework/Alphas/BasePairsTradingAlphaModel.py and
PearsonCorrelationPairsTradingAlphaModel.py): the pair's ratio band and grouped insights on
hand-made bars, the correlation ranking, and a framework run on demo data."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from engine.algorithm.imports import (
    BasePairsTradingAlphaModel,
    InsightDirection,
    PearsonCorrelationPairsTradingAlphaModel,
    QCAlgorithm,
    Resolution,
    TradeBar,
)
from engine.api import run_backtest
from engine.data.demo import generate


class Algo(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.aig = self.add_equity("AIG", Resolution.MINUTE).symbol


def test_pair_emits_opposite_grouped_insights_outside_the_band():
    algo = Algo()
    algo.initialize()
    model = BasePairsTradingAlphaModel(lookback=1, resolution=Resolution.DAILY, threshold=1)
    assert model.name == "BasePairsTradingAlphaModel(1,Daily,1)"
    pair = model.Pair(algo, algo.aig, algo.spy, timedelta(days=1), 1)
    assert pair.asset1_price.name == "close(AIG_min)"
    start = datetime(2013, 10, 7, 9, 30)

    def feed(minute: int, aig: float, spy: float) -> list:
        for symbol, price in ((algo.aig, aig), (algo.spy, spy)):
            bar = TradeBar(
                start + timedelta(minutes=minute), symbol, price, price, price, price, 100
            )
            algo._consolidators.update(bar)
        return pair.get_insight_group()

    for minute in range(499):
        assert feed(minute, 40.0, 160.0) == []  # the 500-bar mean is not ready yet
    assert feed(499, 40.0, 160.0) == []  # ready; the ratio 0.25 sits on its mean
    up = feed(500, 41.0, 160.0)  # ratio 0.25625: over the 1 % band
    assert [(i.symbol, i.direction) for i in up] == [
        (algo.aig, InsightDirection.DOWN),
        (algo.spy, InsightDirection.UP),
    ]
    assert up[0].group_id is not None and up[0].group_id == up[1].group_id
    assert feed(501, 41.0, 160.0) == []  # the same direction is not emitted twice
    down = feed(502, 38.0, 160.0)
    assert [i.direction for i in down] == [InsightDirection.UP, InsightDirection.DOWN]
    pair.dispose()
    assert all(
        s.consolidators.count == 0
        for s in algo.subscription_manager.subscriptions
        if s.symbol in (algo.aig, algo.spy)
    )


def test_pearson_model_ranks_log_returns():
    model = PearsonCorrelationPairsTradingAlphaModel(lookback=5, resolution=Resolution.DAILY)
    prices = pd.DataFrame(
        {"A": [10, 11, 12, 11, 13], "B": [20, 22, 24, 22, 26], "C": [5, 4, 6, 5, 4]},
        dtype=float,
    )
    returns = model.get_price_dataframe(prices)
    expected = np.diff(np.log(prices.to_numpy()), axis=0)
    assert returns.to_numpy() == pytest.approx(expected)
    assert model.has_passed_test(None, "A", "B") is False  # no pair ranked yet
    model.best_pair = ("A", "B")
    assert model.has_passed_test(None, "A", "B") and not model.has_passed_test(None, "B", "A")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("pairs")
    generate(out, "2024-01-02", "2024-05-10", ["SPY", "AAPL", "MSFT"], seed=4)
    return out


def test_pearson_pairs_framework_run_trades_the_best_pair_and_cleans_up(tmp_path, demo):
    folder = tmp_path / "p"
    folder.mkdir()
    source = """
    from AlgorithmImports import *
    from Alphas.PearsonCorrelationPairsTradingAlphaModel import PearsonCorrelationPairsTradingAlphaModel

    class A(QCAlgorithm):
        def initialize(self):
            self.set_start_date(2024, 5, 1)
            self.set_end_date(2024, 5, 10)
            symbols = [Symbol.create(t, SecurityType.EQUITY, Market.USA)
                       for t in ["SPY", "AAPL", "MSFT"]]
            self.set_universe_selection(ManualUniverseSelectionModel(symbols[:2]))
            self.add_universe_selection(ScheduledUniverseSelectionModel(
                self.date_rules.every_day(), self.time_rules.midnight,
                lambda dt: symbols if dt.day < 10 else []))
            self.model = PearsonCorrelationPairsTradingAlphaModel(
                60, Resolution.DAILY, threshold=0.2, minimum_correlation=-1)
            self.set_alpha(self.model)
            self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
            self.removed = []

        def on_securities_changed(self, changes):
            self.removed += [s.symbol.value for s in changes.removed_securities]

        def on_end_of_algorithm(self):
            self.log(f"best {sorted(s.value for s in self.model.best_pair)}")
            self.log(f"removed {sorted(self.removed)}")
            self.log(f"pairs {len(self.model.pairs)}")
            groups = {}
            for insight in self.insights.all_insights:
                groups.setdefault(insight.group_id, []).append(insight)
            ok = all(len(g) == 2 and g[0].direction == -g[1].direction for g in groups.values())
            self.log(f"groups {len(groups)} opposite {ok}")
    """
    (folder / "main.py").write_text(textwrap.dedent(source), encoding="utf-8")
    outcome = run_backtest(folder, data_dir=demo)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    logs = "\n".join(outcome.logs)
    # every security leaves the scheduled universe on the 10th, SPY and AAPL too although the
    # manual universe still holds them (LEAN's UniverseSelection), so the pair is disposed
    assert "removed ['AAPL', 'MSFT', 'SPY']" in logs
    assert "pairs 0" in logs
    assert "opposite True" in logs
    assert "groups 0 " not in logs
