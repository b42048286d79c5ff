"""``history(FutureUniverse, future, n, flatten=True)``: the chain's universe files as data (LEAN's
Common/Data/UniverseSelection/FutureUniverse.cs): one point per file, dated by its end (the
midnight after the file's date, exchange time), with a row per contract."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.common.clock import ns_to_local
from engine.data.future_chain import file_contracts, universe_dir
from engine.model import SecurityType, Symbol

COLUMNS = ["open", "high", "low", "close", "volume", "openinterest"]


def is_future_universe_type(data_type: Any) -> bool:
    return isinstance(data_type, type) and data_type.__name__ == "FutureUniverse"


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
    import pandas as pd

    from engine.history.api import HistoryError

    if not flatten:
        raise HistoryError(
            "history(FutureUniverse, ...) without flatten=True is not supported by this engine"
        )
    rows, index = [], []
    for symbol in symbols:
        if symbol.security_type != SecurityType.FUTURE:
            raise HistoryError(f"history(FutureUniverse, ...) needs a future, not {symbol}")
        canonical = symbol.canonical
        market, ticker = canonical.id.market, canonical.id.symbol
        tz = (
            algorithm.securities[canonical].exchange_hours.time_zone
            if (canonical in algorithm.securities)
            else algorithm.time_zone
        )
        end = ns_to_local(end_ns, tz)
        start = ns_to_local(start_ns, tz) if start_ns is not None else None
        files = []
        base = universe_dir(folder, market, ticker)
        for path in sorted(base.glob("*.csv")) if base.is_dir() else []:
            day = datetime.strptime(path.stem, "%Y%m%d")
            ends = day + timedelta(days=1)
            if ends > end or (start is not None and ends <= start):
                continue
            files.append((ends, path))
        if count is not None:
            files = files[-count:]
        for ends, path in files:
            for contract in file_contracts(folder, market, ticker, path):
                contract_symbol = Symbol.create_future(ticker, market, contract.expiry)
                index.append((ends, contract_symbol))
                rows.append(
                    [
                        contract.open,
                        contract.high,
                        contract.low,
                        contract.close,
                        contract.volume,
                        contract.open_interest or 0.0,
                    ]
                )
    frame_index = (
        pd.MultiIndex.from_tuples(index, names=["time", "symbol"])
        if index
        else (pd.MultiIndex.from_tuples([], names=["time", "symbol"]))
    )
    return pd.DataFrame(rows, index=frame_index, columns=COLUMNS)
