"""The backtest time loop (engine-map 1.3): feeds -> time slices -> algorithm, in LEAN's step order."""

from __future__ import annotations

import dataclasses
import time as _wall
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from engine.algorithm.clock import (
    NS_PER_DAY,
    NS_PER_HOUR,
    NS_PER_MINUTE,
    local_to_ns,
    ns_to_local,
    utc_to_ns,
)
from engine.algorithm.qcalgorithm import QCAlgorithm, user_handler
from engine.algorithm.scheduling import DateRule, TimeRule, event_times
from engine.algorithm.slice import (
    Dividends,
    QuoteBars,
    SecurityChanges,
    Slice,
    Splits,
    Ticks,
    TradeBars,
)
from engine.algorithm.subscriptions import SubscriptionRequest
from engine.data import DataFolder, corporate_events
from engine.model import Dividend, Market, Resolution, SecurityType, Split, Symbol, TickType
from engine.runner.events import EventClock
from engine.runner.feeds import (
    INTERNAL,
    QUOTE,
    TICK,
    TRADE,
    Feed,
    add_fill_forward,
    fill_forward_resolution,
    load_feed,
)
from engine.runner.merge import AuxPoint, SliceStream
from engine.runner.samples import ResultsCollector

CANCEL_POLL_SLICES = 500
PROGRESS_MIN_SECONDS = 0.5


class BacktestCancelled(Exception):
    pass


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


