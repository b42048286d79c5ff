"""Readers of LEAN's option contract files: trade, quote and open-interest bars of one contract.

LEAN keeps every contract of an underlying in shared zips (Common/Util/LeanData.cs
``GenerateZipFilePath``/``GenerateZipEntryName``):

- minute/second/tick: ``option/<market>/<res>/<underlying>/<yyyymmdd>_<kind>_<style>.zip``, one
  entry per contract, ``<yyyymmdd>_<underlying>_<res>_<kind>_<style>_<right>_<strike x 10000>_<expiry>.csv``
  with rows of milliseconds since midnight;
- hour/daily: ``option/<market>/<res>/<underlying>_<year>_<kind>_<style>.zip``, entries
  ``<underlying>_<kind>_<style>_<right>_<strike x 10000>_<expiry>.csv`` with ``yyyymmdd hh:mm`` rows.

Prices are stored as dollars x 10000, as equity files. Open-interest rows are ``time,value``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from engine.data.arrays import BarArrays, QuoteBarArrays
from engine.data.csv_columns import read_numbers, read_stamped
from engine.data.folder import DataFolder, as_date, norm_resolution, ymd
from engine.data.market_hours import MarketHours, market_hours
from engine.data.readers import QUOTE_COLS, TRADE_COLS, bar_times

PRICE_SCALE = 10_000.0
OPEN_INTEREST_COLS = ["time", "open_interest"]
_INTRADAY = ("minute", "second", "tick")
_PRICES = {c for c in QUOTE_COLS + TRADE_COLS if c not in ("time", "volume") and "size" not in c}


@dataclass(frozen=True, slots=True)
class OptionContractKey:
    """What names one contract's entries in the shared zips."""

    underlying: str  # the underlying's data ticker (folder name)
    right: str  # "call" or "put"
    strike: float
    expiry: date
    style: str = "american"
    security_type: str = "option"
    market: str = "usa"
    # a future option's files sit under its future's contract month (``202006``)
    contract_month: str = ""

    def folder(self, root: Path, res: str) -> Path:
        """The folder of the contract's zips: LEAN's GenerateZipFilePath keeps an equity or
        index option's hour/daily zips at the resolution's root and a future option's, at any
        resolution, under ``<option ticker>/<future contract month>``."""
        base = root / self.security_type / self.market / res
        if self.contract_month:
            return base / self.underlying.lower() / self.contract_month
        if res in _INTRADAY:
            return base / self.underlying.lower()
        return base

    @property
    def price_scale(self) -> float:
        """LEAN's OptionUseScaleFactor: equity and index option prices are stored x 10000,
        future option prices as they are."""
        return 1.0 if self.contract_month else PRICE_SCALE

    def entry_suffix(self) -> str:
        """``<right>_<strike x 10000>_<expiry>.csv``: LEAN writes the strike scaled, whole."""
        scaled = int((Decimal(str(self.strike)) * 10_000).to_integral_value())
        return f"{self.right}_{scaled}_{ymd(self.expiry)}.csv"


def contract_key(symbol: Any) -> OptionContractKey:
    """The file key of an option contract symbol (LEAN's SecurityIdentifier fields: the
    underlying's ticker names the folder, as LeanData.GenerateZipFilePath)."""
    from engine.model import SecurityType

    ident = symbol.id
    underlying = symbol.underlying
    ticker = underlying.value if underlying is not None else ident.symbol
    if symbol.security_type.folder_name == "indexoption":
        # an index option's files are under its own ticker (SPXW's weeklys in ``spxw/``, not
        # with SPX's monthly contracts), as LEAN's LeanData.GenerateZipFilePath
        ticker = ident.symbol
    month = ""
    if symbol.security_type == SecurityType.FUTURE_OPTION and underlying is not None:
        # LEAN names a future option's folder by its own ticker (OG for gold) and its future's
        # contract month (FuturesExpiryUtilityFunctions.GetFutureContractMonth)
        from engine.data.future_expiry import contract_month_of

        ticker = ident.symbol
        month = contract_month_of(underlying.id.symbol, underlying.id.date).strftime("%Y%m")
    right = "call" if int(ident.option_right) == 0 else "put"
    style = "american" if int(ident.option_style) == 0 else "european"
    expiry = ident.date
    return OptionContractKey(
        str(ticker).lower(),
        right,
        float(ident.strike_price),
        expiry.date() if hasattr(expiry, "date") else expiry,
        style,
        symbol.security_type.folder_name,
        symbol.market,
        month,
    )


