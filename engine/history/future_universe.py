"""``history(FutureUniverse, future, n, flatten=True)``: the chain's universe files as data (LEAN's
Common/Data/UniverseSelection/FutureUniverse.cs), read by ``engine/data/chain_file_history.py``:
one point per file, dated by its end (the midnight after the file's date, exchange time), with a
row per contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.data.chain_file_history import ChainFiles, chain_file_history
from engine.data.future_chain import file_contracts, universe_file_dates, universe_file_of
from engine.model import SecurityType, Symbol

COLUMNS = ["open", "high", "low", "close", "volume", "openinterest"]


def is_future_universe_type(data_type: Any) -> bool:
    return isinstance(data_type, type) and data_type.__name__ == "FutureUniverse"


def future_chain_files(folder: Any) -> ChainFiles:
    """A future chain's universe files of ``folder``: a row per listed contract."""

    def file_dates(canonical: Symbol) -> list[date]:
        return universe_file_dates(folder, canonical.id.market, canonical.id.symbol)

    def rows(canonical: Symbol, day: date) -> list[tuple[Symbol, list[float]]]:
        market, ticker = canonical.id.market, canonical.id.symbol
        path = universe_file_of(folder, market, ticker, day)
        if path is None:
            return []
        return [
            (
                Symbol.create_future(ticker, market, contract.expiry),
                [
                    contract.open,
                    contract.high,
                    contract.low,
                    contract.close,
                    contract.volume,
                    contract.open_interest or 0.0,
                ],
            )
            for contract in file_contracts(folder, market, ticker, path)
        ]

    return ChainFiles(
        "FutureUniverse",
        "a future",
        lambda symbol: symbol.security_type == SecurityType.FUTURE,
        file_dates,
        rows,
        COLUMNS,
    )


def future_universe_history(
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
        algorithm, future_chain_files(folder), symbols, count, start_ns, end_ns, flatten=flatten
    )
