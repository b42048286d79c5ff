"""Market data points handed to algorithms: ``TradeBar``, ``QuoteBar``, ``Tick``, ``Split``, ``Dividend``.

Times are naive ``datetime`` in the security's exchange time zone, as in LEAN (``time`` is the bar
start, ``end_time`` the bar end; the engine delivers a bar at its ``end_time``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.model.enums import MarketDataType, TickType
from engine.model.symbol import Symbol

MARKET_DATA_TYPES = {
    "TradeBar": MarketDataType.TRADE_BAR,
    "QuoteBar": MarketDataType.QUOTE_BAR,
    "Tick": MarketDataType.TICK,
    "Split": MarketDataType.AUXILIARY,
    "Dividend": MarketDataType.AUXILIARY,
    "Delisting": MarketDataType.AUXILIARY,
    "SymbolChangedEvent": MarketDataType.AUXILIARY,
}


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

    @period.setter
    def period(self, value: timedelta) -> None:
        self.end_time = self.time + value

    @property
    def data_type(self) -> MarketDataType:
        """LEAN ``BaseData.DataType``: fixed by the class (a TradeBar is always TradeBar data)."""
        return MARKET_DATA_TYPES.get(type(self).__name__, MarketDataType.BASE)

    @data_type.setter
    def data_type(self, value: Any) -> None:
        if MarketDataType(int(value)) != self.data_type:
            raise ValueError(f"{type(self).__name__} data is {self.data_type.name}, not {value}")

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
        time: datetime | None = None,
        symbol: Symbol | None = None,
        open: float = 0.0,  # noqa: A002
        high: float = 0.0,
        low: float = 0.0,
        close: float = 0.0,
        volume: float = 0.0,
        period: timedelta = timedelta(minutes=1),
    ) -> None:
        # TradeBar() is LEAN's empty bar (DateTime.MinValue, no symbol, zero prices)
        if time is None:
            time = datetime(1, 1, 1)
        BaseData.__init__(self, symbol, time, time + period, close)  # type: ignore[arg-type]
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
