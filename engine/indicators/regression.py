"""Least-squares indicators (Indicators/LeastSquaresMovingAverage.cs, RegressionChannel.cs,
TimeSeriesForecast.cs, HurstExponent.cs).

``LeastSquaresMovingAverage(period)`` fits ``value = intercept + slope * t`` by ordinary least
squares over the last ``period`` values (``t = 1..period``, oldest first) and returns the fitted
value at ``t = period``; until the window is full it returns its input. ``RegressionChannel(period,
k)`` is that line with bands ``k`` population standard deviations above and below it.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

import numpy as np

from engine.indicators.base import Identity, Indicator, parse_name_period
from engine.indicators.extensions import IndicatorExtensions
from engine.indicators.rolling import StandardDeviation


class LeastSquaresMovingAverage(Indicator):
    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "LSMA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque(maxlen=period)
        self._t = np.arange(1.0, period + 1.0)
        self.intercept = Identity(name + "_Intercept")
        self.slope = Identity(name + "_Slope")

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        if len(self._values) < self.period:
            return value
        slope, intercept = np.polyfit(self._t, np.fromiter(self._values, float), 1)
        self.intercept.update(time, float(intercept))
        self.slope.update(time, float(slope))
        return self.intercept.current.value + self.slope.current.value * self.period

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()
        self.intercept.reset()
        self.slope.reset()


class RegressionChannel(Indicator):
    """``RegressionChannel(period, k)`` or ``(name, period, k)``: ``linear_regression`` (an LSMA),
    ``upper_channel`` / ``lower_channel`` (the line plus / minus ``k`` standard deviations),
    ``intercept`` and ``slope``; its value is the regression line."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "RC")
        k = float(rest[0])
        if not isinstance(args[0], str):
            name = f"RC({period},{k:g})"
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._std = StandardDeviation(period)
        self.linear_regression = LeastSquaresMovingAverage(name + "_LinearRegression", period)
        width = IndicatorExtensions.times(self._std, k)
        self.lower_channel = IndicatorExtensions.minus(
            self.linear_regression, width, name + "_LowerChannel"
        )
        self.upper_channel = IndicatorExtensions.plus(
            self.linear_regression, width, name + "_UpperChannel"
        )

    @property
    def intercept(self) -> Identity:
        return self.linear_regression.intercept

    @property
    def slope(self) -> Identity:
        return self.linear_regression.slope

    def _next(self, time: datetime, value: float) -> float:
        self._std.update(time, value)
        self.linear_regression.update(time, value)
        return self.linear_regression.current.value

    @property
    def is_ready(self) -> bool:
        return (
            self._std.is_ready
            and self.linear_regression.is_ready
            and self.upper_channel.is_ready
            and self.lower_channel.is_ready
        )

    def _reset_state(self) -> None:
        self._std.reset()
        self.linear_regression.reset()
        self.lower_channel.reset()
        self.upper_channel.reset()


class TimeSeriesForecast(Indicator):
    """The OLS line of the last ``period`` values (``t = 1..period``) extrapolated one step, to
    ``t = period + 1``; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        # LEAN's default name lacks its opening parenthesis: ``TSF5)``
        name, period, _ = parse_name_period(args, "TSF{period})")
        if period < 2:
            raise ValueError("RollingWindow must have size of at least 2.")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque(maxlen=period)
        self._t = np.arange(1.0, period + 1.0)

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        if not self.is_ready:
            return 0.0
        slope, intercept = np.polyfit(self._t, np.fromiter(self._values, float), 1)
        return float(intercept + slope * (self.period + 1))

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()


class HurstExponent(Indicator):
    """The slope of ``log(std of lag-differences)`` on ``log(lag)`` for lags ``2..max_lag`` over
    the last ``period`` values (population std; a zero std counts ``log`` 0); 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "HE")
        max_lag = int(rest[0]) if rest else 20
        if max_lag < 3:
            raise ValueError(
                "The maxLag parameter must be greater than 2 to compute the Hurst Exponent."
            )
        if not isinstance(args[0], str):
            name = f"HE({period},{max_lag})"
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._lags = list(range(2, max_lag + 1))
        logs = [math.log(lag) for lag in self._lags]
        self._sum_x = sum(logs)
        self._sum_x2 = sum(x * x for x in logs)
        self._values: deque[float] = deque(maxlen=period)

    def _next(self, time: datetime, value: float) -> float:
        self._values.appendleft(value)  # index 0 is the newest, as LEAN's RollingWindow
        if len(self._values) < self.period:
            return 0.0
        window = np.fromiter(self._values, float)
        sum_y = sum_xy = 0.0
        for lag in self._lags:
            count = max(0, self.period - lag)
            std = 0.0
            if count > 0:
                differences = window[lag : lag + count] - window[:count]
                mean = differences.mean()
                variance = float((differences * differences).mean() - mean * mean)
                std = math.sqrt(variance) if variance > 0 else 0.0
            log_tau = math.log(std) if std != 0.0 else 0.0
            sum_y += log_tau
            sum_xy += math.log(lag) * log_tau
        n = len(self._lags)
        return (n * sum_xy - self._sum_x * sum_y) / (n * self._sum_x2 - self._sum_x**2)

    @property
    def is_ready(self) -> bool:
        return len(self._values) == self.period

    def _reset_state(self) -> None:
        self._values.clear()
