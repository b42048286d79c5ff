"""``add_universe`` on QCAlgorithm (classic universes; the framework's selection models live in
engine/framework)."""

from __future__ import annotations

from typing import Any

from engine.universe.coarse import CoarseFundamental
from engine.universe.kinds import (
    FundamentalUniverse,
    ScheduledUniverse,
    UniverseEntry,
    UniverseError,
)
from engine.universe.manager import UniverseManager


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
        settings,] fn)`` where ``fn(time)`` returns tickers once a day, or a custom-data universe
        ``add_universe(CustomType, [name], [resolution], fn)`` (``fn(points)``)."""
        from engine.common.scheduling import DateRule

        named = _user_defined(args)
        if len(args) == 1 and isinstance(args[0], UniverseEntry):  # self.universe.top(n)...
            entry = args[0]
        elif len(args) == 2 and isinstance(args[0], UniverseEntry) and callable(args[1]):
            # add_universe(universe, fine_fn): LEAN's FineFundamentalFilteredUniverse
            entry = args[0]
            entry.fine = args[1]
        elif named is not None:
            name, security_type, market, resolution, selector = named
            entry = UniverseEntry(
                "user_defined",
                _tickers_as(selector, security_type, market),
                name=name,
                # without a resolution LEAN's AddUniverse(name, selector) selects daily
                interval=_selection_interval(resolution if resolution is not None else "daily"),
            )
        elif args and isinstance(args[0], ScheduledUniverse):
            u = args[0]
            entry = UniverseEntry("scheduled", u.selector, u.date_rule, u.time_rule)
        elif len(args) >= 3 and isinstance(args[0], DateRule):
            entry = UniverseEntry("scheduled", args[2], args[0], args[1])
        elif len(args) == 2 and isinstance(args[0], DateRule) and callable(args[1]):
            # add_universe(date_rule, fundamental_fn): a fundamental universe on that schedule
            entry = UniverseEntry("coarse", args[1], schedule=args[0])
        elif len(args) == 1 and isinstance(args[0], FundamentalUniverse):
            u = args[0]
            entry = _coarse(u.selector, u.settings or self.universe_settings)
        elif args and isinstance(args[0], type) and issubclass(args[0], CoarseFundamental):
            # add_universe(CoarseFundamental, name, [settings], selector): the coarse universe
            settings = next(
                (a for a in args[1:-1] if hasattr(a, "schedule")), self.universe_settings
            )
            # without a selector every symbol of the data is selected, as LEAN's AddUniverse(T)
            selector = args[-1] if len(args) > 1 and callable(args[-1]) else _select_all
            entry = _coarse(selector, settings, name=str(args[1]) if len(args) > 2 else "")
        elif args and isinstance(args[0], type) and len(args) >= 2 and callable(args[-1]):
            entry = _custom_data_universe(*args)
        elif len(args) == 1 and callable(args[0]) and not isinstance(args[0], type):
            entry = _coarse(args[0], self.universe_settings)
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

    def fundamentals(self, symbols: Any) -> Any:
        """LEAN ``Fundamentals``: the ``Fundamental`` of a symbol (or of each of a list of them)
        at the algorithm's time (``Fundamental.ForDate``)."""
        from engine.model import Symbol
        from engine.universe.fundamental import fundamental_for
        from engine.universe.triggers import as_symbol

        data_folder = self._data_folder  # type: ignore[attr-defined]
        folder = getattr(data_folder, "root", data_folder)
        now = self.time  # type: ignore[attr-defined]
        if isinstance(symbols, Symbol | str):
            return fundamental_for(folder, as_symbol(symbols), now)
        return [fundamental_for(folder, as_symbol(s), now) for s in symbols]

    Fundamentals = fundamentals

    def fundamental_history(
        self,
        data_type: Any,
        first_argument: Any,
        symbols: list[Any],
        count: int | None,
        start_ns: int | None,
        end_ns: int,
        *,
        flatten: bool,
        objects: bool,
        single: bool,
    ) -> Any:
        """The history call's answer when it asks for fundamental data (a security's
        ``Fundamental`` or a fundamental universe's collections), else None; ``history()`` asks
        here first (engine/universe/history.py)."""
        from engine.common.clock import ns_to_local
        from engine.universe.history import (
            is_fundamental_type,
            is_universe_request,
            security_history,
            universe_history,
        )

        if not (is_fundamental_type(data_type) or is_universe_request(data_type, first_argument)):
            return None
        folder = self._data_folder  # type: ignore[attr-defined]
        tz = self.time_zone  # type: ignore[attr-defined]
        end = ns_to_local(end_ns, tz).replace(tzinfo=None)
        start = ns_to_local(start_ns, tz).replace(tzinfo=None) if start_ns is not None else end
        if is_universe_request(data_type, first_argument):
            entry = first_argument if isinstance(first_argument, UniverseEntry) else None
            universe_symbol = entry.symbol if entry is not None else symbols[0]
            kind = data_type if isinstance(data_type, type) else entry.data_type  # type: ignore[union-attr]
            return universe_history(
                folder, universe_symbol, kind, count, start, end, flatten=flatten, objects=objects
            )
        return security_history(folder, symbols, count, start, end, objects=objects, single=single)

    def option_universe_history(
        self,
        data_type: Any,
        symbols: list[Any],
        count: int | None,
        start_ns: int | None,
        end_ns: int,
        *,
        flatten: bool,
    ) -> Any:
        """The history call's answer when it asks for an option's chain files (LEAN's
        OptionUniverse, or a canonical option's flattened history), else None; ``history()`` asks
        here (engine/universe/option_history.py)."""
        from engine.universe.option_history import (
            is_option_universe_request,
            option_universe_history,
        )

        if not is_option_universe_request(data_type, symbols, flatten):
            return None
        folder = self._data_folder  # type: ignore[attr-defined]
        return option_universe_history(
            self, folder, symbols, count, start_ns, end_ns, flatten=flatten
        )


