"""Market data points handed to algorithms: ``TradeBar``, ``QuoteBar``, ``Tick``, ``Split``,
``Dividend``, ``Delisting``, ``SymbolChangedEvent``.

Times are naive ``datetime`` in the security's exchange time zone, as in LEAN (``time`` is the bar
start, ``end_time`` the bar end; the engine delivers a bar at its ``end_time``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.model.enums import DelistingType, MarketDataType, TickType
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
    # the PascalCase names read and write (LEAN's custom readers assign ``data.Symbol = ...``)
    Symbol = property(lambda self: self.symbol, lambda self, value: setattr(self, "symbol", value))
    Time = property(lambda self: self.time, lambda self, value: setattr(self, "time", value))
    EndTime = property(
        lambda self: self.end_time, lambda self, value: setattr(self, "end_time", value)
    )
    Value = property(lambda self: self.value, lambda self, value: setattr(self, "value", value))
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

    def update(self, value: float) -> None:
        """LEAN ``Bar.Update``: a zero is ignored; the first value sets all four prices."""
        if value == 0:
            return
        if self.open == 0:
            self.open = self.high = self.low = self.close = value
            return
        if value > self.high:
            self.high = value
        elif value < self.low:
            self.low = value
        self.close = value

    Update = update

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

    def get_source(self, config: Any, date: datetime, is_live_mode: bool = False) -> Any:
        """LEAN's ``TradeBar.GetSource``: the data folder's trade file of ``config.symbol`` for
        ``date`` (a path relative to the data folder, which custom data sources resolve against)."""
        from engine.model.data_source import lean_trade_file

        return lean_trade_file(config.symbol, date, config.resolution)

    @staticmethod
    def parse_equity(config: Any, line: str, date: datetime) -> TradeBar:
        """LEAN's ``TradeBar.ParseEquity``: one line of an equity trade file (prices in
        ten-thousandths; intraday times are milliseconds after midnight of ``date``)."""
        from engine.model.enums import Resolution

        csv = line.split(",")
        resolution = Resolution(int(config.resolution))
        if resolution in (Resolution.HOUR, Resolution.DAILY):
            time = datetime.strptime(csv[0], "%Y%m%d %H:%M")
        else:
            time = datetime(date.year, date.month, date.day) + timedelta(milliseconds=int(csv[0]))
        scale = 1 / 10000
        return TradeBar(
            time,
            config.symbol,
            float(csv[1]) * scale,
            float(csv[2]) * scale,
            float(csv[3]) * scale,
            float(csv[4]) * scale,
            float(csv[5]),
            config.increment,
        )

    GetSource = get_source
    ParseEquity = parse_equity

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

    def update(
        self,
        last_trade: float,
        bid_price: float,
        ask_price: float,
        volume: float,
        bid_size: float,
        ask_size: float,
    ) -> None:
        """LEAN ``QuoteBar.Update``: extend the bid and ask bars, keep the last non-zero sizes; the
        value is the trade price, else the ask, else the bid."""
        if self.bid is None and bid_price != 0:
            self.bid = Bar(bid_price, bid_price, bid_price, bid_price)
        elif self.bid is not None:
            self.bid.update(bid_price)
        if self.ask is None and ask_price != 0:
            self.ask = Bar(ask_price, ask_price, ask_price, ask_price)
        elif self.ask is not None:
            self.ask.update(ask_price)
        if bid_size > 0:
            self.last_bid_size = bid_size
        if ask_size > 0:
            self.last_ask_size = ask_size
        if last_trade != 0:
            self.value = last_trade
        elif ask_price != 0:
            self.value = ask_price
        elif bid_price != 0:
            self.value = bid_price

    Update = update

    def __repr__(self) -> str:
        return (
            f"QuoteBar({self.symbol} {self.time:%Y-%m-%d %H:%M:%S} bid={self.bid} ask={self.ask})"
        )


_EXCHANGE_NAMES: dict[tuple[str, Any, str], str] = {}


def tick_exchange_name(value: str, symbol: Any) -> str:
    """The exchange name a tick reports for the code in its data file (``"P"`` -> ``"ARCA"``), as
    LEAN's ``Tick.Exchange``; for security types without exchange codes (crypto, forex, custom
    data) the value is kept as read."""
    from engine.model.enums import SecurityType
    from engine.model.exchanges import primary_exchange

    if not value:
        return value
    security_type = getattr(symbol, "security_type", None)
    if security_type not in (
        SecurityType.EQUITY,
        SecurityType.OPTION,
        SecurityType.FUTURE,
        SecurityType.FUTURE_OPTION,
    ):
        return value
    market = getattr(symbol, "market", "usa")
    key = (value, security_type, market)
    name = _EXCHANGE_NAMES.get(key)
    if name is None:
        name = primary_exchange(value, security_type, market).name
        _EXCHANGE_NAMES[key] = name
    return name


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
        self.exchange = tick_exchange_name(exchange, symbol)
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


class Delisting(BaseData):
    """LEAN ``Delisting`` (Common/Data/Market/Delisting.cs): a ``DelistingType.WARNING`` on the
    delisting date, then ``DelistingType.DELISTED``; ``value`` is the last known price. ``ticket``
    is the liquidation order's ticket when the engine liquidated holdings at the delisting."""

    __slots__ = ("type", "ticket")

    def __init__(
        self,
        symbol: Symbol | None = None,
        date: datetime | None = None,
        price: float = 0.0,
        type: DelistingType = DelistingType.DELISTED,  # noqa: A002
    ) -> None:
        BaseData.__init__(self, symbol, date or datetime(1, 1, 1), None, price)  # type: ignore[arg-type]
        self.type = DelistingType(int(type))
        self.ticket: Any = None

    def set_order_ticket(self, ticket: Any) -> None:
        self.ticket = ticket

    def __str__(self) -> str:
        kind = "Delisting Warning" if self.type == DelistingType.WARNING else "Delisted"
        return f"{kind}: {self.symbol} {self.end_time}"

    __repr__ = __str__
    Type = property(lambda self: self.type)
    Ticket = property(lambda self: self.ticket)
    SetOrderTicket = set_order_ticket


class SymbolChangedEvent(BaseData):
    """LEAN ``SymbolChangedEvent``: the ticker of ``symbol`` changed from ``old_symbol`` to
    ``new_symbol`` (a rename in the map file)."""

    __slots__ = ("old_symbol", "new_symbol")

    def __init__(
        self,
        symbol: Symbol | None = None,
        date: datetime | None = None,
        old_symbol: str = "",
        new_symbol: str = "",
    ) -> None:
        BaseData.__init__(self, symbol, date or datetime(1, 1, 1), None, 0.0)  # type: ignore[arg-type]
        self.old_symbol = old_symbol
        self.new_symbol = new_symbol

    def __str__(self) -> str:
        return f"{self.time} {self.old_symbol}->{self.new_symbol}"

    __repr__ = __str__
    OldSymbol = property(lambda self: self.old_symbol)
    NewSymbol = property(lambda self: self.new_symbol)
