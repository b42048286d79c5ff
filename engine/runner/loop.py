"""The backtest time loop (engine-map 1.3): feeds -> time slices -> algorithm, in LEAN's step order."""

from __future__ import annotations

import time as _wall
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.algorithm.clock import NS_PER_HOUR, NS_PER_MINUTE, local_to_ns
from engine.algorithm.qcalgorithm import QCAlgorithm, user_handler
from engine.algorithm.slice import (
    DataDictionary,
    Dividends,
    QuoteBars,
    SecurityChanges,
    Slice,
    Splits,
    Ticks,
    TradeBars,
)
from engine.data import DataFolder
from engine.model import Dividend, Split, Symbol
from engine.runner.conversion import ensure_currency_feeds
from engine.runner.events import EventClock
from engine.runner.feeds import (
    INTERNAL,
    QUOTE,
    TICK,
    TRADE,
    Feed,
)
from engine.runner.merge import SliceChunk, SliceStream
from engine.runner.samples import ResultsCollector
from engine.runner.setup import MissingData, RunnerSetup
from engine.universe.runner import update_custom_security

CANCEL_POLL_SLICES = 500
PROGRESS_MIN_SECONDS = 0.5


class BacktestCancelled(Exception):
    """Raised to abandon a run at once (the loop itself stops cancelled runs at its next poll)."""


class UserCodeError(Exception):
    """An exception raised by the user's algorithm (kept with its original traceback)."""

    def __init__(self, where: str, original: BaseException) -> None:
        super().__init__(f"{where}: {type(original).__name__}: {original}")
        self.where = where
        self.original = original


@dataclass
class RunState:
    status: str = "Running"
    slices: int = 0
    data_points: int = 0
    last_ns: int | None = None
    stop_reason: str = ""
    feeds: list[Feed] = field(default_factory=list)


class ChunkSource:
    """Slice chunks of the data windows in order; ``restart(ns)`` rebuilds the feeds from just after
    ``ns`` (securities were added during the run)."""

    def __init__(self, windows: Any, time_zone: str) -> None:
        self._windows = windows
        self._tz = time_zone
        self.feeds, aux = next(windows)
        self._chunks = SliceStream(self.feeds, aux, time_zone).chunks()
        self._restart: int | None = None

    def __iter__(self) -> ChunkSource:
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


