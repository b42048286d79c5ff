"""``KeyValuePair``: what iterating a C# dictionary yields in LEAN's Python API."""

from __future__ import annotations

from typing import Any, NamedTuple


class KeyValuePair(NamedTuple):
    """A dictionary entry with ``key``/``value`` (and C#'s ``Key``/``Value``); being a tuple, it
    also unpacks as ``for key, value in ...``."""

    key: Any
    value: Any

    Key = property(lambda self: self.key)
    Value = property(lambda self: self.value)
