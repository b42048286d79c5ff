"""``add_universe`` on QCAlgorithm (classic universes; the framework's selection models live in
engine/framework)."""

from __future__ import annotations

from typing import Any

from engine.universe.coarse import CoarseFundamental
from engine.universe.manager import ScheduledUniverse, UniverseEntry, UniverseError, UniverseManager


class UniverseMixin:
    _universe_manager: UniverseManager | None = None

    @property
    def _universes(self) -> UniverseManager:
        manager = self._universe_manager
        if manager is None:
            manager = UniverseManager(self)
            self._universe_manager = manager
        return manager

    def add_universe(self, *args: Any, **kwargs: Any) -> Any:
        """``add_universe(coarse_fn)``, ``add_universe(coarse_fn, fine_fn)`` (refused: no fine data),
        ``add_universe(ScheduledUniverse(...))``, ``add_universe(date_rule, time_rule, fn)`` or
        ``add_universe(name, [resolution], fn)`` (``fn(time)`` returns tickers)."""
        from engine.common.scheduling import DateRule

        if args and isinstance(args[0], ScheduledUniverse):
            u = args[0]
            entry = UniverseEntry("scheduled", u.selector, u.date_rule, u.time_rule)
        elif len(args) >= 3 and isinstance(args[0], DateRule):
            entry = UniverseEntry("scheduled", args[2], args[0], args[1])
        elif args and isinstance(args[0], str):
            entry = _user_defined(self, *args)
        elif args and isinstance(args[0], type) and issubclass(args[0], CoarseFundamental):
            # add_universe(CoarseFundamental, name, [settings], selector): the coarse universe
            entry = UniverseEntry("coarse", args[-1], name=str(args[1]) if len(args) > 2 else "")
        elif args and isinstance(args[0], type) and len(args) >= 2 and callable(args[-1]):
            entry = _custom_data_universe(self, *args)
        elif len(args) == 1 and callable(args[0]) and not isinstance(args[0], type):
            entry = UniverseEntry("coarse", args[0])
        elif len(args) == 2 and callable(args[0]) and callable(args[1]):
            raise UniverseError(
                "add_universe(coarse, fine): fine fundamental data is not available in this engine; "
                "select with the coarse function only"
            )
        else:
            raise UniverseError(
                "add_universe: supported forms are a coarse selection function, a ScheduledUniverse "
                "or (date_rule, time_rule, selector)"
            )
        self._universes.add(entry)
        return entry

    AddUniverse = add_universe


def _custom_data_universe(algorithm: Any, data_type: type, *rest: Any) -> UniverseEntry:
    """``add_universe(CustomType, [name], [resolution], selector)``: each time points of the custom
    type arrive (read with its own ``get_source``/``reader``), ``selector(points)`` returns the
    members (symbols or tickers), as LEAN's FuncUniverse over a custom data subscription."""
    from engine.model import Market, SecurityType, Symbol

    name = rest[0] if len(rest) >= 2 and isinstance(rest[0], str) else data_type.__name__
    entry = UniverseEntry("custom", rest[-1], name=name)
    entry.data_type = data_type
    entry.symbol = Symbol(name.upper(), SecurityType.BASE, Market.USA)
    return entry


def _user_defined(algorithm: Any, name: str, *rest: Any) -> UniverseEntry:
    """``add_universe(name, [resolution], selector)``: LEAN's UserDefinedUniverse of US equities;
    ``selector(time)`` returns tickers at each interval of the resolution the market is open."""
    from datetime import timedelta

    from engine.model import Market, Resolution, SecurityType, Symbol
    from engine.model.subscriptions import as_resolution

    if not rest or not callable(rest[-1]):
        raise UniverseError(f"add_universe({name!r}, ...): the last argument must be the selector")
    resolution = as_resolution(
        rest[0] if len(rest) >= 2 else algorithm.universe_settings.resolution
    )
    interval = {
        Resolution.DAILY: timedelta(days=1),
        Resolution.HOUR: timedelta(hours=1),
        Resolution.MINUTE: timedelta(minutes=1),
    }.get(resolution)
    if interval is None:
        raise UniverseError(
            f"add_universe({name!r}, ...): selection every {resolution.name.lower()} is not supported"
        )
    entry = UniverseEntry("user_defined", rest[-1], interval=interval, name=name)
    entry.symbol = Symbol(name, SecurityType.EQUITY, Market.USA)
    return entry
