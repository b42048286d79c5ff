"""CSV or Parquet tables of bars or ticks, converted into LEAN's data format.

The input has a time column (``time``, ``datetime``, ``timestamp``, ``date``, or ``date`` +
``time``) and, by kind:

- trade bars: ``open, high, low, close, volume``;
- quote bars: ``bid_open, bid_high, bid_low, bid_close, ask_open, ask_high, ask_low, ask_close``
  and optionally ``bid_size, ask_size``;
- trade ticks (resolution ``tick``): ``price, quantity`` (or ``size``/``volume``), optionally
  ``exchange`` and ``condition``;
- quote ticks: ``bid_price, ask_price`` (or ``bid``, ``ask``), optionally ``bid_size, ask_size``.

Times are read in the time zone the user names (naive times) or their own offset (aware times),
and written in the market's data time zone, as LEAN stores them (New York for US equities, UTC
for crypto). Bars are stamped with their start time; daily bars by their date. Equity prices are
written in LEAN's scaling (dollars x 10000, integers); other asset classes as decimals. Each bad
row is refused with its line and reason, the good rows are written; existing files of the symbol
get the new rows merged in (a new row replaces an old one at the same time).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from backtests.data_library.layout import PER_DAY

EQUITY_SCALE = 10_000
TIME_COLUMNS = ("datetime", "timestamp", "time", "date_time", "date")
ALIASES = {
    "bid": "bid_price",
    "ask": "ask_price",
    "bidprice": "bid_price",
    "askprice": "ask_price",
    "size": "quantity",
    "qty": "quantity",
    "bidsize": "bid_size",
    "asksize": "ask_size",
}
_AWARE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


class ConvertError(ValueError):
    """The whole table is refused (missing columns, unreadable file, no good row)."""


@dataclass(frozen=True)
class TableSpec:
    asset_class: str  # equity, forex, crypto, cfd, index
    market: str
    symbol: str
    resolution: str  # tick, second, minute, hour, daily
    data_type: str  # trade or quote
    timezone: str  # time zone of naive input times
    data_timezone: str  # the market's data time zone (written times)


@dataclass
class Converted:
    files: dict[str, str] = field(default_factory=dict)  # relative path -> CSV text
    entries: dict[str, str] = field(default_factory=dict)  # relative path -> zip entry name
    rows: int = 0
    refused: list[dict] = field(default_factory=list)  # {"line": n, "reason": "..."}


def columns_for(spec: TableSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) value columns of the spec's kind of data."""
    if spec.resolution == "tick":
        if spec.data_type == "trade":
            return ("price", "quantity"), ("exchange", "condition")
        return ("bid_price", "ask_price"), ("bid_size", "ask_size", "exchange", "condition")
    if spec.data_type == "trade":
        return ("open", "high", "low", "close", "volume"), ()
    sides = [f"{side}_{p}" for side in ("bid", "ask") for p in ("open", "high", "low", "close")]
    return tuple(sides), ("bid_size", "ask_size")


def check_spec(spec: TableSpec) -> None:
    if spec.asset_class in ("forex", "cfd") and spec.data_type != "quote":
        raise ConvertError(f"{spec.asset_class} data is quotes: choose quote bars or ticks")
    if spec.asset_class == "index" and spec.data_type != "trade":
        raise ConvertError("index data is trades")


def load_table(path: Path) -> tuple[pd.DataFrame, int]:
    """The table as strings (CSV) or its own types (Parquet), and the line number of its first
    row (2 for a CSV with a header line; 1 for Parquet, whose rows are counted from 1)."""
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path), 1
        return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True), 2
    except Exception as exc:  # pandas and pyarrow raise many kinds for a malformed file
        raise ConvertError(f"cannot read {path.name}: {exc}") from None


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    names = {}
    for column in frame.columns:
        name = re.sub(r"[\s\-]+", "_", str(column).strip().lower())
        names[column] = ALIASES.get(name.replace("_", ""), ALIASES.get(name, name))
    return frame.rename(columns=names)


