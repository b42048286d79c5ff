"""Algorithm Framework: insights, models and the framework step order, on synthetic demo data
(always runs) and on LEAN's SPY sample data (BasicTemplateFrameworkAlgorithm)."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from engine.api import run_backtest
from engine.data.demo import generate
from engine.framework import (
    EqualWeightingPortfolioConstructionModel,
    Insight,
    InsightCollection,
    InsightType,
    InsightWeightingPortfolioConstructionModel,
)
from engine.model import InsightDirection, Resolution

HEADER = "from AlgorithmImports import *\n\n"
INSIGHT_KEYS = {
    "id",
    "groupId",
    "sourceModel",
    "generatedTime",
    "createdTime",
    "closeTime",
    "symbol",
    "ticker",
    "type",
    "reference",
    "referenceValueFinal",
    "direction",
    "period",
    "magnitude",
    "confidence",
    "weight",
    "scoreIsFinal",
    "scoreMagnitude",
    "scoreDirection",
    "estimatedValue",
    "tag",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    generate(out, "2024-05-01", "2024-05-31", ["SPY", "AAPL"], seed=5)
    return out


def _run(tmp_path: Path, source: str, data: Path):
    folder = tmp_path / "p"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(HEADER + textwrap.dedent(source), encoding="utf-8")
    outcome = run_backtest(folder, data_dir=data)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    return outcome


FRAMEWORK = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 5, 6)
        self.set_end_date(2024, 5, 10)
        self.set_cash(100000)
        self.universe_settings.resolution = Resolution.MINUTE
        self.set_universe_selection(ManualUniverseSelectionModel(
            [Symbol.create(t, SecurityType.EQUITY, Market.USA) for t in ("SPY", "AAPL")]))
        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(minutes=20), 0.025, None))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
        self.set_execution(ImmediateExecutionModel())
        self.steps = []
    def on_securities_changed(self, changes):
        self.steps.append("user changes")
    def on_data(self, data):
        if len(self.steps) < 3:
            self.steps.append(f"user on_data, {self.insights.count} insights")
    def on_end_of_algorithm(self):
        self.debug("|".join(self.steps[:3]))
        self.debug(f"holdings {sorted(str(s.value) for s, h in self.portfolio.items() if h.invested)}")
"""


def test_framework_emits_insights_and_trades_on_demo_data(tmp_path, demo):
    outcome = _run(tmp_path, FRAMEWORK, demo)
    result = outcome.result
    insights = result["insights"]
    # every 20 minutes per symbol during market hours over 5 days (~20 per day)
    assert 2 * 5 * 20 <= len(insights) <= 2 * 5 * 20 + 2
    assert set(insights[0]) == INSIGHT_KEYS
    first = insights[0]
    assert first["direction"] == 1 and first["type"] == 0 and first["period"] == 1200.0
    assert first["closeTime"] - first["generatedTime"] == 1200.0
    assert first["sourceModel"] == "ConstantAlphaModel(Price,Up,00:20:00,0.025)"
    assert first["reference"] > 0 and first["magnitude"] == 0.025 and first["confidence"] is None
    assert {i["ticker"] for i in insights} == {"SPY", "AAPL"}
    # the user's handlers run before the framework's: no insight when the first on_data runs
    lines = [line.split(" ", 2)[2] for line in outcome.logs if "|" in line or "holdings" in line]
    assert lines[0] == "user changes|user on_data, 0 insights|user on_data, 2 insights"
    assert lines[1] == "holdings ['AAPL', 'SPY']"
    assert int(result["statistics"]["Total Orders"]) >= 2


