"""Market data points handed to algorithms: ``TradeBar``, ``QuoteBar``, ``Tick``, ``Split``, ``Dividend``.

Times are naive ``datetime`` in the security's exchange time zone, as in LEAN (``time`` is the bar
start, ``end_time`` the bar end; the engine delivers a bar at its ``end_time``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.model.enums import TickType
from engine.model.symbol import Symbol


class BaseData:
    __slots__ = ("symbol", "time", "end_time", "value", "is_fill_forward")

    def __init__(
        self, symbol: Symbol, time: datetime, end_time: datetime | None = None, value: float = 0.0
    ):
        self.symbol = symbol
        self.time = time
        self.end_time = end_time if end_time is not None else time
        self.value = value
        self.is_fill_forward = False

    @property
    def price(self) -> float:
        return self.value

    @property
    def period(self) -> timedelta:
        return self.end_time - self.time

    # PascalCase API
    Symbol = property(lambda self: self.symbol)
    Time = property(lambda self: self.time)
    EndTime = property(lambda self: self.end_time)
    Value = property(lambda self: self.value)
    Price = property(lambda self: self.value)
    IsFillForward = property(lambda self: self.is_fill_forward)
    Period = property(lambda self: self.end_time - self.time)


class Bar:
    """An OHLC bar (one side of a QuoteBar)."""

    __slots__ = ("open", "high", "low", "close")

    def __init__(self, open: float, high: float, low: float, close: float) -> None:  # noqa: A002
        self.open = open
        self.high = high
        self.low = low
        self.close = close

    Open = property(lambda self: self.open)
    High = property(lambda self: self.high)
    Low = property(lambda self: self.low)
    Close = property(lambda self: self.close)

    def __repr__(self) -> str:
        return f"Bar(o={self.open}, h={self.high}, l={self.low}, c={self.close})"


class TradeBar(BaseData):
    __slots__ = ("open", "high", "low", "close", "volume")

    def __init__(
        self,
        time: datetime,
        symbol: Symbol,
        open: float,  # noqa: A002
        high: float,
        low: float,
        close: float,
        volume: float = 0.0,
        period: timedelta = timedelta(minutes=1),
    ) -> None:
        BaseData.__init__(self, symbol, time, time + period, close)
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume

    Open = property(lambda self: self.open)
    High = property(lambda self: self.high)
    Low = property(lambda self: self.low)
    Close = property(lambda self: self.close)
    Volume = property(lambda self: self.volume)

    def __repr__(self) -> str:
        return (
            f"TradeBar({self.symbol} {self.time:%Y-%m-%d %H:%M:%S} o={self.open} h={self.high} "
            f"l={self.low} c={self.close} v={self.volume})"
        )


class QuoteBar(BaseData):
    __slots__ = ("bid", "ask", "last_bid_size", "last_ask_size")

    def __init__(
        self,
        time: datetime,
        symbol: Symbol,
        bid: Bar | None,
        last_bid_size: float,
        ask: Bar | None,
        last_ask_size: float,
        period: timedelta = timedelta(minutes=1),
    ) -> None:
        self.bid = bid
        self.ask = ask
        self.last_bid_size = last_bid_size
        self.last_ask_size = last_ask_size
        BaseData.__init__(self, symbol, time, time + period, self.close)

    def _mid(self, side: str) -> float:
        b = getattr(self.bid, side) if self.bid is not None else None
        a = getattr(self.ask, side) if self.ask is not None else None
        if b is not None and a is not None:
            return (b + a) / 2.0
        return b if b is not None else (a if a is not None else 0.0)

    open = property(lambda self: self._mid("open"))
    high = property(lambda self: self._mid("high"))
    low = property(lambda self: self._mid("low"))
    close = property(lambda self: self._mid("close"))
    Open = open
    High = high
    Low = low
    Close = close
    Bid = property(lambda self: self.bid)
    Ask = property(lambda self: self.ask)
    LastBidSize = property(lambda self: self.last_bid_size)
    LastAskSize = property(lambda self: self.last_ask_size)

    def __repr__(self) -> str:
        return (
            f"QuoteBar({self.symbol} {self.time:%Y-%m-%d %H:%M:%S} bid={self.bid} ask={self.ask})"
        )


class Tick(BaseData):
    __slots__ = (
        "tick_type",
        "quantity",
        "bid_price",
        "ask_price",
        "bid_size",
        "ask_size",
        "exchange",
        "sale_condition",
        "suspicious",
    )

    def __init__(
        self,
        time: datetime,
        symbol: Symbol,
        tick_type: TickType = TickType.TRADE,
        price: float = 0.0,
        quantity: float = 0.0,
        bid_price: float = 0.0,
        ask_price: float = 0.0,
        bid_size: float = 0.0,
        ask_size: float = 0.0,
        exchange: str = "",
        sale_condition: str = "",
        suspicious: bool = False,
    ) -> None:
        if tick_type == TickType.QUOTE and not price:
            if bid_price and ask_price:
                price = (bid_price + ask_price) / 2.0
            else:
                price = bid_price or ask_price
        BaseData.__init__(self, symbol, time, time, price)
        self.tick_type = tick_type
        self.quantity = quantity
        self.bid_price = bid_price
        self.ask_price = ask_price
        self.bid_size = bid_size
        self.ask_size = ask_size
        self.exchange = exchange
        self.sale_condition = sale_condition
        self.suspicious = suspicious

    @property
    def last_price(self) -> float:
        return self.value

    TickType = property(lambda self: self.tick_type)
    Quantity = property(lambda self: self.quantity)
    BidPrice = property(lambda self: self.bid_price)
    AskPrice = property(lambda self: self.ask_price)
    LastPrice = property(lambda self: self.value)
    BidSize = property(lambda self: self.bid_size)
    AskSize = property(lambda self: self.ask_size)
    Exchange = property(lambda self: self.exchange)
    SaleCondition = property(lambda self: self.sale_condition)
    Suspicious = property(lambda self: self.suspicious)


class Split(BaseData):
    """A split (``split_factor`` < 1 for a forward split, e.g. 0.5 for 2:1). ``type``: 0 warning, 1 occurred."""

    __slots__ = ("split_factor", "reference_price", "type")

    WARNING = 0
    SPLIT_OCCURRED = 1

    def __init__(
        self, symbol: Symbol, time: datetime, price: float, split_factor: float, type: int = 1
    ):  # noqa: A002
        BaseData.__init__(self, symbol, time, time, price)
        self.split_factor = split_factor
        self.reference_price = price
        self.type = type

    SplitFactor = property(lambda self: self.split_factor)
    ReferencePrice = property(lambda self: self.reference_price)
    Type = property(lambda self: self.type)


class Dividend(BaseData):
    __slots__ = ("distribution", "reference_price")

    def __init__(self, symbol: Symbol, time: datetime, distribution: float, reference_price: float):
        BaseData.__init__(self, symbol, time, time, distribution)
        self.distribution = distribution
        self.reference_price = reference_price

    Distribution = property(lambda self: self.distribution)
    ReferencePrice = property(lambda self: self.reference_price)
