"""LEAN's OptionUniverseSelectionModel (Algorithm.Framework/Selection/
OptionUniverseSelectionModel.py): option chains of the canonical symbols a selector returns,
narrowed by the model's ``filter`` (override it in a subclass)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.framework.selection import UniverseSelectionModel


class OptionUniverseSelectionModel(UniverseSelectionModel):
    def __init__(
        self,
        refresh_interval: timedelta,
        option_chain_symbol_selector: Any,
        universe_settings: Any = None,
    ) -> None:
        self.refresh_interval = refresh_interval
        self.option_chain_symbol_selector = option_chain_symbol_selector
        self.universe_settings = universe_settings

    def filter(self, filter: Any) -> Any:  # noqa: A002 - LEAN's parameter name
        """The chain filter (the whole chain unless a subclass narrows it)."""
        return filter

    def _chain_filter(self) -> Any:
        """The most derived of ``filter`` and LEAN's older ``Filter``."""
        for cls in type(self).__mro__:
            if "filter" in cls.__dict__:
                return self.filter
            if "Filter" in cls.__dict__:
                return self.Filter
        return self.filter

    def add_to_algorithm(self, algorithm: Any) -> None:
        """The chains are selected once a day: the selector names the canonical options (one
        chain per underlying) and the filter narrows each chain."""
        algorithm.add_option_chain_selection(
            self.option_chain_symbol_selector, self._chain_filter(), self.universe_settings
        )
