"""TradeBuilder: LEAN's FillToFill grouping with FIFO matching, fees, MAE/MFE, reversals."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from engine.statistics import LONG, SHORT, TradeBuilder

T0 = datetime(2013, 10, 7, 13, 31)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_round_trip_with_fees_mae_mfe() -> None:
    tb = TradeBuilder()
    tb.process_fill("SPY", at(0), 10, 100, 1, order_id=1)
    tb.set_market_price("SPY", 12)
    tb.set_market_price("SPY", 8)
    assert tb.has_open_position("SPY")
    tb.process_fill("SPY", at(90), 11, -100, 1, order_id=2)
    assert not tb.has_open_position("SPY")
    (trade,) = tb.closed_trades
    assert trade.direction == LONG
    assert trade.quantity == 100
    assert trade.profit_loss == Decimal("100.00")
    assert trade.total_fees == 2
    assert trade.mae == Decimal("-200.00")
    assert trade.mfe == Decimal("200.00")
    assert trade.end_trade_drawdown == Decimal("-100.00")
    assert trade.is_win
    assert trade.order_ids == {1, 2}
    js = trade.to_json()
    assert js["duration"] == "01:30:00"
    assert js["entryTime"] == "2013-10-07T13:31:00Z"
    assert js["profitLoss"] == 100.0


def test_fifo_partial_close_splits_the_second_trade() -> None:
    tb = TradeBuilder()
    tb.process_fill("SPY", at(0), 10, 100, 1, order_id=1)
    tb.process_fill("SPY", at(1), 12, 50, 1, order_id=2)
    tb.process_fill("SPY", at(2), 13, -120, 1, order_id=3)
    first, partial = tb.closed_trades
    assert (first.quantity, first.profit_loss, first.total_fees) == (100, Decimal("300.00"), 2)
    # the closing order's fee went to the first trade only; the partial carries order 2's fee
    assert (partial.quantity, partial.profit_loss, partial.total_fees) == (20, Decimal("20.00"), 1)
    assert partial.entry_price == 12
    assert tb.has_open_position("SPY")
    tb.process_fill("SPY", at(3), 14, -30, 1, order_id=4)
    last = tb.closed_trades[-1]
    assert (last.quantity, last.profit_loss, last.total_fees) == (30, Decimal("60.00"), 1)


def test_lifo_closes_the_newest_trade_first() -> None:
    tb = TradeBuilder(matching="LIFO")
    tb.process_fill("SPY", at(0), 10, 100, 1, order_id=1)
    tb.process_fill("SPY", at(1), 12, 50, 1, order_id=2)
    tb.process_fill("SPY", at(2), 13, -50, 1, order_id=3)
    (trade,) = tb.closed_trades
    assert trade.entry_price == 12 and trade.profit_loss == Decimal("50.00")


def test_reversal_opens_short_with_the_excess() -> None:
    tb = TradeBuilder()
    tb.process_fill("SPY", at(0), 10, 100, 1, order_id=1)
    tb.process_fill("SPY", at(1), 9, -150, Decimal("1.5"), order_id=2)
    (long_trade,) = tb.closed_trades
    assert long_trade.profit_loss == Decimal("-100.00")
    assert long_trade.total_fees == Decimal("2.5")
    assert not long_trade.is_win
    tb.set_market_price("SPY", Decimal("9.5"))
    tb.process_fill("SPY", at(2), 8, 50, 1, order_id=3)
    short = tb.closed_trades[-1]
    assert short.direction == SHORT and short.quantity == 50
    assert short.profit_loss == Decimal("50.00")
    assert short.total_fees == 1  # the reversal's remainder carried no fee
    assert short.mae == Decimal("-25.00")  # (9 - 9.5) x 50
    assert short.mfe == Decimal("50.00")  # (9 - 8) x 50


def test_order_fee_counted_once_for_several_fills() -> None:
    tb = TradeBuilder()
    tb.process_fill("SPY", at(0), 10, 50, 1, order_id=1)
    tb.process_fill("SPY", at(0), 10, 50, 1, order_id=1)
    tb.process_fill("SPY", at(5), 11, -100, 2, order_id=2)
    assert sum(t.total_fees for t in tb.closed_trades) == 3


def test_multiplier_and_conversion_rate() -> None:
    tb = TradeBuilder()
    tb.process_fill("ES", at(0), 4000, 1, 2, order_id=1, multiplier=50, conversion_rate=1)
    tb.process_fill("ES", at(1), 4001, -1, 2, order_id=2, multiplier=50, conversion_rate=1)
    assert tb.closed_trades[0].profit_loss == Decimal("50.00")
