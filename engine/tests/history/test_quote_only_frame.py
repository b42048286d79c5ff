"""A history frame row without a trade bar takes its open/high/low/close from the quote bar (the
bid/ask middle, or the one side there is), as LEAN's PandasData adds the quote bar first and lets
a trade bar overwrite it."""

from __future__ import annotations

import numpy as np

from engine.data.arrays import BarArrays, QuoteBarArrays
from engine.data.market_hours import symbol_market_hours
from engine.history.api import to_frame
from engine.history.provider import SymbolHistory
from engine.model import SecurityType, Symbol

MINUTE = 60_000_000_000
T0 = 1_381_240_800_000_000_000  # 2013-10-08 14:00 UTC


def _quotes(ends: list[int], bid: list[float], ask: list[float]) -> QuoteBarArrays:
    n = len(ends)
    end = np.array(ends, dtype=np.int64)
    b, a = np.array(bid, dtype=float), np.array(ask, dtype=float)
    return QuoteBarArrays(
        end - MINUTE, end, np.zeros(n, "datetime64[D]"), np.ones(n),
        b, b, b, b, np.ones(n), a, a, a, a, np.ones(n),
    )  # fmt: skip


def _trades(ends: list[int], close: list[float]) -> BarArrays:
    n = len(ends)
    end = np.array(ends, dtype=np.int64)
    c = np.array(close, dtype=float)
    return BarArrays(
        end - MINUTE, end, np.zeros(n, "datetime64[D]"), np.ones(n), c, c, c, c, np.ones(n)
    )


def test_rows_without_a_trade_take_the_quote_middle():
    symbol = Symbol.create("SPY", SecurityType.EQUITY, "usa")
    ends = [T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE]
    item = SymbolHistory(
        symbol,
        symbol_market_hours(symbol),
        _trades([ends[1]], [10.5]),
        _quotes(ends, [10.0, 10.2, 9.8], [10.2, 10.4, float("nan")]),
    )
    frame = to_frame([item]).loc["SPY"]
    # the quote middle, the trade's close where there is one, the bid alone when the ask is missing
    assert list(frame["close"]) == [10.1, 10.5, 9.8]


def test_a_quote_only_history_has_a_close_column():
    symbol = Symbol.create("SPY", SecurityType.EQUITY, "usa")
    item = SymbolHistory(
        symbol, symbol_market_hours(symbol), None, _quotes([T0 + MINUTE], [10.0], [10.2])
    )
    frame = to_frame([item]).loc["SPY"]
    assert list(frame["close"]) == [10.1]
