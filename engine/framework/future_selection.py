"""``FutureUniverseSelectionModel`` (LEAN's Algorithm.Framework/Selection/
FutureUniverseSelectionModel.py): ``(refresh_interval, future_chain_symbol_selector,
[universe_settings])``; ``future_chain_symbol_selector(utc_time)`` names the future chains, the
model's ``filter(future_filter_universe)`` picks their contracts. The refreshes run in the
universe manager (engine.universe.future_models)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.framework.selection import UniverseSelectionModel


class FutureUniverseSelectionModel(UniverseSelectionModel):
    def __init__(
        self,
        refresh_interval: timedelta,
        future_chain_symbol_selector: Any,
        universe_settings: Any = None,
    ) -> None:
        self.refresh_interval = refresh_interval
        self.future_chain_symbol_selector = future_chain_symbol_selector
        self.universe_settings = universe_settings

    def filter(self, filter: Any) -> Any:  # noqa: A002 - LEAN's parameter name
        """The contracts of each chain: all of them unless a subclass narrows them."""
        return filter

    def add_to_algorithm(self, algorithm: Any) -> None:
        algorithm.add_future_universe_model(self)
