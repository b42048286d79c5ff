"""Bars outside a subscription's session as fill-forward sources.

LEAN reads every bar of a data file (the reader does not look at market hours), fills forward
(Engine/DataFeeds/Enumerators/FillForwardEnumerator.cs) and only then drops the bars outside the
subscription's hours (SubscriptionFilterEnumerator, wrapped after the fill-forward in
FileSystemDataFeed.ConfigureEnumerator). The fill-forward enumerator keeps the last bar it passed
on, inside the session or not, so a filled-forward bar copies the last bar of the file: after a
day of an ES contract's minute data (the file runs to 19:00 New York, past the 17:00 close of its
regular session), the next session's filled-forward bars carry the 18:59 price, not the 16:59 one.

A feed that follows the rule reads its bars with the extended hours and marks those outside its
session in ``feed.outside``; they are fill-forward sources, never delivered. ``feed.read_emit`` and
``feed.read_row`` keep every real bar of a window (delivered or not) for the next window's base.
"""

from __future__ import annotations

import numpy as np

from engine.data.time_zones import utc_to_local
from engine.model import Resolution
from engine.model.subscriptions import SubscriptionRequest

# resolutions whose files hold bars outside the regular session (a daily bar spans the session)
_INTRADAY_BARS = (Resolution.SECOND, Resolution.MINUTE, Resolution.HOUR)


def reads_outside_session(request: SubscriptionRequest) -> bool:
    """Whether the subscription's bars outside its session are read as fill-forward sources: an
    intraday bar subscription that fills forward over the regular session only."""
    return (
        request.fill_forward
        and not request.extended_market_hours
        and request.resolution in _INTRADAY_BARS
    )


def mark_outside_session(feed) -> None:
    """Set ``feed.outside``: the rows (read with the extended hours) whose bar is not open during
    the regular session (LEAN's ``IsOpen(time, endTime, extendedMarketHours: false)``).

    Of a run of bars outside the session, only the last one before session time can be a
    fill-forward source: the others leave the feed here (an equity's pre- and after-market minutes
    would otherwise more than double what a regular-hours subscription holds in memory)."""
    arrays = feed.arrays
    if arrays is None or len(feed.emit) == 0:
        feed.outside = np.zeros(len(feed.emit), dtype=bool)
        return
    tz = feed.hours.time_zone
    start = utc_to_local(np.asarray(arrays.start, dtype=np.int64), tz)
    end = utc_to_local(np.asarray(arrays.end, dtype=np.int64), tz)
    inside = feed.hours.open_during(start, end, False)
    # an outside bar is superseded when the next bar is outside too and no session time lies
    # between their ends (a fill-forward bar in that span would have copied it)
    superseded = np.zeros(len(inside), dtype=bool)
    superseded[:-1] = ~inside[:-1] & ~inside[1:] & ~feed.hours.open_during(end[:-1], end[1:], False)
    if superseded.any():
        keep = ~superseded
        feed.arrays = arrays.take(keep)
        feed.emit = feed.emit[keep]
        feed.start_local = feed.start_local[keep]
        feed.row = np.arange(len(feed.emit), dtype=np.int64)
        feed.ff = np.zeros(len(feed.emit), dtype=bool)
        inside = inside[keep]
    feed.outside = ~inside


def drop_outside_session(feed, keep: np.ndarray, last: int) -> np.ndarray:
    """``keep`` without the feed's bars outside its session, after noting every real bar of the
    window up to ``last`` (inside or outside) in ``read_emit``/``read_row`` for the next window's
    fill-forward base."""
    outside = feed.outside
    if outside is None:
        return keep
    real = ~feed.ff & (feed.emit <= last)
    feed.read_emit = feed.emit[real]
    feed.read_row = feed.row[real]
    return keep & ~outside


def last_read_before(seed, lower: int) -> tuple[int, int] | None:
    """(row, emit) of the seed's last real bar, delivered or not, emitted before ``lower``."""
    if seed.read_emit is None or len(seed.read_emit) == 0:
        return None
    i = int(np.searchsorted(seed.read_emit, lower, side="left")) - 1
    if i < 0:
        return None
    return int(seed.read_row[i]), int(seed.read_emit[i])
