"""An algorithm's time zone (``set_time_zone``) moves its clock, not the market: LEAN keeps the
algorithm's time in UTC and converts each security's data with its exchange's zone
(Common/TimeKeeper.cs, LocalTimeKeeper.cs), so a backtest in UTC or Hong Kong time fills the same
orders at the same prices as one in New York time, only ``time`` reads differently.

The start and end dates are whole days in the algorithm's zone (Algorithm/QCAlgorithm.cs
SetStartDate, SetEndDate) and the daily samples fall at its midnight, so the periods are chosen to
hold the same three sessions of SPY (October 7th-9th, 2013)."""

from __future__ import annotations

import pytest
from helpers import run

ZONED = """
class Zoned(QCAlgorithm):
    def initialize(self):
        self.set_time_zone(self.get_parameter("zone"))
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, int(self.get_parameter("last day")))
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.bars = 0

    def on_data(self, data):
        if self.spy not in data.bars:
            return
        self.bars += 1
        if self.bars == 3 * 390 - 5:  # flat before the third session's close
            self.liquidate(self.spy)
        elif self.bars < 3 * 390 - 5 and self.bars % 97 == 1:
            self.market_order(self.spy, -100 if self.portfolio.invested else 100)
            self.debug(f"order at {self.time:%Y-%m-%d %H:%M} {self.time_zone}")
"""

# Hong Kong's October 7th starts at noon of the 6th in New York, its 9th ends at noon of the 9th
LAST_DAY = {"America/New_York": "9", "UTC": "9", "Asia/Hong_Kong": "10"}
FIRST_ORDER = {
    "America/New_York": "2013-10-07 09:31",
    "UTC": "2013-10-07 13:31",
    "Asia/Hong_Kong": "2013-10-07 21:31",
}
# what the orders decide, whatever the samples' times
TRADING = (
    "Total Orders",
    "Average Win",
    "Average Loss",
    "Net Profit",
    "Start Equity",
    "End Equity",
    "Total Fees",
    "Win Rate",
    "Loss Rate",
    "Profit-Loss Ratio",
)


def outcome_in(zone, tmp_path, lean_data):
    parameters = {"zone": zone, "last day": LAST_DAY[zone]}
    outcome = run(tmp_path / zone.replace("/", "_"), ZONED, lean_data, parameters=parameters)
    assert outcome.error is None, outcome.stacktrace
    # each line starts with the algorithm's time, as it reads in its own zone
    first = FIRST_ORDER[zone]
    assert outcome.logs[0] == f"{first}:00 order at {first} {zone}"
    return outcome


def fills(outcome):
    return [
        (o["time"], o["lastFillTime"], o["quantity"], o["price"])
        for o in outcome.result["orders"].values()
    ]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Hong_Kong"])
def test_a_backtest_in_another_time_zone_fills_the_same_orders(zone, tmp_path, lean_data):
    new_york = outcome_in("America/New_York", tmp_path, lean_data)
    other = outcome_in(zone, tmp_path, lean_data)

    assert len(fills(new_york)) == 12 and fills(other) == fills(new_york)
    ours, theirs = other.result["statistics"], new_york.result["statistics"]
    assert {k: ours[k] for k in TRADING} == {k: theirs[k] for k in TRADING}
    if zone == "UTC":
        # UTC's midnight is after New York's close: the same daily samples, the same statistics,
        # but the compounding annual return's years run from the first equity point, the start
        # at the algorithm's midnight (Common/Statistics/PortfolioStatistics.cs), four hours
        # earlier in UTC
        differ = {k for k in theirs if ours[k] != theirs[k]}
        assert differ == {"Compounding Annual Return"}
        for outcome in (other, new_york):
            assert outcome.result["statistics"]["Compounding Annual Return"] == annual(outcome)
    else:
        # Hong Kong's midnight is New York's noon: its daily returns are other numbers
        assert ours["Sharpe Ratio"] != theirs["Sharpe Ratio"]


def annual(outcome):
    """The compounding annual return over the equity chart's span, as a statistic reads."""
    equity = outcome.result["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
    years = (equity[-1][0] - equity[0][0]) / 86400 / 365
    start, end = float(outcome.result["statistics"]["Start Equity"]), equity[-1][4]
    return f"{((end / start) ** (1 / years) - 1) * 100:.3f}%"
