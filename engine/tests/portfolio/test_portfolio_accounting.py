"""Portfolio accounting through a buy, partial sell, reversal, split and dividend (LEAN ProcessFill)."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.execution.fees import ConstantFeeModel
from engine.model.data import Dividend, Split
from engine.model.enums import DataNormalizationMode
from engine.tests.portfolio.harness import Harness


def make(mode: DataNormalizationMode = DataNormalizationMode.ADJUSTED):
    h = Harness()
    spy = h.add_equity("SPY", quotes=False, data_normalization_mode=mode)
    spy.set_fee_model(ConstantFeeModel(1.0))
    h.at("2013-10-07 10:00")
    h.bar(spy, 100, 100, 100, 100)
    return h, spy


def price(h: Harness, spy, p: float, minute: str) -> None:
    h.at(f"2013-10-07 {minute}")
    h.bar(spy, p, p, p, p)


def test_buy_partial_sell_reversal() -> None:
    h, spy = make()
    hold = h.portfolio["SPY"]
    h.market_order("SPY", 100)
    h.step()
    assert hold.quantity == 100 and hold.average_price == 100
    assert h.portfolio.cash == pytest.approx(100000 - 10000 - 1)
    assert hold.holdings_value == 10000
    price(h, spy, 110, "10:01")
    assert hold.unrealized_profit == pytest.approx(1000 - 1)  # estimated closing fee included
    assert h.portfolio.total_portfolio_value == pytest.approx(100000 - 1 + 1000)
    h.market_order("SPY", 50)  # add at 110 -> average 103.333
    h.step()
    assert hold.average_price == pytest.approx((100 * 100 + 50 * 110) / 150)
    h.market_order("SPY", -60)  # partial sell
    h.step()
    avg = (100 * 100 + 50 * 110) / 150
    assert hold.quantity == 90
    assert hold.profit == pytest.approx(60 * (110 - avg))
    assert hold.last_trade_profit == pytest.approx(60 * (110 - avg))
    price(h, spy, 120, "10:02")
    h.market_order("SPY", -140)  # reversal: close 90, open short 50 at 120
    h.step()
    assert hold.quantity == -50 and hold.average_price == 120
    assert hold.profit == pytest.approx(60 * (110 - avg) + 90 * (120 - avg))
    assert hold.total_fees == 4
    assert hold.net_profit == pytest.approx(hold.profit - 4)
    assert hold.is_short and hold.invested and hold.absolute_quantity == 50
    assert h.portfolio.total_sale_volume == pytest.approx(10000 + 5500 + 6600 + 16800)
    # cash = start - buys + sells - fees
    assert h.portfolio.cash == pytest.approx(100000 - 10000 - 5500 + 6600 + 16800 - 4)
    # TPV = cash + holdings value (short is negative)
    assert h.portfolio.total_portfolio_value == pytest.approx(h.portfolio.cash - 50 * 120)
    assert len(h.transactions.transaction_record) == 2
    assert h.portfolio.total_unrealized_profit == pytest.approx(0 - 1)


def test_closing_resets_average_price() -> None:
    h, spy = make()
    h.market_order("SPY", 10)
    h.step()
    h.market_order("SPY", -10)
    h.step()
    hold = h.portfolio["SPY"]
    assert hold.quantity == 0 and hold.average_price == 0 and not h.portfolio.invested


def test_margin_values() -> None:
    h, spy = make()
    h.market_order("SPY", 100)
    h.step()
    assert h.portfolio.total_margin_used == pytest.approx(5000)
    assert h.portfolio.margin_remaining == pytest.approx(h.portfolio.total_portfolio_value - 5000)
    assert h.portfolio.total_holdings_value == 10000


def test_split_in_raw_mode_adjusts_quantity_price_and_pays_fraction() -> None:
    h, spy = make(DataNormalizationMode.RAW)
    h.market_order("SPY", 101)
    h.step()
    limit = h.limit_order("SPY", 11, 90.0)
    cash = h.portfolio.cash
    split = Split(spy.symbol, datetime(2013, 10, 8), 100.0, 0.5)
    h.portfolio.apply_split(split)  # also queues the rescale of the open orders
    hold = h.portfolio["SPY"]
    assert hold.quantity == 202 and hold.average_price == 50
    assert spy.price == 50
    assert h.portfolio.cash == pytest.approx(cash)  # no fractional share for a 2:1 split
    order = h.transactions.get_order_by_id(limit.order_id)
    # LEAN queues the ticket update: the order is unchanged until the handler drains its queue
    assert order.quantity == 11 and order.limit_price == 90.0
    assert h.transactions.get_open_orders_remaining_quantity(spy.symbol) == 11
    h.step()  # the synchronous events of the next step handle the queued update
    assert order.quantity == 22 and order.limit_price == 45.0


def test_a_queued_split_rescale_is_handled_before_the_next_submission() -> None:
    # LEAN's BacktestingTransactionHandler.WaitForOrderSubmission drains the request queue in
    # order: the split's update request, queued first, is handled before the new order
    h, spy = make(DataNormalizationMode.RAW)
    h.market_order("SPY", 100)
    h.step()
    limit = h.limit_order("SPY", 10, 90.0)
    h.portfolio.apply_split(Split(spy.symbol, datetime(2013, 10, 8), 100.0, 0.5))
    other = h.limit_order("SPY", 5, 40.0)
    assert h.transactions.get_order_by_id(limit.order_id).quantity == 20
    assert h.transactions.get_order_by_id(other.order_id).quantity == 5
    assert h.transactions.get_open_orders_remaining_quantity(spy.symbol) == 25


def test_split_three_for_two_pays_the_fractional_share_in_cash() -> None:
    h, spy = make(DataNormalizationMode.RAW)
    h.market_order("SPY", 101)
    h.step()
    cash = h.portfolio.cash
    h.portfolio.apply_split(Split(spy.symbol, datetime(2013, 10, 8), 100.0, 2 / 3))
    hold = h.portfolio["SPY"]
    assert hold.quantity == 151  # 151.5 truncated
    assert h.portfolio.cash == pytest.approx(cash + 0.5 * 100 * 2 / 3)


def test_split_in_adjusted_mode_changes_nothing() -> None:
    h, spy = make()
    h.market_order("SPY", 100)
    h.step()
    h.portfolio.apply_split(Split(spy.symbol, datetime(2013, 10, 8), 100.0, 0.5))
    assert h.portfolio["SPY"].quantity == 100


def test_dividends_are_paid_only_in_raw_and_split_adjusted_modes() -> None:
    for mode, paid in (
        (DataNormalizationMode.RAW, True),
        (DataNormalizationMode.SPLIT_ADJUSTED, True),
        (DataNormalizationMode.ADJUSTED, False),
    ):
        h, spy = make(mode)
        h.market_order("SPY", 100)
        h.step()
        cash = h.portfolio.cash
        h.portfolio.apply_dividend(Dividend(spy.symbol, datetime(2013, 10, 8), 0.5, 100.0))
        assert h.portfolio.cash == pytest.approx(cash + (50 if paid else 0))
        assert h.portfolio["SPY"].total_dividends == (50 if paid else 0)


def test_short_positions_pay_dividends() -> None:
    h, spy = make(DataNormalizationMode.RAW)
    h.market_order("SPY", -100)
    h.step()
    cash = h.portfolio.cash
    h.portfolio.apply_dividend(Dividend(spy.symbol, datetime(2013, 10, 8), 0.5, 100.0))
    assert h.portfolio.cash == pytest.approx(cash - 50)


def test_set_cash_and_indexing() -> None:
    h, spy = make()
    h.portfolio.set_cash(25000)
    assert h.portfolio.cash == 25000
    assert h.portfolio[spy.symbol] is h.portfolio["spy"]
    assert list(h.portfolio.keys()) == [spy.symbol]
    h.portfolio.set_cash("EUR", 1000, 1.1)
    assert h.portfolio.cash == pytest.approx(25000 + 1100)


def test_iterating_securities_and_portfolio_yields_key_value_pairs() -> None:
    # LEAN's SecurityManager and SecurityPortfolioManager are C# dictionaries: iterated from
    # Python they yield KeyValuePair entries, as OptionSplitRegressionAlgorithm reads them
    h, spy = make()
    h.market_order(spy.symbol, 3)
    h.step()
    (entry,) = list(h.securities)
    assert entry.key == spy.symbol and entry.value is spy
    assert [kvp.value.holdings.absolute_quantity for kvp in h.portfolio.securities] == [3]
    (holding,) = list(h.portfolio)
    assert holding.key == spy.symbol and holding.value is spy.holdings
    assert holding.value.invested
    symbol, security = entry  # a pair also unpacks, as LEAN's Python KeyValuePair does
    assert symbol == spy.symbol and security is spy
