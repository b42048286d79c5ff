"""Mass Index and Wilder's swing indices against vectorised references of LEAN's definitions
(Indicators/MassIndex.cs, WilderSwingIndex.cs, WilderAccumulativeSwingIndex.cs):

- Mass Index: TA-Lib ``EMA`` of high - low, an ``EMA`` of that EMA fed from the first EMA's first
  ready value (LEAN's ``ema1.EMA(period)``, which waits for the first to be ready), and a pandas
  rolling sum of their ratio; ``sum_period`` until ready.
- Swing index: numpy of ``50 * N / R * K / T`` with LEAN's R (the case of the largest of
  |H - C₋₁|, |L - C₋₁|, H - L, first one on ties) and K = max(|H - C₋₁|, |L - C₋₁|); the
  accumulative index is its cumulative sum from the second bar.

Tolerance: ``rtol=atol=1e-9``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.indicators import MassIndex, WilderAccumulativeSwingIndex, WilderSwingIndex
from engine.tests.indicators.conftest import run

talib = pytest.importorskip("talib")

TOL = {"rtol": 1e-9, "atol": 1e-9}


@pytest.mark.parametrize(("ema_period", "sum_period"), [(9, 25), (5, 10)])
def test_mass_index_matches_talib_emas(walk, ema_period, sum_period):
    hl = walk.high - walk.low
    ema1 = talib.EMA(hl, ema_period)
    first = ema_period - 1
    ema2 = np.full_like(ema1, np.nan)
    ema2[first:] = talib.EMA(ema1[first:], ema_period)
    expected = pd.Series(ema1 / ema2).rolling(sum_period).sum().to_numpy()
    indicator = MassIndex(ema_period, sum_period)
    got = run(indicator, walk)
    ready = indicator.warm_up_period - 1
    assert ready == 2 * (ema_period - 1) + sum_period - 1
    np.testing.assert_allclose(got[ready:], expected[ready:], **TOL)
    assert np.all(got[:ready] == sum_period)
    assert indicator.is_ready and indicator.name == f"MASS({ema_period},{sum_period})"


def _swing(walk, limit: float) -> np.ndarray:
    o, h, lo, c = walk.open[1:], walk.high[1:], walk.low[1:], walk.close[1:]
    po, pc = walk.open[:-1], walk.close[:-1]
    n = (c - pc) + 0.5 * (c - o) + 0.25 * (pc - po)
    up, down, span = np.abs(h - pc), np.abs(lo - pc), np.abs(h - lo)
    drift = np.abs(0.25 * (pc - po))
    largest = np.maximum(np.maximum(up, down), span)
    r = np.where(
        largest == up,
        up - np.abs(0.5 * (lo - pc)) + drift,
        np.where(largest == down, down - np.abs(0.5 * (h - pc)) + drift, span + drift),
    )
    k = np.maximum(up, down)
    return np.concatenate([[0.0], 50.0 * (n / r) * (k / limit)])


@pytest.mark.parametrize("limit", [0.5, 3.0])
def test_swing_index_matches_wilders_formula(walk, limit):
    indicator = WilderSwingIndex(limit)
    np.testing.assert_allclose(run(indicator, walk), _swing(walk, limit), **TOL)
    assert indicator.is_ready and indicator.name == "SI"


def test_accumulative_swing_index_is_the_running_sum(walk):
    indicator = WilderAccumulativeSwingIndex("ASI8", 8)
    np.testing.assert_allclose(run(indicator, walk), np.cumsum(_swing(walk, 8)), **TOL)
    assert indicator.is_ready and indicator.warm_up_period == 2
    indicator.reset()
    assert not indicator.is_ready and indicator.current.value == 0
