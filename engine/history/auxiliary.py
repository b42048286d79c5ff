"""History of auxiliary data: ``self.history(Dividend, symbols, 360)``, ``Split``, ``Delisting`` and
``SymbolChangedEvent`` (Algorithm/QCAlgorithm.History.cs serves them from the same event
providers as a running subscription: factor and map files for equities, the continuous
contract's map file for a canonical future).

A bar count is turned into a start time first: the start of the last ``count`` bars of the
resolution (the symbol's subscription's, else the universe settings') over the exchange's open
hours, as LEAN's Time.GetStartTimeForTradeBars. The events are those dated in (start, end]. A
canonical future's ``SymbolChangedEvent`` follows ``data_mapping_mode`` (the subscription's, else
LEAN's default, open interest) and comes on the first trading day of each new mapping.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from engine.common.clock import local_to_ns, ns_to_local
from engine.data.continuous_futures import roll_dates
from engine.data.events import corporate_events, event_data
from engine.model import (
    Delisting,
    Dividend,
    Resolution,
    SecurityType,
    Split,
    Symbol,
    SymbolChangedEvent,
)
from engine.model.future_enums import DataMappingMode
from engine.model.slice import dictionaries_by_time
from engine.model.subscriptions import as_resolution

if TYPE_CHECKING:
    import pandas as pd

# each type's DataFrame columns (LEAN's lower-cased property names) and how to read them
_COLUMNS: dict[type, dict[str, Any]] = {
    Dividend: {
        "distribution": lambda d: d.distribution,
        "referenceprice": lambda d: d.reference_price,
        "value": lambda d: d.value,
    },
    Split: {
        "referenceprice": lambda d: d.reference_price,
        "splitfactor": lambda d: d.split_factor,
        "type": lambda d: d.type,
        "value": lambda d: d.value,
    },
    Delisting: {"type": lambda d: d.type, "value": lambda d: d.value},
    SymbolChangedEvent: {"newsymbol": lambda d: d.new_symbol, "oldsymbol": lambda d: d.old_symbol},
}
_KINDS = {
    Dividend: ("dividend",),
    Split: ("split_warning", "split"),
    Delisting: ("delisting_warning", "delisted"),
    SymbolChangedEvent: ("symbol_changed",),
}
_STEP = {
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
}


def is_auxiliary_type(data_type: Any) -> bool:
    return data_type in _COLUMNS


def bars_start(
    hours: Any, end: datetime, resolution: Resolution, count: int, extended: bool
) -> datetime:
    """The start of the last ``count`` bars before ``end`` (exchange-local) over open hours."""
    day = end.date()
    remaining = count
    for _ in range(20_000):
        if resolution == Resolution.DAILY:
            day -= timedelta(days=1)
            if hours.is_date_open(day, extended):
                remaining -= 1
                if remaining <= 0:
                    return datetime(day.year, day.month, day.day)
            continue
        step = _STEP.get(resolution, _STEP[Resolution.SECOND])
        for opened, closed in reversed(hours.segments(day, extended)):
            a, b = opened.replace(tzinfo=None), min(closed.replace(tzinfo=None), end)
            if b <= a:
                continue
            inside = int((b - a) / step)
            if remaining <= inside:
                return b - remaining * step
            remaining -= inside
        day -= timedelta(days=1)
    raise ValueError(f"no {count} bars of {resolution.name} before {end}")


def _resolution(algorithm: Any, symbol: Symbol, resolution: Any) -> Resolution:
    if resolution is not None:
        return as_resolution(resolution)
    request = algorithm._subscription_of(symbol)
    if request is not None:
        return request.resolution
    return as_resolution(algorithm.universe_settings.resolution)


def _mapping_mode(algorithm: Any, symbol: Symbol, kwargs: dict) -> int:
    mode = kwargs.get("data_mapping_mode")
    if mode is None:
        request = algorithm._subscription_of(symbol)
        mode = getattr(request, "data_mapping_mode", None)
    return int(mode if mode is not None else DataMappingMode.OPEN_INTEREST)


def _future_renames(
    algorithm: Any, folder: Any, symbol: Symbol, first: date, last: date, mode: int
) -> list[Any]:
    hours = algorithm._hours_for(symbol)
    out = []
    for day, old, new in roll_dates(folder, symbol.id.market, symbol.id.symbol, first, last, mode):
        for _ in range(14):  # the event comes with the first trading day of the new mapping
            if hours.is_date_open(day):
                break
            day += timedelta(days=1)
        when = datetime(day.year, day.month, day.day)
        out.append(SymbolChangedEvent(symbol, when, old, new))
    return out


def _points(
    algorithm: Any,
    folder: Any,
    data_type: type,
    symbol: Symbol,
    start_ns: int,
    end_ns: int,
    kwargs: dict,
) -> list[Any]:
    hours = algorithm._hours_for(symbol)
    first = ns_to_local(start_ns, hours.time_zone).date()
    last = ns_to_local(end_ns, hours.time_zone).date()
    if symbol.security_type == SecurityType.FUTURE and symbol.is_canonical():
        if data_type is not SymbolChangedEvent:
            return []
        mode = _mapping_mode(algorithm, symbol, kwargs)
        points = _future_renames(algorithm, folder, symbol, first, last, mode)
    elif symbol.security_type == SecurityType.EQUITY:
        kinds = _KINDS[data_type]
        events = corporate_events(folder, symbol.data_ticker, first, last, market=symbol.market)
        points = [event_data(e, symbol) for e in events if e.kind in kinds]
    else:
        return []
    return [
        p
        for p in points
        if p is not None and start_ns < local_to_ns(p.end_time, hours.time_zone) <= end_ns
    ]


def count_start_ns(
    algorithm: Any,
    symbol: Symbol,
    count: int,
    end_ns: int,
    resolution: Any,
    kwargs: dict,
) -> int:
    """UTC ns of the start of the last ``count`` bars of ``symbol`` before ``end_ns``."""
    hours = algorithm._hours_for(symbol)
    end_local = ns_to_local(end_ns, hours.time_zone)
    res = _resolution(algorithm, symbol, resolution)
    extended = bool(kwargs.get("extended_market_hours") or False)
    return local_to_ns(bars_start(hours, end_local, res, count, extended), hours.time_zone)


def auxiliary_history(
    algorithm: Any,
    folder: Any,
    data_type: type,
    symbols: list[Symbol],
    count: int | None,
    start_ns: int | None,
    end_ns: int,
    resolution: Any,
    kwargs: dict,
    *,
    objects: bool,
    single: bool,
) -> Any:
    """The events of each symbol in the period: a DataFrame, or (``history[Dividend](...)``) the
    data objects (a list for one symbol, one dictionary per time for several)."""
    by_symbol: dict[Symbol, list[Any]] = {}
    for symbol in symbols:
        lower = start_ns
        if count is not None:
            lower = count_start_ns(algorithm, symbol, count, end_ns, resolution, kwargs)
        assert lower is not None
        by_symbol[symbol] = _points(algorithm, folder, data_type, symbol, lower, end_ns, kwargs)
    if objects:
        if single:
            return by_symbol[symbols[0]] if symbols else []
        return dictionaries_by_time(by_symbol)
    return auxiliary_frame(data_type, by_symbol)


def auxiliary_frame(data_type: type, by_symbol: dict[Symbol, list[Any]]) -> pd.DataFrame:
    """LEAN's layout: a (symbol, time) index, one lower-case column per property."""
    import pandas as pd

    columns = _COLUMNS[data_type]
    index, rows = [], []
    for symbol, points in by_symbol.items():
        for point in points:
            index.append((symbol, point.end_time))
            rows.append([read(point) for read in columns.values()])
    return pd.DataFrame(
        rows,
        columns=list(columns),
        index=pd.MultiIndex.from_tuples(index, names=["symbol", "time"])
        if index
        else pd.MultiIndex.from_tuples([], names=["symbol", "time"]),
    )
