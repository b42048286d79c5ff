"""The parts of a security that need nothing but the core model: exchange hours helpers, the
shared ``TimeKeeper``, ``SymbolProperties``, ``SubscriptionInfo``, ``SecurityExchange`` and the
``SecurityCache`` of the latest real data. ``Security`` itself (with its holdings and models) is
``engine.portfolio.security``.

Exchange hours come from the data layer (``engine.data``); this module only depends on the
``MarketHours`` protocol below. ``AlwaysOpenHours`` is a ready implementation for crypto and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol, runtime_checkable

from engine.common.clock import zone
from engine.model.data import BaseData, QuoteBar, Tick, TradeBar
from engine.model.enums import Resolution, SecurityType
from engine.model.symbol import Symbol


@runtime_checkable
class MarketHours(Protocol):
    """Exchange hours as provided by ``engine.data`` (times are naive, exchange-local)."""

    time_zone: Any  # a tzinfo or an IANA name

    def is_open(self, local_dt: datetime, extended: bool = False) -> bool: ...

    def is_date_open(self, d: date) -> bool: ...

    def market_open(self, d: date) -> datetime | None: ...

    def market_close(self, d: date) -> datetime | None: ...

    def next_open(self, local_dt: datetime) -> datetime: ...

    def is_early_close(self, d: date) -> bool: ...


class AlwaysOpenHours:
    """Always-open market (crypto): open every day 00:00 to 24:00."""

    def __init__(self, time_zone: Any = "UTC") -> None:
        self.time_zone = time_zone

    def is_open(self, local_dt: datetime, extended: bool = False) -> bool:
        return True

    def is_date_open(self, d: date) -> bool:
        return True

    def market_open(self, d: date) -> datetime | None:
        return datetime(d.year, d.month, d.day)

    def market_close(self, d: date) -> datetime | None:
        return datetime(d.year, d.month, d.day) + timedelta(days=1)

    def next_open(self, local_dt: datetime) -> datetime:
        return local_dt

    def is_early_close(self, d: date) -> bool:
        return False

    always_open = True


def as_tz(time_zone: Any) -> tzinfo:
    if isinstance(time_zone, tzinfo):
        return time_zone
    name = str(time_zone) if time_zone else "UTC"
    return UTC if name.upper() == "UTC" else zone(name)


def is_always_open(hours: MarketHours) -> bool:
    return bool(getattr(hours, "always_open", False))


def local_naive(hours: MarketHours, dt: datetime | None) -> datetime | None:
    """An exchange-local naive datetime (the data layer may return aware ones)."""
    if dt is None or dt.tzinfo is None:
        return dt
    return dt.astimezone(as_tz(hours.time_zone)).replace(tzinfo=None)


def market_open_local(hours: MarketHours, d: date) -> datetime | None:
    return local_naive(hours, hours.market_open(d))


def market_close_local(hours: MarketHours, d: date) -> datetime | None:
    return local_naive(hours, hours.market_close(d))


def next_market_close(
    hours: MarketHours, local_dt: datetime, *, strictly_after: bool = True
) -> datetime | None:
    """First regular close strictly after ``local_dt`` (LEAN ``GetNextMarketClose(t, false)``)."""
    d = local_dt.date()
    for _ in range(30):
        if hours.is_date_open(d):
            close = market_close_local(hours, d)
            if close is not None and (
                close > local_dt or (not strictly_after and close == local_dt)
            ):
                return close
        d += timedelta(days=1)
    return None


def is_open_during_bar(
    hours: MarketHours, start: datetime, end: datetime, extended: bool = False
) -> bool:
    """True if the market is open at some instant of ``[start, end)`` (LEAN ``IsOpenDuringBar``)."""
    if hours.is_open(start, extended):
        return True
    d = start.date()
    while d <= end.date():
        if hours.is_date_open(d):
            if extended:
                return True
            mo, mc = market_open_local(hours, d), market_close_local(hours, d)
            if mo is not None and mc is not None and mo < end and mc > start:
                return True
        d += timedelta(days=1)
    return False


class TimeKeeper:
    """The current UTC instant shared by all securities; during a time step also that step's
    local time (naive) in the algorithm's time zone (``step_local`` in ``step_zone``, for
    ``step_utc``), which the loop already has, so a security of that time zone reads its local
    time without converting."""

    __slots__ = ("utc_time", "step_utc", "step_local", "step_zone")

    def __init__(self, utc_time: datetime | None = None) -> None:
        self.utc_time = utc_time or datetime(1998, 1, 2, tzinfo=UTC)
        self.step_utc: datetime | None = None
        self.step_local: datetime | None = None
        self.step_zone: tzinfo | None = None


@dataclass(slots=True)
class SymbolProperties:
    """LEAN's SymbolProperties (symbol-properties-database.csv row)."""

    description: str = ""
    quote_currency: str = "USD"
    contract_multiplier: float = 1.0
    minimum_price_variation: float = 0.01
    lot_size: float = 1.0
    market_ticker: str = ""
    minimum_order_size: float | None = None
    price_magnifier: float = 1.0
    strike_multiplier: float = 1.0

    LotSize = property(lambda self: self.lot_size)
    MinimumPriceVariation = property(lambda self: self.minimum_price_variation)
    ContractMultiplier = property(lambda self: self.contract_multiplier)
    QuoteCurrency = property(lambda self: self.quote_currency)

    @staticmethod
    def default_for(symbol: Symbol, account_currency: str = "USD") -> SymbolProperties:
        st = symbol.security_type
        if st == SecurityType.FOREX:
            quote = symbol.value[-3:]
            tick = 0.001 if quote == "JPY" else 0.00001
            return SymbolProperties(symbol.value, quote, 1.0, tick, 1.0, symbol.value)
        if st in (SecurityType.CRYPTO, SecurityType.CRYPTO_FUTURE):
            v = symbol.value
            quote = next(
                (
                    q
                    for q in ("USDT", "USDC", "BUSD", "USD", "EUR", "GBP", "BTC", "ETH")
                    if v.endswith(q)
                ),
                "USD",
            )
            lot = 1e-5 if symbol.market == "binance" else 1e-8
            return SymbolProperties(
                v, quote, 1.0, 0.01, lot, v, 5.0 if symbol.market == "binance" else None
            )
        return SymbolProperties(symbol.value, account_currency, 1.0, 0.01, 1.0, symbol.value)


