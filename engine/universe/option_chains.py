"""The option chain universe of an ``add_option`` (LEAN's Common/Data/UniverseSelection/
OptionChainUniverse.cs): once a day it reads the underlying's chain file, lets the option's
filter narrow the contracts, and keeps the underlying and the chosen contracts as members.

LEAN's chain file of a date is data of that date (time = the date, end = the next midnight), so a
selection at midnight uses the previous trading day's file; the run's first selection, at its
start, uses the last file before the start (LEAN starts universe data a trading day early).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from engine.universe.option_filter import OptionFilterUniverse, OptionUniverse, apply_filter
from engine.universe.option_universe_file import ChainFile, read_chain_file


def chain_ticker(canonical: Any) -> str:
    """The folder name of a canonical option's chain files: its underlying's ticker (an index
    option's own ticker, e.g. SPXW)."""
    from engine.model import SecurityType

    if canonical.security_type == SecurityType.INDEX_OPTION:
        return str(canonical.id.symbol).lower()
    if canonical.security_type == SecurityType.FUTURE_OPTION:
        # LEAN's universe path of a future option: its ticker and its future's contract month
        from engine.data.option_files import contract_key

        key = contract_key(canonical)
        return f"{key.underlying.lower()}/{key.contract_month}"
    underlying = canonical.underlying
    return (underlying.value if underlying is not None else canonical.id.symbol).lower()


def chain_folder_names(folder: Any, canonical: Any, day: date) -> list[str]:
    """The folder of an equity option's chain file of ``day``: its underlying's name that day
    (LEAN maps the universe's symbol through the underlying's map file; a day whose name has no
    chain file selects nothing)."""
    from engine.data import read_map_file
    from engine.model import SecurityType

    ticker = chain_ticker(canonical)
    if canonical.security_type != SecurityType.OPTION:
        return [ticker]
    mapping = read_map_file(folder, canonical.market, ticker)
    return [(mapping.ticker_on(day) or ticker).lower()]


def contract_symbol(canonical: Any, expiry: date, strike: float, is_call: bool) -> Any:
    """The contract of a chain row (LEAN's Symbol.CreateOption with the canonical's underlying,
    market and the type's default style)."""
    from engine.model import SecurityType, Symbol
    from engine.model.enums import OptionRight, OptionStyle

    style = (
        OptionStyle.EUROPEAN
        if canonical.security_type == SecurityType.INDEX_OPTION
        else OptionStyle.AMERICAN
    )
    target = canonical.id.symbol if canonical.security_type == SecurityType.INDEX_OPTION else None
    right = OptionRight.CALL if is_call else OptionRight.PUT
    when = datetime(expiry.year, expiry.month, expiry.day)
    if target is not None:
        return Symbol.create_option(
            canonical.underlying, target, canonical.market, style, right, strike, when
        )
    return Symbol.create_option(canonical.underlying, canonical.market, style, right, strike, when)


def chain_selection_time(algorithm: Any, option: Any, day: date) -> datetime:
    """When a chain selects on ``day``, in the algorithm's time: the midnight starting ``day`` in
    the option exchange's time zone (a chain file is that exchange's data, emitted at its end),
    not before the algorithm's own midnight."""
    from engine.common.clock import local_to_ns, ns_to_local

    midnight = datetime(day.year, day.month, day.day)
    hours = getattr(option, "exchange_hours", None)
    exchange_tz = getattr(hours, "time_zone", None)
    if exchange_tz is None:
        return midnight
    at = ns_to_local(local_to_ns(midnight, exchange_tz), algorithm.time_zone).replace(tzinfo=None)
    return max(at, midnight)


def chain_rows(
    folder: Any, canonical: Any, day: date
) -> tuple[ChainFile | None, list[OptionUniverse]]:
    """The chain file of ``day`` and its contracts as OptionUniverse rows."""
    chain = None
    for ticker in chain_folder_names(folder, canonical, day):
        chain = read_chain_file(
            folder, ticker, day, canonical.security_type.folder_name, canonical.market
        )
        if chain is not None:
            break
    if chain is None:
        return None, []
    time = datetime(day.year, day.month, day.day)
    underlying = _underlying_data(canonical, chain, time)
    rows = [
        OptionUniverse(
            contract_symbol(canonical, c.expiry, c.strike, c.is_call),
            time,
            expiry=c.expiry,
            strike=c.strike,
            is_call=c.is_call,
            row=c,
            underlying=underlying,
        )
        for c in chain.contracts
    ]
    return chain, rows


def _underlying_data(canonical: Any, chain: ChainFile, time: datetime) -> Any:
    if chain.underlying is None:
        return None
    return OptionUniverse(canonical.underlying, time, row=chain.underlying)


def select_contracts(
    option: Any, folder: Any, source_day: date, now: datetime, hours: Any = None
) -> list[Any] | None:
    """The underlying and the contracts the option's filter keeps on ``source_day``'s file;
    ``None`` without a file that day (LEAN's chain universe then gets no data and keeps its
    members: SPXW's sample chain files skip days whose contracts still trade)."""
    canonical = option.symbol
    chain, rows = chain_rows(folder, canonical, source_day)
    if chain is None:
        return None
    underlying = _underlying_data(
        canonical, chain, datetime(source_day.year, source_day.month, source_day.day)
    )
    universe = OptionFilterUniverse(
        rows,
        underlying,
        now,
        is_trading_day=(lambda d: hours.is_date_open(d, False)) if hours is not None else None,
        next_trading_day=getattr(hours, "next_trading_day", None),
        strike_multiplier=float(getattr(option.symbol_properties, "strike_multiplier", 1) or 1),
    )
    return [canonical.underlying, *apply_filter(option.contract_filter, universe)]
