"""Backtest setup: the data range (warm-up included), the feeds of every subscription and the
benchmark, corporate events, and the engine's own scheduled events (end of day, daily sampling)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from engine.algorithm.clock import local_to_ns, ns_to_local
from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.scheduling import DateRule, TimeRule, _callback_arity, event_times
from engine.algorithm.subscriptions import SubscriptionRequest
from engine.data import MissingDataError, corporate_events, require_data
from engine.model import Dividend, Market, Resolution, SecurityType, Split, Symbol, TickType
from engine.runner.feeds import Feed, add_fill_forward, fill_forward_resolution, load_feed
from engine.runner.merge import AuxPoint

WINDOW_DAYS = {Resolution.TICK: 2, Resolution.SECOND: 10, Resolution.MINUTE: 92}


def _prepend_seed(feed: Feed, seed: Feed) -> None:
    """Put the seed feed's last real point in front of ``feed`` (fill-forward across windows)."""
    real = np.flatnonzero(~seed.ff)
    if len(real) == 0 or seed.arrays is None or len(seed.arrays) == 0:
        return
    r = int(seed.row[real[-1]])
    emit = int(seed.emit[real[-1]])
    a, b = seed.arrays, feed.arrays
    merged = {}
    for f in dataclasses.fields(b):
        x, y = getattr(a, f.name), getattr(b, f.name)
        merged[f.name] = np.concatenate([x[r : r + 1], y]) if isinstance(y, np.ndarray) else y
    feed.arrays = type(b)(**merged)
    feed.start_local = np.concatenate([seed.start_local[r : r + 1], feed.start_local])
    feed.emit = np.concatenate([[emit], feed.emit]).astype(np.int64)
    feed.row = np.concatenate([[0], feed.row + 1]).astype(np.int64)
    feed.ff = np.concatenate([[False], feed.ff])


class MissingData(Exception):
    """A subscription has no data files at all."""


