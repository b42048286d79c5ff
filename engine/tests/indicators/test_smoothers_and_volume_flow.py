"""ZLEMA, T3, ALMA, DEMA's volume factor, Chaikin money flow, VWMA, force index and ease of
movement on hand-made data, against LEAN's formulas (Indicators/*.cs)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    ArnaudLegouxMovingAverage,
    ChaikinMoneyFlow,
    DoubleExponentialMovingAverage,
    EaseOfMovementValue,
    ExponentialMovingAverage,
    ForceIndex,
    T3MovingAverage,
    VolumeWeightedMovingAverage,
    ZeroLagExponentialMovingAverage,
)
from engine.model import TradeBar

T0 = datetime(2020, 1, 1)
CLOSES = [10.0, 10.5, 10.2, 10.8, 11.5, 11.1, 11.9, 12.4, 12.0, 12.6, 13.1, 12.7, 13.3, 13.0]
VOLUMES = [100.0, 250.0, 80.0, 120.0, 300.0, 90.0, 60.0, 200.0, 150.0, 110.0, 95.0, 130.0, 70, 40]


def bars():
    return [
        TradeBar(T0 + timedelta(days=i), None, c, c + 0.4, c - 0.6, c, v)
        for i, (c, v) in enumerate(zip(CLOSES, VOLUMES, strict=True))
    ]


def test_zlema_is_an_ema_of_the_de_lagged_price():
    zlema = ZeroLagExponentialMovingAverage(5)  # lag round(4 / 2) = 2
    ema = ExponentialMovingAverage(5)
    for i, c in enumerate(CLOSES):
        zlema.update(T0 + timedelta(days=i), c)
        if i >= 2:
            ema.update(T0 + timedelta(days=i), 2 * c - CLOSES[i - 2])
        else:
            assert zlema.current.value == 0.0
    assert zlema.current.value == pytest.approx(ema.current.value)
    assert zlema.is_ready and zlema.warm_up_period == 7


def test_t3_chains_three_generalized_demas():
    period, factor = 2, 0.7
    t3 = T3MovingAverage(period, factor)
    chain = [DoubleExponentialMovingAverage(period, factor) for _ in range(3)]
    for i, c in enumerate(CLOSES):
        t = T0 + timedelta(days=i)
        t3.update(t, c)
        chain[0].update(t, c)
        if chain[0].is_ready:
            chain[1].update(t, chain[0].current.value)
        if chain[1].is_ready:
            chain[2].update(t, chain[1].current.value)
    assert t3.name == "T3(2,0.7)" and t3.is_ready
    assert t3.current.value == pytest.approx(chain[2].current.value)


def test_dema_volume_factor():
    dema = DoubleExponentialMovingAverage(3, 0.5)
    e1, e2 = ExponentialMovingAverage(3), ExponentialMovingAverage(3)
    for i, c in enumerate(CLOSES):
        t = T0 + timedelta(days=i)
        dema.update(t, c)
        e1.update(t, c)
        if e1.is_ready:
            e2.update(t, e1.current.value)
    assert dema.current.value == pytest.approx(1.5 * e1.current.value - 0.5 * e2.current.value)


def test_alma_gaussian_weights():
    period, sigma, offset = 5, 6, 0.85
    alma = ArnaudLegouxMovingAverage(period, sigma, offset)
    for i, c in enumerate(CLOSES):
        alma.update(T0 + timedelta(days=i), c)
    m, s = math.floor(offset * (period - 1)), period / sigma
    weights = np.array([math.exp(-((i - m) ** 2) / (2 * s * s)) for i in range(period)])
    expected = np.dot(weights / weights.sum(), CLOSES[-period:])
    assert alma.name == "ALMA(5,6,0.85)"
    assert alma.current.value == pytest.approx(expected)


def test_volume_flow_indicators():
    cmf, vwma, fi, emv = (
        ChaikinMoneyFlow(3),
        VolumeWeightedMovingAverage(3),
        ForceIndex(2),
        EaseOfMovementValue(2, 100),
    )
    for b in bars():
        for indicator in (cmf, vwma, fi, emv):
            indicator.update(b)
    flows = [
        v * ((c - (c - 0.6)) - ((c + 0.4) - c)) / 1.0 for c, v in zip(CLOSES, VOLUMES, strict=True)
    ]
    assert cmf.current.value == pytest.approx(sum(flows[-3:]) / sum(VOLUMES[-3:]))
    weighted = np.dot(CLOSES[-3:], VOLUMES[-3:]) / sum(VOLUMES[-3:])
    assert vwma.current.value == pytest.approx(weighted)
    forces = [(c - p) * v for c, p, v in zip(CLOSES[1:], CLOSES[:-1], VOLUMES[1:], strict=True)]
    ema = ExponentialMovingAverage(2)
    for i, f in enumerate(forces):
        ema.update(T0 + timedelta(days=i), f)
    assert fi.current.value == pytest.approx(ema.current.value) and fi.is_ready
    # every bar spans 1.0, so the mid moves with the close
    moves = [
        (c - p) / (v / 100 / 1.0)
        for c, p, v in zip(CLOSES[1:], CLOSES[:-1], VOLUMES[1:], strict=True)
    ]
    assert emv.current.value == pytest.approx(np.mean(moves[-2:]))
