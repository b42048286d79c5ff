"""A day's trading segments when the market closes early, opens late, or both.

LEAN's ``Common/Securities/SecurityExchangeHours.cs`` (``GetMarketHours``) builds them from the
weekday's segments of ``market-hours-database.json``:

- an early close cuts the segment it falls in (start and end inclusive) and drops every later
  one; a close that falls before a segment's start (in a gap) also drops the segment before that
  gap, and a close after the last segment leaves the day as it is;
- a late open moves the start of the segment it falls in and keeps the later ones; an open that
  falls in a gap keeps the segments from that gap on, and an open after the last segment leaves
  the day as it is;
- both on one day: when the late open comes at or after the early close the market resumes (the
  holiday sessions of CME futures: Thanksgiving closes at 11:30 New York and reopens at 18:00),
  so the day is the segments up to the close followed by the segments from the open, each cut
  from the weekday's own segments; otherwise the late open applies to the early-closed day (and
  when both fall at the same time, that day follows the segments up to the close, which gives a
  zero-length segment at that time).

Segments are ``(start second, end second, state)`` in the exchange's time zone, as in
:mod:`engine.data.market_hours`.
"""

from __future__ import annotations

from collections.abc import Sequence

Segment = tuple[int, int, str]

__all__ = ["special_day_segments"]


def _until_close(segments: Sequence[Segment], close: int) -> list[Segment]:
    """The segments of a day that closes at ``close``."""
    index = len(segments)
    cut: Segment | None = None
    for i, (start, end, state) in enumerate(segments):
        if start <= close <= end:
            cut, index = (start, close, state), i
            break
        if close < start:
            index = i - 1
            break
    kept = list(segments[: max(index, 0)])
    if cut is not None:
        kept.append(cut)
    return kept


def _from_open(segments: Sequence[Segment], open_: int) -> list[Segment]:
    """The segments of a day that opens at ``open_``."""
    index = 0
    first: list[Segment] = []
    for i, (start, end, state) in enumerate(segments):
        if start <= open_ <= end:
            first, index = [(open_, end, state)], i + 1
            break
        if open_ < start:
            index = i
            break
    return first + list(segments[index:])


def special_day_segments(
    segments: Sequence[Segment], early_close: int | None, late_open: int | None
) -> tuple[Segment, ...]:
    """The weekday's ``segments`` on a day with an early close and/or a late open (seconds of
    the day, None when the day has none)."""
    if early_close is None and late_open is None:
        return tuple(segments)
    if early_close is None:
        return tuple(_from_open(segments, late_open))  # type: ignore[arg-type]
    closed = _until_close(segments, early_close)
    if late_open is None:
        return tuple(closed)
    if early_close < late_open:
        return tuple(closed + _from_open(segments, late_open))
    reopened = _from_open(closed, late_open)
    # at the same time, LEAN appends the late open of the closed day to the closed day
    return tuple(closed + reopened if early_close == late_open else reopened)
