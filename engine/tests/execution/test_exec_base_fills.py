"""The base FillModel (forex, crypto): quote-bar prices, strict stops, MOO/MOC; cash accounts; user models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.execution.brokerage import AccountType, BrokerageName, brokerage_model_for
from engine.execution.buying_power import CashBuyingPowerModel
from engine.execution.fills import FillModel
from engine.execution.slippage import ConstantSlippageModel, VolumeShareSlippageModel
from engine.model.enums import OrderStatus, Resolution
from engine.model.orders import OrderEvent
from engine.tests.portfolio.harness import Harness


def crypto_setup(brokerage=None):
    h = Harness()
    if brokerage is not None:
        h.brokerage_model = brokerage
    btc = h.add_crypto("BTCUSD")
    h.at("2018-01-01 10:00")
    h.bar(btc, 100, 100, 100, 100)
    h.quote(btc, 99, 101, bid_bar=(99, 99.5, 98.5, 99), ask_bar=(101, 101.5, 100.5, 101))
    return h, btc


def next_quote(h, btc, bid_bar, ask_bar, t="10:01"):
    h.at(f"2018-01-01 {t}")
    h.bar(btc, ask_bar[0], ask_bar[1], bid_bar[2], bid_bar[3])
    h.quote(btc, bid_bar[3], ask_bar[3], bid_bar=bid_bar, ask_bar=ask_bar)
    h.step()


def fill_of(h, ticket):
    return next(
        (e for e in h.events if e.order_id == ticket.order_id and e.status == OrderStatus.FILLED),
        None,
    )


def test_crypto_price_is_the_quote_mid_and_market_fills_at_ask_bid() -> None:
    h, btc = crypto_setup()
    assert btc.price == 100.0  # (99 + 101) / 2 wins over the trade bar at equal end time
    buy = h.market_order("BTCUSD", 1)
    sell = h.market_order("BTCUSD", -0.5)
    h.step()
    assert fill_of(h, buy).fill_price == 101 and fill_of(h, sell).fill_price == 99
    assert fill_of(h, buy).order_fee == 0  # default brokerage: zero fee for crypto


def test_base_limit_fills_at_min_high_limit() -> None:
    h, btc = crypto_setup()
    t = h.limit_order("BTCUSD", 1, 100.0)
    next_quote(h, btc, (99, 99.5, 98, 99), (100.8, 101, 99.5, 100.2))
    assert fill_of(h, t).fill_price == 100.0  # min(ask high 101, limit)


def test_base_stop_market_is_strict_and_fills_at_worse_of_stop_and_close() -> None:
    h, btc = crypto_setup()
    t = h.stop_market_order("BTCUSD", -1, 98.0)
    next_quote(h, btc, (99, 99, 98.0, 98.5), (101, 101, 100, 100.5))  # low == stop: no fill
    assert t.status == OrderStatus.SUBMITTED
    next_quote(h, btc, (98.5, 98.6, 97.0, 97.5), (100, 100, 99, 99.5), "10:02")
    assert fill_of(h, t).fill_price == 97.5


def test_base_limit_if_touched_fills_at_the_limit() -> None:
    h, btc = crypto_setup()
    t = h.limit_if_touched_order("BTCUSD", 1, trigger_price=100.0, limit_price=100.5)
    next_quote(h, btc, (99, 99, 98, 98.5), (100.4, 100.5, 99.8, 100.2))
    assert fill_of(h, t).fill_price == 100.5


def test_coinbase_cash_account_limits_buys_to_quote_cash_and_forbids_shorts() -> None:
    with pytest.raises(ValueError):
        brokerage_model_for(BrokerageName.GDAX)  # Margin is the default account type
    h, btc = crypto_setup(brokerage_model_for(BrokerageName.GDAX, AccountType.CASH))
    assert isinstance(btc.buying_power_model, CashBuyingPowerModel)
    assert btc.leverage == 1
    too_big = h.market_order("BTCUSD", 1000)  # 101,000 > 100,000 USD
    assert too_big.status == OrderStatus.INVALID
    short = h.market_order("BTCUSD", -1)
    assert short.status == OrderStatus.INVALID
    t = h.market_order("BTCUSD", 10)
    h.step()
    assert t.status == OrderStatus.FILLED
    assert h.portfolio.cash_book["BTC"].amount == 10
    fee = 10 * 101 * 0.003  # Coinbase taker fee before 2019-03-23
    assert fill_of(h, t).order_fee == pytest.approx(fee)
    assert h.portfolio.cash_book["USD"].amount == pytest.approx(100000 - 1010 - fee)
    # crypto holdings live in the cash book: TPV = USD + BTC x rate
    assert h.portfolio.total_portfolio_value == pytest.approx(100000 - 1010 - fee + 10 * 100)


def test_binance_buy_fee_reduces_the_filled_quantity() -> None:
    h = Harness()
    h.brokerage_model = brokerage_model_for(BrokerageName.BINANCE, AccountType.CASH)
    btc = h.add_crypto("BTCUSDT", "binance")
    h.portfolio.set_cash("USDT", 10000, 1.0)
    h.at("2018-01-01 10:00")
    h.quote(btc, 99, 101)
    t = h.market_order(btc.symbol, 10)
    h.step()
    f = fill_of(h, t)
    assert f.fill_quantity == pytest.approx(9.99)
    assert h.portfolio.cash_book["BTC"].amount == pytest.approx(9.99)
    assert h.portfolio.cash_book["USDT"].amount == pytest.approx(10000 - 1010)


def test_slippage_models() -> None:
    h, btc = crypto_setup()
    btc.set_slippage_model(ConstantSlippageModel(0.01))
    t = h.market_order("BTCUSD", 1)
    h.step()
    assert fill_of(h, t).fill_price == pytest.approx(101 + 0.01 * 100)
    model = VolumeShareSlippageModel(volume_limit=0.025, price_impact=0.1)
    h2 = Harness()
    spy = h2.add_equity("SPY", quotes=False)
    h2.at("2013-10-07 10:00")
    h2.bar(spy, 100, 100, 100, 100, v=1000)
    from engine.model.enums import OrderType
    from engine.model.orders import Order

    o = Order(1, spy.symbol, OrderType.MARKET, 10, h2.utc_time)
    assert model.get_slippage_approximation(spy, o) == pytest.approx(100 * 0.1 * 0.01 * 0.01)


def test_user_fill_model_subclass_in_both_spellings() -> None:
    class Better(FillModel):
        def market_fill(self, asset, order) -> OrderEvent:
            fill = super().market_fill(asset, order)
            fill.fill_price -= 1
            return fill

    class Pascal(FillModel):
        def MarketFill(self, asset, order):  # noqa: N802
            fill = super().MarketFill(asset, order)
            fill.fill_price = 42.0
            return fill

    h, btc = crypto_setup()
    btc.set_fill_model(Better())
    t = h.market_order("BTCUSD", 1)
    h.step()
    assert fill_of(h, t).fill_price == 100
    btc.set_fill_model(Pascal())
    t2 = h.market_order("BTCUSD", 1)
    h.step()
    assert fill_of(h, t2).fill_price == 42.0


def test_failing_fill_model_logs_and_keeps_the_order_open() -> None:
    class Broken(FillModel):
        def market_fill(self, asset, order):
            raise RuntimeError("boom")

    h, btc = crypto_setup()
    btc.set_fill_model(Broken())
    t = h.market_order("BTCUSD", 1)
    h.step()
    assert t.status == OrderStatus.SUBMITTED
    assert "Transaction model failed to fill" in h.logs[-1]


def test_crypto_day_order_expires_at_utc_midnight() -> None:
    from engine.model.orders import OrderProperties, TimeInForce

    h, btc = crypto_setup()
    t = h.limit_order("BTCUSD", 1, 50.0, order_properties=OrderProperties(TimeInForce.DAY))
    h.securities.set_time(datetime(2018, 1, 1, 23, 59, tzinfo=UTC))
    h.step()
    assert t.status == OrderStatus.SUBMITTED
    h.securities.set_time(datetime(2018, 1, 2, 0, 0, tzinfo=UTC) + timedelta(seconds=1))
    h.step()
    assert t.status == OrderStatus.CANCELED


def test_hour_resolution_is_fine_for_resolution_map() -> None:
    assert Resolution.HOUR > Resolution.MINUTE