class BacktestRunner:
    """Runs an initialized-or-not algorithm over a LEAN data folder."""

    def __init__(self, algorithm: QCAlgorithm, data_folder: str | Any, *,
                 on_progress: Callable[[float], None] | None = None,
                 should_cancel: Callable[[], bool] | None = None) -> None:
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
            raise UserCodeError("initialize", TypeError(
                f"{type(algo).__name__} does not define initialize() (or Initialize()): every algorithm must"))
        self._call("initialize", init)
        algo._locked = True
        for name in ("on_data", "on_order_event", "on_end_of_day", "on_end_of_algorithm", "on_securities_changed",
                     "on_warmup_finished", "on_splits", "on_dividends"):
            self._handlers[name] = user_handler(algo, name)
        if hasattr(algo.transactions, "add_order_event_handler"):
            algo.transactions.add_order_event_handler(self._record_order_event)
            handler = self._handlers["on_order_event"]
            if handler is not None:
                algo.transactions.add_order_event_handler(handler)

    def _data_range(self) -> tuple[date, date, int]:
        """(first file date, last file date, first allowed emission ns)."""
        algo = self.algorithm
        start = algo.start_date
        if algo._warmup_period is not None:
            start = start - algo._warmup_period
        elif algo._warmup_bars:
            start = self._warmup_start_for_bars(algo._warmup_bars)
        algo._warmup_start = start if start < algo.start_date else None
        start_ns = local_to_ns(start, algo.time_zone)
        return start.date(), algo.end_date.date(), start_ns

    def _warmup_start_for_bars(self, bars: int) -> datetime:
        """Earliest start of an n-bar history over all securities (market-hours aware, approximate
        for intraday: whole sessions of bars per day)."""
        algo = self.algorithm
        earliest = algo.start_date
        for req in algo._subscriptions:
            res = algo._warmup_resolution or req.resolution
            hours = algo._hours_for(req.symbol)
            d = algo.start_date.date()
            remaining = bars
            per_step = {Resolution.DAILY: None, Resolution.HOUR: 3600, Resolution.MINUTE: 60,
                        Resolution.SECOND: 1, Resolution.TICK: 1}[res]
            for _ in range(20_000):
                d -= timedelta(days=1)
                if not hours.is_date_open(d, req.extended_market_hours):
                    continue
                if per_step is None:
                    remaining -= 1
                else:
                    segs = hours.segments(d, req.extended_market_hours)
                    seconds = sum((b - a).total_seconds() for a, b in segs)
                    remaining -= max(1, int(np.ceil(seconds / per_step)))
                if remaining <= 0:
                    break
            earliest = min(earliest, datetime(d.year, d.month, d.day))
        return earliest

    def _benchmark_request(self, first: date) -> tuple[SubscriptionRequest | None, date]:
        algo = self.algorithm
        bench = algo._benchmark
        if callable(bench) and not isinstance(bench, Symbol):
            self._benchmark_func = bench
            return None, first
        if bench is None:
            getter = getattr(algo.brokerage_model, "get_benchmark", None)
            bench = getter(algo.securities) if getter is not None else Symbol("SPY", SecurityType.EQUITY, Market.USA)
        if not isinstance(bench, Symbol):
            bench = Symbol(str(bench), SecurityType.EQUITY, Market.USA)
        self._benchmark_symbol = bench
        request = SubscriptionRequest(bench, Resolution.HOUR, fill_forward=False, internal=True)
        hours = algo._hours_for(bench)
        try:
            begin = hours.previous_trading_day(first)
        except ValueError:
            begin = first
        return request, begin

    def _build_feeds(self) -> tuple[list[Feed], list[AuxPoint], int]:
        algo = self.algorithm
        first, last, start_ns = self._data_range()
        end_ns = local_to_ns(algo.end_date, algo.time_zone)
        feeds: list[Feed] = []
        aux: list[AuxPoint] = []
        aux_feeds: dict[int, Feed] = {}
        for req in algo._subscriptions:
            sec_name = req.symbol.security_type.name.lower()
            for tick_type in req.tick_types():
                kind = "quote" if tick_type == TickType.QUOTE else "trade"
                if not self.folder.has_data(sec_name, req.symbol.market, req.symbol.value,
                                            req.resolution.name.lower(), kind):
                    if tick_type == TickType.QUOTE and req.symbol.security_type == SecurityType.EQUITY:
                        continue  # equities without quote files: fills fall back to trade bars
                    raise MissingData(
                        f"No {req.resolution.name.lower()} {kind} data for {req.symbol.value} "
                        f"({sec_name}/{req.symbol.market}) in the data folder {self.folder.root}")
                feed = load_feed(self.folder, req, tick_type, first, last)
                feed.security = algo.securities[req.symbol]
                feeds.append(feed)
            if req.symbol.security_type == SecurityType.EQUITY:
                for ev in corporate_events(self.folder, req.symbol.value, first, last, market=req.symbol.market):
                    point = _aux_point(ev, req.symbol, algo)
                    if point is not None:
                        trade_feed = next((f for f in feeds if f.request is req and not f.is_quote), None)
                        if trade_feed is not None:
                            aux_feed = aux_feeds.get(id(trade_feed))
                            if aux_feed is None:
                                aux_feed = aux_feeds[id(trade_feed)] = dataclasses.replace(trade_feed, aux_kind=True)
                            aux.append(AuxPoint(ev.time, aux_feed, point))
        ff_res = fill_forward_resolution(algo._subscriptions)
        for feed in feeds:
            if feed.request.fill_forward and feed.request.resolution != Resolution.TICK:
                add_fill_forward(feed, ff_res, first, last, end_ns)
        bench_req, bench_first = self._benchmark_request(first)
        if bench_req is not None:
            sym = bench_req.symbol
            if self.folder.has_data(sym.security_type.name.lower(), sym.market, sym.value, "hour", "trade"):
                feed = load_feed(self.folder, bench_req, TickType.TRADE, bench_first, last, internal=True)
                feeds.append(feed)
            else:
                algo.debug(f"Benchmark {sym.value}: no hourly data in the data folder; the benchmark is 0.")
        for feed in feeds:
            keep = feed.emit <= end_ns
            if not keep.all():
                feed.emit, feed.row, feed.ff = feed.emit[keep], feed.row[keep], feed.ff[keep]
        return feeds, aux, start_ns

    def _schedule_internal_events(self, start_ns: int) -> None:
        algo = self.algorithm
        first = ns_to_local(start_ns, algo.time_zone).date() - timedelta(days=1)
        last = algo.end_date.date()
        eod = self._handlers.get("on_end_of_day")
        if eod is not None:
            from engine.algorithm.scheduling import _callback_arity

            if _callback_arity(eod) >= 1:
                for req in algo._subscriptions:
                    sym = req.symbol
                    hours = algo._hours_for(sym)
                    ext = req.extended_market_hours

                    def times(d: date, hours=hours, ext=ext) -> list[int]:
                        close = hours.market_close(d, ext)
                        if close is None:
                            return []
                        if hours.always_open:
                            return [local_to_ns(datetime(d.year, d.month, d.day), hours.time_zone)]
                        return [local_to_ns(close.replace(tzinfo=None) - timedelta(minutes=10), hours.time_zone)]

                    rule = DateRule("EveryDay", lambda s, e: _days(s, e))
                    algo.schedule.add_event(
                        f"{sym.value}: EndOfDay", event_times(rule, TimeRule("EOD", times), first, last),
                        lambda s=sym: self._call("on_end_of_day", eod, s), internal=True)
            else:
                def any_trading(d: date) -> bool:
                    return any(algo._hours_for(r.symbol).is_date_open(d) for r in algo._subscriptions)

                rule = DateRule("EveryDay", lambda s, e: (d for d in _days(s, e) if any_trading(d)))
                at = TimeRule("23:58", lambda d: [local_to_ns(datetime(d.year, d.month, d.day, 23, 58),
                                                              algo.time_zone)])
                algo.schedule.add_event("EndOfDay", event_times(rule, at, first, last),
                                        lambda: self._call("on_end_of_day", eod), internal=True)
        rule = DateRule("EveryDay", lambda s, e: _days(s, e))
        midnight = TimeRule("Midnight", lambda d: [local_to_ns(datetime(d.year, d.month, d.day), algo.time_zone)])
        algo.schedule.add_event("Daily Sampling", event_times(rule, midnight, algo.start_date.date(), last),
                                self._daily_sample, internal=True)

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
        feeds, aux, start_ns = self._build_feeds()
        state.feeds = feeds
        for feed in feeds:  # the benchmark starts a trading day early: its last close before the start
            if feed.internal and len(feed.emit):
                before = np.searchsorted(feed.emit, start_ns, side="left")
                if before > 0:
                    self._benchmark_price = float(feed.arrays.close[feed.row[before - 1]])
        for feed in {id(f): f for f in [*feeds, *(p.feed for p in aux)]}.values():
            feed.finalize()
        stream = SliceStream(feeds, aux, algo.time_zone, start_ns)
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
            self._loop(stream, clock, start_ns)
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

    def _loop(self, stream: SliceStream, clock: EventClock, start_ns: int) -> None:
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
        last_progress = 0.0
        n_slices = 0
        points = 0
        first_step = True
        stopped = False
        for chunk in stream.chunks():
            for t, local, utc, entries in zip(chunk.times, chunk.local, chunk.utc, chunk.entries, strict=True):
                # a backtest stops once the portfolio value is <= 0 (top of a step)
                if not first_step and (results.last_value if not algo.is_warming_up else tpv()) <= 0:
                    state.stop_reason = "Portfolio value is zero or negative: the backtest stopped."
                    algo.error(state.stop_reason)
                    stopped = True
                    break
                # S1 scheduled events strictly before t (algorithm time = event time, old prices)
                if clock.next_ns < t:
                    self._where = "scheduled event"
                    clock.run_until(t, False, set_event_time, guard_event)
                    if algo._quit:
                        stopped = True
                        break
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
                splits = dividends = ticks = None
                has_data = False
                for feed, obj, ff in entries:
                    kind = feed.kind
                    if kind == TRADE:
                        bars[feed.sym] = obj
                    elif kind == QUOTE:
                        quotes[feed.sym] = obj
                    elif kind == INTERNAL:
                        if not ff and feed.sym is bench_sym:
                            self._benchmark_price = obj.close
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
                # S14 securities changed
                if algo._pending_added:
                    added, algo._pending_added = algo._pending_added, []
                    if on_changes is not None:
                        self._where = "on_securities_changed"
                        on_changes(SecurityChanges(added, []))
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
                # S17-S18 user handlers
                if splits and on_splits is not None:
                    self._where = "on_splits"
                    on_splits(splits)
                if dividends and on_dividends is not None:
                    self._where = "on_dividends"
                    on_dividends(dividends)
                if has_data and on_data is not None:
                    self._where = "on_data"
                    on_data(Slice(local, bars, quotes, ticks, splits, dividends, True))
                # S19 orders placed during this step fill on this slice
                if process is not None and (pending is None or pending):
                    self._where = "order processing"
                    process()
                # S20 equity sampling
                if not algo.is_warming_up:
                    on_step(t, bars)
                first_step = False
                n_slices += 1
                state.last_ns = t
                if algo._quit:
                    stopped = True
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


class MissingData(Exception):
    """A subscription has no data files at all."""


def _days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _utc_from_ns(ns: int) -> datetime:
    return _UTC_EPOCH + timedelta(microseconds=ns // 1000)


def _aux_point(ev: Any, symbol: Symbol, algo: QCAlgorithm) -> Any:
    local = ns_to_local(ev.time, "America/New_York")
    if ev.kind == "split":
        return Split(symbol, local, ev.reference_price, ev.split_factor, Split.SPLIT_OCCURRED)
    if ev.kind == "split_warning":
        return Split(symbol, local, ev.reference_price, ev.split_factor, Split.WARNING)
    if ev.kind == "dividend":
        return Dividend(symbol, local, ev.distribution, ev.reference_price)
    return None


__all__ = ["BacktestCancelled", "BacktestRunner", "MissingData", "RunState", "UserCodeError",
           "NS_PER_DAY", "NS_PER_MINUTE", "utc_to_ns"]
