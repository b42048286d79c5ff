"""Universe selection models (LEAN Algorithm.Framework/Selection). ``add_to_algorithm(algorithm)``
is this engine's hook, run once after ``initialize``: manual models subscribe their symbols, the
others add a universe through ``algorithm.add_universe`` (engine.universe)."""

from __future__ import annotations

from typing import Any


class UniverseSelectionModel:
    def create_universes(self, algorithm: Any) -> list[Any]:
        return []

    def add_to_algorithm(self, algorithm: Any) -> None:
        """A model that only overrides ``create_universes`` (as LEAN's Python models do): its
        universes are added once (LEAN's default next refresh time never comes)."""
        create = _user_method(self, "create_universes", "CreateUniverses")
        for universe in create(algorithm) or ():
            algorithm.add_universe(universe)

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

    def add_to_algorithm(self, algorithm: Any) -> None:
        settings = self.universe_settings or algorithm.universe_settings
        members = []
        for symbol in self.symbols:
            if isinstance(symbol, str):
                symbol = algorithm.symbol(symbol) if symbol in algorithm.securities else symbol
            if not isinstance(symbol, str) and symbol in algorithm.securities:
                members.append(symbol)
                continue
            if isinstance(symbol, str):
                members.append(algorithm.add_equity(symbol, settings.resolution).symbol)
                continue
            algorithm.add_security(
                symbol,
                resolution=settings.resolution,
                fill_forward=settings.fill_forward,
                leverage=settings.leverage or 0.0,
                extended_market_hours=settings.extended_market_hours,
            )
            members.append(symbol)
        register = getattr(algorithm, "add_manual_universe", None)
        if register is not None:
            register(members)


class CompositeUniverseSelectionModel(UniverseSelectionModel):
    def __init__(self, *models: Any) -> None:
        self.models = list(models)

    def add_universe_selection(self, model: Any) -> None:
        self.models.append(model)

    def add_to_algorithm(self, algorithm: Any) -> None:
        for model in self.models:
            hook = getattr(model, "add_to_algorithm", None)
            if hook is not None:
                hook(algorithm)

    AddUniverseSelection = add_universe_selection


def _user_method(model: Any, snake: str, pascal: str) -> Any:
    """The model's ``snake`` or ``Pascal`` method, the most derived definition winning."""
    for klass in type(model).__mro__:
        if snake in klass.__dict__:
            return getattr(model, snake)
        if pascal in klass.__dict__:
            return getattr(model, pascal)
    return None


class FundamentalUniverseSelectionModel(UniverseSelectionModel):
    """Base of the fundamental selection models (LEAN Selection/FundamentalUniverseSelectionModel.py):
    override ``select(algorithm, fundamental)`` or, with ``filter_fine_data`` given,
    ``select_coarse(algorithm, coarse)`` and (when true) ``select_fine(algorithm, fine)``. The fine
    fields carry no data here (engine.universe.fundamental), as in open-source LEAN."""

    def __init__(self, filter_fine_data: Any = None, universe_settings: Any = None) -> None:
        if filter_fine_data is not None and not isinstance(filter_fine_data, bool):
            universe_settings, filter_fine_data = filter_fine_data, None  # (universe_settings)
        self.filter_fine_data = filter_fine_data
        self.fundamental_data = filter_fine_data is None
        self.universe_settings = universe_settings

    def add_to_algorithm(self, algorithm: Any) -> None:
        if self.fundamental_data:
            select = _user_method(self, "select", "Select")
            algorithm.add_universe(lambda fundamental: select(algorithm, list(fundamental)))
            return
        select_coarse = _user_method(self, "select_coarse", "SelectCoarse")
        if not self.filter_fine_data:
            algorithm.add_universe(lambda coarse: select_coarse(algorithm, list(coarse)))
            return
        settings = self.universe_settings or algorithm.universe_settings
        if getattr(settings, "asynchronous", False):
            raise ValueError(
                "Asynchronous universe setting is not supported for coarse & fine selections, "
                "please use the new Fundamental single pass selection"
            )
        select_fine = _user_method(self, "select_fine", "SelectFine")
        algorithm.add_universe(
            # only securities with fundamental data reach a fine selection
            lambda coarse: select_coarse(algorithm, [c for c in coarse if c.has_fundamental_data]),
            lambda fine: select_fine(algorithm, list(fine)),
        )

    def select(self, algorithm: Any, fundamental: list[Any]) -> list[Any]:
        raise NotImplementedError("Please overrride the 'select' fundamental function")

    def select_coarse(self, algorithm: Any, coarse: list[Any]) -> list[Any]:
        raise NotImplementedError("Please overrride the 'select' fundamental function")

    def select_fine(self, algorithm: Any, fine: list[Any]) -> list[Any]:
        return [f.symbol for f in fine]

    SelectFine = select_fine


