"""LEAN's ``SecurityIdentifier`` string (``"SPY R735QTJ8XC9X"``), used for "Lowest Capacity Asset".

LEAN packs the identifier's properties into one integer (Common/Securities/SecurityIdentifier.cs)::

    properties = days * 10**14 + market_code * 100 + security_type

where ``days`` counts days since 1899-12-30 (OLE automation date 0) of the security's first date:
for equities the first date of its map file (``19980102`` for SPY and most sample tickers; LEAN's
``DefaultDate`` when there is no map file), for futures the expiry; forex, CFD and crypto carry no
date. The string is ``"<ticker at first date> <properties in base 36>"``. The packing itself
(options and futures too) lives in engine/model/identifier.py; this module finds an equity's first
ticker and date in the data folder's map files.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from engine.model.identifier import (
    DAYS_FIELD,
    DEFAULT_DATE,
    DEFAULT_FIRST_DATE,
    MARKET_CODES,
    encode_base36,
    security_identifier,
)

__all__ = [
    "MARKET_CODES",
    "equity_identifier",
    "equity_identifier_for",
    "data_ticker_for",
    "map_file_by_identifier",
    "DEFAULT_FIRST_DATE",
    "encode_base36",
    "security_identifier",
    "symbol_identifier",
]

_OLE_EPOCH = date(1899, 12, 30)
_DAYS_OFFSET = DAYS_FIELD[0]


def symbol_identifier(folder: Any, symbol: Any) -> str:
    """LEAN's SecurityIdentifier string of a symbol: the one it carries, else for an equity its
    first ticker and first date from the data folder's map file (LEAN's DefaultDate without one;
    other security types keep the ticker with the default date)."""
    from engine.data import read_map_file

    if symbol.id.sid:
        return symbol.id.sid
    kind = symbol.security_type.folder_name
    name, first = symbol.value, None
    if kind == "equity" and folder is not None:
        try:
            mapping = read_map_file(folder, symbol.market, symbol.value)
        except (OSError, ValueError):
            mapping = None
        if mapping is not None and mapping.tickers:
            first = mapping.first_date
            name = mapping.tickers[0]
        else:
            first = DEFAULT_DATE
    return security_identifier(name, kind, symbol.market, first)


def equity_identifier(folder: Any, market: str, ticker: str, on: date | None = None) -> str:
    """LEAN's ``SecurityIdentifier.GenerateEquity(ticker, market, mappingResolveDate: on)``: the
    identifier string of the equity trading as ``ticker`` on ``on`` (default today), from the
    first ticker and first date of its map file (Common/SecurityIdentifier.cs
    GetFirstTickerAndDate). Without a map file, or when the resolved one starts after ``on``
    (Common/Data/Auxiliary/MapFileResolver.cs), the ticker with LEAN's DefaultDate (1899-12-30):
    "GOOG" today is "GOOCV VP83T1ZUHROL", on 2014-03-28 "GOOG T1AZ164W5VTX"; "SHY" without a map
    file is "SHY 2T", India's "YESBANK" "YESBANK UL"."""
    day = on or date.today()
    if isinstance(day, datetime):
        day = day.date()
    return _equity_identifier(os.fspath(folder), market, ticker.upper(), day)


@lru_cache(maxsize=4096)
def _equity_identifier(folder: str, market: str, ticker: str, day: date) -> str:
    # cached: algorithms call Symbol.create in their per-bar code, and resolving reads map files
    from engine.data.maps import resolve_map_file

    mapping = resolve_map_file(folder, market, ticker, day)
    if mapping.tickers and mapping.first_date <= day:
        return security_identifier(mapping.tickers[0], "equity", market, mapping.first_date)
    return security_identifier(ticker, "equity", market, DEFAULT_DATE)


def equity_identifier_for(folder: Any, symbol: Any, on: Any = None) -> str:
    """``Symbol.identifier_source``: :func:`equity_identifier` of an equity symbol."""
    return equity_identifier(folder, symbol.market or "usa", symbol.value, on)


def map_file_by_identifier(folder: Any, market: str, sid: str) -> Any:
    """The map file of the equity LEAN's identifier ``sid`` names ("GOOG T1AZ164W5VTX": first
    ticker GOOG, first date 2004-08-19, packed as :func:`security_identifier` packs it), or None."""
    from engine.data.maps import map_file_by_first_row

    first_ticker, _, encoded = sid.partition(" ")
    try:
        properties = int(encoded, 36)
    except ValueError:
        return None
    first_date = date.fromordinal(_OLE_EPOCH.toordinal() + properties // _DAYS_OFFSET)
    return map_file_by_first_row(folder, market, first_ticker, first_date)


def data_ticker_for(folder: Any, symbol: Any) -> str | None:
    """``Symbol.data_ticker_source``: the current ticker of an equity known by its identifier."""
    mapping = map_file_by_identifier(folder, symbol.market, symbol.id.sid)
    return mapping.ticker.upper() if mapping is not None else None
