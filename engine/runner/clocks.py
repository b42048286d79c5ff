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


class ReplayClock(WallClock):
    """Replay time: starts at ``start_ns`` (UTC ns) and runs ``speed`` times as fast as the wall
    clock (60: a minute of market time per second). ``wall_ns`` and ``sleep`` are the real clock
    (tests pass fakes). A paper-trading replay's algorithm time follows this clock, so scheduled
    events and the data of the replayed day arrive in the order and spacing a market gives them.
    """

    def __init__(
        self,
        start_ns: int,
        speed: float = 1.0,
        *,
        end_ns: int | None = None,
        wall_ns: Callable[[], int] = _wall.time_ns,
        sleep: Callable[[float], None] = _wall.sleep,
    ) -> None:
        if speed <= 0:
            raise ValueError(f"the replay speed must be positive, got {speed}")
        self.speed = float(speed)
        self._wall_ns = wall_ns
        self.wall_start_ns = wall_ns()
        self._replay_start = start_ns
        super().__init__(self._replay_ns, sleep, end_ns)

    def _replay_ns(self) -> int:
        return self._replay_start + int((self._wall_ns() - self.wall_start_ns) * self.speed)

    def anchor(self) -> None:
        """Replay time is ``start_ns`` now: the set-up before the loop (loading the project, the
        first data window) does not eat into the replay."""
        self.wall_start_ns = self._wall_ns()

    def wall_seconds_until(self, ns: int) -> float:
        """Real seconds until replay time reaches ``ns`` (0 when it has)."""
        return max(0.0, (ns - self.now_ns()) / 1e9 / self.speed)


Clock = SimulatedClock | WallClock

__all__ = ["Clock", "ReplayClock", "SimulatedClock", "WallClock"]
