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

    @property
    def universe_manager(self) -> UniverseManager:
        return self._universes

    @property
    def active_securities(self) -> Any:
        """Securities currently subscribed by a universe or by hand (LEAN ``ActiveSecurities``)."""
        return self._universes.active_securities

    @property
    def universe(self) -> Any:
        """LEAN's universe definitions (``self.universe.top(50)``, ``.dollar_volume.top(n)``)."""
        from engine.universe.definitions import UniverseDefinitions

        definitions = self.__dict__.get("_universe_definitions")
        if definitions is None:
            definitions = UniverseDefinitions(self)
            self.__dict__["_universe_definitions"] = definitions
        return definitions

    UniverseManager = universe_manager
    ActiveSecurities = active_securities
    Universe = universe

    def add_manual_universe(self, symbols: list[Any]) -> UniverseEntry:
        """Record a fixed set of symbols as one universe (a ManualUniverseSelectionModel's)."""
        entry = UniverseEntry("manual", None)
        entry.members.update(dict.fromkeys(symbols, self.time))
        entry.selected.update(symbols)
        self._universes.add(entry)
        return entry

    def add_universe(self, *args: Any, **kwargs: Any) -> Any:
        """``add_universe(fundamental_fn)``, ``add_universe(coarse_fn, fine_fn)`` (fine fields
        without data, as LEAN's coarse-only provider gives them),
        ``add_universe(ScheduledUniverse(...))``, ``add_universe(date_rule, time_rule, fn)`` or a
        user-defined universe ``add_universe([security_type,] name, [resolution, market,
        settings,] fn)`` where ``fn(time)`` returns tickers once a day."""
        from engine.common.scheduling import DateRule

        named = _user_defined(args)
        if len(args) == 1 and isinstance(args[0], UniverseEntry):  # self.universe.top(n)...
            entry = args[0]
        elif named is not None:
            name, security_type, market, selector = named
            entry = UniverseEntry(
                "scheduled",
                _tickers_as(selector, security_type, market),
                self.date_rules.every_day(),
                self.time_rules.midnight,
                name=name,
            )
        elif args and isinstance(args[0], ScheduledUniverse):
            u = args[0]
            entry = UniverseEntry("scheduled", u.selector, u.date_rule, u.time_rule)
        elif len(args) >= 3 and isinstance(args[0], DateRule):
            entry = UniverseEntry("scheduled", args[2], args[0], args[1])
        elif len(args) == 1 and callable(args[0]) and not isinstance(args[0], type):
            entry = UniverseEntry("coarse", args[0])
        elif len(args) == 2 and callable(args[0]) and callable(args[1]):
            if getattr(self.universe_settings, "asynchronous", None):
                raise UniverseError(  # as LEAN's FineFundamentalFilteredUniverse
                    "Asynchronous universe setting is not supported for coarse & fine selections, "
                    "please use the new Fundamental single pass selection"
                )
            entry = UniverseEntry("coarse", args[0], fine=args[1])
        else:
            raise UniverseError(
                "add_universe: supported forms are a coarse selection function, a ScheduledUniverse "
                "or (date_rule, time_rule, selector)"
            )
        self._universes.add(entry)
        return entry

    AddUniverse = add_universe


def _user_defined(args: tuple[Any, ...]) -> tuple[str, Any, str, Any] | None:
    """(name, security type, market, selector) of LEAN's ``AddUniverse(name, selector)`` forms
    (QCAlgorithm.Python.cs): a name string among the arguments and a callable last; the
    security type defaults to equity and the market to USA."""
    from engine.model import Market, SecurityType

    if len(args) < 2 or not callable(args[-1]) or isinstance(args[-1], type):
        return None
    head = list(args[:-1])
    security_type = SecurityType.EQUITY
    if head and isinstance(head[0], SecurityType):
        security_type = head.pop(0)
    if not head or not isinstance(head[0], str):
        return None
    name = head.pop(0)
    strings = [a for a in head if isinstance(a, str)]
    market = strings[0] if strings else Market.USA
    return name, security_type, market, args[-1]


def _tickers_as(selector: Any, security_type: Any, market: str) -> Any:
    """``selector(time)``'s tickers as symbols of ``security_type`` on ``market``."""
    from engine.model import Symbol
    from engine.universe.manager import UNCHANGED

    def select(time: Any) -> Any:
        chosen = selector(time)
        if chosen is UNCHANGED:
            return chosen
        return [
            s if isinstance(s, Symbol) else Symbol(str(s).upper(), security_type, market)
            for s in (chosen or [])
        ]

    return select
