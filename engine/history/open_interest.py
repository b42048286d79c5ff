"""History of option open interest (``history(OpenInterest, contract, period)``): the contract's
open-interest rows in the span, as LEAN's DataFrame (``(symbol, time)`` index, ``openinterest``)
or as OpenInterest objects."""

from __future__ import annotations

from typing import Any

import numpy as np


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
