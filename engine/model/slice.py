"""``Slice``: the data of one time step handed to ``on_data``, and ``SecurityChanges``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from engine.model.pairs import KeyValuePair
from engine.model.symbol import Symbol
from engine.model.symbol_ordered import SymbolOrderedDict


class DataDictionary(SymbolOrderedDict):
    """A dict keyed by ``Symbol`` that also accepts ticker strings (``Symbol`` hashes like its ticker),
    in symbol order as LEAN's DataDictionary (:mod:`engine.model.symbol_ordered`).

    Iterating yields ``KeyValuePair`` entries (``kvp.key``, ``kvp.value``), as iterating LEAN's
    ``DataDictionary`` does from Python; ``keys()``, ``values()``, ``items()`` (lists) and ``in``
    work as for a dict."""

    def __iter__(self) -> Iterator[KeyValuePair]:  # type: ignore[override]
        return (KeyValuePair(k, v) for k, v in self.items())

    def contains_key(self, key: object) -> bool:
        return key in self

    def try_get_value(self, key: object):
        value = self.get(key)
        return (value is not None), value

    ContainsKey = contains_key
    TryGetValue = try_get_value

    @property
    def Keys(self):  # noqa: N802
        return self.keys()

    @property
    def Values(self):  # noqa: N802
        return self.values()

    @property
    def count(self) -> int:
        return len(self)

    Count = count

    def __getitem__(self, key: object):
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            raise KeyError(
                f"'{key}' wasn't found in the {type(self).__name__} object, likely because there was no data for "
                f"this time step. Use `if data.contains_key(symbol)` (or `data.get(symbol)`) before indexing."
            ) from None


class TradeBars(DataDictionary):
    pass


class QuoteBars(DataDictionary):
    pass


class Ticks(DataDictionary):
    pass


class Splits(DataDictionary):
    pass


class Dividends(DataDictionary):
    pass


class Delistings(DataDictionary):
    pass


class SymbolChangedEvents(DataDictionary):
    pass


_EMPTY_TB = TradeBars()
_EMPTY_QB = QuoteBars()


class SliceGet:
    """``slice.get``: called as ``get(key, default)``, or indexed by a type as LEAN's generic
    ``Get<T>()`` is written from Python (``slice.get[MarginInterestRate]()``)."""

    __slots__ = ("_slice",)

    def __init__(self, owner: Slice) -> None:
        self._slice = owner

    def __call__(self, key: object, default: Any = None) -> Any:
        return self._slice.get_data(key, default)

    def __getitem__(self, data_type: type) -> Any:
        return lambda *symbol: self._slice.get_data(data_type, *symbol)


class MadeOnRead:
    """A collection attribute of :class:`Slice` kept in the slot ``_<name>``: ``None`` until read,
    then an empty collection made once. Most steps carry no ticks, splits, dividends,
    delistings or renames, and the loop builds a slice a step."""

    def __init__(self, factory: type) -> None:
        self.factory = factory
        self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = getattr(instance, self.slot)
        if value is None:
            value = self.factory()
            setattr(instance, self.slot, value)
        return value

    def __set__(self, instance: object, value: Any) -> None:
        setattr(instance, self.slot, value)


class Slice:
    """All data of one time step. ``slice[symbol]`` gives the symbol's TradeBar (else QuoteBar, else ticks)."""

    __slots__ = (
        "time",
        "bars",
        "quote_bars",
        "_ticks",
        "_splits",
        "_dividends",
        "_delistings",
        "_symbol_changed_events",
        "_data",
        "has_data",
        "utc_time",
        "custom",
        "_chain_source",
        "_option_chains",
        "_future_chains",
    )
    ticks = MadeOnRead(Ticks)
    splits = MadeOnRead(Splits)
    dividends = MadeOnRead(Dividends)
    delistings = MadeOnRead(Delistings)
    symbol_changed_events = MadeOnRead(SymbolChangedEvents)

    def __init__(
        self,
        time: datetime,
        bars: TradeBars | None = None,
        quote_bars: QuoteBars | None = None,
        ticks: Ticks | None = None,
        splits: Splits | None = None,
        dividends: Dividends | None = None,
        has_data: bool = True,
        utc_time: datetime | None = None,
        custom: DataDictionary | None = None,
        delistings: Delistings | None = None,
        symbol_changed_events: SymbolChangedEvents | None = None,
        chain_source: Any = None,
    ) -> None:
        self.time = time
        # ``chain_source(slice)`` builds the slice's option chains when first read (the run sets
        # it when the algorithm has options)
        self._chain_source = chain_source
        self._option_chains: Any = None
        self.custom = custom  # custom data points (PythonData) by symbol
        self.utc_time = utc_time
        self.bars = bars if bars is not None else TradeBars()
        self.quote_bars = quote_bars if quote_bars is not None else QuoteBars()
        self._ticks = ticks
        self._splits = splits
        self._dividends = dividends
        self._delistings = delistings
        self._symbol_changed_events = symbol_changed_events
        self.has_data = has_data
        self._data: DataDictionary | None = None
        self._future_chains: Any = None

    @property
    def future_chains(self) -> Any:
        """The futures chains of the step (``engine.model.futures_chain``), made when read."""
        chains = self._future_chains
        if chains is None:
            from engine.model.futures_chain import build_future_chains

            sources = [self.bars.values(), self.quote_bars.values()]
            if self._ticks:
                sources.extend(self._ticks.values())
            chains = self._future_chains = build_future_chains(self.time, sources)
        return chains

    futures_chains = future_chains

    @property
    def option_chains(self) -> Any:
        """Canonical option symbol -> the OptionChain of its contracts with data in this slice."""
        chains = self._option_chains
        if chains is None:
            if self._chain_source is not None:
                chains = self._chain_source(self)
            else:
                from engine.model.option_chain import OptionChains

                chains = OptionChains()
            self._option_chains = chains
        return chains

    def _all(self) -> DataDictionary:
        data = self._data
        if data is None:
            data = DataDictionary()
            if self.custom:
                data.update(self.custom)
            for source in (self.ticks, self.quote_bars, self.bars):
                data.update(source)
            # as LEAN's Slice, a symbol with only auxiliary data (a symbol change, a delisting, a
            # split, a dividend) is a key whose value is null (Common/Data/Slice.cs)
            for source in (
                self._dividends,
                self._splits,
                self._delistings,
                self._symbol_changed_events,
            ):
                if source:
                    for symbol in source.keys():
                        if symbol not in data:
                            data[symbol] = None
            self._data = data
        return data

    def __getitem__(self, key: object) -> Any:
        bar = self.bars.get(key)
        if bar is not None:
            return bar
        data = self._all()
        if key in data:
            return data[key]
        if self._has_auxiliary(key):
            # LEAN's Slice keeps an entry for a symbol with only auxiliary data (a dividend, a
            # split, a delisting) whose value is null (Common/Data/Slice.cs SymbolData.GetData)
            return None
        raise KeyError(
            f"'{key}' wasn't found in the Slice object, likely because there was no data for this time step. "
            f"Use `if data.contains_key(symbol)` (or `data.get(symbol)`) before indexing."
        )

    def _has_auxiliary(self, key: object) -> bool:
        return any(
            key in source
            for source in (
                self._dividends,
                self._splits,
                self._delistings,
                self._symbol_changed_events,
            )
            if source
        )

    def __contains__(self, key: object) -> bool:
        return key in self.bars or key in self._all() or self._has_auxiliary(key)

    def contains_key(self, key: object) -> bool:
        return key in self

    @property
    def get(self) -> SliceGet:
        """``get(symbol)``; ``get(Type)``: that type's points by symbol; ``get(Type, symbol)``:
        the type's point of ``symbol`` (LEAN ``Slice.Get<T>(symbol)``), ``None`` when absent; and
        LEAN's generic spelling in Python, ``get[Type]()``."""
        return SliceGet(self)

    def get_data(self, key: object, default: Any = None) -> Any:
        """What ``get`` returns."""
        if isinstance(key, type):
            by_type = self._by_type(key)
            return by_type if default is None else by_type.get(default)
        bar = self.bars.get(key)
        if bar is not None:
            return bar
        return self._all().get(key, default)

    def _by_type(self, cls: type) -> DataDictionary:
        from engine.model.data import (
            Delisting,
            Dividend,
            QuoteBar,
            Split,
            SymbolChangedEvent,
            Tick,
            TradeBar,
        )

        mapping = {
            TradeBar: self.bars,
            QuoteBar: self.quote_bars,
            Tick: self.ticks,
            Split: self.splits,
            Dividend: self.dividends,
            Delisting: self.delistings,
            SymbolChangedEvent: self.symbol_changed_events,
        }
        found = mapping.get(cls)
        if found is not None:
            return found
        out = DataDictionary()
        for symbol, point in (self.custom or {}).items():
            if isinstance(point, cls):
                out[symbol] = point
        return out

    # lists, as LEAN's ExtendedDictionary (Common/ExtendedDictionary.cs) returns a PyList from
    # keys()/values()/items(): algorithms index them (``data.keys()[0]``). LEAN's Slice keeps its
    # data in a DataDictionary, so all three come in symbol order; keys() has every symbol of the
    # step, values() and items() one entry per data point (each tick of a symbol in turn, nothing
    # for a symbol with only auxiliary data), as Slice.GetKeyValuePairEnumerable (Common/Data/Slice.cs)
    def keys(self) -> list[Any]:
        return self._all().keys()

    def _points(self) -> Iterator[tuple[Any, Any]]:
        for symbol, data in self._all().items():
            if data is None:
                continue
            if isinstance(data, list):
                for point in data:
                    yield symbol, point
            else:
                yield symbol, data

    def values(self) -> list[Any]:
        return [point for _, point in self._points()]

    def items(self) -> list[tuple[Any, Any]]:
        return list(self._points())

    def __iter__(self) -> Iterator[KeyValuePair]:
        return (KeyValuePair(k, v) for k, v in self._points())

    def __len__(self) -> int:
        return len(self._all())

    @property
    def count(self) -> int:
        return len(self._all())

    @property
    def all_data(self) -> list:
        out: list = []
        for source in (
            self.bars,
            self.quote_bars,
            self.splits,
            self.dividends,
            self.delistings,
            self.symbol_changed_events,
            self.custom or {},
        ):
            out.extend(source.values())
        for ticks in self.ticks.values():
            out.extend(ticks)
        return out

    def __repr__(self) -> str:
        return f"Slice({self.time:%Y-%m-%d %H:%M:%S}, {list(self._all().keys())})"

    # PascalCase API
    Time = property(lambda self: self.time)
    Bars = property(lambda self: self.bars)
    QuoteBars = property(lambda self: self.quote_bars)
    Ticks = property(lambda self: self.ticks)
    Splits = property(lambda self: self.splits)
    Dividends = property(lambda self: self.dividends)
    Delistings = property(lambda self: self.delistings)
    SymbolChangedEvents = property(lambda self: self.symbol_changed_events)
    FutureChains = FuturesChains = property(lambda self: self.future_chains)
    HasData = property(lambda self: self.has_data)
    OptionChains = option_chains
    Keys = property(lambda self: list(self.keys()))
    Values = property(lambda self: list(self.values()))
    Count = property(lambda self: self.count)
    AllData = property(lambda self: self.all_data)
    ContainsKey = contains_key
    Get = get


