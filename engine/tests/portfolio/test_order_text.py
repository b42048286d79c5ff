"""``str(order)`` is LEAN's ``Order.ToString()`` text (Common/Messages/Messages.Orders.cs)."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.model.enums import OrderStatus, OrderType, SecurityType
from engine.model.orders import Order
from engine.model.symbol import Symbol

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
T = datetime(2013, 10, 7, 14, 0, tzinfo=UTC)


def test_market_order_text():
    order = Order(1, SPY, OrderType.MARKET, 10, T, status=OrderStatus.FILLED)
    assert str(order) == "OrderId: 1 (BrokerId: ) Filled Market order for 10 units of SPY"
    one = Order(2, SPY, OrderType.MARKET_ON_CLOSE, 1, T, tag="close it")
    assert (
        one.to_string()
        == "OrderId: 2 (BrokerId: ) New MarketOnClose order for 1 unit of SPY: close it"
    )


def test_priced_orders_add_their_prices():
    limit = Order(3, SPY, OrderType.LIMIT, -5, T, status=OrderStatus.SUBMITTED, limit_price=145.5)
    assert str(limit).endswith("Submitted Limit order for -5 units of SPY at limit $145.5")
    stop_limit = Order(
        4, SPY, OrderType.STOP_LIMIT, 2, T, limit_price=146.123456789, stop_price=1234.56789
    )
    assert str(stop_limit).endswith(
        " StopLimit order for 2 units of SPY at stop $1234.5679 limit $146.1235"
    )
    touched = Order(5, SPY, OrderType.LIMIT_IF_TOUCHED, 2, T, limit_price=1, trigger_price=2)
    assert str(touched).endswith("at trigger $2 limit $1")
    trailing = Order(
        6,
        SPY,
        OrderType.TRAILING_STOP,
        -2,
        T,
        stop_price=140,
        trailing_amount=0.05,
        trailing_as_percentage=True,
        broker_id=["a", "b"],
    )
    assert str(trailing) == (
        "OrderId: 6 (BrokerId: a,b) New TrailingStop order for -2 units of SPY "
        "at stop $140. Trailing amount: 5%"
    )
