"""LEAN-compatible data consolidators and the per-algorithm consolidator registry (runner hook).

Time and count consolidators are in ``bars``/``base``; the timeless ones (Renko, VolumeRenko, Range)
in ``engine.consolidators.timeless``, their bars in ``engine.model.renko``.
"""

from __future__ import annotations

from engine.consolidators.bars import (
    BaseDataConsolidator,
    QuoteBarConsolidator,
    TickConsolidator,
    TickQuoteBarConsolidator,
    TradeBarConsolidator,
)
from engine.consolidators.base import (
    DataConsolidator,
    IdentityDataConsolidator,
    PeriodCountConsolidatorBase,
)
from engine.consolidators.calendar import Calendar, CalendarInfo, CalendarType
from engine.consolidators.market_hour_aware import MarketHourAwareConsolidator
from engine.consolidators.python_consolidator import PythonConsolidator
from engine.consolidators.registry import ConsolidatorRegistry
from engine.consolidators.sequential import SequentialConsolidator

# LEAN's consolidator interface name, used by algorithms in type hints and isinstance checks
IDataConsolidator = DataConsolidator

__all__ = [
    "BaseDataConsolidator",
    "Calendar",
    "CalendarInfo",
    "CalendarType",
    "ConsolidatorRegistry",
    "DataConsolidator",
    "IDataConsolidator",
    "IdentityDataConsolidator",
    "MarketHourAwareConsolidator",
    "PeriodCountConsolidatorBase",
    "PythonConsolidator",
    "QuoteBarConsolidator",
    "SequentialConsolidator",
    "TickConsolidator",
    "TickQuoteBarConsolidator",
    "TradeBarConsolidator",
]
