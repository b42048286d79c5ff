"""The LEAN data folder: names, paths, which files exist, which dates they cover."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import numpy as np

from engine.common.naming import snake_case

SECURITY_TYPES = (
    "equity",
    "forex",
    "crypto",
    "cryptofuture",
    "cfd",
    "index",
    "base",
    "option",
    "indexoption",
    "future",
    "futureoption",
)
RESOLUTIONS = ("tick", "second", "minute", "hour", "daily")
INTRADAY_FILES = ("tick", "second", "minute")  # one zip per day
TICK_TYPES = ("trade", "quote", "openinterest")
SYNTHETIC_MARKER = "SYNTHETIC_DATA.md"

_DATE_FILE = re.compile(r"^(\d{8})_(trade|quote|openinterest)\.zip$")


def snake_name(value: object) -> str:
    """'SplitAdjusted', 'SPLIT_ADJUSTED', SecurityType.EQUITY, 'equity' -> 'split_adjusted'/'equity'."""
    return snake_case(str(getattr(value, "name", value)))


def norm_security_type(value: object) -> str:
    name = snake_name(value).replace("_", "")  # LEAN's folder of CRYPTO_FUTURE is cryptofuture
    if name not in SECURITY_TYPES:
        raise ValueError(f"unsupported security type {value!r}; expected one of {SECURITY_TYPES}")
    return name


def norm_resolution(value: object) -> str:
    name = snake_name(value)
    if name not in RESOLUTIONS:
        raise ValueError(f"unsupported resolution {value!r}; expected one of {RESOLUTIONS}")
    return name


def norm_tick_type(value: object) -> str:
    name = snake_name(value).replace("_", "")  # TickType.OPEN_INTEREST: "openinterest" files
    if name not in TICK_TYPES:
        raise ValueError(f"unsupported tick type {value!r}; expected one of {TICK_TYPES}")
    return name


def as_date(value: date | datetime | str | np.datetime64) -> date:
    """Accept a date, datetime, 'YYYY-MM-DD'/'YYYYMMDD' string or numpy datetime64."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").item()
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        return datetime.strptime(text, "%Y%m%d").date()
    return date.fromisoformat(text[:10])


def ymd(d: date) -> str:
    return d.strftime("%Y%m%d")


