"""Coarse fundamental universe data: ``equity/usa/fundamental/coarse/YYYYMMDD.csv`` rows
``sid,ticker,close,volume,dollar_volume,has_fundamental_data,price_factor,split_factor``
(Common/Data/UniverseSelection/CoarseFundamental.cs)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.model import BaseData, Market, SecurityType, Symbol


class CoarseFundamental(BaseData):
    """One security's row of a coarse file; ``time`` is the file date, ``end_time`` a day later."""

    def __init__(
        self,
        symbol: Symbol,
        day: date,
        price: float,
        volume: float,
        dollar_volume: float,
        has_fundamental_data: bool,
        price_factor: float = 1.0,
        split_factor: float = 1.0,
    ) -> None:
        start = datetime(day.year, day.month, day.day)
        BaseData.__init__(self, symbol, start, start + timedelta(days=1), price)
        self.volume = volume
        self.dollar_volume = dollar_volume
        self.has_fundamental_data = has_fundamental_data
        self.price_factor = price_factor
        self.split_factor = split_factor
        self.market = Market.USA

    @property
    def price(self) -> float:
        return self.value

    @property
    def adjusted_price(self) -> float:
        return self.value * self.price_factor * self.split_factor

    @property
    def price_scale_factor(self) -> float:
        return self.price_factor * self.split_factor

    def __getattr__(self, name: str) -> Any:
        from engine.common.naming import to_snake

        snake = to_snake(name)
        if snake != name:
            return object.__getattribute__(self, snake)
        raise AttributeError(f"'CoarseFundamental' object has no attribute '{name}'")

    def __repr__(self) -> str:
        return f"CoarseFundamental({self.symbol.value} {self.time:%Y-%m-%d} ${self.dollar_volume:,.0f})"


def coarse_dir(folder: Any) -> Path:
    return (
        Path(folder.root if hasattr(folder, "root") else folder)
        / "equity"
        / "usa"
        / "fundamental"
        / "coarse"
    )


def coarse_dates(folder: Any) -> list[date]:
    root = coarse_dir(folder)
    if not root.is_dir():
        return []
    out = []
    for entry in root.iterdir():
        if entry.suffix == ".csv" and entry.stem.isdigit() and len(entry.stem) == 8:
            out.append(datetime.strptime(entry.stem, "%Y%m%d").date())
    return sorted(out)


@lru_cache(maxsize=8)
def _read(path: str, mtime: float) -> tuple[tuple, ...]:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) < 6:
                continue
            rows.append(
                (
                    row[1].strip().upper(),
                    float(row[2]),
                    float(row[3]),
                    float(row[4]),
                    row[5].strip().lower() == "true",
                    float(row[6]) if len(row) > 6 and row[6] else 1.0,
                    float(row[7]) if len(row) > 7 and row[7] else 1.0,
                    row[0].strip(),
                )
            )
    return tuple(rows)


def read_coarse(folder: Any, day: date) -> list[CoarseFundamental]:
    """The coarse rows of file ``day`` (empty when there is no file); a run's fine-fundamental
    source replaces their ``has_fundamental_data`` when it gives one (as LEAN's coarse objects
    read it from the run's IFundamentalDataProvider, Common/Data/Fundamental/Fundamental.cs)."""
    from engine.universe.fine_source import active_fine_source

    path = coarse_dir(folder) / f"{day:%Y%m%d}.csv"
    if not path.is_file():
        return []
    source = active_fine_source()
    out = []
    for ticker, price, volume, dollar_volume, has_fundamental, pf, sf, sid in _read(
        str(path), path.stat().st_mtime
    ):
        # the row's identifier (first column) names the security: its data is read through the
        # map file the identifier names, not the one named by the ticker of this date
        symbol = Symbol(ticker, SecurityType.EQUITY, Market.USA, sid)
        row = CoarseFundamental(symbol, day, price, volume, dollar_volume, has_fundamental, pf, sf)
        row.sid = sid  # LEAN's SecurityIdentifier string ("AAPL R735QTJ8XC9X"), first column
        if source is not None:
            row.__dict__.update(source.own_fields(sid, ticker))
        out.append(row)
    return out
