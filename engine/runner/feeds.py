"""Data feeds: one per (security, tick type) subscription, read whole from the data layer as numpy
arrays, with LEAN's fill-forward points added (Engine/DataFeeds/Enumerators/FillForwardEnumerator.cs).

A feed's emission schedule is three parallel arrays: ``emit`` (UTC ns, the bar end), ``row`` (index
into the real arrays) and ``ff`` (True for a fill-forward copy of row ``row``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from engine.data import read_quote_bars, read_ticks, read_trade_bars
from engine.data.arrays import sorted_distinct
from engine.data.continuous_futures import read_continuous_bars, read_continuous_ticks
from engine.data.future_expiry import contract_code_of, data_ticker_of, is_canonical_future
from engine.data.market_hours import MarketHours, database_symbol_key, market_hours
from engine.data.time_zones import local_to_utc, utc_to_local
from engine.model import Resolution, SecurityType, TickType
from engine.model.subscriptions import SubscriptionRequest
from engine.runner.session_sources import mark_outside_session, reads_outside_session

NS = 1_000_000_000
PERIOD_NS = {
    Resolution.TICK: 0,
    Resolution.SECOND: NS,
    Resolution.MINUTE: 60 * NS,
    Resolution.HOUR: 3600 * NS,
    Resolution.DAILY: 86_400 * NS,
}
DAY_NS = 86_400 * NS
TRADE, QUOTE, INTERNAL, AUX, TICK = 0, 1, 2, 3, 4
#: The entry of a universe selection's time slice (no data: the step reports security changes).
SELECTION = 5


@dataclass(slots=True, eq=False)
class SelectionMarker:
    """The pseudo-feed of a universe selection: LEAN's SubscriptionSynchronizer gives the
    frontier time of a selection a time slice of its own (with the security changes, not a time
    pulse), so ``on_securities_changed`` runs at the selection time (00:00 for coarse universes),
    before the day's data."""

    kind: int = SELECTION
    sym: Any = None
    security: Any = None
    # the selections due at the step's time that run in the loop (intraday scheduled and
    # user-defined universes): called with the step's local time
    run: Any = None


@dataclass(eq=False)
class Feed:
    request: SubscriptionRequest
    tick_type: TickType
    arrays: Any
    hours: MarketHours
    security: Any = None
    internal: bool = False
    emit: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    row: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    ff: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    start_local: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    aux_kind: bool = False  # the pseudo-feed of splits/dividends
    is_tick: bool = False
    kind: int = 0  # hot-loop dispatch: TRADE, QUOTE, INTERNAL or AUX (set by ``finalize``)
    sym: Any = None
    # real bars outside the subscription's session, fill-forward sources only (aligned with
    # ``emit``; None when the feed reads its session only), and every real bar of the window for
    # the next window's base (``engine.runner.session_sources``)
    outside: np.ndarray | None = None
    read_emit: np.ndarray | None = None
    read_row: np.ndarray | None = None

    def finalize(self) -> None:
        self.sym = self.request.symbol
        if self.aux_kind:
            self.kind = AUX
        elif self.internal:
            self.kind = INTERNAL
        elif self.is_tick:
            self.kind = TICK
        else:
            self.kind = QUOTE if self.tick_type == TickType.QUOTE else TRADE

    @property
    def symbol(self):
        return self.request.symbol

    @property
    def period_ns(self) -> int:
        return PERIOD_NS[self.request.resolution]

    @property
    def is_quote(self) -> bool:
        return self.tick_type == TickType.QUOTE

    def __len__(self) -> int:
        return len(self.emit)


def _type_name(security_type: SecurityType) -> str:
    return security_type.folder_name


