"""History of fundamental data (Algorithm/QCAlgorithm.History.cs with LEAN's Fundamental and
FundamentalUniverse types, Common/Data/Fundamental/Fundamental.cs).

Two shapes, as in LEAN:

- per security: ``history(Fundamental, [symbols], period)``: each security's row of each coarse
  file in the period (a ``Fundamental``: time the file date, end time a day later);
- a universe's data: ``history(universe, period, flatten=True)``,
  ``history(FundamentalUniverse, [universe.symbol], period)`` or
  ``history[FundamentalUniverse]([universe.symbol], n)``: one collection per coarse file (every
  row of it); ``flatten=True`` gives a DataFrame indexed by (time, symbol), one row per security.

A period of ``n`` means the last ``n`` coarse files before now; a time span the files whose data
ends within it. Missing files are skipped (the sample data is sparse).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from engine.common.lazy_module import LazyModule
from engine.model import Symbol
from engine.model.slice import DataDictionary, dictionaries_by_time
from engine.universe.coarse import CoarseFundamental, coarse_dates, read_coarse
from engine.universe.fundamental import FIELD_GROUPS, Fundamental, as_fundamental
from engine.universe.kinds import FundamentalUniverse, UniverseEntry

# pandas is imported when this model is first used, not when the engine starts
pd = LazyModule("pandas")

#: the coarse values of a row, as LEAN's DataFrame columns (lower case, no underscores)
_COLUMNS = {
    "dollarvolume": "dollar_volume",
    "hasfundamentaldata": "has_fundamental_data",
    "price": "price",
    "pricefactor": "price_factor",
    "splitfactor": "split_factor",
    "value": "value",
    "volume": "volume",
}


def is_fundamental_type(data_type: Any) -> bool:
    return isinstance(data_type, type) and issubclass(
        data_type, CoarseFundamental | FundamentalUniverse
    )


def is_universe_request(data_type: Any, first_argument: Any) -> bool:
    """A universe's own data: the universe itself, or a collection type (FundamentalUniverse,
    CoarseFundamental) rather than one security's Fundamental."""
    if isinstance(first_argument, UniverseEntry):
        return first_argument.kind == "coarse"
    if not isinstance(data_type, type):
        return False
    return issubclass(data_type, FundamentalUniverse) or (
        issubclass(data_type, CoarseFundamental) and not issubclass(data_type, Fundamental)
    )


def _file_days(folder: Any, count: int | None, start: datetime, end: datetime) -> list[date]:
    """The coarse files of the period: their data [D, D+1) ends at D+1 00:00."""
    days = coarse_dates(folder)
    if count is not None:
        return [d for d in days if _end(d) <= end][-count:]
    return [d for d in days if start < _end(d) <= end]


def _end(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(days=1)


def _rows(folder: Any, day: date, kind: type) -> list[Any]:
    rows = read_coarse(folder, day)
    if issubclass(kind, Fundamental) or issubclass(kind, FundamentalUniverse):
        return [as_fundamental(r) for r in rows]
    return rows


def _row_values(row: Any) -> dict[str, Any]:
    out = {column: getattr(row, name) for column, name in _COLUMNS.items()}
    if isinstance(row, Fundamental):
        out["marketcap"] = row.market_cap
        for group in FIELD_GROUPS:
            out[group.replace("_", "")] = getattr(row, group)
    return out


def universe_history(
    folder: Any,
    universe_symbol: Symbol,
    kind: type,
    count: int | None,
    start: datetime,
    end: datetime,
    *,
    flatten: bool,
    objects: bool,
) -> Any:
    """A universe's collections over the period (see the module docs)."""
    days = _file_days(folder, count, start, end)
    collections = [(_end(day), _rows(folder, day, kind)) for day in days]
    if objects:
        steps = []
        for _, rows in collections:
            step = DataDictionary()
            step[universe_symbol] = rows
            steps.append(step)
        return steps
    if flatten:
        records, index = [], []
        for at, rows in collections:
            for row in rows:
                records.append(_row_values(row))
                index.append((at, row.symbol))
        if not records:
            return pd.DataFrame()
        return pd.DataFrame(
            records, index=pd.MultiIndex.from_tuples(index, names=["time", "symbol"])
        ).sort_index(axis=1)
    index = pd.MultiIndex.from_tuples(
        [(universe_symbol, at) for at, _ in collections], names=["symbol", "time"]
    )
    return pd.DataFrame({"data": [rows for _, rows in collections]}, index=index)


def security_history(
    folder: Any,
    symbols: list[Symbol],
    count: int | None,
    start: datetime,
    end: datetime,
    *,
    objects: bool,
    single: bool,
) -> Any:
    """Each security's ``Fundamental`` of each coarse file of the period (a security without a
    row in a file has no point for it)."""
    days = _file_days(folder, count, start, end)
    wanted = set(symbols)
    by_symbol: dict[Symbol, list[Fundamental]] = {s: [] for s in symbols}
    for day in days:
        for row in read_coarse(folder, day):
            if row.symbol in wanted:
                point = as_fundamental(row)
                by_symbol[next(s for s in symbols if s == row.symbol)].append(point)
    if objects:
        if single:
            return by_symbol[symbols[0]] if symbols else []
        return dictionaries_by_time(by_symbol)
    records, index = [], []
    for symbol, points in by_symbol.items():
        for point in points:
            records.append(_row_values(point))
            index.append((symbol, point.end_time))
    if not records:
        return pd.DataFrame()
    return pd.DataFrame(
        records, index=pd.MultiIndex.from_tuples(index, names=["symbol", "time"])
    ).sort_index(axis=1)
