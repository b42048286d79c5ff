"""Scheduled events: ``self.schedule.on(self.date_rules.X, self.time_rules.Y, callback)``.

``DateRules``, ``TimeRules`` and ``ScheduleManager`` (the algorithm's API) build on the rules and
events of ``engine.common.scheduling``. Rules that take a symbol use that security's exchange
hours; without a symbol dates are calendar dates (LEAN's always-open schedule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from engine.common.clock import NS_PER_DAY, local_to_ns
from engine.common.naming import PascalCaseAttributes
from engine.common.scheduling import (
    DateRule,
    DayOfWeek,
    ExchangeHours,
    ScheduledEvent,
    TimeRule,
    calendar_days,
    callback_arity,
    event_times,
)


def _dotnet_weekday(d: date) -> int:
    return (d.weekday() + 1) % 7


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class DateRules(PascalCaseAttributes):
    """``self.date_rules``."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    def _hours(self, symbol: Any) -> ExchangeHours | None:
        if symbol is None:
            return None
        return self._algorithm._hours_for(symbol)

    def _trading(self, symbol: Any) -> Callable[[date], bool]:
        hours = self._hours(symbol)
        return hours.is_date_open if hours is not None else (lambda d: True)

    def every_day(self, symbol: Any = None) -> DateRule:
        is_open = self._trading(symbol)
        return DateRule(
            f"EveryDay: {symbol or ''}".strip(),
            lambda s, e: (d for d in calendar_days(s, e) if is_open(d)),
        )

    def every(self, *days: int) -> DateRule:
        if len(days) == 1 and isinstance(days[0], list | tuple | set):
            days = tuple(days[0])
        wanted = {int(x) for x in days}
        return DateRule(
            f"Every {sorted(wanted)}",
            lambda s, e: (d for d in calendar_days(s, e) if _dotnet_weekday(d) in wanted),
        )

    def on(self, *args: Any) -> DateRule:
        if len(args) == 3 and all(isinstance(x, int) for x in args):
            wanted = {date(*args)}
        else:
            flat: list = []
            for a in args:
                flat.extend(a if isinstance(a, list | tuple | set) else [a])
            wanted = {_as_date(a) for a in flat}
        return DateRule("On", lambda s, e: (d for d in sorted(wanted) if s <= d <= e))

    @property
    def today(self) -> DateRule:
        today = self._algorithm.time.date()
        return self.on(today)

    @property
    def tomorrow(self) -> DateRule:
        return self.on(self._algorithm.time.date() + timedelta(days=1))

    def _period_rule(
        self, name: str, symbol: Any, days_offset: int, key: Callable[[date], Any], from_end: bool
    ) -> DateRule:
        if isinstance(symbol, int) and not isinstance(symbol, bool):
            symbol, days_offset = None, symbol
        is_open = self._trading(symbol)

        def dates(s: date, e: date) -> Iterator[date]:
            # walk whole periods around [s, e]
            first = s - timedelta(days=400 if name.startswith("Year") else 40)
            last = e + timedelta(days=400 if name.startswith("Year") else 40)
            group: list[date] = []
            current = None
            for d in calendar_days(first, last):
                k = key(d)
                if k != current:
                    if group:
                        pick = _pick(group, days_offset, from_end)
                        if pick is not None and s <= pick <= e:
                            yield pick
                    group, current = [], k
                if is_open(d):
                    group.append(d)
            if group:
                pick = _pick(group, days_offset, from_end)
                if pick is not None and s <= pick <= e:
                    yield pick

        return DateRule(f"{name}: {symbol or ''}".strip(), dates)

    def week_start(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule(
            "WeekStart", symbol, days_offset, lambda d: d.isocalendar()[:2], False
        )

    def week_end(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule(
            "WeekEnd", symbol, days_offset, lambda d: d.isocalendar()[:2], True
        )

    def month_start(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule(
            "MonthStart", symbol, days_offset, lambda d: (d.year, d.month), False
        )

    def month_end(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule("MonthEnd", symbol, days_offset, lambda d: (d.year, d.month), True)

    def quarter_start(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule(
            "QuarterStart", symbol, days_offset, lambda d: (d.year, (d.month - 1) // 3), False
        )

    def quarter_end(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule(
            "QuarterEnd", symbol, days_offset, lambda d: (d.year, (d.month - 1) // 3), True
        )

    def year_start(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule("YearStart", symbol, days_offset, lambda d: d.year, False)

    def year_end(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        return self._period_rule("YearEnd", symbol, days_offset, lambda d: d.year, True)


def _pick(group: list[date], offset: int, from_end: bool) -> date | None:
    """The first (last) day of a period plus ``offset`` trading days, clamped inside the period."""
    if not group:
        return None
    offset = max(0, min(int(offset), len(group) - 1))
    return group[-1 - offset] if from_end else group[offset]


class TimeRules(PascalCaseAttributes):
    """``self.time_rules``."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    @property
    def _tz(self) -> str:
        return self._algorithm._time_zone

    def at(
        self, hour: int | timedelta | time, minute: int = 0, second: int = 0, tz: Any = None
    ) -> TimeRule:
        if isinstance(hour, timedelta):
            offset = hour
        elif isinstance(hour, time):
            offset = timedelta(hours=hour.hour, minutes=hour.minute, seconds=hour.second)
        else:
            if not isinstance(second, int):  # at(h, m, tz)
                second, tz = 0, second
            offset = timedelta(hours=hour, minutes=minute, seconds=second)
        zone_name = _tz_name(tz) if tz is not None else None

        def times(d: date) -> list[int]:
            return [local_to_ns(datetime(d.year, d.month, d.day) + offset, zone_name or self._tz)]

        return TimeRule(f"{offset}", times)

    @property
    def midnight(self) -> TimeRule:
        return self.at(0, 0)

    @property
    def noon(self) -> TimeRule:
        return self.at(12, 0)

    @property
    def now(self) -> TimeRule:
        t = self._algorithm.time
        return self.at(timedelta(hours=t.hour, minutes=t.minute, seconds=t.second))

    def every(self, interval: timedelta) -> TimeRule:
        if interval <= timedelta(0):
            raise ValueError("TimeRules.every(): the interval must be positive")

        def times(d: date) -> list[int]:
            start = local_to_ns(datetime(d.year, d.month, d.day), self._tz)
            end = local_to_ns(datetime(d.year, d.month, d.day) + timedelta(days=1), self._tz)
            step = int(interval.total_seconds() * 1e9)
            return list(range(start, end, step))

        return TimeRule(f"Every {interval}", times)

    def _market(self, symbol: Any, delta_minutes: float, extended: bool, which: str) -> TimeRule:
        hours = (
            self._algorithm._hours_for(symbol)
            if symbol is not None
            else self._algorithm._default_hours()
        )
        delta = timedelta(minutes=delta_minutes)

        def times(d: date) -> list[int]:
            t = (
                hours.market_open(d, extended)
                if which == "open"
                else hours.market_close(d, extended)
            )
            if t is None:
                return []
            return [local_to_ns(t + delta, hours.time_zone)]

        return TimeRule(f"{symbol}: {which} {delta_minutes:+} min", times)

    def after_market_open(
        self, symbol: Any = None, minutes_after_open: float = 0, extended_market_open: bool = False
    ) -> TimeRule:
        return self._market(symbol, minutes_after_open, extended_market_open, "open")

    def before_market_open(
        self, symbol: Any = None, minutes_before_open: float = 0, extended_market_open: bool = False
    ) -> TimeRule:
        return self._market(symbol, -minutes_before_open, extended_market_open, "open")

    def before_market_close(
        self,
        symbol: Any = None,
        minutes_before_close: float = 0,
        extended_market_close: bool = False,
    ) -> TimeRule:
        return self._market(symbol, -minutes_before_close, extended_market_close, "close")

    def after_market_close(
        self,
        symbol: Any = None,
        minutes_after_close: float = 0,
        extended_market_close: bool = False,
    ) -> TimeRule:
        return self._market(symbol, minutes_after_close, extended_market_close, "close")


def _tz_name(tz: Any) -> str:
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    return str(key or tz)


class ScheduleManager(PascalCaseAttributes):
    """``self.schedule``: ``on(date_rule, time_rule, callback)``; the runner fires the events."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self.events: list[ScheduledEvent] = []
        self._counter = 0
        self.on_added: Callable[[ScheduledEvent], None] | None = None

    def on(
        self,
        date_rule: DateRule,
        time_rule: TimeRule,
        callback: Callable | None = None,
        name: str | None = None,
    ) -> ScheduledEvent:
        if callback is None:
            raise ValueError("schedule.on() requires a callback")
        if isinstance(
            callback, str
        ):  # on(date_rule, time_rule, name, callback) is not LEAN's order
            callback, name = name, callback  # type: ignore[assignment]
        algo = self._algorithm
        start = algo.start_date.date() - timedelta(days=1)
        if algo._warmup_start is not None:
            start = min(start, algo._warmup_start.date() - timedelta(days=1))
        # LEAN's ScheduleManager takes the rule's dates up to Time.EndOfTime: an event after the
        # end date still runs with a time slice at its time (a bar ending at the next midnight)
        end = algo.end_date.date() + timedelta(days=1)
        label = name or f"{date_rule.name}: {time_rule.name}"
        return self.add_event(label, event_times(date_rule, time_rule, start, end), callback)

    def add_event(
        self, name: str, times: Iterator[int], callback: Callable, internal: bool = False
    ) -> ScheduledEvent:
        event = ScheduledEvent(name, times, callback, self._counter, internal)
        self._counter += 1
        now_ns = self._algorithm._now_ns
        if now_ns is not None:
            event.skip_until(now_ns)
        self.events.append(event)
        if self.on_added is not None:
            self.on_added(event)
        return event

    def remove(self, event: ScheduledEvent) -> None:
        event.enabled = False
        if event in self.events:
            self.events.remove(event)

    Remove = remove
    On = on

    def training(self, *args: Any) -> ScheduledEvent:
        """``schedule.training(...)``: run the callback like an event (no time budget in backtests)."""
        callback = args[-1]
        if len(args) == 1:
            callback()
            return None  # type: ignore[return-value]
        return self.on(*args)


__all__ = [
    "DateRule",
    "DateRules",
    "DayOfWeek",
    "ExchangeHours",
    "NS_PER_DAY",
    "ScheduleManager",
    "ScheduledEvent",
    "TimeRule",
    "TimeRules",
    "callback_arity",
    "event_times",
]
