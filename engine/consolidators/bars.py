"""Bar consolidators: TradeBar, QuoteBar, Tick (trade ticks -> TradeBar, quote ticks -> QuoteBar),
BaseData (values -> TradeBar). The market-hours-aware one is in ``market_hour_aware``.

Constructors take LEAN's forms: ``TradeBarConsolidator(timedelta(minutes=5))``, ``(10)`` (bar count),
``(10, timedelta(minutes=5))`` (whichever first) or ``(Calendar.weekly)``; time-span consolidators
take ``start_time=timedelta(hours=9, minutes=30)`` to anchor their bars (TradeBarConsolidator.cs).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.consolidators.base import PeriodCountConsolidatorBase, is_trade_tick
from engine.model.data import Bar, BaseData, QuoteBar, Tick, TradeBar


def _args(args: tuple, start_time: timedelta | None = None) -> tuple[Any, int | None, Any]:
    if len(args) == 2 and isinstance(args[0], timedelta) and isinstance(args[1], timedelta):
        return args[0], None, args[1]  # (period, start_time)
    period, count = _period_count(args)
    return period, count, start_time


def _period_count(args: tuple) -> tuple[Any, int | None]:
    if len(args) == 2:
        a, b = args
        if isinstance(a, int) and isinstance(b, timedelta):
            return b, a
        return a, int(b)
    if len(args) == 1:
        return args[0], None
    raise TypeError(
        "consolidator expects a period (timedelta), a bar count (int) or a calendar function"
    )


class TradeBarConsolidator(PeriodCountConsolidatorBase):
    input_type = TradeBar
    output_type = TradeBar

    def __init__(self, *args: Any, start_time: timedelta | None = None) -> None:
        super().__init__(*_args(args, start_time))

    def _aggregate(self, working: TradeBar | None, data: Any) -> TradeBar:
        if working is None:
            return TradeBar(
                self._rounded_bar(data),
                data.symbol,
                data.open,
                data.high,
                data.low,
                data.close,
                data.volume,
                self._new_bar_period(data),
            )
        working.close = working.value = data.close
        working.volume += data.volume
        if data.low < working.low:
            working.low = data.low
        if data.high > working.high:
            working.high = data.high
        return working


def _copy_side(side: Bar | None) -> Bar | None:
    return None if side is None else Bar(side.open, side.high, side.low, side.close)


def _merge_side(working: Bar | None, side: Bar | None) -> Bar | None:
    if side is None:
        return working
    if working is None:
        return _copy_side(side)
    working.close = side.close
    if side.high > working.high:
        working.high = side.high
    if side.low < working.low:
        working.low = side.low
    return working


class QuoteBarConsolidator(PeriodCountConsolidatorBase):
    input_type = QuoteBar
    output_type = QuoteBar

    def __init__(self, *args: Any, start_time: timedelta | None = None) -> None:
        super().__init__(*_args(args, start_time))

    def _aggregate(self, working: QuoteBar | None, data: QuoteBar) -> QuoteBar:
        if working is None:
            return QuoteBar(
                self._rounded_bar(data),
                data.symbol,
                _copy_side(data.bid),
                data.last_bid_size,
                _copy_side(data.ask),
                data.last_ask_size,
                self._new_bar_period(data),
            )
        working.bid = _merge_side(working.bid, data.bid)
        working.ask = _merge_side(working.ask, data.ask)
        if data.bid is not None:
            working.last_bid_size = data.last_bid_size
        if data.ask is not None:
            working.last_ask_size = data.last_ask_size
        working.value = working.close
        return working


class TickConsolidator(PeriodCountConsolidatorBase):
    """Trade ticks -> TradeBar (volume = sum of quantities); quote and suspicious ticks are skipped."""

    input_type = Tick
    output_type = TradeBar

    def __init__(self, *args: Any, start_time: timedelta | None = None) -> None:
        super().__init__(*_args(args, start_time))

    def accepts(self, data: Any) -> bool:
        return is_trade_tick(data)

    def _should_process(self, data: Any) -> bool:
        return is_trade_tick(data)

    def _aggregate(self, working: TradeBar | None, data: Tick) -> TradeBar:
        price = data.value
        if working is None:
            period = self._period if self._period is not None else timedelta(0)
            return TradeBar(
                self._rounded_bar(data),
                data.symbol,
                price,
                price,
                price,
                price,
                data.quantity,
                period,
            )
        working.close = working.value = price
        working.volume += data.quantity
        if price > working.high:
            working.high = price
        if price < working.low:
            working.low = price
        if not self.is_time_based:
            working.end_time = data.end_time
        return working


class TickQuoteBarConsolidator(PeriodCountConsolidatorBase):
    """Quote ticks -> QuoteBar (bid/ask OHLC and last sizes)."""

    input_type = Tick
    output_type = QuoteBar

    def __init__(self, *args: Any, start_time: timedelta | None = None) -> None:
        super().__init__(*_args(args, start_time))

    def accepts(self, data: Any) -> bool:
        return isinstance(data, Tick) and int(data.tick_type) == 1 and not data.suspicious

    _should_process = accepts

    def _aggregate(self, working: QuoteBar | None, data: Tick) -> QuoteBar:
        bid = (
            Bar(data.bid_price, data.bid_price, data.bid_price, data.bid_price)
            if data.bid_price
            else None
        )
        ask = (
            Bar(data.ask_price, data.ask_price, data.ask_price, data.ask_price)
            if data.ask_price
            else None
        )
        if working is None:
            period = self._period if self._period is not None else timedelta(0)
            return QuoteBar(
                self._rounded_bar(data), data.symbol, bid, data.bid_size, ask, data.ask_size, period
            )
        working.bid = _merge_side(working.bid, bid)
        working.ask = _merge_side(working.ask, ask)
        if bid is not None:
            working.last_bid_size = data.bid_size
        if ask is not None:
            working.last_ask_size = data.ask_size
        working.value = working.close
        return working


class BaseDataConsolidator(PeriodCountConsolidatorBase):
    """Any data's ``value`` -> TradeBar (volume from ``volume``/``quantity`` when present)."""

    input_type = BaseData
    output_type = TradeBar

    def __init__(self, *args: Any, start_time: timedelta | None = None) -> None:
        super().__init__(*_args(args, start_time))

    def _aggregate(self, working: TradeBar | None, data: Any) -> TradeBar:
        value = data.value
        volume = float(getattr(data, "volume", getattr(data, "quantity", 0.0)) or 0.0)
        if working is None:
            return TradeBar(
                self._rounded_bar(data),
                data.symbol,
                value,
                value,
                value,
                value,
                volume,
                self._new_bar_period(data),
            )
        working.close = working.value = value
        working.volume += volume
        working.high = max(working.high, value)
        working.low = min(working.low, value)
        return working