class DataFolder:
    """Root of a LEAN data folder (``equity/usa/minute/spy/20131007_trade.zip`` and friends)."""

    def __init__(self, path: str | Path | DataFolder) -> None:
        self.root = Path(path.root if isinstance(path, DataFolder) else path)

    def __repr__(self) -> str:
        return f"DataFolder({str(self.root)!r})"

    def __fspath__(self) -> str:
        return str(self.root)

    # -- paths -------------------------------------------------------------------------------
    def market_dir(self, security_type: object, market: str) -> Path:
        return self.root / norm_security_type(security_type) / market.lower()

    def zip_path(
        self,
        security_type: object,
        market: str,
        ticker: str,
        resolution: object,
        tick_type: object = "trade",
        day: date | None = None,
    ) -> Path:
        """Path of the zip holding ``ticker`` (the folder name in force, lower case) data.

        tick/second/minute: ``<type>/<market>/<res>/<ticker>/<yyyymmdd>_<trade|quote>.zip``;
        hour/daily: ``<type>/<market>/<res>/<ticker>.zip`` (crypto: ``<ticker>_<trade|quote>.zip``;
        forex/cfd hour/daily files hold quote bars in ``<ticker>.zip``).
        """
        sec = norm_security_type(security_type)
        res = norm_resolution(resolution)
        kind = norm_tick_type(tick_type)
        base = self.market_dir(sec, market) / res
        t = ticker.lower()
        if res in INTRADAY_FILES:
            if day is None:
                raise ValueError(f"{res} files are per day: pass day=")
            return base / t / f"{ymd(day)}_{kind}.zip"
        if sec in ("crypto", "cryptofuture", "future"):
            return base / f"{t}_{kind}.zip"
        return base / f"{t}.zip"

    def map_file_path(self, market: str, ticker: str, security_type: object = "equity") -> Path:
        return self.market_dir(security_type, market) / "map_files" / f"{ticker.lower()}.csv"

    def factor_file_path(self, market: str, ticker: str, security_type: object = "equity") -> Path:
        return self.market_dir(security_type, market) / "factor_files" / f"{ticker.lower()}.csv"

    @property
    def market_hours_path(self) -> Path:
        return self.root / "market-hours" / "market-hours-database.json"

    @property
    def symbol_properties_path(self) -> Path:
        return self.root / "symbol-properties" / "symbol-properties-database.csv"

    @property
    def interest_rate_path(self) -> Path:
        return self.root / "alternative" / "interest-rate" / "usa" / "interest-rate.csv"

    # -- inventory ---------------------------------------------------------------------------
    def _folder_tickers(self, security_type: object, market: str, ticker: str) -> list[str]:
        """Every folder name the security used (map file tickers for equities), current first."""
        if norm_security_type(security_type) != "equity":
            return [ticker.lower()]
        from engine.data.maps import read_map_file

        names = [ticker.lower()]
        for name in read_map_file(self, market, ticker).tickers:
            if name not in names:
                names.append(name)
        return names

    def _file_dates(
        self, security_type: object, market: str, ticker: str, resolution: object, tick_type: object
    ) -> list[date]:
        """Dates of the per-day zips in one ticker folder (no map file logic)."""
        res = norm_resolution(resolution)
        kind = norm_tick_type(tick_type)
        folder = self.market_dir(security_type, market) / res / ticker.lower()
        if not folder.is_dir():
            return []
        out = []
        for entry in folder.iterdir():
            m = _DATE_FILE.match(entry.name)
            if m and m.group(2) == kind:
                out.append(datetime.strptime(m.group(1), "%Y%m%d").date())
        out.sort()
        return out

    def has_data(
        self,
        security_type: object,
        market: str,
        ticker: str,
        resolution: object,
        tick_type: object = "trade",
    ) -> bool:
        """True when at least one file exists for the security (under any of its map-file names)."""
        res = norm_resolution(resolution)
        for name in self._folder_tickers(security_type, market, ticker):
            if res in INTRADAY_FILES:
                if self._file_dates(security_type, market, name, res, tick_type):
                    return True
            elif self.zip_path(security_type, market, name, res, tick_type).is_file():
                return True
        return False

    def dates_available(
        self,
        security_type: object,
        market: str,
        ticker: str,
        resolution: object,
        tick_type: object = "trade",
    ) -> list[date]:
        """Sorted dates with data for the security, following map-file renames for equities.

        For hour/daily this reads the zip (dates of its rows); for tick/second/minute it lists files.
        """
        from engine.data.maps import read_map_file
        from engine.data.readers import read_file_dates

        sec = norm_security_type(security_type)
        res = norm_resolution(resolution)
        mapping = read_map_file(self, market, ticker) if sec == "equity" else None
        found: set[date] = set()
        for name in self._folder_tickers(sec, market, ticker):
            if res in INTRADAY_FILES:
                days = self._file_dates(sec, market, name, res, tick_type)
            else:
                days = read_file_dates(self.zip_path(sec, market, name, res, tick_type))
            for d in days:
                if mapping is None or mapping.ticker_on(d) == name:
                    found.add(d)
        return sorted(found)


def is_synthetic(folder: str | Path | DataFolder) -> bool:
    """True when the folder was written by ``engine.data.demo`` (holds ``SYNTHETIC_DATA.md``)."""
    return (DataFolder(folder).root / SYNTHETIC_MARKER).is_file()


def read_zip_entry(path: Path, contract: str | None = None) -> bytes:
    """Bytes of the first (only) CSV in a LEAN zip; with ``contract`` (a future's contract month,
    ``"201312"``) the CSV of that contract in a zip holding one per contract
    (``20131008_es_minute_trade_201312.csv``), empty when the zip has none."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        if contract is not None:
            names = [n for n in names if n.endswith(f"_{contract}.csv")]
        if not names:
            return b""
        return zf.read(names[0])
