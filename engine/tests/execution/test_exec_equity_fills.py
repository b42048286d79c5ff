"""EquityFillModel: each order type on trade bars and quote bars (LEAN's Common/Orders/Fills/EquityFillModel.cs)."""

from __future__ import annotations

import pytest

from engine.model.enums import OrderStatus, Resolution
from engine.model.orders import OrderProperties, TimeInForce
from engine.tests.portfolio.harness import Harness


def setup(quotes: bool = True, resolution: Resolution = Resolution.MINUTE):
    h = Harness()
    spy = h.add_equity("SPY", resolution=resolution, quotes=quotes)
    h.at("2013-10-07 10:00")
    h.bar(spy, 100, 101, 99, 100)
    if quotes:
        h.quote(spy, 99.9, 100.1)
    return h, spy


def next_minute(h: Harness, spy, o, hi, lo, c, minute: str = "10:01", bid=None, ask=None):
    h.at(f"2013-10-07 {minute}")
    h.bar(spy, o, hi, lo, c)
    if bid is not None:
        h.quote(spy, bid, ask)
    h.step()


def fill_of(h: Harness, ticket):
    fills = [
        e for e in h.events if e.order_id == ticket.order_id and e.status == OrderStatus.FILLED
    ]
    return fills[0] if fills else None


# ------------------------------------------------------------------------- market
def test_market_buy_fills_at_ask_and_sell_at_bid_on_the_same_step() -> None:
    h, spy = setup()
    buy = h.market_order("SPY", 10)
    # filled when market_order returns (LEAN's BacktestingTransactionHandler scans at submission)
    assert buy.status == OrderStatus.FILLED
    sell = h.market_order("SPY", -5)
    h.step()
    assert fill_of(h, buy).fill_price == 100.1
    assert fill_of(h, sell).fill_price == 99.9
    assert h.statuses(buy.order_id) == ["Submitted", "Filled"]


def test_market_order_without_quotes_fills_at_trade_close() -> None:
    h, spy = setup(quotes=False)
    t = h.market_order("SPY", 10)
    h.step()
    assert fill_of(h, t).fill_price == 100
    assert fill_of(h, t).order_fee == 1.0


def test_market_order_fills_at_16_00_on_the_last_bar() -> None:
    h, spy = setup()
    h.at("2013-10-07 15:59")
    h.bar(spy, 100, 100, 100, 100)
    h.at("2013-10-07 16:00")
    h.bar(spy, 101, 101, 101, 101)
    h.quote(spy, 100.9, 101.1)
    h.step()
    # a market order placed AT 16:00 is converted to MOO (exchange closed by regular hours)
    t = h.market_order("SPY", 10)
    assert t.order_type.name == "MARKET_ON_OPEN"


def test_stale_quote_within_one_hour_beats_a_fresher_trade_bar() -> None:
    h, spy = setup()
    h.at("2013-10-07 10:40")
    h.bar(spy, 102, 102, 102, 102)  # no new quote since 10:00
    t = h.market_order("SPY", 1)
    h.step()
    assert fill_of(h, t).fill_price == 100.1


def test_stale_data_on_minute_subscription_waits_for_fresh_data() -> None:
    h, spy = setup()
    h.at("2013-10-07 11:30")  # last data 10:00, 90 minutes old
    t = h.market_order("SPY", 1)
    h.step()
    assert t.status == OrderStatus.SUBMITTED
    next_minute(h, spy, 103, 103, 103, 103, "11:31", 102.9, 103.1)
    assert fill_of(h, t).fill_price == 103.1


# ------------------------------------------------------------------------- limit
def test_buy_limit_needs_low_strictly_below_and_never_fills_on_the_placing_bar() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 99.0)
    h.step()  # same step: not evaluated
    assert t.status == OrderStatus.SUBMITTED
    next_minute(h, spy, 100, 100.5, 99.0, 99.5)  # low == limit: no fill (strict)
    assert t.status == OrderStatus.SUBMITTED
    next_minute(h, spy, 99.5, 99.8, 98.5, 99.2, "10:02")
    assert fill_of(h, t).fill_price == 99.0


def test_buy_limit_gap_down_fills_at_open() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 99.0)
    next_minute(h, spy, 97.0, 97.5, 96.5, 97.2)
    assert fill_of(h, t).fill_price == 97.0


def test_sell_limit_high_above_and_gap_up() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", -10, 101.0)
    next_minute(h, spy, 100.5, 101.5, 100.4, 101.2)
    assert fill_of(h, t).fill_price == 101.0
    t2 = h.limit_order("SPY", -10, 101.0)
    next_minute(h, spy, 103.0, 103.5, 102.5, 103.2, "10:02")
    assert fill_of(h, t2).fill_price == 103.0


