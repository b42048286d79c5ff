"""The real-time handler: scheduled events in time order, and the engine's own events.

LEAN's ``Engine/RealTime/BacktestingRealTimeHandler.cs`` fires events from the loop (steps 1 and
11 of ``AlgorithmManager.Run``); ``LiveTradingRealTimeHandler.cs`` fires them at wall-clock time.
Here both go through the loop: a live data source emits time pulses when no data arrives, so the
same ``run_until`` fires them on time. ``BaseRealTimeHandler.cs`` also creates the end-of-day
events of every added security and the "Daily Sampling" event of the result handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from engine.common.clock import local_to_ns
from engine.common.scheduling import (
    DateRule,
    ScheduledEvent,
    TimeRule,
    callback_arity,
    event_times,
)
from engine.errors import RunCancelled, UserCodeError

NEVER = 2**62


class EventClock:
    """Keeps the scheduled events and the earliest pending time (cheap per-slice check)."""

    def __init__(self, events: list[ScheduledEvent]) -> None:
        self.events = events
        self.next_ns = NEVER
        self.refresh()

    def refresh(self) -> None:
        times = [e.next_ns for e in self.events if e.enabled and e.next_ns is not None]
        self.next_ns = min(times) if times else NEVER

    def skip_until(self, ns: int) -> None:
        for e in self.events:
            e.skip_until(ns)
        self.refresh()

    def run_until(
        self,
        ns: int,
        inclusive: bool,
        set_time: Callable[[int], datetime],
        guard: Callable[[ScheduledEvent, datetime], None],
    ) -> None:
        """Fire every event with time < ns (or <= ns), earliest first, registration order on ties.

        ``set_time(event_ns)`` moves the algorithm clock and returns the local time; ``guard`` runs
        the callback (the runner wraps user errors).
        """
        while self.next_ns < ns or (inclusive and self.next_ns == ns):
            t = self.next_ns
            due = [e for e in self.events if e.enabled and e.next_ns == t]
            due.sort(key=lambda e: e.order)
            local = set_time(t)
            for e in due:
                e.advance()
                guard(e, local)
            self.refresh()


def call_user(where: str, fn: Callable, *args: Any) -> Any:
    """Run user code; its exceptions become ``UserCodeError(where, ...)``."""
    try:
        return fn(*args)
    except (RunCancelled, KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:  # user code failed
        raise UserCodeError(where, exc) from exc


def _days(start: date, end: date) -> Iterator[date]:
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


class RealTimeHandler:
    """The algorithm's scheduled events plus the engine's end-of-day and daily-sampling events.

    ``handlers``: the user's event handlers (``on_end_of_day`` decides which end-of-day events
    exist); ``subscriptions``: the algorithm's subscription requests; ``hours_for(symbol)``: the
    market hours of a symbol.
    """

    def __init__(
        self,
        algorithm: Any,
        handlers: dict[str, Any],
        subscriptions: list[Any],
        hours_for: Callable[[Any], Any],
    ) -> None:
        self.algorithm = algorithm
        self.handlers = handlers
        self.subscriptions = subscriptions
        self.hours_for = hours_for
        self.clock = EventClock(algorithm.schedule.events)
        self._eod_scheduled: set[tuple[Any, bool]] = set()
        self._eod_events: dict[Any, list[Any]] = {}  # symbol -> its end-of-day events
        algorithm.schedule.on_added = lambda e: self.clock.refresh()

    def start(self, start_ns: int) -> None:
        """Events already past at the start never fire (LEAN's ``SkipEventsUntil``)."""
        self.clock.skip_until(start_ns)

    def fire(self, event: ScheduledEvent, local: datetime) -> None:
        if event.internal:
            event.fire(local)
        else:
            call_user(f"scheduled event '{event.name}'", event.fire, local)

    def remove_end_of_day(self, securities: list[Any]) -> None:
        """A security reported removed loses its end-of-day events (LEAN's real-time handler
        removes them in OnSecuritiesChanged); added again, it gets new ones."""
        for security in securities:
            symbol = security.symbol
            for event in self._eod_events.pop(symbol, []):
                self.algorithm.schedule.remove(event)
            self._eod_scheduled = {key for key in self._eod_scheduled if key[0] != symbol}

    def schedule_end_of_day(
        self, requests: list[Any], first: date, last: date, initial: bool, after_ns: int = -1
    ) -> None:
        """LEAN's end-of-day events: per security (``on_end_of_day(symbol)``) 10 minutes before its
        last close, created when the security is added; the deprecated argument-less form at 23:58
        on every day any security trades (created once). A security added during a step gets the
        events after that step only (``after_ns``): LEAN schedules them when the next time slice
        reports the change, skipping the earlier ones (ScheduledEvent.SkipEventsUntil)."""
        algo = self.algorithm
        eod = self.handlers.get("on_end_of_day")
        if eod is None:
            return
        if callback_arity(eod) >= 1:
            done = self._eod_scheduled
            for req in requests:
                sym = req.symbol
                if (sym, req.extended_market_hours) in done or req.internal:
                    continue  # once per security (re-added universe members keep theirs)
                done.add((sym, req.extended_market_hours))
                hours = self.hours_for(sym)
                ext = req.extended_market_hours

                def times(d: date, hours=hours, ext=ext) -> list[int]:
                    close = hours.market_close(d, ext)
                    if close is None:
                        return []
                    if hours.always_open:
                        return [local_to_ns(datetime(d.year, d.month, d.day), hours.time_zone)]
                    return [
                        local_to_ns(
                            close.replace(tzinfo=None) - timedelta(minutes=10), hours.time_zone
                        )
                    ]

                rule = DateRule("EveryDay", lambda s, e: _days(s, e))
                when = event_times(rule, TimeRule("EOD", times), first, last)
                if after_ns >= 0:
                    when = (t for t in when if t > after_ns)
                event = algo.schedule.add_event(
                    f"{sym.value}: EndOfDay",
                    when,
                    lambda s=sym: call_user("on_end_of_day", eod, s),
                    internal=True,
                )
                self._eod_events.setdefault(sym, []).append(event)
        elif initial:
            subscriptions = self.subscriptions
            hours_for = self.hours_for

            def any_trading(d: date) -> bool:
                return any(hours_for(r.symbol).is_date_open(d) for r in subscriptions)

            rule = DateRule("EveryDay", lambda s, e: (d for d in _days(s, e) if any_trading(d)))
            at = TimeRule(
                "23:58",
                lambda d: [local_to_ns(datetime(d.year, d.month, d.day, 23, 58), algo.time_zone)],
            )
            algo.schedule.add_event(
                "EndOfDay",
                event_times(rule, at, first, last),
                lambda: call_user("on_end_of_day", eod),
                internal=True,
            )

    def schedule_daily_sampling(self, first: date, last: date, sample: Callable[[], None]) -> None:
        """The result handler's midnight sample ("Daily Sampling", after same-time user events)."""
        tz = self.algorithm.time_zone
        rule = DateRule("EveryDay", lambda s, e: _days(s, e))
        midnight = TimeRule(
            "Midnight", lambda d: [local_to_ns(datetime(d.year, d.month, d.day), tz)]
        )
        self.algorithm.schedule.add_event(
            "Daily Sampling", event_times(rule, midnight, first, last), sample, internal=True
        )


__all__ = ["NEVER", "EventClock", "RealTimeHandler", "call_user"]
