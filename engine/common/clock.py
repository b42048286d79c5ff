"""Time conversions shared by the algorithm and the runner.

The engine's clock is int64 nanoseconds since the Unix epoch (UTC). Algorithm time is a naive
``datetime`` in the algorithm time zone (default America/New_York), exchange times are naive in the
exchange zone, orders and events use UTC-aware datetimes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

NS_PER_SECOND = 1_000_000_000
NS_PER_MINUTE = 60 * NS_PER_SECOND
NS_PER_HOUR = 60 * NS_PER_MINUTE
NS_PER_DAY = 24 * NS_PER_HOUR
_EPOCH = datetime(1970, 1, 1)
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# LEAN's market-hours database names some fixed offsets "UTC-05" (NodaTime's spelling); the tz
# database calls them "Etc/GMT+5", with the sign inverted.
_FIXED_OFFSET = re.compile(r"UTC([+-])(\d{1,2})(?::?00)?")


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    fixed = _FIXED_OFFSET.fullmatch(name)
    if fixed is not None:
        hours = int(fixed.group(2))
        if hours == 0:
            return ZoneInfo("UTC")
        return ZoneInfo(f"Etc/GMT{'+' if fixed.group(1) == '-' else '-'}{hours}")
    return ZoneInfo(name)


def ns_to_utc(ns: int) -> datetime:
    return _UTC_EPOCH + timedelta(microseconds=ns // 1000)


def utc_to_ns(t: datetime) -> int:
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    delta = t.astimezone(UTC).replace(tzinfo=None) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * NS_PER_SECOND + delta.microseconds * 1000


def ns_to_local(ns: int, tz: str) -> datetime:
    """Naive local time of a UTC nanosecond timestamp."""
    utc = _UTC_EPOCH + timedelta(microseconds=ns // 1000)
    return utc.astimezone(zone(tz)).replace(tzinfo=None)


def local_to_ns(t: datetime, tz: str) -> int:
    """UTC nanoseconds of a naive local time (ambiguous times take the first occurrence)."""
    return utc_to_ns(t.replace(tzinfo=zone(tz)))


def local_to_utc(t: datetime, tz: str) -> datetime:
    return t.replace(tzinfo=zone(tz)).astimezone(UTC)


def naive_to_unix(t: datetime) -> int:
    """Unix seconds of a naive time read as UTC (LEAN's ``Time.DateTimeToUnixTimeStamp``)."""
    if t.tzinfo is not None:
        t = t.astimezone(UTC).replace(tzinfo=None)
    delta = t - _EPOCH
    return delta.days * 86_400 + delta.seconds


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)
