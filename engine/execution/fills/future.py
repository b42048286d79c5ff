"""``FutureFillModel`` (LEAN's Common/Orders/Fills/FutureFillModel.cs): the default fill model of
futures. Market orders fill whenever the exchange is open, extended hours included; stop market
orders fill during the hours the security's subscriptions cover (extended when subscribed so).
Everything else is ``FillModel``'s."""

from __future__ import annotations

from typing import Any

from engine.execution.fills.base import (
    fill_at,
    new_fill_event,
)
from engine.execution.fills.immediate import FillModel
from engine.execution.slippage import slippage_for
from engine.model.enums import OrderDirection
from engine.model.orders import Order, OrderEvent


class FutureFillModel(FillModel):
    _market_fills_in_extended_hours = True

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

    StopMarketFill = stop_market_fill
