"""Reading history for one symbol: trade and quote bars as numpy arrays, by date range or by a count
of bars back from the algorithm time (market-hours aware: only bars inside regular hours, or
extended hours when asked), never past the algorithm time (no look-ahead)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from engine.common.clock import ns_to_local
from engine.data import read_quote_bars, read_trade_bars
from engine.data.arrays import BarArrays, QuoteBarArrays
from engine.data.continuous_futures import read_continuous_bars
from engine.data.future_expiry import contract_code_of, data_ticker_of, is_canonical_future
from engine.data.market_hours import MarketHours, symbol_market_hours
from engine.data.time_zones import local_to_utc, utc_to_local
from engine.model import DataNormalizationMode, Resolution, SecurityType, Symbol, TickType

# rough bars per trading day, only used to size the first read (the read grows until it has enough)
_BARS_PER_DAY = {
    Resolution.DAILY: 1,
    Resolution.HOUR: 7,
    Resolution.MINUTE: 390,
    Resolution.SECOND: 23_400,
}
MAX_GROWTH_STEPS = 12
OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


@dataclass(slots=True)
class HistorySpec:
    """What to read for one symbol."""

    symbol: Symbol
    resolution: Resolution
    extended: bool = False
    normalization: DataNormalizationMode = DataNormalizationMode.ADJUSTED
    tick_types: tuple[TickType, ...] = (TickType.TRADE,)
    # the algorithm's ``settings.daily_precise_end_time``: daily bars end at the session close
    strict_daily: bool = True
    # bars missing inside the market hours repeat the previous bar (LEAN's FillForwardEnumerator;
    # volume 0 as TradeBar.Clone): the request's fill_forward, else the subscription's setting
    fill_forward: bool = False
    # a continuous future (a future chain's symbol): its contract mapping (LEAN's DataMappingMode)
    data_mapping_mode: int | None = None
    contract_depth_offset: int = 0


@dataclass(slots=True)
class SymbolHistory:
    """One symbol's bars: UTC ns start/end per row, trade and/or quote arrays aligned on ``end``."""

    symbol: Symbol
    hours: MarketHours
    trade: BarArrays | None
    quote: QuoteBarArrays | None


def tick_types_for(symbol: Symbol, resolution: Resolution) -> tuple[TickType, ...]:
    """LEAN's default data types of a history request (Engine/DataFeeds/DataManager.cs ``LookupSubscriptionConfigDataTypes``)."""
    st = symbol.security_type
    if st in (SecurityType.FOREX, SecurityType.CFD):
        return (TickType.QUOTE,)
    if st == SecurityType.INDEX:
        return (TickType.TRADE,)
    if st == SecurityType.EQUITY and resolution in (Resolution.HOUR, Resolution.DAILY):
        return (TickType.TRADE,)
    return (TickType.TRADE, TickType.QUOTE)


def _option_contract_key(symbol: Symbol) -> Any:
    """The files' key of an option contract (None for anything else): its bars are entries of
    the underlying's shared zips (engine/data/option_files.py)."""
    from engine.data.option_files import contract_key

    if symbol.security_type not in OPTION_TYPES or symbol.is_canonical():
        return None
    return contract_key(symbol)


def _read(folder: Any, spec: HistorySpec, tick_type: TickType, first: date, last: date) -> Any:
    sym = spec.symbol
    key = _option_contract_key(sym)
    if key is not None:
        from engine.data.option_files import read_option_quote_bars, read_option_trade_bars

        option_reader = (
            read_option_quote_bars if tick_type == TickType.QUOTE else read_option_trade_bars
        )
        return option_reader(
            folder,
            key,
            spec.resolution.name.lower(),
            first,
            last,
            extended_hours=spec.extended,
            strict_daily=spec.strict_daily,
        )
    if is_canonical_future(sym):
        return read_continuous_bars(
            folder,
            sym.market,
            sym.id.symbol,
            spec.resolution.name.lower(),
            tick_type == TickType.QUOTE,
            first,
            last,
            strict_daily=spec.strict_daily,
            **continuous_mapping(spec),
        )
    reader = read_quote_bars if tick_type == TickType.QUOTE else read_trade_bars
    return reader(
        folder,
        sym.security_type.folder_name,
        sym.market,
        sym.value if sym.security_type != SecurityType.FUTURE else data_ticker_of(sym),
        spec.resolution.name.lower(),
        first,
        last,
        normalization=spec.normalization.name.lower(),
        extended_hours=spec.extended,
        strict_daily=spec.strict_daily,
        contract=contract_code_of(sym),
    )


