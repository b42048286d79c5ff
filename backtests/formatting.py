"""How the results pages, the live page, the report and its PDF write money, numbers, durations
and times (one place, so "-$1.30" never appears as "$-1.30" on another page, and an order's time
reads the same on the backtest and the live page). Pure Python: templates reach these through
the filters of `backtests_tags`, the report's builders and the presenters call them directly."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

COMPACT_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def to_number(value: object) -> float | None:
    """A float from a number or a statistic string ("$1,300.50", "5.398%", "-0.2"); None when it
    is none of these."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("$", "").replace("%", "")
        if not text:
            return None
        try:
            number = float(Decimal(text))
        except (InvalidOperation, ValueError):
            return None
    return number if math.isfinite(number) else None


def money(value: object, *, decimals: int = 2, currency: str = "$") -> str:
    """-1.3 -> "-$1.30", 105397.9 -> "$105,397.90"; the sign goes before the currency symbol."""
    number = to_number(value)
    if number is None:
        return "" if value is None else str(value)
    text = f"{abs(number):,.{decimals}f}"
    sign = "-" if number < 0 and text.strip("0.,") else ""
    return f"{sign}{currency}{text}"


def money_compact(value: object, *, currency: str = "$") -> str:
    """1300000000 -> "$1.3B", 25400 -> "$25.4K", 950 -> "$950.00": short enough for a card."""
    number = to_number(value)
    if number is None:
        return "" if value is None else str(value)
    sign = "-" if number < 0 else ""
    for index, (size, unit) in enumerate(COMPACT_UNITS):
        if abs(number) >= size:
            scaled = f"{abs(number) / size:.1f}".removesuffix(".0")
            if scaled == "1000" and index > 0:  # 999.96K rounds to 1000K: say 1M instead
                scaled, unit = "1", COMPACT_UNITS[index - 1][1]
            return f"{sign}{currency}{scaled}{unit}"
    return money(number, currency=currency)


def number(value: object, *, decimals: int = 2) -> str:
    """Thousands separators and fixed decimals: 1234567.891 -> "1,234,567.89"."""
    parsed = to_number(value)
    if parsed is None:
        return "" if value is None else str(value)
    text = f"{parsed:,.{decimals}f}"
    return text.removeprefix("-") if text.strip("-0.,") == "" else text


def percent(value: object, *, decimals: int = 2) -> str:
    """A fraction as a percentage: 0.05398 -> "5.40%"."""
    parsed = to_number(value)
    if parsed is None:
        return "" if value is None else str(value)
    return f"{number(parsed * 100, decimals=decimals)}%"


def duration(seconds: float | None) -> str:
    """42.4 -> "42 s", 185 -> "3 min 5 s", 3720 -> "1 h 2 min"."""
    if seconds is None:
        return ""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def date_time(value: object, zone: str | None = None) -> str:
    """A result time (unix seconds, or ISO 8601: "2024-01-03T14:31:00Z") as "YYYY-MM-DD HH:MM:SS"
    in the time zone `zone` (an exchange's, e.g. "America/New_York"), else in UTC. A time without
    an offset is taken as UTC; with no `zone` its clock reading is written as it is (an
    algorithm's local time stays local)."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, tz=UTC)
    else:
        text = str(value).replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return str(value).replace("T", " ").replace("Z", "")[:19]
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    if zone:
        try:
            moment = moment.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def zone_label(zones: Mapping[str, str]) -> str:
    """The time zone a table's header names for times shown in each symbol's exchange zone
    (`zones`: ticker -> zone name): the one zone they share, "exchange time" when they differ,
    "UTC" when none is known."""
    names = set(zones.values())
    return names.pop() if len(names) == 1 else ("exchange time" if names else "UTC")
