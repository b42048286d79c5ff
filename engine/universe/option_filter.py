"""Option chain filtering: LEAN's ``OptionUniverse`` rows and ``OptionFilterUniverse``
(Common/Data/UniverseSelection/OptionUniverse.cs, Common/Securities/ContractSecurityFilterUniverse.cs,
Common/Securities/Option/OptionFilterUniverse.cs, Common/Securities/Option/OptionSymbol.cs).

A filter is the user's function of the universe (``option.set_filter(lambda u: u.strikes(-2, 2)
.expiration(0, 30))``); it narrows the universe in place (returning it is optional) and the
contracts left are the chain's members until the next selection.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from engine.model.option_chain import PreCalculatedGreeks

STANDARD, WEEKLY = 1, 2


def is_standard_expiry(expiry: date) -> bool:
    """LEAN's OptionSymbol.IsStandard: expiring in the week of the month's third Friday (Thursday
    to Friday after a holiday), not a Monday/Wednesday/Friday weekly."""
    first_weekday = calendar.weekday(expiry.year, expiry.month, 1)  # Monday = 0
    # .NET's DayOfWeek counts from Sunday = 0
    dotnet = (first_weekday + 1) % 7
    first_friday = 7 if dotnet == 6 else 6 - dotnet
    return first_friday + 7 + 5 < expiry.day < first_friday + 2 * 7 + 2


class OptionUniverse:
    """One contract of a chain (or the underlying's row) as the universe file gives it."""

    def __init__(
        self,
        symbol: Any,
        time: datetime,
        *,
        expiry: date | None = None,
        strike: float = 0.0,
        is_call: bool = True,
        row: Any = None,
        underlying: Any = None,
    ) -> None:
        self.symbol = symbol
        self.time = time
        self.end_time = time + timedelta(days=1)
        self.expiry = expiry
        self.strike = float(strike)
        self.is_call = is_call
        self._row = row
        self.underlying = underlying

    def _value(self, name: str) -> float:
        value = getattr(self._row, name, None) if self._row is not None else None
        return float(value) if value is not None else 0.0

    open = property(lambda self: self._value("open"))
    high = property(lambda self: self._value("high"))
    low = property(lambda self: self._value("low"))
    close = property(lambda self: self._value("close"))
    volume = property(lambda self: self._value("volume"))
    open_interest = property(lambda self: self._value("open_interest"))
    implied_volatility = property(lambda self: self._value("implied_volatility"))
    price = property(lambda self: self._value("close"))
    value = price

    @property
    def greeks(self) -> PreCalculatedGreeks:
        """The file's greeks; its theta is per day, LEAN's Theta a year's (x 365)."""
        return PreCalculatedGreeks(
            self._value("delta"),
            self._value("gamma"),
            self._value("vega"),
            self._value("theta") * 365,
            self._value("rho"),
        )

    @property
    def id(self) -> Any:
        return self.symbol.id

    # the PascalCase API
    Symbol = property(lambda self: self.symbol)
    ID = id
    Time = property(lambda self: self.time)
    EndTime = property(lambda self: self.end_time)
    Open = open
    High = high
    Low = low
    Close = close
    Volume = volume
    OpenInterest = open_interest
    ImpliedVolatility = implied_volatility
    Greeks = greeks
    Price = price
    Value = price
    Underlying = property(lambda self: self.underlying)

    def __repr__(self) -> str:
        return f"{self.symbol} {self.close}"


class OptionFilterUniverse:
    """The contracts a filter narrows: ``strikes``, ``expiration``, the expiry-type, right,
    greeks, implied volatility and open-interest filters, ``contracts`` and the ``where``/``select``
    helpers; each returns the universe so calls chain."""

    def __init__(
        self,
        data: list[OptionUniverse],
        underlying: Any,
        local_time: datetime,
        *,
        is_trading_day: Callable[[date], bool] | None = None,
        next_trading_day: Callable[[date], date] | None = None,
        strike_multiplier: float = 1.0,
        make_symbol_data: Callable[[Any], OptionUniverse] | None = None,
    ) -> None:
        self._data = list(data)
        self.underlying = underlying
        self.local_time = local_time
        self._type = STANDARD | WEEKLY
        self._types_applied = False
        self._is_trading_day = is_trading_day
        self._next_trading_day = next_trading_day
        self._strike_multiplier = strike_multiplier or 1.0
        self._make = make_symbol_data
        # the strikes of the whole chain (LEAN computes them once per exchange date, from all
        # contracts before any filter)
        self._unique_strikes = sorted({d.strike for d in self._data})

    # -- what the universe holds --------------------------------------------------------------
    @property
    def data(self) -> list[OptionUniverse]:
        return self._data

    @property
    def count(self) -> int:
        return len(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    @property
    def symbols(self) -> list[Any]:
        return [d.symbol for d in self._data]

    def _set_symbols(self, symbols: Iterable[Any]) -> None:
        by_symbol = {d.symbol: d for d in self._data}
        out = []
        for symbol in symbols:
            found = by_symbol.get(symbol)
            if found is None and self._make is not None:
                found = self._make(symbol)
            if found is not None:
                out.append(found)
        self._data = out

    def _empty(self) -> OptionFilterUniverse:
        self._data = []
        return self

    # -- expiry types ---------------------------------------------------------------------------
    def apply_types_filter(self) -> OptionFilterUniverse:
        if self._types_applied:
            return self
        kind = self._type
        if kind == STANDARD:
            self._data = [d for d in self._data if is_standard_expiry(d.expiry)]
        elif kind == WEEKLY:
            self._data = [d for d in self._data if not is_standard_expiry(d.expiry)]
        elif kind != STANDARD | WEEKLY:
            self._data = []
        self._types_applied = True
        return self

    def standards_only(self) -> OptionFilterUniverse:
        if self._types_applied:
            raise ValueError(
                "Type filters have already been applied, please call StandardsOnly() before "
                "applying other filters such as FrontMonth() or BackMonths()"
            )
        self._type = STANDARD
        return self

    def include_weeklys(self) -> OptionFilterUniverse:
        if self._types_applied:
            raise ValueError(
                "Type filters have already been applied, please call IncludeWeeklys() before "
                "applying other filters such as FrontMonth() or BackMonths()"
            )
        self._type |= WEEKLY
        return self

    def weeklys_only(self) -> OptionFilterUniverse:
        self._type = WEEKLY
        return self

    def front_month(self) -> OptionFilterUniverse:
        self.apply_types_filter()
        if self._data:
            first = min(d.expiry for d in self._data)
            self._data = [d for d in self._data if d.expiry == first]
        return self

    def back_months(self) -> OptionFilterUniverse:
        self.apply_types_filter()
        if self._data:
            first = min(d.expiry for d in self._data)
            self._data = sorted(
                (d for d in self._data if d.expiry != first), key=lambda d: d.expiry
            )
        return self

    def back_month(self) -> OptionFilterUniverse:
        return self.back_months().front_month()

    # -- strikes and expiries -------------------------------------------------------------------
    def strikes(self, min_strike: int, max_strike: int) -> OptionFilterUniverse:
        """Contracts within ``min_strike`` .. ``max_strike`` strike steps of the underlying's
        price, counted over the chain's distinct strikes."""
        if self.underlying is None:
            return self
        strikes = self._unique_strikes
        price = float(self.underlying.price) / self._strike_multiplier
        from bisect import bisect_left

        index = bisect_left(strikes, price)
        exact = index < len(strikes) and strikes[index] == price
        if not exact and index == len(strikes):
            return self._empty()
        low, high = index + int(min_strike), index + int(max_strike)
        if not exact:
            if min_strike < 0 < max_strike:
                high -= 1
            elif min_strike > 0:
                low -= 1
                high -= 1
        if low < 0:
            low = 0
        elif low >= len(strikes):
            return self._empty()
        if high < 0:
            return self._empty()
        high = min(high, len(strikes) - 1)
        lo_price, hi_price = strikes[low], strikes[high]
        self._data = [d for d in self._data if lo_price <= d.strike <= hi_price]
        return self

    def expiration(self, min_expiry: Any, max_expiry: Any) -> OptionFilterUniverse:
        """Contracts expiring between ``min_expiry`` and ``max_expiry`` (days, or timedeltas)
        after today (the next trading day when today is not one)."""
        if self.local_time is None:
            return self
        low, high = _as_days(min_expiry), _as_days(max_expiry)
        reference = self.local_time.date()
        if self._is_trading_day is not None and not self._is_trading_day(reference):
            if self._next_trading_day is not None:
                reference = self._next_trading_day(reference)
        first = reference + low
        last = reference + min(high, timedelta(days=3_650_000))
        self._data = [d for d in self._data if first <= d.expiry <= last]
        return self

    def only_apply_filter_at_market_open(self) -> OptionFilterUniverse:
        """Kept for older algorithms: filters run once a day anyway (LEAN made it a no-op)."""
        return self

    # -- rights ---------------------------------------------------------------------------------
    def calls_only(self) -> OptionFilterUniverse:
        self._data = [d for d in self._data if d.is_call]
        return self

    def puts_only(self) -> OptionFilterUniverse:
        self._data = [d for d in self._data if not d.is_call]
        return self

    # -- explicit contracts and predicates --------------------------------------------------------
    def contracts(self, contracts: Any) -> OptionFilterUniverse:
        """A list of symbols, or a function of the contracts returning symbols or contracts."""
        if callable(contracts):
            chosen = list(contracts(list(self._data)) or [])
        else:
            chosen = list(contracts or [])
        if all(isinstance(c, OptionUniverse) for c in chosen):
            self._data = chosen
        else:
            self._set_symbols(
                getattr(c, "symbol", c) if isinstance(c, OptionUniverse) else c for c in chosen
            )
        return self

    def where(self, predicate: Callable[[OptionUniverse], bool]) -> OptionFilterUniverse:
        self._data = [d for d in self._data if predicate(d)]
        return self

    def select(self, map_func: Callable[[OptionUniverse], Any]) -> OptionFilterUniverse:
        self._set_symbols(map_func(d) for d in list(self._data))
        return self

    def select_many(
        self, map_func: Callable[[OptionUniverse], Iterable[Any]]
    ) -> OptionFilterUniverse:
        self._set_symbols(s for d in list(self._data) for s in map_func(d))
        return self

    def where_contains(self, symbols: Iterable[Any]) -> OptionFilterUniverse:
        wanted = {getattr(s, "symbol", s) for s in symbols}
        self._data = [d for d in self._data if d.symbol in wanted]
        return self

    # -- the universe file's figures ------------------------------------------------------------
    def _between(self, getter: Callable[[OptionUniverse], float], low: float, high: float):
        self._data = [d for d in self._data if low <= getter(d) <= high]
        return self

    def delta(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.greeks.delta, low, high)

    def gamma(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.greeks.gamma, low, high)

    def theta(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.greeks.theta, low, high)

    def vega(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.greeks.vega, low, high)

    def rho(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.greeks.rho, low, high)

    def implied_volatility(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.implied_volatility, low, high)

    def open_interest(self, low: float, high: float) -> OptionFilterUniverse:
        return self._between(lambda d: d.open_interest, low, high)

    d, g, t, v, r, iv, oi = delta, gamma, theta, vega, rho, implied_volatility, open_interest

    # the PascalCase API
    Count = count
    Underlying = property(lambda self: self.underlying)
    LocalTime = property(lambda self: self.local_time)
    StandardsOnly = standards_only
    IncludeWeeklys = include_weeklys
    WeeklysOnly = weeklys_only
    FrontMonth = front_month
    BackMonths = back_months
    BackMonth = back_month
    Strikes = strikes
    Expiration = expiration
    OnlyApplyFilterAtMarketOpen = only_apply_filter_at_market_open
    CallsOnly = calls_only
    PutsOnly = puts_only
    Contracts = contracts
    Where = where
    Select = select
    SelectMany = select_many
    WhereContains = where_contains
    Delta, Gamma, Theta, Vega, Rho = delta, gamma, theta, vega, rho
    D, G, T, V, R = delta, gamma, theta, vega, rho
    ImpliedVolatility = IV = implied_volatility
    OpenInterest = OI = open_interest


def _as_days(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    return timedelta(days=int(value))


def apply_filter(
    function: Callable[[Any], Any] | None, universe: OptionFilterUniverse
) -> list[Any]:
    """The symbols a filter keeps: the universe it returns, or (a filter that returns nothing)
    the universe it narrowed in place; expiry types apply last as LEAN's."""
    result = universe if function is None else function(universe)
    if result is None:
        result = universe
    elif isinstance(result, list | tuple | set):
        result = universe.where_contains(result)
    if not isinstance(result, OptionFilterUniverse):
        raise TypeError(
            f"set_filter: result type {type(result).__name__} from filter function is not a valid "
            "argument, please return either a OptionFilterUniverse or a list of symbols"
        )
    result.apply_types_filter()
    return result.symbols
