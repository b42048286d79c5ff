"""The market data the installation has: a catalog of the LEAN data folder the backtests read
(``QCWEB_DATA_DIR``) by asset class, market, resolution and symbol, with date ranges, file counts
and sizes, and one symbol's coverage (days with data per resolution) and daily closes.

LEAN's layout (``engine/data/folder.py``): tick/second/minute data is one zip per day in
``<asset class>/<market>/<resolution>/<symbol>/<yyyymmdd>_<trade|quote|openinterest>.zip``; hour
and daily data is one zip per symbol, ``<asset class>/<market>/<resolution>/<symbol>.zip`` (crypto:
``<symbol>_<trade|quote>.zip``), whose rows carry the dates. Other folders (map and factor
files, fundamentals, universes, market hours) are not market data of one symbol and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from engine.data.readers import read_file_dates, read_quote_bars, read_trade_bars

RESOLUTIONS = ("tick", "second", "minute", "hour", "daily")
PER_DAY = ("tick", "second", "minute")
DAY_FILE = re.compile(r"^(\d{8})_([a-z_]+)\.zip$")
SYMBOL_FILE = re.compile(r"^([a-z0-9.\-^$]+?)(?:_(trade|quote|openinterest))?\.zip$")
QUOTED = ("forex", "cfd")  # their hour/daily files hold quote bars


@dataclass
class Dataset:
    asset_class: str
    market: str
    resolution: str
    symbol: str
    first: date | None = None
    last: date | None = None
    files: int = 0
    size: int = 0
    days: set[date] = field(default_factory=set)

    def add_days(self, days: list[date]) -> None:
        self.days.update(days)
        if days:
            low, high = min(days), max(days)
            self.first = low if self.first is None else min(self.first, low)
            self.last = high if self.last is None else max(self.last, high)


def _parse_day(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _signature(root: Path) -> tuple:
    """Modification times of the folders down to the symbol folders: adding or replacing a
    file changes one of them, so the catalog is rebuilt only then."""
    stamps = []
    for folder in (root, *root.glob("*/*/*"), *root.glob("*/*/*/*")):
        try:
            stamps.append((str(folder), folder.stat().st_mtime_ns))
        except OSError:
            continue
    return tuple(stamps)


_CACHE: dict[str, tuple[tuple, list[Dataset]]] = {}


def dataset_catalog(root: Path) -> list[Dataset]:
    """Every (asset class, market, resolution, symbol) with data under `root`, sorted (cached
    until a folder under `root` changes)."""
    signature = _signature(root)
    cached = _CACHE.get(str(root))
    if cached is not None and cached[0] == signature:
        return cached[1]
    catalog = _build_catalog(root)
    _CACHE[str(root)] = (signature, catalog)
    return catalog


def _build_catalog(root: Path) -> list[Dataset]:
    found: dict[tuple[str, str, str, str], Dataset] = {}
    if not root.is_dir():
        return []
    for asset_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for market_dir in sorted(p for p in asset_dir.iterdir() if p.is_dir()):
            for resolution in RESOLUTIONS:
                res_dir = market_dir / resolution
                if not res_dir.is_dir():
                    continue
                for entry in sorted(res_dir.iterdir()):
                    _add_entry(found, asset_dir.name, market_dir.name, resolution, entry)
    return [found[key] for key in sorted(found)]


def _add_entry(
    found: dict[tuple[str, str, str, str], Dataset],
    asset_class: str,
    market: str,
    resolution: str,
    entry: Path,
) -> None:
    if resolution in PER_DAY:
        if not entry.is_dir() or entry.is_symlink():
            return
        dataset = found.setdefault(
            (asset_class, market, resolution, entry.name),
            Dataset(asset_class, market, resolution, entry.name),
        )
        days = []
        for day_file in entry.iterdir():
            match = DAY_FILE.match(day_file.name)
            if match is None or not day_file.is_file():
                continue
            day = _parse_day(match.group(1))
            if day is not None:
                days.append(day)
                dataset.files += 1
                dataset.size += day_file.stat().st_size
        dataset.add_days(days)
        return
    match = SYMBOL_FILE.match(entry.name)
    if match is None or not entry.is_file():
        return
    symbol = match.group(1)
    dataset = found.setdefault(
        (asset_class, market, resolution, symbol),
        Dataset(asset_class, market, resolution, symbol),
    )
    dataset.files += 1
    dataset.size += entry.stat().st_size
    try:
        dataset.add_days(read_file_dates(entry))
    except (OSError, ValueError):
        pass  # an unreadable file still counts; it has no dates to show


def symbol_datasets(root: Path, asset_class: str, market: str, symbol: str) -> list[Dataset]:
    return [
        d
        for d in dataset_catalog(root)
        if (d.asset_class, d.market, d.symbol) == (asset_class, market, symbol.lower())
    ]


def daily_closes(root: Path, dataset: Dataset) -> tuple[list[str], list[float]]:
    """(dates, raw closes) of a daily dataset, as the engine reads it (equity prices descaled;
    forex and CFDs from the mid of their quote bars)."""
    if dataset.first is None or dataset.last is None:
        return [], []
    args: tuple = (
        root,
        dataset.asset_class,
        dataset.market,
        dataset.symbol,
        "daily",
        dataset.first,
        dataset.last,
    )
    try:
        return _closes(args, quoted=dataset.asset_class in QUOTED)
    except Exception:  # the engine cannot read this market (e.g. an unknown time zone)
        return [], []


def _closes(args: tuple, *, quoted: bool) -> tuple[list[str], list[float]]:
    if quoted:
        quotes = read_quote_bars(*args, normalization="raw")
        closes = np.nanmean(np.vstack([quotes.bid_close, quotes.ask_close]), axis=0)
        days = quotes.date
    else:
        bars = read_trade_bars(*args, normalization="raw")
        closes, days = bars.close, bars.date
    return [str(np.datetime64(d, "D")) for d in days], [float(c) for c in closes]
