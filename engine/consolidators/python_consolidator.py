"""``PythonConsolidator`` (Common/Python/PythonConsolidator.cs): the base of consolidators written in
Python. The subclass implements ``update(data)`` and ``scan(time)``, sets ``input_type`` /
``output_type`` and raises its bars with ``self.on_data_consolidated(self, bar)``; its ``__init__``
need not call the base's, so the event and the window are created on first use."""

from __future__ import annotations

from typing import Any

from engine.consolidators.base import DataConsolidator
from engine.indicators.base import Event


class PythonConsolidator(DataConsolidator):
    # plain attributes a subclass assigns freely (the base class exposes read-only properties)
    consolidated: Any = None
    working_data: Any = None
    _window = None
    _event: Event | None = None

    def __init__(self) -> None:
        self.consolidated = None
        self.working_data = None

    @property
    def data_consolidated(self) -> Event:
        if self._event is None:
            self._event = Event()
        return self._event

    @data_consolidated.setter
    def data_consolidated(self, event: Event) -> None:
        self._event = event

    def on_data_consolidated(self, consolidator: Any, data: Any) -> None:
        """Fire ``data_consolidated``; the new bar is at index 0 of the window in the handlers."""
        if data is not None:
            self.window.add(data)
        self.data_consolidated(consolidator, data)

    def update(self, data: Any) -> None:
        pass

    def reset(self) -> None:
        self.consolidated = None
        self.working_data = None
        if self._window is not None:
            self._window.reset()
