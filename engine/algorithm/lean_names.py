"""LEAN names that ``from AlgorithmImports import *`` gives and that have no better home in a lower
layer: time zone names, small utility classes, clr-era collection types and interfaces used as type
hints. Each follows the LEAN source file named in its docstring.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from engine.data.trading_days import (
    each_day,
    each_tradeable_day,
    each_tradeable_day_in_time_zone,
)
from engine.model.enums import Resolution
from engine.model.symbol import Symbol


class TimeZones:
    """IANA names of LEAN's Common/TimeZones.cs (``TimeZones.NEW_YORK``); the algorithm's
    ``set_time_zone`` and the data configs take these strings."""

    UTC = Utc = "UTC"
    NEW_YORK = NewYork = "America/New_York"
    EASTERN_STANDARD = EasternStandard = "Etc/GMT+5"  # LEAN: fixed UTC-05
    LONDON = London = "Europe/London"
    HONG_KONG = HongKong = "Asia/Hong_Kong"
    TOKYO = Tokyo = "Asia/Tokyo"
    ROME = Rome = "Europe/Rome"
    SYDNEY = Sydney = "Australia/Sydney"
    VANCOUVER = Vancouver = "America/Vancouver"
    TORONTO = Toronto = "America/Toronto"
    CHICAGO = Chicago = "America/Chicago"
    LOS_ANGELES = LosAngeles = "America/Los_Angeles"
    PHOENIX = Phoenix = "America/Phoenix"
    AUCKLAND = Auckland = "Pacific/Auckland"
    MOSCOW = Moscow = "Europe/Moscow"
    MADRID = Madrid = "Europe/Madrid"
    BUENOS_AIRES = BuenosAires = "America/Argentina/Buenos_Aires"
    BRISBANE = Brisbane = "Australia/Brisbane"
    SAO_PAULO = SaoPaulo = "America/Sao_Paulo"
    CAIRO = Cairo = "Africa/Cairo"
    JOHANNESBURG = Johannesburg = "Africa/Johannesburg"
    ANCHORAGE = Anchorage = "America/Anchorage"
    DENVER = Denver = "America/Denver"
    DETROIT = Detroit = "America/Detroit"
    MEXICO_CITY = MexicoCity = "America/Mexico_City"
    JERUSALEM = Jerusalem = "Asia/Jerusalem"
    SHANGHAI = Shanghai = "Asia/Shanghai"
    MELBOURNE = Melbourne = "Australia/Melbourne"
    AMSTERDAM = Amsterdam = "Europe/Amsterdam"
    ATHENS = Athens = "Europe/Athens"
    BERLIN = Berlin = "Europe/Berlin"
    BUCHAREST = Bucharest = "Europe/Bucharest"
    DUBLIN = Dublin = "Europe/Dublin"
    HELSINKI = Helsinki = "Europe/Helsinki"
    ISTANBUL = Istanbul = "Europe/Istanbul"
    MINSK = Minsk = "Europe/Minsk"
    PARIS = Paris = "Europe/Paris"
    ZURICH = Zurich = "Europe/Zurich"
    HONOLULU = Honolulu = "Pacific/Honolulu"
    KOLKATA = Kolkata = "Asia/Kolkata"


class Time:
    """The constants and day ranges of LEAN's static ``Time`` class (Common/Time.cs):
    ``Time.ONE_DAY``, ``Time.each_tradeable_day(security, start, end)``..."""

    END_OF_TIME = EndOfTime = datetime(2050, 12, 31)
    START = Start = datetime(1998, 1, 2)
    BEGINNING_OF_TIME = BeginningOfTime = datetime(1899, 12, 30)  # OLE automation date 0
    MAX_TIME_SPAN = MaxTimeSpan = timedelta(days=1000 * 365)
    ONE_YEAR = OneYear = timedelta(days=365)
    ONE_DAY = OneDay = timedelta(days=1)
    ONE_HOUR = OneHour = timedelta(hours=1)
    ONE_MINUTE = OneMinute = timedelta(minutes=1)
    ONE_SECOND = OneSecond = timedelta(seconds=1)
    ONE_MILLISECOND = OneMillisecond = timedelta(milliseconds=1)

    each_day = EachDay = staticmethod(each_day)
    each_tradeable_day = EachTradeableDay = staticmethod(each_tradeable_day)
    each_tradeable_day_in_time_zone = EachTradeableDayInTimeZone = staticmethod(
        each_tradeable_day_in_time_zone
    )

    def __init__(self) -> None:
        raise TypeError("Time is a static class of constants and day ranges")


class _Event:
    """A C# event in Python: ``queue.circle_completed += handler`` (pythonnet's ``+=``/``-=``)."""

    def __init__(self) -> None:
        self._handlers: list[Callable[..., Any]] = []

    def __iadd__(self, handler: Callable[..., Any]) -> _Event:
        self._handlers.append(handler)
        return self

    def __isub__(self, handler: Callable[..., Any]) -> _Event:
        if handler in self._handlers:
            self._handlers.remove(handler)
        return self

    def fire(self, *args: Any) -> None:
        for handler in list(self._handlers):
            handler(*args)


