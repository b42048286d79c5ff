"""Live data feeds: market data that arrives while the algorithm runs on wall-clock time.

LEAN's live data comes from an ``IDataQueueHandler`` (Common/Interfaces/IDataQueueHandler.cs): a
brokerage or data vendor pushes bars and ticks as they happen, and the live synchronizer hands
them to the algorithm with time pulses in between (Engine/DataFeeds/LiveSynchronizer.cs). Here
the pluggable part is :class:`LiveFeed`, one method to implement::

    class MyFeed(LiveFeed):
        def read(self, stop):
            while not stop.is_set():
                for row in my_vendor.poll():          # whatever the source is
                    symbol = self.symbol_for(row.ticker)
                    if symbol is not None:
                        yield TradeBar(row.time, symbol, row.open, row.high, row.low,
                                       row.close, row.volume, timedelta(minutes=1))
                stop.wait(0.2)

``read(stop)`` runs on its own thread: it yields engine data objects (``TradeBar``, ``QuoteBar``,
``Tick``; their ``time`` naive in the security's exchange time zone) as they arrive and returns
when ``stop`` is set. Before the run the runner calls :meth:`LiveFeed.open` with the algorithm,
after which :meth:`LiveFeed.symbol_for` resolves a ticker to a subscribed security's symbol.
Data of a symbol the algorithm has not added is dropped. An exception in ``read`` ends the run
with a runtime error that names the feed.

:class:`FolderFeed` is the implementation shipped: CSV files dropped into a folder, polled.
:class:`LiveFeedRunner` runs an algorithm on wall-clock time fed by a ``LiveFeed``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from engine.common.clock import local_to_ns, ns_to_local, utc_to_ns
from engine.errors import MissingData
from engine.model import TickType
from engine.model.data import Tick, TradeBar
from engine.runner.clocks import WallClock
from engine.runner.loop import RunState
from engine.runner.runners import PaperRunner
from engine.runner.sources import LiveDataSource


class LiveFeedError(MissingData):
    """The live feed failed (bad file, lost connection): the run ends with this message."""


class LiveFeed:
    """A source of market data arriving in real time (see the module's documentation)."""

    #: What the page and the log call this feed ("Live folder feed").
    name = "Live feed"

    def __init__(self) -> None:
        self.algorithm: Any = None

    def open(self, algorithm: Any, start_ns: int) -> None:
        """Called once before the run, after the algorithm's ``initialize``; ``start_ns`` is
        the run's start (UTC ns)."""
        self.algorithm = algorithm

    def symbol_for(self, ticker: str) -> Any:
        """The symbol of a security the algorithm subscribed to whose ticker is ``ticker`` (case
        insensitive), or None."""
        wanted = str(ticker).strip().upper()
        for symbol in list(self.algorithm.securities.keys()):
            if getattr(symbol, "value", None) == wanted:
                return symbol
        return None

    def time_zone_of(self, symbol: Any) -> str:
        """The time zone a data object's ``time`` of ``symbol`` is in (its exchange's)."""
        security = self.algorithm.securities.get(symbol)
        exchange = getattr(security, "exchange", None)
        zone = getattr(exchange, "time_zone", None)
        return str(zone) if zone else self.algorithm.time_zone

    def read(self, stop: threading.Event) -> Iterator[Any]:
        """Yield data objects as they arrive until ``stop`` is set."""
        raise NotImplementedError

    def close(self) -> None:
        """Called once after the run (release connections, files)."""


class FolderFeed(LiveFeed):
    """Bars and ticks written as CSV files into ``folder`` (by another program), polled every
    ``poll_seconds``.

    Every ``*.csv`` file is read in name order and followed as it grows (only complete lines are
    read: a writer appends lines ending in a newline, or writes a file elsewhere and moves it in).
    A line is a bar ``time,ticker,open,high,low,close,volume`` or a trade tick
    ``time,ticker,price,quantity``; ``time`` is ISO 8601, the bar's start, with an offset (or
    ``Z``) or else in ``time_zone`` (New York by default). A first line starting with ``time``
    is a header. A bar lasts ``period`` (a minute). Lines older than ``since`` (UTC ns: what
    happened before the run started; default the moment the feed opens) are skipped: a
    resumed run does not replay them.
    """

    name = "Live folder feed"

    def __init__(
        self,
        folder: str | Path,
        *,
        poll_seconds: float = 0.2,
        period: timedelta = timedelta(minutes=1),
        time_zone: str = "America/New_York",
        since_ns: int | None = None,
    ) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.poll_seconds = poll_seconds
        self.period = period
        self.time_zone = time_zone
        self.since_ns = since_ns
        self._offsets: dict[str, int] = {}
        self.skipped = 0

    def open(self, algorithm: Any, start_ns: int) -> None:
        super().open(algorithm, start_ns)
        if not self.folder.is_dir():
            raise LiveFeedError(f"The live feed folder {self.folder} does not exist.")
        if self.since_ns is None:
            self.since_ns = start_ns

    def read(self, stop: threading.Event) -> Iterator[Any]:
        while not stop.is_set():
            for path in sorted(self.folder.glob("*.csv")):
                yield from self.read_file(path)
            stop.wait(self.poll_seconds)

    def read_file(self, path: Path) -> Iterator[Any]:
        """The data of the complete lines added to ``path`` since the last call."""
        offset = self._offsets.get(path.name, 0)
        try:
            size = path.stat().st_size
            if size == offset:
                return  # nothing new: most files on most polls
            if size < offset:  # replaced by a shorter file of the same name: a new file
                offset = 0
            with path.open("rb") as handle:
                handle.seek(offset)
                chunk = handle.read()
        except OSError:
            return  # being moved or removed: the next poll sees it
        end = chunk.rfind(b"\n")
        if end < 0:
            return
        self._offsets[path.name] = offset + end + 1
        for number, raw in enumerate(chunk[: end + 1].splitlines(), 1):
            line = raw.decode("utf-8", errors="replace").strip()
            if not line or (offset == 0 and number == 1 and line.lower().startswith("time")):
                continue
            data = self._parse(line, path.name)
            if data is not None:
                yield data

    def _parse(self, line: str, file: str) -> Any:
        fields = [f.strip() for f in line.split(",")]
        if len(fields) not in (4, 7):
            raise LiveFeedError(
                f"{file}: expected time,ticker,open,high,low,close,volume or "
                f"time,ticker,price,quantity, got {line!r}"
            )
        try:
            when = datetime.fromisoformat(fields[0].replace("Z", "+00:00"))
            numbers = [float(x) for x in fields[2:]]
        except ValueError as exc:
            raise LiveFeedError(f"{file}: {exc} in {line!r}") from exc
        ns = utc_to_ns(when) if when.tzinfo else local_to_ns(when, self.time_zone)
        if self.since_ns is not None and ns < self.since_ns - self._lookback_ns(len(fields)):
            self.skipped += 1
            return None
        symbol = self.symbol_for(fields[1])
        if symbol is None:
            return None
        local = ns_to_local(ns, self.time_zone_of(symbol))
        if len(fields) == 4:
            return Tick(local, symbol, TickType.TRADE, numbers[0], numbers[1])
        open_, high, low, close, volume = numbers
        return TradeBar(local, symbol, open_, high, low, close, volume, self.period)

    def _lookback_ns(self, fields: int) -> int:
        """A bar that started up to a period before the run ends inside it, so it still counts."""
        return int(self.period.total_seconds() * 1e9) if fields == 7 else 0


class LiveFeedRunner(PaperRunner):
    """Paper trading on a live feed: the algorithm's clock is the wall clock (``WallClock``), the
    data is what ``feed`` delivers, pushed into a ``LiveDataSource`` from the feed's thread (time
    pulses every ``pulse_seconds`` in between, so scheduled events fire on time)."""

    def __init__(
        self,
        algorithm: Any,
        data_folder: Any,
        *,
        clock: WallClock,
        feed: LiveFeed,
        **kwargs: Any,
    ) -> None:
        super().__init__(algorithm, data_folder, clock=clock, **kwargs)
        self.feed = feed
        self.feed_error: BaseException | None = None

    def run(self, source: LiveDataSource | None = None) -> RunState:
        assert self.realtime is not None, "initialize() must run first"
        source = source or LiveDataSource(self.algorithm, self.clock, self.pulse_seconds)
        self.feed.open(self.algorithm, self.clock.now_ns())
        stop = threading.Event()

        def pump() -> None:
            try:
                for item in self.feed.read(stop):
                    source.push(item)
                    if stop.is_set():
                        break
            except BaseException as exc:  # reported by the run, on the loop's thread
                self.feed_error = exc
                source.stop()

        thread = threading.Thread(target=pump, name="live-feed", daemon=True)
        thread.start()
        try:
            state = self.run_source(source, self.clock, self.clock.now_ns())
        finally:
            stop.set()
            source.stop()
            thread.join(timeout=5)
            self.feed.close()
        if self.feed_error is not None:
            raise LiveFeedError(f"{self.feed.name} failed: {self.feed_error}") from self.feed_error
        return state


__all__ = ["FolderFeed", "LiveFeed", "LiveFeedError", "LiveFeedRunner"]
