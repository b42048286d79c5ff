"""Data sources: where the loop's time slices come from (LEAN's data feed + synchronizer).

Every source is an iterable of :class:`SliceChunk` (a few thousand time slices at once, so the
loop's per-slice work stays a tight inner loop) with one extra method, ``restart(ns)``: the
algorithm added securities during the step at ``ns``, their data starts with the next step.

- :class:`FileDataSource`: a LEAN data folder, read in date windows (``engine.runner.setup``),
  LEAN's ``FileSystemDataFeed``.
- :class:`SliceListSource`: hand-made slices (tests, replays of recorded data).
- :class:`LiveDataSource`: data pushed from another thread (a live feed); when nothing arrives it
  emits time pulses at wall-clock time (LEAN's ``LiveSynchronizer``), so scheduled events fire.
- :class:`ReplayDataSource`: a data folder's slices released when a :class:`ReplayClock` reaches
  them (paper trading on recorded data at real speed or a multiple), time pulses in between.

A slice entry is ``(feed, data, is_fill_forward)``; the loop reads ``feed.kind`` (TRADE, QUOTE,
TICK, AUX, INTERNAL), ``feed.sym`` and ``feed.security``. A slice without entries is a time pulse:
it moves the clock and fires scheduled events, nothing else.
"""

from __future__ import annotations

import bisect
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from engine.common.clock import local_to_ns, ns_to_local, ns_to_utc, utc_to_ns
from engine.model import QuoteBar, Tick, TradeBar
from engine.runner.clocks import ReplayClock, WallClock
from engine.runner.feeds import AUX, QUOTE, TICK, TRADE
from engine.runner.merge import SliceChunk, SliceStream


class DataSource(Protocol):
    """What the loop needs from a source of time slices."""

    def __iter__(self) -> Iterator[SliceChunk]: ...

    def restart(self, ns: int) -> None: ...


class FileDataSource:
    """Slice chunks of the data folder's date windows in order.

    ``windows`` is the generator of ``FileSetup.iter_windows``: it yields each window's feeds and
    corporate-event points, and rebuilds them from just after ``ns`` when sent ``ns`` (securities
    were added during the run).
    """

    def __init__(self, windows: Any, time_zone: str) -> None:
        self._windows = windows
        self._tz = time_zone
        self.feeds, aux = next(windows)
        self._chunks = SliceStream(self.feeds, aux, time_zone).chunks()
        self._restart: int | None = None

    def __iter__(self) -> FileDataSource:
        return self

    def __next__(self) -> SliceChunk:
        while True:
            if self._restart is not None:
                ns, self._restart = self._restart, None
                feeds, aux = self._windows.send(ns)
                self._chunks = SliceStream(feeds, aux, self._tz).chunks()
            chunk = next(self._chunks, None)
            if chunk is not None:
                return chunk
            feeds, aux = next(self._windows)  # StopIteration ends the run
            self._chunks = SliceStream(feeds, aux, self._tz).chunks()

    def restart(self, ns: int) -> None:
        self._restart = ns


@dataclass(slots=True, eq=False)
class FeedRef:
    """The feed of a hand-made or live data point (what the loop reads of a file feed)."""

    kind: int
    sym: Any
    security: Any


def _kind_of(data: Any) -> int:
    if isinstance(data, TradeBar):
        return TRADE
    if isinstance(data, QuoteBar):
        return QUOTE
    if isinstance(data, Tick):
        return TICK
    return AUX  # splits, dividends, custom data


class EntryBuilder:
    """Slice entries for data objects of an algorithm's securities (one feed per symbol/kind);
    data of a symbol the algorithm has not added (yet) is dropped, as a feed would not have it."""

    def __init__(self, algorithm: Any) -> None:
        self.algorithm = algorithm
        self._feeds: dict[tuple[Any, int], FeedRef] = {}

    def entries(self, data: Iterable[Any]) -> list[tuple[FeedRef, Any, bool]]:
        out = []
        for obj in data:
            kind = _kind_of(obj)
            key = (obj.symbol, kind)
            feed = self._feeds.get(key)
            if feed is None:
                security = self.algorithm.securities.get(obj.symbol)
                if security is None:
                    continue
                feed = self._feeds[key] = FeedRef(kind, security.symbol, security)
            out.append((feed, obj, bool(getattr(obj, "is_fill_forward", False))))
        return out


def _chunk(times: list[int], entries: list[list], tz: str) -> SliceChunk:
    return SliceChunk(
        times, [ns_to_local(t, tz) for t in times], entries, [ns_to_utc(t) for t in times]
    )


