"""SwissArmyKnife against LEAN's formulas (Indicators/SwissArmyKnife.cs): the Gauss and band-pass
recursions written out here, steady states on a constant input, and the SWISS helper."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.indicators import SwissArmyKnife, SwissArmyKnifeTool

T0 = datetime(2020, 1, 2)
PRICES = [100.0, 101.5, 99.8, 102.3, 103.1, 101.0, 104.2, 105.0, 103.3, 106.1, 107.4, 105.9]


def feed(indicator, prices):
    values = []
    for i, price in enumerate(prices):
        indicator.update(T0 + timedelta(days=i), price)
        values.append(indicator.current.value)
    return values


def recursion(prices, c0, b, a):
    """c0 (b0 p0 + b1 p1 + b2 p2) + a1 f1 + a2 f2, the first price standing for the two before."""
    p = [prices[0], prices[0]]
    f = [0.0, 0.0]
    out = []
    for price in prices:
        p.append(price)
        value = c0 * (b[0] * p[-1] + b[1] * p[-2] + b[2] * p[-3]) + a[0] * f[-1] + a[1] * f[-2]
        f.append(value)
        out.append(value)
    return out


def test_gauss_is_leans_two_pole_recursion():
    period = 5
    beta = 2.415 * (1 - math.cos(2 * math.pi / period))
    alpha = -beta + math.sqrt(beta * beta + 2 * beta)
    expected = recursion(PRICES, alpha * alpha, (1, 0, 0), (2 * (1 - alpha), -((1 - alpha) ** 2)))
    swiss = SwissArmyKnife(period, 0.1, SwissArmyKnifeTool.GAUSS)
    assert swiss.name == "Swiss(5,0.1,Gauss)"
    assert feed(swiss, PRICES) == pytest.approx(expected, rel=1e-12)
    assert swiss.gauss.current.value == swiss.current.value


def test_band_pass_uses_delta():
    period, delta = 6, 0.2
    beta = math.cos(2 * math.pi / period)
    gamma = 1 / math.cos(4 * math.pi * delta / period)
    alpha = gamma - math.sqrt(gamma * gamma - 1)
    expected = recursion(PRICES, (1 - alpha) / 2, (1, 0, -1), (-beta * (1 - alpha), alpha))
    swiss = SwissArmyKnife("bp", period, delta, SwissArmyKnifeTool.BAND_PASS)
    assert feed(swiss, PRICES) == pytest.approx(expected, rel=1e-12)


def test_steady_states_on_a_constant_and_readiness():
    swiss = SwissArmyKnife(4, 0.1, SwissArmyKnifeTool.GAUSS)
    values = feed(swiss, [50.0] * 200)
    assert values[-1] == pytest.approx(50.0)  # unit gain at zero frequency
    assert swiss.butter.current.value == pytest.approx(50.0)
    assert swiss.high_pass.current.value == pytest.approx(0.0, abs=1e-9)
    assert swiss.two_pole_high_pass.current.value == pytest.approx(0.0, abs=1e-9)
    assert swiss.band_pass.current.value == pytest.approx(0.0, abs=1e-9)
    swiss.reset()
    assert not swiss.is_ready and swiss.gauss.samples == 0
    for i, price in enumerate([1.0, 2.0, 3.0, 4.0]):
        assert not swiss.is_ready
        swiss.update(T0 + timedelta(days=i), price)
    assert swiss.is_ready


def test_swiss_helper():
    algo = QCAlgorithm()
    spy = algo.add_equity("SPY").symbol
    swiss = algo.SWISS(spy, 20, 0.1, SwissArmyKnifeTool.BandPass)
    assert isinstance(swiss, SwissArmyKnife) and swiss.tool == SwissArmyKnifeTool.BAND_PASS
    assert swiss.name == "SWISS(20,0.1,BandPass,SPY_min)"
