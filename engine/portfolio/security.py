"""Securities: one tradable asset (``Security``) and the collection of them (``SecurityManager``).

A ``Security`` holds its symbol, exchange hours, symbol properties, subscriptions, the cache of the
latest REAL data (the loop calls ``security.update(point)`` for every non-fill-forward point), its
``holdings`` and its pluggable models (fill, fee, slippage, buying power, settlement), given once
by the brokerage model it is created with (LEAN's ``IBrokerageModel.InitializeSecurity``... here
``brokerage_model.initialize_security``; the default brokerage when none is given).

Time: every security shares one ``TimeKeeper`` (owned by the ``SecurityManager``); the loop calls
``securities.set_time(utc_time)`` once per step (``SetDateTime``), and ``security.local_time`` is that
instant in the exchange time zone (naive).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, ValuesView
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from engine.data.absent_data import check_price_read
from engine.execution.brokerage import DefaultBrokerageModel
from engine.execution.margin_interest import NullMarginInterestRateModel
from engine.model.data import BaseData, QuoteBar, Tick, TradeBar
from engine.model.enums import DataNormalizationMode, Resolution, SecurityType, TickType
from engine.model.pairs import KeyValuePair
from engine.model.security import (
    AlwaysOpenHours,
    DynamicSecurityData,
    MarketHours,
    SecurityCache,
    SecurityExchange,
    SubscriptionInfo,
    SymbolProperties,
    TimeKeeper,
    as_tz,
)
from engine.model.session import Session
from engine.model.symbol import Symbol
from engine.portfolio.crypto_future import CryptoFutureHolding
from engine.portfolio.holding import SecurityHolding
from engine.portfolio.volatility import VolatilityModel

# LEAN's SubscriptionManager.IsDefaultDataType: trades and quotes are both default data of
# derivatives; a quote bar sets the OHLC and price, and a trade bar ending with it does not
_DERIVATIVES = (
    SecurityType.OPTION,
    SecurityType.INDEX_OPTION,
    SecurityType.FUTURE,
    SecurityType.FUTURE_OPTION,
)
_QUOTE_DEFAULT = (
    SecurityType.FOREX,
    SecurityType.CFD,
    SecurityType.CRYPTO,
    SecurityType.CRYPTO_FUTURE,
)


def session_tick_type(security_type: SecurityType) -> TickType:
    """The first of LEAN's default data types for the security type
    (Common/Data/SubscriptionManager.cs ``DefaultDataTypes``): what a session bar is made of."""
    if security_type in (
        SecurityType.FOREX,
        SecurityType.CFD,
        SecurityType.OPTION,
        SecurityType.FUTURE,
        SecurityType.FUTURE_OPTION,
        SecurityType.INDEX_OPTION,
    ):
        return TickType.QUOTE
    return TickType.TRADE


_TICK_RESOLUTION = Resolution.TICK  # (an enum member read from its class costs ~0.35 us on 3.11)


class Security:
    """One tradable asset. See the module docstring for the runner's duties."""

    def __init__(
        self,
        symbol: Symbol,
        exchange_hours: MarketHours | None = None,
        *,
        symbol_properties: SymbolProperties | None = None,
        resolution: Resolution = Resolution.MINUTE,
        leverage: float | None = None,
        data_normalization_mode: DataNormalizationMode = DataNormalizationMode.ADJUSTED,
        subscriptions: list[SubscriptionInfo] | None = None,
        time_keeper: TimeKeeper | None = None,
        account_currency: str = "USD",
        is_internal: bool = False,
        brokerage_model: Any = None,
    ) -> None:
        self.symbol = symbol
        self.exchange_hours: MarketHours = exchange_hours or AlwaysOpenHours()
        self.time_zone = as_tz(self.exchange_hours.time_zone)
        self._exchange = SecurityExchange(self)
        self.symbol_properties = symbol_properties or SymbolProperties.default_for(
            symbol, account_currency
        )
        self.resolution = resolution
        self.data_normalization_mode = data_normalization_mode
        self.subscriptions: list[SubscriptionInfo] = list(subscriptions or [])
        self.time_keeper = time_keeper or TimeKeeper()
        self.is_tradable = not is_internal
        self.is_internal = is_internal
        self.is_delisted = False
        self.cache = SecurityCache()
        # LEAN's Common/Securities/Crypto/Crypto.cs prices a crypto pair at its last trade bar
        self._priced_by_trades = symbol.security_type == SecurityType.CRYPTO
        # under strict data, the absent-data note of this security's price files: a read of its
        # price by the algorithm's own code stops the run (engine/data/absent_data.py)
        self.strict_data_gap: str | None = None
        self.session = Session(self, session_tick_type(symbol.security_type))
        self.holdings = (
            CryptoFutureHolding(self)
            if symbol.security_type == SecurityType.CRYPTO_FUTURE
            else SecurityHolding(self)
        )
        self.quote_currency = self.symbol_properties.quote_currency
        self.base_currency = _base_currency(symbol, self.quote_currency)
        self.conversion_rate = 1.0  # quote currency -> account currency (set by the cash book)
        self.price_variation_increment = (
            0.0 if data_normalization_mode == DataNormalizationMode.ADJUSTED else 0.01
        )
        self._local_cache: tuple[datetime | None, datetime | None] = (None, None)
        self.volatility_model: Any = VolatilityModel.NULL
        self.margin_interest_rate_model: Any = NullMarginInterestRateModel.INSTANCE  # type: ignore[attr-defined]
        # fill, fee, slippage, buying power, settlement models and shortable provider: the
        # brokerage model's
        (brokerage_model or DefaultBrokerageModel()).initialize_security(self)
        if leverage is not None:
            self.set_leverage(leverage)

    @property
    def data(self) -> DynamicSecurityData:
        """The latest data by type, price and linked custom data alike (LEAN ``Security.Data``)."""
        return DynamicSecurityData(self.cache)

    # ----------------------------------------------------------------- identity / time
    @property
    def type(self) -> SecurityType:
        return self.symbol.security_type

    @property
    def local_time(self) -> datetime:
        keeper = self.time_keeper
        utc = keeper.utc_time
        cached_utc, cached_local = self._local_cache
        if cached_utc is utc and cached_local is not None:
            return cached_local
        if utc is keeper.step_utc and keeper.step_zone is self.time_zone:
            local = keeper.step_local  # the step's own local time, in the same zone
        else:
            local = utc.astimezone(self.time_zone).replace(tzinfo=None)
        self._local_cache = (utc, local)
        return local

    @property
    def lot_size(self) -> float:
        return self.symbol_properties.lot_size

    # ----------------------------------------------------------------- subscriptions
    def add_subscription(
        self,
        data_type: type,
        resolution: Resolution,
        extended_market_hours: bool = False,
        is_internal: bool = False,
    ) -> SubscriptionInfo:
        info = SubscriptionInfo(
            data_type, Resolution(resolution), extended_market_hours, is_internal
        )
        self.subscriptions.append(info)
        return info

    @property
    def subscribed_types(self) -> set[type]:
        tick = _TICK_RESOLUTION  # (a module constant: the fill models ask for every order)
        types = {Tick if s.resolution == tick else s.data_type for s in self.subscriptions}
        if not types:  # no explicit subscription: infer from what the cache has seen
            types = {TradeBar} if self.type not in _QUOTE_DEFAULT else {QuoteBar}
            if self.type == SecurityType.CRYPTO:
                types.add(TradeBar)
            if self.type == SecurityType.EQUITY and self.cache.last_quote_bar is not None:
                types.add(QuoteBar)
            if self.cache.trade_ticks or self.cache.quote_ticks:
                types.add(Tick)
        return types

    @property
    def is_extended_market_hours(self) -> bool:
        return any(s.extended_market_hours for s in self.subscriptions)

    # ----------------------------------------------------------------- data cache
    def _is_default_type(self, data: BaseData) -> bool:
        if self.type == SecurityType.FUTURE:
            return True  # LEAN's IsDefaultDataType: only equities leave quotes out
        if self.type in _QUOTE_DEFAULT:
            if isinstance(data, Tick):
                return data.tick_type == TickType.QUOTE
            return isinstance(data, QuoteBar)
        if isinstance(data, Tick):
            return data.tick_type == TickType.TRADE
        return not isinstance(data, QuoteBar)

    def update(self, data: BaseData) -> None:
        """Store one real data point (LEAN ``SecurityCache.AddData``) and hand it to the volatility
        model when it has a price. Fill-forward points are ignored, except by the session bar
        (LEAN's ``SecurityCache.AddDataList`` hands it every point)."""
        session = self.session
        if session.is_tracking:
            session.update(data)
        if data.is_fill_forward:
            return
        kind = type(data)
        if kind is TradeBar:  # the loop's every bar: the cases of _cache_data, unrolled
            self._cache_trade_bar(data)
        elif kind is QuoteBar:
            self._cache_quote_bar(data)
        else:
            self._cache_data(data)
        model = self.volatility_model
        if model is not VolatilityModel.NULL and data.value and not _is_open_interest(data):
            model.update(self, data)

    def _cache_trade_bar(self, data: TradeBar) -> None:
        """``_cache_data`` of a TradeBar: the default type unless the security's prices are quotes
        (forex, CFD, crypto), where a trade bar sets the OHLC only when it is newer."""
        c = self.cache
        c.last_trade_bar = data
        c._by_type[TradeBar] = data
        if data.volume:
            c.volume = data.volume
        kind = self.symbol.security_type
        if kind in _QUOTE_DEFAULT:
            last = c._last_ohlc_end
            if last is not None and data.end_time <= last:
                return
        elif kind in _DERIVATIVES:
            # LEAN's SecurityCache: both bars are a derivative's default data, the quote bar wins at
            # the same end time
            end = data.end_time
            if c._last_quote_end == end and c._last_ohlc_end == end:
                return
        self._take_ohlc(c, data)

    def _cache_quote_bar(self, data: QuoteBar) -> None:
        """``_cache_data`` of a QuoteBar: bid and ask; the OHLC too where quotes are the default
        type (forex, CFD, crypto) and the bar is not older than the last one."""
        c = self.cache
        c.last_quote_bar = data
        c._by_type[QuoteBar] = data
        ask = data.ask
        if ask is not None and ask.close:
            c.ask_price = ask.close
            c.ask_size = data.last_ask_size
        bid = data.bid
        if bid is not None and bid.close:
            c.bid_price = bid.close
            c.bid_size = data.last_bid_size
        kind = self.symbol.security_type
        if kind in _QUOTE_DEFAULT:
            last = c._last_ohlc_end
            if last is None or data.end_time >= last:
                self._take_ohlc(c, data)
        elif kind in _DERIVATIVES:
            end = data.end_time
            if not (c._last_quote_end == end and c._last_ohlc_end == end):
                self._take_ohlc(c, data)
            c._last_quote_end = end

    @staticmethod
    def _take_ohlc(c: SecurityCache, data: TradeBar | QuoteBar) -> None:
        c._last_ohlc_end = data.end_time
        c.last_data = data
        value = data.open
        if value:
            c.open = value
        value = data.high
        if value:
            c.high = value
        value = data.low
        if value:
            c.low = value
        value = data.close
        if value:
            c.close = value
            c.price = value

    def _cache_data(self, data: BaseData) -> None:
        c = self.cache
        if isinstance(data, Tick):
            if data.tick_type == TickType.OPEN_INTEREST:
                c.open_interest = data.value
                c._by_type[type(data)] = data
                return
            if c._ticks_time != data.end_time:
                c.trade_ticks = []
                c.quote_ticks = []
                c._ticks_time = data.end_time
            c._by_type[Tick] = data
            if data.tick_type == TickType.TRADE:
                c.trade_ticks.append(data)
                if data.quantity:
                    c.volume = data.quantity
            else:
                c.quote_ticks.append(data)
                if data.bid_price:
                    c.bid_price = data.bid_price
                    c.bid_size = data.bid_size
                if data.ask_price:
                    c.ask_price = data.ask_price
                    c.ask_size = data.ask_size
            if self._is_default_type(data):
                c.last_data = data
                if data.value:
                    c.price = data.value
            elif (
                self.type in _QUOTE_DEFAULT
                and data.value
                and (c.last_data is None or data.end_time > c.last_data.end_time)
            ):
                c.price = data.value
            return
        default = self._is_default_type(data)
        if isinstance(data, TradeBar | QuoteBar):
            if isinstance(data, TradeBar):
                c.last_trade_bar = data
                c._by_type[TradeBar] = data
                if data.volume:
                    c.volume = data.volume
            else:
                c.last_quote_bar = data
                c._by_type[QuoteBar] = data
                if data.ask is not None and data.ask.close:
                    c.ask_price = data.ask.close
                    c.ask_size = data.last_ask_size
                if data.bid is not None and data.bid.close:
                    c.bid_price = data.bid.close
                    c.bid_size = data.last_bid_size
            if self.type in _QUOTE_DEFAULT:
                last = c._last_ohlc_end
                take = last is None or (data.end_time >= last if default else data.end_time > last)
            else:
                take = default
            if take:
                c._last_ohlc_end = data.end_time
                c.last_data = data
                if data.open:
                    c.open = data.open
                if data.high:
                    c.high = data.high
                if data.low:
                    c.low = data.low
                if data.close:
                    c.close = data.close
                    c.price = data.close
            return
        # other data (custom data, auxiliary data are not passed here by the runner)
        if type(data).__name__ in ("Split", "Dividend", "Delisting", "SymbolChangedEvent"):
            return
        c._by_type[type(data)] = data
        c.last_data = data
        if data.value:
            c.price = data.value
            c.close = data.value

    def set_market_price(self, data: BaseData) -> None:
        self.update(data)

    def get_last_data(self) -> BaseData | None:
        return self.cache.last_data

    @property
    def price(self) -> float:
        """The current value (LEAN ``Security.Price``): the cache's price, which quotes set for
        the quote-priced types; a crypto pair that has a real trade bar answers that bar's close
        (LEAN's ``Crypto.Price`` override), so orders are sized and holdings valued at the
        last trade, while the cash book's rate follows the last data point (a quote midpoint)."""
        if self.strict_data_gap is not None:
            check_price_read(self.symbol, self.strict_data_gap)
        if self._priced_by_trades:
            bar = self.cache.get_data(TradeBar)
            if bar is not None:
                return bar.close
        return self.cache.price

    # LEAN's price properties
    open = property(lambda self: self.cache.open)
    high = property(lambda self: self.cache.high)
    low = property(lambda self: self.cache.low)
    close = property(lambda self: self.cache.close)
    volume = property(lambda self: self.cache.volume)

    # LEAN's Common/Securities/Security.cs: without a quote the bid and ask are the last price
    @property
    def bid_price(self) -> float:
        if self.strict_data_gap is not None:
            check_price_read(self.symbol, self.strict_data_gap)
        return self.cache.bid_price or self.cache.price

    @property
    def ask_price(self) -> float:
        if self.strict_data_gap is not None:
            check_price_read(self.symbol, self.strict_data_gap)
        return self.cache.ask_price or self.cache.price

    bid_size = property(lambda self: self.cache.bid_size)
    ask_size = property(lambda self: self.cache.ask_size)
    open_interest = property(lambda self: self.cache.open_interest)

    @property
    def has_data(self) -> bool:
        return self.cache.last_data is not None

    @property
    def invested(self) -> bool:
        return self.holdings.invested

    # ----------------------------------------------------------------- models
    @property
    def leverage(self) -> float:
        return self.buying_power_model.get_leverage(self)

    def set_leverage(self, leverage: float) -> None:
        self.buying_power_model.set_leverage(self, leverage)

    def set_fill_model(self, model: Any) -> None:
        self.fill_model = model

    def set_data_filter(self, data_filter: Any) -> None:
        """LEAN ``Security.SetDataFilter`` (Common/Securities/Security.cs): ``data_filter.filter(
        security, data)`` decides whether each data point of this security reaches the algorithm.
        ``data_filters`` is the run's symbol -> filter registry the loop reads (set when the
        security is created)."""
        self.data_filter = data_filter
        registry = self.__dict__.get("data_filters")
        if registry is not None:
            registry[self.symbol] = data_filter

    def set_volatility_model(self, model: Any) -> None:
        self.volatility_model = model

    def set_fee_model(self, model: Any) -> None:
        self.fee_model = model

    def set_slippage_model(self, model: Any) -> None:
        self.slippage_model = model

    def set_buying_power_model(self, model: Any) -> None:
        self.buying_power_model = model

    set_margin_model = set_buying_power_model

    def set_settlement_model(self, model: Any) -> None:
        self.settlement_model = model

    def set_shortable_provider(self, provider: Any) -> None:
        self.shortable_provider = provider

    def set_margin_interest_rate_model(self, model: Any) -> None:
        self.margin_interest_rate_model = model

    def set_data_normalization_mode(self, mode: DataNormalizationMode) -> None:
        self.data_normalization_mode = DataNormalizationMode(mode)
        if mode != DataNormalizationMode.ADJUSTED and self.type == SecurityType.EQUITY:
            self.price_variation_increment = 0.01

    def round_price(self, price: float) -> float:
        """LEAN ``RoundOrderPrices``: banker's rounding to the minimum price variation (0 = no rounding)."""
        if self.type == SecurityType.EQUITY:
            inc = self.price_variation_increment
            if inc and price < 1:
                inc = 0.0001
        else:
            inc = self.symbol_properties.minimum_price_variation
        if not inc or not price:
            return price
        return round(round(price / inc) * inc, 10)

    # PascalCase API
    Symbol = property(lambda self: self.symbol)
    Type = property(lambda self: self.type)
    Price = price
    Open = open
    High = high
    Low = low
    Close = close
    Volume = volume
    BidPrice = bid_price
    AskPrice = ask_price
    BidSize = bid_size
    AskSize = ask_size
    HasData = has_data
    Invested = invested
    Holdings = property(lambda self: self.holdings)

    @property
    def exchange(self) -> SecurityExchange:
        return self._exchange

    @exchange.setter
    def exchange(self, value: Any) -> None:
        """Assigning an exchange (``security.exchange = EquityExchange()``) gives the security
        that exchange's hours and time zone, as LEAN's ``Security.Exchange`` setter."""
        self.exchange_hours = value.hours
        self.time_zone = as_tz(self.exchange_hours.time_zone)
        self._exchange = SecurityExchange(self)

    # Fundamental data is read by the universe package, a layer above this one: the run installs
    # the reader of its data folder here (engine/algorithm/runtime.py), as the shortable provider's.
    fundamental_source: Callable[[Any, datetime], Any] | None = None

    @property
    def fundamentals(self) -> Any:
        """The security's fundamental data at its local time (LEAN ``Security.Fundamentals``)."""
        source = Security.fundamental_source
        return None if source is None else source(self.symbol, self.local_time)

    Fundamentals = fundamentals
    Exchange = exchange
    Leverage = leverage
    LocalTime = local_time
    IsTradable = property(lambda self: self.is_tradable)
    SymbolProperties = property(lambda self: self.symbol_properties)
    FillModel = property(lambda self: self.fill_model)
    FeeModel = property(lambda self: self.fee_model)
    SlippageModel = property(lambda self: self.slippage_model)
    BuyingPowerModel = property(lambda self: self.buying_power_model)
    SetLeverage = set_leverage
    SetFillModel = set_fill_model
    SetDataFilter = set_data_filter
    SetFeeModel = set_fee_model
    SetVolatilityModel = set_volatility_model
    SetSlippageModel = set_slippage_model
    SetBuyingPowerModel = set_buying_power_model
    SetMarginModel = set_buying_power_model
    SetSettlementModel = set_settlement_model
    SetShortableProvider = set_shortable_provider
    SetMarginInterestRateModel = set_margin_interest_rate_model
    ShortableProvider = property(lambda self: self.shortable_provider)
    SetDataNormalizationMode = set_data_normalization_mode
    GetLastData = get_last_data

    # custom properties (LEAN Common/Securities/Security.cs: a Security is a DynamicObject):
    # ``security.x = 1``, ``security.add("x", 1)``, ``security["x"]``, ``security.get[T]("x")``
    def add(self, key: str, value: Any) -> None:
        setattr(self, str(key), value)

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, str(key))
        except AttributeError:
            raise KeyError(
                f"The custom property '{key}' was not found on {self.symbol.value}"
            ) from None

    def __setitem__(self, key: str, value: Any) -> None:
        setattr(self, str(key), value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.__dict__

    def try_get(self, key: str) -> tuple[bool, Any]:
        value = self.__dict__.get(str(key))
        return (str(key) in self.__dict__), value

    def remove(self, key: str) -> bool:
        return self.__dict__.pop(str(key), _MISSING) is not _MISSING

    @property
    def get(self) -> _PropertyGetter:
        """``security.get("x")`` or the generic ``security.get[T]("x")``."""
        return _PropertyGetter(self)

    Add = add
    TryGet = try_get
    Remove = remove

    def __repr__(self) -> str:
        return f"Security({self.symbol.value}, price={self.price})"


_MISSING = object()


class _PropertyGetter:
    __slots__ = ("_security",)

    def __init__(self, security: Security) -> None:
        self._security = security

    def __getitem__(self, _type: Any) -> _PropertyGetter:
        return self

    def __call__(self, key: str) -> Any:
        return self._security[key]


def _base_currency(symbol: Symbol, quote: str) -> str | None:
    if symbol.security_type in (
        SecurityType.FOREX,
        SecurityType.CRYPTO,
        SecurityType.CRYPTO_FUTURE,
    ):
        v = symbol.value
        return v[: -len(quote)] if v.endswith(quote) else v[:3]
    return None


@dataclass
class SecurityManager:
    """``algorithm.securities``: a dict of ``Security`` keyed by ``Symbol`` that also accepts tickers."""

    time_keeper: TimeKeeper = field(default_factory=TimeKeeper)
    _items: dict[Symbol, Security] = field(default_factory=dict)

    def set_time(
        self,
        utc_time: datetime,
        local_time: datetime | None = None,
        local_zone: tzinfo | None = None,
    ) -> None:
        """Move the shared clock (the runner calls this in every step, before anything else,
        with the step's naive local time in the algorithm's time zone ``local_zone``)."""
        if utc_time.tzinfo is None:
            utc_time = utc_time.replace(tzinfo=UTC)
        keeper = self.time_keeper
        keeper.utc_time = utc_time
        if local_zone is not None:
            keeper.step_utc = utc_time
            keeper.step_local = local_time
            keeper.step_zone = local_zone

    @property
    def utc_time(self) -> datetime:
        return self.time_keeper.utc_time

    def add(self, security: Security) -> Security:
        security.time_keeper = self.time_keeper
        self._items[security.symbol] = security
        return security

    def remove(self, symbol: Symbol | str) -> Security | None:
        sec = self.get(symbol)
        if sec is not None:
            del self._items[sec.symbol]
        return sec

    def _key(self, key: Symbol | str | Security) -> Symbol | None:
        if isinstance(key, Security):  # LEAN converts a Security to its Symbol implicitly
            key = key.symbol
        elif not isinstance(key, Symbol | str) and isinstance(getattr(key, "symbol", None), Symbol):
            key = key.symbol  # and an option or future contract (LEAN's BaseContract)
        if isinstance(key, Symbol) and key in self._items:
            return key
        if isinstance(key, Symbol) and key.security_type == SecurityType.BASE:
            return None  # a custom data symbol is not its underlying's ticker (same value)
        text = str(key).upper()
        for sym in self._items:
            if isinstance(key, Symbol) and sym.id.sid and key.id.sid and sym == key:
                return sym  # one identifier under another ticker (GOOCV, later GOOG)
            if sym.value == text:
                if isinstance(key, Symbol) and _spot_and_perpetual(key, sym):
                    continue  # BTCUSDT the pair and BTCUSDT the perpetual are two securities
                if isinstance(key, Symbol) and _other_identifier(key, sym):
                    continue  # old and new Google both traded as GOOG
                return sym
        return None

    def get(self, key: Symbol | str, default: Security | None = None) -> Security | None:
        k = self._key(key)
        return self._items[k] if k is not None else default

    def try_get_value(self, key: Symbol | str) -> tuple[bool, Security | None]:
        sec = self.get(key)
        return sec is not None, sec

    def __getitem__(self, key: Symbol | str) -> Security:
        k = self._key(key)
        if k is None:
            raise KeyError(
                f"This asset symbol ({key}) was not found in your security list. Please add this security or check "
                "it exists before using it with 'Securities.ContainsKey(\"{key}\")'"
            )
        return self._items[k]

    def __setitem__(self, key: Symbol | str, security: Security) -> None:
        self.add(security)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, Symbol | str | Security) and self._key(key) is not None

    def contains_key(self, key: Symbol | str) -> bool:
        return key in self

    def __iter__(self) -> Iterator[KeyValuePair]:
        # LEAN's SecurityManager is a C# IDictionary: iterated from Python it yields KeyValuePair
        # entries (``kvp.key`` the Symbol, ``kvp.value`` the Security), not the keys
        return iter([KeyValuePair(k, v) for k, v in self._items.items()])

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[Symbol]:
        return list(self._items.keys())

    def values(self) -> list[Security]:
        return list(self._items.values())

    def iter_values(self) -> ValuesView[Security]:
        """The securities without copying them into a list, for the engine's per-step reads
        (portfolio value, invested); not for code that may add or remove securities meanwhile."""
        return self._items.values()

    def items(self) -> list[tuple[Symbol, Security]]:
        return list(self._items.items())

    @property
    def total(self) -> list[Security]:
        """LEAN's ``SecurityManager.Total``: every security, removed and internal ones included
        (a continuous future's mapped contracts)."""
        return list(self._items.values())

    Total = total

    # PascalCase API
    ContainsKey = contains_key
    TryGetValue = try_get_value
    Keys = property(keys)
    Values = property(values)
    Count = property(__len__)


def _spot_and_perpetual(a: Symbol, b: Symbol) -> bool:
    """Whether one symbol is a crypto future and the other is not (they may share a ticker)."""
    return (a.security_type == SecurityType.CRYPTO_FUTURE) != (
        b.security_type == SecurityType.CRYPTO_FUTURE
    )


def _other_identifier(a: Symbol, b: Symbol) -> bool:
    """Whether two equities (or future options: the canonical ``?OG`` of each gold future
    contract) sharing a ticker carry different LEAN identifiers (two securities, as LEAN's
    Symbol equality compares SecurityIdentifiers)."""
    return bool(a.id.sid and b.id.sid and a.id.sid != b.id.sid) and (
        a.security_type == b.security_type
        and a.security_type in (SecurityType.EQUITY, SecurityType.FUTURE_OPTION)
    )


def _is_open_interest(data: BaseData) -> bool:
    return isinstance(data, Tick) and data.tick_type == TickType.OPEN_INTEREST