def _times(frame: pd.DataFrame, spec: TableSpec) -> pd.Series:
    """Times in the data time zone (naive), NaT where a row's time cannot be read."""
    if "date" in frame.columns and "time" in frame.columns:
        raw = frame["date"].astype(str) + " " + frame["time"].astype(str)
    else:
        name = next((c for c in TIME_COLUMNS if c in frame.columns), None)
        if name is None:
            raise ConvertError(
                f"no time column: expected one of {', '.join(TIME_COLUMNS)} "
                f"(found {', '.join(map(str, frame.columns))})"
            )
        raw = frame[name]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = pd.to_datetime(raw)
        if parsed.dt.tz is None:
            parsed = parsed.dt.tz_localize(spec.timezone, ambiguous="NaT", nonexistent="NaT")
        return parsed.dt.tz_convert(spec.data_timezone).dt.tz_localize(None)
    text = raw.astype(str).str.strip()
    aware = text.str.contains(_AWARE)
    out = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if aware.any():
        parsed = pd.to_datetime(text[aware], errors="coerce", format="mixed", utc=True)
        out[aware] = parsed.dt.tz_convert(spec.data_timezone).dt.tz_localize(None)
    naive = ~aware
    if naive.any():
        parsed = pd.to_datetime(text[naive], errors="coerce", format="mixed")
        local = parsed.dt.tz_localize(spec.timezone, ambiguous="NaT", nonexistent="NaT")
        out[naive] = local.dt.tz_convert(spec.data_timezone).dt.tz_localize(None)
    return out


def _number(frame: pd.DataFrame, name: str) -> pd.Series:
    raw = frame[name]
    if not pd.api.types.is_numeric_dtype(raw):
        raw = raw.astype(str).str.strip()
    return pd.to_numeric(raw, errors="coerce")


def convert_table(
    frame: pd.DataFrame,
    spec: TableSpec,
    *,
    first_line: int,
    existing: Callable[[str], str | None],
    progress: Callable[[float], None] | None = None,
) -> Converted:
    """LEAN files (relative path -> CSV text) from `frame`; `existing(path)` returns the CSV text
    already at a path (merged with the new rows) or None."""
    check_spec(spec)
    frame = _normalise(frame).reset_index(drop=True)
    if len(frame) == 0:
        raise ConvertError("the table has no rows")
    required, optional = columns_for(spec)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ConvertError(
            f"missing column(s) {', '.join(missing)} for {spec.data_type} "
            f"{'ticks' if spec.resolution == 'tick' else 'bars'} "
            f"(found {', '.join(map(str, frame.columns))})"
        )
    reasons = pd.Series("", index=frame.index, dtype=object)

    def refuse(mask: pd.Series, reason: str | pd.Series) -> None:
        fresh = mask & (reasons == "")
        reasons[fresh] = reason if isinstance(reason, str) else reason[fresh]

    times = _times(frame, spec)
    refuse(times.isna(), "the time cannot be read in " + spec.timezone)
    values: dict[str, pd.Series] = {}
    for name in required + tuple(c for c in optional if c in frame.columns):
        if name in ("exchange", "condition"):
            continue
        series = _number(frame, name)
        text = frame[name].astype(str)
        refuse(series.isna(), "column " + name + " is not a number ('" + text + "')")
        values[name] = series
    for name, series in values.items():
        if name.endswith(("size", "volume", "quantity")):
            refuse(series < 0, f"negative {name}")
        else:
            refuse(series <= 0, f"{name} is not a positive price")
    if spec.resolution != "tick":
        for prefix in ("", "bid_", "ask_") if spec.data_type == "quote" else ("",):
            if prefix == "" and spec.data_type == "quote":
                continue
            o, h, low, c = (values[f"{prefix}{k}"] for k in ("open", "high", "low", "close"))
            refuse(h < low, f"{prefix}high is below {prefix}low")
            refuse(
                (o > h) | (o < low) | (c > h) | (c < low), f"{prefix}open/close outside low..high"
            )
        step = {"second": "s", "minute": "min", "hour": "h", "daily": "D"}[spec.resolution]
        aligned = times.notna() & (times == times.dt.floor(step))
        refuse(times.notna() & ~aligned, f"not the start of a {spec.resolution} bar")
    duplicate = times.notna() & times.duplicated(keep="first")
    refuse(duplicate, "the same time as an earlier row")
    good = reasons == ""
    converted = Converted()
    for index in np.flatnonzero(~good.to_numpy()):
        converted.refused.append({"line": int(index) + first_line, "reason": reasons[index]})
    if not good.any():
        raise ConvertError("no row could be imported")
    kept = frame[good].assign(__time=times[good]).sort_values("__time")
    converted.rows = len(kept)
    _write_rows(kept, {k: v[good] for k, v in values.items()}, spec, converted, existing, progress)
    return converted


def _prices(series: pd.Series, spec: TableSpec) -> list[str]:
    if spec.asset_class == "equity":
        return [str(v) for v in np.round(series.to_numpy() * EQUITY_SCALE).astype(np.int64)]
    return [f"{v:.10g}" for v in series.to_numpy()]