class RunnerSetup:
    """Setup steps of ``BacktestRunner`` (attributes ``algorithm``, ``folder``, ``_handlers``...)."""

    algorithm: QCAlgorithm
    folder: Any
    _handlers: dict[str, Any]
    _benchmark_symbol: Symbol | None
    _benchmark_func: Any
    _conversion_requests: list[SubscriptionRequest] = []  # noqa: RUF012 - replaced, never mutated

    def _security_of(self, req: SubscriptionRequest) -> Any:
        if req.internal:
            for sec in self.algorithm.portfolio.cash_book.conversion_securities:
                if sec.symbol == req.symbol:
                    return sec
        return self.algorithm.securities[req.symbol]

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
        """Earliest start of an n-bar history over all securities (market-hours aware, at each
        subscription's resolution or the warm-up resolution), in algorithm time."""
        algo = self.algorithm
        earliest = algo.start_date
        step_seconds = {
            Resolution.HOUR: 3600,
            Resolution.MINUTE: 60,
            Resolution.SECOND: 1,
            Resolution.TICK: 1,
        }
        for req in algo._subscriptions:
            res = algo._warmup_resolution or req.resolution
            hours = algo._hours_for(req.symbol)
            ext = req.extended_market_hours
            d = algo.start_date.date()
            remaining = bars
            found: datetime | None = None
            for _ in range(20_000):
                d -= timedelta(days=1)
                if not hours.is_date_open(d, ext):
                    continue
                if res == Resolution.DAILY:
                    remaining -= 1
                    if remaining <= 0:
                        found = datetime(d.year, d.month, d.day)
                        break
                    continue
                step = step_seconds[res]
                for seg_start, seg_end in reversed(hours.segments(d, ext)):
                    a = seg_start.replace(tzinfo=None)
                    b = seg_end.replace(tzinfo=None)
                    midnight = datetime(d.year, d.month, d.day)
                    first_end = (int((a - midnight).total_seconds()) // step + 1) * step
                    last_end = -(-int((b - midnight).total_seconds()) // step) * step
                    count = max(0, (last_end - first_end) // step + 1)
                    if remaining <= count:
                        # just after the end of the bar before the n-th: exactly n bars remain
                        bar_start = midnight + timedelta(
                            seconds=last_end - remaining * step, microseconds=1
                        )
                        ns = local_to_ns(bar_start, hours.time_zone)
                        found = ns_to_local(ns, algo.time_zone)
                        break
                    remaining -= count
                if found is not None:
                    break
            if found is not None:
                earliest = min(earliest, found)
        return earliest

    def _benchmark_request(self, first: date) -> tuple[SubscriptionRequest | None, date]:
        algo = self.algorithm
        bench = algo._benchmark
        if callable(bench) and not isinstance(bench, Symbol):
            self._benchmark_func = bench
            return None, first
        if bench is None:
            getter = getattr(algo.brokerage_model, "get_benchmark", None)
            bench = (
                getter(algo.securities)
                if getter is not None
                else Symbol("SPY", SecurityType.EQUITY, Market.USA)
            )
            if callable(bench) and not isinstance(bench, Symbol):  # e.g. IB: constant zero
                self._benchmark_func = bench
                return None, first
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

    def _check_data(self) -> None:
        """Every subscription must have data files, some of them inside the backtest's dates
        (equity and crypto quote files are optional: prices and fills then come from trades)."""
        algo = self.algorithm
        for req in algo._subscriptions:
            sec_name = req.symbol.security_type.name.lower()
            resolution = req.resolution.name.lower()
            for tick_type in req.tick_types():
                kind = "quote" if tick_type == TickType.QUOTE else "trade"
                if tick_type == TickType.QUOTE and req.symbol.security_type in (
                    SecurityType.EQUITY,
                    SecurityType.CRYPTO,
                ):
                    continue
                try:
                    require_data(
                        self.folder.root,
                        sec_name,
                        req.symbol.market,
                        req.symbol.value,
                        resolution,
                        algo.start_date,
                        algo.end_date,
                        kind,
                    )
                except MissingDataError as exc:
                    raise MissingData(str(exc)) from exc

    def _feed_keys(self) -> list[tuple[SubscriptionRequest, TickType]]:
        keys = []
        for req in self.algorithm._subscriptions:
            sec_name = req.symbol.security_type.name.lower()
            for tick_type in req.tick_types():
                kind = "quote" if tick_type == TickType.QUOTE else "trade"
                if self.folder.has_data(
                    sec_name, req.symbol.market, req.symbol.value, req.resolution.name.lower(), kind
                ):
                    keys.append((req, tick_type))
        for req in self._conversion_requests:  # internal currency conversion feeds
            keys.append((req, req.tick_types()[0]))
        return keys

    def _windows_plan(
        self, first: date, last: date, daily: bool = False
    ) -> list[tuple[date, date]]:
        """Date windows loaded one at a time (memory stays bounded on long intraday backtests);
        one day each with universes (selection runs before each day's feeds are built)."""
        resolutions = [r.resolution for r in self.algorithm._subscriptions]
        days = min((WINDOW_DAYS.get(r, 0) or 10**6 for r in resolutions), default=10**6)
        if daily:
            days = 1
        out = []
        a = first
        while a <= last:
            b = min(last, a + timedelta(days=days - 1))
            out.append((a, b))
            a = b + timedelta(days=1)
        return out or [(first, last)]

    def _corporate_points(self, first: date, last: date) -> list[AuxPoint]:
        algo = self.algorithm
        aux: list[AuxPoint] = []
        for req in algo._subscriptions:
            if req.symbol.security_type != SecurityType.EQUITY:
                continue
            aux_feed = Feed(req, TickType.TRADE, None, algo._hours_for(req.symbol), aux_kind=True)
            aux_feed.security = algo.securities[req.symbol]
            aux_feed.finalize()
            for ev in corporate_events(
                self.folder, req.symbol.value, first, last, market=req.symbol.market
            ):
                point = _aux_point(ev, req.symbol, algo)
                if point is not None:
                    aux.append(AuxPoint(ev.time, aux_feed, point))
        return aux

    def _window_feed(
        self,
        req: SubscriptionRequest,
        tick_type: TickType,
        a: date,
        b: date,
        lower: int,
        upper: int,
        first_window: bool,
        last_window: bool,
        seed: Feed | None,
        ff_res: Resolution,
        end_ns: int,
    ) -> Feed:
        """One subscription's points with emission times in [lower, upper].

        Files are read by file date, a day more on each side when the data time zone differs from the
        algorithm's (forex/crypto UTC files). Fill-forward continues from ``seed`` (the previous
        window's feed). In the first window a strict-time daily bar whose ORIGINAL end (the next
        midnight) is not before the start is kept: LEAN's reader keeps it and the synchronizer emits it
        in the first slice, at the start time.
        """
        algo = self.algorithm
        hours = algo._hours_for(req.symbol)
        other_tz = hours.data_time_zone != algo.time_zone or hours.time_zone != algo.time_zone
        daily = req.resolution == Resolution.DAILY
        lo = a - timedelta(days=1) if (other_tz or daily) else a
        hi = b + timedelta(days=1) if other_tz else b
        feed = load_feed(self.folder, req, tick_type, lo, hi, internal=req.internal)
        feed.security = self._security_of(req)
        if first_window:
            keep = feed.emit >= lower
            if daily and not keep.all():
                early = ~keep & (feed.arrays.date >= np.datetime64(a - timedelta(days=1), "D"))
                if early.any():
                    feed.emit = np.where(early, lower, feed.emit)
                    keep |= early
            if not keep.all():
                feed.emit, feed.row, feed.ff = feed.emit[keep], feed.row[keep], feed.ff[keep]
        elif seed is not None:
            _prepend_seed(feed, seed)
        if req.fill_forward and req.resolution != Resolution.TICK:
            add_fill_forward(feed, ff_res, a, b, min(upper, end_ns))
            if daily and last_window and ff_res == Resolution.DAILY:
                self._end_of_subscription_point(feed, end_ns)
        keep = (feed.emit >= lower) & (feed.emit <= upper)
        if not keep.all():
            feed.emit, feed.row, feed.ff = feed.emit[keep], feed.row[keep], feed.ff[keep]
        return feed

    def _end_of_subscription_point(self, feed: Feed, end_ns: int) -> None:
        """LEAN's FillForwardEnumerator, once a daily feed (daily fill-forward resolution) runs out of
        data before the subscription end, fills forward to a potential bar spanning the end date when
        its market traded that day:
        one last fill-forward point at the end of the algorithm (what puts the last equity sample of
        a daily algorithm at the end date's midnight)."""
        if len(feed.emit) == 0 or feed.emit[-1] >= end_ns:
            return
        end_day = self.algorithm.end_date.date()
        if not feed.hours.is_date_open(end_day, feed.request.extended_market_hours):
            return
        feed.emit = np.append(feed.emit, end_ns)
        feed.row = np.append(feed.row, feed.row[-1])
        feed.ff = np.append(feed.ff, True)

    def _iter_windows(
        self, first: date, last: date, start_ns: int
    ) -> Iterator[tuple[list[Feed], list[AuxPoint]]]:
        """Feeds and corporate-event points of each date window, in time order."""
        algo = self.algorithm
        tz = algo.time_zone
        end_ns = local_to_ns(algo.end_date, tz)
        ff_res = fill_forward_resolution(algo._subscriptions)
        keys = self._feed_keys()
        aux_all = self._corporate_points(first, last)
        dynamic = None
        if algo._universe_manager or algo._custom_subscriptions:
            from engine.universe.runner import DynamicSources

            dynamic = DynamicSources(self, first, last)  # universes and custom data
        bench_req, bench_first = self._benchmark_request(first)
        if bench_req is not None:
            sym = bench_req.symbol
            if not self.folder.has_data(
                sym.security_type.name.lower(), sym.market, sym.value, "hour", "trade"
            ):
                algo.debug(
                    f"Benchmark {sym.value}: no hourly data in the data folder; the benchmark is 0."
                )
                bench_req = None
        plan = self._windows_plan(first, last, daily=dynamic is not None and dynamic.daily_windows)
        seeds: dict[tuple[int, TickType], Feed] = {}
        i = 0
        restart_ns: int | None = None
        while i < len(plan):
            a, b = plan[i]
            first_window, last_window = i == 0 and restart_ns is None, i == len(plan) - 1
            if restart_ns is not None and i == 0:
                lower = restart_ns + 1  # after a restart: from just after the step that added data
            elif first_window:
                lower = start_ns
            else:
                lower = local_to_ns(datetime(a.year, a.month, a.day), tz)
            upper = (
                end_ns
                if last_window
                else local_to_ns(datetime(b.year, b.month, b.day) + timedelta(days=1), tz) - 1
            )
            if (
                dynamic is not None
                and dynamic.daily_windows
                and not (restart_ns is not None and i == 0)
            ):
                before = {id(r) for r in algo._subscriptions}
                dynamic.before_window(a)  # universe selection: the day's members get feeds
                keys = self._feed_keys()
                ff_res = fill_forward_resolution(algo._subscriptions)
                added = [r for r in algo._subscriptions if id(r) not in before]
                if added:  # as add_equity: corporate events and end-of-day events of new members
                    aux_all = self._corporate_points(first, last)
                    if not first_window:  # (the first window's are scheduled with the others)
                        self._schedule_end_of_day(added, a, last, initial=False)
            feeds = []
            for req, tick_type in keys:
                key = (id(req), tick_type)
                feed = self._window_feed(
                    req,
                    tick_type,
                    a,
                    b,
                    lower,
                    upper,
                    first_window,
                    last_window,
                    seeds.get(key),
                    ff_res,
                    end_ns,
                )
                if len(feed.arrays):
                    seeds[key] = feed
                feeds.append(feed)
            if bench_req is not None:
                bench = load_feed(
                    self.folder,
                    bench_req,
                    TickType.TRADE,
                    bench_first if first_window else a,
                    b,
                    internal=True,
                )
                if first_window and len(bench.emit):
                    # the benchmark starts a trading day early: its last close before the start
                    before = int(np.searchsorted(bench.emit, lower, side="left"))
                    if before > 0:
                        self._benchmark_price = float(bench.arrays.close[bench.row[before - 1]])
                keep = (bench.emit >= lower) & (bench.emit <= upper)
                bench.emit, bench.row, bench.ff = bench.emit[keep], bench.row[keep], bench.ff[keep]
                feeds.append(bench)
            for feed in feeds:
                feed.finalize()
            aux = [p for p in aux_all if lower <= p.emit <= upper]
            if dynamic is not None and dynamic.custom:
                aux.extend(dynamic.points(lower, upper))  # custom data (PythonData) points
            restart = yield feeds, aux
            if restart is None:
                i += 1
                continue
            # securities were added during the run: rebuild the feeds from the step after ``restart``
            restart_ns = restart
            day = ns_to_local(restart_ns, tz).date()
            keys = self._feed_keys()
            ff_res = fill_forward_resolution(algo._subscriptions)
            aux_all = self._corporate_points(first, last)
            plan = self._windows_plan(
                day, last, daily=dynamic is not None and dynamic.daily_windows
            )
            i = 0

    def _schedule_end_of_day(self, requests: list, first: date, last: date, initial: bool) -> None:
        """LEAN's end-of-day events: per security (``on_end_of_day(symbol)``) 10 minutes before its last
        close, created when the security is added; the deprecated argument-less form at 23:58 on
        every day any security trades (created once)."""
        algo = self.algorithm
        eod = self._handlers.get("on_end_of_day")
        if eod is None:
            return
        if _callback_arity(eod) >= 1:
            done = self.__dict__.setdefault("_eod_scheduled", set())
            for req in requests:
                sym = req.symbol
                if (sym, req.extended_market_hours) in done or req.internal:
                    continue  # once per security (re-added universe members keep theirs)
                done.add((sym, req.extended_market_hours))
                hours = algo._hours_for(sym)
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
                algo.schedule.add_event(
                    f"{sym.value}: EndOfDay",
                    event_times(rule, TimeRule("EOD", times), first, last),
                    lambda s=sym: self._call("on_end_of_day", eod, s),
                    internal=True,
                )
        elif initial:

            def any_trading(d: date) -> bool:
                return any(algo._hours_for(r.symbol).is_date_open(d) for r in algo._subscriptions)

            rule = DateRule("EveryDay", lambda s, e: (d for d in _days(s, e) if any_trading(d)))
            at = TimeRule(
                "23:58",
                lambda d: [local_to_ns(datetime(d.year, d.month, d.day, 23, 58), algo.time_zone)],
            )
            algo.schedule.add_event(
                "EndOfDay",
                event_times(rule, at, first, last),
                lambda: self._call("on_end_of_day", eod),
                internal=True,
            )

    def _schedule_internal_events(self, start_ns: int) -> None:
        algo = self.algorithm
        first = ns_to_local(start_ns, algo.time_zone).date() - timedelta(days=1)
        last = algo.end_date.date()
        self._schedule_end_of_day(list(algo._subscriptions), first, last, initial=True)
        rule = DateRule("EveryDay", lambda s, e: _days(s, e))
        midnight = TimeRule(
            "Midnight", lambda d: [local_to_ns(datetime(d.year, d.month, d.day), algo.time_zone)]
        )
        algo.schedule.add_event(
            "Daily Sampling",
            event_times(rule, midnight, algo.start_date.date(), last),
            self._daily_sample,
            internal=True,
        )


def _days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def _aux_point(ev: Any, symbol: Symbol, algo: QCAlgorithm) -> Any:
    local = ns_to_local(ev.time, "America/New_York")
    if ev.kind == "split":
        return Split(symbol, local, ev.reference_price, ev.split_factor, Split.SPLIT_OCCURRED)
    if ev.kind == "split_warning":
        return Split(symbol, local, ev.reference_price, ev.split_factor, Split.WARNING)
    if ev.kind == "dividend":
        return Dividend(symbol, local, ev.distribution, ev.reference_price)
    return None