class _Generic(type):
    """``CircularQueue[OrderType](items)``: the type argument of the clr generic is ignored."""

    def __getitem__(cls, _item: Any) -> type:
        return cls


class CircularQueue(metaclass=_Generic):
    """LEAN's Common/Util/CircularQueue.cs: ``dequeue()`` returns the next item and puts it back at
    the end; ``circle_completed`` fires when the first item comes round again."""

    def __init__(self, *items: Any) -> None:
        if len(items) == 1 and isinstance(items[0], Iterable) and not isinstance(items[0], str):
            items = tuple(items[0])
        self._items = list(items)
        self._head = self._items[0] if self._items else None
        self._queue = list(self._items)
        self.circle_completed = _Event()

    def dequeue(self) -> Any:
        item = self._queue.pop(0)
        if item is self._head or item == self._head:
            self.circle_completed.fire(self, None)
        self._queue.append(item)
        return item

    Dequeue = dequeue

    @property
    def CircleCompleted(self) -> _Event:  # noqa: N802 - the C# spelling
        return self.circle_completed

    @CircleCompleted.setter
    def CircleCompleted(self, value: _Event) -> None:  # noqa: N802
        self.circle_completed = value


class Dictionary(dict, metaclass=_Generic):
    """System.Collections.Generic.Dictionary as a type hint or a plain ``dict``
    (``Dictionary[str, str]``)."""

    def contains_key(self, key: Any) -> bool:
        return key in self

    ContainsKey = contains_key


class Currencies:
    """LEAN's Common/Currencies.cs: currency codes by name."""

    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    INR = "INR"
    IDR = "IDR"
    CNH = "CNH"
    CHF = "CHF"
    HKD = "HKD"
    JPY = "JPY"
    USDT = "USDT"
    USDC = "USDC"
    BUSD = "BUSD"
    NULL_CURRENCY = NullCurrency = "QCC"


def _json_plain(value: Any) -> Any:
    """An object as Newtonsoft would serialize it: its public fields (others as text)."""
    fields = getattr(value, "__dict__", None)
    if fields is None and hasattr(value, "__slots__"):
        fields = {name: getattr(value, name, None) for name in value.__slots__}
    if fields is None:
        return str(value)
    return {k: v for k, v in fields.items() if not k.startswith("_") and not callable(v)}


class JsonConvert:
    """``Newtonsoft.Json.JsonConvert`` as Python algorithms use it: (de)serialize with ``json``."""

    @staticmethod
    def serialize_object(value: Any, *args: Any) -> str:
        return json.dumps(value, default=_json_plain, separators=(",", ":"))

    @staticmethod
    def deserialize_object(text: str, *args: Any) -> Any:
        return json.loads(text)

    SerializeObject = serialize_object
    DeserializeObject = deserialize_object


class RegressionTestException(Exception):
    """LEAN's ``RegressionTestException``: what regression algorithms raise when a check fails."""


class IndicatorResult:
    """LEAN's Indicators/IndicatorResult.cs: a value a composer or ``compute_next_value`` returns."""

    def __init__(self, value: float, status: Any = None) -> None:
        self.value = float(value)
        self.status = status

    Value = property(lambda self: self.value)
    Status = property(lambda self: self.status)


