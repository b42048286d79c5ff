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

    def etf(self, etf: Any, *args: Any, **kwargs: Any) -> UniverseEntry:
        """``self.universe.etf(symbol_or_ticker, [market], [universe_settings],
        [universe_filter_func])``: the ETF's constituents, filtered (LEAN UniverseDefinitions.ETF)."""
        from engine.model import Market, SecurityType, Symbol
        from engine.universe.etf import etf_universe

        market = kwargs.get("market")
        settings = kwargs.get("universe_settings")
        selector = kwargs.get("universe_filter_func")
        for arg in args:
            if arg is None:
                continue
            if isinstance(arg, str):
                market = arg
            elif callable(arg) and not hasattr(arg, "resolution"):
                selector = arg
            else:
                settings = arg
        if not isinstance(etf, Symbol):
            etf = Symbol(str(etf), SecurityType.EQUITY, market or Market.USA)
        return etf_universe(etf, settings or self._algorithm.universe_settings, selector)

    ETF = etf
