"""LeastSquaresMovingAverage and RegressionChannel (LEAN's LeastSquaresMovingAverage.cs,
RegressionChannel.cs): the OLS line over ``t = 1..period`` evaluated at ``t = period``, bands ``k``
population standard deviations away."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import LeastSquaresMovingAverage, RegressionChannel

T0 = datetime(2014, 1, 1)
VALUES = [10.0, 11.0, 10.5, 12.0, 13.5, 12.5, 14.0, 13.0]


def test_lsma_returns_its_input_until_ready_then_the_fitted_end_point():
    lsma = LeastSquaresMovingAverage(4)
    for i, v in enumerate(VALUES):
        lsma.update(T0 + timedelta(days=i), v)
        if i < 3:
            assert lsma.current.value == v and not lsma.is_ready
            continue
        y = np.array(VALUES[i - 3 : i + 1])
        slope, intercept = np.polyfit(np.arange(1, 5), y, 1)
        assert lsma.slope.current.value == pytest.approx(slope)
        assert lsma.intercept.current.value == pytest.approx(intercept)
        assert lsma.current.value == pytest.approx(intercept + 4 * slope)


def test_regression_channel_bands():
    rc = RegressionChannel(5, 2)
    assert rc.name == "RC(5,2)"
    for i, v in enumerate(VALUES):
        rc.update(T0 + timedelta(days=i), v)
        assert rc.is_ready == (i >= 4)
    window = np.array(VALUES[-5:])
    slope, intercept = np.polyfit(np.arange(1, 6), window, 1)
    line = intercept + 5 * slope
    width = 2 * window.std()
    assert rc.current.value == pytest.approx(line)
    assert rc.linear_regression.current.value == pytest.approx(line)
    assert rc.upper_channel.current.value == pytest.approx(line + width)
    assert rc.lower_channel.current.value == pytest.approx(line - width)
    assert rc.slope.current.value == pytest.approx(slope)
    rc.reset()
    assert not rc.is_ready and rc.upper_channel.current.value == 0.0


def test_hurst_exponent_regresses_log_std_of_lag_differences_on_log_lag():
    import math

    from engine.indicators import HurstExponent

    rng = np.random.default_rng(4)
    values = list(100 + np.cumsum(rng.normal(0, 1, 30)))
    he = HurstExponent(12, 5)
    for i, v in enumerate(values):
        he.update(T0 + timedelta(days=i), v)
    window = np.array(values[-12:])
    lags = np.arange(2, 6)
    stds = [np.std(window[lag:] - window[:-lag]) for lag in lags]
    slope = np.polyfit(np.log(lags), np.log(stds), 1)[0]
    assert he.name == "HE(12,5)" and he.is_ready
    assert he.current.value == pytest.approx(slope)
    assert math.isfinite(he.current.value)
