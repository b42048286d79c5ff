"""LEAN names custom-data algorithms use: ``LeanData.generate_zip_file_name``
(Common/Util/LeanData.cs), ``Globals.data_folder`` (Common/Globals.cs), ``SecurityExchangeHours``
factories and ``EquityExchange`` (Common/Securities/Equity/EquityExchange.cs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.data.market_hours import market_hours
from engine.model import Resolution, SecurityType, TickType
from engine.model.security import AlwaysOpenHours, SecurityExchange


class Globals:
    """``Globals.data_folder``: the run's data folder (set when the run starts)."""

    data_folder = DataFolder = ""

    @classmethod
    def set_data_folder(cls, path: str) -> None:
        cls.data_folder = cls.DataFolder = str(path)


def _tick_type_name(tick_type: Any) -> str:
    return TickType(int(tick_type)).name.lower() if tick_type is not None else "trade"


class LeanData:
    """File naming of LEAN's data folder."""

    @staticmethod
    def generate_zip_file_name(
        symbol: Any, date: datetime, resolution: Any, tick_type: Any = None
    ) -> str:
        """LEAN ``GenerateZipFileName(symbol, date, resolution, tickType)`` for the security types
        this engine reads (equity, index, forex, cfd, custom, crypto)."""
        security_type = symbol.security_type
        kind = _tick_type_name(tick_type)
        hour_or_daily = Resolution(int(resolution)) in (Resolution.HOUR, Resolution.DAILY)
        if security_type == SecurityType.CRYPTO:
            if hour_or_daily:
                return f"{symbol.value.lower()}_{kind}.zip"
        elif security_type not in (
            SecurityType.BASE,
            SecurityType.INDEX,
            SecurityType.EQUITY,
            SecurityType.FOREX,
            SecurityType.CFD,
        ):
            raise ValueError(
                f"LeanData.generate_zip_file_name: {security_type.name} is not supported"
            )
        elif hour_or_daily:
            return f"{symbol.value.lower()}.zip"
        return f"{date:%Y%m%d}_{kind}.zip"

    GenerateZipFileName = generate_zip_file_name


class SecurityExchangeHours:
    """Factories of exchange hours (what ``add_data(..., exchange_hours)`` accepts)."""

    @staticmethod
    def always_open(time_zone: Any) -> AlwaysOpenHours:
        return AlwaysOpenHours(time_zone)

    AlwaysOpen = always_open


class EquityExchange(SecurityExchange):
    """The US equity exchange: regular hours 9:30-16:00 New York, from the market-hours database of
    the run's data folder. Assigned to ``security.exchange``, its hours become the security's."""

    def __init__(self, hours: Any = None) -> None:
        super().__init__(None)
        self._hours = hours or market_hours("equity", "usa", Globals.data_folder or None)

    @property
    def hours(self) -> Any:
        return self._hours

    @property
    def time_zone(self) -> Any:
        from engine.model.security import as_tz

        return as_tz(self._hours.time_zone)

    Hours = hours
    TimeZone = time_zone


__all__ = ["EquityExchange", "Globals", "LeanData", "SecurityExchangeHours"]
