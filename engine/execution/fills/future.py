"""``FutureFillModel`` (LEAN's Common/Orders/Fills/FutureFillModel.cs): the default fill model of
futures. Market orders fill whenever the exchange is open, extended hours included; stop market
orders fill during the hours the security's subscriptions cover (extended when subscribed so).
Everything else is ``FillModel``'s."""

from __future__ import annotations

from typing import Any

from engine.execution.fills.base import (
    fill_at,
    may_fill,
    new_fill_event,
    order_local_time,
    with_slippage,
)
from engine.execution.fills.immediate import FillModel
from engine.execution.slippage import slippage_for
from engine.model.enums import OrderDirection
from engine.model.orders import Order, OrderEvent


class FutureFillModel(FillModel):
    def market_fill(self, asset: Any, order: Order) -> OrderEvent:
        # the base rules with the exchange's extended hours counted as open
        if not may_fill(asset, order, True):
            return new_fill_event(order, self._utc_now(asset))
        return self._market_fill_open(asset, order)

    def _market_fill_open(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
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

    def stop_market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        prices = self._resting_prices(asset, order, bool(asset.is_extended_market_hours))
        if prices is None:
            return fill
        slip = slippage_for(asset, order)
        stop = order.stop_price
        if order.direction == OrderDirection.SELL and prices.low < stop:
            fill_at(fill, order, min(stop, prices.current - slip))
        elif order.direction == OrderDirection.BUY and prices.high > stop:
            fill_at(fill, order, max(stop, prices.current + slip))
        return fill

    MarketFill = market_fill
    StopMarketFill = stop_market_fill
