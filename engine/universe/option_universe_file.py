"""LEAN's option universe (chain) files: ``option/<market>/universes/<underlying>/<yyyymmdd>.csv``
(Common/Data/UniverseSelection/OptionUniverse.cs).

One header line (``#expiry,strike,right,open,high,low,close,volume,open_interest,
implied_volatility,delta,gamma,vega,theta,rho``), then the underlying's row (the first three cells
empty), then one row per contract listed that day with its daily prices, open interest, implied
volatility and greeks (empty cells where the day has none). LEAN gives a file's rows the file's
date as their time and the next midnight as their end time (BaseChainUniverseData.cs).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from engine.data.folder import DataFolder, ymd

PRICE_FIELDS = ("open", "high", "low", "close", "volume")
GREEK_FIELDS = ("delta", "gamma", "vega", "theta", "rho")


@dataclass(frozen=True, slots=True)
class UnderlyingRow:
    open: float
    high: float
    low: float
    close: float
    volume: float

    @property
    def price(self) -> float:
        return self.close


@dataclass(frozen=True, slots=True)
class ContractRow:
    """One contract of a chain file; ``None`` where the file's cell is empty."""

    expiry: date
    strike: float
    right: str  # "C" or "P"
    open: float
    high: float
    low: float
    close: float
    volume: float
    open_interest: float | None
    implied_volatility: float | None
    delta: float | None
    gamma: float | None
    vega: float | None
    theta: float | None
    rho: float | None

    @property
    def is_call(self) -> bool:
        return self.right == "C"


@dataclass(frozen=True, slots=True)
class ChainFile:
    day: date
    underlying: UnderlyingRow | None
    contracts: tuple[ContractRow, ...]


def chain_file_path(
    folder: object, underlying: str, day: date, security_type: str = "option", market: str = "usa"
) -> Path:
    root = DataFolder(folder).root
    return root / security_type / market / "universes" / underlying.lower() / f"{ymd(day)}.csv"


def _number(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


def _parse(text: str, day: date) -> ChainFile:
    underlying = None
    contracts = []
    for cells in csv.reader(io.StringIO(text)):
        if not cells or cells[0].startswith("#"):
            continue
        cells = cells + [""] * (15 - len(cells))
        values = [_number(c) for c in cells[3:15]]
        prices = [v or 0.0 for v in values[:5]]
        if not cells[0].strip():
            underlying = UnderlyingRow(*prices)
            continue
        expiry = date(int(cells[0][:4]), int(cells[0][4:6]), int(cells[0][6:8]))
        right = cells[2].strip().upper()[:1]
        if right not in ("C", "P"):
            raise ValueError(f"option universe file of {day}: unknown right {cells[2]!r}")
        contracts.append(ContractRow(expiry, float(cells[1]), right, *prices, *values[5:12]))
    return ChainFile(day, underlying, tuple(contracts))


@lru_cache(maxsize=64)
def _read(path: Path, mtime: float, day: date) -> ChainFile:
    return _parse(path.read_text(), day)


def read_chain_file(
    folder: object, underlying: str, day: date, security_type: str = "option", market: str = "usa"
) -> ChainFile | None:
    """The chain file of ``underlying`` for ``day`` (None when there is none)."""
    path = chain_file_path(folder, underlying, day, security_type, market)
    if not path.is_file():
        return None
    return _read(path, path.stat().st_mtime, day)


def chain_file_dates(
    folder: object, underlying: str, security_type: str = "option", market: str = "usa"
) -> list[date]:
    base = chain_file_path(folder, underlying, date(2000, 1, 1), security_type, market).parent
    if not base.is_dir():
        return []
    out = []
    for path in base.glob("*.csv"):
        stem = path.stem
        if len(stem) == 8 and stem.isdigit():
            out.append(date(int(stem[:4]), int(stem[4:6]), int(stem[6:8])))
    return sorted(out)