def load_feed(
    folder: Any,
    request: SubscriptionRequest,
    tick_type: TickType,
    start: date,
    end: date,
    internal: bool = False,
    strict_daily: bool = True,
) -> Feed:
    """Read a subscription's bars for file dates in [start, end]; ``strict_daily``: the algorithm's
    ``settings.daily_precise_end_time`` (daily bars end at the session close, not at midnight)."""
    sym = request.symbol
    sec = _type_name(sym.security_type)
    hours = market_hours(sec, sym.market, folder, database_symbol_key(sym))
    outside_sources = reads_outside_session(request)
    # bars outside the session are read too when they are fill-forward sources (marked below)
    extended = request.extended_market_hours or outside_sources
    if sym.security_type in OPTION_TYPES:
        feed = _option_feed(
            folder, request, tick_type, hours, start, end, internal, strict_daily, extended
        )
        if outside_sources:
            mark_outside_session(feed)
        return feed
    if request.resolution == Resolution.TICK:
        if is_canonical_future(sym):
            arrays = read_continuous_ticks(
                folder,
                sym.market,
                sym.id.symbol,
                tick_type.name.lower(),
                start,
                end,
                normalization=request.normalization.name.lower(),
                mode=int(request.data_mapping_mode or 0),
                depth=request.contract_depth_offset,
                extended_hours=request.extended_market_hours,
            )
        else:
            arrays = read_ticks(
                folder,
                sec,
                sym.market,
                data_ticker_of(sym),
                start,
                end,
                tick_type=tick_type.name.lower(),
                normalization=request.normalization.name.lower(),
                extended_hours=request.extended_market_hours,
                contract=contract_code_of(sym),
            )
        feed = Feed(request, tick_type, arrays, hours, internal=internal, is_tick=True)
        times = np.asarray(arrays.time, dtype=np.int64)
        feed.emit = times
        feed.start_local = utc_to_local(times, hours.time_zone)
    elif is_canonical_future(sym):
        arrays = read_continuous_bars(
            folder,
            sym.market,
            sym.id.symbol,
            request.resolution.name.lower(),
            tick_type == TickType.QUOTE,
            start,
            end,
            normalization=request.normalization.name.lower(),
            mode=int(request.data_mapping_mode or 0),
            depth=request.contract_depth_offset,
            extended_hours=extended,
            strict_daily=strict_daily,
        )
        feed = Feed(request, tick_type, arrays, hours, internal=internal)
        feed.emit = np.asarray(arrays.end, dtype=np.int64)
        feed.start_local = utc_to_local(np.asarray(arrays.start, dtype=np.int64), hours.time_zone)
    else:
        reader = read_quote_bars if tick_type == TickType.QUOTE else read_trade_bars
        arrays = reader(
            folder,
            sec,
            sym.market,
            data_ticker_of(sym),
            request.resolution.name.lower(),
            start,
            end,
            normalization=request.normalization.name.lower(),
            extended_hours=extended,
            strict_daily=strict_daily,
            contract=contract_code_of(sym),
        )
        feed = Feed(request, tick_type, arrays, hours, internal=internal)
        feed.emit = np.asarray(arrays.end, dtype=np.int64)
        feed.start_local = utc_to_local(np.asarray(arrays.start, dtype=np.int64), hours.time_zone)
    if carries_quote_sides(request, tick_type):
        copy_missing_quote_sides(feed.arrays)
    feed.row = np.arange(len(feed.emit), dtype=np.int64)
    feed.ff = np.zeros(len(feed.emit), dtype=bool)
    if outside_sources:
        mark_outside_session(feed)
    return feed


OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


def _option_feed(
    folder: Any,
    request: SubscriptionRequest,
    tick_type: TickType,
    hours: MarketHours,
    start: date,
    end: date,
    internal: bool,
    strict_daily: bool,
    extended: bool,
) -> Feed:
    """An option contract's bars, read from the underlying's shared zips (LEAN's option files)."""
    from engine.data.option_files import (
        contract_key,
        read_option_quote_bars,
        read_option_trade_bars,
    )

    reader = read_option_quote_bars if tick_type == TickType.QUOTE else read_option_trade_bars
    arrays = reader(
        folder,
        contract_key(request.symbol),
        request.resolution.name.lower(),
        start,
        end,
        extended_hours=extended,
        strict_daily=strict_daily,
    )
    if carries_quote_sides(request, tick_type):
        copy_missing_quote_sides(arrays)
    feed = Feed(request, tick_type, arrays, hours, internal=internal)
    feed.emit = np.asarray(arrays.end, dtype=np.int64)
    feed.start_local = utc_to_local(np.asarray(arrays.start, dtype=np.int64), hours.time_zone)
    feed.row = np.arange(len(feed.emit), dtype=np.int64)
    feed.ff = np.zeros(len(feed.emit), dtype=bool)
    return feed


def carries_quote_sides(request: SubscriptionRequest, tick_type: TickType) -> bool:
    """Whether a subscription's quote bars take a missing side from the previous bar: LEAN's
    FileSystemDataFeed.TryAddFillForwardEnumerator wraps every fill-forward quote-bar subscription
    (any security type, never ticks) in a QuoteBarFillForwardEnumerator. An option bar with an
    empty bid is otherwise priced, and a sell filled, at its ask alone."""
    return (
        tick_type == TickType.QUOTE
        and request.fill_forward
        and request.resolution != Resolution.TICK
    )


