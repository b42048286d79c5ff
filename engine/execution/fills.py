"""Fill models: LEAN's ``FillModel`` (ImmediateFillModel; forex, crypto, CFD, index, options) and
``EquityFillModel`` (equities). See engine-map sections 3.3, 3.4 and 9 for the rules.

A fill model receives ``FillModelParameters`` in ``fill(parameters)`` and dispatches to
``market_fill(asset, order)``, ``limit_fill``, ``stop_market_fill``, ``stop_limit_fill``,
``trailing_stop_fill``, ``limit_if_touched_fill``, ``market_on_open_fill``, ``market_on_close_fill``.
Each returns an ``OrderEvent`` (status ``NONE``/unchanged when nothing fills). User subclasses may
override any of them (snake_case or LEAN's PascalCase names) and call ``super()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.execution.compat import user_method
from engine.execution.slippage import slippage_for
from engine.model.data import Bar, QuoteBar, Tick, TradeBar
from engine.model.enums import OrderDirection, OrderStatus, OrderType, Resolution, TickType
from engine.model.orders import Order, OrderEvent
from engine.model.security import is_open_during_bar, market_open_local, next_market_close

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


_MIN = datetime.min


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
    t = order.time if order.time.tzinfo else order.time.replace(tzinfo=UTC)
    return t.astimezone(asset.time_zone).replace(tzinfo=None)


def is_exchange_open(asset: Any, extended: bool) -> bool:
    """LEAN ``IsExchangeOpen``: open now, or the last bar (of today) overlapped open hours."""
    hours = asset.exchange_hours
    now = asset.local_time
    if hours.is_open(now, extended):
        return True
    bar = asset.get_last_data()
    if bar is None or now.date() != bar.end_time.date():
        return False
    return is_open_during_bar(hours, bar.time, bar.end_time, extended)


def _stale_message(asset: Any, end_time: datetime) -> str:
    return f"Warning: fill at stale price ({end_time:%m/%d/%Y %H:%M:%S} {asset.time_zone})"


class FillModel:
    """LEAN's base fill model (also ``ImmediateFillModel``)."""

    def __init__(self) -> None:
        self.parameters: FillModelParameters | None = None

    # ------------------------------------------------------------------ dispatch
    def fill(self, parameters: FillModelParameters) -> Fill:
        self.parameters = parameters
        asset, order = parameters.security, parameters.order
        name = _DISPATCH.get(order.type)
        if name is None:
            raise ValueError(f"Unsupported order type {order.type}")
        snake, pascal = name
        event = user_method(self, snake, pascal, FillModel)(asset, order)
        return Fill(event)

    def Fill(self, parameters: FillModelParameters) -> Fill:  # noqa: N802
        return self.fill(parameters)

    # ------------------------------------------------------------------ helpers
    @property
    def _stale_span(self) -> timedelta:
        return self.parameters.stale_price_time_span if self.parameters else timedelta(hours=1)

    def _subscribed_types(self, asset: Any) -> set[type]:
        return asset.subscribed_types

    def get_prices(self, asset: Any, direction: OrderDirection) -> Prices:
        """Tick bid/ask, else the QuoteBar's ask (buy) / bid (sell) bar, else the TradeBar."""
        c = asset.cache
        last = c.last_data
        end = last.end_time if last is not None else _MIN
        if direction == OrderDirection.HOLD:
            return Prices(end, asset.price, asset.open, asset.high, asset.low, asset.close)
        types = self._subscribed_types(asset)
        tick = c.get_data(Tick)
        if tick is not None and Tick in types:
            price = tick.bid_price if direction == OrderDirection.SELL else tick.ask_price
            if not price:
                price = tick.value
            if price:
                return Prices(tick.end_time, price, 0.0, 0.0, 0.0, 0.0)
        qb = c.last_quote_bar
        if qb is not None and QuoteBar in types:
            bar = qb.bid if direction == OrderDirection.SELL else qb.ask
            if bar is not None:
                return Prices.from_bar(qb.end_time, bar)
        tb = c.last_trade_bar
        if tb is not None and TradeBar in types:
            return Prices.from_bar(tb.end_time, tb)
        return Prices(end, asset.price, asset.open, asset.high, asset.low, asset.close)

    GetPrices = get_prices

    def _prices(self, asset: Any, direction: OrderDirection) -> Prices:
        return user_method(self, "get_prices", "GetPrices", FillModel)(asset, direction)

    def _wait_for_fresh_data(
        self, asset: Any, order_local: datetime, data_end: datetime
    ) -> tuple[bool, str]:
        """(wait, message) for a market order whose best price ends at ``data_end`` (engine-map 3.4, 9)."""
        if data_end >= order_local - self._stale_span:
            return False, ""
        p = self.parameters
        if p is not None:
            if p.all_subscriptions_hour_or_daily:
                return True, ""
            if p.finest_resolution is not None and p.finest_resolution != Resolution.TICK:
                if order_local - data_end > RESOLUTION_PERIOD[p.finest_resolution]:
                    return True, ""
        return False, _stale_message(asset, data_end)

    def _utc_now(self, asset: Any) -> datetime:
        return asset.time_keeper.utc_time

    # ------------------------------------------------------------------ order types
    def market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(asset, False):
            return fill
        prices = self._prices(asset, order.direction)
        order_local = order_local_time(asset, order)
        wait, message = self._wait_for_fresh_data(asset, order_local, prices.end_time)
        if wait:
            return fill
        price = prices.current
        p = self.parameters
        if p is not None and p.all_subscriptions_hour_or_daily and prices.open:
            last = asset.get_last_data()
            if last is not None and order_local <= last.time:
                price = prices.open
        slip = slippage_for(asset, order)
        fill.fill_price = price + slip if order.direction == OrderDirection.BUY else price - slip
        fill.fill_quantity = order.quantity
        fill.status = OrderStatus.FILLED
        fill.message = message
        return fill

    def limit_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(
            asset, asset.is_extended_market_hours
        ):
            return fill
        prices = self._prices(asset, order.direction)
        if prices.end_time <= order_local_time(asset, order):
            return fill
        lp = order.limit_price
        if order.direction == OrderDirection.BUY:
            if prices.low < lp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = min(prices.high, lp)
                fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.SELL:
            if prices.high > lp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = max(prices.low, lp)
                fill.fill_quantity = order.quantity
        return fill

    def stop_market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(asset, False):
            return fill
        prices = self._prices(asset, order.direction)
        if prices.end_time <= order_local_time(asset, order):
            return fill
        slip = slippage_for(asset, order)
        sp = order.stop_price
        if order.direction == OrderDirection.SELL:
            if prices.low < sp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = min(sp, prices.current - slip)
                fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.BUY:
            if prices.high > sp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = max(sp, prices.current + slip)
                fill.fill_quantity = order.quantity
        return fill

    def stop_limit_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(
            asset, asset.is_extended_market_hours
        ):
            return fill
        prices = self._prices(asset, order.direction)
        if prices.end_time <= order_local_time(asset, order):
            return fill
        if order.direction == OrderDirection.BUY:
            if prices.high > order.stop_price or order.stop_triggered:
                self._set_triggered(order, "stop_triggered")
                if prices.current < order.limit_price:
                    fill.status = OrderStatus.FILLED
                    fill.fill_price = min(prices.high, order.limit_price)
                    fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.SELL:
            if prices.low < order.stop_price or order.stop_triggered:
                self._set_triggered(order, "stop_triggered")
                if prices.current > order.limit_price:
                    fill.status = OrderStatus.FILLED
                    fill.fill_price = max(prices.low, order.limit_price)
                    fill.fill_quantity = order.quantity
        return fill

    def _set_triggered(self, order: Order, attr: str) -> None:
        if not getattr(order, attr):
            setattr(order, attr, True)
            if self.parameters is not None and self.parameters.on_order_updated is not None:
                self.parameters.on_order_updated(order)

    def trailing_stop_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(asset, False):
            return fill
        prices = self._prices(asset, order.direction)
        if prices.end_time <= order_local_time(asset, order):
            return fill
        slip = slippage_for(asset, order)
        sp = order.stop_price
        if order.direction == OrderDirection.SELL:
            if prices.low <= sp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = min(sp, prices.current - slip)
                fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.BUY:
            if prices.high >= sp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = max(sp, prices.current + slip)
                fill.fill_quantity = order.quantity
        if fill.status != OrderStatus.FILLED:
            market = prices.high if order.direction == OrderDirection.SELL else prices.low
            updated = try_update_trailing_stop(
                market, sp, order.trailing_amount, order.trailing_as_percentage, order.direction
            )
            if updated is not None:
                order.stop_price = updated
                if self.parameters is not None and self.parameters.on_order_updated is not None:
                    self.parameters.on_order_updated(order)
        return fill

    def limit_if_touched_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(
            asset, asset.is_extended_market_hours
        ):
            return fill
        prices = self._prices(asset, order.direction)
        if prices.end_time <= order_local_time(asset, order):
            return fill
        if order.direction == OrderDirection.BUY:
            if prices.low <= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                if prices.current < order.limit_price:
                    fill.status = OrderStatus.FILLED
                    fill.fill_price = order.limit_price
                    fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.SELL:
            if prices.high >= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                if prices.current > order.limit_price:
                    fill.status = OrderStatus.FILLED
                    fill.fill_price = order.limit_price
                    fill.fill_quantity = order.quantity
        return fill

    def market_on_open_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED:
            return fill
        bar = asset.get_last_data()
        order_local = order_local_time(asset, order)
        if bar is None or order_local >= bar.end_time:
            return fill
        if (
            asset.exchange_hours.is_open(order_local, False)
            and order_local.date() == asset.local_time.date()
        ):
            return fill
        if not is_exchange_open(asset, False):
            return fill
        slip = slippage_for(asset, order)
        price = self._prices(asset, order.direction).open
        fill.fill_price = price + slip if order.direction == OrderDirection.BUY else price - slip
        fill.fill_quantity = order.quantity
        fill.status = OrderStatus.FILLED
        return fill

    def market_on_close_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED:
            return fill
        close = next_market_close(asset.exchange_hours, order_local_time(asset, order))
        if close is None or asset.local_time < close:
            return fill
        if not is_exchange_open(asset, False):
            return fill
        slip = slippage_for(asset, order)
        price = self._prices(asset, order.direction).close
        fill.fill_price = price + slip if order.direction == OrderDirection.BUY else price - slip
        fill.fill_quantity = order.quantity
        fill.status = OrderStatus.FILLED
        return fill

    # PascalCase aliases (users may call super().MarketFill(...))
    MarketFill = market_fill
    LimitFill = limit_fill
    StopMarketFill = stop_market_fill
    StopLimitFill = stop_limit_fill
    TrailingStopFill = trailing_stop_fill
    LimitIfTouchedFill = limit_if_touched_fill
    MarketOnOpenFill = market_on_open_fill
    MarketOnCloseFill = market_on_close_fill