def _available(folder: Any, spec: HistorySpec, tick_type: TickType) -> list[date]:
    sym = spec.symbol
    kind = "quote" if tick_type == TickType.QUOTE else "trade"
    key = _option_contract_key(sym)
    if key is not None:
        from engine.data.option_files import option_dates_available

        return option_dates_available(folder, key, spec.resolution.name.lower(), kind)
    sec = sym.security_type.folder_name
    ticker = sym.value if sym.security_type != SecurityType.FUTURE else data_ticker_of(sym)
    if not folder.has_data(sec, sym.market, ticker, spec.resolution.name.lower(), kind):
        return []
    return folder.dates_available(sec, sym.market, ticker, spec.resolution.name.lower(), kind)


def _window(arrays: Any, lower_ns: int | None, upper_ns: int) -> Any:
    end = np.asarray(arrays.end, dtype=np.int64)
    keep = end <= upper_ns
    if lower_ns is not None:
        keep &= end > lower_ns
    return arrays if keep.all() else arrays.take(keep)


_PERIOD_NS = {
    Resolution.SECOND: 1_000_000_000,
    Resolution.MINUTE: 60_000_000_000,
    Resolution.HOUR: 3_600_000_000_000,
}


def _daily_grid(
    hours: MarketHours, spec: HistorySpec, first_ns: int, upper_ns: int
) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) UTC ns of the daily bars a trading day between two instants would have:
    its regular session with strict end times, else midnight to midnight."""
    tz = hours.time_zone
    day = ns_to_local(first_ns, tz).date()
    last = ns_to_local(upper_ns, tz).date()
    starts, ends = [], []
    # markets always open, forex and cfd keep midnight-to-midnight daily bars whatever the
    # daily precise end time setting, as their data does
    midnight_bars = (
        not spec.strict_daily
        or hours.always_open
        or spec.symbol.security_type in (SecurityType.FOREX, SecurityType.CFD)
    )
    while day <= last:
        if hours.always_open or hours.is_date_open(day, spec.extended):
            close = None if midnight_bars else hours.market_close(day, False)
            opens = None if midnight_bars else hours.market_open(day, False)
            if close is not None and opens is not None:
                starts.append(opens.replace(tzinfo=None))
                ends.append(close.replace(tzinfo=None))
            elif midnight_bars:
                midnight = datetime.combine(day, datetime.min.time())
                starts.append(midnight)
                ends.append(midnight + timedelta(days=1))
        day += timedelta(days=1)
    as_ns = lambda values: np.array(values, dtype="datetime64[ns]").astype(np.int64)  # noqa: E731
    return local_to_utc(as_ns(starts), tz), local_to_utc(as_ns(ends), tz)


def _grid(
    hours: MarketHours, spec: HistorySpec, first_ns: int, upper_ns: int
) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) UTC ns of the bar periods of the market hours from ``first_ns`` to
    ``upper_ns``: each step overlapping the hours (extended when the spec asks), each trading
    day for daily bars."""
    period = _PERIOD_NS.get(spec.resolution)
    if period is None:
        return _daily_grid(hours, spec, first_ns, upper_ns)
    tz = hours.time_zone
    first_local = int(utc_to_local(np.array([first_ns], dtype=np.int64), tz)[0])
    last_local = int(utc_to_local(np.array([upper_ns], dtype=np.int64), tz)[0])
    grid_local = np.arange(first_local + period, last_local + 1, period, dtype=np.int64)
    grid_local = grid_local[hours.open_during(grid_local - period, grid_local, spec.extended)]
    grid = local_to_utc(grid_local, tz)
    return grid - period, grid


