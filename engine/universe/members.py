"""Collections of universe members with the C# dictionary/set members LEAN's Python API exposes."""

from __future__ import annotations

from typing import Any

from engine.model.pairs import KeyValuePair


class SymbolDict(dict):
    """A dict keyed by Symbol with the C# dictionary members algorithms use (``count``,
    ``contains_key``)."""

    @property
    def count(self) -> int:
        return len(self)

    def contains_key(self, key: Any) -> bool:
        return key in self

    Count = count
    ContainsKey = contains_key


class SecurityDict(SymbolDict):
    """Symbol -> Security that iterates as C# dictionaries do in LEAN's Python API: pairs with
    ``key`` and ``value`` (``for kvp in self.active_securities: kvp.value``)."""

    def __iter__(self) -> Any:
        return iter([KeyValuePair(k, v) for k, v in dict.items(self)])


class SymbolSet(set):
    """The symbols of a universe's last selection (LEAN ``Universe.Selected``, a HashSet)."""

    @property
    def count(self) -> int:
        return len(self)

    def contains(self, symbol: Any) -> bool:
        return symbol in self

    Count = count
    Contains = contains
