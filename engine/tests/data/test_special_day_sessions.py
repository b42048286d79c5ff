"""Sessions of days with an early close and/or a late open on the sample database's CME E-mini
S&P 500 around Thanksgiving 2013, whose daily bars follow those sessions (LEAN's
SecurityExchangeHours ``GetMarketHours``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engine.data import market_hours
from engine.tests.runner.helpers import debug_lines, run

NY = ZoneInfo("America/New_York")


def test_es_trades_on_thanksgiving_morning_and_evening(lean_data: Path):
    # the sample database's ES: market 09:30-17:00 New York; 2013-11-28 closes at 11:30 and
    # opens again at 18:00
    hours = market_hours("future", "cme", lean_data, "ES")
    assert hours.is_open(datetime(2013, 11, 28, 10, 0, tzinfo=NY))
    assert not hours.is_open(datetime(2013, 11, 28, 12, 0, tzinfo=NY), extended=True)
    assert hours.is_open(datetime(2013, 11, 28, 19, 0, tzinfo=NY), extended=True)
    assert hours.market_close(date(2013, 11, 28)) == datetime(2013, 11, 28, 11, 30, tzinfo=NY)


# the front contract's daily bars from Tuesday to Saturday of Thanksgiving week, extended hours
DAILY_BARS = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 11, 26)
        self.set_end_date(2013, 11, 30)
        self.set_cash(1000000)
        symbol = Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2013, 12, 20))
        self.contract = self.add_future_contract(symbol, Resolution.DAILY, extended_market_hours=True)

    def on_data(self, data):
        bar = data.bars.get(self.contract.symbol)
        if bar is not None and not bar.is_fill_forward:
            self.debug(f"{bar.time:%m-%d %H:%M} {bar.end_time:%m-%d %H:%M} {bar.close}")
"""


def test_es_daily_bar_of_thanksgiving_spans_its_morning_session(tmp_path, lean_data: Path):
    if not (lean_data / "future" / "cme" / "daily" / "es_trade.zip").is_file():
        pytest.skip("no ES daily sample data")
    outcome = run(tmp_path / "p", DAILY_BARS, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # each bar spans its day's regular session (New York); Thanksgiving's 09:30-11:30 and the
    # Friday's early close at 13:15
    assert lines == [
        "11-26 09:30 11-26 17:00 1802.75",
        "11-27 09:30 11-27 17:00 1804.5",
        "11-28 09:30 11-28 11:30 1808.5",
        "11-29 09:30 11-29 13:15 1804.25",
    ]
