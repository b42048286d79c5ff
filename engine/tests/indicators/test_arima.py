"""ARIMA against LEAN's formulas (Indicators/AutoRegressiveIntegratedMovingAverage.cs)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import AutoRegressiveIntegratedMovingAverage
from engine.indicators.time_series import (
    difference_series,
    inverse_differenced_series,
    lagged_series,
)

RNG = np.random.default_rng(7)
PRICES = 100 + np.cumsum(RNG.normal(0, 1, 80))


def _feed(indicator, prices) -> list[float]:
    start = datetime(2024, 1, 1)
    return [
        (indicator.update(start + timedelta(days=i), p), indicator.current.value)[1]
        for i, p in enumerate(prices)
    ]


def test_differencing_is_newest_minus_older_and_inverts():
    newest_first = np.array([5.0, 3.0, 4.0, 1.0])
    diffs, heads = difference_series(1, newest_first)
    assert list(diffs) == [2.0, -1.0, 3.0] and list(heads) == [1.0]
    assert list(inverse_differenced_series(diffs, heads)) == [5.0, 3.0, 4.0, 1.0]


def test_lagged_series_rows_hold_the_p_previous_entries():
    rows = lagged_series(2, np.array([1.0, 2.0, 3.0, 4.0]))
    assert rows.tolist() == [[2.0, 1.0], [3.0, 2.0]]


def test_ar_only_forecast_is_the_least_squares_ar_fit_on_differences():
    arima = AutoRegressiveIntegratedMovingAverage("ar", 1, 1, 0, 20)
    values = _feed(arima, PRICES[:20])
    assert arima.is_ready and arima.warm_up_period == 20 and values[:19] == [0.0] * 19
    window = PRICES[:20][::-1]  # newest first, as LEAN's rolling window
    diffs = window[:-1] - window[1:]
    x, y = diffs[:-1, None], diffs[1:]  # LEAN pairs each entry with the one before it
    phi = np.linalg.lstsq(x, y, rcond=None)[0][0]
    assert arima.ar_parameters[0] == pytest.approx(phi, rel=1e-9)
    assert values[-1] == pytest.approx(window[0] + phi * diffs[0], rel=1e-12)


def test_arma_forecast_uses_the_two_step_fit_with_intercept():
    arima = AutoRegressiveIntegratedMovingAverage("arma", 1, 0, 1, 30)
    values = _feed(arima, PRICES[:30])
    data = PRICES[:30][::-1]
    lags = data[:-1][:, None]  # row t holds data[t - 1]
    ar = np.linalg.lstsq(lags, data[1:], rcond=None)[0]
    residuals = np.concatenate([[0.0], data[1:] - lags @ ar])
    design = np.column_stack([np.ones(29), lags[:, 0], residuals[:-1]])
    fit = np.linalg.lstsq(design, data[1:], rcond=None)[0]
    assert arima.intercept == pytest.approx(fit[0], rel=1e-7)
    assert arima.ma_parameters[0] == pytest.approx(fit[2], rel=1e-7)
    expected = fit[1] * data[0] + fit[2] * residuals[2] + fit[0]
    assert values[-1] == pytest.approx(expected, rel=1e-9)


def test_invalid_orders_are_refused():
    with pytest.raises(ValueError):
        AutoRegressiveIntegratedMovingAverage("x", 0, 1, 1, 10)
    with pytest.raises(ValueError):
        AutoRegressiveIntegratedMovingAverage("x", 3, 0, 1, 2)


def test_tr_and_arima_helpers_register_lean_named_indicators(tmp_path):
    from engine.algorithm.qcalgorithm import QCAlgorithm
    from engine.model import Resolution

    algo = QCAlgorithm()
    algo.add_equity("SPY", Resolution.DAILY)
    assert algo.tr("SPY").name == "TR(SPY)"
    arima = algo.arima("SPY", 1, 1, 0, 10, Resolution.DAILY)
    assert arima.name == "ARIMA(1,1,0,10)(SPY_day)" and arima.warm_up_period == 10
