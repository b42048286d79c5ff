"""Time providers: what moves the algorithm's clock (LEAN's ``ITimeProvider`` implementations).

A backtest's time is the data's: the clock jumps to the next time slice (LEAN's
``SubscriptionFrontierTimeProvider``). A live run's time is the wall clock (``RealTimeProvider``):
the live data source emits time pulses at wall-clock time when no data arrives, so scheduled
events fire on time (``Engine/RealTime/LiveTradingRealTimeHandler.cs``). The loop itself is the
same for both; it asks the clock only how far the run is (``progress``).
"""

from __future__ import annotations

import time as _wall
from collections.abc import Callable


class SimulatedClock:
    """Backtest time, driven by the data between ``start_ns`` and ``end_ns`` (UTC ns)."""

    live = False

    def __init__(self, start_ns: int, end_ns: int) -> None:
        self.start_ns = start_ns
        self.end_ns = end_ns
        self._span = max(1, end_ns - start_ns)

    def progress(self, ns: int) -> float:
        """Share of the simulated period done at slice time ``ns`` (0-1)."""
        return min(1.0, max(0.0, (ns - self.start_ns) / self._span))


class WallClock:
    """Live time: UTC nanoseconds from ``time_ns`` (default ``time.time_ns``; tests pass a fake).

    ``sleep(seconds)`` waits for the next pulse; ``end_ns`` (optional) is when a paper or replay
    run stops on its own.
    """

    live = True

    def __init__(
        self,
        time_ns: Callable[[], int] = _wall.time_ns,
        sleep: Callable[[float], None] = _wall.sleep,
        end_ns: int | None = None,
    ) -> None:
        self._time_ns = time_ns
        self.sleep = sleep
        self.start_ns = time_ns()
        self.end_ns = end_ns

    def now_ns(self) -> int:
        return self._time_ns()

    def progress(self, ns: int) -> float:
        """Live runs have no end to measure against unless ``end_ns`` is given."""
        if self.end_ns is None:
            return 0.0
        return min(1.0, max(0.0, (ns - self.start_ns) / max(1, self.end_ns - self.start_ns)))


Clock = SimulatedClock | WallClock

__all__ = ["Clock", "SimulatedClock", "WallClock"]
