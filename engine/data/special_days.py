"""One day's open segments under an early close and/or a late open, as LEAN's
``SecurityExchangeHours.GetMarketHours`` (Common/Securities/SecurityExchangeHours.cs) builds them.

A CME future's Thanksgiving (ES on 2013-11-28) has both: an early close at 11:30 and a late open at
18:00. LEAN keeps the segments up to the early close and the segments from the late open on (the
market resumes in the evening), so the day still has its 09:30-11:30 regular session; cutting the
day at both times in turn would leave nothing."""

from __future__ import annotations

Segment = tuple[int, int, str]  # local seconds from midnight (start, end), state


def _before_early_close(segments: tuple[Segment, ...], cut: int) -> list[Segment]:
    """The segments before the early close, the one spanning it ending there. As LEAN's loop, a
    close falling in a gap between segments also drops the segment before the gap (``index =
    i - 1``)."""
    index = len(segments)
    cut_segment: Segment | None = None
    for i, (start, end, state) in enumerate(segments):
        if start <= cut <= end:
            cut_segment = (start, cut, state)
            index = i
            break
        if cut < start:
            index = i - 1
            break
    kept = list(segments[: max(index, 0)])
    if cut_segment is not None:
        kept.append(cut_segment)
    return kept


def _from_late_open(segments: list[Segment] | tuple[Segment, ...], start_at: int) -> list[Segment]:
    """The segments from the late open on, the one spanning it starting there. As LEAN's loop, a
    late open after every segment keeps them all (its index stays 0)."""
    index = 0
    kept: list[Segment] = []
    for i, (start, end, state) in enumerate(segments):
        if start <= start_at <= end:
            kept.append((start_at, end, state))
            index = i + 1
            break
        if start_at < start:
            index = i
            break
    kept.extend(segments[index:])
    return kept


def special_day_segments(
    segments: tuple[Segment, ...], early_close: int | None, late_open: int | None
) -> tuple[Segment, ...]:
    """``segments`` (the weekday's) with the day's early close and late open applied."""
    if early_close is None and late_open is None:
        return segments
    early = _before_early_close(segments, early_close) if early_close is not None else None
    current: list[Segment] | tuple[Segment, ...] = segments
    if early is not None and (late_open is None or early_close >= late_open):  # type: ignore[operator]
        current = early
    if late_open is None:
        return tuple(current)
    late = _from_late_open(current, late_open)
    if early is not None and early_close <= late_open:  # type: ignore[operator]
        # the market resumes after the early close: the morning's segments, then the evening's
        return tuple(early + late)
    return tuple(late)
