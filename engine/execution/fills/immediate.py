"""``FillModel`` (LEAN's ImmediateFillModel; forex, crypto, CFD, index, options): the rules of
LEAN's Common/Orders/Fills/FillModel.cs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from engine.execution.compat import user_method
from engine.execution.fills.base import (
    EARLIEST,
    RESOLUTION_PERIOD,
    Fill,
    FillModelParameters,
    Prices,
    after_order,
    fill_at,
    is_exchange_open,
    may_fill,
    new_fill_event,
    order_local_time,
    stale_message,
    try_update_trailing_stop,
    with_slippage,
)
from engine.execution.slippage import slippage_for
from engine.model.combo import order_leg_ratio
from engine.model.data import QuoteBar, Tick, TradeBar
from engine.model.enums import OrderDirection, OrderStatus, OrderType, Resolution, SecurityType
from engine.model.orders import Order, OrderEvent
from engine.model.security import as_tz, next_market_close


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
        if order.type in _COMBO_TYPES:
            # LEAN's FillModel.Fill: a combo fill model gets the order and the parameters (with
            # every leg's order and security) and returns one event per leg
            return Fill(user_method(self, snake, pascal, FillModel)(order, parameters))
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
        end = last.end_time if last is not None else EARLIEST
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
        """(wait, message) for a market order whose best price ends at ``data_end`` (Common/Orders/Fills/FillModel.cs)."""
        if data_end >= order_local - self._stale_span:
            return False, ""
        p = self.parameters
        if p is not None:
            if p.all_subscriptions_hour_or_daily:
                return True, ""
            if p.finest_resolution is not None and p.finest_resolution != Resolution.TICK:
                if order_local - data_end > RESOLUTION_PERIOD[p.finest_resolution]:
                    return True, ""
        return False, stale_message(asset, data_end)

    def _utc_now(self, asset: Any) -> datetime:
        return asset.time_keeper.utc_time

    def _resting_prices(self, asset: Any, order: Order, extended: bool) -> Prices | None:
        """``get_prices`` for a limit/stop order, or None when it cannot fill now: canceled, exchange
        closed, or no data newer than the order."""
        if not may_fill(asset, order, extended):
            return None
        return after_order(asset, order, self._prices(asset, order.direction))

    def _set_triggered(self, order: Order, attr: str) -> None:
        if not getattr(order, attr):
            setattr(order, attr, True)
            self._order_updated(order)

    def _order_updated(self, order: Order) -> None:
        """Tell the transaction handler that the fill model changed ``order`` (trigger, trailing stop)."""
        if self.parameters is not None and self.parameters.on_order_updated is not None:
            self.parameters.on_order_updated(order)

    # ------------------------------------------------------------------ order types
    # whether a market order fills while the exchange is open in its extended hours (futures'
    # fill model: LEAN's FutureFillModel) or only in regular hours
    _market_fills_in_extended_hours = False

    def market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if not may_fill(asset, order, self._market_fills_in_extended_hours):
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
        fill_at(fill, order, with_slippage(asset, order, price), message)
        return fill

    def limit_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        prices = self._resting_prices(asset, order, asset.is_extended_market_hours)
        if prices is None:
            return fill
        lp = order.limit_price
        if order.direction == OrderDirection.BUY:
            if prices.low < lp:
                fill_at(fill, order, min(prices.high, lp))
        elif order.direction == OrderDirection.SELL:
            if prices.high > lp:
                fill_at(fill, order, max(prices.low, lp))
        return fill

    def stop_market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        prices = self._resting_prices(asset, order, False)
        if prices is None:
            return fill
        slip = slippage_for(asset, order)
        sp = order.stop_price
        if order.direction == OrderDirection.SELL:
            if prices.low < sp:
                fill_at(fill, order, min(sp, prices.current - slip))
        elif order.direction == OrderDirection.BUY:
            if prices.high > sp:
                fill_at(fill, order, max(sp, prices.current + slip))
        return fill

    def stop_limit_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        prices = self._resting_prices(asset, order, asset.is_extended_market_hours)
        if prices is None:
            return fill
        if order.direction == OrderDirection.BUY:
            if prices.high > order.stop_price or order.stop_triggered:
                self._set_triggered(order, "stop_triggered")
                if prices.current < order.limit_price:
                    fill_at(fill, order, min(prices.high, order.limit_price))
        elif order.direction == OrderDirection.SELL:
            if prices.low < order.stop_price or order.stop_triggered:
                self._set_triggered(order, "stop_triggered")
                if prices.current > order.limit_price:
                    fill_at(fill, order, max(prices.low, order.limit_price))
        return fill

    def trailing_stop_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        prices = self._resting_prices(asset, order, False)
        if prices is None:
            return fill
        slip = slippage_for(asset, order)
        sp = order.stop_price
        if order.direction == OrderDirection.SELL:
            if prices.low <= sp:
                fill_at(fill, order, min(sp, prices.current - slip))
        elif order.direction == OrderDirection.BUY:
            if prices.high >= sp:
                fill_at(fill, order, max(sp, prices.current + slip))
        if fill.status != OrderStatus.FILLED:
            market = prices.high if order.direction == OrderDirection.SELL else prices.low
            updated = try_update_trailing_stop(
                market, sp, order.trailing_amount, order.trailing_as_percentage, order.direction
            )
            if updated is not None:
                order.stop_price = updated
                self._order_updated(order)
        return fill

    def limit_if_touched_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        prices = self._resting_prices(asset, order, asset.is_extended_market_hours)
        if prices is None:
            return fill
        if order.direction == OrderDirection.BUY:
            if prices.low <= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                if prices.current < order.limit_price:
                    fill_at(fill, order, order.limit_price)
        elif order.direction == OrderDirection.SELL:
            if prices.high >= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                if prices.current > order.limit_price:
                    fill_at(fill, order, order.limit_price)
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
        fill_at(
            fill, order, price + slip if order.direction == OrderDirection.BUY else price - slip
        )
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
        fill_at(
            fill, order, price + slip if order.direction == OrderDirection.BUY else price - slip
        )
        return fill

    # PascalCase aliases (users may call super().MarketFill(...))
    # ------------------------------------------------------------------ combo orders
    def combo_market_fill(self, order: Order, parameters: FillModelParameters) -> list[OrderEvent]:
        """Every leg at its market price, or no fill at all (LEAN's ComboMarketFill)."""
        fills = []
        for kvp in parameters.securities_for_orders:
            fill = FillModel.market_fill(self, kvp.value, kvp.key)
            if fill.status != OrderStatus.FILLED:
                return []
            fills.append(fill)
        return fills

    def combo_limit_fill(self, order: Order, parameters: FillModelParameters) -> list[OrderEvent]:
        """All legs fill when the combo's price (each leg's low for a buy combo, high for a sell,
        times its ratio, per 100 shares for equities) is better than the combo limit price; each leg
        at that low or high (LEAN's ComboLimitFill)."""
        manager = order.group_order_manager
        legs = []
        for kvp in parameters.securities_for_orders:
            target, security = kvp.key, kvp.value
            prices = self._prices(security, target.direction)
            if _to_utc(security, prices.end_time) < target.time:
                return []  # no fill on data older than the order
            legs.append((target, security, prices))
        buy = manager.direction == OrderDirection.BUY
        current = 0.0
        for target, security, prices in legs:
            ratio = order_leg_ratio(target.quantity, manager)
            if security.symbol.security_type == SecurityType.EQUITY:
                ratio /= 100
            current += (prices.low if buy else prices.high) * ratio
        limit = manager.limit_price
        if (buy and not current < limit) or (not buy and not current > limit):
            return []
        fills = []
        for target, security, prices in legs:
            fill = new_fill_event(target, self._utc_now(security))
            fill_at(fill, target, prices.low if buy else prices.high)
            fills.append(fill)
        return fills

    def combo_leg_limit_fill(
        self, order: Order, parameters: FillModelParameters
    ) -> list[OrderEvent]:
        """Every leg at its own limit price, or no fill at all (LEAN's ComboLegLimitFill)."""
        fills = []
        for kvp in parameters.securities_for_orders:
            fill = FillModel.limit_fill(self, kvp.value, kvp.key)
            if fill.status != OrderStatus.FILLED:
                return []
            fills.append(fill)
        return fills

    MarketFill = market_fill
    LimitFill = limit_fill
    ComboMarketFill = combo_market_fill
    ComboLimitFill = combo_limit_fill
    ComboLegLimitFill = combo_leg_limit_fill
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
    OrderType.COMBO_MARKET: ("combo_market_fill", "ComboMarketFill"),
    OrderType.COMBO_LIMIT: ("combo_limit_fill", "ComboLimitFill"),
    OrderType.COMBO_LEG_LIMIT: ("combo_leg_limit_fill", "ComboLegLimitFill"),
}
_COMBO_TYPES = (OrderType.COMBO_MARKET, OrderType.COMBO_LIMIT, OrderType.COMBO_LEG_LIMIT)


def _to_utc(security: Any, local: datetime) -> datetime:
    return local.replace(tzinfo=as_tz(security.time_zone)).astimezone(UTC)