def _sizes(series: pd.Series | None, length: int) -> list[str]:
    if series is None:
        return ["0"] * length
    return [f"{v:.10g}" for v in series.to_numpy()]


def _columns(kept: pd.DataFrame, values: dict[str, pd.Series], spec: TableSpec) -> list[list[str]]:
    """The value columns of LEAN's row for this kind (without the time column)."""
    n = len(kept)

    def v(name: str) -> pd.Series | None:
        series = values.get(name)
        return None if series is None else series.loc[kept.index]

    def text(name: str, default: str) -> list[str]:
        if name not in kept.columns:
            return [default] * n
        return [s.replace(",", " ") or default for s in kept[name].astype(str)]

    if spec.resolution == "tick":
        if spec.data_type == "trade":
            cols = [_prices(v("price"), spec), _sizes(v("quantity"), n)]
            if spec.asset_class == "equity":
                cols += [text("exchange", ""), text("condition", "0"), ["0"] * n]
            return cols
        if spec.asset_class in ("forex", "cfd"):
            return [_prices(v("bid_price"), spec), _prices(v("ask_price"), spec)]
        cols = [
            _prices(v("bid_price"), spec),
            _sizes(v("bid_size"), n),
            _prices(v("ask_price"), spec),
            _sizes(v("ask_size"), n),
        ]
        if spec.asset_class == "equity":
            cols += [text("exchange", ""), text("condition", "0"), ["0"] * n]
        return cols
    if spec.data_type == "trade":
        cols = [_prices(v(k), spec) for k in ("open", "high", "low", "close")]
        return cols + [_sizes(v("volume"), n)]
    cols = []
    for side in ("bid", "ask"):
        cols += [_prices(v(f"{side}_{k}"), spec) for k in ("open", "high", "low", "close")]
        cols.append(_sizes(v(f"{side}_size"), n))
    return cols


def lean_path(spec: TableSpec, day: pd.Timestamp | None) -> tuple[str, str]:
    """(relative zip path, zip entry name) as LEAN names them."""
    symbol = spec.symbol.lower()
    base = f"{spec.asset_class}/{spec.market}/{spec.resolution}"
    if spec.resolution in PER_DAY:
        stamp = day.strftime("%Y%m%d")
        return (
            f"{base}/{symbol}/{stamp}_{spec.data_type}.zip",
            f"{stamp}_{symbol}_{spec.resolution}_{spec.data_type}.csv",
        )
    if spec.asset_class == "crypto":
        return f"{base}/{symbol}_{spec.data_type}.zip", f"{symbol}.csv"
    return f"{base}/{symbol}.zip", f"{symbol}.csv"


def _write_rows(
    kept: pd.DataFrame,
    values: dict[str, pd.Series],
    spec: TableSpec,
    converted: Converted,
    existing: Callable[[str], str | None],
    progress: Callable[[float], None] | None,
) -> None:
    times = kept["__time"]
    if spec.resolution in PER_DAY:
        days = times.dt.normalize()
        ms = ((times - days).dt.total_seconds() * 1000).round(3)
        stamps = [f"{x:.10g}" for x in ms]
        groups = list(days.groupby(days).groups.items())
    else:
        fmt = "%Y%m%d 00:00" if spec.resolution == "daily" else "%Y%m%d %H:%M"
        stamps = list(times.dt.strftime(fmt))
        groups = [(None, kept.index)]
    columns = _columns(kept, values, spec)
    lines = pd.Series(
        [",".join(parts) for parts in zip(stamps, *columns, strict=True)], index=kept.index
    )
    keys = pd.Series(stamps, index=kept.index)
    for number, (day, index) in enumerate(groups, start=1):
        path, entry = lean_path(spec, day)
        new = dict(zip(keys[index], lines[index], strict=True))
        old = existing(path)
        merged: dict[str, str] = {}
        if old:
            for line in old.splitlines():
                if line.strip():
                    merged[line.split(",", 1)[0]] = line
        merged.update(new)
        order = sorted(merged, key=_sort_key)
        converted.files[path] = "".join(merged[k] + "\n" for k in order)
        converted.entries[path] = entry
        if progress is not None:
            progress(number / len(groups))


def _sort_key(stamp: str) -> tuple:
    try:
        return (0, float(stamp), "")
    except ValueError:
        return (1, 0.0, stamp)


def zip_bytes(entry: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry, text)
    return buffer.getvalue()
