"""``Field``: the value selectors an indicator helper takes (``self.identity(spy, Resolution.MINUTE,
Field.BID_CLOSE)``), as LEAN's Common/Field.cs.

Each selector reads one property of the data type it names and falls back to the data point's
``value`` for any other type: ``Field.BID_CLOSE`` of a trade bar is its close, ``Field.VOLUME`` of
a tick is its quantity and of a quote bar its value. ``data_type_for_selector`` says which bars a
selector needs (LEAN's QCAlgorithm.GetDataTypeFromSelector in Algorithm/QCAlgorithm.Indicators.cs):
a bid or ask field needs quote bars even for a security whose default bars are trades, and
``Field.VOLUME`` needs trade bars.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.model.data import QuoteBar, Tick, TradeBar

Selector = Callable[[Any], float]


def _is_bar(data: Any) -> bool:
    # LEAN's IBaseDataBar: any data with an open, high, low and close (trade, quote, renko bars)
    kind = type(data)
    return all(hasattr(kind, name) for name in ("open", "high", "low", "close"))


def _bar_field(read: Callable[[Any], float]) -> Selector:
    def select(data: Any) -> float:
        return read(data) if _is_bar(data) else data.value

    return select


def _quote_side(side: str, price: str) -> Selector:
    def select(data: Any) -> float:
        if isinstance(data, QuoteBar):
            bar = getattr(data, side)
            # a quote bar without that side has no such price; LEAN reads the data's value then
            return getattr(bar, price) if bar is not None else data.value
        return data.value

    return select


def _tick_quote(tick_price: str, side: str) -> Selector:
    """BID_PRICE / ASK_PRICE: a quote tick's price, a quote bar's closing price of that side."""
    closing = _quote_side(side, "close")

    def select(data: Any) -> float:
        if isinstance(data, Tick):
            return getattr(data, tick_price)
        return closing(data)

    return select


def _volume(data: Any) -> float:
    if isinstance(data, TradeBar):
        return data.volume
    if isinstance(data, Tick):
        return data.quantity
    return data.value


class Field:
    """LEAN's selectors (Common/Field.cs) in both spellings."""

    OPEN = Open = staticmethod(_bar_field(lambda bar: bar.open))
    HIGH = High = staticmethod(_bar_field(lambda bar: bar.high))
    LOW = Low = staticmethod(_bar_field(lambda bar: bar.low))
    CLOSE = Close = staticmethod(lambda data: data.value)
    VALUE = Value = CLOSE
    VOLUME = Volume = staticmethod(_volume)
    AVERAGE = Average = staticmethod(
        _bar_field(lambda bar: (bar.open + bar.high + bar.low + bar.close) / 4)
    )
    MEDIAN = Median = staticmethod(_bar_field(lambda bar: (bar.high + bar.low) / 2))
    TYPICAL = Typical = TYPICAL_PRICE = TypicalPrice = staticmethod(
        _bar_field(lambda bar: (bar.high + bar.low + bar.close) / 3)
    )
    WEIGHTED = Weighted = staticmethod(
        _bar_field(lambda bar: (bar.high + bar.low + 2 * bar.close) / 4)
    )
    SEVEN_BAR = SevenBar = staticmethod(
        _bar_field(lambda bar: (2 * bar.open + bar.high + bar.low + 3 * bar.close) / 7)
    )
    BID_OPEN = BidOpen = staticmethod(_quote_side("bid", "open"))
    BID_HIGH = BidHigh = staticmethod(_quote_side("bid", "high"))
    BID_LOW = BidLow = staticmethod(_quote_side("bid", "low"))
    BID_CLOSE = BidClose = staticmethod(_quote_side("bid", "close"))
    ASK_OPEN = AskOpen = staticmethod(_quote_side("ask", "open"))
    ASK_HIGH = AskHigh = staticmethod(_quote_side("ask", "high"))
    ASK_LOW = AskLow = staticmethod(_quote_side("ask", "low"))
    ASK_CLOSE = AskClose = staticmethod(_quote_side("ask", "close"))
    BID_PRICE = BidPrice = staticmethod(_tick_quote("bid_price", "bid"))
    ASK_PRICE = AskPrice = staticmethod(_tick_quote("ask_price", "ask"))


_QUOTE_FIELDS = frozenset(
    id(selector)
    for selector in (
        Field.BID_PRICE,
        Field.ASK_PRICE,
        Field.BID_CLOSE,
        Field.BID_OPEN,
        Field.BID_LOW,
        Field.BID_HIGH,
        Field.ASK_CLOSE,
        Field.ASK_OPEN,
        Field.ASK_LOW,
        Field.ASK_HIGH,
    )
)


def data_type_for_selector(selector: Any) -> type | None:
    """The bars ``selector`` needs: QuoteBar for a bid/ask field, TradeBar for VOLUME, else None
    (the subscription's default bars)."""
    if selector is None:
        return None
    if id(selector) in _QUOTE_FIELDS:
        return QuoteBar
    if selector is Field.VOLUME:
        return TradeBar
    return None
