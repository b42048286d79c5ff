"""``history(OptionUniverse, option, n, flatten=True)`` and ``history(canonical_option, n,
flatten=True)``: an option's chain files as data (LEAN's Common/Data/UniverseSelection/
OptionUniverse.cs; QCAlgorithm.History gives a canonical option the OptionUniverse type). One point
per file, dated by its end (the midnight after the file's date, the exchange's time), with a row
per contract in the file's order: the flattened frame is indexed by (time, symbol), as LEAN's
PandasConverter flattens a BaseDataCollection."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.common.clock import ns_to_local
from engine.model import SecurityType, Symbol

COLUMNS = [
    "open",
    "high",
    "low",
    "close",
    "volume",
    "openinterest",
    "impliedvolatility",
    "delta",
    "gamma",
    "vega",
    "theta",
    "rho",
]

OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


def is_option_universe_type(data_type: Any) -> bool:
    return isinstance(data_type, type) and data_type.__name__ == "OptionUniverse"


def is_option_universe_request(data_type: Any, symbols: list[Symbol], flatten: bool) -> bool:
    """An explicit OptionUniverse request, or a flattened history of canonical options only."""
    if is_option_universe_type(data_type):
        return True
    return (
        data_type is None
        and flatten
        and bool(symbols)
        and all(s.security_type in OPTION_TYPES and s.is_canonical() for s in symbols)
    )


def option_universe_history(
    algorithm: Any,
    folder: Any,
    symbols: list[Symbol],
    count: int | None,
    start_ns: int | None,
    end_ns: int,
    *,
    flatten: bool,
) -> Any:
    import pandas as pd

    from engine.universe.option_chains import chain_rows
    from engine.universe.option_universe_file import chain_file_dates

    if not flatten:
        raise ValueError(
            "history(OptionUniverse, ...) without flatten=True is not supported by this engine"
        )
    rows, index = [], []
    for symbol in symbols:
        if symbol.security_type not in OPTION_TYPES:
            raise ValueError(f"history(OptionUniverse, ...) needs an option, not {symbol}")
        canonical = symbol.canonical
        tz = (
            algorithm.securities[canonical].exchange_hours.time_zone
            if canonical in algorithm.securities
            else algorithm.time_zone
        )
        end = ns_to_local(end_ns, tz)
        start = ns_to_local(start_ns, tz) if start_ns is not None else None
        days = []
        for day in _file_dates(folder, canonical, chain_file_dates):
            ends = datetime(day.year, day.month, day.day) + timedelta(days=1)
            if ends > end or (start is not None and ends <= start):
                continue
            days.append((ends, day))
        if count is not None:
            days = days[-count:]
        for ends, day in days:
            _chain, contracts = chain_rows(folder, canonical, day)
            for contract in contracts:
                index.append((ends, contract.symbol))
                rows.append(
                    [
                        contract.open,
                        contract.high,
                        contract.low,
                        contract.close,
                        contract.volume,
                        contract.open_interest,
                        contract.implied_volatility,
                        contract.greeks.delta,
                        contract.greeks.gamma,
                        contract.greeks.vega,
                        contract.greeks.theta,
                        contract.greeks.rho,
                    ]
                )
    frame_index = pd.MultiIndex.from_tuples(index, names=["time", "symbol"])
    return pd.DataFrame(rows, index=frame_index, columns=COLUMNS)


def _file_dates(folder: Any, canonical: Symbol, chain_file_dates: Any) -> list[Any]:
    from engine.universe.option_chains import chain_ticker

    return chain_file_dates(
        folder, chain_ticker(canonical), canonical.security_type.folder_name, canonical.market
    )
