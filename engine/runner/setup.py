"""What a run needs from a LEAN data folder: the data check, the data range (warm-up included), the
currency-conversion feeds, the benchmark's feed, corporate events, and the feeds of every
subscription, built one date window at a time (LEAN's ``BacktestingSetupHandler`` and the file
part of ``FileSystemDataFeed``). ``FileSetup.iter_windows`` is what ``FileDataSource`` reads."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.runtime import AlgorithmRuntime
from engine.common.clock import local_to_ns, ns_to_local
from engine.data import MissingDataError, corporate_events, read_map_file, require_data
from engine.data.absent_data import mark_securities
from engine.data.continuous_futures import roll_dates
from engine.data.events import event_data
from engine.data.future_expiry import contract_code_of, data_ticker_of
from engine.data.symbol_properties import symbol_properties
from engine.errors import MissingData
from engine.model import (
    Delisting,
    DelistingType,
    Market,
    Resolution,
    SecurityType,
    Symbol,
    SymbolChangedEvent,
    TickType,
)
from engine.model.subscriptions import SubscriptionRequest
from engine.runner.conversion import ensure_currency_feeds, seed_conversion_rates
from engine.runner.events import RealTimeHandler
from engine.runner.feeds import (
    OPTION_TYPES,
    Feed,
    add_fill_forward,
    carries_quote_sides,
    copy_missing_quote_sides,
    fill_forward_resolution,
    load_feed,
)
from engine.runner.merge import AuxPoint
from engine.runner.result_handler import Benchmark
from engine.runner.session_sources import drop_outside_session, last_read_before

WINDOW_DAYS = {Resolution.TICK: 2, Resolution.SECOND: 10, Resolution.MINUTE: 92}


def _keep_points(feed: Feed, keep: np.ndarray) -> None:
    """Keep the feed's emission points where ``keep`` holds (its parallel arrays with them)."""
    feed.emit, feed.row, feed.ff = feed.emit[keep], feed.row[keep], feed.ff[keep]
    if feed.outside is not None:
        feed.outside = feed.outside[keep]


def _prepend_seed(feed: Feed, seed: Feed, lower: int) -> None:
    """Put the seed feed's last real point in front of ``feed`` (fill-forward across windows)."""
    real = np.flatnonzero(~seed.ff)
    if seed.arrays is None or len(seed.arrays) == 0:
        return
    read = last_read_before(seed, lower)
    if read is not None:
        # the seed's last bar before the window, delivered or outside its session
        _put_in_front(feed, seed, *read)
        return
    emit: int | None = None
    if len(real) == 0:
        # a window without a real point (a day without a file) keeps filling forward the last
        # real bar: LEAN's FillForwardEnumerator runs over the whole subscription, so a gap of
        # any number of sessions is filled; the last fill-forward point names that row. After a
        # restart that point may lie in the window being rebuilt: it is only the fill-forward
        # base then, never delivered again as new data
        if len(seed.emit) == 0:
            return
        real = np.array([len(seed.emit) - 1])
        emit = min(int(seed.emit[real[-1]]), lower - 1)
    r = int(seed.row[real[-1]])
    if emit is None:
        emit = int(seed.emit[real[-1]])
    _put_in_front(feed, seed, r, emit)


def _put_in_front(feed: Feed, seed: Feed, r: int, emit: int) -> None:
    """Row ``r`` of the seed's arrays as the feed's first point, emitted at ``emit``."""
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
    if feed.outside is not None:
        feed.outside = np.concatenate([[False], feed.outside])


