"""When universes select and what they select from: LEAN's trigger times of user-defined and
scheduled universes, a fundamental selection on one coarse file, and the symbol a selector's
value names."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from engine.model import Market, SecurityType, Symbol
from engine.universe.kinds import UNCHANGED, UniverseEntry


def select_fundamental(entry: UniverseEntry, rows: list[Any], day: date, folder: Any = None) -> Any:
    """One selection on file ``day``: a single selector sees ``Fundamental`` objects (LEAN's
    ``AddUniverse(Func<IEnumerable<Fundamental>, ...>)``); with a fine selector the coarse one
    sees the coarse rows and the fine one ``FineFundamental`` objects of the symbols it chose."""
    from engine.universe.fundamental import as_fundamental

    if entry.fine is None:
        return entry.selector([as_fundamental(r) for r in rows])
    chosen = entry.selector(rows)
    if chosen is UNCHANGED:
        return chosen
    return entry.fine(fine_fundamentals(chosen, rows, day, folder))


def select_then_fine(entry: UniverseEntry, rows: list[Any], day: date, folder: Any) -> Any:
    """A universe's selection on ``rows``, then its fine selector, when it has one, on the
    ``FineFundamental`` of the symbols chosen (LEAN's FineFundamentalFilteredUniverse wraps any
    universe added with a fine selector)."""
    chosen = entry.selector(rows)
    if entry.fine is None or chosen is UNCHANGED:
        return chosen
    from engine.universe.coarse import read_coarse

    return entry.fine(fine_fundamentals(chosen, read_coarse(folder, day), day, folder))


def fine_fundamentals(chosen: Any, rows: list[Any], day: date, folder: Any) -> list[Any]:
    """The ``FineFundamental`` of each chosen symbol: its coarse row of ``day`` (zeros when it has
    none) with the fine values of the chosen symbol's SecurityIdentifier. LEAN keys fine data by
    the selected Symbol's ID (Common/Data/Fundamental/FineFundamental.cs), which for a ticker
    created today is its current company's (GOOG: ``GOOCV VP83T1ZUHROL``) even on a day the coarse
    file lists another company under that ticker."""
    from engine.statistics.identifiers import symbol_identifier
    from engine.universe.coarse import CoarseFundamental
    from engine.universe.fundamental import FineFundamental, as_fundamental

    by_symbol = {r.symbol: r for r in rows}
    fine = []
    for value in chosen or []:
        symbol = as_symbol(value)
        row = by_symbol.get(symbol) or CoarseFundamental(symbol, day, 0.0, 0.0, 0.0, False)
        item = as_fundamental(row, FineFundamental, sid=symbol_identifier(folder, symbol))
        # the selected symbol keeps its identity (LEAN builds the fine data for each selected
        # symbol): a row found by its ticker may be another security trading under it that day
        item.symbol = symbol
        fine.append(item)
    return fine


def user_defined_times(entry: UniverseEntry, day: date, algo: Any) -> list[datetime]:
    """LEAN ``UserDefinedUniverse.GetTriggerTimes``: every ``interval`` from midnight; the run's
    first time always, later ones only when the market is open at some point of the interval
    (so a daily universe selects at midnight of each trading day)."""
    from engine.data.market_hours import market_hours

    hours = market_hours(SecurityType.EQUITY, Market.USA, algo._data_folder)
    extended = bool(getattr(algo.universe_settings, "extended_market_hours", False))
    interval = entry.interval or timedelta(days=1)
    start = datetime(day.year, day.month, day.day)
    segments = [
        (a.replace(tzinfo=None), b.replace(tzinfo=None)) for a, b in hours.segments(day, extended)
    ]
    first_run = day == algo.start_date.date()
    out = []
    at = start
    while at < start + timedelta(days=1):
        end = at + interval
        if (first_run and at == start) or any(a < end and at < b for a, b in segments):
            out.append(at)
        at = end
    return out


def scheduled_times(entry: UniverseEntry, day: date, algo: Any) -> list[datetime]:
    from engine.common.clock import ns_to_local
    from engine.common.scheduling import event_times

    times = event_times(entry.date_rule, entry.time_rule, day, day)
    return [ns_to_local(int(t), algo.time_zone) for t in times]


def as_symbol(value: Any) -> Symbol:
    if isinstance(value, Symbol):
        return value
    inner = getattr(value, "symbol", None)
    if isinstance(inner, Symbol):
        return inner
    return Symbol(str(value).upper(), SecurityType.EQUITY, Market.USA)