@lru_cache(maxsize=16)
def _zip_entries(path: Path, mtime: float) -> dict[str, bytes]:
    """Every entry of one shared zip (a day's contracts are read together, so read once)."""
    with zipfile.ZipFile(path) as archive:
        return {name.lower(): archive.read(name) for name in archive.namelist()}


def zip_entries(path: Path) -> dict[str, bytes]:
    """Entry name (lower case) -> bytes of a zip ({} when the file is missing)."""
    if not path.is_file():
        return {}
    return _zip_entries(path, path.stat().st_mtime)


def _day_zip(folder: DataFolder, key: OptionContractKey, res: str, kind: str, day: date) -> Path:
    return key.folder(folder.root, res) / f"{ymd(day)}_{kind}_{key.style}.zip"


def _year_zip(folder: DataFolder, key: OptionContractKey, res: str, kind: str, year: int) -> Path:
    return key.folder(folder.root, res) / f"{key.underlying.lower()}_{year}_{kind}_{key.style}.zip"


def intraday_dates(folder: DataFolder, key: OptionContractKey, res: str, kind: str) -> list[date]:
    """The dates of an underlying's per-day zips of ``kind``."""
    base = key.folder(folder.root, res)
    if not base.is_dir():
        return []
    suffix = f"_{kind}_{key.style}.zip"
    out = []
    for path in base.iterdir():
        if path.name.endswith(suffix):
            try:
                out.append(as_date(path.name[:8]))
            except ValueError:
                continue
    return sorted(out)


def has_option_data(folder: object, key: OptionContractKey, resolution: object, kind: str) -> bool:
    """Whether the underlying has any option files of ``kind`` at ``resolution``."""
    df = DataFolder(folder)
    res = norm_resolution(resolution)
    for _, _, mapped in folder_blocks(df, key, date(1900, 1, 1), date(2100, 1, 1)):
        if res in _INTRADAY:
            if intraday_dates(df, mapped, res, kind):
                return True
            continue
        base = key.folder(df.root, res)
        pattern = f"{mapped.underlying.lower()}_*_{kind}_{key.style}.zip"
        if base.is_dir() and any(base.glob(pattern)):
            return True
    return False


def absent_quote_files(
    folder: object, key: OptionContractKey, resolution: object, start_date: object, end_date: object
) -> list[Path]:
    """The quote zips LEAN's data has beside the contract's trade zips in [start, end] but the
    folder lacks: LEAN writes an option day's trades, quotes and open interest together (every
    minute, second or tick trade zip of its repository has its quote zip), so a day's trade file
    without its quote file is data missing from the folder. Hour and daily yearly zips are not
    checked: LEAN's own repository has trade-only years (the ES future options' 2020 hour and
    daily zips), whose figures LEAN publishes."""
    df = DataFolder(folder)
    res = norm_resolution(resolution)
    if res not in _INTRADAY:
        return []
    start, end = as_date(start_date), as_date(end_date)
    out: list[Path] = []
    for first, last, mapped in folder_blocks(df, key, start, end):
        quotes = set(intraday_dates(df, mapped, res, "quote"))
        for day in intraday_dates(df, mapped, res, "trade"):
            if first <= day <= last and day not in quotes:
                out.append(_day_zip(df, mapped, res, "quote", day))
    return out


def option_dates_available(
    folder: object, key: OptionContractKey, resolution: object, kind: str
) -> list[date]:
    """Dates from which a read of the contract's ``kind`` files may start: each day zip's date
    (second, minute), else the first of January of each yearly zip (hour, daily)."""
    df = DataFolder(folder)
    res = norm_resolution(resolution)
    out: set[date] = set()
    for _, _, mapped in folder_blocks(df, key, date(1900, 1, 1), date(2100, 1, 1)):
        if res in _INTRADAY:
            out.update(intraday_dates(df, mapped, res, kind))
            continue
        base = mapped.folder(df.root, res)
        prefix = f"{mapped.underlying.lower()}_"
        suffix = f"_{kind}_{key.style}.zip"
        for path in base.iterdir() if base.is_dir() else ():
            year = path.name[len(prefix) : -len(suffix)]
            if path.name.startswith(prefix) and path.name.endswith(suffix) and year.isdigit():
                out.add(date(int(year), 1, 1))
    return sorted(out)