class CoarseFundamentalUniverseSelectionModel(FundamentalUniverseSelectionModel):
    """``coarse_selector(coarse) -> symbols`` each day (LEAN CoarseFundamentalUniverseSelectionModel.cs)."""

    def __init__(self, coarse_selector: Any, universe_settings: Any = None) -> None:
        super().__init__(False, universe_settings)
        self.coarse_selector = coarse_selector

    def select_coarse(self, algorithm: Any, coarse: list[Any]) -> list[Any]:
        return list(self.coarse_selector(coarse))

    SelectCoarse = select_coarse


class FineFundamentalUniverseSelectionModel(FundamentalUniverseSelectionModel):
    """``coarse_selector(coarse)`` then ``fine_selector(fine)`` each day (LEAN
    FineFundamentalUniverseSelectionModel.cs)."""

    def __init__(
        self, coarse_selector: Any, fine_selector: Any, universe_settings: Any = None
    ) -> None:
        super().__init__(True, universe_settings)
        self.coarse_selector = coarse_selector
        self.fine_selector = fine_selector

    def select_coarse(self, algorithm: Any, coarse: list[Any]) -> list[Any]:
        return list(self.coarse_selector(coarse))

    def select_fine(self, algorithm: Any, fine: list[Any]) -> list[Any]:
        return list(self.fine_selector(fine))

    SelectCoarse = select_coarse
    SelectFine = select_fine


class CustomUniverseSelectionModel(UniverseSelectionModel):
    """``selector(time) -> tickers`` (or ``select(algorithm, time)`` overridden) once a day at
    midnight, as US equities (LEAN CustomUniverseSelectionModel.cs: a user-defined universe with a
    one-day interval). ``CustomUniverseSelectionModel(name, selector)`` or
    ``(security_type, name, market, selector, universe_settings, interval)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        strings = [a for a in args if isinstance(a, str)]
        self.name = kwargs.get("name", strings[0] if strings else "CustomUniverseSelectionModel")
        functions = [a for a in args if callable(a) and not isinstance(a, type | int)]
        self.selector = kwargs.get("selector", functions[0] if functions else None)
        self.universe_settings = kwargs.get("universe_settings")

    def add_to_algorithm(self, algorithm: Any) -> None:
        select = _user_method(self, "select", "Select")
        # a user-defined universe: midnight of the days the market opens (and the start)
        algorithm.add_universe(str(self.name), lambda time: list(select(algorithm, time) or ()))

    def select(self, algorithm: Any, date: Any) -> list[Any]:
        if self.selector is None:
            raise ValueError("CustomUniverseSelectionModel needs a selector or a select override")
        return list(self.selector(date))

    Select = select


class InceptionDateUniverseSelectionModel(CustomUniverseSelectionModel):
    """Adds each ticker once its date has come, keeping the earlier ones (LEAN
    Selection/InceptionDateUniverseSelectionModel.cs); ``{ticker: date}`` in date order."""

    def __init__(self, name: str, tickers_by_date: dict[str, Any]) -> None:
        super().__init__(name, None)
        self.queue = list(tickers_by_date.items())
        self.symbols: list[str] = []

    def select(self, algorithm: Any, date: Any) -> list[Any]:
        while self.queue and self.queue[0][1] <= date:
            self.symbols.append(self.queue.pop(0)[0])
        return list(self.symbols)  # nothing new: the same members (LEAN's Universe.Unchanged)

    Select = select


class ScheduledUniverseSelectionModel(UniverseSelectionModel):
    """``selector(time) -> symbols`` at the times of ``date_rule`` and ``time_rule`` (LEAN
    Selection/ScheduledUniverseSelectionModel.cs): ``(date_rule, time_rule, selector,
    universe_settings=None)``; a leading time zone argument is accepted and ignored (the rules
    already carry the algorithm's time zone here)."""

    def __init__(self, *args: Any, universe_settings: Any = None) -> None:
        if len(args) >= 4 and not callable(args[2]) and callable(args[3]):
            args = args[1:]  # (time_zone, date_rule, time_rule, selector, ...)
        self.date_rule, self.time_rule, self.selector = args[0], args[1], args[2]
        self.universe_settings = args[3] if len(args) > 3 else universe_settings

    def add_to_algorithm(self, algorithm: Any) -> None:
        algorithm.add_universe(
            self.date_rule, self.time_rule, lambda time: list(self.selector(time) or ())
        )


class ETFConstituentsUniverseSelectionModel(UniverseSelectionModel):
    """The constituents of an ETF, filtered by ``universe_filter_func(constituents) -> symbols``
    (LEAN Selection/ETFConstituentsUniverseSelectionModel.py): ``(etf_symbol_or_ticker,
    [universe_settings], [universe_filter_func])``."""

    def __init__(
        self, etf_symbol: Any, universe_settings: Any = None, universe_filter_func: Any = None
    ) -> None:
        if callable(universe_settings) and universe_filter_func is None:
            universe_settings, universe_filter_func = None, universe_settings
        self.etf_symbol = etf_symbol
        self.universe_settings = universe_settings
        self.universe_filter_function = universe_filter_func

    def create_universes(self, algorithm: Any) -> list[Any]:
        return [
            algorithm.universe.etf(
                self.etf_symbol,
                self.universe_settings or algorithm.universe_settings,
                self.universe_filter_function,
            )
        ]

    CreateUniverses = create_universes
