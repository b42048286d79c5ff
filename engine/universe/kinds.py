"""The universes an algorithm adds (Algorithm/QCAlgorithm.Universe.cs): the user-facing kinds
(``ScheduledUniverse``, ``FundamentalUniverse``, ``Universe.UNCHANGED``) and ``UniverseEntry``, the
engine's record of one universe with its members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from engine.model import Market, SecurityType, Symbol
from engine.model.symbol import BASE_DATA_TYPES
from engine.universe.members import SymbolDict, SymbolSet


class UniverseError(Exception):
    """A universe that cannot run (no coarse data for the backtest range, unsupported kind)."""


class _Unchanged:
    def __repr__(self) -> str:
        return "Universe.UNCHANGED"


UNCHANGED = _Unchanged()


class Universe:
    """``Universe.UNCHANGED``: a selector's way to keep the current members."""

    UNCHANGED = Unchanged = UNCHANGED


class ScheduledUniverse:
    """``ScheduledUniverse(date_rule, time_rule, selector)``; ``selector(time) -> symbols``."""

    def __init__(self, date_rule: Any, time_rule: Any, selector: Any, settings: Any = None) -> None:
        self.date_rule = date_rule
        self.time_rule = time_rule
        self.selector = selector
        self.settings = settings


class FundamentalUniverse:
    """``FundamentalUniverse.usa(selector, [universe_settings])``: a fundamental universe of US
    equities for ``add_universe`` (LEAN ``Common/Data/UniverseSelection/FundamentalUniverse.cs``);
    without settings it takes the algorithm's ``universe_settings`` when added."""

    def __init__(self, selector: Any, settings: Any = None) -> None:
        self.selector = selector
        self.settings = settings

    @classmethod
    def usa(cls, selector: Any, settings: Any = None) -> FundamentalUniverse:
        return cls(selector, settings)

    USA = usa


@dataclass(eq=False)
class UniverseEntry:
    """One universe: ``kind`` "coarse" (daily coarse files: ``selector(fundamentals)``, or
    ``selector(coarse)`` then ``fine(fine_fundamentals)`` when ``fine`` is set), "scheduled"
    (``selector(time)`` at the date and time rules), "user_defined" (``selector(time)`` every
    ``interval`` the market is open), "custom" (``selector(points)`` each time
    points of ``custom_type`` arrive), "etf" (``selector(constituents)`` on each constituents
    file of ``etf``), "constituents" (the same on the files of the universe symbol ``etf``, LEAN's
    ConstituentsUniverse) or "manual" (a fixed set of symbols, never reselected)."""

    kind: str
    selector: Any
    date_rule: Any = None
    time_rule: Any = None
    members: SymbolDict = field(default_factory=SymbolDict)  # symbol -> time added
    selected: SymbolSet = field(default_factory=SymbolSet)  # the last selection's symbols
    name: str = ""
    fine: Any = None  # a coarse universe's fine selector (LEAN FineFundamentalFilteredUniverse)
    interval: timedelta | None = None  # "user_defined": selection every interval of open market
    schedule: Any = None  # "coarse": the date rule of ``universe_settings.schedule``, if set
    schedule_days: set[date] = field(default_factory=set)  # its dates over the run
    selects_at_start: bool = True
    custom_type: Any = None  # "custom": the PythonData type whose points drive selection
    points: dict[date, list[tuple[datetime, list[Any]]]] | None = None  # "custom", by day
    etf: Symbol | None = None  # "etf"/"constituents": the symbol naming the constituents files
    settings: Any = None  # the universe's own settings, when given
    option: Any = None  # "option_chain": the canonical option security whose chain it selects
    future: Any = None  # "future": the chain's security (its symbol and contract filter)

    @property
    def symbol(self) -> Symbol:
        """The universe's own symbol (LEAN names a universe's data with a ticker of this form; a
        custom-data universe's symbol is a base-data symbol named after the universe)."""
        if self.custom_type is not None:
            # as LEAN's SecurityIdentifier.GenerateBase, the identifier names the data type, so a
            # selector returning the universe's own symbol subscribes that type
            ticker = self.name.upper()
            sid = f"{ticker}.{self.custom_type.__name__}"
            BASE_DATA_TYPES[sid] = self.custom_type
            return Symbol(ticker, SecurityType.BASE, Market.USA, sid)
        if self.kind == "constituents" and self.etf is not None:
            return self.etf
        if self.kind == "option_chain" and self.option is not None:
            return self.option.symbol
        if self.kind == "future" and self.future is not None:
            return self.future.symbol
        ticker = self.name or f"qc-universe-{self.kind}-{id(self):x}"
        return Symbol(ticker, SecurityType.EQUITY, Market.USA)

    @property
    def data_type(self) -> Any:
        if self.custom_type is not None:
            return self.custom_type
        if self.kind == "coarse":
            if self.fine is None:  # a single-pass fundamental universe (LEAN's FundamentalUniverse)
                return FundamentalUniverse
            from engine.universe.coarse import CoarseFundamental

            return CoarseFundamental
        if self.kind == "etf":
            from engine.universe.etf import ETFConstituentUniverse

            return ETFConstituentUniverse
        if self.kind == "constituents":
            from engine.universe.constituents import ConstituentsUniverseData

            return ConstituentsUniverseData
        return None

    def contains_member(self, symbol: Any) -> bool:
        return symbol in self.members

    ContainsMember = contains_member
    Members = property(lambda self: self.members)
    Selected = property(lambda self: self.selected)
    Symbol = property(lambda self: self.symbol)
