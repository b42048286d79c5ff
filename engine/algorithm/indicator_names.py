"""Pieces of LEAN's indicator names (QCAlgorithm.CreateIndicatorName): the resolution suffixes and
how C# prints a helper's decimal and TimeSpan arguments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.model.enums import Resolution

RESOLUTION_SUFFIX = {
    Resolution.TICK: "tick",
    Resolution.SECOND: "sec",
    Resolution.MINUTE: "min",
    Resolution.HOUR: "hr",
    Resolution.DAILY: "day",
}


def timespan_text(span: timedelta) -> str:
    """C#'s ``TimeSpan.ToString()``: ``[d.]hh:mm:ss[.fffffff]``."""
    total = int(span.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if span.microseconds:
        text += f".{span.microseconds * 10:07d}"
    return f"{days}.{text}" if days else text


def number_text(value: Any) -> str:
    """A helper argument as C# prints a decimal made from it (``2`` for ``2.0``)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)
