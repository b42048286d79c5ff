"""The time loop shared by backtests and live runs: data source -> time slices -> algorithm, in
LEAN's step order (``Engine/AlgorithmManager.cs`` ``Run``).

``AlgorithmManager.run(source, clock, start_ns)`` is the one loop. A backtest gives it a
``FileDataSource`` and a ``SimulatedClock``; a live or replay run a ``LiveDataSource`` (time pulses
at wall-clock time when no data arrives) and a ``WallClock``; tests a ``SliceListSource``. The
per-slice body is one inlined loop over each chunk of slices (locals hoisted out of it): a method
call per step would cost more than the rest of an empty step.

Cancellation, progress and result snapshots are polled on wall-clock time (every
``POLL_SECONDS``), from the first step on.
"""

from __future__ import annotations

import gc
import logging
import time as _wall
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from engine.algorithm.runtime import AlgorithmRuntime
from engine.common.clock import NS_PER_HOUR, NS_PER_MINUTE, local_to_ns, utc_to_ns, zone
from engine.custom.data import update_custom_security
from engine.errors import RunCancelled, UserCodeError
from engine.model import Delisting, DelistingType, Dividend, Split, SymbolChangedEvent, Tick
from engine.model.security_identifier import OPTION_TYPES
from engine.model.slice import (
    DataDictionary,
    Delistings,
    Dividends,
    QuoteBars,
    SecurityChanges,
    Slice,
    Splits,
    SymbolChangedEvents,
    Ticks,
    TradeBars,
)
from engine.portfolio.margin_call import check_margin_calls
from engine.runner.clocks import SimulatedClock, WallClock
from engine.runner.events import RealTimeHandler, call_user
from engine.runner.feeds import AUX, INTERNAL, QUOTE, SELECTION, TICK, TRADE, Feed
from engine.runner.intraday_selection import run_step_selections
from engine.runner.option_splits import OptionSplitLiquidator
from engine.runner.result_handler import Benchmark, ResultHandler
from engine.runner.sources import DataSource

#: Wall-clock seconds between polls of cancellation, progress and snapshots.
logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2
#: Wall-clock seconds between two progress reports.
PROGRESS_MIN_SECONDS = 0.5


#: Allocations between two young-generation garbage collections while the loop runs (Python's
#: default is 700). The loop allocates bars, slices and events by the hundred thousand, nearly none
#: of them in reference cycles; at 700 the collector ran a thousand times over the SMA benchmark
#: and its full collections, which walk every live object, took about a seventh of the CPU time.
LOOP_GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect the young generation every ``LOOP_GC_THRESHOLD`` allocations (the other thresholds
    and the collector itself unchanged); the previous setting is restored afterwards.

    The objects made before the loop (modules, the algorithm and its setup) are frozen for its
    duration (``gc.freeze``), so the older generations' collections no longer traverse them
    again each time: on the SMA bench run those collections freed nothing and took 73 of the
    collector's 135 ms, 19 ms with the setup frozen. They are unfrozen after the loop, so
    whatever of them became garbage meanwhile is collected then."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], LOOP_GC_THRESHOLD), *previous[1:])
    frozen = gc.get_freeze_count() == 0  # (a process that froze objects itself keeps them so)
    if frozen:
        gc.freeze()
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        if frozen:
            gc.unfreeze()


@dataclass
class RunState:
    status: str = "Running"
    slices: int = 0
    data_points: int = 0
    last_ns: int | None = None
    stop_reason: str = ""
    where: str = "initialize"  # the step running now, for error messages
    feeds: list[Feed] = field(default_factory=list)


