"""History of open interest (``history(OpenInterest, contract, start, end)``) of option and
future contracts: the contract's open-interest rows in the span, as LEAN's DataFrame
(``(symbol, time)`` index, ``openinterest``) or as OpenInterest objects. A future's are read from
its finest files that have the contract (tick, then minute, then daily)."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.model.enums import SecurityType


def _future_open_interest(folder: Any, symbol: Any, first: Any, last: Any) -> tuple:
    from engine.data.future_expiry import contract_code_of
    from engine.data.future_open_interest import read_future_open_interest

    contract = contract_code_of(symbol)
    if contract is None:  # a canonical future has no open interest of its own
        return np.empty(0, np.int64), np.empty(0)
    for resolution in ("tick", "minute", "daily"):
        times, values = read_future_open_interest(
            folder, symbol.id.market, symbol.id.symbol, contract, resolution, first, last
        )
        if len(times):
            return times, values
    return times, values


def open_interest_history(
    folder: Any, symbols: list[Any], start_ns: int, end_ns: int, time_zone: str, objects: bool
) -> Any:
    import pandas as pd

    from engine.common.clock import ns_to_local
    from engine.data.option_files import contract_key, read_option_open_interest
    from engine.model.open_interest import OpenInterest

    per_symbol = []
    for symbol in symbols:
        first = ns_to_local(start_ns, time_zone).date()
        last = ns_to_local(end_ns, time_zone).date()
        if symbol.security_type == SecurityType.FUTURE:
            times, values = _future_open_interest(folder, symbol, first, last)
        else:
            times, values = read_option_open_interest(
                folder, contract_key(symbol), "minute", first, last
            )
            if len(times) == 0:
                times, values = read_option_open_interest(
                    folder, contract_key(symbol), "daily", first, last
                )
        keep = (times > start_ns) & (times <= end_ns)
        per_symbol.append((symbol, np.asarray(times)[keep], np.asarray(values)[keep]))
    if objects:
        return [
            OpenInterest(ns_to_local(int(t), time_zone), symbol, float(v))
            for symbol, times, values in per_symbol
            for t, v in zip(times, values, strict=True)
        ]
    frames = []
    for symbol, times, values in per_symbol:
        if len(times) == 0:
            continue
        index = pd.MultiIndex.from_arrays(
            [[symbol] * len(times), [ns_to_local(int(t), time_zone) for t in times]],
            names=["symbol", "time"],
        )
        frames.append(pd.DataFrame({"openinterest": values}, index=index))
    if not frames:
        return pd.DataFrame(columns=["openinterest"])
    return pd.concat(frames)
