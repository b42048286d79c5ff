"""A chain's universe files as history data, one path for options and futures (LEAN's
Common/Data/UniverseSelection/OptionUniverse.cs and FutureUniverse.cs read through
``history(OptionUniverse | FutureUniverse, symbol, n, flatten=True)``): one point per file, dated
by its end (the midnight after the file's date, the exchange's time), with a row per contract,
flattened into a frame indexed by (time, symbol) as LEAN's PandasConverter flattens a
BaseDataCollection.

What differs between the two is where the files are and what a row holds: a ``ChainFiles``
tells it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from engine.common.clock import ns_to_local
from engine.errors import HistoryError


@dataclass(frozen=True, slots=True)
class ChainFiles:
    """One kind of chain file: the data type's name and the symbols it takes (for the errors),
    the dates of a canonical symbol's files and the (contract, values) rows of one of them."""

    type_name: str  # "OptionUniverse"
    needs: str  # "an option"
    accepts: Callable[[Any], bool]
    file_dates: Callable[[Any], list[date]]
    rows: Callable[[Any, date], Iterable[tuple[Any, list[float]]]]
    columns: list[str]


def chain_file_history(
    algorithm: Any,
    files: ChainFiles,
    symbols: list[Any],
    count: int | None,
    start_ns: int | None,
    end_ns: int,
    *,
    flatten: bool,
) -> Any:
    """The flattened frame of the files of each symbol's chain ending in (start, end] (UTC ns),
    the last ``count`` of them when counted."""
    import pandas as pd

    if not flatten:
        raise HistoryError(
            f"history({files.type_name}, ...) without flatten=True is not supported by this engine"
        )
    rows, index = [], []
    for symbol in symbols:
        if not files.accepts(symbol):
            raise HistoryError(f"history({files.type_name}, ...) needs {files.needs}, not {symbol}")
        canonical = symbol.canonical
        tz = (
            algorithm.securities[canonical].exchange_hours.time_zone
            if canonical in algorithm.securities
            else algorithm.time_zone
        )
        end = ns_to_local(end_ns, tz)
        start = ns_to_local(start_ns, tz) if start_ns is not None else None
        days = []
        for day in files.file_dates(canonical):
            ends = datetime(day.year, day.month, day.day) + timedelta(days=1)
            if ends > end or (start is not None and ends <= start):
                continue
            days.append((ends, day))
        if count is not None:
            days = days[-count:]
        for ends, day in days:
            for contract, values in files.rows(canonical, day):
                index.append((ends, contract))
                rows.append(values)
    frame_index = pd.MultiIndex.from_tuples(index, names=["time", "symbol"])
    return pd.DataFrame(rows, index=frame_index, columns=files.columns)