@dataclass(slots=True)
class SubscriptionInfo:
    """What the fill models need to know about one data subscription of a security."""

    data_type: type
    resolution: Resolution
    extended_market_hours: bool = False
    is_internal: bool = False
    fill_forward: bool = True
    # a custom data subscription's own type (``add_data``): what LEAN's config.Type reports,
    # while ``data_type`` stays the bar type the fill models read prices from
    custom_type: type | None = None

    @property
    def type(self) -> type:
        return self.custom_type or self.data_type


class SecurityExchange:
    """``security.exchange``: hours, time zone and whether the regular market is open now."""

    def __init__(self, security: Any) -> None:
        self._security = security

    @property
    def hours(self) -> MarketHours:
        return self._security.exchange_hours

    @property
    def time_zone(self) -> tzinfo:
        return self._security.time_zone

    @property
    def local_time(self) -> datetime:
        return self._security.local_time

    @property
    def exchange_open(self) -> bool:
        return self._security.exchange_hours.is_open(self._security.local_time, False)

    def date_time_is_open(self, local_dt: datetime) -> bool:
        return self._security.exchange_hours.is_open(local_dt, False)

    Hours = hours
    TimeZone = time_zone
    ExchangeOpen = exchange_open
    LocalTime = local_time


class SecurityCache:
    """Latest real (non fill-forward) data by type, plus LEAN's OHLC/price/bid/ask fields."""

    __slots__ = (
        "price",
        "open",
        "high",
        "low",
        "close",
        "volume",
        "bid_price",
        "ask_price",
        "bid_size",
        "ask_size",
        "open_interest",
        "last_trade_bar",
        "last_quote_bar",
        "trade_ticks",
        "quote_ticks",
        "last_data",
        "_last_ohlc_end",
        "_last_quote_end",
        "_ticks_time",
        "_by_type",
        "_lists_by_type",
    )

    def __init__(self) -> None:
        self.price = self.open = self.high = self.low = self.close = self.volume = 0.0
        self.bid_price = self.ask_price = self.bid_size = self.ask_size = self.open_interest = 0.0
        self.last_trade_bar: TradeBar | None = None
        self.last_quote_bar: QuoteBar | None = None
        self.trade_ticks: list[Tick] = []
        self.quote_ticks: list[Tick] = []
        self.last_data: BaseData | None = None
        self._last_ohlc_end: datetime | None = None
        self._last_quote_end: datetime | None = None
        self._ticks_time: datetime | None = None
        self._by_type: dict[type, BaseData] = {}
        self._lists_by_type: dict[type, list[BaseData]] = {}

    def get_data(self, data_type: type | None = None) -> BaseData | None:
        if data_type is None:
            return self.last_data
        return self._by_type.get(data_type)

    def get_all_ticks(self) -> list[Tick]:
        return sorted(self.trade_ticks + self.quote_ticks, key=lambda t: t.end_time)

    def add_data_list(
        self, data: Any, data_type: type, contains_fill_forward_data: bool | None = None
    ) -> None:
        """Keep a time step's points of one type (LEAN's ``SecurityCache.AddDataList``): unless
        told the list holds no fill-forward points, those are dropped, and an empty remainder
        leaves what the cache held."""
        points = list(data)
        if contains_fill_forward_data is not False:
            points = [p for p in points if not getattr(p, "is_fill_forward", False)]
        if points:
            self._lists_by_type[data_type] = points
            self._by_type[data_type] = points[-1]

    AddDataList = add_data_list

    def get_all(self, data_type: type) -> list[BaseData]:
        """The latest points of ``data_type`` (LEAN's ``SecurityCache.GetAll<T>``): the list last
        given to ``add_data_list`` while its last point is still the latest, else that one point."""
        if data_type is Tick:
            return self.trade_ticks + self.quote_ticks
        latest = self._by_type.get(data_type)
        if latest is None:
            return []
        points = self._lists_by_type.get(data_type)
        if points and points[-1] is latest:
            return list(points)
        return [latest]

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


class DynamicSecurityData:
    """A security's latest data by type (LEAN's Common/Securities/DynamicSecurityData.cs, the
    ``Security.Data`` property), read from its cache: price data and any linked custom data."""

    __slots__ = ("_cache",)

    def __init__(self, cache: SecurityCache) -> None:
        self._cache = cache

    def get(self, data_type: type) -> BaseData | None:
        """The most recent point of ``data_type`` (LEAN ``Get<T>()``), or None."""
        points = self._cache.get_all(data_type)
        return points[-1] if points else None

    def get_all(self, data_type: type) -> list[BaseData]:
        """The points of ``data_type`` from the most recent time step (LEAN ``GetAll<T>()``)."""
        return self._cache.get_all(data_type)

    def has_data(self, data_type: type) -> bool:
        return bool(self._cache.get_all(data_type))

    Get = get
    GetAll = get_all
    HasData = has_data