class SliceListSource:
    """Hand-made time slices: ``(time, [data, ...])`` pairs in time order.

    ``time`` is a naive datetime in the algorithm's time zone (like ``self.time``), an aware
    datetime, or UTC nanoseconds; an empty data list is a time pulse. Data objects (TradeBar,
    QuoteBar, Tick, Split, Dividend, custom data) of securities the algorithm has not added are
    left out; a security added during the run gets its data from the next slice on.
    """

    def __init__(self, algorithm: Any, slices: Iterable[tuple[Any, list[Any]]], chunk: int = 500):
        self.algorithm = algorithm
        self._slices = slices
        self._chunk = chunk
        self._builder = EntryBuilder(algorithm)
        self._times: list[int] = []
        self._next = 0

    def _ns(self, when: Any) -> int:
        if isinstance(when, int):
            return when
        if isinstance(when, datetime) and when.tzinfo is not None:
            return utc_to_ns(when)
        return local_to_ns(when, self.algorithm.time_zone)

    def __iter__(self) -> Iterator[SliceChunk]:
        tz = self.algorithm.time_zone
        items = [(self._ns(when), data) for when, data in self._slices]
        self._times = [ns for ns, _ in items]
        self._next = 0
        while self._next < len(items):
            a = self._next
            b = min(len(items), a + self._chunk)
            self._next = b
            yield _chunk(
                self._times[a:b], [self._builder.entries(data) for _, data in items[a:b]], tz
            )

    def restart(self, ns: int) -> None:
        """Go on with the slices after ``ns`` (the loop drops the rest of the current chunk)."""
        self._next = bisect.bisect_right(self._times, ns)


class LiveDataSource:
    """Data pushed by a live feed (``push`` is thread-safe), one slice at wall-clock time.

    Every ``pulse_seconds`` (sooner when ``next_wake_ns()`` says a scheduled event is due) the
    source emits what arrived since the last slice, or a time pulse when nothing did. It ends
    after ``stop()``, or at the clock's ``end_ns``.
    """

    def __init__(self, algorithm: Any, clock: WallClock, pulse_seconds: float = 1.0) -> None:
        self.algorithm = algorithm
        self.clock = clock
        self.pulse_seconds = pulse_seconds
        self.next_wake_ns: Any = None  # set by the loop: the next scheduled event's UTC ns
        self._queue: deque[Any] = deque()
        self._cond = threading.Condition()
        self._stopped = False
        self._builder = EntryBuilder(algorithm)

    def push(self, *data: Any) -> None:
        with self._cond:
            self._queue.extend(data)
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()

    def restart(self, ns: int) -> None:
        """Live subscriptions start delivering as soon as they are added."""

    def _timeout(self) -> float:
        timeout = self.pulse_seconds
        wake = self.next_wake_ns() if self.next_wake_ns is not None else None
        if wake is not None:
            timeout = min(timeout, max(0.0, (wake - self.clock.now_ns()) / 1e9))
        return timeout

    def __iter__(self) -> Iterator[SliceChunk]:
        tz = self.algorithm.time_zone
        last = -1
        first = True
        while True:
            with self._cond:
                if not first and not self._queue and not self._stopped:
                    self._cond.wait(self._timeout())
                data = list(self._queue)
                self._queue.clear()
                stopped = self._stopped
            first = False
            if stopped and not data:
                return
            now = max(self.clock.now_ns(), last + 1)
            end = self.clock.end_ns
            if end is not None and now > end:
                return
            last = now
            yield _chunk([now], [self._builder.entries(data)], tz)


class ReplayDataSource:
    """The slices of ``files`` (a :class:`FileDataSource`) one at a time, each when ``clock`` (a
    :class:`ReplayClock`) reaches its time; while waiting, a time pulse every ``pulse_seconds`` of
    wall time (sooner when a scheduled event is due), as a live feed gives. Slices before the
    clock's start are skipped (a resumed replay continues from its saved time); slices the engine
    fell behind on are released at once, so the algorithm's time never runs ahead of the data.
    The run ends when the data does, or at the clock's ``end_ns``.
    """

    def __init__(
        self, files: FileDataSource, clock: ReplayClock, time_zone: str, pulse_seconds: float = 1.0
    ) -> None:
        self.files = files
        self.clock = clock
        self.time_zone = time_zone
        self.pulse_seconds = pulse_seconds
        self.next_wake_ns: Any = None  # set by the loop: the next scheduled event's UTC ns
        self.feeds = files.feeds
        self._pending: deque[tuple[int, Any, list, Any]] = deque()

    def restart(self, ns: int) -> None:
        """Securities were added at ``ns``: the files are re-read from just after it."""
        self._pending.clear()
        self.files.restart(ns)

    def _wait_seconds(self, t: int) -> float:
        wait = min(self.clock.wall_seconds_until(t), self.pulse_seconds)
        wake = self.next_wake_ns() if self.next_wake_ns is not None else None
        if wake is not None:
            wait = min(wait, self.clock.wall_seconds_until(wake))
        return wait

    def __iter__(self) -> Iterator[SliceChunk]:
        clock = self.clock
        end = clock.end_ns
        last = -1
        while True:
            if not self._pending:
                chunk = next(self.files, None)
                if chunk is None:
                    return
                self._pending.extend(
                    (t, local, entries, utc)
                    for t, local, entries, utc in zip(
                        chunk.times, chunk.local, chunk.entries, chunk.utc, strict=True
                    )
                    if t >= clock.start_ns
                )
                continue
            t, local, entries, utc = self._pending[0]
            if end is not None and t > end:
                return
            if clock.now_ns() < t:
                clock.sleep(self._wait_seconds(t))
                now = clock.now_ns()
                if last < now < t:  # still early: a time pulse (scheduled events, polls)
                    last = now
                    yield _chunk([now], [[]], self.time_zone)
                continue
            self._pending.popleft()
            last = t
            yield SliceChunk([t], [local], [entries], [utc])


__all__ = [
    "DataSource",
    "EntryBuilder",
    "FeedRef",
    "FileDataSource",
    "LiveDataSource",
    "ReplayDataSource",
    "SliceListSource",
]
