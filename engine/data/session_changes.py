"""A day's trading segments with an early close and/or a late open applied, as LEAN's
Common/Securities/SecurityExchangeHours.cs ``GetMarketHours`` does.

An early close ends the segment it falls in at that time and drops the later ones; a late open
starts the segment it falls in at that time and drops the earlier ones. When a day has both and
the late open comes after the early close, the market reopens: the segments up to the early close
and those from the late open both stay (CME's Thanksgiving: 09:30-11:30, then 18:00 onwards).

LEAN's edge cases are kept as they are: an early close falling between two segments also drops
the segment before it, and a late open after every segment leaves the day's segments unchanged.
"""

from __future__ import annotations

Segment = tuple[int, int, str]  # (start, end) local seconds of the day, state


def _before_early_close(segments: list[Segment], close: int) -> list[Segment]:
    index = len(segments)
    cut: Segment | None = None
    for i, (start, end, state) in enumerate(segments):
        if start <= close <= end:
            cut = (start, close, state)
            index = i
            break
        if close < start:
            index = i - 1
            break
    kept = segments[: max(index, 0)]
    return [*kept, cut] if cut is not None else kept


def _after_late_open(segments: list[Segment], opens: int) -> list[Segment]:
    index = 0
    kept: list[Segment] = []
    for i, (start, end, state) in enumerate(segments):
        if start <= opens <= end:
            kept.append((opens, end, state))
            index = i + 1
            break
        if opens < start:
            index = i
            break
    return kept + segments[index:]


def apply_session_changes(
    segments: list[Segment], early_close: int | None, late_open: int | None
) -> list[Segment]:
    """``segments`` of a day changed by its early close and late open (local seconds; None when
    the day has none)."""
    if early_close is None and late_open is None:
        return segments
    early = _before_early_close(segments, early_close) if early_close is not None else None
    if early is not None and (late_open is None or early_close >= late_open):
        segments = early
    if late_open is None:
        return segments
    late = _after_late_open(segments, late_open)
    if early is not None and early_close <= late_open:
        return early + late
    return late