# ------------------------------------------------------------------------- stop market
def test_sell_stop_inclusive_at_stop_and_gap_at_open() -> None:
    h, spy = setup()
    t = h.stop_market_order("SPY", -10, 99.0)
    next_minute(h, spy, 99.5, 99.6, 99.0, 99.2)  # low == stop triggers
    assert fill_of(h, t).fill_price == 99.0
    t2 = h.stop_market_order("SPY", -10, 99.0)
    next_minute(h, spy, 98.0, 98.5, 97.5, 98.2, "10:02")
    assert fill_of(h, t2).fill_price == 98.0


def test_buy_stop_inclusive_and_gap_up() -> None:
    h, spy = setup()
    t = h.stop_market_order("SPY", 10, 101.0)
    next_minute(h, spy, 100.5, 101.0, 100.4, 100.8)
    assert fill_of(h, t).fill_price == 101.0
    t2 = h.stop_market_order("SPY", 10, 101.0)
    next_minute(h, spy, 102.0, 102.5, 101.5, 102.2, "10:02")
    assert fill_of(h, t2).fill_price == 102.0


# ------------------------------------------------------------------------- stop limit
def test_stop_limit_uses_quote_bars_and_stays_triggered() -> None:
    h, spy = setup()
    t = h.stop_limit_order("SPY", 10, stop_price=101.0, limit_price=101.5)
    h.at("2013-10-07 10:01")
    h.bar(spy, 101, 102, 100.9, 101.9)
    h.quote(
        spy, 101.8, 102.0, ask_bar=(101.0, 102.2, 100.9, 102.0)
    )  # high > stop, close 102 > limit
    h.step()
    order = h.transactions.get_order_by_id(t.order_id)
    assert order.stop_triggered and t.status == OrderStatus.SUBMITTED
    h.at("2013-10-07 10:02")
    h.bar(spy, 101, 101.2, 100.5, 101.0)
    h.quote(spy, 100.9, 101.1, ask_bar=(101.2, 101.6, 100.6, 101.1))
    h.step()
    assert fill_of(h, t).fill_price == 101.5  # min(high 101.6, limit)


# ------------------------------------------------------------------------- trailing stop
def test_trailing_stop_trails_the_high_and_fills_when_touched() -> None:
    h, spy = setup()
    t = h.trailing_stop_order("SPY", -10, 1.0, False)
    assert h.transactions.get_order_by_id(t.order_id).stop_price == 99.0  # price 100 - 1
    h.at("2013-10-07 10:01")
    h.bar(spy, 100, 102, 100, 101.8)
    h.quote(spy, 101.7, 101.9, bid_bar=(100, 102, 100, 101.7))
    h.step()
    assert h.transactions.get_order_by_id(t.order_id).stop_price == 101.0  # bid high 102 - 1
    h.at("2013-10-07 10:02")
    h.bar(spy, 101.5, 101.5, 100.5, 100.8)
    h.quote(spy, 100.7, 100.9, bid_bar=(101.5, 101.5, 100.5, 100.7))
    h.step()
    assert fill_of(h, t).fill_price == 100.7  # min(stop, bid close)


def test_trailing_stop_percentage_and_explicit_stop() -> None:
    h, spy = setup()
    t = h.trailing_stop_order("SPY", 10, 0.05, True)
    assert h.transactions.get_order_by_id(t.order_id).stop_price == pytest.approx(105.0)
    t2 = h.trailing_stop_order("SPY", -10, 95.0, 2.0, False)
    assert h.transactions.get_order_by_id(t2.order_id).stop_price == 95.0


# ------------------------------------------------------------------------- limit if touched
def test_limit_if_touched_triggers_on_trade_low_then_fills_on_ask() -> None:
    h, spy = setup()
    t = h.limit_if_touched_order("SPY", 10, trigger_price=99.0, limit_price=99.5)
    next_minute(h, spy, 99.8, 99.9, 99.0, 99.6, bid=99.5, ask=99.7)  # touched; ask 99.7 > limit
    order = h.transactions.get_order_by_id(t.order_id)
    assert order.trigger_touched and t.status == OrderStatus.SUBMITTED
    next_minute(h, spy, 99.5, 99.6, 99.3, 99.4, "10:02", bid=99.3, ask=99.4)
    assert fill_of(h, t).fill_price == 99.4


