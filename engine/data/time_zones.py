"""Vectorised time-zone conversion of int64 nanosecond arrays with numpy and ``zoneinfo``.

The readers convert every bar's exchange-local time to UTC and back; doing it with numpy over a
table of the zone's UTC-offset changes keeps pandas (about half a second to import) out of a
backtest that does not otherwise need it.

The table is found by reading the zone's UTC offset at every UTC midnight of the years covered and
bisecting each day whose offset differs from the day before down to the second, so it holds
every change of offset, as the tz database lists them, provided a zone does not change its offset
twice within one day (none of the tz database's zones does in the years markets have data for).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import numpy as np

from engine.common.clock import zone

NS = 1_000_000_000
DAY_S = 86_400
_EPOCH_YEAR = 1970


def _offset(tz, seconds: int) -> int:
    """UTC offset (seconds) of ``tz`` at the UTC instant ``seconds`` after the epoch."""
    return int(datetime.fromtimestamp(seconds, tz).utcoffset().total_seconds())


def _year_start(year: int) -> int:
    return (datetime(year, 1, 1) - datetime(_EPOCH_YEAR, 1, 1)).days * DAY_S


@lru_cache(maxsize=256)
def _year_changes(name: str, year: int) -> tuple[tuple[int, int], ...]:
    """(UTC second, new offset) of each offset change of zone ``name`` within ``year``."""
    tz = zone(name)
    first, last = _year_start(year), _year_start(year + 1)
    changes = []
    previous = _offset(tz, first)
    for day in range(first + DAY_S, last + DAY_S, DAY_S):
        current = _offset(tz, day)
        if current == previous:
            continue
        lo, hi = day - DAY_S, day  # offset(lo) == previous, offset(hi) == current
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _offset(tz, mid) == previous:
                lo = mid
            else:
                hi = mid
        if first < hi <= last:
            changes.append((hi, current))
        previous = current
    return tuple(changes)


@lru_cache(maxsize=64)
def offset_table(name: str, first_year: int, last_year: int) -> tuple[np.ndarray, np.ndarray]:
    """(UTC ns from which each offset applies, offset ns): the first row starts before
    ``first_year`` and the rows cover every change up to the end of ``last_year``."""
    tz = zone(name)
    starts = [np.iinfo(np.int64).min]
    offsets = [_offset(tz, _year_start(first_year))]
    for year in range(first_year, last_year + 1):
        for second, offset in _year_changes(name, year):
            starts.append(second * NS)
            offsets.append(offset)
    return np.array(starts, dtype=np.int64), np.array(offsets, dtype=np.int64) * NS


def _years(ns: np.ndarray) -> tuple[int, int]:
    """First and last calendar year touched by ``ns`` (padded by a day either side)."""
    days = np.array([ns.min() // NS - DAY_S, ns.max() // NS + DAY_S], dtype="datetime64[s]")
    years = days.astype("datetime64[Y]").astype(np.int64) + _EPOCH_YEAR
    return int(years[0]), int(years[1])


def _is_utc(tz: str) -> bool:
    return tz.upper() in ("UTC", "ETC/UTC", "GMT", "ETC/GMT")


def utc_to_local(utc_ns: np.ndarray, tz: str) -> np.ndarray:
    """UTC int64 ns -> naive local int64 ns."""
    utc_ns = np.asarray(utc_ns, dtype=np.int64)
    if _is_utc(tz) or len(utc_ns) == 0:
        return utc_ns.copy()
    starts, offsets = offset_table(tz, *_years(utc_ns))
    return utc_ns + offsets[np.searchsorted(starts, utc_ns, side="right") - 1]


def local_to_utc(local_ns: np.ndarray, tz: str) -> np.ndarray:
    """Naive local int64 ns -> UTC int64 ns.

    A local time the clocks skipped (spring forward) moves forward to the change; one they repeat
    (fall back) takes the later, standard-time reading: pandas' ``tz_localize(ambiguous=False,
    nonexistent="shift_forward")``."""
    local_ns = np.asarray(local_ns, dtype=np.int64)
    if _is_utc(tz) or len(local_ns) == 0:
        return local_ns.copy()
    starts, offsets = offset_table(tz, *_years(local_ns))
    # Local start of each offset's span; in a repeated hour the later span (its start is earlier
    # in local time than the previous span's end) is the one found, and the first span starts at
    # the smallest int64 so adding an offset must not wrap.
    local_starts = starts.copy()
    local_starts[1:] += offsets[1:]
    span = np.searchsorted(local_starts, local_ns, side="right") - 1
    utc = local_ns - offsets[span]
    following = np.append(starts[1:], np.iinfo(np.int64).max)[span]
    return np.minimum(utc, following)
