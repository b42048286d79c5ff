"""LEAN's OptionChainedUniverseSelectionModel (Algorithm/Selection/
OptionChainedUniverseSelectionModel.cs): the option chain of each security another universe
selects, narrowed by an option filter; ``add_universe_options(universe, filter)`` adds one."""

from __future__ import annotations

from typing import Any

from engine.framework.selection import UniverseSelectionModel


class OptionChainedUniverseSelectionModel(UniverseSelectionModel):
    def __init__(self, universe: Any, option_filter: Any, universe_settings: Any = None) -> None:
        if universe is None:
            raise ValueError("OptionChainedUniverseSelectionModel needs the universe to chain to")
        self.universe = universe
        self.option_filter = option_filter
        self.universe_settings = universe_settings

    def add_to_algorithm(self, algorithm: Any) -> None:
        """Each day after the chained universe selects, a chain per selected security."""
        algorithm.add_chained_option_universe(
            self.universe, self.option_filter, self.universe_settings
        )
