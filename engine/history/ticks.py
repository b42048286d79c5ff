"""Tick history: ``self.history[Tick](symbol, timedelta(...), Resolution.TICK)`` and the start/end
form (Algorithm/QCAlgorithm.History.cs). LEAN serves tick history only for a time span: a request
for a number of ticks raises ``InvalidOperationException`` ("History functions that accept a
'periods' parameter can not be used with Resolution.Tick"), and so does ``history[TradeBar]`` or
``history[QuoteBar]`` at tick resolution.

A tick's time is its end time; the ticks of a request are those with a time in (start, end], trade
and quote ticks of one symbol merged in time order (trades first at equal times).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from engine.common.clock import ns_to_local
from engine.data import read_ticks
from engine.data.absent_data import note_absent_data
from engine.data.absent_quotes import absent_tick_quote_files, absent_tick_quotes_message
from engine.data.continuous_futures import read_continuous_ticks
from engine.data.future_expiry import contract_code_of, data_ticker_of, is_canonical_future
from engine.data.market_hours import symbol_market_hours
from engine.data.time_zones import utc_to_local
from engine.history.provider import HistorySpec, continuous_mapping
from engine.model import SecurityType, Symbol, Tick, TickType

PERIOD_REQUEST_MESSAGE = (
    "History functions that accept a 'periods' parameter can not be used with Resolution.Tick"
)
BAR_TYPE_MESSAGE = (
    "Calling History<{name}> method with Resolution.Tick will return an empty result. Please use "
    "the generic version with Tick type parameter or provide a list of Symbols to use the Slice "
    "history request API."
)


def _values(array: np.ndarray) -> list:
    return np.nan_to_num(np.asarray(array, dtype=np.float64), nan=0.0).tolist()


def tick_objects(symbol: Symbol, arrays: Any, time_zone: str, tick_type: TickType) -> list[Tick]:
    """``Tick`` objects of ``read_ticks`` arrays, times in the exchange time zone."""
    if len(arrays) == 0:
        return []
    local = utc_to_local(np.asarray(arrays.time, dtype=np.int64), time_zone)
    times = local.view("datetime64[ns]").astype("datetime64[us]").tolist()
    columns = zip(
        times,
        _values(arrays.price),
        _values(arrays.quantity),
        _values(arrays.bid_price),
        _values(arrays.ask_price),
        _values(arrays.bid_size),
        _values(arrays.ask_size),
        arrays.exchange.tolist(),
        arrays.condition.tolist(),
        arrays.suspicious.tolist(),
        strict=True,
    )
    return [
        Tick(t, symbol, tick_type, p, q, b, a, bs, as_, ex or "", co or "", bool(su))
        for t, p, q, b, a, bs, as_, ex, co, su in columns
    ]


def note_absent_quote_ticks(
    algorithm: Any, folder: Any, symbol: Symbol, lower_ns: int, upper_ns: int
) -> None:
    """Name the quote tick files of the days ``read_tick_range`` reads that have trade ticks but
    no quote ticks (engine/data/absent_quotes.py): a warning, a stop under strict data unless
    the symbol is an equity (engine/data/absent_data.py)."""
    if symbol.security_type not in (SecurityType.EQUITY, SecurityType.FUTURE):
        return
    hours = symbol_market_hours(symbol, folder)
    first = ns_to_local(lower_ns, hours.time_zone).date() - timedelta(days=1)
    last = ns_to_local(upper_ns, hours.time_zone).date()
    ticker = data_ticker_of(symbol)
    sec = symbol.security_type.folder_name
    missing = absent_tick_quote_files(folder, sec, symbol.market, ticker, first, last)
    if missing:
        note_absent_data(
            algorithm,
            absent_tick_quotes_message(ticker, sec, missing),
            symbol=symbol,
            prices=symbol.security_type != SecurityType.EQUITY,
        )


def _read_ticks(folder: Any, spec: HistorySpec, kind: str, first: date, last: date) -> Any:
    """One tick type of ``spec``'s symbol over file dates [first, last]: a future contract's from
    its contract month's CSV of the daily zips, a continuous future's from the contracts it maps
    to (its depth offset's included), adjusted as its bars are (``engine/data/continuous_futures.py``)."""
    symbol = spec.symbol
    if is_canonical_future(symbol):
        return read_continuous_ticks(
            folder,
            symbol.market,
            symbol.id.symbol,
            kind,
            first,
            last,
            **continuous_mapping(spec),
        )
    future = symbol.security_type == SecurityType.FUTURE
    return read_ticks(
        folder,
        symbol.security_type.folder_name,
        symbol.market,
        data_ticker_of(symbol) if future else symbol.value,
        first,
        last,
        tick_type=kind,
        normalization=spec.normalization.name.lower(),
        extended_hours=spec.extended,
        contract=contract_code_of(symbol) if future else None,
    )


def read_tick_range(folder: Any, spec: HistorySpec, lower_ns: int, upper_ns: int) -> list[Tick]:
    """The ticks of ``spec``'s symbol and tick types with a time in (lower_ns, upper_ns] (UTC ns),
    in time order."""
    symbol = spec.symbol
    sec = symbol.security_type.folder_name
    ticker = data_ticker_of(symbol) if symbol.security_type == SecurityType.FUTURE else symbol.value
    hours = symbol_market_hours(symbol, folder)
    first = ns_to_local(lower_ns, hours.time_zone).date() - timedelta(days=1)
    last = ns_to_local(upper_ns, hours.time_zone).date()
    parts: list[tuple[np.ndarray, list[Tick]]] = []
    for tick_type in spec.tick_types:
        kind = tick_type.name.lower()
        if not folder.has_data(sec, symbol.market, ticker, "tick", kind):
            continue
        arrays = _read_ticks(folder, spec, kind, first, last)
        times = np.asarray(arrays.time, dtype=np.int64)
        keep = (times > lower_ns) & (times <= upper_ns)
        if not keep.any():
            continue
        if not keep.all():
            arrays = arrays.take(keep)
            times = times[keep]
        parts.append((times, tick_objects(symbol, arrays, hours.time_zone, tick_type)))
    if not parts:
        return []
    if len(parts) == 1:
        return parts[0][1]
    times = np.concatenate([p[0] for p in parts])
    ticks = [t for p in parts for t in p[1]]
    return [ticks[i] for i in np.argsort(times, kind="stable").tolist()]
