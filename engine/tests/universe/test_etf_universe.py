"""ETF constituent universes on LEAN's sample constituents files (SPY, 2020-11-30 and -12-01)."""

from __future__ import annotations

from datetime import date

from helpers import debug_lines, run

from engine.model import Market, SecurityType, Symbol
from engine.universe.etf import read_constituents


def test_constituent_rows_keep_lean_identifiers_and_optional_fields(lean_data):
    spy = Symbol("SPY", SecurityType.EQUITY, Market.USA)
    rows = read_constituents(lean_data, spy, date(2020, 11, 30))
    assert rows is not None and len(rows) > 400
    aapl = next(r for r in rows if r.symbol.value == "AAPL")
    assert str(aapl.symbol.id) == "AAPL R735QTJ8XC9X"
    assert aapl.weight > 0.05 and aapl.shares_held > 1e8
    assert aapl.time.date() == date(2020, 11, 30) and aapl.end_time.date() == date(2020, 12, 1)
    assert read_constituents(lean_data, spy, date(2020, 12, 2)) is None


def test_etf_universe_selects_on_each_file_at_the_next_midnight(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2020, 12, 1)
                self.set_end_date(2020, 12, 4)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.universe.etf("SPY", self.universe_settings, self.top))
            def top(self, constituents):
                items = list(constituents)
                ranked = sorted([c for c in items if c.weight], key=lambda c: c.weight, reverse=True)
                self.debug(f"select {self.time:%m-%d %H:%M} {len(items)} {items[0].time:%m-%d}")
                return [c.symbol for c in ranked[:2]]
            def on_securities_changed(self, changes):
                added = sorted(s.symbol.value for s in changes.added_securities)
                self.debug(f"added {self.time:%m-%d %H:%M} {added}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # the files of 11-30 and 12-01 only: no selection once the files stop (sparse data)
    assert [x for x in lines if x.startswith("select")] == [
        "select 12-01 00:00 503 11-30",
        "select 12-02 00:00 503 12-01",
    ]
    assert lines[1] == "added 12-01 00:00 ['AAPL', 'MSFT']"


def test_etf_selection_model_from_lean_module_path(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        from Selection.ETFConstituentsUniverseSelectionModel import *

        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2020, 12, 1)
                self.set_end_date(2020, 12, 3)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe_selection(ETFConstituentsUniverseSelectionModel("SPY"))
            def on_end_of_algorithm(self):
                self.debug(f"members {len(self.active_securities)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[-1].endswith("members 503")