class BacktestRunner(RunnerSetup):
    """Runs an initialized-or-not algorithm over a LEAN data folder."""

    def __init__(
        self,
        algorithm: QCAlgorithm,
        data_folder: str | Any,
        *,
        on_progress: Callable[[float], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> None:
        self.algorithm = algorithm
        self.folder = DataFolder(data_folder)
        self.on_progress = on_progress
        self.should_cancel = should_cancel
        self.state = RunState()
        self.results: ResultsCollector | None = None
        self._handlers: dict[str, Any] = {}
        self._benchmark_price = 0.0
        self._benchmark_symbol: Symbol | None = None
        self._benchmark_func: Callable | None = None
        self._where = "initialize"

    # -- helpers ---------------------------------------------------------------------------
    def _call(self, where: str, fn: Callable, *args: Any) -> Any:
        try:
            return fn(*args)
        except (BacktestCancelled, KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:  # user code failed
            raise UserCodeError(where, exc) from exc

    def _set_time(self, ns: int) -> datetime:
        """Move the algorithm clock and the securities' time keeper (scheduled events)."""
        algo = self.algorithm
        algo._set_time(ns)
        set_time = getattr(algo.securities, "set_time", None)
        if set_time is not None:
            set_time(algo.utc_time)
        return algo._time

    # -- setup -------------------------------------------------------------------------------
    def initialize(self) -> None:
        algo = self.algorithm
        algo._data_folder = self.folder
        init = user_handler(algo, "initialize")
        if init is None:
            raise UserCodeError(
                "initialize",
                TypeError(
                    f"{type(algo).__name__} does not define initialize() (or Initialize()): every algorithm must"
                ),
            )
        self._call("initialize", init)
        post = getattr(algo, "_framework_post_initialize", None)
        if post is not None:  # framework: manual universes subscribe their symbols
            self._call("initialize", post)
        algo._locked = True
        for name in (
            "on_data",
            "on_order_event",
            "on_end_of_day",
            "on_end_of_algorithm",
            "on_securities_changed",
            "on_warmup_finished",
            "on_splits",
            "on_dividends",
        ):
            self._handlers[name] = user_handler(algo, name)
        if hasattr(algo.transactions, "add_order_event_handler"):
            algo.transactions.add_order_event_handler(self._record_order_event)
            handler = self._handlers["on_order_event"]
            if handler is not None:
                algo.transactions.add_order_event_handler(handler)

    # -- sampling ---------------------------------------------------------------------------------
    def _benchmark_value(self) -> float:
        if self._benchmark_func is not None:
            try:
                return float(self._benchmark_func(self.algorithm.time))
            except Exception:
                return 0.0
        return self._benchmark_price

    def _daily_sample(self) -> None:
        if self.algorithm.is_warming_up or self.results is None:
            return
        self.results.sample(self.algorithm.utc_time, self._benchmark_value())

    # -- the loop -----------------------------------------------------------------------------------
    def run(self) -> RunState:
        algo = self.algorithm
        state = self.state
        self._conversion_requests = ensure_currency_feeds(algo, self.folder)
        self._check_data()
        first, last, start_ns = self._data_range()
        windows = self._iter_windows(first, last, start_ns)
        # the first window before the clock starts (it sets the benchmark's first price)
        source = ChunkSource(windows, algo.time_zone)
        state.feeds = source.feeds

        self._schedule_internal_events(start_ns)
        algo._set_time(start_ns)
        clock = EventClock(algo.schedule.events)
        clock.skip_until(start_ns)
        algo.schedule.on_added = lambda e: clock.refresh()
        algo.is_warming_up = algo._warmup_start is not None
        self.results = ResultsCollector(algo, start_ns)
        if not algo.is_warming_up:
            self._finish_warmup(self.results)
        try:
            self._loop(source, clock, start_ns)
        except (BacktestCancelled, KeyboardInterrupt, MemoryError, UserCodeError):
            raise
        except Exception as exc:
            raise UserCodeError(self._where, exc) from exc
        if state.status == "Cancelled":
            return state
        # 1.8 end of the algorithm
        end_handler = self._handlers.get("on_end_of_algorithm")
        if end_handler is not None:
            self._call("on_end_of_algorithm", end_handler)
        if state.last_ns is not None and not algo.is_warming_up:
            self.results.on_step(state.last_ns, None, force=True)
            self.results.sample(_utc_from_ns(state.last_ns), self._benchmark_value())
        state.status = "Completed"
        if self.on_progress is not None:
            self.on_progress(1.0)
        return state

    def _loop(self, chunks: ChunkSource, clock: EventClock, start_ns: int) -> None:
        """Steps S1-S20 for every slice. Exceptions escaping here are reported with ``self._where``."""
        algo = self.algorithm
        state = self.state
        results = self.results
        assert results is not None
        start_algo_ns = local_to_ns(algo.start_date, algo.time_zone)
        span = max(1, local_to_ns(algo.end_date, algo.time_zone) - start_ns)
        warmup_done_called = not algo.is_warming_up
        handlers = self._handlers
        on_data = handlers.get("on_data")
        on_splits = handlers.get("on_splits")
        on_dividends = handlers.get("on_dividends")
        on_changes = handlers.get("on_securities_changed")
        hooks = getattr(algo, "_framework_hooks", None)
        fw_data, fw_changes = hooks() if hooks is not None else (None, None)
        process = getattr(algo.transactions, "process_synchronous_events", None)
        set_securities_time = getattr(algo.securities, "set_time", None)
        portfolio = algo.portfolio
        apply_split = getattr(portfolio, "apply_split", None)
        apply_dividend = getattr(portfolio, "apply_dividend", None)
        bench_sym = self._benchmark_symbol
        set_market_price = results.set_market_price
        trade_positions = results.trades._positions
        on_step = results.on_step
        tpv = results.total_portfolio_value
        guard_event = self._guard_event
        set_event_time = self._set_time
        should_cancel = self.should_cancel
        on_progress = self.on_progress
        scan_settlement = getattr(portfolio, "scan_settlement", None)
        # the transaction manager's open-order queue: scans are skipped while it is empty (its scan
        # would only refresh conversion rates, done at S7 below)
        pending = getattr(algo.transactions, "_pending", None)
        cash_book = getattr(portfolio, "cash_book", None) if pending is not None else None
        securities = algo.securities
        next_hour_ns = 0
        next_margin_ns = 0
        try:
            from engine.portfolio.margin_call import check_margin_calls
        except ImportError:  # pragma: no cover - portfolio layer without margin calls
            check_margin_calls = None
        last_progress = 0.0
        n_slices = 0
        points = 0
        first_step = True
        stopped = False
        known_subscriptions = len(algo._subscriptions)
        for chunk in chunks:
            for t, local, utc, entries in zip(
                chunk.times, chunk.local, chunk.utc, chunk.entries, strict=True
            ):
                # a backtest stops once the portfolio value is <= 0 (top of a step)
                if (
                    not first_step
                    and (results.last_value if not algo.is_warming_up else tpv()) <= 0
                ):
                    state.stop_reason = "Portfolio value is zero or negative: the backtest stopped."
                    algo.error(state.stop_reason)
                    stopped = True
                    break
                # warm-up over before this slice: LEAN's synchronizer first emits a time pulse at the
                # start date (events before it, clock set, warm-up off; nothing else runs)
                if algo.is_warming_up and t > start_algo_ns:
                    if clock.next_ns < start_algo_ns:
                        self._where = "scheduled event"
                        clock.run_until(start_algo_ns, False, set_event_time, guard_event)
                    set_event_time(start_algo_ns)
                    algo.is_warming_up = False
                # S1 scheduled events strictly before t (algorithm time = event time, old prices)
                if clock.next_ns < t:
                    self._where = "scheduled event"
                    clock.run_until(t, False, set_event_time, guard_event)
                    if algo._quit:
                        stopped = True
                        break
                # S2 time-based consolidators whose period ended before t
                registry = algo._consolidators
                if registry:
                    self._where = "consolidators"
                    registry.scan_past(t)
                # S3 time
                algo._now_ns = t
                algo._time = local
                algo._utc_ns = t
                algo._utc_cached = utc
                if set_securities_time is not None:
                    set_securities_time(utc)
                if algo.is_warming_up and t >= start_algo_ns:
                    algo.is_warming_up = False
                if t >= next_hour_ns:  # S6 first step at/after each clock hour: settlement
                    next_hour_ns = (t // NS_PER_HOUR + 1) * NS_PER_HOUR
                    if scan_settlement is not None and portfolio.unsettled_cash_book:
                        scan_settlement(algo.utc_time)
                        results.invalidate()
                # S4-S5 slice contents and security caches
                bars = TradeBars()
                quotes = QuoteBars()
                splits = dividends = ticks = custom = None
                has_data = False
                for feed, obj, ff in entries:
                    kind = feed.kind
                    if kind == TRADE:
                        bars[feed.sym] = obj
                    elif kind == QUOTE:
                        quotes[feed.sym] = obj
                    elif kind == INTERNAL:
                        if not ff:
                            if feed.sym is bench_sym:
                                self._benchmark_price = obj.close
                            else:  # currency conversion feed (S7 uses its price)
                                feed.security.update(obj)
                        continue
                    elif kind == TICK:
                        has_data = True
                        if ticks is None:
                            ticks = Ticks()
                        sym_ticks = ticks.get(feed.sym)
                        if sym_ticks is None:
                            ticks[feed.sym] = sym_ticks = []
                        sym_ticks.append(obj)
                        if not obj.suspicious:
                            feed.security.update(obj)
                        continue
                    else:  # AUX
                        has_data = True
                        if isinstance(obj, Split):
                            if splits is None:
                                splits = Splits()
                            splits[feed.sym] = obj
                        elif isinstance(obj, Dividend):
                            if dividends is None:
                                dividends = Dividends()
                            dividends[feed.sym] = obj
                        else:  # custom data (PythonData): slice and security price
                            if custom is None:
                                custom = DataDictionary()
                            custom[feed.sym] = obj
                            update_custom_security(feed.security, obj)
                        continue
                    has_data = True
                    if not ff:
                        security = feed.security
                        security.update(obj)
                        if trade_positions:
                            set_market_price(security)
                points += len(entries)
                # S8 warm-up finished
                if not warmup_done_called and not algo.is_warming_up:
                    warmup_done_called = True
                    self._finish_warmup(results)
                # S7 conversion rates (only with other currencies in the cash book)
                if cash_book is not None and len(cash_book) > 1:
                    cash_book.update_conversion_rates(securities)
                # S10 pending orders against the new data
                if process is not None and (pending is None or pending):
                    self._where = "order processing"
                    process()
                # S11 scheduled events at t
                if clock.next_ns <= t:
                    self._where = "scheduled event"
                    clock.run_until(t, True, set_event_time, guard_event)
                    algo._time = local
                # S13 margin calls: first step, then every 5 minutes of algorithm time
                if check_margin_calls is not None and t >= next_margin_ns:
                    next_margin_ns = t + 5 * NS_PER_MINUTE
                    # a portfolio of cash only (known from the TPV cache) cannot be margin called
                    if not algo.is_warming_up and results._flat_value is None:
                        self._where = "margin call"
                        check_margin_calls(algo)
                # S14 securities changed
                universes = algo._universe_manager
                if algo._pending_added or (universes is not None and universes.pending_removed):
                    added, algo._pending_added = algo._pending_added, []
                    removed = universes.take_removed() if universes is not None else []
                    changes = SecurityChanges(added, removed)
                    if on_changes is not None:
                        self._where = "on_securities_changed"
                        on_changes(changes)
                    if fw_changes is not None:  # framework models after the user's handler
                        self._where = "on_securities_changed"
                        fw_changes(changes)
                # S15 portfolio effects of dividends and splits (not during warm-up)
                if (splits or dividends) and not algo.is_warming_up:
                    results.invalidate()
                    if dividends and apply_dividend is not None:
                        for d in dividends.values():
                            apply_dividend(d)
                    if splits and apply_split is not None:
                        for sp in splits.values():
                            if sp.type == Split.SPLIT_OCCURRED:
                                apply_split(sp)
                # S16 consolidators (and the indicators registered through them) see the slice
                registry = algo._consolidators
                if registry:
                    self._where = "consolidators"
                    for feed, obj, _ff in entries:
                        kind = feed.kind
                        if kind == TRADE or kind == QUOTE or (kind == TICK and not obj.suspicious):
                            registry.update(obj)
                    registry.scan(t)
                # S17-S18 user handlers
                if splits and on_splits is not None:
                    self._where = "on_splits"
                    on_splits(splits)
                if dividends and on_dividends is not None:
                    self._where = "on_dividends"
                    on_dividends(dividends)
                if has_data and on_data is not None:
                    self._where = "on_data"
                    on_data(Slice(local, bars, quotes, ticks, splits, dividends, True, custom=custom))
                if fw_data is not None:  # LEAN OnFrameworkData: after on_data, every step
                    self._where = "on_data"
                    fw_data(Slice(local, bars, quotes, ticks, splits, dividends, True, custom=custom), has_data)
                # S19 orders placed during this step fill on this slice
                if process is not None and (pending is None or pending):
                    self._where = "order processing"
                    process()
                # S20 equity sampling
                if not algo.is_warming_up:
                    on_step(t, bars, False, quotes)
                first_step = False
                n_slices += 1
                state.last_ns = t
                if algo._quit:
                    stopped = True
                    break
                if len(algo._subscriptions) != known_subscriptions:
                    # securities added during the run: their data starts with the next step
                    added_requests = algo._subscriptions[known_subscriptions:]
                    known_subscriptions = len(algo._subscriptions)
                    self._schedule_end_of_day(
                        added_requests, local.date(), algo.end_date.date(), initial=False
                    )
                    chunks.restart(t)
                    break
                if n_slices % CANCEL_POLL_SLICES == 0:
                    if should_cancel is not None and should_cancel():
                        state.status = "Cancelled"
                        state.stop_reason = "Cancelled by the user."
                        stopped = True
                        break
                    if on_progress is not None:
                        now = _wall.monotonic()
                        if now - last_progress >= PROGRESS_MIN_SECONDS:
                            last_progress = now
                            on_progress(min(1.0, max(0.0, (t - start_ns) / span)))
            if stopped:
                break
        state.slices = n_slices
        state.data_points = points

    def _record_order_event(self, event: Any) -> None:
        if self.results is not None:
            self.results.invalidate()
            if event.is_fill:
                self.results.on_fill(event)

    def _finish_warmup(self, results: ResultsCollector) -> None:
        algo = self.algorithm
        handler = self._handlers.get("on_warmup_finished")
        if algo._warmup_start is not None:
            results.recapture_starting_value()
            algo.debug("Algorithm finished warming up.")
        if handler is not None:
            self._call("on_warmup_finished", handler)

    def _guard_event(self, event: Any, local: datetime) -> None:
        if event.internal:
            event.fire(local)
        else:
            self._call(f"scheduled event '{event.name}'", event.fire, local)


_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _utc_from_ns(ns: int) -> datetime:
    return _UTC_EPOCH + timedelta(microseconds=ns // 1000)


__all__ = ["BacktestCancelled", "BacktestRunner", "MissingData", "RunState", "UserCodeError"]
