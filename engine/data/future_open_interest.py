"""Open interest of one future contract from LEAN's intraday files.

A minute (or second) folder holds ``<yyyymmdd>_openinterest.zip`` per day with one CSV per
contract month (``20200106_es_minute_openinterest_202006.csv``), rows ``milliseconds since
midnight,open interest`` in the data time zone (UTC for CME futures). LEAN stamps open interest at
the row's time: a point, not a bar.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

from engine.data.folder import DataFolder, as_date, norm_resolution, read_zip_entry
from engine.data.market_hours import market_hours
from engine.data.time_zones import local_to_utc

INTRADAY = ("minute", "second")


def read_future_open_interest(
    folder: Any,
    market: str,
    ticker: str,
    contract: str,
    resolution: object,
    start_date: object,
    end_date: object,
) -> tuple[np.ndarray, np.ndarray]:
    """(UTC ns time, open interest) of the ``contract`` month (``"202006"``) of ``ticker`` for file
    dates in [start, end]; empty for other resolutions or without files."""
    res = norm_resolution(resolution)
    if res not in INTRADAY:
        return np.empty(0, np.int64), np.empty(0)
    df = DataFolder(folder)
    start, end = as_date(start_date), as_date(end_date)
    local: list[np.ndarray] = []
    values: list[np.ndarray] = []
    day = start
    while day <= end:
        path = df.zip_path("future", market, ticker, res, "openinterest", day)
        if path.is_file():
            raw = read_zip_entry(path, contract).strip()
            if raw:
                rows = np.loadtxt(raw.decode().splitlines(), delimiter=",", ndmin=2)
                midnight = np.datetime64(day, "ns").astype(np.int64)
                local.append(midnight + (rows[:, 0] * 1_000_000).astype(np.int64))
                values.append(rows[:, 1].astype(float))
        day += timedelta(days=1)
    if not local:
        return np.empty(0, np.int64), np.empty(0)
    hours = market_hours("future", market, df, ticker)
    return local_to_utc(np.concatenate(local), hours.data_time_zone), np.concatenate(values)


__all__ = ["read_future_open_interest"]
