"""The runner hook: every consolidator of an algorithm, by symbol (the algorithm's ``_consolidators``, read by the loop through ``AlgorithmRuntime``).

The time loop calls, once per time step (steps of LEAN's Engine/AlgorithmManager.cs):
- ``scan_past(ns)`` in steps 2-3, before the clock moves to the step's time ``ns`` (UTC nanoseconds):
  time-based bars whose period ended strictly before ``ns`` are emitted (LEAN ``ScanPastConsolidators``);
- ``update(point)`` in step 16 for every non-internal slice point, fill-forward points included
  (splits and dividends are ignored by type), then ``scan(ns)``.
Times are converted to each symbol's exchange time zone (the zone of the data's ``time``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from engine.model.data import QuoteBar, Tick, TradeBar
from engine.model.enums import TickType


def tick_type_of(data: Any) -> TickType | None:
    """The tick type of a data point (None for custom data)."""
    if isinstance(data, TradeBar):
        return TickType.TRADE
    if isinstance(data, QuoteBar):
        return TickType.QUOTE
    if isinstance(data, Tick):
        return TickType(int(data.tick_type))
    return None


class ConsolidatorRegistry:
    def __init__(self, time_zone_of: Callable[[Any], str]) -> None:
        self.by_symbol: dict[Any, list[Any]] = {}  # symbol -> consolidators (read by the loop)
        self._tz_of = time_zone_of
        self._zones: dict[Any, str] = {}
        # consolidator id -> the only tick type it is fed (LEAN pipes a consolidator from one
        # subscription: the one of the requested tick type; Common/Data/SubscriptionManager.cs)
        self._tick_types: dict[int, TickType] = {}

    def __bool__(self) -> bool:
        return bool(self.by_symbol)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_symbol.values())

    def add(self, symbol: Any, consolidator: Any, tick_type: Any = None) -> None:
        self.by_symbol.setdefault(symbol, []).append(consolidator)
        if tick_type is not None:
            self._tick_types[id(consolidator)] = TickType(int(tick_type))
        if symbol not in self._zones:
            self._zones[symbol] = self._tz_of(symbol)

    def remove(self, symbol: Any, consolidator: Any) -> bool:
        items = self.by_symbol.get(symbol)
        if not items or consolidator not in items:
            return False
        items.remove(consolidator)
        self._tick_types.pop(id(consolidator), None)
        if not items:
            del self.by_symbol[symbol]
        return True

    def for_symbol(self, symbol: Any) -> list[Any]:
        return list(self.by_symbol.get(symbol, ()))

    def update(self, data: Any) -> None:
        items = self.by_symbol.get(data.symbol)
        if items:
            tick_types = self._tick_types
            for consolidator in tuple(items):
                if tick_types:
                    wanted = tick_types.get(id(consolidator))
                    if wanted is not None and tick_type_of(data) not in (wanted, None):
                        continue
                if consolidator.accepts(data):
                    consolidator.update(data)

    def _local_times(self, ns: int) -> dict[str, datetime]:
        from engine.common.clock import (
            ns_to_local,  # lazy: engine.algorithm imports this package
        )

        return {tz: ns_to_local(ns, tz) for tz in set(self._zones.values())}

    def scan(self, ns: int) -> None:
        if not self.by_symbol:
            return
        local = self._local_times(ns)
        for symbol, items in tuple(self.by_symbol.items()):
            now = local.get(self._zones.get(symbol, ""))
            if now is None:
                continue
            for consolidator in tuple(items):
                consolidator.scan(now)

    def scan_past(self, ns: int) -> None:
        if not self.by_symbol:
            return
        local = self._local_times(ns)
        for symbol, items in tuple(self.by_symbol.items()):
            now = local.get(self._zones.get(symbol, ""))
            if now is None:
                continue
            for consolidator in tuple(items):
                due = consolidator.next_scan_time()
                if due is not None and due < now:
                    consolidator.scan(due)
