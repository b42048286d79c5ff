"""Vectorised readers of LEAN zip files into numpy arrays (no per-row Python).

All per-day CSVs of a request are concatenated and parsed by ONE call of numpy's CSV parser
(``engine.data.csv_columns``; tick files, which hold text columns, by ``pandas.read_csv``); rows
get their file date by ``np.repeat`` over per-file line counts. Parsed rows travel as a dict of
column arrays. See ``engine/data/__init__.py`` for the public interface and conventions.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from engine.data.arrays import BarArrays, QuoteBarArrays, TickArrays, sorted_distinct
from engine.data.csv_columns import read_numbers, read_stamped
from engine.data.factors import norm_normalization, read_factor_file
from engine.data.folder import (
    INTRADAY_FILES,
    DataFolder,
    as_date,
    norm_resolution,
    norm_security_type,
    norm_tick_type,
    read_zip_entry,
)
from engine.data.maps import read_map_file
from engine.data.market_hours import MarketHours, market_hours
from engine.data.time_zones import local_to_utc, utc_to_local

NS = 1_000_000_000
DAY_NS = 86_400 * NS
EQUITY_PRICE_SCALE = 10_000.0  # equity files store dollars x 10000
PERIOD_NS = {"tick": 0, "second": NS, "minute": 60 * NS, "hour": 3600 * NS, "daily": DAY_NS}
TRADE_COLS = ["time", "open", "high", "low", "close", "volume"]
QUOTE_COLS = [
    "time",
    "bid_open",
    "bid_high",
    "bid_low",
    "bid_close",
    "bid_size",
    "ask_open",
    "ask_high",
    "ask_low",
    "ask_close",
    "ask_size",
]
_PRICE_COLS = {
    "open",
    "high",
    "low",
    "close",
    "bid_open",
    "bid_high",
    "bid_low",
    "bid_close",
    "ask_open",
    "ask_high",
    "ask_low",
    "ask_close",
    "price",
    "bid_price",
    "ask_price",
}
_SIZE_COLS = {"volume", "bid_size", "ask_size", "quantity"}


def default_tick_type(security_type: object) -> str:
    """'quote' for forex/cfd (no trade files), else 'trade'."""
    return "quote" if norm_security_type(security_type) in ("forex", "cfd") else "trade"


# -- locating files -------------------------------------------------------------------------------
def _day_files(
    folder: DataFolder,
    sec: str,
    market: str,
    ticker: str,
    res: str,
    kind: str,
    start: date,
    end: date,
) -> list[tuple[date, Path]]:
    """(date, zip) per day in [start, end] following the map file for equities."""
    blocks = (
        read_map_file(folder, market, ticker).ranges(start, end)
        if sec == "equity"
        else [(start, end, ticker.lower())]
    )
    out: list[tuple[date, Path]] = []
    for first, last, name in blocks:
        for d in folder._file_dates(sec, market, name, res, kind):
            if first <= d <= last:
                out.append((d, folder.zip_path(sec, market, name, res, kind, d)))
    out.sort(key=lambda x: x[0])
    return out


Columns = dict[str, np.ndarray]  # parsed rows: one array per CSV column


def _parse(blob: bytes, names: list[str], dtypes: dict | None = None) -> Columns:
    """Columns of a CSV blob: numbers by numpy; with ``dtypes`` (tick files, whose exchange and
    condition columns are text; text columns come back as object arrays with "" for missing)
    by pandas."""
    if dtypes is None:
        return read_numbers(blob, names)
    import pandas as pd

    frame = pd.read_csv(
        io.BytesIO(blob),
        header=None,
        names=names,
        dtype=dtypes,
        engine="c",
        skip_blank_lines=True,
        index_col=False,
    )
    return {
        n: frame[n].fillna("").to_numpy(dtype=object)
        if dtypes.get(n) is str
        else frame[n].to_numpy(dtype=np.float64)
        for n in names
    }


def _rows(columns: Columns) -> int:
    return len(next(iter(columns.values())))


def _empty_columns(names: list[str]) -> Columns:
    return {n: np.empty(0) for n in names}


def _concat(parts: list[Columns], names: list[str]) -> Columns:
    return {n: np.concatenate([p[n] for p in parts]) for n in names}


def _read_intraday(
    folder: DataFolder,
    sec: str,
    market: str,
    ticker: str,
    res: str,
    kind: str,
    start: date,
    end: date,
    names: list[str],
    dtypes: dict | None = None,
    contract: str | None = None,
) -> tuple[Columns, np.ndarray]:
    """Parsed rows of every day file and the file date (datetime64[D]) of each row (a future's
    ``contract`` month picks its CSV in each day's zip)."""
    files = _day_files(folder, sec, market, ticker, res, kind, start, end)
    chunks: list[bytes] = []
    days: list[date] = []
    counts: list[int] = []
    for d, path in files:
        raw = read_zip_entry(path, contract).strip()
        if not raw:
            continue
        chunks.append(raw)
        chunks.append(b"\n")
        days.append(d)
        counts.append(raw.count(b"\n") + 1)
    if not chunks:
        return _empty_columns(names), np.empty(0, "datetime64[D]")
    frame = _parse(b"".join(chunks), names, dtypes)
    row_days = np.repeat(np.array(days, dtype="datetime64[D]"), counts)
    if _rows(frame) != len(row_days):  # blank lines inside a file: parse file by file
        frames = [_parse(c, names, dtypes) for c in chunks[::2]]
        row_days = np.repeat(np.array(days, dtype="datetime64[D]"), [_rows(f) for f in frames])
        frame = _concat(frames, names)
    return frame, row_days


@lru_cache(maxsize=64)
def _read_whole_file(
    path: Path, mtime: float, names: tuple[str, ...], contract: str | None = None
) -> tuple[Columns, np.ndarray]:
    """Hour/daily zip -> (rows, local naive start ns); cached (files hold whole histories)."""
    blob = read_zip_entry(path, contract)
    if not blob.strip():
        return {n: np.empty(0) for n in names[1:]}, np.empty(0, np.int64)
    stamps, columns = read_stamped(blob, list(names))
    return columns, stamps


@lru_cache(maxsize=64)
def _read_file_days(path: Path, mtime: float) -> tuple[date, ...]:
    blob = read_zip_entry(path)
    width = blob.split(b"\n", 1)[0].count(b",") + 1
    stamps, _ = read_stamped(blob, ["time", *(f"c{i}" for i in range(1, width))])
    days = stamps.view("datetime64[ns]").astype("datetime64[D]")
    return tuple(d.item() for d in sorted_distinct(days))


def read_file_dates(path: Path) -> list[date]:
    """Distinct dates of the rows of an hour/daily zip ([] when missing)."""
    if not path.is_file():
        return []
    return list(_read_file_days(path, path.stat().st_mtime))


def _read_aggregate(
    folder: DataFolder,
    sec: str,
    market: str,
    ticker: str,
    res: str,
    kind: str,
    start: date,
    end: date,
    names: list[str],
    contract: str | None = None,
) -> tuple[Columns, np.ndarray, np.ndarray]:
    """Rows of hour/daily files in [start, end] (map-file aware): (frame, local start ns, dates)."""
    blocks = (
        read_map_file(folder, market, ticker).ranges(start, end)
        if sec == "equity"
        else [(start, end, ticker.lower())]
    )
    frames, stamps_l = [], []
    for first, last, name in blocks:
        path = folder.zip_path(sec, market, name, res, kind)
        if not path.is_file():
            continue
        frame, stamps = _read_whole_file(path, path.stat().st_mtime, tuple(names), contract)
        days = stamps.view("datetime64[ns]").astype("datetime64[D]")
        keep = (days >= np.datetime64(first, "D")) & (days <= np.datetime64(last, "D"))
        frames.append({n: column[keep] for n, column in frame.items()})
        stamps_l.append(stamps[keep])
    if not frames:
        return (
            _empty_columns(names[1:]),
            np.empty(0, np.int64),
            np.empty(0, "datetime64[D]"),
        )
    frame = _concat(frames, names[1:])
    stamps = np.concatenate(stamps_l)
    return frame, stamps, stamps.view("datetime64[ns]").astype("datetime64[D]")


# -- timing -----------------------------------------------------------------------------------------
def _uses_strict_daily(sec: str, hours: MarketHours) -> bool:
    """LEAN ``UseStrictEndTime``: not forex/cfd, not always-open markets."""
    return sec not in ("forex", "cfd") and not hours.always_open


def bar_times(
    hours: MarketHours,
    sec: str,
    res: str,
    start_local: np.ndarray,
    days: np.ndarray,
    extended: bool,
    strict_daily: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start_utc, end_utc, keep mask) for bars starting at ``start_local`` (data tz naive ns).

    With ``strict_daily`` (LEAN's ``DailyPreciseEndTime`` setting, on by default) a daily bar of a
    market with regular hours spans that day's session (09:30-16:00 for US equities); without it,
    midnight to midnight."""
    period = PERIOD_NS[res]
    end_local = start_local + period
    start_utc = local_to_utc(start_local, hours.data_time_zone)
    end_utc = local_to_utc(end_local, hours.data_time_zone)
    if hours.data_time_zone == hours.time_zone:
        sx, ex = start_local, end_local
    else:
        sx, ex = utc_to_local(start_utc, hours.time_zone), utc_to_local(end_utc, hours.time_zone)
    keep = hours.open_during(sx, ex, extended)
    if res == "daily" and strict_daily and _uses_strict_daily(sec, hours):
        opens, closes = hours.session_bounds_utc(days)
        keep &= opens != 0
        start_utc = np.where(keep, opens, start_utc)
        end_utc = np.where(keep, closes, end_utc)
    return start_utc, end_utc, keep


def _scales(
    folder: DataFolder,
    sec: str,
    market: str,
    ticker: str,
    days: np.ndarray,
    mode: str,
    end: date | None = None,
) -> np.ndarray:
    if sec != "equity" or mode == "raw":
        return np.ones(len(days), dtype=np.float64)
    factor_file = read_factor_file(folder, market, ticker)
    uniq, inv = np.unique(days, return_inverse=True)
    return factor_file.price_scale(uniq, mode, end)[inv]


def _dividend_offsets(
    folder: DataFolder, market: str, ticker: str, days: np.ndarray, start: date, end: date
) -> np.ndarray:
    """Total-return offset: dividends emitted since ``start`` up to each row's date."""
    from engine.data.events import corporate_events

    divs = [
        e
        for e in corporate_events(folder, ticker, start, end, market=market)
        if e.kind == "dividend"
    ]
    if not divs:
        return np.zeros(len(days))
    when = np.array([e.date for e in divs], dtype="datetime64[D]")
    cum = np.cumsum([e.distribution for e in divs])
    idx = np.searchsorted(when, days, side="right")
    return np.concatenate([[0.0], cum])[idx]


def _prepare(folder, security_type, market, ticker, resolution, start_date, end_date):
    df = DataFolder(folder)
    sec = norm_security_type(security_type)
    res = norm_resolution(resolution)
    start, end = as_date(start_date), as_date(end_date)
    hours = market_hours(sec, market, df, ticker)
    return df, sec, market.lower(), res, start, end, hours


# decimals kept of an adjusted price: the 4 of a raw equity price and 7 of a factor file's
# price factor (split factors such as 0.5 add one), within a double's 15-16 significant digits
_ADJUSTED_DECIMALS = 12


def _finish_prices(
    frame: Columns,
    cols: list[str],
    sec: str,
    scale: np.ndarray,
    mode: str,
    offset: np.ndarray | None,
    keep: np.ndarray,
) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    adjust = sec == "equity" and mode != "raw"
    for col in cols:
        values = np.asarray(frame[col], dtype=np.float64)[keep]
        if col in _PRICE_COLS:
            if sec == "equity":
                values = values / EQUITY_PRICE_SCALE
            if adjust:
                values = values * scale
                if offset is not None:
                    values = values + offset
                # LEAN multiplies in System.Decimal: a raw price of 4 decimals times a factor of
                # 7 is an exact decimal (168.2 * 0.8646266 = 145.43019412). The float product
                # can miss it by a unit in the last place (145.43019411999998), enough to flip
                # an equality such as a mean of prices against a price; rounding to 12 decimals
                # lands on the double nearest the exact decimal.
                values = np.round(values, _ADJUSTED_DECIMALS)
        elif col in _SIZE_COLS and adjust:
            values = np.round(values / scale)
        out[col] = values
    return out


# -- public readers ---------------------------------------------------------------------------------
class _Bars(NamedTuple):
    """What ``read_trade_bars`` and ``read_quote_bars`` share: the rows kept and their times, file
    dates, price scales and finished price/size columns."""

    frame: Columns
    sec: str
    keep: np.ndarray
    start_utc: np.ndarray
    end_utc: np.ndarray
    days: np.ndarray
    scale: np.ndarray
    cols: dict


def _read_bars(
    folder,
    security_type,
    market: str,
    ticker: str,
    resolution,
    start_date,
    end_date,
    normalization: object,
    extended_hours: bool,
    kind: str,
    columns: list[str],
    strict_daily: bool = True,
    contract: str | None = None,
) -> tuple[str, _Bars | None]:
    """(resolution, bars) of ``kind`` ("trade"/"quote"); bars is None when no row falls in the window."""
    df, sec, mkt, res, start, end, hours = _prepare(
        folder, security_type, market, ticker, resolution, start_date, end_date
    )
    if res == "tick":
        raise ValueError("use read_ticks for tick data")
    mode = norm_normalization(normalization)
    if res in INTRADAY_FILES:
        frame, days = _read_intraday(
            df, sec, mkt, ticker, res, kind, start, end, columns, contract=contract
        )
        start_local = days.astype("datetime64[ns]").astype(np.int64) + (frame["time"] * 1e6).astype(
            np.int64
        )
    else:
        frame, start_local, days = _read_aggregate(
            df, sec, mkt, ticker, res, kind, start, end, columns, contract
        )
    if len(days) == 0:
        return res, None
    start_utc, end_utc, keep = bar_times(
        hours, sec, res, start_local, days, extended_hours, strict_daily
    )
    days = days[keep]
    scale = _scales(df, sec, mkt, ticker, days, mode, end)
    offset = (
        _dividend_offsets(df, mkt, ticker, days, start, end)
        if mode == "total_return" and sec == "equity"
        else None
    )
    cols = _finish_prices(frame, columns[1:], sec, scale, mode, offset, keep)
    return res, _Bars(frame, sec, keep, start_utc[keep], end_utc[keep], days, scale, cols)


def read_trade_bars(
    folder,
    security_type,
    market: str,
    ticker: str,
    resolution,
    start_date,
    end_date,
    *,
    normalization: object = "adjusted",
    extended_hours: bool = False,
    strict_daily: bool = True,
    contract: str | None = None,
) -> BarArrays:
    """Trade bars of ``ticker`` for file dates in [start_date, end_date] (see module docs); a
    future's bars are those of its ``contract`` month (``"201312"``)."""
    res, bars = _read_bars(
        folder,
        security_type,
        market,
        ticker,
        resolution,
        start_date,
        end_date,
        normalization,
        extended_hours,
        "trade",
        TRADE_COLS,
        strict_daily,
        contract,
    )
    if bars is None:
        return BarArrays.empty(ticker.upper(), res)
    cols = bars.cols
    raw_close = bars.frame["close"][bars.keep]
    if bars.sec == "equity":
        raw_close = raw_close / EQUITY_PRICE_SCALE
    return BarArrays(
        bars.start_utc,
        bars.end_utc,
        bars.days,
        bars.scale,
        cols["open"],
        cols["high"],
        cols["low"],
        cols["close"],
        cols["volume"],
        raw_close,
        ticker.upper(),
        res,
    )


def read_quote_bars(
    folder,
    security_type,
    market: str,
    ticker: str,
    resolution,
    start_date,
    end_date,
    *,
    normalization: object = "adjusted",
    extended_hours: bool = False,
    strict_daily: bool = True,
    contract: str | None = None,
) -> QuoteBarArrays:
    """Quote bars (bid/ask OHLC and last sizes); empty when the security has no quote files."""
    res, bars = _read_bars(
        folder,
        security_type,
        market,
        ticker,
        resolution,
        start_date,
        end_date,
        normalization,
        extended_hours,
        "quote",
        QUOTE_COLS,
        strict_daily,
        contract,
    )
    if bars is None:
        return QuoteBarArrays.empty(ticker.upper(), res)
    return QuoteBarArrays(
        bars.start_utc,
        bars.end_utc,
        bars.days,
        bars.scale,
        **bars.cols,
        ticker=ticker.upper(),
        resolution=res,
    )


def _tick_layout(sec: str, kind: str, ncols: int) -> list[str]:
    if kind == "trade":
        base = ["time", "price", "quantity", "exchange", "condition", "suspicious"]
        return base[: max(ncols, 3)]
    if sec in ("forex", "cfd") or ncols == 3:
        return ["time", "bid_price", "ask_price"]
    base = [
        "time",
        "bid_price",
        "bid_size",
        "ask_price",
        "ask_size",
        "exchange",
        "condition",
        "suspicious",
    ]
    return base[: max(ncols, 5)]


def read_ticks(
    folder,
    security_type,
    market: str,
    ticker: str,
    start_date,
    end_date,
    *,
    tick_type: object | None = None,
    normalization: object = "adjusted",
    extended_hours: bool = False,
    contract: str | None = None,
) -> TickArrays:
    """Trade or quote ticks; ``tick_type`` defaults to trade (quote for forex/cfd); a future's
    ``contract`` month (``201312``) picks its CSV in each day's zip."""
    df, sec, mkt, res, start, end, hours = _prepare(
        folder, security_type, market, ticker, "tick", start_date, end_date
    )
    kind = norm_tick_type(tick_type or default_tick_type(sec))
    mode = norm_normalization(normalization)
    files = _day_files(df, sec, mkt, ticker, "tick", kind, start, end)
    ncols = 0
    for _, path in files:
        first = read_zip_entry(path, contract).split(b"\n", 1)[0].strip()
        if first:
            ncols = first.count(b",") + 1
            break
    if ncols == 0:
        return _empty_ticks(kind, ticker)
    names = _tick_layout(sec, kind, ncols)
    dtypes = {n: (str if n in ("exchange", "condition") else np.float64) for n in names}
    frame, days = _read_intraday(
        df, sec, mkt, ticker, "tick", kind, start, end, names, dtypes, contract
    )
    if len(days) == 0:
        return _empty_ticks(kind, ticker)
    t_local = days.astype("datetime64[ns]").astype(np.int64) + (frame["time"] * 1e6).astype(
        np.int64
    )
    t_utc = local_to_utc(t_local, hours.data_time_zone)
    tx = (
        t_local if hours.data_time_zone == hours.time_zone else utc_to_local(t_utc, hours.time_zone)
    )
    keep = hours.open_during(tx, tx, extended_hours)
    days = days[keep]
    n = int(keep.sum())
    for side in ("bid_price", "ask_price"):
        if side in frame:
            frame[side][frame[side] == 0] = np.nan
    scale = _scales(df, sec, mkt, ticker, days, mode, end)
    numeric = [
        c
        for c in ("price", "quantity", "bid_price", "bid_size", "ask_price", "ask_size")
        if c in frame
    ]
    offset = (
        _dividend_offsets(df, mkt, ticker, days, start, end)
        if mode == "total_return" and sec == "equity"
        else None
    )
    cols = _finish_prices(frame, numeric, sec, scale, mode, offset, keep)
    nan = np.full(n, np.nan)

    def text(col: str) -> np.ndarray:
        if col not in frame:
            return np.full(n, "", dtype=object)
        return frame[col][keep]

    suspicious = (frame["suspicious"][keep] == 1) if "suspicious" in frame else np.zeros(n, bool)
    return TickArrays(
        t_utc[keep],
        days,
        scale,
        cols.get("price", nan),
        cols.get("quantity", nan.copy()),
        cols.get("bid_price", nan.copy()),
        cols.get("bid_size", nan.copy()),
        cols.get("ask_price", nan.copy()),
        cols.get("ask_size", nan.copy()),
        text("exchange"),
        text("condition"),
        suspicious,
        kind,
        ticker.upper(),
    )


def _empty_ticks(kind: str, ticker: str) -> TickArrays:
    f = np.empty(0, dtype=np.float64)
    o = np.empty(0, dtype=object)
    return TickArrays(
        np.empty(0, np.int64),
        np.empty(0, "datetime64[D]"),
        f,
        f,
        f,
        f,
        f,
        f,
        f,
        o,
        o,
        np.empty(0, bool),
        kind,
        ticker.upper(),
    )
