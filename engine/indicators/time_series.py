"""Time-series model indicators (Indicators/TimeSeriesIndicator.cs,
AutoRegressiveIntegratedMovingAverage.cs).

LEAN keeps its window newest first and differences, lags and fits it in that order; the helpers
below follow the same conventions so that the fitted parameters and forecasts are LEAN's. The
least-squares fits solve the normal equations through a Cholesky factorisation (scipy), as
MathNet's ``Fit.MultiDim(..., DirectRegressionMethod.NormalEquations)`` does; a singular system
falls back to zero parameters, logged once per step like LEAN's ``HandleExceptions``.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime
from typing import Any

import numpy as np

from engine.indicators.base import Indicator

log = logging.getLogger(__name__)


def difference_series(d: int, series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``d`` times ``x[i] - x[i + 1]``; the heads are each level's last (oldest) value."""
    heads = np.zeros(d)
    local = np.asarray(series, dtype=float)
    for j in range(d):
        heads[j] = local[-1]
        local = local[:-1] - local[1:]
    return local, heads


def inverse_differenced_series(series: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """Undo ``difference_series``: append a head, then sum from the oldest end (LEAN's order of
    heads: the first level's first)."""
    local = list(series)
    for head in heads:
        local.append(float(head))
        local = list(np.cumsum(local[::-1])[::-1])
    return np.asarray(local)


def lagged_series(p: int, series: np.ndarray, include_t: bool = False) -> np.ndarray:
    """For each ``t >= p`` the row ``series[t - j]`` for ``j`` in ``0 or 1 .. p``."""
    series = np.asarray(series, dtype=float)
    start = 0 if include_t else 1
    rows = [[series[t - j] for j in range(start, p + 1)] for t in range(p, len(series))]
    return np.asarray(rows, dtype=float).reshape(len(rows), p + 1 - start)


def fit_normal_equations(x: np.ndarray, y: np.ndarray, intercept: bool = False) -> np.ndarray:
    """Least squares ``(X'X) b = X'y`` by Cholesky; with ``intercept`` a leading column of ones."""
    if intercept:
        x = np.hstack([np.ones((x.shape[0], 1)), x])
    from scipy.linalg import cho_factor, cho_solve  # scipy's import is slow: only when fitting

    gram = x.T @ x
    return cho_solve(cho_factor(gram, lower=True), x.T @ y)


class AutoRegressiveIntegratedMovingAverage(Indicator):
    """ARIMA(p, d, q) refitted on the last ``period`` values at every update; the value is the
    one-step forecast. ``(name, ar_order, diff_order, ma_order, period, intercept=True)`` or
    ``(ar_order, diff_order, ma_order, period, intercept)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args and isinstance(args[0], str):
            name, ar_order, diff_order, ma_order, period, *rest = args
            intercept = rest[0] if rest else kwargs.get("intercept", True)
        else:
            ar_order, diff_order, ma_order, period, *rest = args
            intercept = rest[0] if rest else kwargs.get("intercept", True)
            name = f"ARIMA(({ar_order}, {diff_order}, {ma_order}), {period}, {intercept})"
        if ar_order < 0 or ma_order < 0:
            raise ValueError("AR/MA orders cannot be negative.")
        if ar_order == 0:
            raise ValueError(
                "arOrder (p) must be greater than zero for all currently available fitting methods."
            )
        if period < max(ar_order, ma_order):
            raise ValueError("Period must exceed both arOrder and maOrder")
        super().__init__(name)
        self.ar_order = int(ar_order)
        self.diff_order = int(diff_order)
        self.ma_order = int(ma_order)
        self.period = int(period)
        self.intercept_enabled = bool(intercept)
        self.warm_up_period = self.period
        self.handle_exceptions = True
        self._window: deque = deque(maxlen=self.period)
        self._logged: set[str] = set()
        self._reset_fit()

    def _reset_fit(self) -> None:
        self.ar_parameters = np.zeros(0)
        self.ma_parameters = np.zeros(0)
        self.intercept = 0.0
        self.ar_residual_error = 0.0
        self.ma_residual_error = 0.0
        self._residuals: list[float] = []

    @property
    def is_ready(self) -> bool:
        return len(self._window) == self.period

    def _reset_state(self) -> None:
        self._window.clear()
        self._reset_fit()

    def _fit(self, step: str, x: np.ndarray, y: np.ndarray, intercept: bool = False) -> np.ndarray:
        try:
            return fit_normal_equations(x, y, intercept)
        except (np.linalg.LinAlgError, ValueError) as err:  # scipy raises numpy's
            if not self.handle_exceptions:
                raise
            if step not in self._logged:
                self._logged.add(step)
                log.error("AutoRegressiveIntegratedMovingAverage.%s(): %s", step, err)
            return np.zeros(x.shape[1] + (1 if intercept else 0))

    def _next(self, time: datetime, value: float) -> float:
        self._window.appendleft(float(value))
        if not self.is_ready:
            return 0.0
        data = np.asarray(self._window, dtype=float)  # newest first
        heads = np.zeros(0)
        if self.diff_order > 0:
            data, heads = difference_series(self.diff_order, data)
        self._two_step_fit(data)
        forecast = float(np.dot(self.ar_parameters[: self.ar_order], data[: self.ar_order]))
        for i in range(self.ma_order):
            forecast += self.ma_parameters[i] * self._residuals[self.ma_order + i + 1]
        forecast += self.intercept
        if self.diff_order > 0:
            forecast = float(
                inverse_differenced_series(np.concatenate([[forecast], data]), heads)[0]
            )
        return forecast

    def _two_step_fit(self, series: np.ndarray) -> None:
        p, q = self.ar_order, self.ma_order
        lags = lagged_series(p, series)
        ar_fit = self._fit("AutoRegressiveStep", lags, series[p:])
        residuals = [0.0] * p + list(series[p:] - lags @ ar_fit)
        self._residuals = residuals
        self.ar_residual_error = float(np.sum(np.square(residuals[p:]))) / (len(series) - p - 1)
        if q == 0:
            self.ar_parameters = ar_fit
            return
        lagged_errors = lagged_series(q, np.asarray(residuals))
        design = np.hstack([lags[: len(lagged_errors)], lagged_errors])
        target = series[q:]
        fits = self._fit("MovingAverageStep", design, target, self.intercept_enabled)
        params = fits[1:] if self.intercept_enabled else fits
        error = float(np.sum(np.square(target - design @ params)))
        self.ma_residual_error = error / (len(series) - max(p, q) - 1)
        self.ma_parameters = params[p:]
        self.ar_parameters = params[:p]
        self.intercept = float(fits[0]) if self.intercept_enabled else 0.0
