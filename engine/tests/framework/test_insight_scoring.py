"""Insight scores (LEAN InsightScore.cs), the complete insight list of ``InsightCollection`` and
the insight manager's score function, plus the framework algorithm APIs that read them."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from engine.api import run_backtest
from engine.data.demo import generate
from engine.framework import (
    Insight,
    InsightCollection,
    InsightManager,
    InsightScore,
    InsightScoreType,
    InsightType,
)
from engine.model import InsightDirection

T0 = datetime(2024, 5, 6, 14, 0, tzinfo=UTC)


def _insight(ticker: str, minutes: int = 20) -> Insight:
    insight = Insight(ticker, timedelta(minutes=minutes), InsightType.PRICE, InsightDirection.UP)
    insight.generated_time_utc = T0
    insight.close_time_utc = T0 + timedelta(minutes=minutes)
    return insight


def test_scores_are_clamped_and_final_scores_do_not_change():
    score = InsightScore()
    score.set_score(InsightScoreType.DIRECTION, 1.7, T0)
    score.set_score(InsightScoreType.MAGNITUDE, -0.3, T0)
    assert (score.direction, score.magnitude) == (1.0, 0.0)
    assert score.get_score(InsightScoreType.DIRECTION) == 1.0
    score.set_score(InsightScoreType.MAGNITUDE, 0.4, T0 + timedelta(minutes=1))
    score.finalize(T0 + timedelta(minutes=2))
    score.set_score(InsightScoreType.MAGNITUDE, 0.9, T0 + timedelta(minutes=3))
    assert score.magnitude == 0.4 and score.is_final_score
    assert score.updated_time_utc == T0 + timedelta(minutes=2)


def test_get_insights_reads_every_insight_added_also_expired_ones():
    insights = InsightCollection()
    first, second = _insight("SPY", 5), _insight("AAPL", 60)
    insights.add_range([first, second])
    assert insights.remove_expired_insights(T0 + timedelta(minutes=10)) == [first]
    assert (insights.count, insights.total_count) == (1, 2)
    assert insights.get_insights() == [first, second]
    assert list(insights) == [second]
    insights.remove_insights(lambda i: i.symbol == "AAPL")
    assert insights.get_insights() == [first] and insights.count == 0


def test_the_manager_calls_the_score_function_at_each_step():
    calls = []

    class Scorer:
        def score(self, manager, utc_time):
            calls.append((len(manager.get_active_insights(utc_time)), utc_time))

    manager = InsightManager(algorithm=None)
    manager.step(T0)  # no score function: nothing happens
    manager.add(_insight("SPY"))
    manager.set_insight_score_function(Scorer())
    manager.step(T0 + timedelta(minutes=1))
    manager.step(T0 + timedelta(minutes=30))
    assert calls == [(1, T0 + timedelta(minutes=1)), (0, T0 + timedelta(minutes=30))]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    generate(out, "2024-05-01", "2024-05-10", ["SPY"], seed=3)
    return out


SCORED = """
from AlgorithmImports import *

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 5, 6)
        self.set_end_date(2024, 5, 7)
        self.add_equity("SPY")
        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(minutes=20)))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
        self.insights.set_insight_score_function(Finalizer())
        self.consolidate("SPY", timedelta(hours=1), lambda bar: None)

    def on_end_of_algorithm(self):
        every = self.insights.get_insights()
        final = sum(1 for i in every if i.score.is_final_score and i.score.direction == 0.5)
        spy = self.securities["SPY"]
        reserved = spy.buying_power_model.get_reserved_buying_power_for_position(
            ReservedBuyingPowerForPositionParameters(spy))
        feeds = sum(s.consolidators.count for s in self.subscription_manager.subscriptions)
        self.debug(f"insights {len(every)} final {final} open {self.insights.count}")
        self.debug(f"reserved {reserved.absolute_used_buying_power > 0} feeds {feeds}")

class Finalizer:
    def score(self, manager, utc_time):
        for insight in manager.get_insights(lambda i: i.is_expired(utc_time)):
            insight.score.set_score(InsightScoreType.DIRECTION, 0.5, utc_time)
            insight.score.finalize(utc_time)
"""


def test_score_function_reserved_buying_power_and_ended_feeds_in_an_algorithm(tmp_path, demo):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "main.py").write_text(textwrap.dedent(SCORED), encoding="utf-8")
    outcome = run_backtest(folder, data_dir=demo)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    lines = [
        line.split(" ", 2)[2] for line in outcome.logs if "insights " in line or "reserved" in line
    ]
    total, final = int(lines[0].split()[1]), int(lines[0].split()[3])
    # 20-minute insights over two trading days; all but the last ones have expired and been scored
    assert total >= 30 and total - 2 <= final < total
    # the feeds ended before on_end_of_algorithm: no subscription (so no consolidator) is left
    assert lines[1] == "reserved True feeds 0"
