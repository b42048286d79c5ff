"""A start or end given with a time of day runs the same backtest as its whole days (LEAN's
Algorithm/QCAlgorithm.cs SetStartDate rounds the start down to midnight, SetEndDate takes the
end to its day's last moment), so the first equity sample is the start and the statistics see
the whole run."""

from __future__ import annotations

import pytest
from helpers import run

TIMED = """
from datetime import datetime

class Timed(QCAlgorithm):
    def initialize(self):
        self.set_start_date({start})
        self.set_end_date({end})
        self.set_time_zone("{zone}")
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol

    def on_data(self, data):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
"""


def backtest(tmp_path, lean_data, name, start, end, zone):
    source = TIMED.format(start=start, end=end, zone=zone)
    outcome = run(tmp_path / name, source, lean_data)
    assert outcome.error is None, outcome.stacktrace
    return outcome


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Hong_Kong"])
def test_a_start_and_end_with_times_run_the_whole_days(zone, tmp_path, lean_data):
    days = backtest(tmp_path, lean_data, "days", "2013, 10, 7", "2013, 10, 9", zone)
    timed = backtest(
        tmp_path,
        lean_data,
        "timed",
        "datetime(2013, 10, 7, 4, 0)",
        "datetime(2013, 10, 9, 4, 0)",
        zone,
    )
    statistics = timed.result["statistics"]
    assert statistics == days.result["statistics"]
    assert statistics["End Equity"] != statistics["Start Equity"]
    for name in ("Net Profit", "Compounding Annual Return", "Sharpe Ratio"):
        assert statistics[name] not in ("0%", "0"), name
    equity = timed.result["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
    returns = timed.result["charts"]["Strategy Equity"]["series"]["Return"]["values"]
    assert equity[0][1:] == [100000.0] * 4  # the first sample is the start, before any fill
    assert len(returns) >= 3
