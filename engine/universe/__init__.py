"""Classic universe selection: coarse fundamental files and scheduled universes."""

from engine.universe.coarse import CoarseFundamental, coarse_dates, read_coarse
from engine.universe.constituents import ConstituentsUniverse, ConstituentsUniverseData
from engine.universe.etf import ETFConstituentData, ETFConstituentUniverse
from engine.universe.fundamental import FineFundamental, Fundamental
from engine.universe.kinds import (
    UNCHANGED,
    FundamentalUniverse,
    ScheduledUniverse,
    Universe,
    UniverseError,
)
from engine.universe.manager import UniverseManager
from engine.universe.mixin import UniverseMixin

__all__ = [
    "UNCHANGED",
    "CoarseFundamental",
    "ConstituentsUniverse",
    "ConstituentsUniverseData",
    "ETFConstituentData",
    "ETFConstituentUniverse",
    "FineFundamental",
    "Fundamental",
    "FundamentalUniverse",
    "ScheduledUniverse",
    "Universe",
    "UniverseError",
    "UniverseManager",
    "UniverseMixin",
    "coarse_dates",
    "read_coarse",
]
