"""``self.universe``: LEAN's UniverseDefinitions helpers (Algorithm/UniverseDefinitions.cs,
DollarVolumeUniverseDefinitions.cs), universes to pass to ``add_universe``."""

from __future__ import annotations

from typing import Any

from engine.universe.kinds import UNCHANGED, UniverseEntry


class DollarVolumeUniverseDefinitions:
    """``self.universe.dollar_volume.top(n)``."""

    def __init__(self, definitions: UniverseDefinitions) -> None:
        self._definitions = definitions

    def top(self, count: int, universe_settings: Any = None) -> UniverseEntry:
        return self._definitions.top(count, universe_settings)

    Top = top


class UniverseDefinitions:
    """``self.universe.top(n)`` (the ``n`` securities with the highest daily dollar volume),
    ``self.universe.dollar_volume.top(n)`` and ``self.universe.unchanged``."""

    unchanged = Unchanged = UNCHANGED

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self.dollar_volume = DollarVolumeUniverseDefinitions(self)

    @property
    def DollarVolume(self) -> DollarVolumeUniverseDefinitions:  # noqa: N802 - LEAN's spelling
        return self.dollar_volume

    def top(self, count: int, universe_settings: Any = None) -> UniverseEntry:
        def select(fundamental: Any) -> list[Any]:
            # a stable sort, as LINQ's orderby: equal dollar volumes keep the file's order
            ranked = sorted(fundamental, key=lambda f: f.dollar_volume, reverse=True)
            return [f.symbol for f in ranked[:count]]

        return UniverseEntry("coarse", select, name=f"us-equity-dollar-volume-top-{count}")

    Top = top