class SecurityChanges:
    """Securities added to / removed from the algorithm in one step."""

    def __init__(self, added: list | None = None, removed: list | None = None) -> None:
        self.added_securities = list(added or [])
        self.removed_securities = list(removed or [])

    @property
    def count(self) -> int:
        return len(self.added_securities) + len(self.removed_securities)

    def __repr__(self) -> str:
        added = ", ".join(str(s.symbol) for s in self.added_securities)
        removed = ", ".join(str(s.symbol) for s in self.removed_securities)
        return f"SecurityChanges: Added: {added} Removed: {removed}"

    __str__ = __repr__

    def __add__(self, other: SecurityChanges) -> SecurityChanges:
        """LEAN's ``SecurityChanges + SecurityChanges``: the additions of both (once each), and
        the removals of both that are not added again."""
        if other is None or not other.count:
            return self
        if not self.count:
            return other
        added = list(dict.fromkeys([*self.added_securities, *other.added_securities]))
        removed = [
            s
            for s in dict.fromkeys([*self.removed_securities, *other.removed_securities])
            if s not in added
        ]
        return SecurityChanges(added, removed)

    AddedSecurities = property(lambda self: self.added_securities)
    RemovedSecurities = property(lambda self: self.removed_securities)
    Count = property(lambda self: self.count)

    NONE: SecurityChanges


SecurityChanges.NONE = SecurityChanges()


def _symbol_key(value: object) -> object:
    return value if isinstance(value, Symbol | str) else str(value)


def dictionaries_by_time(by_symbol: dict[Any, list[Any]]) -> list[DataDictionary]:
    """Points of several symbols as one DataDictionary per end time, in time order: what LEAN's
    history of data objects for several symbols returns (one dictionary per time step)."""
    steps: dict[Any, DataDictionary] = {}
    for symbol, points in by_symbol.items():
        for point in points:
            steps.setdefault(point.end_time, DataDictionary())[symbol] = point
    return [steps[t] for t in sorted(steps)]
