"""DeMarker, derivative oscillator, Fisher transform, KST, Momersion, stochastic RSI, TSI, RVI,
Vortex, time-series forecast, relative MA, McGinley dynamic and smoothed OBV on short hand-made
series, against LEAN's formulas (Indicators/*.cs) computed independently here."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    DeMarkerIndicator,
    ExponentialMovingAverage,
    FisherTransform,
    KnowSureThing,
    McGinleyDynamic,
    Momersion,
    RelativeMovingAverage,
    RelativeStrengthIndex,
    RelativeVigorIndex,
    SimpleMovingAverage,
    SmoothedOnBalanceVolume,
    StochasticRelativeStrengthIndex,
    TimeSeriesForecast,
    TrueStrengthIndex,
    Vortex,
)
from engine.model import TradeBar

T0 = datetime(2020, 1, 1)
rng = np.random.default_rng(11)
CLOSES = list(50 + np.cumsum(rng.normal(0, 1, 80)))
OPENS = [c + x for c, x in zip(CLOSES, rng.normal(0, 0.3, 80), strict=True)]
HIGHS = [max(o, c) + abs(x) for o, c, x in zip(OPENS, CLOSES, rng.normal(0, 0.5, 80), strict=True)]
LOWS = [min(o, c) - abs(x) for o, c, x in zip(OPENS, CLOSES, rng.normal(0, 0.5, 80), strict=True)]
VOLUMES = list(rng.integers(100, 1000, 80).astype(float))


def bars():
    return [
        TradeBar(T0 + timedelta(days=i), None, o, h, low, c, v)
        for i, (o, h, low, c, v) in enumerate(zip(OPENS, HIGHS, LOWS, CLOSES, VOLUMES, strict=True))
    ]


def feed_values(indicator, values=CLOSES):
    for i, v in enumerate(values):
        indicator.update(T0 + timedelta(days=i), v)
    return indicator


def feed_bars(indicator):
    for b in bars():
        indicator.update(b)
    return indicator


def test_demarker():
    dem = feed_bars(DeMarkerIndicator(5))
    ups = [max(h - ph, 0) for h, ph in zip(HIGHS[1:], HIGHS[:-1], strict=True)]
    downs = [max(pl - low, 0) for low, pl in zip(LOWS[1:], LOWS[:-1], strict=True)]
    up, down = np.mean(ups[-5:]), np.mean(downs[-5:])
    assert dem.name == "DEM(5,Simple)"
    assert dem.current.value == pytest.approx(up / (up + down))


def test_fisher_transform_recursion():
    period = 6
    fish = FisherTransform(period)
    mids = [(h + low) / 2 for h, low in zip(HIGHS, LOWS, strict=True)]
    x_prev = value = 0.0
    for i, b in enumerate(bars()):
        fish.update(b)
        if i + 1 < period:
            continue
        window = mids[i + 1 - period : i + 1]
        lo, hi = min(window), max(window)
        x = 0.33 * 2 * ((mids[i] - lo) / (hi - lo) - 0.5) + 0.67 * x_prev
        clipped = min(max(x, -0.999), 0.999)
        value = 0.5 * math.log((1 + clipped) / (1 - clipped)) + 0.5 * value
        x_prev = x
        assert fish.current.value == pytest.approx(value)


def test_kst_weights_four_smoothed_rates_of_change():
    kst = feed_values(KnowSureThing(2, 2, 3, 2, 4, 2, 5, 3, 3))
    closes = np.array(CLOSES)

    def roc_ma(n, m):
        roc = 100 * (closes[n:] - closes[:-n]) / closes[:-n]
        return roc[-m:].mean()

    expected = roc_ma(2, 2) + 2 * roc_ma(3, 2) + 3 * roc_ma(4, 2) + 4 * roc_ma(5, 3)
    assert kst.current.value == pytest.approx(expected)


def test_momersion_counts_momentum_and_reversion():
    values = [1, 2, 3, 2, 3, 4, 5, 4, 4, 5, 6]
    mom = feed_values(Momersion(4, 6), values)
    diffs = np.diff(values)
    products = (diffs[1:] * diffs[:-1])[-6:]
    up, down = (products > 0).sum(), (products < 0).sum()
    assert mom.is_ready and mom.current.value == pytest.approx(100 * up / (up + down))


def test_stochastic_rsi_k_and_d():
    srsi = StochasticRelativeStrengthIndex(5, 4, 2, 2)
    rsi = RelativeStrengthIndex(5)
    rsis, ks = [], []
    for i, c in enumerate(CLOSES):
        srsi.update(T0 + timedelta(days=i), c)
        rsi.update(T0 + timedelta(days=i), c)
        rsis.append(rsi.current.value)
        if len(rsis) >= 4:
            window = rsis[-4:]
            ks.append(100 * (rsis[-1] - min(window)) / (max(window) - min(window)))
    assert srsi.k.current.value == pytest.approx(np.mean(ks[-2:]))
    assert srsi.current.value == CLOSES[-1]


def test_true_strength_index():
    tsi = feed_values(TrueStrengthIndex(6, 3, 2))
    changes = np.diff(CLOSES)

    def double_ema(values):
        first, second = ExponentialMovingAverage(6), ExponentialMovingAverage(3)
        for i, v in enumerate(values):
            first.update(T0 + timedelta(days=i), v)
            if first.is_ready:
                second.update(T0 + timedelta(days=i), first.current.value)
        return second.current.value

    expected = 100 * double_ema(changes) / double_ema(np.abs(changes))
    assert tsi.current.value == pytest.approx(expected)


def test_relative_vigor_index():
    period = 4
    rvi = feed_bars(RelativeVigorIndex(period))
    moves = np.array(CLOSES) - np.array(OPENS)
    spans = np.array(HIGHS) - np.array(LOWS)

    def weighted(x):
        return (x[3:] + 2 * (x[2:-1] + x[1:-2]) + x[:-3]) / 6

    expected = weighted(moves)[-period:].mean() / weighted(spans)[-period:].mean()
    assert rvi.name == "RVI(4,Simple)"
    assert rvi.current.value == pytest.approx(expected)


def test_vortex():
    period = 5
    vtx = feed_bars(Vortex(period))
    plus = [abs(h - pl) for h, pl in zip(HIGHS[1:], LOWS[:-1], strict=True)]
    minus = [abs(low - ph) for low, ph in zip(LOWS[1:], HIGHS[:-1], strict=True)]
    tr = [
        max(h, pc) - min(low, pc)
        for h, low, pc in zip(HIGHS[1:], LOWS[1:], CLOSES[:-1], strict=True)
    ]
    plus_v, minus_v = (
        sum(plus[-period:]) / sum(tr[-period:]),
        sum(minus[-period:]) / sum(tr[-period:]),
    )
    assert vtx.plus_vortex.current.value == pytest.approx(plus_v)
    assert vtx.minus_vortex.current.value == pytest.approx(minus_v)
    assert vtx.current.value == pytest.approx((plus_v + minus_v) / 2)


def test_time_series_forecast_relative_ma_and_mcginley():
    tsf = feed_values(TimeSeriesForecast(5))
    slope, intercept = np.polyfit(np.arange(1, 6), CLOSES[-5:], 1)
    assert tsf.current.value == pytest.approx(intercept + 6 * slope) and tsf.name == "TSF5)"
    rma = feed_values(RelativeMovingAverage(3))
    expected = np.mean(CLOSES[-9:]) - np.mean(CLOSES[-6:]) + np.mean(CLOSES[-3:])
    assert rma.current.value == pytest.approx(expected)
    mgd = feed_values(McGinleyDynamic(4), CLOSES[:6])
    md = np.mean(CLOSES[:4])
    for v in CLOSES[4:6]:
        md = md + (v - md) / (4 * (v / md) ** 4)
    assert mgd.current.value == pytest.approx(md)


def test_smoothed_on_balance_volume():
    sobv = feed_bars(SmoothedOnBalanceVolume(4))
    obv, line = [], 0.0
    for i, (c, v) in enumerate(zip(CLOSES, VOLUMES, strict=True)):
        if i:
            line += v if c > CLOSES[i - 1] else -v if c < CLOSES[i - 1] else 0.0
        else:
            line = v
        obv.append(line)
    sma = SimpleMovingAverage(4)
    feed_values(sma, obv)
    assert sobv.current.value == pytest.approx(sma.current.value)
