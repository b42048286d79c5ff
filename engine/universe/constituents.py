"""Constituents universes: ``ConstituentsUniverse(symbol, universe_settings, [filter])`` and its
``ConstituentsUniverseData`` rows (Common/Data/UniverseSelection/ConstituentsUniverse.cs,
ConstituentsUniverseData.cs).

The universe's symbol names its data: the part of its ticker after the last ``-`` is a folder of
``<type>/<market>/universes/<resolution>/<name>/YYYYMMDD.csv`` whose rows are ``ticker,sid``. As
ETF constituents, the file of date D is the data point [D, D+1) that selects at D+1 00:00, and the
data is sparse (no file, no selection). A file holding only the ``NONE`` symbol selects nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.model import BaseData, Market, SecurityType, Symbol
from engine.universe.kinds import UniverseEntry

#: LEAN's ``Symbol.None`` identifier, written in a file that selects nothing.
NONE_ID = "NONE 0"


class ConstituentsUniverseData(BaseData):
    """One row of a constituents file: a symbol selected on the file's date."""

    def __init__(self, symbol: Symbol, day: date) -> None:
        start = datetime(day.year, day.month, day.day)
        BaseData.__init__(self, symbol, start, start + timedelta(days=1), 0.0)

    def __repr__(self) -> str:
        return f"ConstituentsUniverseData({self.symbol.value} {self.time:%Y-%m-%d})"


def constituents_file(folder: Any, universe: Symbol, resolution: str, day: date) -> Path:
    root = Path(folder) if isinstance(folder, str | Path) else Path(folder.root)
    name = universe.id.symbol.rsplit("-", 1)[-1].lower()
    return (
        root
        / universe.security_type.folder_name
        / universe.market
        / "universes"
        / resolution
        / name
        / f"{day:%Y%m%d}.csv"
    )


@lru_cache(maxsize=64)
def _read(path: Path, day: date, security_type: SecurityType, market: str) -> tuple[Any, ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split(",")
        if len(cells) < 2 or not cells[0].strip():
            continue  # LEAN's reader drops a line it cannot parse
        ticker, sid = cells[0].strip(), cells[1].strip()
        symbol = Symbol(ticker, security_type, market, sid)
        rows.append(ConstituentsUniverseData(symbol, day))
    return tuple(rows)


def read_universe_constituents(
    folder: Any, universe: Symbol, day: date, resolution: str = "daily"
) -> list[ConstituentsUniverseData] | None:
    """The rows of ``universe``'s file ``day``, or None without a file."""
    path = constituents_file(folder, universe, resolution, day)
    if not path.is_file():
        return None
    return list(_read(path, day, universe.security_type, universe.market))


def select_constituents(rows: Any) -> list[Symbol]:
    """LEAN's default constituents filter: every row's symbol, none for the ``NONE`` row."""
    symbols = [row.symbol for row in rows]
    if len(symbols) == 1 and symbols[0].id.sid == NONE_ID:
        return []
    return symbols


class ConstituentsUniverse(UniverseEntry):
    """``ConstituentsUniverse(symbol, universe_settings, [filter])``: selects the symbols of the
    universe's daily constituents files, through ``filter(rows) -> symbols`` when given."""

    def __init__(self, symbol: Any, universe_settings: Any = None, selector: Any = None) -> None:
        if not isinstance(symbol, Symbol):
            symbol = Symbol(str(symbol), SecurityType.EQUITY, Market.USA)
        super().__init__(
            "constituents",
            selector if selector is not None else select_constituents,
            name=symbol.value,
            etf=symbol,
            settings=universe_settings,
        )
