"""Acceleration bands, average range, choppiness index, ADXR, Coppock curve and the Chaikin
oscillator on hand-made bars, against LEAN's formulas (Indicators/*.cs)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    AccelerationBands,
    AccumulationDistributionOscillator,
    AverageDirectionalIndex,
    AverageDirectionalMovementIndexRating,
    AverageRange,
    ChaikinOscillator,
    ChoppinessIndex,
    CoppockCurve,
    LinearWeightedMovingAverage,
)
from engine.model import TradeBar

T0 = datetime(2020, 1, 1)
rng = np.random.default_rng(7)
CLOSES = list(100 + np.cumsum(rng.normal(0, 1, 60)))
HIGHS = [c + abs(x) for c, x in zip(CLOSES, rng.normal(0, 0.8, 60), strict=True)]
LOWS = [c - abs(x) for c, x in zip(CLOSES, rng.normal(0, 0.8, 60), strict=True)]


def bars():
    return [
        TradeBar(T0 + timedelta(days=i), None, c, h, low, c, 1000 + 10 * i)
        for i, (c, h, low) in enumerate(zip(CLOSES, HIGHS, LOWS, strict=True))
    ]


def test_acceleration_bands():
    bands = AccelerationBands(5, 4)
    for b in bars():
        bands.update(b)
    h, low, c = np.array(HIGHS[-5:]), np.array(LOWS[-5:]), np.array(CLOSES[-5:])
    k = 4 * (h - low) / (h + low)
    assert bands.name == "ABANDS(5,4,Simple)" and bands.is_ready
    assert bands.current.value == pytest.approx(c.mean())
    assert bands.upper_band.current.value == pytest.approx((h * (1 + k)).mean())
    assert bands.lower_band.current.value == pytest.approx((low * (1 - k)).mean())


def test_average_range_and_choppiness():
    ar, chop = AverageRange(4), ChoppinessIndex(4)
    for b in bars():
        ar.update(b)
        chop.update(b)
    ranges = np.array(HIGHS) - np.array(LOWS)
    assert ar.current.value == pytest.approx(ranges[-4:].mean())
    true_ranges = [
        max(h, pc) - min(low, pc)
        for h, low, pc in zip(HIGHS[-4:], LOWS[-4:], CLOSES[-5:-1], strict=True)
    ]
    span = max(HIGHS[-4:]) - min(LOWS[-4:])
    assert chop.current.value == pytest.approx(
        100 * math.log10(sum(true_ranges) / span) / math.log10(4)
    )


def test_adxr_averages_adx_with_its_past_value():
    period = 5
    adxr, adx = AverageDirectionalMovementIndexRating(period), AverageDirectionalIndex(period)
    history = []
    for b in bars():
        adxr.update(b)
        adx.update(b)
        if adx.is_ready:
            history.append(adx.current.value)
        if len(history) < period:
            assert adxr.current.value == 50.0 and not adxr.is_ready
    assert adxr.current.value == pytest.approx((history[-1] + history[-period]) / 2)


def test_coppock_curve_and_chaikin_oscillator():
    cc = CoppockCurve(3, 4, 5)
    lwma = LinearWeightedMovingAverage(5)
    for i, c in enumerate(CLOSES):
        t = T0 + timedelta(days=i)
        cc.update(t, c)
        if i >= 4:
            roc = [100 * (c - CLOSES[i - n]) / CLOSES[i - n] for n in (3, 4)]
            lwma.update(t, sum(roc))
    assert cc.name == "CC(3,4,5)" and cc.is_ready
    assert cc.current.value == pytest.approx(lwma.current.value)
    co, adosc = ChaikinOscillator(3, 10), AccumulationDistributionOscillator(3, 10)
    for b in bars():
        co.update(b)
        adosc.update(b)
    assert co.name == "ChaikinOscillator(3,10)"
    assert co.current.value == pytest.approx(adosc.current.value)


def test_augen_price_spike():
    from engine.indicators import AugenPriceSpike

    period = 4
    aps = AugenPriceSpike(period)
    for i, c in enumerate(CLOSES):
        aps.update(T0 + timedelta(days=i), c)
    logs = [math.log(CLOSES[i - 1] / CLOSES[i - 2]) for i in range(2, len(CLOSES))]
    std = np.std(logs[-period:])
    assert aps.is_ready and aps.name == "APS(4)"
    assert aps.current.value == pytest.approx((CLOSES[-1] - CLOSES[-2]) / (std * CLOSES[-2]))