class SymbolCache:
    """LEAN's Common/SymbolCache.cs: the ticker -> Symbol map of the securities added so far.

    ``engine.algorithm.securities`` registers every symbol it creates; ``try_get_symbol`` returns
    LEAN's Python tuple ``(found, symbol)``."""

    _symbols: dict[str, Symbol] = {}

    @classmethod
    def set(cls, ticker: str, symbol: Symbol) -> None:
        cls._symbols[str(ticker).upper()] = symbol

    @classmethod
    def try_get_symbol(cls, ticker: str, _symbol: Any = None) -> tuple[bool, Symbol | None]:
        symbol = cls._symbols.get(str(ticker).upper())
        return symbol is not None, symbol

    @classmethod
    def get_symbol(cls, ticker: str) -> Symbol:
        found, symbol = cls.try_get_symbol(ticker)
        if not found:
            raise KeyError(
                f"We were unable to locate the ticker '{ticker}' in the symbol cache; add it first"
            )
        return symbol  # type: ignore[return-value]

    @classmethod
    def try_get_ticker(cls, symbol: Symbol, _ticker: Any = None) -> tuple[bool, str | None]:
        for ticker, known in cls._symbols.items():
            if known == symbol:
                return True, ticker
        return False, None

    @classmethod
    def clear(cls) -> None:
        cls._symbols.clear()

    @classmethod
    def remove(cls, symbol_or_ticker: Any) -> bool:
        key = next((t for t, s in cls._symbols.items() if s == symbol_or_ticker), None)
        key = key or str(symbol_or_ticker).upper()
        return cls._symbols.pop(key, None) is not None

    Set = set
    TryGetSymbol = try_get_symbol
    GetSymbol = get_symbol
    TryGetTicker = try_get_ticker
    Clear = clear
    Remove = remove


class SecurityDataFilter:
    """LEAN's Common/Securities/SecurityDataFilter.cs: ``filter(security, data)`` -> keep the data
    point? The default keeps everything; a user subclass is installed with
    ``security.set_data_filter(...)`` and asked for every point of that security."""

    def __init__(self, *args: Any) -> None:
        pass

    def filter(self, vehicle: Any, data: Any) -> bool:  # noqa: A003 - LEAN's name
        return True

    def Filter(self, vehicle: Any, data: Any) -> bool:  # noqa: N802
        return self.filter(vehicle, data)


class FuncRiskFreeRateInterestRateModel:
    """LEAN's Common/Data/FuncRiskFreeRateInterestRateModel.cs: the risk-free rate of a date is
    ``func(date)``."""

    def __init__(self, func: Callable[[datetime], float]) -> None:
        self._func = func

    def get_interest_rate(self, date: datetime) -> float:
        return float(self._func(date))

    GetInterestRate = get_interest_rate


class FuncBenchmark:
    """LEAN's Common/Benchmarks/FuncBenchmark.cs: the benchmark value at a time is ``func(time)``;
    ``set_benchmark`` and a brokerage model's ``get_benchmark`` may return one."""

    def __init__(self, func: Callable[[datetime], float]) -> None:
        self._func = func

    def evaluate(self, time: datetime) -> float:
        return float(self._func(time))

    __call__ = Evaluate = evaluate