def test_classic_algorithm_emit_insights_with_a_portfolio_model(tmp_path, demo):
    outcome = _run(
        tmp_path,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 5, 6)
                self.set_end_date(2024, 5, 7)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
                self.set_portfolio_construction(InsightWeightingPortfolioConstructionModel())
                self.done = False
            def on_data(self, data):
                if not self.done:
                    self.done = True
                    self.emit_insights(Insight.price(self.spy, Resolution.DAILY, 1, InsightDirection.UP, weight=0.5, tag="half"))
                    self.debug(f"open {len(self.transactions.get_open_orders(self.spy))} {self.portfolio[self.spy].invested}")
            def on_end_of_algorithm(self):
                self.debug(f"invested {self.portfolio[self.spy].invested}")
        """,
        demo,
    )
    lines = [line.split(" ", 2)[2] for line in outcome.logs]
    # the execution model's market order is filled before emit_insights returns
    assert lines[0] == "open 0 True"
    insight = outcome.result["insights"][0]
    assert insight["weight"] == 0.5 and insight["tag"] == "half"
    # a one-day insight at 09:31 closes at the next day's 09:31 (exchange time)
    assert insight["closeTime"] - insight["generatedTime"] == 86400.0
    # expired: the daily rebalance flattens the position
    assert lines[-1] == "invested False"
    orders = outcome.result["orders"]
    assert len(orders) == 2
    value = sum(abs(o["quantity"]) * o["price"] for o in orders.values() if o["quantity"] > 0)
    assert 0.45 * 100000 < value < 0.5 * 100000


RISK = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 5, 6)
        self.set_end_date(2024, 5, 17)
        self.add_equity("SPY", Resolution.MINUTE)
        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(days=30)))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
        self.set_risk_management({risk})
        self.liquidated = 0
    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED and e.fill_quantity < 0:
            self.liquidated += 1
    def on_end_of_algorithm(self):
        self.debug(f"liquidations {{self.liquidated}}")
"""


@pytest.mark.parametrize(
    "risk",
    [
        "MaximumDrawdownPercentPerSecurity(0.0005)",
        "MaximumDrawdownPercentPortfolio(0.0005)",
        "MaximumDrawdownPercentPortfolio(0.0005, True)",
        "TrailingStopRiskManagementModel(0.0005)",
        "MaximumUnrealizedProfitPercentPerSecurity(0.0005)",
    ],
)
def test_risk_models_liquidate(tmp_path, demo, risk):
    outcome = _run(tmp_path, RISK.format(risk=risk), demo)
    last = outcome.logs[-1].split(" ", 2)[2]
    liquidations = int(last.split()[1])
    assert liquidations >= 1, last
    # the risk model cancelled the insight (its period ends early)
    assert any(i["period"] < 30 * 86400 for i in outcome.result["insights"])


def test_null_risk_model_never_liquidates(tmp_path, demo):
    outcome = _run(tmp_path, RISK.format(risk="NullRiskManagementModel()"), demo)
    assert outcome.logs[-1].split(" ", 2)[2].startswith("liquidations 0")