def count_start_ns(hours: MarketHours, spec: HistorySpec, count: int, upper_ns: int) -> int | None:
    """The end of the earliest of the last ``count`` bar periods of the market hours ending by
    ``upper_ns`` (LEAN's GetStartTimeAlgoTz counts a bar-count request back through the
    exchange hours, not through the data); None when the hours have fewer."""
    per_day = max(_BARS_PER_DAY.get(spec.resolution, 1), 1)
    days = math.ceil(count / per_day) * 2 + 10
    for _ in range(MAX_GROWTH_STEPS):
        first_ns = upper_ns - days * 86_400_000_000_000
        _starts, ends = _grid(hours, spec, first_ns, upper_ns)
        ends = ends[ends <= upper_ns]
        if len(ends) >= count:
            return int(ends[len(ends) - count])
        days *= 2
    return None


def fill_forward(arrays: Any, hours: MarketHours, spec: HistorySpec, upper_ns: int) -> Any:
    """``arrays`` with a copy of the previous bar at every bar end after the first bar and up to
    ``upper_ns`` whose period overlaps the market hours (extended hours when the spec asks) and
    has no bar of its own; daily: each trading day's bar (LEAN's FillForwardEnumerator)."""
    if len(arrays) == 0 or spec.resolution == Resolution.TICK:
        return arrays
    ends = np.asarray(arrays.end, dtype=np.int64)
    grid_start, grid = _grid(hours, spec, int(ends[0]), upper_ns)
    if len(grid) == 0:
        return arrays
    inside = (grid > ends[0]) & (grid <= upper_ns)
    grid, grid_start = grid[inside], grid_start[inside]
    new = ~np.isin(grid, ends)
    missing, missing_start = grid[new], grid_start[new]
    if len(missing) == 0:
        return arrays
    all_ends = np.concatenate([ends, missing])
    order = np.argsort(all_ends, kind="stable")
    all_ends = all_ends[order]
    all_starts = np.concatenate([np.asarray(arrays.start, dtype=np.int64), missing_start])[order]
    source = np.searchsorted(ends, all_ends, side="right") - 1
    filled = ends[source] != all_ends
    out = arrays.take(source)
    out.end = all_ends
    out.start = np.where(filled, all_starts, out.start)
    if hasattr(out, "volume"):
        out.volume = np.where(filled, 0.0, out.volume)
    return out


def read_range(folder: Any, spec: HistorySpec, lower_ns: int, upper_ns: int) -> SymbolHistory:
    """Bars whose end time is in (lower_ns, upper_ns] (UTC ns), fill-forwarded when asked."""
    hours = symbol_market_hours(spec.symbol, folder)
    first = ns_to_local(lower_ns, hours.time_zone).date() - timedelta(days=1)
    last = ns_to_local(upper_ns, hours.time_zone).date() + timedelta(days=1)
    out = SymbolHistory(spec.symbol, hours, None, None)
    for tick_type in spec.tick_types:
        if not _available(folder, spec, tick_type):
            continue
        arrays = _window(_read(folder, spec, tick_type, first, last), lower_ns, upper_ns)
        if spec.fill_forward:
            arrays = fill_forward(arrays, hours, spec, upper_ns)
        if tick_type == TickType.QUOTE:
            out.quote = arrays
        else:
            out.trade = arrays
    return out