def _select_all(data: Any) -> list[Any]:
    return [point.symbol for point in data]


def _coarse(selector: Any, settings: Any, name: str = "") -> UniverseEntry:
    """A fundamental universe selecting on ``settings.schedule``'s dates when it is set."""
    schedule = getattr(settings, "schedule", None)
    date_rule = schedule.date_rule if schedule is not None else None
    return UniverseEntry("coarse", selector, name=name, schedule=date_rule)


def _custom_data_universe(data_type: type, *rest: Any) -> UniverseEntry:
    """``add_universe(CustomType, [name], [resolution], selector)``: each time points of the custom
    type arrive (read with its own ``get_source``/``reader``), ``selector(points)`` returns the
    members (symbols or tickers), as LEAN's FuncUniverse over a custom data subscription."""
    name = rest[0] if len(rest) >= 2 and isinstance(rest[0], str) else data_type.__name__
    return UniverseEntry("custom", rest[-1], name=name, custom_type=data_type)


def _user_defined(args: tuple[Any, ...]) -> tuple[str, Any, str, Any, Any] | None:
    """(name, security type, market, resolution or None, selector) of LEAN's
    ``AddUniverse(name, selector)`` forms (QCAlgorithm.Python.cs): a name string among the
    arguments and a callable last; the security type defaults to equity and the market to USA."""
    from engine.model import Market, Resolution, SecurityType

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
    resolution = next((a for a in head if isinstance(a, Resolution)), None)
    return name, security_type, market, resolution, args[-1]


def _selection_interval(resolution: Any) -> Any:
    """How often a user-defined universe selects: once per bar of its resolution (LEAN's
    ``UserDefinedUniverse`` interval is the resolution's time span)."""
    from datetime import timedelta

    from engine.model import Resolution
    from engine.model.subscriptions import as_resolution

    resolution = as_resolution(resolution)
    interval = {
        Resolution.DAILY: timedelta(days=1),
        Resolution.HOUR: timedelta(hours=1),
        Resolution.MINUTE: timedelta(minutes=1),
        Resolution.SECOND: timedelta(seconds=1),
    }.get(resolution)
    if interval is None:
        raise UniverseError(f"a user-defined universe cannot select every {resolution.name} tick")
    return interval


def _tickers_as(selector: Any, security_type: Any, market: str) -> Any:
    """``selector(time)``'s tickers as symbols of ``security_type`` on ``market``."""
    from engine.model import Symbol
    from engine.universe.kinds import UNCHANGED

    def select(time: Any) -> Any:
        chosen = selector(time)
        if chosen is UNCHANGED:
            return chosen
        return [
            s if isinstance(s, Symbol) else Symbol(str(s).upper(), security_type, market)
            for s in (chosen or [])
        ]

    return select
