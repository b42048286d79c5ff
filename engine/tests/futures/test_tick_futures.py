"""Tick-resolution futures: a chain's contracts and its continuous contract read from the daily
tick zips (one CSV per contract month, times in the data time zone, UTC for COMEX gold), kept to
the regular session; a contract's open-interest history from its tick open-interest files; and
the framework's OpenInterestFutureUniverseSelectionModel ranking contracts by that history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def gold_ticks(lean_data: Path) -> Path:
    if not (lean_data / "future" / "comex" / "tick" / "gc" / "20131008_trade.zip").is_file():
        pytest.skip("no GC tick sample data")
    return lean_data


TICK_FUTURES = """
class TickFutures(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.gold = self.add_future(Futures.Metals.GOLD, Resolution.TICK)
        self.gold.set_filter(0, 120)
        self.december = Symbol.create_future("GC", Market.COMEX, datetime(2013, 12, 27))
        self.counts = {}
        self.first = {}
        self.mapped = None

    def on_data(self, data):
        for symbol, ticks in data.ticks.items():
            key = str(symbol)
            self.counts[key] = self.counts.get(key, 0) + len(ticks)
            if key not in self.first:
                self.first[key] = (ticks[0].time.strftime("%H:%M:%S.%f")[:-3], ticks[0].price, int(ticks[0].tick_type))
        if self.mapped is None and self.gold.mapped is not None:
            self.mapped = str(self.gold.mapped)

    def on_end_of_algorithm(self):
        self.debug(f"mapped {self.mapped}")
        for key in sorted(self.counts):
            self.debug(f"ticks {key} {self.counts[key]} {self.first[key]}")
        interest = self.history[OpenInterest](self.december, datetime(2013, 10, 8), datetime(2013, 10, 8, 23))
        self.debug(f"open interest {[(p.time.strftime('%H:%M:%S'), p.value) for p in interest]}")
"""


def test_tick_futures_and_their_open_interest(tmp_path: Path, gold_ticks: Path) -> None:
    outcome = run(tmp_path / "p", TICK_FUTURES, gold_ticks)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # the December file's rows from 13:30 to 21:00 UTC (09:30-17:00 New York): 24008 trades
    assert "ticks GC27Z13 24008 ('09:30:00.023', 1323.7, 0)" in lines
    # the continuous contract maps to October (the map file's open-interest leader), its ticks
    # are October's, prices adjusted backwards by the factor file
    assert "mapped GC29V13" in lines
    assert "ticks GC29V13 32 ('09:51:00.539', 1326.3, 0)" in lines
    assert "ticks /GC 32 ('09:51:00.539', 1514.0130822202711, 0)" in lines
    assert (
        "open interest [('02:07:58', 224878.0), ('07:52:53', 224878.0), "
        "('09:53:10', 222940.0), ('09:53:10', 222940.0)]" in lines
    )


OPEN_INTEREST_MODEL = """
class OpenInterestSelection(QCAlgorithm):
    def initialize(self):
        self.universe_settings.resolution = Resolution.TICK
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        gold = Symbol.create(Futures.Metals.GOLD, SecurityType.FUTURE, Market.COMEX)
        self.set_universe_selection(
            OpenInterestFutureUniverseSelectionModel(self, lambda utc: [gold], 4, 2)
        )
        self.added = []

    def on_securities_changed(self, changes):
        self.added.extend(str(s.symbol) for s in changes.added_securities)

    def on_end_of_algorithm(self):
        self.debug(f"added {sorted(self.added)}")
        held = [str(kvp.key) for kvp in self.portfolio if kvp.value.invested]
        self.debug(f"held {held}")
"""


def test_open_interest_model_keeps_the_largest(tmp_path: Path, gold_ticks: Path) -> None:
    # the four nearest contracts' first open interest since the previous day's start (October
    # 7th's files): December's 224,928 and February's 39,062 lead October's 458 and November's 143
    outcome = run(tmp_path / "p", OPEN_INTEREST_MODEL, gold_ticks)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    assert "added ['/GC', 'GC26G14', 'GC27Z13']" in lines
    assert "held []" in lines


def test_previous_day_start_counts_back_one_open_day(gold_ticks: Path) -> None:
    from engine.data.market_hours import market_hours
    from engine.framework.open_interest_future_selection import previous_day_start

    hours = market_hours("future", "comex", gold_ticks, "GC")
    # data in UTC: Tuesday 00:00 New York is 04:00 UTC, rounded down to UTC midnight (20:00 on
    # Monday in New York), then a day back
    assert previous_day_start(hours, datetime(2013, 10, 8)) == datetime(2013, 10, 6, 20)


DEPTH_OFFSET_TICKS = """
class TickDepthOffset(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.gold = self.add_future(
            Futures.Metals.GOLD, Resolution.TICK, contract_depth_offset=1
        )
        self.count = 0
        self.first = None

    def on_data(self, data):
        ticks = data.ticks.get(self.gold.symbol) or []
        self.count += len(ticks)
        if ticks and self.first is None:
            self.first = (ticks[0].time.strftime("%H:%M:%S.%f")[:-3], round(ticks[0].price, 4))

    def on_end_of_algorithm(self):
        self.debug(f"mapped {self.gold.mapped} ticks {self.count} first {self.first}")
        start, end = datetime(2013, 10, 8), datetime(2013, 10, 8, 23)
        chain_ticks = self.history[Tick](self.gold.symbol, start, end)
        contract_ticks = self.history[Tick](self.gold.mapped, start, end, Resolution.TICK)
        frame = self.history(self.gold.mapped, start, end, Resolution.TICK)
        self.debug(
            f"history {len(chain_ticks)} {round(chain_ticks[0].price, 4)} "
            f"{len(contract_ticks)} {contract_ticks[0].price} {len(frame)}"
        )
"""


def test_tick_continuous_future_with_a_depth_offset(tmp_path: Path, gold_ticks: Path) -> None:
    outcome = run(tmp_path / "p", DEPTH_OFFSET_TICKS, gold_ticks)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    # October is the open-interest mapping's contract on 2013-10-08, offset 1 follows November:
    # its 39 regular-hours trades, priced by the factor file's depth-1 backwards ratio of the
    # 2013-10-15 row (1323.8 x 1.0922094331446624)
    assert "mapped GC26X13 ticks 39 first ('09:36:16.813', 1445.8668)" in lines
    # tick history reads the same: the continuous contract's adjusted, the contract's raw
    assert "history 39 1445.8668 39 1323.8 39" in lines
