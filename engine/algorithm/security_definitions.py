"""Industry-standard identifiers of a security (CUSIP, composite FIGI, SEDOL, ISIN, CIK) from
the data folder's ``symbol-properties/security-database.csv``, keyed by LEAN's SecurityIdentifier
string (as LEAN's Common/Data/Auxiliary/SecurityDefinitionSymbolResolver.cs and
SecurityDefinition.cs).

``Symbol.cusip`` and friends read through ``definition_for`` once the runner has named the data
folder; ``symbol_for`` answers the reverse question (``QCAlgorithm.cusip("037833100")``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.data import read_map_file
from engine.data.folder import DataFolder
from engine.model.enums import SecurityType
from engine.model.symbol import Symbol
from engine.statistics import security_identifier

DATABASE = Path("symbol-properties") / "security-database.csv"
FIELDS = ("cusip", "composite_figi", "sedol", "isin", "cik")


@dataclass(frozen=True, slots=True)
class SecurityDefinition:
    sid: str
    cusip: str | None
    composite_figi: str | None
    sedol: str | None
    isin: str | None
    cik: int | None


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> dict[str, SecurityDefinition]:
    rows: dict[str, SecurityDefinition] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if not row or row[0].startswith("#") or len(row) < 6:
                continue
            sid, cusip, figi, sedol, isin, cik = (c.strip() or None for c in row[:6])
            if sid is None:
                continue
            rows[sid] = SecurityDefinition(
                sid, cusip, figi, sedol, isin, int(cik) if cik and cik.isdigit() else None
            )
    return rows


def definitions(folder: Any) -> dict[str, SecurityDefinition]:
    """The database of a data folder (empty when the file is absent)."""
    if folder is None:
        return {}
    path = DataFolder(folder).root / DATABASE
    if not path.is_file():
        return {}
    return _load(path, path.stat().st_mtime)


def sid_of(folder: Any, symbol: Symbol) -> str:
    """LEAN's SecurityIdentifier string of an equity: its first ticker and first date from the map
    file (other security types keep the ticker with the default date)."""
    if symbol.id.sid:
        return symbol.id.sid
    name, first = symbol.value, None
    if symbol.security_type == SecurityType.EQUITY and folder is not None:
        try:
            mapping = read_map_file(folder, symbol.market, symbol.value)
        except (OSError, ValueError):
            mapping = None
        if mapping is not None and mapping.tickers:
            first = mapping.first_date
            name = mapping.tickers[0]
    return security_identifier(name, symbol.security_type.folder_name, symbol.market, first)


def definition_for(folder: Any, symbol: Symbol) -> SecurityDefinition | None:
    rows = definitions(folder)
    if not rows:
        return None
    return rows.get(sid_of(folder, symbol))


def symbol_for(
    folder: Any, field: str, value: Any, trading_date: date | datetime | None
) -> Symbol | None:
    """The equity whose ``field`` (one of ``FIELDS``) is ``value``, under its ticker on
    ``trading_date`` (LEAN's ``SecurityDefinitionSymbolResolver``)."""
    if field not in FIELDS:
        raise ValueError(f"Unknown security identifier kind {field!r}; expected one of {FIELDS}")
    wanted = str(value).strip()
    for sid, definition in definitions(folder).items():
        if str(getattr(definition, field)) != wanted:
            continue
        ticker = sid.split(" ", 1)[0]
        symbol = Symbol(ticker, SecurityType.EQUITY, "usa", sid=sid)
        mapping = _map_file_of(folder, sid, ticker) if trading_date is not None else None
        if mapping is not None:
            day = trading_date.date() if isinstance(trading_date, datetime) else trading_date
            current = mapping.ticker_on(day)
            if current:
                symbol = Symbol(current.upper(), SecurityType.EQUITY, "usa", sid=sid)
        return symbol
    return None


def _map_file_of(folder: Any, sid: str, first_ticker: str) -> Any:
    """The map file whose first ticker and first date make ``sid`` (files are named by the
    current ticker, so a renamed security is found by reading the folder)."""
    candidates = [first_ticker.lower()]
    map_dir = DataFolder(folder).root / "equity" / "usa" / "map_files"
    if map_dir.is_dir():
        candidates += sorted(p.stem for p in map_dir.glob("*.csv"))
    for name in candidates:
        try:
            mapping = read_map_file(folder, "usa", name)
        except (OSError, ValueError):
            continue
        if not mapping.tickers or mapping.tickers[0].upper() != first_ticker.upper():
            continue
        found = security_identifier(first_ticker, "equity", "usa", mapping.first_date)
        if found == sid:
            return mapping
    return None
