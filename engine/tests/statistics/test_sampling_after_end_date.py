"""The daily sample at the midnight after the end date (LEAN's sample data, ES minute bars).

LEAN schedules its "Daily Sampling" through ScheduleManager, whose dates run to Time.EndOfTime:
a futures session with extended hours has a last time slice at the midnight ending the end date
(the bar of 23:59-00:00), and the sample fires there before that slice's orders fill. The final
sample at the same time adds no point, so the last equity point (End Equity) and the last daily
return are the portfolio before those fills. The algorithm is written here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.tests.runner.helpers import run


@pytest.fixture()
def es_minutes(lean_data: Path) -> Path:
    folder = lean_data / "future" / "cme" / "minute" / "es"
    if not (folder / "20131009_trade.zip").is_file():
        pytest.skip("no ES minute sample data for 2013-10-08/09")
    return lean_data


# buys one March 2014 contract in the slice at the midnight ending the end date (the bar of
# 23:59-00:00 New York), and nothing before it
BUY_AT_THE_LAST_SLICE = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_cash(1000000)
        symbol = Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2014, 3, 21))
        self.contract = self.add_future_contract(symbol, Resolution.MINUTE, extended_market_hours=True)

    def on_data(self, data):
        if self.time == datetime(2013, 10, 9) and not self.portfolio.invested:
            self.market_order(self.contract.symbol, 1)
"""


def test_the_midnight_after_the_end_date_samples_before_its_fills(tmp_path, es_minutes):
    outcome = run(tmp_path / "p", BUY_AT_THE_LAST_SLICE, es_minutes)
    assert outcome.error is None, outcome.error
    result = outcome.result
    statistics = result["statistics"]
    # the order of the last slice filled: its fee is paid and the contract held
    assert statistics["Total Orders"] == "1"
    assert float(statistics["Total Fees"].lstrip("$")) > 0
    assert float(result["cash"]["USD"]["amount"]) < 1000000
    # the last equity point is the midnight's sample, taken before that fill
    equity = result["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
    assert datetime.fromtimestamp(equity[-1][0], UTC) == datetime(2013, 10, 9, 4, tzinfo=UTC)
    assert equity[-1][4] == 1000000
    assert statistics["End Equity"] == "1000000"
    assert statistics["Net Profit"] == "0%"
    returns = result["charts"]["Strategy Equity"]["series"]["Return"]["values"]
    assert returns[-1] == [1381291200, 0.0]