ImmediateFillModel = FillModel

_DISPATCH = {
    OrderType.MARKET: ("market_fill", "MarketFill"),
    OrderType.LIMIT: ("limit_fill", "LimitFill"),
    OrderType.STOP_MARKET: ("stop_market_fill", "StopMarketFill"),
    OrderType.STOP_LIMIT: ("stop_limit_fill", "StopLimitFill"),
    OrderType.TRAILING_STOP: ("trailing_stop_fill", "TrailingStopFill"),
    OrderType.LIMIT_IF_TOUCHED: ("limit_if_touched_fill", "LimitIfTouchedFill"),
    OrderType.MARKET_ON_OPEN: ("market_on_open_fill", "MarketOnOpenFill"),
    OrderType.MARKET_ON_CLOSE: ("market_on_close_fill", "MarketOnCloseFill"),
}


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


class EquityFillModel(FillModel):
    """LEAN's ``EquityFillModel``: best-effort bid/ask market fills, TradeBar-based limit/stop fills with
    open-gap rules, official open/close auctions for MOO/MOC."""

    # ------------------------------------------------------------------ data helpers
    def _trade_prices(self, asset: Any) -> Prices | None:
        """Latest TradeBar, or the trade ticks of the last slice aggregated."""
        types = self._subscribed_types(asset)
        c = asset.cache
        if Tick in types:
            trades = [t for t in c.trade_ticks if t.value > 0]
            if trades:
                prices = [t.value for t in trades]
                return Prices(
                    trades[-1].end_time, prices[-1], prices[0], max(prices), min(prices), prices[-1]
                )
            return None
        tb = c.last_trade_bar
        if tb is not None and TradeBar in types:
            return Prices.from_bar(tb.end_time, tb)
        return None

    def _best_effort(self, asset: Any, order: Order, side: str) -> tuple[float, datetime, str]:
        """LEAN ``GetBestEffortAskPrice/BidPrice``: (price, data end time, message)."""
        cutoff = order_local_time(asset, order) - self._stale_span
        types = self._subscribed_types(asset)
        c = asset.cache
        best: tuple[float, datetime] | None = None
        is_ask = side == "ask"
        if Tick in types:
            attr = "ask_price" if is_ask else "bid_price"
            quote = next((t for t in reversed(c.quote_ticks) if getattr(t, attr) > 0), None)
            if quote is not None:
                if quote.end_time >= cutoff:
                    return getattr(quote, attr), quote.end_time, ""
                best = (getattr(quote, attr), quote.end_time)
        if QuoteBar in types:
            qb = c.last_quote_bar
            if qb is not None and (best is None or qb.end_time > best[1]):
                side_bar = qb.ask if is_ask else qb.bid
                price = side_bar.close if side_bar is not None else qb.close
                if qb.end_time >= cutoff:
                    return price, qb.end_time, ""
                best = (price, qb.end_time)
        if Tick in types:
            trade = next((t for t in reversed(c.trade_ticks) if t.value > 0), None)
            if trade is not None and (best is None or trade.end_time > best[1]):
                if trade.end_time >= cutoff:
                    return trade.value, trade.end_time, ""
                best = (trade.value, trade.end_time)
        if TradeBar in types:
            tb = c.last_trade_bar
            if tb is not None and (best is None or tb.end_time > best[1]):
                if tb.end_time >= cutoff:
                    return tb.close, tb.end_time, ""
                best = (tb.close, tb.end_time)
        if best is not None:
            return best[0], best[1], _stale_message(asset, best[1])
        raise ValueError(
            f"Cannot get {side} price to perform fill for {asset.symbol.value} because no market data was found."
        )

    # ------------------------------------------------------------------ order types
    def market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(asset, False):
            return fill
        side = "ask" if order.direction == OrderDirection.BUY else "bid"
        price, end, message = self._best_effort(asset, order, side)
        if message:
            wait, message = self._wait_for_fresh_data(asset, order_local_time(asset, order), end)
            if wait:
                return fill
        slip = slippage_for(asset, order)
        fill.fill_price = price + slip if order.direction == OrderDirection.BUY else price - slip
        fill.fill_quantity = order.quantity
        fill.status = OrderStatus.FILLED
        fill.message = message
        return fill

    def limit_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(
            asset, asset.is_extended_market_hours
        ):
            return fill
        tp = self._trade_prices(asset)
        if tp is None or tp.end_time <= order_local_time(asset, order):
            return fill
        lp = order.limit_price
        if order.direction == OrderDirection.BUY:
            if tp.low < lp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = tp.open if 0 < tp.open < lp else lp
                fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.SELL:
            if tp.high > lp:
                fill.status = OrderStatus.FILLED
                fill.fill_price = tp.open if tp.open > lp else lp
                fill.fill_quantity = order.quantity
        return fill

    def stop_market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(asset, False):
            return fill
        tp = self._trade_prices(asset)
        if tp is None or tp.end_time <= order_local_time(asset, order):
            return fill
        slip = slippage_for(asset, order)
        sp = order.stop_price
        if order.direction == OrderDirection.SELL:
            if tp.low <= sp:
                fill.status = OrderStatus.FILLED
                base = tp.open if 0 < tp.open <= sp else sp
                fill.fill_price = base - slip
                fill.fill_quantity = order.quantity
        elif order.direction == OrderDirection.BUY:
            if tp.high >= sp:
                fill.status = OrderStatus.FILLED
                base = tp.open if tp.open >= sp else sp
                fill.fill_price = base + slip
                fill.fill_quantity = order.quantity
        return fill

    def limit_if_touched_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED or not is_exchange_open(
            asset, asset.is_extended_market_hours
        ):
            return fill
        tp = self._trade_prices(asset)
        if tp is None or tp.end_time <= order_local_time(asset, order):
            return fill
        if order.direction == OrderDirection.BUY:
            if tp.low <= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                ask, _, message = self._best_effort(asset, order, "ask")
                if ask <= order.limit_price:
                    fill.status = OrderStatus.FILLED
                    fill.fill_price = min(ask, order.limit_price)
                    fill.fill_quantity = order.quantity
                    fill.message = message
        elif order.direction == OrderDirection.SELL:
            if tp.high >= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                bid, _, message = self._best_effort(asset, order, "bid")
                if bid >= order.limit_price:
                    fill.status = OrderStatus.FILLED
                    fill.fill_price = max(bid, order.limit_price)
                    fill.fill_quantity = order.quantity
                    fill.message = message
        return fill

    def market_on_open_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED:
            return fill
        order_local = order_local_time(asset, order)
        hours = asset.exchange_hours
        types = self._subscribed_types(asset)
        end_time = _MIN
        price = 0.0
        c = asset.cache
        if Tick in types:
            trades = sorted(
                (t for t in c.trade_ticks if t.value > 0 and hours.is_open(t.time, False)),
                key=lambda t: t.end_time,
            )
            tick = trades[-1] if trades else (c.get_all_ticks()[-1] if c.get_all_ticks() else None)
            if tick is not None:
                mo = market_open_local(hours, asset.local_time.date())
                if mo is not None and tick.end_time - mo < timedelta(minutes=1):
                    return fill
                end_time = tick.end_time
                if tick.tick_type == TickType.TRADE:
                    price = tick.value
        elif TradeBar in types:
            tb = c.last_trade_bar
            if tb is not None:
                if tb.time < order_local:
                    return fill
                if tb.end_time - tb.time < timedelta(hours=1) and not hours.is_open(tb.time, False):
                    return fill
                end_time = tb.end_time
                price = tb.open
        if order_local >= end_time:
            return fill
        if hours.is_open(order_local, False) and order_local.date() == end_time.date():
            return fill
        if not is_exchange_open(asset, False):
            return fill
        message = ""
        if not price:
            price, _, message = self._best_effort(
                asset, order, "ask" if order.direction == OrderDirection.BUY else "bid"
            )
        slip = slippage_for(asset, order)
        fill.fill_price = price + slip if order.direction == OrderDirection.BUY else price - slip
        fill.fill_quantity = order.quantity
        fill.status = OrderStatus.FILLED
        fill.message = message
        return fill

    def market_on_close_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED:
            return fill
        close = next_market_close(asset.exchange_hours, order_local_time(asset, order))
        if close is None or asset.local_time < close:
            return fill
        types = self._subscribed_types(asset)
        price = 0.0
        c = asset.cache
        if Tick in types:
            trades = sorted((t for t in c.trade_ticks if t.value > 0), key=lambda t: t.end_time)
            tick = trades[-1] if trades else None
            if tick is not None:
                price = tick.value
        elif not is_exchange_open(asset, False):
            return fill
        elif TradeBar in types and c.last_trade_bar is not None:
            price = c.last_trade_bar.close
        message = ""
        if not price:
            price, _, message = self._best_effort(
                asset, order, "ask" if order.direction == OrderDirection.BUY else "bid"
            )
        slip = slippage_for(asset, order)
        fill.fill_price = price + slip if order.direction == OrderDirection.BUY else price - slip
        fill.fill_quantity = order.quantity
        fill.status = OrderStatus.FILLED
        fill.message = message
        return fill

    MarketFill = market_fill
    LimitFill = limit_fill
    StopMarketFill = stop_market_fill
    LimitIfTouchedFill = limit_if_touched_fill
    MarketOnOpenFill = market_on_open_fill
    MarketOnCloseFill = market_on_close_fill


def run_fill_model(model: Any, parameters: FillModelParameters) -> list[OrderEvent]:
    """Call a (possibly user-written) fill model and return its events."""
    result = user_method(model, "fill", "Fill")(parameters)
    if isinstance(result, OrderEvent):
        return [result]
    events = getattr(result, "orders", None)
    if events is None:
        events = getattr(result, "Orders", result)
    return list(events)
