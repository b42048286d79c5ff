"""Universe-added securities get what ``add_equity`` securities get: splits/dividends and per-symbol
``on_end_of_day`` (demo data: synthetic AAPL 2-for-1 split on 2024-06-10)."""

from __future__ import annotations

import pytest
from helpers import debug_lines, run

SOURCE = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 6, 4)
        self.set_end_date(2024, 6, 12)
        self.universe_settings.data_normalization_mode = DataNormalizationMode.RAW
        MODE
    def select(self, t):
        return ["AAPL"]
    def on_data(self, data):
        if not self.portfolio.invested and len(data.bars) > 0:
            self.market_order(list(data.bars.keys())[0], 10)
    def on_splits(self, splits):
        for k, s in splits.items():
            self.debug(f"split {k.value} {s.split_factor} {s.type} {self.portfolio['AAPL'].quantity}")
    def on_end_of_day(self, symbol):
        self.debug(f"eod {symbol.value} {self.time:%m-%d %H:%M}")
"""


@pytest.fixture(scope="module")
def split_data(tmp_path_factory):
    from engine.data.demo import generate

    return generate(tmp_path_factory.mktemp("split"), "2024-06-03", "2024-06-14", ["AAPL"], seed=5)


def _events(tmp_path, data, mode):
    outcome = run(tmp_path / "p", SOURCE.replace("MODE", mode), data)
    assert outcome.error is None, outcome.error
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


def test_universe_member_gets_splits_and_end_of_day_like_add_equity(tmp_path, split_data):
    manual = _events(tmp_path / "a", split_data, 'self.add_equity("AAPL")')
    universe = _events(
        tmp_path / "b",
        split_data,
        "self.add_universe(ScheduledUniverse(self.date_rules.every_day(), "
        "self.time_rules.at(0, 0), self.select))",
    )
    assert "split AAPL 0.5 1 20.0" in universe  # SplitOccurred, raw holdings doubled
    assert sum(1 for e in universe if e.startswith("eod AAPL")) == 7
    assert universe == manual


def test_end_of_day_events_start_after_the_add_and_stop_at_the_removal(tmp_path, lean_data):
    # LEAN schedules a security's end-of-day events when a time slice reports it added (the
    # ones before are skipped) and removes them when it is reported removed
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 11)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe("mine", lambda t: ["SPY", "IBM"] if t.day == 8 else ["SPY"])
                self.counts = {}
            def on_end_of_day(self, symbol):
                self.counts[symbol.value] = self.counts.get(symbol.value, 0) + 1
                if symbol.value == "SPY" and "BAC" not in self.securities:
                    self.add_equity("BAC", Resolution.DAILY)
            def on_end_of_algorithm(self):
                self.debug(f"counts {sorted(self.counts.items())}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[-1].endswith("counts [('BAC', 4), ('IBM', 1), ('SPY', 5)]")
