"""Fee models: IB equity minimum/cap, IB forex, constant, Coinbase, Binance, OANDA, user subclasses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.execution.fees import (
    BinanceFeeModel,
    CashAmount,
    CoinbaseFeeModel,
    ConstantFeeModel,
    FeeModel,
    InteractiveBrokersFeeModel,
    ModifiedFillQuantityOrderFee,
    OandaFeeModel,
    OrderFee,
    OrderFeeParameters,
    compute_fee,
)
from engine.model.data import Bar, QuoteBar, TradeBar
from engine.model.enums import OrderType, SecurityType
from engine.model.orders import Order
from engine.model.security import AlwaysOpenHours
from engine.model.symbol import Symbol
from engine.portfolio.security import Security

T = datetime(2013, 10, 7, 14, 0, tzinfo=UTC)


def equity(price: float) -> Security:
    sec = Security(Symbol("SPY", SecurityType.EQUITY, "usa"))
    sec.update(TradeBar(datetime(2013, 10, 7, 9, 59), sec.symbol, price, price, price, price, 100))
    return sec


def order(
    sec: Security,
    qty: float,
    type_: OrderType = OrderType.MARKET,
    limit: float = 0.0,
    t: datetime = T,
) -> Order:
    return Order(1, sec.symbol, type_, qty, t, limit_price=limit)


def fee(model, sec, o) -> float:
    return model.get_order_fee(OrderFeeParameters(sec, o)).value.amount


@pytest.mark.parametrize(
    ("qty", "price", "expected"),
    [
        (100, 100.0, 1.0),  # 0.50 raised to the $1 minimum
        (688, 144.77, 3.44),  # 0.005/share
        (1, 0.5, 1.0),  # minimum wins over the 0.5% cap
        (10000, 0.5, 25.0),  # 50 per-share capped at 0.5% of 5,000
        (-400, 10.0, 2.0),
    ],
)
def test_ib_equity_fee(qty: float, price: float, expected: float) -> None:
    sec = equity(price)
    assert fee(InteractiveBrokersFeeModel(), sec, order(sec, qty)) == pytest.approx(expected)


def test_ib_limit_order_value_uses_the_better_of_limit_and_price() -> None:
    sec = equity(1.0)
    o = order(sec, 10000, OrderType.LIMIT, limit=0.5)  # value 5,000 at the limit -> cap 25
    assert fee(InteractiveBrokersFeeModel(), sec, o) == pytest.approx(25.0)


def test_ib_forex_fee_has_a_two_dollar_minimum() -> None:
    sec = Security(Symbol("EURUSD", SecurityType.FOREX, "oanda"))
    sec.update(
        QuoteBar(
            datetime(2014, 5, 5), sec.symbol, Bar(1.3, 1.3, 1.3, 1.3), 1, Bar(1.3, 1.3, 1.3, 1.3), 1
        )
    )
    assert fee(InteractiveBrokersFeeModel(), sec, order(sec, 10000)) == 2.0
    assert fee(InteractiveBrokersFeeModel(), sec, order(sec, 1_000_000)) == pytest.approx(
        1_300_000 * 0.00002
    )


def test_constant_and_oanda() -> None:
    sec = equity(10)
    assert fee(ConstantFeeModel(2.5), sec, order(sec, 1)) == 2.5
    assert fee(OandaFeeModel(), sec, order(sec, 1)) == 0


def crypto(market: str = "coinbase", bid: float = 100.0, ask: float = 101.0) -> Security:
    sec = Security(Symbol("BTCUSD", SecurityType.CRYPTO, market), AlwaysOpenHours())
    sec.update(
        QuoteBar(
            datetime(2019, 1, 1), sec.symbol, Bar(bid, bid, bid, bid), 1, Bar(ask, ask, ask, ask), 1
        )
    )
    return sec


def test_coinbase_taker_fee_by_date_and_maker_limit() -> None:
    sec = crypto()
    assert fee(
        CoinbaseFeeModel(), sec, order(sec, 2, t=datetime(2018, 1, 1, tzinfo=UTC))
    ) == pytest.approx(2 * 101 * 0.003)
    assert fee(
        CoinbaseFeeModel(), sec, order(sec, 2, t=datetime(2019, 5, 1, tzinfo=UTC))
    ) == pytest.approx(2 * 101 * 0.0025)
    assert fee(
        CoinbaseFeeModel(), sec, order(sec, -2, t=datetime(2020, 1, 1, tzinfo=UTC))
    ) == pytest.approx(2 * 100 * 0.008)
    maker = order(sec, 2, OrderType.LIMIT, limit=99.0, t=datetime(2020, 1, 1, tzinfo=UTC))
    assert fee(CoinbaseFeeModel(), sec, maker) == pytest.approx(2 * 101 * 0.006)
    assert CoinbaseFeeModel().get_order_fee(OrderFeeParameters(sec, maker)).value.currency == "USD"


def test_binance_buys_pay_in_base_currency_sells_in_quote() -> None:
    sec = crypto("binance")
    buy = BinanceFeeModel().get_order_fee(OrderFeeParameters(sec, order(sec, 2)))
    assert isinstance(buy, ModifiedFillQuantityOrderFee)
    assert buy.value.currency == "BTC" and buy.value.amount == pytest.approx(0.002)
    sell = BinanceFeeModel().get_order_fee(OrderFeeParameters(sec, order(sec, -2)))
    assert sell.value.currency == "USD" and sell.value.amount == pytest.approx(2 * 100 * 0.001)


def test_user_fee_models_in_both_spellings() -> None:
    class Snake(FeeModel):
        def get_order_fee(self, parameters):
            return OrderFee(CashAmount(0.01 * abs(parameters.order.quantity), "USD"))

    class Pascal(FeeModel):
        def GetOrderFee(self, parameters):  # noqa: N802
            return OrderFee(CashAmount(7.0, "USD"))

    sec = equity(10)
    assert compute_fee(Snake(), sec, order(sec, 300)).value.amount == 3.0
    assert compute_fee(Pascal(), sec, order(sec, 300)).value.amount == 7.0
