"""How the results pages, the report and its PDF write money, numbers and durations (one place,
so "-$1.30" never appears as "$-1.30" on another page). Pure Python: templates reach these
through the filters of `backtests_tags`, the report's builders call them directly."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

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
