"""Enumerations of futures (LEAN's Common/DataMappingMode.cs and Common/SettlementType.cs)."""

from __future__ import annotations

from engine.model.enums import LeanEnum, pascal_aliases


@pascal_aliases
class DataMappingMode(LeanEnum):
    """When a continuous future rolls to the next contract."""

    LAST_TRADING_DAY = 0
    FIRST_DAY_MONTH = 1
    OPEN_INTEREST = 2
    OPEN_INTEREST_ANNUAL = 3


@pascal_aliases
class SettlementType(LeanEnum):
    """How a contract settles at expiry."""

    PHYSICAL_DELIVERY = 0
    CASH = 1
