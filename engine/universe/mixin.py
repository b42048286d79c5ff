"""``add_universe`` on QCAlgorithm (classic universes; the framework's selection models live in
engine/framework)."""

from __future__ import annotations

from typing import Any

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
        ``add_universe(ScheduledUniverse(...))`` or ``add_universe(date_rule, time_rule, fn)``."""
        from engine.common.scheduling import DateRule

        if args and isinstance(args[0], ScheduledUniverse):
            u = args[0]
            entry = UniverseEntry("scheduled", u.selector, u.date_rule, u.time_rule)
        elif len(args) >= 3 and isinstance(args[0], DateRule):
            entry = UniverseEntry("scheduled", args[2], args[0], args[1])
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
