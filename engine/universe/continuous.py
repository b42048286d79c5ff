"""The contract a continuous future maps to (LEAN's
Common/Data/UniverseSelection/ContinuousContractUniverse.cs): at the start of each tradable day the
chain security's ``mapped`` contract is looked up in the map file; a new one is added to the
algorithm's securities with internal data (its prices and fills, no slice data), as LEAN's
universe subscribes the mapped contract with internal feeds."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

from engine.data.continuous_futures import identifier_at_depth, map_rows, mapped_identifier
from engine.model import SecurityType, Symbol
from engine.model.symbol import SecurityIdentifier


def mapped_symbol(
    folder: Any, canonical: Symbol, day: date, mode: int, depth: int = 0
) -> Symbol | None:
    """The contract the chain maps to on ``day``: the map file's, or the one ``depth`` contracts
    after it (LEAN's ContinuousContractUniverse with a contract depth offset)."""
    market, ticker = canonical.id.market, canonical.id.symbol
    ident = mapped_identifier(map_rows(folder, market, ticker), day, mode)
    if ident is None:
        return None
    ident = identifier_at_depth(folder, market, ticker, ident, depth)
    return Symbol(SecurityIdentifier.parse(ident), canonical.id.symbol)


def add_mapped_contract(algo: Any, symbol: Symbol, settings: Any) -> Any:
    """The mapped contract's security, subscribed with internal feeds when it has no
    subscription of its own yet."""
    if any(r.symbol == symbol for r in algo._subscriptions):
        return algo.securities[symbol]
    pending = list(algo._pending_added)
    security = algo._add_security(
        SecurityType.FUTURE,
        symbol,
        settings.resolution,
        symbol.id.market,
        settings.fill_forward,
        settings.leverage or 0.0,
        settings.extended_market_hours,
        settings.data_normalization_mode,
    )
    for i, request in enumerate(algo._subscriptions):
        if request.symbol == symbol and not request.internal:
            algo._subscriptions[i] = dataclasses.replace(request, internal=True)
    algo._pending_added[:] = pending  # internal subscriptions are no security change
    return security


def select_mapped(algo: Any, entry: Any, day: date) -> datetime | None:
    """Update the chain security's mapped contract for ``day``; the selection time when it
    changed."""
    future = entry.future
    settings = entry.settings
    if not future.exchange_hours.is_date_open(day, bool(settings.extended_market_hours)):
        return None
    symbol = mapped_symbol(
        algo._data_folder,
        future.symbol,
        day,
        int(settings.data_mapping_mode),
        int(getattr(future, "contract_depth_offset", 0) or 0),
    )
    if symbol is None or symbol == future.mapped:
        return None
    future.mapped = symbol
    add_mapped_contract(algo, symbol, settings)
    return datetime(day.year, day.month, day.day)


def exchange_midnights(algo: Any, entry: Any, day: date) -> list[tuple[datetime, date]]:
    """(algorithm time, exchange date) of the exchange's midnights within the algorithm's
    ``day``: the times the chain's mapping is looked at (LEAN's ContinuousContractUniverse
    triggers at each tradable day's start in the exchange's time zone)."""
    from engine.common.clock import local_to_ns, ns_to_local

    exchange_tz = entry.future.exchange_hours.time_zone
    start = datetime(day.year, day.month, day.day)
    end = start + timedelta(days=1)
    out = []
    for offset in (-1, 0, 1):
        exchange_day = day + timedelta(days=offset)
        midnight = datetime(exchange_day.year, exchange_day.month, exchange_day.day)
        at = ns_to_local(local_to_ns(midnight, exchange_tz), algo.time_zone)
        if start <= at < end:
            out.append((at, exchange_day))
    return out


def mapping_selector(algo: Any, entry: Any) -> Any:
    """The universe entry's selector for the manager's intraday runs: remap at the exchange date
    of ``at``; never changes the universe's members (the mapped contract is internal)."""
    from engine.common.clock import local_to_ns, ns_to_local
    from engine.universe.kinds import UNCHANGED

    def select(at: datetime) -> Any:
        exchange_tz = entry.future.exchange_hours.time_zone
        local = ns_to_local(local_to_ns(at, algo.time_zone), exchange_tz)
        select_mapped(algo, entry, local.date())
        return UNCHANGED

    return select
