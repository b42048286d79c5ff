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


class ConsolidatorRegistry:
    def __init__(self, time_zone_of: Callable[[Any], str]) -> None:
        self.by_symbol: dict[Any, list[Any]] = {}  # symbol -> consolidators (read by the loop)
        self._tz_of = time_zone_of
        self._zones: dict[Any, str] = {}

    def __bool__(self) -> bool:
        return bool(self.by_symbol)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_symbol.values())

    def add(self, symbol: Any, consolidator: Any) -> None:
        self.by_symbol.setdefault(symbol, []).append(consolidator)
        if symbol not in self._zones:
            self._zones[symbol] = self._tz_of(symbol)

    def remove(self, symbol: Any, consolidator: Any) -> bool:
        items = self.by_symbol.get(symbol)
        if not items or consolidator not in items:
            return False
        items.remove(consolidator)
        if not items:
            del self.by_symbol[symbol]
        return True

    def for_symbol(self, symbol: Any) -> list[Any]:
        return list(self.by_symbol.get(symbol, ()))

    def update(self, data: Any) -> None:
        items = self.by_symbol.get(data.symbol)
        if items:
            for consolidator in tuple(items):
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
