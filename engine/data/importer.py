"""Import OHLCV bars from a CSV file or pandas DataFrame into LEAN's folder format.

``python -m engine.data.importer CSV --ticker T --resolution minute|hour|daily --out DATA_DIR
[--security-type equity --market usa --timezone America/New_York]``

Input: a datetime column (``datetime``/``timestamp``/``date``/``time``, or ``date`` + ``time``, or
a DatetimeIndex) and ``open, high, low, close, volume`` (column names case-insensitive). Naive times
are taken as the market's data time zone (New York for US equities); aware times are converted.
Each bar is stamped with its START time. Rows are validated (missing columns, unparsable dates or
numbers, non-positive prices, high < low, open/close outside [low, high], negative volume,
duplicate or unsorted timestamps) and errors name the row (1-based data row; CSV line = row + 1).
Minute/second bars go to one zip per day (replacing that day); hour/daily bars are merged into
the ticker's zip (new rows replace existing rows with the same time).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from engine.data.folder import INTRADAY_FILES, DataFolder, norm_resolution, norm_security_type, ymd
from engine.data.market_hours import market_hours
from engine.data.readers import EQUITY_PRICE_SCALE

REQUIRED = ("open", "high", "low", "close", "volume")
TIME_COLUMNS = ("datetime", "timestamp", "date_time", "time", "date")


class ImportValidationError(ValueError):
    """Invalid input; ``row`` is the 1-based data row (None when not row specific)."""

    def __init__(self, message: str, row: int | None = None, *, csv: bool = False) -> None:
        self.row = row
        where = ""
        if row is not None:
            where = f"row {row}" + (f" (line {row + 1} of the CSV)" if csv else "") + ": "
        super().__init__(where + message)


def _load(data: pd.DataFrame | str | Path) -> tuple[pd.DataFrame, bool]:
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
        if isinstance(frame.index, pd.DatetimeIndex):
            frame = frame.reset_index(names="__index_time__")
        return frame, False
    path = Path(data)
    if not path.is_file():
        raise ImportValidationError(f"CSV file not found: {path}")
    try:
        return pd.read_csv(path, dtype=str, skipinitialspace=True), True
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ImportValidationError(f"cannot parse {path} as CSV: {exc}") from exc


def _times(frame: pd.DataFrame, csv: bool) -> pd.Series:
    cols = {str(c).strip().lower(): c for c in frame.columns}
    if "__index_time__" in frame.columns:
        raw = frame["__index_time__"]
    elif "date" in cols and "time" in cols:
        raw = frame[cols["date"]].astype(str) + " " + frame[cols["time"]].astype(str)
    else:
        name = next((cols[c] for c in TIME_COLUMNS if c in cols), None)
        if name is None:
            raise ImportValidationError(
                f"missing datetime column: expected one of {', '.join(TIME_COLUMNS)} or a DatetimeIndex "
                f"(columns found: {', '.join(map(str, frame.columns))})"
            )
        raw = frame[name]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw
    else:
        text = raw.astype(str).str.strip()
        aware = text.str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True).to_numpy()
        if aware.any() and not aware.all():
            i = int(np.flatnonzero(aware != aware[0])[0])
            raise ImportValidationError(
                "mixes time-zone-aware and naive timestamps", i + 1, csv=csv
            )
        try:
            parsed = pd.to_datetime(text, errors="coerce", format="mixed")
        except (ValueError, TypeError):  # mixed offsets / naive and aware
            parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=True)
        if parsed.dtype == object:
            parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=True)
    bad = parsed.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ImportValidationError(f"unparsable date/time {raw.iloc[i]!r}", i + 1, csv=csv)
    return parsed


def validate(data: pd.DataFrame | str | Path, *, tz: str = "America/New_York") -> pd.DataFrame:
    """Validated bars: DataFrame with naive local ``time`` and float open/high/low/close/volume."""
    frame, csv = _load(data)
    if len(frame) == 0:
        raise ImportValidationError("no rows to import")
    cols = {str(c).strip().lower(): c for c in frame.columns}
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise ImportValidationError(
            f"missing column(s): {', '.join(missing)} (columns found: {', '.join(map(str, frame.columns))})"
        )
    times = _times(frame, csv)
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert(tz).dt.tz_localize(None)
    out = pd.DataFrame({"time": pd.to_datetime(times).astype("datetime64[ns]").to_numpy()})
    for name in REQUIRED:
        raw = frame[cols[name]]
        values = pd.to_numeric(raw.astype(str).str.strip() if csv else raw, errors="coerce")
        bad = values.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ImportValidationError(
                f"column '{name}' is not a number ({raw.iloc[i]!r})", i + 1, csv=csv
            )
        out[name] = values.to_numpy(dtype=np.float64)

    def fail(mask: np.ndarray, message: str) -> None:
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            r = out.iloc[i]
            raise ImportValidationError(
                f"{message} (time {r.time}, open {r.open:g}, high {r.high:g}, low {r.low:g}, close {r.close:g}, "
                f"volume {r.volume:g})",
                i + 1,
                csv=csv,
            )

    o, h, lo, c, v = (out[k].to_numpy() for k in REQUIRED)
    fail((o <= 0) | (h <= 0) | (lo <= 0) | (c <= 0), "prices must be positive")
    fail(h < lo, "high is below low")
    fail((o > h) | (o < lo) | (c > h) | (c < lo), "open/close outside the low..high range")
    fail(v < 0, "negative volume")
    t = out["time"].to_numpy().astype(np.int64)
    dup = np.r_[False, t[1:] == t[:-1]]
    fail(dup | pd.Series(t).duplicated().to_numpy(), "duplicate timestamp")
    fail(np.r_[False, t[1:] < t[:-1]], "timestamps are not sorted ascending")
    return out


def _fmt_prices(values: np.ndarray, sec: str) -> list[str]:
    if sec == "equity":
        return [str(x) for x in np.round(values * EQUITY_PRICE_SCALE).astype(np.int64).tolist()]
    return [repr(float(x)) for x in values.tolist()]


def _fmt_volume(values: np.ndarray, sec: str) -> list[str]:
    if sec == "equity" or np.all(values == np.round(values)):
        return [str(x) for x in np.round(values).astype(np.int64).tolist()]
    return [repr(float(x)) for x in values.tolist()]


def _rows(frame: pd.DataFrame, first_col: list[str], sec: str) -> str:
    parts = [first_col] + [
        _fmt_prices(frame[k].to_numpy(), sec) for k in ("open", "high", "low", "close")
    ]
    parts.append(_fmt_volume(frame["volume"].to_numpy(), sec))
    return "".join(",".join(row) + "\n" for row in zip(*parts, strict=True))


def import_bars(
    data: pd.DataFrame | str | Path,
    ticker: str,
    resolution: str,
    out_dir: str | Path,
    *,
    security_type: str = "equity",
    market: str = "usa",
    tz: str | None = None,
) -> list[Path]:
    """Validate and write trade bars in LEAN format; returns the zip files written."""
    sec = norm_security_type(security_type)
    res = norm_resolution(resolution)
    if res == "tick":
        raise ImportValidationError(
            "tick data import is not supported; use second, minute, hour or daily"
        )
    hours = market_hours(sec, market, out_dir if Path(out_dir).exists() else None)
    bars = validate(data, tz=tz or hours.data_time_zone)
    folder = DataFolder(out_dir)
    t = ticker.lower()
    times = pd.DatetimeIndex(bars["time"]).as_unit("ns")
    step = {"second": "s", "minute": "min", "hour": "h", "daily": "D"}[res]
    if res != "daily":
        off = np.flatnonzero(times != times.floor(step))
        if len(off):
            raise ImportValidationError(
                f"{res} bars must start on a whole {res} ({times[off[0]]})", int(off[0]) + 1
            )
    written: list[Path] = []
    if res in INTRADAY_FILES:
        days = times.normalize()
        ms = ((times - days).asi8 // 1_000_000).astype(np.int64)
        bars = bars.assign(ms=ms, day=days)
        for day, chunk in bars.groupby("day", sort=True):
            d = day.date()
            path = folder.zip_path(sec, market, t, res, "trade", d)
            text = _rows(chunk, [str(x) for x in chunk["ms"].tolist()], sec)
            _write(path, f"{ymd(d)}_{t}_{res}_trade.csv", text)
            written.append(path)
        return written
    if res == "daily":
        stamps = times.strftime("%Y%m%d 00:00")
        if pd.Index(stamps).duplicated().any():
            raise ImportValidationError("two rows fall on the same date for daily bars")
    else:
        stamps = times.strftime("%Y%m%d %H:%M")
    path = folder.zip_path(sec, market, t, res, "trade")
    new = pd.Series(_rows(bars, list(stamps), sec).splitlines(), index=list(stamps))
    if path.is_file():
        with zipfile.ZipFile(path) as zf:
            old_lines = [x for x in zf.read(zf.namelist()[0]).decode().splitlines() if x.strip()]
        old = pd.Series(old_lines, index=[line.split(",", 1)[0] for line in old_lines])
        new = pd.concat([old[~old.index.isin(new.index)], new]).sort_index()
    _write(path, f"{t}.csv", "\n".join(new.tolist()) + "\n")
    return [path]


def _write(path: Path, entry: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(entry, text)
    path.write_bytes(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engine.data.importer",
        description="Import an OHLCV CSV into a LEAN data folder.",
    )
    parser.add_argument("csv", help="CSV with a datetime column and open, high, low, close, volume")
    parser.add_argument("--ticker", required=True)
    parser.add_argument(
        "--resolution", required=True, choices=["second", "minute", "hour", "daily"]
    )
    parser.add_argument("--out", required=True, help="LEAN data folder to write into")
    parser.add_argument("--security-type", default="equity")
    parser.add_argument("--market", default="usa")
    parser.add_argument(
        "--timezone",
        default=None,
        help="time zone of naive times (default: the market's data time zone)",
    )
    args = parser.parse_args(argv)
    try:
        paths = import_bars(
            args.csv,
            args.ticker,
            args.resolution,
            args.out,
            security_type=args.security_type,
            market=args.market,
            tz=args.timezone,
        )
    except (ImportValidationError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Imported {args.ticker.upper()} {args.resolution} bars into {len(paths)} file(s) under {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
