"""Shared inputs for indicator tests: a seeded random-walk OHLCV series as TradeBars and arrays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.model import Market, SecurityType, Symbol, TradeBar

SPY = Symbol("SPY", SecurityType.EQUITY, Market.USA)


@dataclass
class Series:
    bars: list[TradeBar]
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray


def random_walk(
    n: int = 400,
    seed: int = 7,
    symbol: Symbol = SPY,
    start: datetime = datetime(2020, 1, 2, 9, 30),
    period: timedelta = timedelta(days=1),
) -> Series:
    rng = np.random.default_rng(seed)
    close = 100.0 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    open_ = np.concatenate([[100.0], close[:-1]]) * (1 + rng.normal(0, 0.002, n))
    high = np.maximum(open_, close) * (1 + np.abs(rng.normal(0, 0.004, n)))
    low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.004, n)))
    volume = rng.integers(1_000, 100_000, n).astype(float)
    bars = [
        TradeBar(
            start + i * period,
            symbol,
            float(open_[i]),
            float(high[i]),
            float(low[i]),
            float(close[i]),
            float(volume[i]),
            period,
        )
        for i in range(n)
    ]
    return Series(bars, open_, high, low, close, volume)


@pytest.fixture(scope="module")
def walk() -> Series:
    return random_walk()


def run(indicator, series: Series, *, bars: bool = True, attr: str | None = None) -> np.ndarray:
    """Feed every bar (or close) and collect current values (or a sub-indicator's)."""
    out = np.empty(len(series.bars))
    for i, bar in enumerate(series.bars):
        if bars:
            indicator.update(bar)
        else:
            indicator.update(bar.end_time, bar.close)
        target = getattr(indicator, attr) if attr else indicator
        out[i] = target.current.value
    return out


def lean_average_true_range(talib, h, lo, c, period: int) -> np.ndarray:
    """LEAN's ATR from TA-Lib's true range: LEAN counts the first bar's ``high - low`` as a true
    range (TA-Lib has none there), then Wilder's average seeded with the mean of the first
    ``period`` true ranges."""
    tr = talib.TRANGE(h, lo, c)
    tr[0] = h[0] - lo[0]
    out = np.full(len(tr), np.nan)
    out[period - 1] = tr[:period].mean()
    for i in range(period, len(tr)):
        out[i] = out[i - 1] + (tr[i] - out[i - 1]) / period
    return out