class FileSetup:
    """The data-folder side of a run: the algorithm (through its runtime interface), the folder, the
    run's benchmark, its real-time handler (end-of-day events of universe members) and its state
    (``state.where`` names the step for error messages)."""

    def __init__(
        self,
        algorithm: QCAlgorithm,
        runtime: AlgorithmRuntime,
        folder: Any,
        *,
        benchmark: Benchmark,
        realtime: RealTimeHandler,
        state: Any,
    ) -> None:
        self.algorithm = algorithm
        self.runtime = runtime
        self.folder = folder
        self.benchmark = benchmark
        self.realtime = realtime
        self.state = state
        self.conversion_requests: list[SubscriptionRequest] = []
        # first date of the subscriptions universe selection added during the run (by id)
        self.subscription_start: dict[int, date] = {}

    def prepare(self, *, missing_data_stops: bool = False) -> tuple[date, date, int]:
        """Currency feeds, the data check and the data range: (first date, last date, start ns)."""
        self.resolve_benchmark()
        self.conversion_requests = ensure_currency_feeds(self.algorithm, self.folder)
        seed_conversion_rates(self.algorithm)
        self.check_data(missing_data_stops=missing_data_stops)
        return self.data_range()

    def set_time(self, ns: int) -> datetime:
        """Move the algorithm clock and the securities' time keeper (universe selection)."""
        return self.runtime.move_clock(ns)

    def delisted_after_ns(self, req: SubscriptionRequest) -> int | None:
        """UTC ns of the midnight that ends an equity's delisting date, a future contract's or
        future option's expiry date, or an option contract's delisting date (None while listed):
        LEAN's FillForwardEnumerator emits nothing that ends after the delisting's time, and
        UniverseSelection.HandleDelisting removes the delisted contract's subscriptions (no
        fill-forward bars until the end)."""
        sym = req.symbol
        expires = sym.security_type == SecurityType.FUTURE_OPTION or (
            sym.security_type == SecurityType.FUTURE and contract_code_of(sym) is not None
        )
        if expires:
            after = datetime.combine(sym.id.date.date(), datetime.min.time()) + timedelta(days=1)
            return local_to_ns(after, self.runtime.hours_for(sym).time_zone)
        if sym.security_type in OPTION_TYPES and not req.internal and not sym.is_canonical():
            return self.option_delisted_after_ns(sym)
        if sym.security_type != SecurityType.EQUITY or req.internal:
            return None
        mapping = read_map_file(self.folder, sym.market, sym.data_ticker)
        if not mapping.is_delisted:
            return None
        after = datetime.combine(mapping.delisting_date, datetime.min.time()) + timedelta(days=1)
        return local_to_ns(after, self.runtime.hours_for(sym).time_zone)

    def option_delisted_after_ns(self, symbol: Symbol) -> int:
        """UTC ns of the midnight ending an option contract's delisting date (LEAN's
        GetDelistingDate: an equity option's last trading day, else its expiry): LEAN's
        SubscriptionDataReader reads no date after it, so a contract's feed ends there."""
        from engine.data.option_files import contract_key, find_last_trading_day
        from engine.universe.option_filter import is_standard_expiry

        key = contract_key(symbol)
        hours = self.runtime.hours_for(symbol)
        last = key.expiry
        if symbol.security_type == SecurityType.OPTION:
            last = find_last_trading_day(key.expiry, hours, is_standard_expiry(key.expiry))
        after = datetime.combine(last, datetime.min.time()) + timedelta(days=1)
        return local_to_ns(after, hours.time_zone)

    def security_of(self, req: SubscriptionRequest) -> Any:
        if req.internal:
            for sec in self.algorithm.portfolio.cash_book.conversion_securities:
                if sec.symbol == req.symbol:
                    return sec
        # (the internal feeds of a continuous future's mapped contracts are the algorithm's)
        return self.algorithm.securities[req.symbol]

    def data_range(self) -> tuple[date, date, int]:
        """(first file date, last file date, first allowed emission ns)."""
        algo = self.algorithm
        rt = self.runtime
        start = algo.start_date
        if rt.warmup_period is not None:
            start = start - rt.warmup_period
        elif rt.warmup_bars:
            start = self.warmup_start_for_bars(rt.warmup_bars)
        rt.warmup_start = start if start < algo.start_date else None
        start_ns = local_to_ns(start, algo.time_zone)
        return start.date(), algo.end_date.date(), start_ns

    def warmup_start_for_bars(self, bars: int) -> datetime:
        """Earliest start of an n-bar history over all securities (market-hours aware, at each
        subscription's resolution or the warm-up resolution), in algorithm time."""
        algo = self.algorithm
        rt = self.runtime
        earliest = algo.start_date
        step_seconds = {
            Resolution.HOUR: 3600,
            Resolution.MINUTE: 60,
            Resolution.SECOND: 1,
            Resolution.TICK: 1,
        }
        for req in rt.subscriptions:
            res = rt.warmup_resolution or req.resolution
            hours = rt.hours_for(req.symbol)
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

    def resolve_benchmark(self) -> None:
        """The benchmark symbol or function (the algorithm's, else its brokerage model's).

        A symbol's quote currency joins the cash book as LEAN's ``CreateBenchmarkSecurity`` adds
        it (QCAlgorithm.PostInitialize, before the setup resolves the currency conversions), so
        it gets a conversion rate like any other currency: the benchmark's value is in the
        account currency."""
        algo = self.algorithm
        bench = self.runtime.benchmark
        if callable(bench) and not isinstance(bench, Symbol):
            self.benchmark.func = bench
            return
        if bench is None:
            getter = getattr(algo.brokerage_model, "get_benchmark", None)
            bench = (
                getter(algo.securities)
                if getter is not None
                else Symbol("SPY", SecurityType.EQUITY, Market.USA)
            )
            if callable(bench) and not isinstance(bench, Symbol):  # e.g. IB: constant zero
                self.benchmark.func = bench
                return
        if not isinstance(bench, Symbol):
            bench = Symbol(str(bench), SecurityType.EQUITY, Market.USA)
        self.benchmark.symbol = bench
        cash_book = getattr(algo.portfolio, "cash_book", None)
        if cash_book is not None:
            props = symbol_properties(
                self.folder, bench.market, bench.security_type.folder_name, bench.value
            )
            quote = (props.quote_currency or "USD").upper()
            self.benchmark.quote_cash = cash_book.ensure(quote)

    def benchmark_request(self, first: date) -> tuple[SubscriptionRequest | None, date]:
        """The benchmark symbol's internal feed (:meth:`prepare` resolved the symbol)."""
        bench = self.benchmark.symbol
        if bench is None:
            return None, first
        rt = self.runtime
        request = SubscriptionRequest(bench, Resolution.HOUR, fill_forward=False, internal=True)
        hours = rt.hours_for(bench)
        try:
            begin = hours.previous_trading_day(first)
        except ValueError:
            begin = first
        return request, begin

    def check_data(self, *, missing_data_stops: bool = False) -> None:
        """Warn, naming the file expected, for each subscription without data files inside the
        backtest's dates (equity and crypto quote files are optional: prices and fills then come
        from trades; quote ticks are named day by day beside the trade ticks, ``feed_keys``).
        The run goes on without that data as LEAN's does: its DefaultDataProvider finds no file,
        the subscription emits nothing and Common/Data/DataMonitor.cs records the failed request, so the figures LEAN publishes for such runs come from a data-less feed.
        ``missing_data_stops`` (a paper-trading replay, whose live feed is the data folder) makes
        a missing file a ``MissingData`` stop unless a selecting universe supplies the members."""
        algo = self.algorithm
        rt = self.runtime
        stops = missing_data_stops and not rt.universe_manager
        for req in rt.subscriptions:
            if req.symbol.security_type in OPTION_TYPES:
                # an option contract's bars are entries of the underlying's shared zips; a
                # contract that did not trade has none (its feed is empty)
                continue
            sec_name = req.symbol.security_type.folder_name
            resolution = req.resolution.name.lower()
            for tick_type in req.tick_types():
                kind = "quote" if tick_type == TickType.QUOTE else "trade"
                optional = tick_type == TickType.QUOTE and req.symbol.security_type in (
                    SecurityType.EQUITY,
                    SecurityType.CRYPTO,
                )
                if optional:
                    continue
                if tick_type == TickType.QUOTE and req.resolution == Resolution.TICK and not stops:
                    # quote ticks are named day by day beside the trade ticks (feed_keys)
                    continue
                try:
                    require_data(
                        self.folder.root,
                        sec_name,
                        req.symbol.market,
                        data_ticker_of(req.symbol),
                        resolution,
                        algo.start_date,
                        algo.end_date,
                        kind,
                    )
                except MissingDataError as exc:
                    if stops:
                        raise MissingData(str(exc)) from exc
                    else:
                        algo.debug(f"Warning: {exc} The backtest runs on without this data.")

    def feed_keys(self) -> list[tuple[SubscriptionRequest, TickType]]:
        keys = []
        for req in self.runtime.subscriptions:
            sec_name = req.symbol.security_type.folder_name
            for tick_type in req.tick_types():
                kind = "quote" if tick_type == TickType.QUOTE else "trade"
                if req.symbol.security_type in OPTION_TYPES:
                    if _has_option_data(self.folder, req, kind):
                        keys.append((req, tick_type))
                    if kind == "quote":
                        self.note_absent_option_quotes(req)
                    continue
                if tick_type == TickType.QUOTE and req.resolution == Resolution.TICK:
                    self.note_absent_tick_quotes(req)
                if self.folder.has_data(
                    sec_name,
                    req.symbol.market,
                    data_ticker_of(req.symbol),
                    req.resolution.name.lower(),
                    kind,
                ):
                    keys.append((req, tick_type))
        for req in self.conversion_requests:  # internal currency conversion feeds
            keys.append((req, req.tick_types()[0]))
        mark_securities(self.algorithm)  # strict data: contracts added since the note
        return keys

    def note_absent_option_quotes(self, req: SubscriptionRequest) -> None:
        """Name the quote files an option contract's days lack beside their trade files (once
        per underlying and resolution): its bid and ask stay empty, a contract that did not
        trade has no price, where LEAN's full data has quotes."""
        from engine.data.option_files import absent_quote_files, contract_key

        if req.symbol.is_canonical():
            return
        key = contract_key(req.symbol)
        seen = self.__dict__.setdefault("_absent_quotes_checked", set())
        group = (key.security_type, key.market, key.underlying, req.resolution)
        if group in seen:
            return
        seen.add(group)
        algo = self.algorithm
        missing = absent_quote_files(
            self.folder, key, req.resolution.name.lower(), algo.start_date, algo.end_date
        )
        if not missing:
            return
        names = ", ".join(path.name for path in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        self.runtime.note_absent_data(
            f"no {req.resolution.name.lower()} quote data for {key.underlying.upper()} "
            f"{key.security_type} contracts: {names}{more} missing beside their trade files in "
            f"{missing[0].parent}. Bid and ask prices stay 0 and a contract that did not trade "
            "has no price; LEAN's data has these quotes.",
            symbol=req.symbol,
        )

    def note_absent_tick_quotes(self, req: SubscriptionRequest) -> None:
        """Name the quote tick files of the days that have trade ticks but no quote ticks (once per
        security): its quote ticks, quote consolidators and bid/ask prices stay empty those days."""
        from engine.data.absent_quotes import absent_tick_quote_files, absent_tick_quotes_message

        sym = req.symbol
        ticker = data_ticker_of(sym)
        seen = self.__dict__.setdefault("_absent_tick_quotes_checked", set())
        group = (sym.security_type, sym.market, ticker)
        if group in seen:
            return
        seen.add(group)
        algo = self.algorithm
        missing = absent_tick_quote_files(
            self.folder.root,
            sym.security_type.folder_name,
            sym.market,
            ticker,
            algo.start_date,
            algo.end_date,
        )
        if not missing:
            return
        self.runtime.note_absent_data(
            absent_tick_quotes_message(ticker, sym.security_type.folder_name, missing),
            symbol=sym,
            prices=sym.security_type != SecurityType.EQUITY,
        )

    def windows_plan(self, first: date, last: date, daily: bool = False) -> list[tuple[date, date]]:
        """Date windows loaded one at a time (memory stays bounded on long intraday backtests);
        one day each with universes (selection runs before each day's feeds are built)."""
        resolutions = [r.resolution for r in self.runtime.subscriptions]
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

    def corporate_points(self, first: date, last: date) -> list[AuxPoint]:
        algo = self.algorithm
        rt = self.runtime
        aux: list[AuxPoint] = []
        expiring: dict[Any, SubscriptionRequest] = {}
        for req in rt.subscriptions:
            if req.symbol.security_type in OPTION_TYPES:
                aux.extend(self.option_delisting_points(req, first, last))
                continue
            if req.data_mapping_mode is not None and not req.internal:
                aux.extend(self.roll_points(req, first, last))
                continue
            if contract_code_of(req.symbol) is not None:
                # once per contract, through its own feed when it has one besides an internal
                # one (a continuous future's mapped contract a chain also selected)
                known = expiring.get(req.symbol)
                if known is None or (known.internal and not req.internal):
                    expiring[req.symbol] = req
                continue
            if req.symbol.security_type != SecurityType.EQUITY:
                continue
            aux_feed = Feed(req, TickType.TRADE, None, rt.hours_for(req.symbol), aux_kind=True)
            aux_feed.security = algo.securities[req.symbol]
            aux_feed.finalize()
            # LEAN's dividend and split providers announce an event on the trading day before
            # it, so a subscription starting on an ex-date never emits that day's event
            # (Engine/DataFeeds/Enumerators/DividendEventProvider.cs)
            start = max(first, self.subscription_start.get(id(req), first))
            for ev in corporate_events(
                self.folder, req.symbol.data_ticker, start, last, market=req.symbol.market
            ):
                point = event_data(ev, req.symbol)
                if point is not None:
                    aux.append(AuxPoint(ev.time, aux_feed, point))
        for req in expiring.values():
            aux.extend(self.expiry_points(req, first, last))
            if not req.internal:
                aux.extend(self.future_open_interest_points(req, first, last))
        return aux

    def future_open_interest_points(
        self, req: SubscriptionRequest, first: date, last: date
    ) -> list[AuxPoint]:
        """A future contract's open interest ticks, each at its row's time, whether the market is
        open or not: LEAN subscribes future contracts to open interest too, and its
        BaseDataRequest gives an open-interest request an always-open exchange, so the exchange
        filter (SubscriptionFilterEnumerator) lets the tick stamped before the open through and
        it makes a time step of its own (from midnight of the subscription's first day until the
        contract is delisted at the midnight ending its expiry date). DataManager makes the
        open-interest subscription internal: the tick updates the security's open interest, is
        not in the slice and calls no ``on_data``, but its step samples the equity."""
        from engine.data.future_open_interest import read_future_open_interest
        from engine.model.open_interest import OpenInterest

        if req.resolution not in (Resolution.MINUTE, Resolution.SECOND):
            # a run reads the per-day (intraday) open interest files only: daily and hourly futures
            # runs agree with LEAN's figures with no open-interest steps of their own
            return []
        symbol = req.symbol
        hours = self.runtime.hours_for(symbol)
        start = max(first, self.subscription_start.get(id(req), first))
        # files are dated in the data time zone (UTC for CME): a day more on each side
        times, values = read_future_open_interest(
            self.folder,
            symbol.id.market,
            data_ticker_of(symbol),
            contract_code_of(symbol),
            req.resolution.name.lower(),
            start - timedelta(days=1),
            last + timedelta(days=1),
        )
        if len(times) == 0:
            return []
        midnight = datetime.min.time()
        lower = local_to_ns(datetime.combine(start, midnight), hours.time_zone)
        end_day = min(last, symbol.id.date.date()) + timedelta(days=1)
        upper = local_to_ns(datetime.combine(end_day, midnight), hours.time_zone)
        feed = Feed(req, TickType.TRADE, None, hours, aux_kind=True, internal=True)
        feed.security = self.algorithm.securities[symbol]
        feed.finalize()
        tz = self.algorithm.time_zone
        return [
            AuxPoint(int(t), feed, OpenInterest(ns_to_local(int(t), tz), symbol, float(v)))
            for t, v in zip(times, values, strict=True)
            if lower <= t < upper
        ]

    def option_delisting_points(
        self, req: SubscriptionRequest, first: date, last: date
    ) -> list[AuxPoint]:
        """An option contract's delisting warning and delisting (LEAN's DelistingEventProvider
        with the contract's last trading day)."""
        from engine.data.option_files import contract_key, option_delisting_events
        from engine.universe.option_filter import is_standard_expiry

        symbol = req.symbol
        if symbol.is_canonical():
            return []
        algo = self.algorithm
        hours = self.runtime.hours_for(symbol)
        feed = Feed(req, TickType.TRADE, None, hours, aux_kind=True)
        feed.security = algo.securities[symbol]
        feed.finalize()
        key = contract_key(symbol)
        if symbol.security_type == SecurityType.FUTURE_OPTION:
            # LEAN's FutureOptionSymbol.GetLastDayOfTrading is the expiry: a future option is
            # delisted as a future contract, at the midnight ending its expiry date
            out = self.expiry_points(req, first, last)
            return out + self.open_interest_points(req, feed, key, first, last)
        out = []
        # LEAN's GetDelistingDate: an equity option's last trading day, an index option's expiry
        equity_option = symbol.security_type == SecurityType.OPTION
        events = option_delisting_events(
            key,
            hours,
            first,
            last,
            is_standard_expiry(key.expiry),
            last_trading_day=equity_option,
        )
        for ev in events:
            # the Delisting's time is the delisting date (warning) or the day after (delisted)
            when = datetime.combine(ev.delisting_date, datetime.min.time())
            if ev.kind == "delisted":
                point = Delisting(symbol, when + timedelta(days=1), 0.0, DelistingType.DELISTED)
            else:
                point = Delisting(symbol, when, 0.0, DelistingType.WARNING)
            out.append(AuxPoint(ev.time, feed, point))
        out.extend(self.open_interest_points(req, feed, key, first, last))
        return out

    def open_interest_points(
        self, req: SubscriptionRequest, feed: Feed, key: Any, first: date, last: date
    ) -> list[AuxPoint]:
        """The contract's open interest (LEAN subscribes options to open interest too), each at
        its row's time."""
        from engine.data.option_files import read_option_open_interest
        from engine.model.open_interest import OpenInterest

        times, values = read_option_open_interest(
            self.folder, key, req.resolution.name.lower(), first, last
        )
        tz = self.algorithm.time_zone
        hours = feed.hours
        steps = {Resolution.SECOND: timedelta(seconds=1), Resolution.MINUTE: timedelta(minutes=1)}
        step = steps.get(req.resolution)
        # LEAN's StrictDailyEndTimesEnumerator treats OpenInterest as it treats bars: with
        # settings.daily_precise_end_time a daily point ends at its session's close
        # (LeanData.SetStrictEndTimes), the session of the date the file's row gives (LEAN's
        # BasicTemplateIndexDailyAlgorithm.cs sees an SPX option's open interest end at 15:15
        # Chicago, though the row's midnight is New York's)
        strict = (
            req.resolution == Resolution.DAILY
            and bool(self.algorithm.settings.daily_precise_end_time)
            and not hours.always_open
            and hours.security_type not in ("forex", "cfd")
        )
        out = []
        for t, v in zip(times, values, strict=True):
            t = int(t)
            if strict:
                local = ns_to_local(t, hours.data_time_zone)
                close = hours.market_close(local.date(), False)
                if close is None:
                    continue
                t = local_to_ns(close.replace(tzinfo=None), hours.time_zone)
            if step is not None:
                # LEAN's exchange-hours filter (SubscriptionFilterEnumerator) drops the tick
                # stamped before the open; its fill-forward copy arrives with the day's first bar
                local = ns_to_local(t, hours.time_zone)
                extended = req.extended_market_hours
                if not hours.is_open(local, extended):
                    opens = hours.next_open(local, extended).replace(tzinfo=None)
                    if opens.date() != local.date():
                        continue
                    t = local_to_ns(opens + step, hours.time_zone)
            out.append(AuxPoint(t, feed, OpenInterest(ns_to_local(t, tz), req.symbol, float(v))))
        return out

    def roll_points(self, req: SubscriptionRequest, first: date, last: date) -> list[AuxPoint]:
        """A continuous future's SymbolChangedEvents: at the midnight starting each date its
        mapped contract changes (LEAN's MappingEventProvider on a new tradable date), from the
        old contract's identifier to the new one's."""
        symbol = req.symbol
        hours = self.runtime.hours_for(symbol)
        feed = Feed(req, TickType.TRADE, None, hours, aux_kind=True)
        feed.security = self.algorithm.securities[symbol]
        feed.finalize()
        start = max(first, self.subscription_start.get(id(req), first))
        out = []
        for day, old, new in roll_dates(
            self.folder,
            symbol.id.market,
            symbol.id.symbol,
            start,
            last,
            req.data_mapping_mode,
            req.contract_depth_offset,
        ):
            # the event comes with the first tradable date of the new mapping
            for _ in range(14):
                if hours.is_date_open(day, req.extended_market_hours):
                    break
                day += timedelta(days=1)
            if day > last:
                continue
            when = datetime.combine(day, datetime.min.time())
            event = SymbolChangedEvent(symbol, when, old, new)
            out.append(AuxPoint(local_to_ns(when, hours.time_zone), feed, event))
        return out

    def expiry_points(self, req: SubscriptionRequest, first: date, last: date) -> list[AuxPoint]:
        """A future contract's delisting warning at the midnight starting its expiry date and its
        delisting at the midnight ending it (LEAN's DelistingEventProvider with the expiry as the
        delisting date: the warning on the expiry date, the delisting on the next tradable date,
        dated the day after the expiry)."""
        algo = self.algorithm
        symbol = req.symbol
        hours = self.runtime.hours_for(symbol)
        expiry = symbol.id.date.date()
        feed = Feed(req, TickType.TRADE, None, hours, aux_kind=True, internal=req.internal)
        feed.security = algo.securities[symbol]
        feed.finalize()
        start = self.subscription_start.get(id(req), first)
        out = []
        warning_day = expiry
        while warning_day <= last and not hours.is_date_open(warning_day, True):
            warning_day += timedelta(days=1)
        if start <= warning_day <= last:
            when = datetime.combine(warning_day, datetime.min.time())
            point = Delisting(
                symbol, datetime.combine(expiry, datetime.min.time()), 0.0, DelistingType.WARNING
            )
            out.append(AuxPoint(local_to_ns(when, hours.time_zone), feed, point))
        after = expiry + timedelta(days=1)
        if start <= after <= last + timedelta(days=1):
            when = datetime.combine(after, datetime.min.time())
            point = Delisting(symbol, when, 0.0, DelistingType.DELISTED)
            out.append(AuxPoint(local_to_ns(when, hours.time_zone), feed, point))
        return out

    def window_feed(
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
        window's feed). Daily bars end at the session close unless the algorithm turned
        ``settings.daily_precise_end_time`` off (then at midnight); as LEAN's
        ``StrictDailyEndTimesEnumerator``, a bar ending before the start is not emitted.
        """
        algo = self.algorithm
        rt = self.runtime
        hours = rt.hours_for(req.symbol)
        other_tz = hours.data_time_zone != algo.time_zone or hours.time_zone != algo.time_zone
        daily = req.resolution == Resolution.DAILY
        lo = a - timedelta(days=1) if (other_tz or daily) else a
        hi = b + timedelta(days=1) if other_tz else b
        strict = bool(algo.settings.daily_precise_end_time)
        feed = load_feed(
            self.folder, req, tick_type, lo, hi, internal=req.internal, strict_daily=strict
        )
        feed.security = self.security_of(req)
        if first_window:
            keep = feed.emit >= lower
            if not keep.all():
                _keep_points(feed, keep)
        elif seed is not None:
            _prepend_seed(feed, seed, lower)
            if carries_quote_sides(req, tick_type):
                # the window's first bars take a missing side from the previous window's last
                copy_missing_quote_sides(feed.arrays)
        if req.fill_forward and req.resolution != Resolution.TICK:
            # a future trading through midnight has a bar ending at the window's first instant:
            # its fill-forward grid starts the day before (the points before the window go)
            grid_start = (
                a - timedelta(days=1) if req.symbol.security_type == SecurityType.FUTURE else a
            )
            add_fill_forward(feed, ff_res, grid_start, b, min(upper, end_ns), strict)
            # with strict end times the fill-forward grid already reaches the last session's close
            # within the end date (LEAN's end-of-subscription calendar); midnight bars need the
            # end-of-subscription point
            if daily and last_window and ff_res == Resolution.DAILY and not strict:
                self.end_of_subscription_point(feed, end_ns)
        delisted = self.delisted_after_ns(req)
        last = upper if delisted is None else min(upper, delisted)
        within = feed.emit <= last
        if (
            last_window
            and (delisted is None or delisted > end_ns)
            and req.resolution not in (Resolution.TICK, Resolution.DAILY)
        ):
            # as LEAN's SubscriptionDataReader, a bar belongs to the run when it STARTS by the end
            # (``instance.Time > periodFinish`` ends the subscription): the last hour bar of a
            # UTC crypto or forex file arrives just after the algorithm's end date (a delisting
            # after the end, a future contract's expiry, does not change that)
            within |= ~feed.ff & (feed.emit - feed.period_ns <= end_ns)
        keep = drop_outside_session(feed, (feed.emit >= lower) & within, last)
        if not keep.all():
            _keep_points(feed, keep)
        return feed

    def end_of_subscription_point(self, feed: Feed, end_ns: int) -> None:
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
        if feed.outside is not None:
            feed.outside = np.append(feed.outside, False)

    def iter_windows(
        self, first: date, last: date, start_ns: int
    ) -> Iterator[tuple[list[Feed], list[AuxPoint]]]:
        """Feeds and corporate-event points of each date window, in time order."""
        algo = self.algorithm
        rt = self.runtime
        tz = algo.time_zone
        end_ns = local_to_ns(algo.end_date, tz)
        ff_res = fill_forward_resolution(rt.subscriptions)
        keys = self.feed_keys()
        aux_all = self.corporate_points(first, last)
        dynamic = None
        if rt.universe_manager or rt.custom_subscriptions:
            from engine.runner.dynamic import DynamicSources

            dynamic = DynamicSources(self, first, last)  # universes and custom data
        bench_req, bench_first = self.benchmark_request(first)
        if bench_req is not None:
            sym = bench_req.symbol
            if not self.folder.has_data(
                sym.security_type.folder_name, sym.market, sym.value, "hour", "trade"
            ):
                algo.debug(
                    f"Benchmark {sym.value}: no hourly data in the data folder; the benchmark is 0."
                )
                bench_req = None
        plan = self.windows_plan(first, last, daily=dynamic is not None and dynamic.daily_windows)
        seeds: dict[tuple[int, TickType], Feed] = {}
        i = 0
        restart_ns: int | None = None
        selections: list[AuxPoint] = []
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
                before = {id(r) for r in rt.subscriptions}
                # universe selection: the day's members get feeds
                selections = dynamic.before_window(a)
                keys = self.feed_keys()
                ff_res = fill_forward_resolution(rt.subscriptions)
                added = [r for r in rt.subscriptions if id(r) not in before]
                for r in added:
                    self.subscription_start[id(r)] = a
                if added:  # as add_equity: corporate events and end-of-day events of new members
                    aux_all = self.corporate_points(first, last)
                    if not first_window:  # (the first window's are scheduled with the others)
                        self.realtime.schedule_end_of_day(added, a, last, initial=False)
            feeds = []
            for req, tick_type in keys:
                key = (id(req), tick_type)
                feed = self.window_feed(
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
                if len(feed.arrays) and len(feed.emit):
                    # (a window without a point, a weekend or a gap, keeps its seed)
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
                        self.benchmark.price = float(bench.arrays.close[bench.row[before - 1]])
                keep = (bench.emit >= lower) & (bench.emit <= upper)
                bench.emit, bench.row, bench.ff = bench.emit[keep], bench.row[keep], bench.ff[keep]
                feeds.append(bench)
            for feed in feeds:
                feed.finalize()
            aux = [p for p in aux_all if lower <= p.emit <= upper]
            aux.extend(p for p in selections if lower <= p.emit <= upper)
            if dynamic is not None and dynamic.custom:
                # custom data (PythonData) points
                aux.extend(dynamic.points(lower, upper, end_ns if last_window else None))
            restart = yield feeds, aux
            if restart is None:
                i += 1
                continue
            # securities were added during the run: rebuild the feeds from the step after ``restart``
            restart_ns = restart
            day = ns_to_local(restart_ns, tz).date()
            keys = self.feed_keys()
            ff_res = fill_forward_resolution(rt.subscriptions)
            aux_all = self.corporate_points(first, last)
            plan = self.windows_plan(day, last, daily=dynamic is not None and dynamic.daily_windows)
            i = 0
        if dynamic is not None and dynamic.daily_windows:
            # the end date's fundamental file selects at the next midnight: that step (security
            # changes only) is the run's last
            after = dynamic.before_window(last + timedelta(days=1), after_end=True)
            if after:
                yield [], after


def _has_option_data(folder: Any, req: SubscriptionRequest, kind: str) -> bool:
    from engine.data.option_files import contract_key, has_option_data

    if req.symbol.is_canonical():
        return False  # the chain's own symbol has no prices: its universe selects contracts
    return has_option_data(folder, contract_key(req.symbol), req.resolution.name.lower(), kind)
