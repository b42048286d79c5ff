"""A future contract's open interest from LEAN's ``openinterest`` files: per-day zips
(``future/<market>/<tick|second|minute>/<ticker>/<yyyymmdd>_openinterest.zip``, rows
``milliseconds since midnight,open interest``) or the whole-history zip of daily/hour data
(``<ticker>_openinterest.zip``, rows ``yyyymmdd HH:mm,open interest``); one CSV per contract month
in each zip. Times are in the data time zone of the future's market hours."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from engine.data.folder import DataFolder, as_date, read_zip_entry
from engine.data.market_hours import market_hours
from engine.data.time_zones import local_to_utc

_INTRADAY = ("tick", "second", "minute")


def _rows(blob: bytes) -> list[tuple[str, str]]:
    out = []
    for line in blob.decode("utf-8", "replace").splitlines():
        when, _, value = line.strip().partition(",")
        if when and value:
            out.append((when, value))
    return out


def read_future_open_interest(
    folder: object,
    market: str,
    ticker: str,
    contract: str,
    resolution: str,
    start_date: object,
    end_date: object,
) -> tuple[np.ndarray, np.ndarray]:
    """(UTC ns time, open interest) of one contract (``contract``: its month, ``201312``) for
    file dates in [start, end], in time order."""
    df = DataFolder(folder)
    start, end = as_date(start_date), as_date(end_date)
    hours = market_hours("future", market, df, ticker.upper())
    local: list[int] = []
    values: list[float] = []
    if resolution in _INTRADAY:
        for day in df.dates_available("future", market, ticker, resolution, "openinterest"):
            if not start <= day <= end:
                continue
            path = df.zip_path("future", market, ticker, resolution, "openinterest", day)
            midnight = int(np.datetime64(day, "ns").astype(np.int64))
            for when, value in _rows(read_zip_entry(path, contract)):
                local.append(midnight + int(float(when) * 1_000_000))
                values.append(float(value))
    else:
        path = df.zip_path("future", market, ticker, resolution, "openinterest")
        if path.is_file():
            for when, value in _rows(read_zip_entry(path, contract)):
                moment = datetime.strptime(when, "%Y%m%d %H:%M")
                if start <= moment.date() <= end:
                    local.append(int(np.datetime64(moment, "ns").astype(np.int64)))
                    values.append(float(value))
    times = np.asarray(local, dtype=np.int64)
    order = np.argsort(times, kind="stable")
    utc = local_to_utc(times[order], hours.data_time_zone)
    return utc, np.asarray(values, dtype=np.float64)[order]
