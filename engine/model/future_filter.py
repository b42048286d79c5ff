"""``future.set_filter(...)``: the contract filter of a future chain (LEAN's
Common/Securities/Future/FutureFilterUniverse.cs over ContractSecurityFilterUniverse.cs).

Each day the chain's listed contracts (``engine.data.future_chain``) go through the filter as
``FutureUniverse`` rows; the filter returns the contracts to subscribe. Without ``set_filter`` a
chain selects nothing (LEAN's EmptyContractFilter). After the user's function LEAN applies the
standard/weekly type filter; contracts made from LEAN's contract-month expiry rules are all
standard ones, so ``weeklys_only()`` keeps none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from engine.common.naming import PascalCaseAttributes

STANDARD, WEEKLY = 1, 2


class FutureUniverse(PascalCaseAttributes):
    """One contract of a chain's day: its symbol and the universe file's row (LEAN's
    Common/Data/UniverseSelection/FutureUniverse.cs)."""

    __slots__ = (
        "symbol",
        "time",
        "open",
        "high",
        "low",
        "close",
        "volume",
        "open_interest",
    )

    def __init__(self, symbol: Any, time: datetime | None = None, row: Any = None) -> None:
        self.symbol = symbol
        self.time = time
        self.open = getattr(row, "open", 0.0)
        self.high = getattr(row, "high", 0.0)
        self.low = getattr(row, "low", 0.0)
        self.close = getattr(row, "close", 0.0)
        self.volume = getattr(row, "volume", 0.0)
        self.open_interest = getattr(row, "open_interest", None) or 0.0

    @property
    def id(self) -> Any:
        return self.symbol.id

    @property
    def expiry(self) -> datetime:
        return self.symbol.id.date

    @property
    def value(self) -> float:
        return self.close

    price = value

    def __repr__(self) -> str:
        return f"FutureUniverse({self.symbol})"


def _as_timedelta(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float):
        return timedelta(days=value)
    raise TypeError(f"an expiry bound is a timedelta or a number of days, not {value!r}")


class FutureFilterUniverse(PascalCaseAttributes):
    """The contracts a filter function narrows; each method returns the universe itself."""

    __slots__ = ("data", "local_time", "_type", "_types_applied")

    def __init__(self, data: Iterable[FutureUniverse], local_time: datetime) -> None:
        self.data: list[FutureUniverse] = list(data)
        self.local_time = local_time
        self._type = STANDARD | WEEKLY
        self._types_applied = False

    # -- expiration types ------------------------------------------------------------------------
    def apply_types_filter(self) -> FutureFilterUniverse:
        if self._types_applied:
            return self
        if self._type == WEEKLY:
            self.data = []  # every listed contract follows its ticker's standard expiry rule
        elif self._type not in (STANDARD, STANDARD | WEEKLY):
            self.data = []
        self._types_applied = True
        return self

    def _before_types(self, name: str) -> None:
        if self._types_applied:
            raise ValueError(
                f"Type filters have already been applied, please call {name}() before applying "
                "other filters such as FrontMonth() or BackMonths()"
            )

    def standards_only(self) -> FutureFilterUniverse:
        self._before_types("StandardsOnly")
        self._type = STANDARD
        return self

    def include_weeklys(self) -> FutureFilterUniverse:
        self._before_types("IncludeWeeklys")
        self._type |= WEEKLY
        return self

    def weeklys_only(self) -> FutureFilterUniverse:
        self._type = WEEKLY
        return self

    # -- months and expiries -------------------------------------------------------------------
    def front_month(self) -> FutureFilterUniverse:
        self.apply_types_filter()
        ordered = sorted(self.data, key=lambda c: c.symbol.id.date)
        if ordered:
            first = ordered[0].symbol.id.date
            self.data = [c for c in ordered if c.symbol.id.date == first]
        return self

    def back_months(self) -> FutureFilterUniverse:
        self.apply_types_filter()
        ordered = sorted(self.data, key=lambda c: c.symbol.id.date)
        if ordered:
            first = ordered[0].symbol.id.date
            self.data = [c for c in ordered if c.symbol.id.date != first]
        return self

    def back_month(self) -> FutureFilterUniverse:
        return self.back_months().front_month()

    def expiration(self, min_expiry: Any, max_expiry: Any) -> FutureFilterUniverse:
        """Contracts expiring (by date) within [today + min_expiry, today + max_expiry]."""
        if self.local_time is None:
            return self
        today = datetime(self.local_time.year, self.local_time.month, self.local_time.day)
        low = today + _as_timedelta(min_expiry)
        try:
            high = today + _as_timedelta(max_expiry)
        except OverflowError:
            high = datetime.max
        self.data = [
            c
            for c in self.data
            if low <= datetime.combine(c.symbol.id.date.date(), datetime.min.time()) <= high
        ]
        return self

    def expiration_cycle(self, months: Iterable[int]) -> FutureFilterUniverse:
        wanted = set(months)
        self.data = [c for c in self.data if c.symbol.id.date.month in wanted]
        return self

    def contracts(self, contracts: Any) -> FutureFilterUniverse:
        """A list of symbols or rows, or a function of the rows returning symbols or rows."""
        if callable(contracts):
            contracts = contracts(list(self.data))
        by_symbol = {c.symbol: c for c in self.data}
        out = []
        for item in contracts:
            if isinstance(item, FutureUniverse):
                out.append(item)
            else:
                out.append(by_symbol.get(item) or FutureUniverse(item, self.local_time))
        self.data = out
        return self

    def where(self, predicate: Callable[[FutureUniverse], bool]) -> FutureFilterUniverse:
        self.data = [c for c in self.data if predicate(c)]
        return self

    def select(self, selector: Callable[[FutureUniverse], Any]) -> FutureFilterUniverse:
        return self.contracts([selector(c) for c in self.data])

    def only_apply_filter_at_market_open(self) -> FutureFilterUniverse:
        """Kept for old algorithms: LEAN filters once a day anyway."""
        return self

    @property
    def count(self) -> int:
        return len(self.data)

    def __iter__(self) -> Any:
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)

    @property
    def symbols(self) -> list[Any]:
        return [c.symbol for c in self.data]


class ContractFilter:
    """The filter ``set_filter`` installs: a function of the filter universe."""

    def __init__(self, function: Callable[[FutureFilterUniverse], Any] | None) -> None:
        self.function = function

    @classmethod
    def from_arguments(cls, *args: Any) -> ContractFilter:
        """``set_filter(min, max)`` (timedeltas or days) or ``set_filter(function)``."""
        if len(args) == 1 and callable(args[0]):
            return cls(args[0])
        if len(args) == 2:
            low, high = _as_timedelta(args[0]), _as_timedelta(args[1])
            return cls(lambda universe: universe.expiration(low, high))
        raise TypeError(
            "set_filter takes (min_expiry, max_expiry) as timedeltas or days, or a function of "
            "the FutureFilterUniverse"
        )

    def filter(self, universe: FutureFilterUniverse) -> list[Any]:
        if self.function is None:
            return []
        result = self.function(universe)
        if result is None:
            result = universe
        if not isinstance(result, FutureFilterUniverse):
            raise TypeError(
                "a future filter function returns the FutureFilterUniverse it was given "
                f"(got {type(result).__name__})"
            )
        return result.apply_types_filter().symbols