# ------------------------------------------------------------------------- MOO / MOC
def test_market_on_open_fills_at_the_next_session_open_bar() -> None:
    h, spy = setup()
    h.at("2013-10-07 16:05")
    t = h.market_on_open_order("SPY", 10)
    assert t.status == OrderStatus.SUBMITTED
    h.at("2013-10-08 09:31")
    h.bar(spy, 105.0, 105.5, 104.5, 105.2)
    h.quote(spy, 105.1, 105.3)
    h.step()
    f = fill_of(h, t)
    assert f.fill_price == 105.0
    assert f.utc_time.hour == 13 and f.utc_time.minute == 31


def test_market_on_open_is_rejected_during_regular_hours() -> None:
    h, spy = setup()
    t = h.market_on_open_order("SPY", 10)
    assert t.status == OrderStatus.INVALID
    assert t.submit_request.response.error_code == -35
    assert h.transactions.orders_count == 0


def test_market_on_close_fills_at_the_close_bar_and_rejects_late_orders() -> None:
    h, spy = setup()
    t = h.market_on_close_order("SPY", 10)
    h.at("2013-10-07 15:59")
    h.bar(spy, 100, 100, 100, 100)
    h.step()
    assert t.status == OrderStatus.SUBMITTED
    h.at("2013-10-07 15:50")
    late = h.market_on_close_order("SPY", 10)
    assert late.submit_request.response.error_code == -21
    h.at("2013-10-07 16:00")
    h.bar(spy, 100, 100.5, 99.5, 100.25)
    h.step()
    assert fill_of(h, t).fill_price == 100.25


def test_market_on_close_on_an_early_close_day() -> None:
    h = Harness()
    spy = h.add_equity("SPY")
    h.at("2013-11-29 10:00")  # day after Thanksgiving: close 13:00
    h.bar(spy, 100, 100, 100, 100)
    t = h.market_on_close_order("SPY", 10)
    assert t.status == OrderStatus.SUBMITTED
    h.at("2013-11-29 12:59")
    h.bar(spy, 100, 100, 100, 100)
    h.step()
    assert t.status == OrderStatus.SUBMITTED
    h.at("2013-11-29 13:00")
    h.bar(spy, 101, 101, 101, 101.5)
    h.step()
    assert fill_of(h, t).fill_price == 101.5


def test_day_order_expires_at_the_close_before_the_closing_bar_fills() -> None:
    h, spy = setup()
    props = OrderProperties(TimeInForce.DAY)
    t = h.limit_order("SPY", 10, 50.0, order_properties=props)
    h.at("2013-10-07 16:00")
    h.bar(spy, 40, 40, 40, 40)  # would fill
    h.step()
    assert t.status == OrderStatus.CANCELED
    assert h.events[-1].message == "The order has expired."


def test_good_til_date_expires_at_the_close_of_the_expiry_date() -> None:
    from datetime import date

    h, spy = setup()
    t = h.limit_order(
        "SPY",
        10,
        50.0,
        order_properties=OrderProperties(TimeInForce.good_til_date(date(2013, 10, 8))),
    )
    next_minute(h, spy, 100, 100, 100, 100, "15:00")
    assert t.status == OrderStatus.SUBMITTED
    h.at("2013-10-08 15:59")
    h.bar(spy, 100, 100, 100, 100)
    h.step()
    assert t.status == OrderStatus.SUBMITTED
    h.at("2013-10-08 16:00")
    h.bar(spy, 100, 100, 100, 100)
    h.step()
    assert t.status == OrderStatus.CANCELED


def test_gtc_order_survives_days() -> None:
    h, spy = setup()
    t = h.limit_order("SPY", 10, 50.0)
    h.at("2013-10-10 10:00")
    h.bar(spy, 100, 100, 100, 100)
    h.step()
    assert t.status == OrderStatus.SUBMITTED


def test_daily_bars_market_order_becomes_moo_and_fills_at_next_open() -> None:
    from datetime import timedelta

    h = Harness()
    spy = h.add_equity("SPY", resolution=Resolution.DAILY, quotes=False)
    h.at("2013-10-07 16:00")
    h.bar(spy, 100, 101, 99, 100.5, period=timedelta(hours=6, minutes=30))
    t = h.market_order("SPY", 10)
    assert t.order_type.name == "MARKET_ON_OPEN"
    assert any("MarketOnOpen" in log for log in h.logs)
    h.at("2013-10-08 16:00")
    h.bar(spy, 102, 103, 101, 102.5, period=timedelta(hours=6, minutes=30))
    h.step()
    assert fill_of(h, t).fill_price == 102
