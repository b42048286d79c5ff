"""``self.market_hours_database`` and ``self.symbol_properties_database`` (LEAN's
Common/Securities/MarketHoursDatabase.cs and SymbolPropertiesDatabase.cs) with ``set_entry``.

Entries come from the data folder's databases; ``set_entry`` overrides one ticker, or the whole
(market, security type) when the ticker is empty / ``Symbol.EMPTY`` (LEAN's ``[*]`` entry). The
securities the algorithm adds afterwards take their exchange hours and symbol properties from
here, as in LEAN.
"""

from __future__ import annotations

from typing import Any

from engine.data.market_hours import database_symbol_key as get_database_symbol_key
from engine.model import SecurityType, Symbol
from engine.model.security import SymbolProperties

_ANY = "[*]"


def _ticker(symbol: Any) -> str:
    if isinstance(symbol, Symbol):
        return symbol.value or _ANY
    text = str(symbol or "").strip().upper()
    return text or _ANY


def _key(market: str, symbol: Any, security_type: Any) -> tuple[str, str, str]:
    sec = (
        SecurityType(security_type).folder_name
        if not isinstance(security_type, str)
        else security_type.lower()
    )
    return sec, str(market).lower(), _ticker(symbol)


class MarketHoursDatabaseEntry:
    """``exchange_hours`` and ``data_time_zone`` of one database entry."""

    def __init__(self, exchange_hours: Any, data_time_zone: Any = None) -> None:
        self.exchange_hours = exchange_hours
        self.data_time_zone = data_time_zone or exchange_hours.data_time_zone

    ExchangeHours = property(lambda self: self.exchange_hours)
    DataTimeZone = property(lambda self: self.data_time_zone)


class MarketHoursDatabase:
    get_database_symbol_key = GetDatabaseSymbolKey = staticmethod(get_database_symbol_key)

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self._entries: dict[tuple[str, str, str], MarketHoursDatabaseEntry] = {}

    def override(
        self, market: str, symbol: Any, security_type: Any
    ) -> MarketHoursDatabaseEntry | None:
        sec, mkt, ticker = _key(market, symbol, security_type)
        return self._entries.get((sec, mkt, ticker)) or self._entries.get((sec, mkt, _ANY))

    def get_entry(self, market: str, symbol: Any, security_type: Any) -> MarketHoursDatabaseEntry:
        entry = self.override(market, symbol, security_type)
        if entry is not None:
            return entry
        from engine.data.market_hours import market_hours

        sec, mkt, _ = _key(market, symbol, security_type)
        ticker = (
            get_database_symbol_key(symbol) if isinstance(symbol, Symbol) else str(symbol or "")
        )
        hours = market_hours(sec, mkt, self._algorithm._data_folder, ticker)
        return MarketHoursDatabaseEntry(hours, hours.data_time_zone)

    def get_exchange_hours(self, market: Any, symbol: Any = None, security_type: Any = None) -> Any:
        """``(market, symbol, security_type)`` or LEAN's ``(subscription_data_config)``."""
        if symbol is None and hasattr(market, "symbol"):
            config = market
            market, symbol, security_type = config.market, config.symbol, config.security_type
        return self.get_entry(market, symbol, security_type).exchange_hours

    def get_data_time_zone(self, market: str, symbol: Any, security_type: Any) -> Any:
        return self.get_entry(market, symbol, security_type).data_time_zone

    def set_entry(
        self,
        market: str,
        symbol: Any,
        security_type: Any,
        exchange_hours: Any,
        data_time_zone: Any = None,
    ) -> MarketHoursDatabaseEntry:
        entry = MarketHoursDatabaseEntry(exchange_hours, data_time_zone)
        self._entries[_key(market, symbol, security_type)] = entry
        return entry

    GetEntry = get_entry
    SetEntry = set_entry
    GetExchangeHours = get_exchange_hours
    GetDataTimeZone = get_data_time_zone


class SymbolPropertiesDatabase:
    get_database_symbol_key = GetDatabaseSymbolKey = staticmethod(get_database_symbol_key)

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self._entries: dict[tuple[str, str, str], SymbolProperties] = {}

    def override(self, market: str, symbol: Any, security_type: Any) -> SymbolProperties | None:
        sec, mkt, ticker = _key(market, symbol, security_type)
        return self._entries.get((sec, mkt, ticker)) or self._entries.get((sec, mkt, _ANY))

    def get_symbol_properties(
        self, market: str, symbol: Any, security_type: Any, default_quote_currency: str = "USD"
    ) -> SymbolProperties:
        entry = self.override(market, symbol, security_type)
        if entry is not None:
            return entry
        from engine.data import symbol_properties

        sec, mkt, ticker = _key(market, symbol, security_type)
        row = symbol_properties(
            self._algorithm._data_folder, mkt, sec, "" if ticker == _ANY else ticker
        )
        return SymbolProperties(
            description=row.description,
            quote_currency=row.quote_currency or default_quote_currency,
            contract_multiplier=row.contract_multiplier,
            minimum_price_variation=row.minimum_price_variation,
            lot_size=row.lot_size,
            market_ticker=row.market_ticker or "",
            minimum_order_size=row.minimum_order_size,
            price_magnifier=row.price_magnifier,
        )

    def set_entry(
        self, market: str, symbol: Any, security_type: Any, properties: SymbolProperties
    ) -> bool:
        self._entries[_key(market, symbol, security_type)] = properties
        return True

    GetSymbolProperties = get_symbol_properties
    SetEntry = set_entry


__all__ = [
    "MarketHoursDatabase",
    "MarketHoursDatabaseEntry",
    "SymbolPropertiesDatabase",
]
