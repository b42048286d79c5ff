"""``QuantBook``: the research environment's algorithm (LEAN ``Research/QuantBook.cs``).

A ``QCAlgorithm`` that no backtest loop drives: it is created in a notebook, adds securities and
asks for history, indicators over history and the object store exactly as an algorithm does, on
the same data folder (``get_fundamental`` reads its coarse fundamental files). As in LEAN, its
clock starts at midnight of today in New York (of yesterday before 09:00 there), so history by bar
count ends with the last full day; ``set_start_date`` moves it, which is how research on a fixed
sample data folder asks for the bars before a given day.

The data folder is ``QuantBook(data_folder=...)``, else the ``QCWEB_DATA_DIR`` environment
variable, else ``./data``; the object store folder is ``object_store=...``, else
``QCWEB_OBJECT_STORE``, else a temporary one.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.algorithm.runtime import AlgorithmRuntime
from engine.common.clock import zone
from engine.data.folder import DataFolder
from engine.model import Market, SecurityType, Symbol
from engine.universe.coarse import coarse_dates, read_coarse
from engine.universe.fundamental import as_fundamental

# LEAN's QuantConnect.Time.Start: the default start of a fundamental request.
FUNDAMENTAL_START = date(1998, 1, 2)

# LEAN's "qb-data-hour": the New York hour from which the previous day's data is complete.
DATA_HOUR = 9

DATA_VARIABLE = "QCWEB_DATA_DIR"
OBJECT_STORE_VARIABLE = "QCWEB_OBJECT_STORE"


class QuantBook(QCAlgorithm):
    """``qb = QuantBook()``; ``qb.add_equity("SPY")``; ``qb.history(...)``."""

    def __init__(
        self,
        data_folder: str | Path | None = None,
        *,
        object_store: str | Path | None = None,
    ) -> None:
        super().__init__()
        folder = data_folder or os.environ.get(DATA_VARIABLE) or "data"
        self._folder = Path(folder)
        store = object_store or os.environ.get(OBJECT_STORE_VARIABLE)
        AlgorithmRuntime(self).attach(
            DataFolder(self._folder),
            object_store_dir=str(store) if store else None,
        )
        # as LEAN's QuantBook: today in New York once the previous day's data is out (from
        # 09:00 there, its "qb-data-hour"), else yesterday; the start keeps only the date
        new_york = datetime.now(zone("America/New_York"))
        if new_york.hour < DATA_HOUR:
            new_york -= timedelta(days=1)
        self.set_start_date(new_york.date())

    def get_fundamental(
        self,
        input: Any,
        selector: str | None = None,
        start: Any = None,
        end: Any = None,
    ) -> Any:
        """LEAN ``QuantBook.GetFundamental``: a DataFrame with a row per day of fundamental data
        (indexed by the data's end time) and a column per security (its identifier string), of
        ``Fundamental`` objects, or with `selector` (``"DollarVolume"``,
        ``"ValuationRatios.PERatio"``...) of that field's value (None where there is no data).

        `input` is a Symbol, a ticker (a US equity), or a list of them. The data are the data
        folder's coarse files (``equity/usa/fundamental/coarse``); like open-source LEAN's
        coarse provider, the fine fields (ratios, statements) have no values behind them.
        """
        import pandas as pd

        symbols = self._fundamental_symbols(input)
        first = _as_date(start) or FUNDAMENTAL_START
        last = _as_date(end) or datetime.now().date()
        wanted = {symbol.value.upper() for symbol in symbols}
        rows: dict[datetime, dict[str, Any]] = {}
        for day in coarse_dates(self._data_folder_root()):
            if not first <= day <= last:
                continue
            for row in read_coarse(self._data_folder_root(), day):
                if row.symbol.value.upper() not in wanted:
                    continue
                fundamental = as_fundamental(row)
                value: Any = fundamental
                if selector:
                    value = _select(fundamental, selector)
                column = getattr(row, "sid", "") or str(row.symbol.id)
                rows.setdefault(fundamental.end_time, {})[column] = value
        frame = pd.DataFrame.from_dict(rows, orient="index")
        if not frame.empty:
            frame = frame.sort_index()[sorted(frame.columns)]
        return frame

    def _fundamental_symbols(self, input: Any) -> list[Symbol]:
        items = input if isinstance(input, (list, tuple, set)) else [input]
        symbols = []
        for item in items:
            if isinstance(item, Symbol):
                symbols.append(item)
            elif isinstance(item, str):
                symbols.append(Symbol(item.upper(), SecurityType.EQUITY, Market.USA))
            else:
                raise TypeError(f"get_fundamental takes symbols or tickers, not {item!r}")
        return symbols

    def _data_folder_root(self) -> str:
        # A string: the coarse readers take a DataFolder (its `.root`) or a path, and a Path's
        # own `.root` is "/".
        return str(self._folder)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def _select(data: Any, selector: str) -> Any:
    """LEAN's GetPropertyValue: a dotted path of fields; a missing number is None."""
    value = data
    for part in selector.split("."):
        value = getattr(value, part)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "has_value") and not value.has_value:
        return None
    return value