def _intraday_rows(
    folder: DataFolder,
    key: OptionContractKey,
    res: str,
    kind: str,
    start: date,
    end: date,
    names: list[str],
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The contract's rows of the day files in [start, end] and their local start times (ns)."""
    entry_tail = f"_{res}_{kind}_{key.style}_{key.entry_suffix()}"
    parts, stamps = [], []
    for first, last, mapped in folder_blocks(folder, key, start, end):
        for day in intraday_dates(folder, mapped, res, kind):
            if not first <= day <= last:
                continue
            name = f"{ymd(day)}_{mapped.underlying.lower()}{entry_tail}"
            blob = zip_entries(_day_zip(folder, mapped, res, kind, day)).get(name, b"").strip()
            if not blob:
                continue
            columns = read_numbers(blob, names)
            midnight = np.datetime64(day, "ns").astype(np.int64)
            stamps.append(midnight + (columns["time"] * 1e6).astype(np.int64))
            parts.append(columns)
    return _joined(parts, stamps, names)


def folder_blocks(
    folder: DataFolder, key: OptionContractKey, start: date, end: date
) -> list[tuple[date, date, OptionContractKey]]:
    """``(first, last, key)`` blocks naming the underlying's folder over [start, end]: an equity
    option's files follow its underlying's map file (LEAN maps an option's symbol through it),
    so a renamed company's contracts are read from each name's folder in turn."""
    from dataclasses import replace

    from engine.data.maps import read_map_file

    if key.security_type != "option":
        return [(start, end, key)]
    mapping = read_map_file(folder, key.market, key.underlying)
    return [
        (first, last, replace(key, underlying=name))
        for first, last, name in mapping.ranges(start, end)
    ]


def _aggregate_rows(
    folder: DataFolder,
    key: OptionContractKey,
    res: str,
    kind: str,
    start: date,
    end: date,
    names: list[str],
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    parts, stamps = [], []
    for first, last, mapped in folder_blocks(folder, key, start, end):
        name = f"{mapped.underlying.lower()}_{kind}_{key.style}_{key.entry_suffix()}"
        for year in range(first.year, last.year + 1):
            path = _year_zip(folder, mapped, res, kind, year)
            blob = zip_entries(path).get(name, b"").strip()
            if not blob:
                continue
            local, columns = read_stamped(blob, names)
            days = local.view("datetime64[ns]").astype("datetime64[D]")
            keep = (days >= np.datetime64(first, "D")) & (days <= np.datetime64(last, "D"))
            parts.append({n: c[keep] for n, c in columns.items()})
            stamps.append(local[keep])
    return _joined(parts, stamps, names[1:])


def _joined(
    parts: list, stamps: list, names: list[str]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    if not parts:
        return {n: np.empty(0) for n in names}, np.empty(0, np.int64)
    return (
        {n: np.concatenate([p[n] for p in parts]) for n in names},
        np.concatenate(stamps),
    )


def option_hours(folder: DataFolder, key: OptionContractKey) -> MarketHours:
    return market_hours(key.security_type, key.market, folder, key.underlying.upper())


def _read(
    folder: object,
    key: OptionContractKey,
    resolution: object,
    kind: str,
    start_date: object,
    end_date: object,
    names: list[str],
    extended_hours: bool,
    strict_daily: bool,
):
    df = DataFolder(folder)
    res = norm_resolution(resolution)
    if res == "tick":
        raise ValueError("option tick files are not read by this engine; use minute or coarser")
    start, end = as_date(start_date), as_date(end_date)
    if res in _INTRADAY:
        columns, local = _intraday_rows(df, key, res, kind, start, end, names)
    else:
        columns, local = _aggregate_rows(df, key, res, kind, start, end, names)
    hours = option_hours(df, key)
    days = local.view("datetime64[ns]").astype("datetime64[D]")
    start_utc, end_utc, keep = bar_times(
        hours, key.security_type, res, local, days, extended_hours, strict_daily
    )
    out = {}
    for name, values in columns.items():
        if name == "time":
            continue
        values = np.asarray(values, dtype=np.float64)[keep]
        out[name] = values / key.price_scale if name in _PRICES else values
    return res, start_utc[keep], end_utc[keep], days[keep], out


def read_option_trade_bars(
    folder: object,
    key: OptionContractKey,
    resolution: object,
    start_date: object,
    end_date: object,
    *,
    extended_hours: bool = False,
    strict_daily: bool = True,
) -> BarArrays:
    """Trade bars of one contract for file dates in [start_date, end_date]."""
    res, start, end, days, cols = _read(
        folder,
        key,
        resolution,
        "trade",
        start_date,
        end_date,
        TRADE_COLS,
        extended_hours,
        strict_daily,
    )
    ones = np.ones(len(days))
    return BarArrays(
        start,
        end,
        days,
        ones,
        cols["open"],
        cols["high"],
        cols["low"],
        cols["close"],
        cols["volume"],
        cols["close"].copy(),
        key.underlying.upper(),
        res,
    )


def read_option_quote_bars(
    folder: object,
    key: OptionContractKey,
    resolution: object,
    start_date: object,
    end_date: object,
    *,
    extended_hours: bool = False,
    strict_daily: bool = True,
) -> QuoteBarArrays:
    """Quote bars of one contract; a side without a quote (empty cells) is NaN."""
    res, start, end, days, cols = _read(
        folder,
        key,
        resolution,
        "quote",
        start_date,
        end_date,
        QUOTE_COLS,
        extended_hours,
        strict_daily,
    )
    return QuoteBarArrays(
        start, end, days, np.ones(len(days)), **cols, ticker=key.underlying.upper(), resolution=res
    )


def read_option_open_interest(
    folder: object, key: OptionContractKey, resolution: object, start_date: object, end_date: object
) -> tuple[np.ndarray, np.ndarray]:
    """(UTC ns time, open interest) of one contract. LEAN stamps open interest at the row's time
    (a point, not a bar), minute files at their own times, daily/hour files at the date's
    time given in the row."""
    df = DataFolder(folder)
    res = norm_resolution(resolution)
    start, end = as_date(start_date), as_date(end_date)
    if res in _INTRADAY:
        columns, local = _intraday_rows(
            df, key, res, "openinterest", start, end, OPEN_INTEREST_COLS
        )
    else:
        columns, local = _aggregate_rows(
            df, key, res, "openinterest", start, end, OPEN_INTEREST_COLS
        )
    from engine.data.time_zones import local_to_utc

    hours = option_hours(df, key)
    return local_to_utc(local, hours.data_time_zone), np.asarray(columns["open_interest"], float)


def find_last_trading_day(expiry: date, hours: MarketHours, standard: bool = False) -> date:
    """LEAN's OptionSymbol.GetLastDayOfTrading: the expiry, moved back to an open date (a
    standard contract dated the Saturday after the third Friday, before February 2015, last
    traded that Friday)."""

    day = expiry
    if standard and expiry.weekday() == 5 and expiry < date(2015, 2, 1):
        day -= timedelta(days=1)
    while not hours.is_date_open(day):
        day -= timedelta(days=1)
    return day


def option_delisting_events(
    key: OptionContractKey,
    hours: MarketHours,
    start: date,
    end: date,
    standard: bool = False,
    *,
    last_trading_day: bool = True,
) -> list[Any]:
    """The contract's delisting warning (on its last trading day) and delisting, as LEAN's
    DelistingEventProvider emits them for an option, 00:00 exchange time of the day they are
    emitted. The delisting is made when the subscription reaches the next trading day, but dated
    the day after the last trading day, and LEAN's data feed emits it at that date: a contract
    whose last trading day is a Friday is delisted (and exercised) at Saturday's midnight."""
    from engine.data.events import CorporateEvent
    from engine.data.time_zones import local_to_utc

    def midnight_utc(d: date) -> int:
        ns = np.array([np.datetime64(d, "ns").astype(np.int64)])
        return int(local_to_utc(ns, hours.time_zone)[0])

    last = find_last_trading_day(key.expiry, hours, standard) if last_trading_day else key.expiry
    events = []
    if start <= last <= end:
        events.append(
            CorporateEvent("delisting_warning", last, midnight_utc(last), "", delisting_date=last)
        )
    after = last + timedelta(days=1)
    if start <= after and hours.next_trading_day(last) <= end:
        events.append(
            CorporateEvent("delisted", after, midnight_utc(after), "", delisting_date=last)
        )
    return events