def test_alpha_models_with_indicators_and_composite(tmp_path, demo):
    outcome = _run(
        tmp_path,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 5, 6)
                self.set_end_date(2024, 5, 10)
                self.add_equity("SPY", Resolution.MINUTE)
                self.add_alpha(EmaCrossAlphaModel(5, 20, Resolution.MINUTE))
                self.add_alpha(RsiAlphaModel(14, Resolution.MINUTE))
                self.add_alpha(MacdAlphaModel(5, 20, 5, MovingAverageType.EXPONENTIAL, Resolution.MINUTE))
                self.set_portfolio_construction(NullPortfolioConstructionModel())
                self.set_execution(NullExecutionModel())
        """,
        demo,
    )
    models = {i["sourceModel"] for i in outcome.result["insights"]}
    assert "EmaCrossAlphaModel(5,20,Minute)" in models
    assert any(m.startswith("RsiAlphaModel") for m in models)
    # LEAN's MACD model cancels on a flat signal instead of emitting a flat insight (on this
    # synthetic data its normalized signal stays within the 1 % bounce threshold)
    macd = [i for i in outcome.result["insights"] if i["sourceModel"].startswith("MacdAlpha")]
    assert all(i["direction"] != 0 for i in macd)
    assert outcome.result["orders"] == {}


# -- units -------------------------------------------------------------------------------------------
def test_insight_close_time_counts_market_minutes(demo):
    from engine.algorithm.qcalgorithm import QCAlgorithm
    from engine.data import DataFolder
    from engine.model import Market, SecurityType, Symbol

    algo = QCAlgorithm()
    algo._data_folder = DataFolder(demo)
    hours = algo._hours_for(Symbol("SPY", SecurityType.EQUITY, Market.USA))
    insight = Insight.price("SPY", timedelta(minutes=20), InsightDirection.UP)
    insight.generated_time_utc = datetime(2024, 5, 6, 19, 50, tzinfo=UTC)  # 15:50 New York
    insight.set_period_and_close_time(hours)
    # 10 minutes before the close, 10 after the next open
    assert insight.close_time_utc == datetime(2024, 5, 7, 13, 40, tzinfo=UTC)
    daily = Insight.price("SPY", Resolution.DAILY, 1, InsightDirection.UP)
    daily.generated_time_utc = datetime(2024, 5, 10, 14, 0, tzinfo=UTC)  # Friday
    daily.set_period_and_close_time(hours)
    assert daily.close_time_utc == datetime(2024, 5, 13, 14, 0, tzinfo=UTC)  # Monday


def test_insight_collection_and_expiry():
    now = datetime(2024, 1, 2, tzinfo=UTC)
    a = Insight("A", timedelta(minutes=5), InsightType.PRICE, InsightDirection.UP)
    b = Insight("B", timedelta(minutes=10), InsightType.PRICE, InsightDirection.DOWN)
    for i, span in ((a, 5), (b, 10)):
        i.generated_time_utc = now
        i.close_time_utc = now + timedelta(minutes=span)
    c = InsightCollection([a, b])
    assert len(c) == 2 and c.contains_key("A") and c.get_next_expiry_time() == a.close_time_utc
    assert c.get_active_insights(now + timedelta(minutes=5)) == [a, b]  # active through its close
    assert c.remove_expired_insights(now + timedelta(minutes=6)) == [a]
    assert not c.has_active_insights("A", now) and c.has_active_insights("B", now)
    b.expire(now + timedelta(minutes=1))
    assert b.close_time_utc == now + timedelta(seconds=59)


def test_weighting_percents():
    up = Insight("A", timedelta(1), InsightType.PRICE, InsightDirection.UP, weight=0.8)
    down = Insight("B", timedelta(1), InsightType.PRICE, InsightDirection.DOWN, weight=0.6)
    flat = Insight("C", timedelta(1), InsightType.PRICE, InsightDirection.FLAT, weight=0.1)
    eq = EqualWeightingPortfolioConstructionModel().determine_target_percent([up, down, flat])
    assert eq == {up: 0.5, down: -0.5, flat: 0.0}
    iw = InsightWeightingPortfolioConstructionModel().determine_target_percent([up, down, flat])
    assert (
        iw[up] == pytest.approx(0.8 / 1.5)
        and iw[down] == pytest.approx(-0.6 / 1.5)
        and iw[flat] == 0
    )


# -- LEAN sample data ---------------------------------------------------------------------------------
def test_basic_template_framework_algorithm(tmp_path, lean_data):
    outcome = _run(
        tmp_path,
        """
        class BasicTemplateFrameworkAlgorithm(QCAlgorithm):
            def initialize(self):
                self.universe_settings.resolution = Resolution.MINUTE
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 11)
                self.set_cash(100000)
                symbols = [Symbol.create("SPY", SecurityType.EQUITY, Market.USA)]
                self.set_universe_selection(ManualUniverseSelectionModel(symbols))
                self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(minutes=20), 0.025, None))
                self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
                self.set_execution(ImmediateExecutionModel())
                self.set_risk_management(MaximumDrawdownPercentPerSecurity(0.01))
            def on_order_event(self, order_event):
                if order_event.status == OrderStatus.FILLED:
                    self.debug(f"Purchased Stock: {order_event.symbol}")
        """,
        lean_data,
    )
    stats = outcome.result["statistics"]
    # LEAN: 3 orders (buy, risk liquidation, re-entry) and 100 insights ("Total Insights Generated")
    assert stats["Total Orders"] == "3"
    assert len(outcome.result["insights"]) == 100
    assert (
        stats["Loss Rate"] == "100%" and stats["Win Rate"] == "0%" and stats["Expectancy"] == "-1"
    )
