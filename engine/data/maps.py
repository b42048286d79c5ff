"""Map files: which ticker (data folder name) a security traded under on each date.

``map_files/<current ticker>.csv`` rows are ``yyyymmdd,ticker,exchange``: "up to and including this
date the security traded as ticker". The first row's date is the first date with data; the last
row's date is the delisting date (20501231 = still listed). Without a map file the ticker maps to
itself on every date (LEAN's behaviour for securities without one).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from engine.data.folder import DataFolder

FAR_FUTURE = date(2050, 12, 31)
FAR_PAST = date(1900, 1, 1)


@dataclass(frozen=True)
class MapFile:
    """Parsed map file. ``dates`` ascending; ``tickers[i]`` in force up to and including ``dates[i]``."""

    ticker: str
    dates: tuple[date, ...] = ()
    tickers: tuple[str, ...] = ()
    exchanges: tuple[str, ...] = ()
    identity: bool = field(default=False)

    @property
    def first_date(self) -> date:
        return self.dates[0] if self.dates else FAR_PAST

    @property
    def delisting_date(self) -> date:
        return self.dates[-1] if self.dates else FAR_FUTURE

    @property
    def is_delisted(self) -> bool:
        return self.delisting_date < FAR_FUTURE

    def has_data(self, day: date) -> bool:
        return self.first_date <= day <= self.delisting_date

    def ticker_on(self, day: date) -> str | None:
        """Folder ticker in force on ``day`` (None before listing or after delisting)."""
        if not self.dates:
            return self.ticker.lower()
        if not self.has_data(day):
            return None
        # bisect on the sorted dates (numpy's searchsorted "left", without building an array per
        # call: start-up asks this for every date of a daily file's history)
        return self.tickers[bisect_left(self.dates, _as_plain_date(day))]

    def ranges(self, start: date, end: date) -> list[tuple[date, date, str]]:
        """``(first, last, folder_ticker)`` blocks covering ``[start, end]`` (inclusive dates)."""
        if not self.dates:
            return [(start, end, self.ticker.lower())] if start <= end else []
        out: list[tuple[date, date, str]] = []
        lo = self.first_date
        for d, t in zip(self.dates, self.tickers, strict=True):
            a, b = max(lo, start), min(d, end)
            if a <= b:
                if out and out[-1][2] == t:
                    out[-1] = (out[-1][0], b, t)
                else:
                    out.append((a, b, t))
            lo = date.fromordinal(d.toordinal() + 1)
        return out

    def changes(self) -> list[tuple[date, str, str]]:
        """``(date, old_ticker, new_ticker)`` for each rename: the first date under the new name."""
        out = []
        for i in range(1, len(self.dates)):
            if self.tickers[i] != self.tickers[i - 1]:
                out.append(
                    (
                        date.fromordinal(self.dates[i - 1].toordinal() + 1),
                        self.tickers[i - 1],
                        self.tickers[i],
                    )
                )
        return out


@lru_cache(maxsize=512)
def _read_map_file(path: Path, ticker: str, mtime: float) -> MapFile:
    dates, tickers, exchanges = [], [], []
    for line in path.read_text().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 2 or not parts[0].isdigit():
            continue
        d = parts[0]
        dates.append(date(int(d[:4]), int(d[4:6]), int(d[6:8])))
        tickers.append(parts[1].lower())
        exchanges.append(parts[2] if len(parts) > 2 else "")
    order = sorted(range(len(dates)), key=dates.__getitem__)
    return MapFile(
        ticker.lower(),
        tuple(dates[i] for i in order),
        tuple(tickers[i] for i in order),
        tuple(exchanges[i] for i in order),
    )


def read_map_file(folder: str | Path | DataFolder, market: str, ticker: str) -> MapFile:
    """Map file of the security whose current ticker is ``ticker`` (identity when absent)."""
    path = DataFolder(folder).map_file_path(market, ticker)
    if not path.is_file():
        return MapFile(ticker.lower(), identity=True)
    return _read_map_file(path, ticker.lower(), path.stat().st_mtime)


def _as_plain_date(day: date) -> date:
    """``day`` as a ``datetime.date`` (a datetime compares unlike a date with the stored dates)."""
    return day.date() if isinstance(day, datetime) else day


def map_file_by_first_row(
    folder: str | Path | DataFolder, market: str, first_ticker: str, first_date: date
) -> MapFile | None:
    """The map file whose first row is ``first_ticker`` on ``first_date``, or None. Files are
    named by the current ticker, so a renamed security is found by its first row (as LEAN's
    MapFileResolver finds a symbol's map file by its identifier: class A Google, GOOG until 2014,
    is googl.csv)."""
    df = DataFolder(folder)
    name = _first_rows(df.market_dir("equity", market) / "map_files").get(
        (first_ticker.lower(), first_date)
    )
    return read_map_file(df, market, name) if name is not None else None


@lru_cache(maxsize=16)
def _first_rows(map_dir: Path) -> dict[tuple[str, date], str]:
    """(first ticker, first date) -> map file name, for every map file of a folder."""
    out: dict[tuple[str, date], str] = {}
    if not map_dir.is_dir():
        return out
    for path in sorted(map_dir.glob("*.csv")):
        mapping = _read_map_file(path, path.stem.lower(), path.stat().st_mtime)
        if mapping.tickers:
            out.setdefault((mapping.tickers[0], mapping.first_date), path.stem.lower())
    return out


def resolve_map_file(
    folder: str | Path | DataFolder, market: str, ticker: str, on: date | None = None
) -> MapFile:
    """The map file of the security trading as ``ticker`` on ``on`` (default today), as LEAN's
    MapFileResolver.ResolveMapFile(ticker, date): among every map file row naming the ticker, the
    first dated on or after ``on``, else the last one (FOXA today is the security of tfcfa.csv,
    which traded as NWSA until 2013). Without such a row, the map file named by the ticker."""
    df = DataFolder(folder)
    entries = _ticker_rows(df.market_dir("equity", market) / "map_files").get(ticker.lower())
    if not entries:
        return read_map_file(df, market, ticker)
    day = _as_plain_date(on or date.today())
    index = min(bisect_left([d for d, _ in entries], day), len(entries) - 1)
    return read_map_file(df, market, entries[index][1])


@lru_cache(maxsize=16)
def _ticker_rows(map_dir: Path) -> dict[str, list[tuple[date, str]]]:
    """ticker -> (row date, map file name) of every map file row naming it, by date."""
    out: dict[str, dict[date, str]] = {}
    if not map_dir.is_dir():
        return {}
    for path in sorted(map_dir.glob("*.csv")):
        mapping = _read_map_file(path, path.stem.lower(), path.stat().st_mtime)
        for day, ticker in zip(mapping.dates, mapping.tickers, strict=True):
            out.setdefault(ticker, {}).setdefault(day, path.stem.lower())
    return {ticker: sorted(rows.items()) for ticker, rows in out.items()}
