"""Option contracts held into their underlying's split (AAPL's 7-for-1 of 2014-06-09) are closed by
a market-on-close order before it, on LEAN's sample data."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from helpers import debug_lines, run

from engine.runner.option_splits import round_down_in_time_zone

HELD_INTO_SPLIT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 6, 6)
        self.set_end_date(2014, 6, 9)
        self.set_cash(1000000)
        resolution = Resolution.HOUR if self.get_parameter("hour") == "1" else Resolution.MINUTE
        option = self.add_option("AAPL", resolution)
        option.set_filter(lambda u: u.include_weeklys().strikes(-2, 2).expiration(0, 30))
        self.week = self.today = None

    def on_data(self, data):
        chain = data.option_chains.get(Symbol.create("AAPL", SecurityType.OPTION, Market.USA, "?AAPL"))
        if self.week is None and chain is not None:
            calls = [c for c in chain if c.strike == 650 and c.right == OptionRight.CALL]
            self.week = next(c.symbol for c in calls if c.expiry.day == 13)
            self.today = next(c.symbol for c in calls if c.expiry.day == 6)
            self.market_order(self.week, 1)
            self.market_order(self.today, 1)
            self.limit_order(self.week, -1, 100)  # open until the split cancels it
        elif self.week is not None and self.time.day == 6 and self.time.hour == 16:
            ticket = self.market_order(self.week, 1)
            self.debug(f"retry {ticket.status} {self.securities[self.week].is_tradable}")

    def on_order_event(self, e):
        if e.status in (OrderStatus.FILLED, OrderStatus.CANCELED):
            order = self.transactions.get_order_by_id(e.order_id)
            self.debug(f"{e.status}|{e.symbol.value}|{order.type}|{e.fill_quantity}|"
                       f"{e.fill_price}|{order.time}|{order.tag}")

    def on_end_of_algorithm(self):
        self.debug(f"orders {self.transactions.orders_count}")
"""

TAG = "Liquidated due to impending split. Option splits are not currently supported."


@pytest.mark.parametrize(("hour", "submitted"), [("0", "19:44:00"), ("1", "19:00:00")])
def test_an_option_held_into_its_underlyings_split_is_closed_at_the_close(
    tmp_path, lean_data, hour, submitted
):
    outcome = run(tmp_path / "p", HELD_INTO_SPLIT, lean_data, parameters={"hour": hour})
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    closing = [line for line in lines if line.endswith(TAG)]
    # one market-on-close order for the whole position, placed at the last minute a MOC order
    # may be (15:44 ET, rounded down to the hour for hourly data), filled at the close
    assert len(closing) == 1, lines
    status, value, kind, quantity, _price, placed, _tag = closing[0].split("|")
    assert (status, value, kind) == ("Filled", "AAPL  140613C00650000", "MarketOnClose")
    assert float(quantity) == -1
    assert placed.startswith(f"2014-06-06 {submitted}")
    # the algorithm's open order on the contract is cancelled in its favour
    assert any(
        line.startswith("Canceled|AAPL  140613C00650000|Limit|")
        and line.endswith("Separate MarketOnClose order submitted to liquidate position.")
        for line in lines
    ), lines
    # the contract expiring that day is left to its expiry
    assert not any(line.startswith("Filled|AAPL  140606C00650000|MarketOnClose|") for line in lines)
    assert any(
        "MarketOnClose order submitted for option contract 'AAPL  140613C00650000'" in line
        for line in lines
    )
    # the contract is untradable from then on: the algorithm's new order is refused
    assert "retry Invalid False" in lines
    assert lines[-1] == "orders 5"  # two buys, the limit order, the closing order, the expiry


def test_the_latest_closing_time_is_rounded_down_in_the_data_time_zone():
    new_york = ZoneInfo("America/New_York")
    same = SimpleNamespace(tz=new_york, data_tz=new_york)
    at = datetime(2014, 6, 6, 15, 44, 30)
    assert round_down_in_time_zone(at, timedelta(minutes=1), same) == datetime(2014, 6, 6, 15, 44)
    assert round_down_in_time_zone(at, timedelta(hours=1), same) == datetime(2014, 6, 6, 15)
    assert round_down_in_time_zone(at, timedelta(0), same) == at  # ticks: not rounded
    # daily bars of data kept in UTC end at UTC midnight: 20:00 in New York (summer time)
    utc = SimpleNamespace(tz=new_york, data_tz=ZoneInfo("UTC"))
    assert round_down_in_time_zone(at, timedelta(days=1), utc) == datetime(2014, 6, 5, 20)
