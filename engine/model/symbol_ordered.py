"""``SymbolOrderedDict``: a dict keyed by symbol whose keys, values and items come in symbol order.

LEAN's DataDictionary (Common/Data/Market/DataDictionary.cs) keeps a hash table for O(1) access
and yields its keys, values and items sorted by key (``OrderBy(x => x.Key)``, Symbol's
``CompareTo``: :func:`engine.model.symbol.symbol_order`), caching the sorted list until the next
change. Every collection of a slice is one (trade and quote bars, ticks, splits, dividends,
delistings, symbol changes, option and futures chains and a chain's contracts), so an algorithm
that takes "the first" bar or contract gets the lowest symbol, whatever order the data arrived in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.model.symbol import symbol_order


class SymbolOrderedDict(dict):
    """A dict whose ``keys()``, ``values()`` and ``items()`` are lists in symbol order (lists, as
    LEAN's ExtendedDictionary returns a PyList from them to Python: algorithms index them) and
    whose iteration yields the keys in that order. The order is sorted once and kept while the
    keys stay the same, as LEAN caches it.

    Changes are left to dict (the loop fills these a bar at a time, and a Python ``__setitem__``
    or ``__delitem__`` slows every assignment): the kept order is checked against the keys (a set
    comparison in C) when it is read."""

    _order: list[Any] | None = None
    _order_keys: frozenset[Any] = frozenset()

    def ordered_keys(self) -> list[Any]:
        """The keys in symbol order (one sort per change of the keys)."""
        order = self._order
        if order is None or dict.keys(self) != self._order_keys:
            order = self._order = sorted(dict.keys(self), key=symbol_order)
            self._order_keys = frozenset(order)
        return order

    def __iter__(self) -> Iterator[Any]:
        return iter(self.ordered_keys())

    def keys(self) -> list[Any]:  # type: ignore[override]
        return list(self.ordered_keys())

    def values(self) -> list[Any]:  # type: ignore[override]
        get = dict.__getitem__
        return [get(self, k) for k in self.ordered_keys()]

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        get = dict.__getitem__
        return [(k, get(self, k)) for k in self.ordered_keys()]
