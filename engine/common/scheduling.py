"""Scheduling primitives (LEAN's Common/Scheduling): date and time rules, recurring events.

A date rule yields dates; a time rule turns a date into event times (UTC nanoseconds);
``event_times`` combines them lazily; a ``ScheduledEvent`` walks those times and calls back. The
algorithm's ``date_rules``/``time_rules``/``schedule`` (``engine.algorithm.scheduling``) build
them, the real-time handler (``engine.runner.events``) fires them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Protocol


class ExchangeHours(Protocol):
    """What scheduling needs from a security's market hours (the runner adapts the data layer's)."""

    time_zone: str

    def is_date_open(self, d: date, extended: bool = False) -> bool: ...

    def market_open(self, d: date, extended: bool = False) -> datetime | None: ...

    def market_close(self, d: date, extended: bool = False) -> datetime | None: ...


class DayOfWeek:
    """.NET ``DayOfWeek`` (Sunday = 0)."""

    SUNDAY = Sunday = 0
    MONDAY = Monday = 1
    TUESDAY = Tuesday = 2
    WEDNESDAY = Wednesday = 3
    THURSDAY = Thursday = 4
    FRIDAY = Friday = 5
    SATURDAY = Saturday = 6


def calendar_days(start: date, end: date) -> Iterator[date]:
    d = start
    one = timedelta(days=1)
    while d <= end:
        yield d
        d += one


class DateRule:
    def __init__(self, name: str, dates: Callable[[date, date], Iterable[date]]) -> None:
        self.name = name
        self._dates = dates

    def get_dates(self, start: date, end: date) -> Iterable[date]:
        return self._dates(start, end)

    Name = property(lambda self: self.name)


class TimeRule:
    def __init__(self, name: str, times: Callable[[date], list[int]]) -> None:
        self.name = name
        self._times = times

    def get_times(self, d: date) -> list[int]:
        """Event times (UTC ns) on date ``d``."""
        return self._times(d)

    Name = property(lambda self: self.name)


def callback_arity(callback: Callable) -> int:
    try:
        params = [
            p
            for p in inspect.signature(callback).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
        ]
    except (TypeError, ValueError):
        return 0
    return len(params)


class ScheduledEvent:
    """One recurring event: its upcoming times (UTC ns) and its callback."""

    __slots__ = ("name", "callback", "next_ns", "_times", "_arity", "enabled", "order", "internal")

    def __init__(
        self,
        name: str,
        times: Iterator[int],
        callback: Callable,
        order: int,
        internal: bool = False,
    ) -> None:
        self.name = name
        self.callback = callback
        self._times = times
        self._arity = callback_arity(callback)
        self.next_ns: int | None = next(times, None)
        self.enabled = True
        self.order = order
        self.internal = internal

    def skip_until(self, ns: int) -> None:
        """Drop event times strictly before ``ns`` (times already past when the event is created)."""
        while self.next_ns is not None and self.next_ns < ns:
            self.next_ns = next(self._times, None)

    def fire(self, local_time: datetime) -> None:
        if self._arity >= 2:
            self.callback(self.name, local_time)
        elif self._arity == 1:
            self.callback(self.name)
        else:
            self.callback()

    def advance(self) -> None:
        self.next_ns = next(self._times, None)

    Name = property(lambda self: self.name)


def event_times(date_rule: DateRule, time_rule: TimeRule, start: date, end: date) -> Iterator[int]:
    """Sorted UTC ns times of ``time_rule`` on every date of ``date_rule`` in [start, end]."""
    last = -1
    for d in date_rule.get_dates(start, end):
        for ns in sorted(time_rule.get_times(d)):
            if ns > last:
                last = ns
                yield ns


__all__ = [
    "DateRule",
    "DayOfWeek",
    "ExchangeHours",
    "ScheduledEvent",
    "TimeRule",
    "calendar_days",
    "callback_arity",
    "event_times",
]
