"""``FilteredIdentity`` (Indicators/FilteredIdentity.cs): the input's value when ``filter(data)``
accepts the point, otherwise the last accepted value (0 before any was accepted)."""

from __future__ import annotations

from typing import Any

from engine.indicators.base import IndicatorBase


class FilteredIdentity(IndicatorBase):
    """``FilteredIdentity(name, filter)`` or ``FilteredIdentity(filter)``; ``filter=None`` accepts
    everything. Ready once it has seen a point and its value is positive."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = "", args
        super().__init__(name)
        self.warm_up_period = 1
        chosen = rest[0] if rest else None
        self._filter = chosen if chosen is not None else (lambda data: True)
        self._accepted_value: float | None = None

    def _compute(self, data: Any) -> float:
        if self._filter(data):
            self._accepted_value = float(data.value)
            return self._accepted_value
        # LEAN falls back to an empty data point of the input's type, whose value is 0
        return self._accepted_value if self._accepted_value is not None else 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples > 0 and self.current.value > 0

    def _reset_state(self) -> None:
        self._accepted_value = None
