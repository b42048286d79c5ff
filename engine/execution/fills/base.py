"""What every fill model shares: ``FillModelParameters``, ``Fill``, ``Prices``, the no-fill event, the
exchange-open and stale-price checks, the trailing-stop arithmetic and ``run_fill_model``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.execution.compat import user_method
from engine.execution.slippage import slippage_for
from engine.model.data import Bar, TradeBar
from engine.model.enums import OrderDirection, OrderStatus, Resolution
from engine.model.orders import Order, OrderEvent
from engine.model.security import is_open_during_bar

RESOLUTION_PERIOD = {
    Resolution.TICK: timedelta(0),
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}


@dataclass(slots=True)
class FillModelParameters:
    security: Any
    order: Order
    stale_price_time_span: timedelta = timedelta(hours=1)
    all_subscriptions_hour_or_daily: bool = (
        False  # every non-internal subscription of the algorithm is Hour/Daily
    )
    finest_resolution: Resolution | None = (
        Resolution.MINUTE
    )  # finest non-internal subscription of the algorithm
    on_order_updated: Any = None
    securities_for_orders: dict = field(default_factory=dict)

    Security = property(lambda self: self.security)
    Order = property(lambda self: self.order)
    StalePriceTimeSpan = property(lambda self: self.stale_price_time_span)


class Fill:
    """The result of ``FillModel.fill``: the order events produced (usually one)."""

    __slots__ = ("orders",)

    def __init__(self, orders: list[OrderEvent] | OrderEvent) -> None:
        self.orders = [orders] if isinstance(orders, OrderEvent) else list(orders)

    def __iter__(self):  # noqa: ANN204
        return iter(self.orders)

    Orders = property(lambda self: self.orders)


@dataclass(slots=True)
class Prices:
    end_time: datetime
    current: float
    open: float
    high: float
    low: float
    close: float

    @staticmethod
    def from_bar(end_time: datetime, bar: Bar | TradeBar) -> Prices:
        return Prices(end_time, bar.close, bar.open, bar.high, bar.low, bar.close)

    Current = property(lambda self: self.current)
    Open = property(lambda self: self.open)
    High = property(lambda self: self.high)
    Low = property(lambda self: self.low)
    Close = property(lambda self: self.close)
    EndTime = property(lambda self: self.end_time)


EARLIEST = datetime.min  # end time of "no data"


def new_fill_event(order: Order, utc_time: datetime, message: str = "") -> OrderEvent:
    """LEAN ``new OrderEvent(order, utcTime, OrderFee.Zero)``: a no-fill event carrying the order's state."""
    return OrderEvent(
        order_id=order.id,
        id=0,
        symbol=order.symbol,
        utc_time=utc_time,
        status=order.status,
        direction=order.direction,
        fill_price=0.0,
        fill_price_currency=order.price_currency,
        fill_quantity=0.0,
        message=message,
        quantity=order.quantity,
    )


def order_local_time(asset: Any, order: Order) -> datetime:
    keeper = getattr(asset, "time_keeper", None)
    if keeper is not None and order.time is keeper.utc_time:
        # an order of this step (a market order fills on it): the security's own local time,
        # the same conversion, already made for this instant
        return asset.local_time
    t = order.time if order.time.tzinfo else order.time.replace(tzinfo=UTC)
    return t.astimezone(asset.time_zone).replace(tzinfo=None)


def is_exchange_open(asset: Any, extended: bool) -> bool:
    """LEAN ``IsExchangeOpen`` (Common/Orders/Fills/FillModel.cs): open now, or still inside the
    last real bar and that bar overlapped open hours. A bar longer than an hour (daily) counts for
    its whole day; a shorter one only up to its end, so a minute bar long past (a contract that
    stopped quoting before the close) does not open the exchange after hours."""
    hours = asset.exchange_hours
    now = asset.local_time
    if hours.is_open(now, extended):
        return True
    bar = asset.get_last_data()
    if bar is None:
        return False
    if bar.end_time - bar.time > timedelta(hours=1):
        on_bar = now.date() == bar.end_time.date()
    else:
        on_bar = now <= bar.end_time
    return on_bar and is_open_during_bar(hours, bar.time, bar.end_time, extended)


def stale_message(asset: Any, end_time: datetime) -> str:
    return f"Warning: fill at stale price ({end_time:%m/%d/%Y %H:%M:%S} {asset.time_zone})"


def may_fill(asset: Any, order: Order, extended: bool) -> bool:
    """The order is not canceled and the exchange is open (``extended``: counting extended hours)."""
    return order.status != OrderStatus.CANCELED and is_exchange_open(asset, extended)


def after_order(asset: Any, order: Order, prices: Prices | None) -> Prices | None:
    """``prices`` when its data ends after the order was placed, else None (no fill on older data)."""
    if prices is None or prices.end_time <= order_local_time(asset, order):
        return None
    return prices


def with_slippage(asset: Any, order: Order, price: float) -> float:
    """``price`` moved against the order by the security's slippage model."""
    slip = slippage_for(asset, order)
    return price + slip if order.direction == OrderDirection.BUY else price - slip


def fill_at(fill: OrderEvent, order: Order, price: float, message: str = "") -> None:
    """Mark ``fill`` as the whole order filled at ``price``."""
    fill.fill_price = price
    fill.fill_quantity = order.quantity
    fill.status = OrderStatus.FILLED
    fill.message = message


def calculate_trailing_stop(
    market: float, amount: float, as_percentage: bool, direction: OrderDirection
) -> float:
    """LEAN ``TrailingStopOrder.CalculateStopPrice``."""
    if direction == OrderDirection.SELL:
        return market * (1 - amount) if as_percentage else market - amount
    return market * (1 + amount) if as_percentage else market + amount


def try_update_trailing_stop(
    market: float, stop: float, amount: float, as_percentage: bool, direction: OrderDirection
) -> float | None:
    """LEAN ``TrailingStopOrder.TryUpdateStopPrice``: the new stop, or None when it does not move."""
    distance = market - stop if direction == OrderDirection.SELL else stop - market
    reference = market * amount if as_percentage else amount
    if distance <= reference:
        return None
    return calculate_trailing_stop(market, amount, as_percentage, direction)


def run_fill_model(model: Any, parameters: FillModelParameters) -> list[OrderEvent]:
    """Call a (possibly user-written) fill model and return its events."""
    result = user_method(model, "fill", "Fill")(parameters)
    events = getattr(result, "orders", None)
    if events is None:
        events = getattr(result, "Orders", result)
    events = [result] if isinstance(result, OrderEvent) else list(events)
    for event in events:  # a user's model may set numpy numbers (np.sign(q) * 10)
        event.fill_quantity = float(event.fill_quantity)
        event.fill_price = float(event.fill_price)
    return events
