"""The contracts of a future listed on a day (LEAN's BacktestingFutureChainProvider over
Common/Data/UniverseSelection/FutureUniverse.cs files): ``future/<market>/universes/<ticker>/
<yyyymmdd>.csv`` rows ``contract month,open,high,low,close,volume,open_interest``. As LEAN's
daily history ending at the requested date, the list for ``day`` comes from the latest file dated
before it (a file's day ends at the next midnight), looking back at most ``LOOKBACK_DAYS``
calendar days; contracts already expired on ``day`` are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.data.folder import DataFolder
from engine.data.future_expiry import expiry_of_contract_month

LOOKBACK_DAYS = 7


@dataclass(frozen=True, slots=True)
class ListedContract:
    """One row of a future universe file, with the contract's expiry."""

    contract_month: date
    expiry: datetime
    open: float
    high: float
    low: float
    close: float
    volume: float
    open_interest: float | None

    @property
    def month_code(self) -> str:
        """``"201312"``: how the data files name the contract."""
        return self.contract_month.strftime("%Y%m")


def universe_dir(folder: Any, market: str, ticker: str) -> Path:
    return DataFolder(folder).market_dir("future", market) / "universes" / ticker.lower()


def _number(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


@lru_cache(maxsize=256)
def _read_universe_file(path: Path, mtime: float) -> tuple[tuple[date, tuple], ...]:
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(",")
        month = datetime.strptime(fields[0].strip(), "%Y%m").date()
        values = tuple(_number(f) for f in fields[1:7])
        rows.append((month, values + (None,) * (6 - len(values))))
    return tuple(rows)


def universe_file_for(folder: Any, market: str, ticker: str, day: date) -> Path | None:
    """The universe file whose data LEAN has at the start of ``day``."""
    base = universe_dir(folder, market, ticker)
    for back in range(1, LOOKBACK_DAYS + 1):
        path = base / f"{(day - timedelta(days=back)).strftime('%Y%m%d')}.csv"
        if path.is_file():
            return path
    return None


def universe_file_of(folder: Any, market: str, ticker: str, file_date: date) -> Path | None:
    """The universe file dated ``file_date`` (its data ends at the next midnight), if any."""
    path = universe_dir(folder, market, ticker) / f"{file_date.strftime('%Y%m%d')}.csv"
    return path if path.is_file() else None


def universe_file_dates(folder: Any, market: str, ticker: str) -> list[date]:
    """The dates of the chain's universe files, in order."""
    base = universe_dir(folder, market, ticker)
    if not base.is_dir():
        return []
    return sorted(datetime.strptime(path.stem, "%Y%m%d").date() for path in base.glob("*.csv"))


def file_contracts(folder: Any, market: str, ticker: str, path: Path) -> list[ListedContract]:
    """Every contract of one universe file, by expiry."""
    out = []
    for month, (o, h, low, c, v, oi) in _read_universe_file(path, path.stat().st_mtime):
        expiry = expiry_of_contract_month(folder, market, ticker, month)
        out.append(
            ListedContract(month, expiry, o or 0.0, h or 0.0, low or 0.0, c or 0.0, v or 0.0, oi)
        )
    out.sort(key=lambda c: c.expiry)
    return out


def listed_contracts(folder: Any, market: str, ticker: str, day: date) -> list[ListedContract]:
    """The contracts of ``ticker`` tradable on ``day``, by expiry."""
    path = universe_file_for(folder, market, ticker, day)
    if path is None:
        return []
    return [c for c in file_contracts(folder, market, ticker, path) if c.expiry.date() >= day]
