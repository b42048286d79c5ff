"""The backtest real-time handler: fires scheduled events in time order (engine-map 1.3 steps 1/11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from engine.algorithm.scheduling import ScheduledEvent

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
