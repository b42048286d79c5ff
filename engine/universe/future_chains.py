"""The daily selection of a future chain's universe (LEAN's
Common/Data/UniverseSelection/FuturesChainUniverse.cs): at midnight of each day, the contracts
listed in the chain's latest universe file before that day (``engine.data.future_chain``) go
through the chain security's contract filter; the contracts it keeps are the members."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from engine.data.future_chain import listed_contracts, universe_file_for
from engine.model import Symbol
from engine.universe.future_filter import FutureFilterUniverse, FutureUniverse


def contract_symbol(canonical: Symbol, expiry: datetime) -> Symbol:
    return Symbol.create_future(canonical.id.symbol, canonical.id.market, expiry)


def chain_rows(folder: Any, canonical: Symbol, day: date, now: datetime) -> list[FutureUniverse]:
    """The chain's contracts on ``day`` as ``FutureUniverse`` rows."""
    market, ticker = canonical.id.market, canonical.id.symbol
    return [
        FutureUniverse(contract_symbol(canonical, c.expiry), now, c)
        for c in listed_contracts(folder, market, ticker, day)
    ]


def selects_on(folder: Any, canonical: Symbol, day: date) -> bool:
    """Whether the chain's universe data has a file for ``day`` (the previous file's day ended)."""
    return universe_file_for(folder, canonical.id.market, canonical.id.symbol, day) is not None


def select_contracts(folder: Any, future: Any, day: date) -> list[Symbol]:
    """The contracts the chain security's filter keeps on ``day``."""
    now = datetime(day.year, day.month, day.day)
    rows = chain_rows(folder, future.symbol, day, now)
    return list(future.contract_filter.filter(FutureFilterUniverse(rows, now)))
