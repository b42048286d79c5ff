"""Zig-zag pivots, FRAMA, the Klinger volume oscillator and two-symbol covariance on hand-made data,
against LEAN's formulas (Indicators/ZigZag.cs, FractalAdaptiveMovingAverage.cs,
KlingerVolumeOscillator.cs, Covariance.cs)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    Covariance,
    ExponentialMovingAverage,
    FractalAdaptiveMovingAverage,
    KlingerVolumeOscillator,
    ZigZag,
)
from engine.model import Market, SecurityType, Symbol, TradeBar

T0 = datetime(2020, 1, 1)
DAY = timedelta(days=1)


def bar(i: int, high: float, low: float, close: float | None = None, volume: float = 100.0):
    close = (high + low) / 2 if close is None else close
    return TradeBar(T0 + i * DAY, None, close, high, low, close, volume, DAY)


def test_zigzag_turns_after_the_sensitivity_move():
    zz = ZigZag(0.1, 1)
    rows = [(10, 9), (11, 10), (12, 11), (11, 10.5), (10.8, 9.8), (10, 9.0), (10.5, 9.5), (11, 10)]
    for i, (h, low) in enumerate(rows):
        zz.update(bar(i, h, low))
    # low pivot 9 (bar 0); a high >= 9.9 turns it up: high pivots 11, then 12; a low <= 10.8
    # turns it down at bar 4 (9.8), extended to 9.0; a high >= 9.9 at bar 6 turns it up again
    assert zz.low_pivot.current.value == 9.0
    assert zz.high_pivot.current.value == 11.0
    assert zz.current.value == 11.0 and zz.pivot_type == "High"


def test_frama_adapts_alpha_to_the_fractal_dimension():
    n = 4
    frama = FractalAdaptiveMovingAverage(n, 10)
    rng = np.random.default_rng(3)
    highs = list(100 + np.cumsum(rng.normal(0, 1, 12)))
    lows = [h - 1 - abs(x) for h, x in zip(highs, rng.normal(0, 0.5, 12), strict=True)]
    value = 0.0
    w = math.log(2 / 11)
    for i, (h, low) in enumerate(zip(highs, lows, strict=True)):
        frama.update(bar(i, h, low))
        price = (h + low) / 2
        if i < n:
            value = price
            continue
        hs, ls = highs[i - n + 1 : i + 1][::-1], lows[i - n + 1 : i + 1][::-1]
        n1 = (max(hs[:2]) - min(ls[:2])) / 2
        n2 = (max(hs[2:]) - min(ls[2:])) / 2
        n3 = (max(hs) - min(ls)) / n
        dimension = math.log((n1 + n2) / n3) / math.log(2)
        alpha = min(max(math.exp(w * (dimension - 1)), 0.01), 1.0)
        value = alpha * price + (1 - alpha) * value
        assert frama.current.value == pytest.approx(value)


def test_klinger_volume_oscillator():
    rng = np.random.default_rng(9)
    closes = 50 + np.cumsum(rng.normal(0, 1, 30))
    rows = [
        (c + 1 + abs(x), c - 1 - abs(x), c, 1000 + 10 * i)
        for i, (c, x) in enumerate(zip(closes, rng.normal(0, 0.3, 30), strict=True))
    ]
    kvo = KlingerVolumeOscillator(3, 5, 4)
    fast, slow = ExponentialMovingAverage(3), ExponentialMovingAverage(5)
    cumulative, trends = 0.0, []
    for i, (h, low, c, v) in enumerate(rows):
        kvo.update(bar(i, h, low, c, v))
        if i == 0:
            continue
        trend = 1 if h + low + c > sum(rows[i - 1][:3]) else -1
        trends.append(trend)
        if len(trends) < 2:
            continue
        movement = h - low
        if cumulative == 0 or trends[-1] != trends[-2]:
            cumulative = movement + (rows[i - 1][0] - rows[i - 1][1])
        else:
            cumulative += movement
        force = v * abs(2 * (movement / cumulative - 1)) * trend * 100
        fast.update(T0 + i * DAY, force)
        slow.update(T0 + i * DAY, force)
    assert kvo.current.value == pytest.approx(fast.current.value - slow.current.value)


def test_covariance_of_two_symbols_returns():
    a = Symbol("AAA", SecurityType.EQUITY, Market.USA)
    b = Symbol("BBB", SecurityType.EQUITY, Market.USA)
    cov = Covariance(a, b, 4)
    rng = np.random.default_rng(1)
    pa = 100 * np.cumprod(1 + rng.normal(0, 0.01, 8))
    pb = 50 * np.cumprod(1 + rng.normal(0, 0.01, 8))
    for i in range(8):
        cov.update(TradeBar(T0 + i * DAY, a, pa[i], pa[i], pa[i], pa[i], 1, DAY))
        cov.update(TradeBar(T0 + i * DAY, b, pb[i], pb[i], pb[i], pb[i], 1, DAY))
    ra, rb = pa[1:] / pa[:-1] - 1, pb[1:] / pb[:-1] - 1
    assert cov.is_ready and cov.name == "COV(4)"
    assert cov.current.value == pytest.approx(np.cov(ra[-4:], rb[-4:], ddof=1)[0, 1])
