"""Universe selection models: ``ManualUniverseSelectionModel`` (a fixed list of symbols)."""

from __future__ import annotations

from typing import Any


class UniverseSelectionModel:
    def create_universes(self, algorithm: Any) -> list[Any]:
        return []

    CreateUniverses = create_universes


class NullUniverseSelectionModel(UniverseSelectionModel):
    pass


class ManualUniverseSelectionModel(UniverseSelectionModel):
    """A fixed set of symbols, subscribed with ``universe_settings`` once ``initialize`` returned."""

    def __init__(self, *symbols: Any, universe_settings: Any = None) -> None:
        flat: list[Any] = []
        for s in symbols:
            flat.extend(s if isinstance(s, list | tuple | set) else [s])
        self.symbols = flat
        self.universe_settings = universe_settings

    def select(self, algorithm: Any) -> None:
        settings = self.universe_settings or algorithm.universe_settings
        for symbol in self.symbols:
            if isinstance(symbol, str):
                symbol = algorithm.symbol(symbol) if symbol in algorithm.securities else symbol
            if not isinstance(symbol, str) and symbol in algorithm.securities:
                continue
            if isinstance(symbol, str):
                algorithm.add_equity(symbol, settings.resolution)
                continue
            algorithm.add_security(
                symbol,
                resolution=settings.resolution,
                fill_forward=settings.fill_forward,
                leverage=settings.leverage or 0.0,
                extended_market_hours=settings.extended_market_hours,
            )


class CompositeUniverseSelectionModel(UniverseSelectionModel):
    def __init__(self, *models: Any) -> None:
        self.models = list(models)

    def add_universe_selection(self, model: Any) -> None:
        self.models.append(model)

    def select(self, algorithm: Any) -> None:
        for model in self.models:
            sel = getattr(model, "select", None)
            if sel is not None:
                sel(algorithm)

    AddUniverseSelection = add_universe_selection