def read_count(folder: Any, spec: HistorySpec, count: int, upper_ns: int) -> SymbolHistory:
    """The last ``count`` bars ending at or before ``upper_ns`` (fewer when the data runs out)."""
    hours = symbol_market_hours(spec.symbol, folder)
    out = SymbolHistory(spec.symbol, hours, None, None)
    last_day = ns_to_local(upper_ns, hours.time_zone).date() + timedelta(days=1)
    per_day = _BARS_PER_DAY.get(spec.resolution, 1)
    if hours.always_open or spec.symbol.security_type in (SecurityType.FOREX, SecurityType.CFD):
        per_day = {Resolution.DAILY: 1, Resolution.HOUR: 24}.get(
            spec.resolution, per_day * 86_400 // 23_400
        )
    elif spec.extended and spec.resolution != Resolution.DAILY:
        per_day = per_day * 16 // 7  # 04:00-20:00 against 09:30-16:00 (a safe over-estimate)
    # a daily count is LEAN's (GetStartTimeAlgoTz: the last n trading days of the exchange hours,
    # one window for trade and quote bars, filled forward or not); intraday counts, and forex and
    # cfd daily counts, still count bars of the data: counting intraday periods of the hours moved
    # three execution-model regression algorithms (spread, standard deviation, VWAP) away from
    # LEAN's figures, and counting EURUSD's daily bars through its hours failed
    # IndicatorSelectorsWorkWithDifferentOptions' own check (history and live bid closes no longer
    # averaging the same), for reasons not found yet
    daily = spec.resolution == Resolution.DAILY and spec.symbol.security_type not in (
        SecurityType.FOREX,
        SecurityType.CFD,
    )
    start_ns = count_start_ns(hours, spec, count, upper_ns) if daily else None
    for tick_type in spec.tick_types:
        days = [d for d in _available(folder, spec, tick_type) if d <= last_day]
        if not days:
            continue
        if start_ns is not None:
            # as LEAN: the bars of the last ``count`` periods of the hours, filled forward (when
            # asked) from the first bar among them (none before it)
            first = ns_to_local(start_ns, hours.time_zone).date() - timedelta(days=1)
            arrays = _window(
                _read(folder, spec, tick_type, first, last_day), start_ns - 1, upper_ns
            )
            if spec.fill_forward:
                arrays = fill_forward(arrays, hours, spec, upper_ns)
            if len(arrays) > count:
                arrays = arrays.take(np.arange(len(arrays) - count, len(arrays)))
            if tick_type == TickType.QUOTE:
                out.quote = arrays
            else:
                out.trade = arrays
            continue
        n_days = max(2, math.ceil(count / max(per_day, 1)) + 2)
        arrays = None
        for _ in range(MAX_GROWTH_STEPS):
            first = days[max(0, len(days) - n_days)]
            arrays = _window(_read(folder, spec, tick_type, first, last_day), None, upper_ns)
            if len(arrays) >= count or n_days >= len(days):
                break
            n_days *= 2
        if arrays is not None and len(arrays) > count:
            arrays = arrays.take(np.arange(len(arrays) - count, len(arrays)))
        if tick_type == TickType.QUOTE:
            out.quote = arrays
        else:
            out.trade = arrays
    return out


def continuous_mapping(spec: HistorySpec) -> dict[str, Any]:
    """The continuous-future readers' keyword arguments of a history request: its adjustment,
    data mapping mode (open interest by default, as LEAN's), contract depth and hours."""
    return {
        "normalization": continuous_normalization_name(spec.normalization),
        "mode": int(spec.data_mapping_mode if spec.data_mapping_mode is not None else 2),
        "depth": spec.contract_depth_offset,
        "extended_hours": spec.extended,
    }


def continuous_normalization_name(mode: DataNormalizationMode) -> str:
    """A continuous future's adjustment: raw or a futures' adjustment as asked, backwards ratio
    for any other mode (LEAN's GetUniverseNormalizationModeOrDefault)."""
    if mode in (
        DataNormalizationMode.RAW,
        DataNormalizationMode.BACKWARDS_RATIO,
        DataNormalizationMode.BACKWARDS_PANAMA_CANAL,
        DataNormalizationMode.FORWARD_PANAMA_CANAL,
    ):
        return mode.name.lower()
    return "backwards_ratio"
