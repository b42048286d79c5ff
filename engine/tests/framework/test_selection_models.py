"""Selection models, the history-warmed alpha and the optimization portfolio models end to end on
synthetic demo data; the date-rule rebalancing function (LEAN DateRuleExtensions.ToFunc)."""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from engine.api import run_backtest
from engine.common.scheduling import DateRule
from engine.data.demo import generate
from engine.framework.portfolio import rebalancing_func


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    generate(out, "2024-03-01", "2024-05-31", ["SPY", "AAPL"], seed=11)
    return out


def _run(tmp_path: Path, source: str, data: Path):
    folder = tmp_path / "p"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.py").write_text(
        "from AlgorithmImports import *\n" + textwrap.dedent(source), encoding="utf-8"
    )
    outcome = run_backtest(folder, data_dir=data)
    assert outcome.error is None, (outcome.error, outcome.stacktrace)
    return outcome


def test_custom_universe_historical_returns_and_risk_parity(tmp_path, demo):
    outcome = _run(
        tmp_path,
        """
        from Selection.CustomUniverseSelectionModel import CustomUniverseSelectionModel
        from Alphas.HistoricalReturnsAlphaModel import HistoricalReturnsAlphaModel
        from Portfolio.RiskParityPortfolioConstructionModel import *

        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 5, 1)
                self.set_end_date(2024, 5, 31)
                self.universe_settings.resolution = Resolution.DAILY
                self.set_universe_selection(
                    CustomUniverseSelectionModel("mine", lambda t: ["SPY", "AAPL"]))
                self.set_alpha(HistoricalReturnsAlphaModel(resolution=Resolution.DAILY))
                self.set_portfolio_construction(RiskParityPortfolioConstructionModel(period=20))
                self.added = []

            def on_securities_changed(self, changes):
                self.added += [s.symbol.value for s in changes.added_securities]

            def on_end_of_algorithm(self):
                self.log(f"added {sorted(self.added)}")
                self.log(f"magnitudes {all(i.magnitude is not None for i in self.insights.all_insights)}")
        """,
        demo,
    )
    assert "added ['AAPL', 'SPY']" in "\n".join(outcome.logs)
    assert "magnitudes True" in "\n".join(outcome.logs)
    assert int(outcome.result["statistics"]["Total Orders"]) > 0


def test_fine_selection_model_filters_coarse_choice_with_empty_fine_fields(tmp_path, demo):
    # no coarse files in the demo data: LEAN still selects each day on an empty collection, and
    # the fine selector sees the coarse choice with fine fields that carry no data
    source = """
        class Model(FundamentalUniverseSelectionModel):
            def __init__(self):
                super().__init__(True)
            def select_coarse(self, algorithm, coarse):
                return [Symbol.create("SPY", SecurityType.EQUITY, Market.USA)]
            def select_fine(self, algorithm, fine):
                fine = list(fine)
                algorithm.log(f"fine {type(fine[0]).__name__} {fine[0].symbol.value} "
                              f"{fine[0].valuation_ratios.pe_ratio > 0}")
                return [f.symbol for f in fine]

        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 5, 1)
                self.set_end_date(2024, 5, 3)
                self.universe_settings.resolution = Resolution.DAILY
                self.set_universe_selection(Model())
            def on_securities_changed(self, changes):
                self.log(f"added {[s.symbol.value for s in changes.added_securities]}")
        """
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "main.py").write_text(
        "from AlgorithmImports import *\n" + textwrap.dedent(source), encoding="utf-8"
    )
    outcome = run_backtest(folder, data_dir=demo)
    assert outcome.error is None, outcome.error
    logs = "\n".join(outcome.logs)
    assert "fine FineFundamental SPY False" in logs and "added ['SPY']" in logs


def test_a_date_rule_rebalances_on_its_dates():
    wednesdays = DateRule(
        "wed",
        lambda a, b: [
            date.fromordinal(d)
            for d in range(a.toordinal(), b.toordinal() + 1)
            if date.fromordinal(d).weekday() == 2
        ],
    )
    func = rebalancing_func(wednesdays)
    monday = datetime(2024, 1, 1, 15, tzinfo=UTC)
    assert func(monday) == datetime(2024, 1, 3, tzinfo=UTC)
    assert func(datetime(2024, 1, 2, 15, tzinfo=UTC)) == datetime(2024, 1, 3, tzinfo=UTC)
    assert func(datetime(2024, 1, 3, 0, tzinfo=UTC)) == datetime(2024, 1, 10, tzinfo=UTC)


def test_scheduled_universe_selection_model_selects_at_its_times(tmp_path, demo):
    outcome = _run(
        tmp_path,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 5, 6)
                self.set_end_date(2024, 5, 10)
                self.universe_settings.resolution = Resolution.DAILY
                self.set_universe_selection(ScheduledUniverseSelectionModel(
                    self.date_rules.every(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY),
                    self.time_rules.midnight, self.pick))
                self.calls = []

            def pick(self, time):
                self.calls.append(time.strftime("%a"))
                return ["SPY"] if time.weekday() == 0 else ["AAPL"]

            def on_end_of_algorithm(self):
                self.log(f"calls {self.calls} {sorted(s.value for s in self.securities.keys())}")
        """,
        demo,
    )
    assert "calls ['Mon', 'Wed'] ['AAPL', 'SPY']" in "\n".join(outcome.logs)


def test_custom_universe_selects_at_midnight_of_trading_days(tmp_path, demo):
    # LEAN's CustomUniverseSelectionModel is a user-defined universe with a one-day interval:
    # it selects at the start and at midnight of each day the market opens (no weekends)
    outcome = _run(
        tmp_path,
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 5, 3)
                self.set_end_date(2024, 5, 8)
                self.universe_settings.resolution = Resolution.DAILY
                self.set_universe_selection(CustomUniverseSelectionModel("mine", self.pick))

            def pick(self, time):
                self.log(f"select {time:%a %H:%M}")
                return ["SPY"]
        """,
        demo,
    )
    selects = [line.split(" ", 2)[2] for line in outcome.logs if " select " in line]
    assert selects == [
        "select Fri 00:00",
        "select Mon 00:00",
        "select Tue 00:00",
        "select Wed 00:00",
    ]
