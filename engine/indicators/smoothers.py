"""More moving averages (Indicators/ZeroLagExponentialMovingAverage.cs, T3MovingAverage.cs,
ArnaudLegouxMovingAverage.cs, McGinleyDynamic.cs, RelativeMovingAverage.cs,
VariableIndexDynamicAverage.cs)."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

import numpy as np

from engine.indicators.averages import (
    DoubleExponentialMovingAverage,
    ExponentialMovingAverage,
    SimpleMovingAverage,
    register_moving_average,
)
from engine.indicators.base import Indicator, MovingAverageType, parse_name_period
from engine.indicators.price_oscillators import ChandeMomentumOscillator
from engine.indicators.rolling import Delay, Sum


class ZeroLagExponentialMovingAverage(Indicator):
    """EMA of ``2 * value - value[lag]`` with ``lag = round((period - 1) / 2)``; 0 until the lagged
    value exists (ready with that EMA)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "ZLEMA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + period // 2
        self._ema = ExponentialMovingAverage(name + "_EMA", period)
        # C#'s Math.Round rounds halves to even, as Python's round does
        self._delayed = Delay(round((period - 1) / 2.0))

    def _next(self, time: datetime, value: float) -> float:
        if self._delayed.update(time, value):
            self._ema.update(time, value + (value - self._delayed.current.value))
            return self._ema.current.value
        return 0.0

    @property
    def is_ready(self) -> bool:
        return self._delayed.is_ready and self._ema.is_ready

    def _reset_state(self) -> None:
        self._ema.reset()
        self._delayed.reset()


class T3MovingAverage(Indicator):
    """Tillson's T3: three generalized DEMAs with volume factor ``v`` (0.7 by default) in a chain,
    each starting once the previous is ready; ready after ``6 * (period - 1) + 1`` values."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "T3")
        factor = float(rest[0]) if rest else 0.7
        if not isinstance(args[0], str):
            name = f"T3({period},{factor:g})"
        super().__init__(name)
        self.period = period
        self.volume_factor = factor
        self.warm_up_period = 1 + 6 * (period - 1)
        self._gd = [
            DoubleExponentialMovingAverage(f"{name}_{i}", period, factor) for i in (1, 2, 3)
        ]

    def _next(self, time: datetime, value: float) -> float:
        gd1, gd2, gd3 = self._gd
        gd1.update(time, value)
        if not gd1.is_ready:
            return gd1.current.value
        gd2.update(time, gd1.current.value)
        if not gd2.is_ready:
            return gd2.current.value
        gd3.update(time, gd2.current.value)
        return gd3.current.value

    @property
    def is_ready(self) -> bool:
        return self.samples > 6 * (self.period - 1)

    def _reset_state(self) -> None:
        for gd in self._gd:
            gd.reset()


class ArnaudLegouxMovingAverage(Indicator):
    """Gaussian-weighted average of the last ``period`` values: weights
    ``exp(-(i - m)^2 / (2 s^2))`` with ``m = floor(offset * (period - 1))``, ``s = period / sigma``,
    ``i = 0`` the oldest value; the input itself until ``period`` values were seen."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "ALMA")
        sigma = int(rest[0]) if rest else 6
        offset = float(rest[1]) if len(rest) > 1 else 0.85
        if not 0 <= offset <= 1:
            raise ValueError(f"Offset parameter range is [0,1]. Value: {offset}")
        if not isinstance(args[0], str):
            name = f"ALMA({period},{sigma},{offset:g})"
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        m = math.floor(offset * (period - 1))
        s = period / sigma
        weights = np.exp(-((np.arange(period) - m) ** 2) / (2 * s * s))
        self._weights = weights / weights.sum()
        self._values: deque[float] = deque(maxlen=period)

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        if len(self._values) < self.period:
            return value
        return float(np.dot(self._weights, np.fromiter(self._values, float)))

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()


class McGinleyDynamic(Indicator):
    """McGinley's dynamic: the SMA of the first ``period`` values, then
    ``md + (value - md) / (period * (value / md) ** 4)``; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "MGD({period})")
        if period == 0:
            raise ValueError("Period can not be zero")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._sum = Sum(name + "_Sum", period)

    def _next(self, time: datetime, value: float) -> float:
        self._sum.update(time, value)
        if not self.is_ready:
            return 0.0
        if self.samples == self.period:
            return self._sum.current.value / self.period
        previous = self.current.value
        if previous == 0 or value == 0:
            return previous
        denominator = self.period * (value / previous) ** 4
        return previous + (value - previous) / denominator if denominator != 0 else previous

    @property
    def is_ready(self) -> bool:
        return self._sum.is_ready

    def _reset_state(self) -> None:
        self._sum.reset()


class RelativeMovingAverage(Indicator):
    """``SMA(3 period) - SMA(2 period) + SMA(period)``; ready with the long average."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "RMA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = 3 * period
        self.short_average = SimpleMovingAverage(name + "_Short", period)
        self.medium_average = SimpleMovingAverage(name + "_Medium", 2 * period)
        self.long_average = SimpleMovingAverage(name + "_Long", 3 * period)

    def _next(self, time: datetime, value: float) -> float:
        for average in (self.short_average, self.medium_average, self.long_average):
            average.update(time, value)
        return (
            self.long_average.current.value
            - self.medium_average.current.value
            + self.short_average.current.value
        )

    @property
    def is_ready(self) -> bool:
        return self.long_average.is_ready

    def _reset_state(self) -> None:
        for average in (self.short_average, self.medium_average, self.long_average):
            average.reset()


class VariableIndexDynamicAverage(Indicator):
    """Chande's VIDYA: an EMA whose smoothing ``2 / (period + 1)`` is scaled by ``|CMO| / 100``;
    0 until ``period + 1`` values were seen."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "VIDYA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 1
        self._cmo = ChandeMomentumOscillator(period)
        self._k = 2.0 / (period + 1)
        self._vidya = 0.0

    def _next(self, time: datetime, value: float) -> float:
        self._cmo.update(time, value)
        if not self.is_ready:
            self._vidya = value
            return 0.0
        weight = self._k * abs(self._cmo.current.value / 100)
        self._vidya = value * weight + self._vidya * (1 - weight)
        return self._vidya

    @property
    def is_ready(self) -> bool:
        return self.samples > self.period

    def _reset_state(self) -> None:
        self._vidya = 0.0
        self._cmo.reset()


register_moving_average(MovingAverageType.MGD, McGinleyDynamic)
register_moving_average(MovingAverageType.T3, T3MovingAverage)
register_moving_average(MovingAverageType.ALMA, ArnaudLegouxMovingAverage)
register_moving_average(MovingAverageType.ZLEMA, ZeroLagExponentialMovingAverage)
