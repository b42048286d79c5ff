"""Constituents universes (LEAN's ConstituentsUniverse) on the sample ``universes/daily/qctest``
files: 2013-10-07 AAPL+QQQ, 10-08 the NONE row, 10-09 and 10-10 FB+SPY."""

from __future__ import annotations

from datetime import date

from helpers import debug_lines, run

from engine.model import Market, SecurityIdentifier, SecurityType, Symbol
from engine.universe.constituents import read_universe_constituents, select_constituents


def _universe_symbol() -> Symbol:
    sid = SecurityIdentifier.generate_constituent_identifier(
        "constituents-universe-qctest", SecurityType.EQUITY, Market.USA
    )
    return Symbol(sid, "constituents-universe-qctest")


def test_constituent_identifier_keeps_the_ticker_case_for_the_data_folder():
    symbol = _universe_symbol()
    assert symbol.id.symbol == "constituents-universe-qctest"
    assert symbol.security_type == SecurityType.EQUITY and symbol.market == "usa"
    assert symbol.value == "CONSTITUENTS-UNIVERSE-QCTEST"


def test_rows_and_the_none_row(lean_data):
    universe = _universe_symbol()
    rows = read_universe_constituents(lean_data, universe, date(2013, 10, 7))
    assert [r.symbol.value for r in rows] == ["AAPL", "QQQ"]
    assert str(rows[0].symbol.id) == "AAPL R735QTJ8XC9X"
    assert rows[0].end_time.date() == date(2013, 10, 8)
    none = read_universe_constituents(lean_data, universe, date(2013, 10, 8))
    assert len(none) == 1 and select_constituents(none) == []
    assert read_universe_constituents(lean_data, universe, date(2013, 10, 12)) is None


def test_constituents_universe_selects_each_file_at_the_next_midnight(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 11)
                self.universe_settings.resolution = Resolution.DAILY
                sid = SecurityIdentifier.generate_constituent_identifier(
                    "my-constituents-qctest", SecurityType.EQUITY, Market.USA)
                self.add_universe(ConstituentsUniverse(
                    Symbol(sid, "my-constituents-qctest"), self.universe_settings))
            def on_securities_changed(self, changes):
                added = sorted(s.symbol.value for s in changes.added_securities)
                removed = sorted(s.symbol.value for s in changes.removed_securities)
                self.debug(f"{self.time:%m-%d %H:%M} +{added} -{removed}")
            def on_data(self, data):
                self.debug(f"data {self.time:%m-%d} {sorted(s.value for s in data.keys())}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines == [
        "10-08 00:00 +['AAPL', 'QQQ'] -[]",
        "data 10-08 ['AAPL', 'QQQ']",
        "10-09 00:00 +[] -['AAPL', 'QQQ']",
        "10-10 00:00 +['FB', 'SPY'] -[]",
        "data 10-10 ['FB', 'SPY']",
        "data 10-11 ['FB', 'SPY']",
    ]


def test_constituents_universe_with_a_filter_and_a_fine_selector(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 9)
                self.universe_settings.resolution = Resolution.DAILY
                symbol = Symbol(SecurityIdentifier.generate_constituent_identifier(
                    "x-qctest", SecurityType.EQUITY, Market.USA), "x-qctest")
                self.add_universe(
                    ConstituentsUniverse(symbol, self.universe_settings, self.only_first),
                    self.fine)
            def only_first(self, rows):
                rows = list(rows)
                self.debug(f"filter {self.time:%m-%d} {[r.symbol.value for r in rows]}")
                return [rows[0].symbol]
            def fine(self, fine):
                self.debug(f"fine {[f.symbol.value for f in fine]} {type(fine[0]).__name__}")
                return [f.symbol for f in fine]
            def on_securities_changed(self, changes):
                self.debug(f"added {sorted(s.symbol.value for s in changes.added_securities)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[:3] == [
        "filter 10-08 ['AAPL', 'QQQ']",
        "fine ['AAPL'] FineFundamental",
        "added ['AAPL']",
    ]