def copy_missing_quote_sides(arrays: Any) -> Any:
    """A quote bar without a bid (or ask) side takes the previous bar's side, as LEAN's
    QuoteBarFillForwardEnumerator does for fill-forward subscriptions (the sizes stay the
    bar's own)."""
    n = len(arrays.start)
    if n < 2:
        return arrays
    rows = np.arange(n)
    for side in ("bid", "ask"):
        close = getattr(arrays, f"{side}_close")
        missing = np.isnan(close)
        if not missing.any():
            continue
        source = np.maximum.accumulate(np.where(~missing, rows, -1))
        take = missing & (source >= 0)
        if not take.any():
            continue
        for part in ("open", "high", "low", "close"):
            values = getattr(arrays, f"{side}_{part}")
            values[take] = values[source[take]]
    return arrays


def fill_forward_grid(
    hours: MarketHours,
    resolution: Resolution,
    start: date,
    end: date,
    extended: bool,
    strict_daily: bool = True,
) -> np.ndarray:
    """UTC ns end times at which a fill-forward bar may be emitted: every ``resolution`` step whose
    bar [t - step, t) lies in an open segment; daily: each session's close with ``strict_daily``,
    else the midnight ending each trading day."""
    if resolution == Resolution.DAILY:
        if hours.always_open or hours.security_type in ("forex", "cfd"):
            days = np.arange(np.datetime64(start, "D") + 1, np.datetime64(end, "D") + 2)
            local = days.astype("datetime64[ns]").astype(np.int64)
            return local_to_utc(local, hours.time_zone)
        if not strict_daily:
            days = [
                d
                for d in (start + timedelta(days=i) for i in range((end - start).days + 1))
                if hours.is_date_open(d, extended)
            ]
            local = (
                (np.array(days, dtype="datetime64[D]") + np.timedelta64(1, "D"))
                .astype("datetime64[ns]")
                .astype(np.int64)
            )
            return local_to_utc(local, hours.time_zone)
        closes = []
        d = start
        while d <= end:
            close = hours.market_close(d, False)
            if close is not None:
                closes.append(close.replace(tzinfo=None))
            d += timedelta(days=1)
        local = np.array(closes, dtype="datetime64[ns]").astype(np.int64)
        return local_to_utc(local, hours.time_zone)
    step = PERIOD_NS[resolution]
    starts, ends = hours.open_intervals(start, end, extended)
    if len(starts) == 0:
        return np.empty(0, np.int64)
    # clock-aligned ends t (multiples of the step from local midnight) whose bar [t - step, t)
    # overlaps an open interval: minute 09:31..16:00, hour 10:00..16:00
    first = (starts // step + 1) * step
    last = -(-ends // step) * step
    counts = (last - first) // step + 1
    total = int(counts.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    local = sorted_distinct(np.repeat(first, counts) + offsets * step)
    return local_to_utc(local, hours.time_zone)


def add_fill_forward(
    feed: Feed,
    ff_resolution: Resolution,
    start: date,
    end: date,
    until_ns: int,
    strict_daily: bool = True,
) -> None:
    """Insert fill-forward points between (and after) the feed's real bars, up to ``until_ns``."""
    if len(feed.emit) == 0 or ff_resolution == Resolution.TICK:
        return
    res = ff_resolution
    if PERIOD_NS[feed.request.resolution] < PERIOD_NS[res]:
        res = feed.request.resolution
    grid = fill_forward_grid(
        feed.hours, res, start, end, feed.request.extended_market_hours, strict_daily
    )
    real = feed.emit
    grid = grid[(grid > real[0]) & (grid <= until_ns)]
    if len(grid) == 0:
        return
    # grid points that are not real emission times
    pos = np.searchsorted(real, grid, side="left")
    is_real = (pos < len(real)) & (real[np.minimum(pos, len(real) - 1)] == grid)
    grid = grid[~is_real]
    if len(grid) == 0:
        return
    prev = (
        np.searchsorted(real, grid, side="right") - 1
    )  # last real point emitted before the grid time
    emit = np.concatenate([real, grid])
    row = np.concatenate([feed.row, feed.row[prev]])
    ff = np.concatenate([np.zeros(len(real), bool), np.ones(len(grid), bool)])
    order = np.argsort(emit, kind="stable")
    feed.emit, feed.row, feed.ff = emit[order], row[order], ff[order]
    if feed.outside is not None:
        feed.outside = np.concatenate([feed.outside, np.zeros(len(grid), bool)])[order]


def fill_forward_resolution(requests: list[SubscriptionRequest]) -> Resolution:
    """LEAN: the smallest resolution among non-internal, non-tick subscriptions (Minute if none)."""
    candidates = [
        r.resolution for r in requests if not r.internal and r.resolution != Resolution.TICK
    ]
    if not candidates:
        return Resolution.MINUTE
    return min(candidates, key=lambda r: PERIOD_NS[r])
