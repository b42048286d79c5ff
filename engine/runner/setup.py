"""Backtest setup: the data range (warm-up included), the feeds of every subscription and the
benchmark, corporate events, and the engine's own scheduled events (end of day, daily sampling)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from engine.algorithm.clock import local_to_ns, ns_to_local
from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.scheduling import DateRule, TimeRule, _callback_arity, event_times
from engine.algorithm.subscriptions import SubscriptionRequest
from engine.data import corporate_events
from engine.model import Dividend, Market, Resolution, SecurityType, Split, Symbol, TickType
from engine.runner.feeds import Feed, add_fill_forward, fill_forward_resolution, load_feed
from engine.runner.merge import AuxPoint


class MissingData(Exception):
    """A subscription has no data files at all."""


class RunnerSetup:
    """Setup steps of ``BacktestRunner`` (attributes ``algorithm``, ``folder``, ``_handlers``...)."""

    algorithm: QCAlgorithm
    folder: Any
    _handlers: dict[str, Any]
    _benchmark_symbol: Symbol | None
    _benchmark_func: Any

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

    def _load_trimmed(self, req: SubscriptionRequest, tick_type: TickType, first: date, last: date,
                      start_ns: int) -> Feed:
        """A feed holding what LEAN's subscription would emit from ``start_ns`` on.

        Files are read by file date: a day more on each side when the data time zone differs from the
        algorithm's (forex/crypto UTC files). Points ending before the start are dropped, except a
        strict-time daily bar whose ORIGINAL end (the next midnight) is not before the start: LEAN's
        reader keeps it and the synchronizer emits it in the first slice, at the start time.
        """
        algo = self.algorithm
        hours = algo._hours_for(req.symbol)
        other_tz = hours.data_time_zone != algo.time_zone or hours.time_zone != algo.time_zone
        daily = req.resolution == Resolution.DAILY
        lo = first - timedelta(days=1) if (other_tz or daily) else first
        hi = last + timedelta(days=1) if other_tz else last
        feed = load_feed(self.folder, req, tick_type, lo, hi)
        if len(feed.emit) == 0:
            return feed
        keep = feed.emit >= start_ns
        if daily and not keep.all():
            early = ~keep & (feed.arrays.date >= np.datetime64(first - timedelta(days=1), "D"))
            if early.any():
                feed.emit = np.where(early, start_ns, feed.emit)
                keep |= early
        if not keep.all():
            feed.emit, feed.row, feed.ff = feed.emit[keep], feed.row[keep], feed.ff[keep]
        return feed

    def _end_of_subscription_point(self, feed: Feed, end_ns: int) -> None:
        """LEAN's FillForwardEnumerator, once a daily feed runs out of data before the subscription
        end, fills forward to a potential bar spanning the end date when its market traded that day:
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
                feed = self._load_trimmed(req, tick_type, first, last, start_ns)
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
                if feed.request.resolution == Resolution.DAILY:
                    self._end_of_subscription_point(feed, end_ns)
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
