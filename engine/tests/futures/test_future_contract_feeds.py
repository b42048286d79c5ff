"""A future contract's feeds on LEAN's sample data (ES, December 2013): its open interest ticks
make time steps of their own whatever the market hours (LEAN's open-interest requests are
always open; the subscription is internal: no slice), and nothing of the contract arrives after it is delisted at the midnight ending
its expiry date. The algorithms are written here; the figures come from the sample files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def es_data(lean_data: Path) -> Path:
    if not (lean_data / "future" / "cme" / "minute" / "es" / "20131218_openinterest.zip").is_file():
        pytest.skip("no ES minute open interest sample data")
    return lean_data


# the March 2014 contract's open interest file of 2013-12-18 (UTC stamps) holds 2,325,119 at
# 07:07 and 12:52 UTC (02:07 and 07:52 New York, before the 09:30 open) and 2,327,433 at 14:43
OPEN_INTEREST = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 18)
        self.set_end_date(2013, 12, 18)
        self.set_cash(1000000)
        symbol = Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2014, 3, 21))
        self.contract = self.add_future_contract(symbol, Resolution.MINUTE)
        self.seen = []

    def on_data(self, data):
        if data.ticks.get(self.contract.symbol):
            self.debug(f"ticks {self.time:%H:%M}")
        stamp = self.time.strftime("%H:%M")
        if stamp in ("09:31", "09:44") and data.bars.contains_key(self.contract.symbol):
            self.debug(f"bar {stamp} {self.contract.open_interest:.0f}")
"""


def test_open_interest_before_the_open_is_a_time_step_of_its_own(tmp_path, es_data):
    outcome = run(tmp_path / "p", OPEN_INTEREST, es_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # internal: in the security, not in the slice
    assert lines == ["bar 09:31 2325119", "bar 09:44 2327433"]
    # the 02:07 tick's step samples the equity: the first sample after the start is then
    equity = outcome.result["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
    stamps = [datetime.fromtimestamp(point[0], UTC).strftime("%H:%M") for point in equity]
    assert stamps[:2] == ["05:00", "07:07"]


# the December 2013 contract expires on Friday 2013-12-20 and is delisted at the midnight that
# ends it; its minute bars of that day would otherwise fill forward through Monday's session
DELISTED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 20)
        self.set_end_date(2013, 12, 23)
        self.set_cash(1000000)
        symbol = Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2013, 12, 20))
        self.contract = self.add_future_contract(symbol, Resolution.MINUTE)
        self.days = {}

    def on_data(self, data):
        for delisting in data.delistings.values():
            self.debug(f"delisting {delisting.type} {self.time:%Y-%m-%d %H:%M}")
        if data.bars.contains_key(self.contract.symbol) or data.quote_bars.contains_key(self.contract.symbol):
            day = self.time.strftime("%Y-%m-%d")
            self.days[day] = self.days.get(day, 0) + 1

    def on_end_of_algorithm(self):
        self.debug(f"days {sorted(self.days)}")
"""


def test_a_delisted_contract_has_no_bars_after_its_delisting(tmp_path, es_data):
    outcome = run(tmp_path / "p", DELISTED, es_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines == [
        "delisting Warning 2013-12-20 00:00",
        "delisting Delisted 2013-12-21 00:00",
        "days ['2013-12-20']",
    ]


# with extended hours the contract trades through midnight: its bar starting 23:59 on the end
# date ends after it and still belongs to the run (LEAN's SubscriptionDataReader ends a
# subscription on a bar that STARTS after the end), the contract's later expiry notwithstanding
LAST_BAR = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_cash(1000000)
        symbol = Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2013, 12, 20))
        self.contract = self.add_future_contract(symbol, Resolution.MINUTE, extended_market_hours=True)
        self.last = None

    def on_data(self, data):
        if data.bars.contains_key(self.contract.symbol):
            self.last = self.time

    def on_end_of_algorithm(self):
        self.debug(f"last {self.last:%Y-%m-%d %H:%M}")
"""


def test_the_bar_starting_before_the_end_belongs_to_the_run(tmp_path, lean_data):
    if not (lean_data / "future" / "cme" / "minute" / "es" / "20131008_trade.zip").is_file():
        pytest.skip("no ES minute sample data")
    outcome = run(tmp_path / "p", LAST_BAR, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines == ["last 2013-10-09 00:00"]
