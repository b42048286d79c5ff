"""ETF constituent universes: ``self.universe.etf(symbol, [settings], [filter])`` and the
``ETFConstituentUniverse`` rows of ``equity/usa/universes/etf/<etf>/YYYYMMDD.csv``
(Common/Data/UniverseSelection/ETFConstituentUniverse.cs, ETFConstituentsUniverseFactory.cs).

A row is ``ticker,sid,last_update,weight,shares_held,market_value`` (empty fields are None). The
file of date D is the data point [D, D+1): it selects at D+1 00:00, and only on days that follow
a trading day whose file exists (the data is sparse: no file, no selection). At the start the
previous trading day's file selects, as LEAN starts a universe's subscription a trading day early.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.model import BaseData, Market, SecurityType, Symbol
from engine.universe.kinds import UniverseEntry


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


class ETFConstituentUniverse(BaseData):
    """One constituent of an ETF on one file date (``weight``, ``shares_held``, ``market_value``
    and ``last_update`` may be None)."""

    def __init__(
        self,
        symbol: Symbol,
        day: date,
        last_update: datetime | None = None,
        weight: float | None = None,
        shares_held: float | None = None,
        market_value: float | None = None,
    ) -> None:
        start = datetime(day.year, day.month, day.day)
        BaseData.__init__(self, symbol, start, start + timedelta(days=1), 0.0)
        self.last_update = last_update
        self.weight = weight
        self.shares_held = shares_held
        self.market_value = market_value

    LastUpdate = property(lambda self: self.last_update)
    Weight = property(lambda self: self.weight)
    SharesHeld = property(lambda self: self.shares_held)
    MarketValue = property(lambda self: self.market_value)

    def __repr__(self) -> str:
        return f"ETFConstituentUniverse({self.symbol.value} {self.time:%Y-%m-%d} {self.weight})"


#: LEAN's former name of the type (``ETFConstituentData``), still used by algorithms.
ETFConstituentData = ETFConstituentUniverse


def etf_file(folder: Any, etf: Symbol, day: date) -> Path:
    root = Path(folder) if isinstance(folder, str | Path) else Path(folder.root)
    return (
        root / "equity" / etf.market / "universes" / "etf" / etf.value.lower() / f"{day:%Y%m%d}.csv"
    )


@lru_cache(maxsize=64)
def _read(path: Path, day: date) -> tuple[ETFConstituentUniverse, ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cells = (line.split(",") + [""] * 6)[:6]
        ticker, sid, updated, weight, shares, value = cells
        try:
            last_update = datetime.strptime(updated, "%Y%m%d") if updated else None
        except ValueError:
            last_update = None
        symbol = Symbol(ticker, SecurityType.EQUITY, Market.USA, sid.strip())
        rows.append(
            ETFConstituentUniverse(
                symbol,
                day,
                last_update,
                _optional_float(weight),
                _optional_float(shares),
                _optional_float(value),
            )
        )
    return tuple(rows)


def read_constituents(folder: Any, etf: Symbol, day: date) -> list[ETFConstituentUniverse] | None:
    """The constituents of ``etf`` in file ``day``, or None without a file."""
    path = etf_file(folder, etf, day)
    if not path.is_file():
        return None
    return list(_read(path, day))


def _select_all(constituents: Any) -> list[Symbol]:
    return [c.symbol for c in constituents]


def etf_universe(symbol: Any, settings: Any = None, selector: Any = None) -> UniverseEntry:
    """The universe of ``symbol``'s constituents (a ticker is a US equity), filtered by
    ``selector(constituents) -> symbols`` (every constituent without one)."""
    if not isinstance(symbol, Symbol):
        symbol = Symbol(str(symbol), SecurityType.EQUITY, Market.USA)
    return UniverseEntry(
        "etf",
        selector if selector is not None else _select_all,
        name=f"qc-universe-etf-constituents-{symbol.value}",
        etf=symbol,
        settings=settings,
    )