class Random:
    """System.Random with a seed: .NET's subtractive generator (Knuth), so a seeded sequence is the
    one a LEAN algorithm draws (System.Private.CoreLib Random.Net5CompatImpl)."""

    _MBIG = 2147483647
    _MSEED = 161803398

    def __init__(self, seed: int | None = None) -> None:
        if seed is None:
            import random as _random

            seed = _random.randrange(2**31)
        seed = int(seed)
        subtraction = 2147483647 if seed == -(2**31) else abs(seed)
        table = [0] * 56
        mj = self._MSEED - subtraction
        table[55] = mj
        mk = 1
        ii = 0
        for _ in range(1, 55):
            ii += 21
            if ii >= 55:
                ii -= 55
            table[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += self._MBIG
            mj = table[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55:
                    n -= 55
                table[i] -= table[1 + n]
                if table[i] < 0:
                    table[i] += self._MBIG
        self._table = table
        self._inext = 0
        self._inextp = 21

    def _internal_sample(self) -> int:
        inext = self._inext + 1
        if inext >= 56:
            inext = 1
        inextp = self._inextp + 1
        if inextp >= 56:
            inextp = 1
        value = self._table[inext] - self._table[inextp]
        if value == self._MBIG:
            value -= 1
        if value < 0:
            value += self._MBIG
        self._table[inext] = value
        self._inext, self._inextp = inext, inextp
        return value

    def _sample(self) -> float:
        return self._internal_sample() * (1.0 / self._MBIG)

    def next(self, a: int | None = None, b: int | None = None) -> int:  # noqa: A003 - .NET name
        """``next()``, ``next(max_value)`` or ``next(min_value, max_value)`` (max exclusive)."""
        if a is None:
            return self._internal_sample()
        if b is None:
            return int(self._sample() * a)
        return int(self._sample() * (int(b) - int(a))) + int(a)

    def next_double(self) -> float:
        return self._sample()

    Next = next
    NextDouble = next_double


class _Interface:
    """Interfaces used only as type hints or base classes (``IAlgorithm``, ``IPortfolioTarget``)."""


class IAlgorithm(_Interface):
    pass


class Object:  # noqa: A001 - System.Object, as Python algorithms import it
    """``System.Object``: ``Object.reference_equals(a, b)`` is whether both are the same object."""

    @staticmethod
    def reference_equals(a: Any, b: Any) -> bool:
        return a is b

    ReferenceEquals = reference_equals


class Extensions:
    """The LEAN Common/Extensions.cs helpers Python algorithms call."""

    @staticmethod
    def round_to_significant_digits(value: float, digits: int) -> float:
        if value == 0:
            return 0.0
        from decimal import Decimal

        d = Decimal(str(value))
        return float(round(d, digits - d.adjusted() - 1))

    RoundToSignificantDigits = round_to_significant_digits

    @staticmethod
    def read_lines(data_provider: Any, file: str) -> list[str]:
        from engine.data.data_provider import read_lines

        return read_lines(data_provider, file)

    ReadLines = read_lines

    @staticmethod
    def convert_from_utc(time: Any, to: Any, strict: bool = False) -> Any:
        """A UTC instant (naive means UTC) as naive local time in the zone ``to``."""
        from datetime import UTC

        from engine.model.security import as_tz

        aware = time if time.tzinfo is not None else time.replace(tzinfo=UTC)
        return aware.astimezone(as_tz(to)).replace(tzinfo=None)

    @staticmethod
    def convert_to_utc(time: Any, from_zone: Any, strict: bool = False) -> Any:
        """A naive local time of the zone ``from_zone`` as naive UTC."""
        from datetime import UTC

        from engine.model.security import as_tz

        aware = time if time.tzinfo is not None else time.replace(tzinfo=as_tz(from_zone))
        return aware.astimezone(UTC).replace(tzinfo=None)

    ConvertFromUtc = convert_from_utc
    ConvertToUtc = convert_to_utc

    @staticmethod
    def is_option(security_type: Any) -> bool:
        """Whether a security type is an option (equity, index or future option)."""
        from engine.model import SecurityType

        return SecurityType(int(security_type)) in (
            SecurityType.OPTION,
            SecurityType.INDEX_OPTION,
            SecurityType.FUTURE_OPTION,
        )

    @staticmethod
    def get_order_direction(quantity: float) -> Any:
        """The direction of an order of ``quantity`` (LEAN's Extensions.GetOrderDirection)."""
        from engine.execution.option_exercise import order_direction

        return order_direction(quantity)

    IsOption = is_option
    GetOrderDirection = get_order_direction

    @staticmethod
    def tick_type_to_lower(tick_type: Any) -> str:
        """``TickType.TRADE`` -> ``"trade"``: the word LEAN's file names use (Common/Extensions.cs)."""
        from engine.model import TickType

        return TickType(int(tick_type)).name.lower()

    TickTypeToLower = tick_type_to_lower

    @staticmethod
    def convert_to(value: Any, source_time_zone: Any, target_time_zone: Any) -> Any:
        """A naive time in ``source_time_zone`` as the naive time in ``target_time_zone``
        (Common/Extensions.cs ConvertTo)."""
        from zoneinfo import ZoneInfo

        source, target = str(source_time_zone), str(target_time_zone)
        if source == target:
            return value
        aware = value.replace(tzinfo=ZoneInfo(source))
        return aware.astimezone(ZoneInfo(target)).replace(tzinfo=None)

    ConvertTo = convert_to

    @staticmethod
    def to_higher_resolution_equivalent(span: Any, require_exact_match: bool) -> Resolution:
        from datetime import timedelta

        steps = [
            (timedelta(0), Resolution.TICK),
            (timedelta(seconds=1), Resolution.SECOND),
            (timedelta(minutes=1), Resolution.MINUTE),
            (timedelta(hours=1), Resolution.HOUR),
            (timedelta(days=1), Resolution.DAILY),
        ]
        for limit, resolution in reversed(steps):
            if span >= limit:
                if require_exact_match and span != limit:
                    raise ValueError(f"Unable to find an exact resolution match for {span}")
                return resolution
        return Resolution.TICK


__all__ = [
    "RegressionTestException",
    "Currencies",
    "JsonConvert",
    "CircularQueue",
    "Dictionary",
    "Extensions",
    "Object",
    "FuncBenchmark",
    "FuncRiskFreeRateInterestRateModel",
    "IAlgorithm",
    "IndicatorResult",
    "Random",
    "SecurityDataFilter",
    "SymbolCache",
    "Time",
    "TimeZones",
]