class AlgorithmManager:
    """Runs an initialized algorithm over a data source (LEAN's ``AlgorithmManager``).

    ``on_securities_added(requests, local_date, step_ns)`` is called when the algorithm added
    securities during a step (the real-time handler schedules their end-of-day events); the source is then
    restarted after that step.
    """

    def __init__(
        self,
        runtime: AlgorithmRuntime,
        handlers: dict[str, Any],
        results: ResultHandler,
        realtime: RealTimeHandler,
        benchmark: Benchmark,
        state: RunState,
        *,
        on_progress: Callable[[float], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
        on_securities_added: Callable[[list, Any, int], None] | None = None,
    ) -> None:
        self.runtime = runtime
        self.algorithm = runtime.algorithm
        self.handlers = handlers
        self.results = results
        self.realtime = realtime
        self.benchmark = benchmark
        self.state = state
        self.on_progress = on_progress
        self.should_cancel = should_cancel
        self.on_securities_added = on_securities_added
        self._clock: SimulatedClock | WallClock | None = None
        self._last_progress = 0.0

    def set_event_time(self, ns: int) -> datetime:
        """Move the algorithm clock and the securities' time keeper (scheduled events)."""
        return self.runtime.move_clock(ns)

    def finish_warmup(self) -> None:
        """LEAN's ``CheckWarmupFinished``: re-capture the starting value, ``on_warmup_finished``."""
        handler = self.handlers.get("on_warmup_finished")
        if self.runtime.warmup_start is not None:
            assert self.results.collector is not None
            self.results.collector.recapture_starting_value()
            self.algorithm.debug("Algorithm finished warming up.")
        if handler is not None:
            call_user("on_warmup_finished", handler)

    def _poll(self, now: float, ns: int) -> bool:
        """The wall-clock poll at slice time ``ns``: cancellation (True: stop), progress (at most
        every ``PROGRESS_MIN_SECONDS``) and the result handler's snapshots."""
        state = self.state
        if self.should_cancel is not None and self.should_cancel():
            state.status = "Cancelled"
            state.stop_reason = "Cancelled by the user."
            return True
        progress = self._clock.progress(ns)
        if self.on_progress is not None and now - self._last_progress >= PROGRESS_MIN_SECONDS:
            self._last_progress = now
            self.on_progress(progress)
        self.results.poll(now, progress)
        return False

    def run(self, source: DataSource, clock: SimulatedClock | WallClock, start_ns: int) -> RunState:
        """Start at ``start_ns`` (UTC ns), run every slice of ``source``, then end the algorithm."""
        algo = self.algorithm
        state = self.state
        self.runtime.set_time(start_ns)
        self.realtime.start(start_ns)
        if hasattr(source, "next_wake_ns"):  # a live source wakes up for the next event
            source.next_wake_ns = lambda: self.realtime.clock.next_ns
        algo.is_warming_up = self.runtime.warmup_start is not None
        self.results.start(start_ns)
        if not algo.is_warming_up:
            self.finish_warmup()
        try:
            with fewer_collections():
                self._loop(source, clock)
        except (RunCancelled, KeyboardInterrupt, MemoryError):
            raise
        except UserCodeError:
            self._sample_after_error()
            raise
        except Exception as exc:
            self._sample_after_error()
            raise UserCodeError(state.where, exc) from exc
        if state.status == "Cancelled":
            return state
        # the end of the algorithm (AlgorithmManager.Run after the loop)
        self.runtime.end_feeds()
        end_handler = self.handlers.get("on_end_of_algorithm")
        if end_handler is not None:
            state.where = "on_end_of_algorithm"
            call_user("on_end_of_algorithm", end_handler)
        if state.last_ns is not None and not algo.is_warming_up:
            self.results.final_sample(state.last_ns)
        state.status = "Completed"
        if self.on_progress is not None:
            self.on_progress(1.0)
        return state

    def _sample_after_error(self) -> None:
        """A runtime error ends the algorithm too: LEAN's BacktestingResultHandler.Exit() forces a
        last equity sample before the final result, so the statistics (End Equity, Net Profit)
        and the runtime statistics both describe the state at the error, not the last periodic
        sample before it."""
        if self.state.last_ns is None or self.algorithm.is_warming_up:
            return
        # the step that raised has not set last_ns yet: sample at the algorithm's time, whose
        # prices the portfolio (and so the runtime statistics) already values
        now_ns = max(self.state.last_ns, utc_to_ns(self.algorithm.utc_time))
        try:
            self.results.final_sample(now_ns)
        except Exception:  # the error being raised is what the user must see
            logger.exception("The final sample after a runtime error failed")

    def _loop(self, chunks: DataSource, run_clock: SimulatedClock | WallClock) -> None:
        """Steps S1-S20 for every slice. Exceptions escaping here are reported with ``state.where``.

        A slice without entries is a time pulse: scheduled events before it, the consolidators'
        past periods and the clock (S1-S3), nothing else (LEAN's ``TimeSlice.IsTimePulse``).
        """
        algo = self.algorithm
        state = self.state
        rt = self.runtime
        results = self.results.collector
        assert results is not None
        clock = self.realtime.clock
        benchmark = self.benchmark
        start_algo_ns = local_to_ns(algo.start_date, algo.time_zone)
        warmup_done_called = not algo.is_warming_up
        handlers = self.handlers
        on_data = handlers.get("on_data")
        on_splits = handlers.get("on_splits")
        on_dividends = handlers.get("on_dividends")
        on_delistings = handlers.get("on_delistings")
        on_symbol_changed = handlers.get("on_symbol_changed_events")
        liquidate_delisted = getattr(algo.transactions, "liquidate_delisted", None)
        on_changes = handlers.get("on_securities_changed")
        fw_data, fw_changes = rt.framework_hooks()
        process = getattr(algo.transactions, "process_synchronous_events", None)
        process_assignments = getattr(algo.transactions, "process_assignments", None)
        set_securities_time = getattr(algo.securities, "set_time", None)
        local_zone = algo.time_zone if isinstance(algo.time_zone, tzinfo) else zone(algo.time_zone)
        portfolio = algo.portfolio
        apply_split = getattr(portfolio, "apply_split", None)
        apply_dividend = getattr(portfolio, "apply_dividend", None)
        bench_sym = benchmark.symbol
        set_market_price = results.set_market_price
        trade_positions = results.trades.positions
        on_step = results.on_step
        tpv = results.total_portfolio_value
        guard_event = self.realtime.fire
        set_event_time = self.set_event_time
        set_step_time = rt.set_step_time
        set_local_time = rt.set_local_time
        scan_settlement = getattr(portfolio, "scan_settlement", None)
        apply_margin_interest = getattr(portfolio, "apply_margin_interest", None)
        margin_interest_due = False
        # the transaction manager's open-order queue: scans are skipped while it is empty (its scan
        # would only refresh conversion rates, done at S7 below)
        pending = getattr(algo.transactions, "pending_orders", None)
        cash_book = getattr(portfolio, "cash_book", None) if pending is not None else None
        securities = algo.securities
        next_hour_ns = 0
        next_assignment_ns = 0
        next_margin_ns = 0
        subscriptions = rt.subscriptions
        pending_added = rt.pending_added
        pending_removed = rt.pending_removed
        data_filters = rt.data_filters
        registry = rt.consolidator_registry()
        chain_source = rt.option_chain_source()
        split_liquidator = OptionSplitLiquidator(algo, subscriptions)
        split_warnings = split_liquidator.warnings
        consolidated = registry.by_symbol
        monotonic = _wall.monotonic
        next_poll = 0.0  # the first step polls
        self._clock = run_clock
        self._last_progress = 0.0
        poll = self._poll
        n_slices = 0
        points = 0
        first_step = True
        stopped = False
        known_subscriptions = len(subscriptions)
        known_ids = {id(r) for r in subscriptions}
        last_subscription = subscriptions[-1] if subscriptions else None
        for chunk in chunks:
            universes = rt.universe_manager  # (added universes come with new data: a restart)
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
                        state.where = "scheduled event"
                        clock.run_until(start_algo_ns, False, set_event_time, guard_event)
                    set_event_time(start_algo_ns)
                    algo.is_warming_up = False
                # S1 scheduled events strictly before t (algorithm time = event time, old prices)
                if clock.next_ns < t:
                    state.where = "scheduled event"
                    clock.run_until(t, False, set_event_time, guard_event)
                    if rt.quit_requested:
                        stopped = True
                        break
                # S2 time-based consolidators whose period ended before t
                if consolidated:
                    state.where = "consolidators"
                    registry.scan_past(t)
                # S3 time
                set_step_time(t, local, utc)
                if set_securities_time is not None:
                    set_securities_time(utc, local, local_zone)
                if algo.is_warming_up and t >= start_algo_ns:
                    algo.is_warming_up = False
                if data_filters:  # security.set_data_filter: LEAN's SubscriptionFilterEnumerator
                    entries = filter_entries(entries, data_filters)
                if not entries:  # a time pulse ends here
                    state.last_ns = t
                    now = monotonic()
                    if now >= next_poll:
                        next_poll = now + POLL_SECONDS
                        if poll(now, t):
                            stopped = True
                            break
                    continue
                if t >= next_hour_ns:  # S6 first step at/after each clock hour: settlement
                    next_hour_ns = (t // NS_PER_HOUR + 1) * NS_PER_HOUR
                    margin_interest_due = apply_margin_interest is not None
                    if scan_settlement is not None and portfolio.needs_settlement_scan:
                        scan_settlement(algo.utc_time)
                        results.invalidate()
                # S4-S5 slice contents and security caches
                # subscriptions before an intraday selection of this step; the selection runs
                # first and the data of the subscriptions it ends leaves the step
                selected_from = None
                first_kind = entries[0][0].kind  # selection markers sort first, as aux points
                if first_kind == AUX or first_kind == SELECTION:
                    state.where = "universe selection"
                    entries, selected_from = run_step_selections(
                        entries, subscriptions, local.replace(tzinfo=None)
                    )
                bars = TradeBars()
                quotes = QuoteBars()
                splits = dividends = ticks = custom = delistings = renames = None
                hidden_delistings: list[Any] | None = None
                has_custom = False
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
                                benchmark.price = obj.close
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
                    elif kind == SELECTION:  # a universe selection's step (run above): no data
                        continue
                    else:  # AUX
                        if not feed.internal:  # (an internal feed's event makes no slice)
                            has_data = True
                        if isinstance(obj, Split):
                            if splits is None:
                                splits = Splits()
                            splits[feed.sym] = obj
                        elif isinstance(obj, Dividend):
                            if dividends is None:
                                dividends = Dividends()
                            dividends[feed.sym] = obj
                        elif isinstance(obj, Delisting):
                            if delistings is None:
                                delistings = Delistings()
                            if not obj.value:  # LEAN: the last price the subscription saw
                                obj.value = feed.security.price
                            if feed.internal:
                                # an internal feed's delisting (a continuous future's mapped
                                # contract): its position is closed, the slice does not show it
                                if hidden_delistings is None:
                                    hidden_delistings = []
                                hidden_delistings.append(obj)
                                if obj.type == DelistingType.DELISTED:
                                    rt.delist(feed.security)
                                continue
                            delistings[feed.sym] = obj
                            if obj.type == DelistingType.DELISTED:
                                rt.delist(feed.security)
                        elif isinstance(obj, SymbolChangedEvent):
                            if renames is None:
                                renames = SymbolChangedEvents()
                            renames[feed.sym] = obj
                        elif isinstance(obj, Tick):
                            if feed.internal:
                                # an internal open-interest feed (a future contract's): the
                                # security's open interest, no slice (its step still samples)
                                feed.security.update(obj)
                                continue
                            # open interest (LEAN's OpenInterest tick): in the slice's ticks
                            if ticks is None:
                                ticks = Ticks()
                            sym_ticks = ticks.get(feed.sym)
                            if sym_ticks is None:
                                ticks[feed.sym] = sym_ticks = []
                            sym_ticks.append(obj)
                            feed.security.update(obj)
                        else:  # custom data (PythonData): slice and security price
                            if custom is None:
                                custom = DataDictionary()
                            custom[feed.sym] = obj
                            update_custom_security(feed.security, obj)
                            has_custom = True
                        continue
                    has_data = True
                    if not ff:
                        security = feed.security
                        security.update(obj)
                        if trade_positions:
                            set_market_price(security)
                    elif feed.security.session.is_tracking:  # a filled-forward bar counts too
                        feed.security.session.update(obj)
                points += len(entries)
                # margin interest, hourly, on the prices just updated (LEAN's security model scan)
                if margin_interest_due:
                    margin_interest_due = False
                    if apply_margin_interest(algo.utc_time):
                        results.invalidate()
                # S8 warm-up finished
                if not warmup_done_called and not algo.is_warming_up:
                    warmup_done_called = True
                    self.finish_warmup()
                # S7 conversion rates (only with other currencies in the cash book)
                if cash_book is not None and len(cash_book) > 1:
                    cash_book.update_conversion_rates(securities)
                # S9 renames: the handler, then the old symbol's open orders are cancelled
                if renames:
                    if on_symbol_changed is not None:
                        state.where = "on_symbol_changed_events"
                        on_symbol_changed(renames)
                    # keys(): iterating the collection itself yields KeyValuePairs (LEAN's
                    # DataDictionary from Python), which match no order's symbol
                    for symbol in renames.keys():
                        algo.transactions.cancel_open_orders(
                            symbol, "Open order cancelled on symbol changed event"
                        )
                # LEAN's backtesting brokerage looks for early option assignments (hourly)
                if process_assignments is not None and t >= next_assignment_ns:
                    next_assignment_ns = (t // NS_PER_HOUR + 1) * NS_PER_HOUR
                    state.where = "order processing"
                    process_assignments()
                # S10 pending orders against the new data
                if process is not None and (pending is None or pending):
                    state.where = "order processing"
                    process()
                # the backtesting brokerage closes positions of delisted securities (LEAN's
                # BacktestingBrokerage.ProcessDelistings, once a slice)
                if (delistings or hidden_delistings) and liquidate_delisted is not None:
                    state.where = "order processing"
                    # the delistings' values come in symbol order (a DataDictionary, as LEAN's
                    # Delistings); ProcessDelistings (Brokerages/Backtesting/BacktestingBrokerage.cs)
                    # reorders them options first, keeping that order otherwise: two contracts
                    # expiring together are exercised call before put, whatever order the
                    # algorithm added them in
                    shown = sorted(
                        (delistings or {}).values(),
                        key=lambda d: d.symbol.security_type not in OPTION_TYPES,
                    )
                    for d in [*shown, *(hidden_delistings or ())]:
                        if d.type == DelistingType.DELISTED:
                            d.set_order_ticket(liquidate_delisted(d.symbol))
                # S11 scheduled events at t
                if clock.next_ns <= t:
                    state.where = "scheduled event"
                    clock.run_until(t, True, set_event_time, guard_event)
                    set_local_time(local)
                # option contracts held into their underlying's split are closed at its close
                if split_warnings:
                    state.where = "order processing"
                    split_liquidator.process()
                # S13 margin calls: first step, then every 5 minutes of algorithm time
                if t >= next_margin_ns:
                    next_margin_ns = t + 5 * NS_PER_MINUTE
                    # a portfolio of cash only (known from the TPV cache) cannot be margin called
                    if not algo.is_warming_up and not results.holds_only_cash:
                        state.where = "margin call"
                        check_margin_calls(algo)
                # S14 securities changed
                if (
                    pending_added
                    or pending_removed
                    or (universes is not None and universes.pending_removed)
                ):
                    added, removed = rt.take_security_changes()
                    if removed:
                        self.realtime.remove_end_of_day(removed)
                    changes = SecurityChanges(added, removed)
                    if on_changes is not None:
                        state.where = "on_securities_changed"
                        on_changes(changes)
                    if fw_changes is not None:  # framework models after the user's handler
                        state.where = "on_securities_changed"
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
                if consolidated:
                    state.where = "consolidators"
                    for feed, obj, _ff in entries:
                        kind = feed.kind
                        if kind == TRADE or kind == QUOTE or (kind == TICK and not obj.suspicious):
                            registry.update(obj)
                    if (
                        has_custom
                    ):  # custom data feeds its consolidators too (LEAN's SubscriptionManager)
                        for obj in custom.values():
                            if not getattr(obj, "is_auxiliary", False):
                                registry.update(obj)
                    registry.scan(t)
                # S17-S18 user handlers
                if splits and on_splits is not None:
                    state.where = "on_splits"
                    on_splits(splits)
                if dividends and on_dividends is not None:
                    state.where = "on_dividends"
                    on_dividends(dividends)
                if delistings and on_delistings is not None:
                    state.where = "on_delistings"
                    on_delistings(delistings)
                if splits or delistings:  # after the handlers, as LEAN's HandleSplitSymbols
                    split_liquidator.track(splits, delistings)
                if has_data and on_data is not None:
                    state.where = "on_data"
                    on_data(
                        Slice(
                            local,
                            bars,
                            quotes,
                            ticks,
                            splits,
                            dividends,
                            True,
                            custom=custom,
                            delistings=delistings,
                            symbol_changed_events=renames,
                            chain_source=chain_source,
                        )
                    )
                if fw_data is not None:  # LEAN OnFrameworkData: after on_data, every step
                    state.where = "on_data"
                    fw_data(
                        Slice(
                            local,
                            bars,
                            quotes,
                            ticks,
                            splits,
                            dividends,
                            True,
                            custom=custom,
                            delistings=delistings,
                            symbol_changed_events=renames,
                            chain_source=chain_source,
                        ),
                        has_data,
                    )
                # S19 orders placed during this step fill on this slice
                if process is not None and (pending is None or pending):
                    state.where = "order processing"
                    process()
                # S20 equity sampling
                if not algo.is_warming_up:
                    on_step(t, bars, False, quotes, custom)
                first_step = False
                n_slices += 1
                state.last_ns = t
                if rt.quit_requested:
                    stopped = True
                    break
                if selected_from is not None and (
                    len(subscriptions) != len(selected_from)
                    or any(id(r) not in selected_from for r in subscriptions)
                ):
                    # an intraday selection changed the subscriptions: feeds from the next step
                    added_requests = [r for r in subscriptions if id(r) not in selected_from]
                    known_subscriptions = len(subscriptions)
                    known_ids = {id(r) for r in subscriptions}
                    last_subscription = subscriptions[-1] if subscriptions else None
                    if added_requests and self.on_securities_added is not None:
                        self.on_securities_added(added_requests, local.date(), t)
                    chunks.restart(t)
                    break
                if len(subscriptions) != known_subscriptions or (
                    subscriptions and subscriptions[-1] is not last_subscription
                ):
                    # securities added (or removed, or both in one step) during the run: their
                    # data starts (ends) with the next step
                    added_requests = [r for r in subscriptions if id(r) not in known_ids]
                    known_subscriptions = len(subscriptions)
                    known_ids = {id(r) for r in subscriptions}
                    last_subscription = subscriptions[-1] if subscriptions else None
                    if self.on_securities_added is not None:
                        self.on_securities_added(added_requests, local.date(), t)
                    chunks.restart(t)
                    break
                now = monotonic()
                if now >= next_poll:  # wall-clock polls: cancellation, progress, snapshots
                    next_poll = now + POLL_SECONDS
                    if poll(now, t):
                        stopped = True
                        break
            if stopped:
                break
        state.slices = n_slices
        state.data_points = points


__all__ = ["POLL_SECONDS", "AlgorithmManager", "RunState"]


def filter_entries(entries: list, data_filters: dict) -> list:
    """The slice entries whose security's data filter accepts them (internal feeds always pass)."""
    kept = []
    for entry in entries:
        feed, obj = entry[0], entry[1]
        data_filter = data_filters.get(feed.sym)
        if data_filter is None or feed.kind == INTERNAL:
            kept.append(entry)
            continue
        method = getattr(data_filter, "filter", None) or data_filter.Filter
        if method(feed.security, obj):
            kept.append(entry)
    return kept
