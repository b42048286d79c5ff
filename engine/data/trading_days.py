"""Day ranges of LEAN's static ``Time`` class (Common/Time.cs): every day, the days an exchange
trades, and the trading days expressed in another time zone (``Time.each_tradeable_day_in_time_zone``,
which LEAN uses to name the data files of an exchange whose data time zone differs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from typing import Any

from engine.common.clock import zone

ONE_DAY = timedelta(days=1)


def _midnight(value: datetime) -> datetime:
    return datetime(value.year, value.month, value.day)


def _tz(value: Any) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        return zone(value)
    raise TypeError(f"not a time zone: {value!r} (a TimeZones name or a tzinfo)")


def _convert(moment: datetime, source: tzinfo, target: tzinfo) -> datetime:
    """A naive wall-clock time of ``source`` as the naive wall-clock time of ``target``."""
    return moment.replace(tzinfo=source).astimezone(target).replace(tzinfo=None)


def _hours_of(item: Any) -> Any:
    """Exchange hours from a security, a security's exchange, or the hours themselves."""
    if hasattr(item, "is_date_open"):
        return item
    exchange = getattr(item, "exchange", item)
    hours = getattr(exchange, "hours", None)
    if hours is None:
        raise TypeError(f"{item!r} has no exchange hours")
    return hours


def each_day(start: datetime, thru: datetime) -> Iterator[datetime]:
    """Every date from ``start`` through ``thru`` (midnights)."""
    day, last = _midnight(start), _midnight(thru)
    while day <= last:
        yield day
        day += ONE_DAY


def each_tradeable_day(
    where: Any, start: datetime, thru: datetime, extended_market_hours: bool = False
) -> Iterator[datetime]:
    """The dates from ``start`` through ``thru`` an exchange trades: ``where`` is a security, its
    exchange hours, or a collection of securities (a date counts when any of them trades)."""
    if isinstance(where, Iterable) and not hasattr(where, "is_date_open"):
        hours = [_hours_of(item) for item in where]
    else:
        hours = [_hours_of(where)]
    for day in each_day(start, thru):
        if any(h.is_date_open(day.date(), extended_market_hours) for h in hours):
            yield day


def each_tradeable_day_in_time_zone(
    hours: Any,
    start: datetime,
    thru: datetime,
    time_zone: Any,
    include_extended_market_hours: bool = True,
) -> Iterator[datetime]:
    """The dates of ``time_zone`` whose days (from ``start``, exchange time, through the end of
    ``thru``) see the exchange open: steps of at most one day of ``time_zone``, each checked for an
    open instant in the exchange's own time zone."""
    hours = _hours_of(hours)
    exchange_tz, target = _tz(hours.time_zone), _tz(time_zone)
    current = start
    end = _midnight(thru) + ONE_DAY  # the whole of the last date
    while current < end:
        in_zone = _convert(current, exchange_tz, target)
        step_end = _convert(_midnight(in_zone) + ONE_DAY, target, exchange_tz)
        step_end = min(step_end, end)
        if hours.is_open_between(current, step_end, include_extended_market_hours):
            yield _midnight(in_zone)
        current = step_end
