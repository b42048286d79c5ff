"""``SequentialConsolidator`` (Common/Data/Consolidators/SequentialConsolidator.cs): the first
consolidator's bars feed the second; the second's bars are this consolidator's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.consolidators.base import DataConsolidator


class SequentialConsolidator(DataConsolidator):
    def __init__(self, first: Any, second: Any) -> None:
        first_out = getattr(first, "output_type", object)
        second_in = getattr(second, "input_type", object)
        if isinstance(first_out, type) and isinstance(second_in, type):
            if not issubclass(first_out, second_in):
                raise ValueError("first.OutputType must equal second.OutputType!")
        super().__init__()
        self.first = first
        self.second = second
        self.input_type = getattr(first, "input_type", object)
        self.output_type = getattr(second, "output_type", object)
        first.data_consolidated += lambda sender, bar: second.update(bar)
        second.data_consolidated += lambda sender, bar: self._emit(bar)

    def accepts(self, data: Any) -> bool:
        return self.first.accepts(data)

    @property
    def working_data(self) -> Any:
        return getattr(self.second, "working_data", None)

    def update(self, data: Any) -> None:
        self.first.update(data)

    def scan(self, current_local_time: datetime) -> None:
        self.first.scan(current_local_time)

    def next_scan_time(self) -> datetime | None:
        return self.first.next_scan_time()

    def reset(self) -> None:
        self.first.reset()
        self.second.reset()
        super().reset()

    First = property(lambda self: self.first)
    Second = property(lambda self: self.second)
