"""Columnar containers the readers return: numpy arrays, one row per bar or tick.

Time convention: ``start``/``end``/``time`` are int64 nanoseconds since the Unix epoch in UTC.
A bar covers [start, end) and LEAN emits it at ``end``. ``date`` (datetime64[D]) is the date of the
file the row came from (exchange-local trading date for equities; data-time-zone date otherwise).
``scale`` is the normalization multiplier applied to raw prices (1.0 for raw / non-equities).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


def _empty_f() -> np.ndarray:
    return np.empty(0, dtype=np.float64)


class _Columns:
    def __len__(self) -> int:
        return len(self.start if hasattr(self, "start") else self.time)  # type: ignore[attr-defined]

    def columns(self) -> dict[str, np.ndarray]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }

    def take(self, index: np.ndarray):
        """New container with rows ``index`` (mask or positions) of every array."""
        kw = {}
        for f in fields(self):
            value = getattr(self, f.name)
            kw[f.name] = value[index] if isinstance(value, np.ndarray) else value
        return type(self)(**kw)

    def to_frame(self) -> pd.DataFrame:
        """DataFrame indexed by the bar end (or tick time) as tz-aware UTC timestamps."""
        import pandas as pd

        cols = self.columns()
        key = "end" if "end" in cols else "time"
        index = pd.DatetimeIndex(cols[key].view("datetime64[ns]"), name=key).tz_localize("UTC")
        return pd.DataFrame({k: v for k, v in cols.items() if k != key}, index=index)


@dataclass
class BarArrays(_Columns):
    """Trade bars (``read_trade_bars``)."""

    start: np.ndarray
    end: np.ndarray
    date: np.ndarray
    scale: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray
    raw_close: np.ndarray | None = None
    ticker: str = ""
    resolution: str = ""

    @classmethod
    def empty(cls, ticker: str = "", resolution: str = "") -> BarArrays:
        i = np.empty(0, dtype=np.int64)
        return cls(
            i,
            i.copy(),
            np.empty(0, "datetime64[D]"),
            _empty_f(),
            _empty_f(),
            _empty_f(),
            _empty_f(),
            _empty_f(),
            _empty_f(),
            _empty_f(),
            ticker,
            resolution,
        )


@dataclass
class QuoteBarArrays(_Columns):
    """Quote bars (``read_quote_bars``); a side without quotes is NaN."""

    start: np.ndarray
    end: np.ndarray
    date: np.ndarray
    scale: np.ndarray
    bid_open: np.ndarray
    bid_high: np.ndarray
    bid_low: np.ndarray
    bid_close: np.ndarray
    bid_size: np.ndarray
    ask_open: np.ndarray
    ask_high: np.ndarray
    ask_low: np.ndarray
    ask_close: np.ndarray
    ask_size: np.ndarray
    ticker: str = ""
    resolution: str = ""

    @classmethod
    def empty(cls, ticker: str = "", resolution: str = "") -> QuoteBarArrays:
        i = np.empty(0, dtype=np.int64)
        f = [_empty_f() for _ in range(11)]
        return cls(
            i, i.copy(), np.empty(0, "datetime64[D]"), *f, ticker=ticker, resolution=resolution
        )


@dataclass
class TickArrays(_Columns):
    """Ticks (``read_ticks``). Trade ticks fill price/quantity, quote ticks bid/ask; the rest is NaN.

    ``exchange``/``condition`` are object arrays of strings ('' when the file has none);
    ``suspicious`` is bool. A zero bid/ask price in the file (one-sided update) becomes NaN.
    """

    time: np.ndarray
    date: np.ndarray
    scale: np.ndarray
    price: np.ndarray
    quantity: np.ndarray
    bid_price: np.ndarray
    bid_size: np.ndarray
    ask_price: np.ndarray
    ask_size: np.ndarray
    exchange: np.ndarray
    condition: np.ndarray
    suspicious: np.ndarray
    tick_type: str = "trade"
    ticker: str = ""


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a plain array: sorted distinct values. (``np.unique`` asks
    ``numpy.ma`` whether the array is masked, importing it, which costs a one-day backtest more
    than the data it reads.)"""
    ordered = np.sort(np.asarray(values), kind="stable")
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
