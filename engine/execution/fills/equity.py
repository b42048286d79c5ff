"""``EquityFillModel`` (LEAN's EquityFillModel): best-effort bid/ask market fills, TradeBar-based
limit/stop fills with open-gap rules, official open/close auctions for MOO/MOC."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.execution.fills.base import (
    EARLIEST,
    Prices,
    after_order,
    fill_at,
    is_exchange_open,
    may_fill,
    new_fill_event,
    order_local_time,
    stale_message,
    with_slippage,
)
from engine.execution.fills.immediate import FillModel
from engine.execution.slippage import slippage_for
from engine.model.data import QuoteBar, Tick, TradeBar
from engine.model.enums import OrderDirection, OrderStatus, TickType
from engine.model.orders import Order, OrderEvent
from engine.model.security import market_open_local, next_market_close


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
            return best[0], best[1], stale_message(asset, best[1])
        raise ValueError(
            f"Cannot get {side} price to perform fill for {asset.symbol.value} because no market data was found."
        )

    def _resting_trade_prices(self, asset: Any, order: Order, extended: bool) -> Prices | None:
        """``_trade_prices`` for a limit/stop order, or None when it cannot fill now: canceled,
        exchange closed, or no trade data newer than the order."""
        if not may_fill(asset, order, extended):
            return None
        return after_order(asset, order, self._trade_prices(asset))

    def _auction_fill(self, asset: Any, order: Order, fill: OrderEvent, price: float) -> OrderEvent:
        """Fill a MOO/MOC order at the auction ``price``, or at the best-effort quote when there is none."""
        message = ""
        if not price:
            price, _, message = self._best_effort(
                asset, order, "ask" if order.direction == OrderDirection.BUY else "bid"
            )
        fill_at(fill, order, with_slippage(asset, order, price), message)
        return fill

    # ------------------------------------------------------------------ order types
    def market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if not may_fill(asset, order, False):
            return fill
        side = "ask" if order.direction == OrderDirection.BUY else "bid"
        price, end, message = self._best_effort(asset, order, side)
        if message:
            wait, message = self._wait_for_fresh_data(asset, order_local_time(asset, order), end)
            if wait:
                return fill
        fill_at(fill, order, with_slippage(asset, order, price), message)
        return fill

    def limit_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        tp = self._resting_trade_prices(asset, order, asset.is_extended_market_hours)
        if tp is None:
            return fill
        lp = order.limit_price
        if order.direction == OrderDirection.BUY:
            if tp.low < lp:
                fill_at(fill, order, tp.open if 0 < tp.open < lp else lp)
        elif order.direction == OrderDirection.SELL:
            if tp.high > lp:
                fill_at(fill, order, tp.open if tp.open > lp else lp)
        return fill

    def stop_market_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        tp = self._resting_trade_prices(asset, order, False)
        if tp is None:
            return fill
        slip = slippage_for(asset, order)
        sp = order.stop_price
        if order.direction == OrderDirection.SELL:
            if tp.low <= sp:
                fill_at(fill, order, (tp.open if 0 < tp.open <= sp else sp) - slip)
        elif order.direction == OrderDirection.BUY:
            if tp.high >= sp:
                fill_at(fill, order, (tp.open if tp.open >= sp else sp) + slip)
        return fill

    def limit_if_touched_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        tp = self._resting_trade_prices(asset, order, asset.is_extended_market_hours)
        if tp is None:
            return fill
        if order.direction == OrderDirection.BUY:
            if tp.low <= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                ask, _, message = self._best_effort(asset, order, "ask")
                if ask <= order.limit_price:
                    fill_at(fill, order, min(ask, order.limit_price), message)
        elif order.direction == OrderDirection.SELL:
            if tp.high >= order.trigger_price or order.trigger_touched:
                self._set_triggered(order, "trigger_touched")
                bid, _, message = self._best_effort(asset, order, "bid")
                if bid >= order.limit_price:
                    fill_at(fill, order, max(bid, order.limit_price), message)
        return fill

    def market_on_open_fill(self, asset: Any, order: Order) -> OrderEvent:
        fill = new_fill_event(order, self._utc_now(asset))
        if order.status == OrderStatus.CANCELED:
            return fill
        order_local = order_local_time(asset, order)
        hours = asset.exchange_hours
        types = self._subscribed_types(asset)
        end_time = EARLIEST
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
        return self._auction_fill(asset, order, fill, price)

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
        return self._auction_fill(asset, order, fill, price)

    MarketFill = market_fill
    LimitFill = limit_fill
    StopMarketFill = stop_market_fill
    LimitIfTouchedFill = limit_if_touched_fill
    MarketOnOpenFill = market_on_open_fill
    MarketOnCloseFill = market_on_close_fill
