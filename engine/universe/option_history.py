"""``history(OptionUniverse, option, n, flatten=True)`` and ``history(canonical_option, n,
flatten=True)``: an option's chain files as data (LEAN's Common/Data/UniverseSelection/
OptionUniverse.cs; QCAlgorithm.History gives a canonical option the OptionUniverse type). One point
per file, dated by its end (the midnight after the file's date, the exchange's time), with a row
per contract in the file's order, read by ``engine/data/chain_file_history.py`` as a future's
universe files are."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.data.chain_file_history import ChainFiles, chain_file_history
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


def option_chain_files(folder: Any) -> ChainFiles:
    """An option chain's files of ``folder``: a row per contract in the file's order, with its
    implied volatility and greeks."""
    from engine.universe.option_chains import chain_rows, chain_ticker
    from engine.universe.option_universe_file import chain_file_dates

    def file_dates(canonical: Symbol) -> list[date]:
        return chain_file_dates(
            folder, chain_ticker(canonical), canonical.security_type.folder_name, canonical.market
        )

    def rows(canonical: Symbol, day: date) -> list[tuple[Symbol, list[float]]]:
        _chain, contracts = chain_rows(folder, canonical, day)
        return [
            (
                contract.symbol,
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
                ],
            )
            for contract in contracts
        ]

    return ChainFiles(
        "OptionUniverse",
        "an option",
        lambda symbol: symbol.security_type in OPTION_TYPES,
        file_dates,
        rows,
        COLUMNS,
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
    return chain_file_history(
        algorithm, option_chain_files(folder), symbols, count, start_ns, end_ns, flatten=flatten
    )
