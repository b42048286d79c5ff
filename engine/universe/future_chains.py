"""The selection of a future chain's universe (LEAN's
Common/Data/UniverseSelection/FuturesChainUniverse.cs over FutureUniverse data): a universe file
dated D is a daily data point of the exchange's time zone ending at D+1 00:00, so the chain selects
at the midnight after each file's date (at the start, on the file of the previous trading day, as
LEAN starts the universe's subscription a day early). Days without a file select nothing and keep
the members. The file's contracts go through the chain security's contract filter."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.data.future_chain import file_contracts, universe_file_of
from engine.model import Symbol
from engine.model.future_filter import FutureFilterUniverse, FutureUniverse


def contract_symbol(canonical: Symbol, expiry: datetime) -> Symbol:
    return Symbol.create_future(canonical.id.symbol, canonical.id.market, expiry)


def selection_file(folder: Any, future: Any, day: date, first_day: date) -> Path | None:
    """The universe file the chain selects on at ``day`` 00:00, None when it does not select."""
    canonical = future.symbol
    if day == first_day:
        try:
            source = future.exchange_hours.previous_trading_day(day)
        except ValueError:
            return None
    else:
        source = day - timedelta(days=1)
    return universe_file_of(folder, canonical.id.market, canonical.id.symbol, source)


def select_contracts(folder: Any, future: Any, path: Path, day: date) -> list[Symbol]:
    """The contracts of the universe file ``path`` the chain security's filter keeps at ``day``."""
    now = datetime(day.year, day.month, day.day)
    canonical = future.symbol
    market, ticker = canonical.id.market, canonical.id.symbol
    rows = [
        FutureUniverse(contract_symbol(canonical, c.expiry), now, c)
        for c in file_contracts(folder, market, ticker, path)
    ]
    return list(future.contract_filter.filter(FutureFilterUniverse(rows, now)))
