"""Moving averages: SMA, EMA, Wilders, LWMA (WMA), DEMA, TEMA, KAMA, HMA, TRIMA and ``MovingAverageType``.

LEAN semantics kept here:
- SMA: the mean of the values seen so far until ``period`` samples, then the rolling mean.
- EMA/Wilders: seeded with the SMA of the first ``period`` values (before that the EMA is 0, the
  Wilders average the running mean),
  then ``value * k + previous * (1 - k)`` with ``k = 2 / (period + 1)`` (Wilders: ``1 / period``).
- DEMA/TEMA chain EMAs that start once the previous one is ready (as TA-Lib does).
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from decimal import Context, Decimal
from typing import Any

from engine.indicators.base import Indicator, IndicatorBase, MovingAverageType, parse_name_period

# System.Decimal's 28 significant digits; an infinite input gives NaN (as floats do), not an error
_DECIMAL = Context(prec=28, traps=[])


def _exact(value: Any) -> Decimal:
    """A value's shortest decimal form: the number LEAN's data holds."""
    return Decimal(float.__repr__(float(value)))


class SimpleMovingAverage(Indicator):
    """LEAN's Indicators/SimpleMovingAverage.cs keeps its rolling sum in System.Decimal, where the
    mean of prices that are exact decimals (as LEAN's scaled prices are) is exact: a mean equal to
    a price compares equal to it. A float running sum drifts by a few units in the last place (a
    mean of 145.412901588 comes out as 145.4129015879999, below the price), so the sum here is a
    ``Decimal`` of each value's shortest decimal form, the number LEAN's data holds."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "SMA{period}")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[Decimal] = deque()
        self._sum = Decimal(0)

    def _next(self, time: datetime, value: float) -> float:
        values = self._values
        exact = Decimal(float.__repr__(float(value)))
        values.append(exact)
        total = _DECIMAL.add(self._sum, exact)
        if len(values) > self.period:
            total = _DECIMAL.subtract(total, values.popleft())
        self._sum = total
        return float(_DECIMAL.divide(total, len(values)))

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()
        self._sum = Decimal(0)


class ExponentialMovingAverage(Indicator):
    """``ExponentialMovingAverage(period)``, ``(name, period)``, ``(period, smoothing_factor)`` or
    ``(name, period, smoothing_factor)``. 0 until ready (LEAN's ExponentialMovingAverage.cs), then
    seeded with the SMA of the first ``period`` values.

    As the SMA above, the average runs in System.Decimal's 28 digits, as LEAN's does: on a flat
    price two EMAs of different periods both settle on that exact price and compare equal, where
    float EMAs stop a few units in the last place apart, on either side (an EMA crossover test
    then flips on a price that does not move)."""

    _default_name = "EMA{period}"
    # Wilder's average (Indicators/WilderMovingAverage.cs) shows the running mean while warming up
    _zero_until_ready = True

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, self._default_name)
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.k = float(rest[0]) if rest else self.smoothing_factor_default(period)
        self._k = _exact(rest[0]) if rest else self._exact_smoothing_factor(period)
        self._one_minus_k = _DECIMAL.subtract(Decimal(1), self._k)
        self._sum = Decimal(0)
        self._exact = Decimal(0)  # the current value, in decimal

    @staticmethod
    def smoothing_factor_default(period: int) -> float:
        return 2.0 / (period + 1.0)

    @staticmethod
    def _exact_smoothing_factor(period: int) -> Decimal:
        return _DECIMAL.divide(Decimal(2), Decimal(period + 1))

    def _next(self, time: datetime, value: float) -> float:
        n = self.samples
        exact = _exact(value)
        if n <= self.period:
            self._sum = _DECIMAL.add(self._sum, exact)
            if self._zero_until_ready and n < self.period:
                return 0.0
            self._exact = _DECIMAL.divide(self._sum, n)
            return float(self._exact)
        context = _DECIMAL
        self._exact = context.add(
            context.multiply(exact, self._k), context.multiply(self._exact, self._one_minus_k)
        )
        return float(self._exact)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._sum = Decimal(0)
        self._exact = Decimal(0)


class WildersMovingAverage(ExponentialMovingAverage):
    _default_name = "WWMA{period}"
    _zero_until_ready = False

    @staticmethod
    def smoothing_factor_default(period: int) -> float:
        return 1.0 / period

    @staticmethod
    def _exact_smoothing_factor(period: int) -> Decimal:
        return _DECIMAL.divide(Decimal(1), Decimal(period))


class LinearWeightedMovingAverage(Indicator):
    """Weights ``n, n-1, ..., 1`` from the newest value (over the values seen so far until ready)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "LWMA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque(maxlen=period)

    def _next(self, time: datetime, value: float) -> float:
        values = self._values
        values.append(value)
        n = len(values)
        total = 0.0
        for weight, v in enumerate(values, 1):
            total += weight * v
        return total / (n * (n + 1) / 2.0)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()


class DoubleExponentialMovingAverage(Indicator):
    """``(1 + v) * EMA - v * EMA(EMA)`` with the volume factor ``v`` (1: the classic DEMA; LEAN's
    generalized DEMA for T3); the second EMA starts once the first is ready."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "DEMA({period})")
        super().__init__(name)
        self.period = period
        self.volume_factor = float(rest[0]) if rest else 1.0
        self.warm_up_period = 2 * period - 1
        self._ema1 = ExponentialMovingAverage(name + "_1", period)
        self._ema2 = ExponentialMovingAverage(name + "_2", period)

    def _next(self, time: datetime, value: float) -> float:
        e1 = self._ema1
        e1.update(time, value)
        if not e1.is_ready:
            return e1.current.value
        e2 = self._ema2
        e2.update(time, e1.current.value)
        factor = self.volume_factor
        return (factor + 1.0) * e1.current.value - factor * e2.current.value

    @property
    def is_ready(self) -> bool:
        return self._ema2.is_ready

    def _reset_state(self) -> None:
        self._ema1.reset()
        self._ema2.reset()


class TripleExponentialMovingAverage(Indicator):
    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "TEMA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = 3 * period - 2
        self._emas = [ExponentialMovingAverage(f"{name}_{i}", period) for i in (1, 2, 3)]

    def _next(self, time: datetime, value: float) -> float:
        e1, e2, e3 = self._emas
        e1.update(time, value)
        if not e1.is_ready:
            return e1.current.value
        e2.update(time, e1.current.value)
        if not e2.is_ready:
            return e1.current.value
        e3.update(time, e2.current.value)
        if not e3.is_ready:
            return 2.0 * e1.current.value - e2.current.value
        return 3.0 * e1.current.value - 3.0 * e2.current.value + e3.current.value

    @property
    def is_ready(self) -> bool:
        return self._emas[2].is_ready

    def _reset_state(self) -> None:
        for e in self._emas:
            e.reset()


class KaufmanAdaptiveMovingAverage(Indicator):
    """KAMA as in LEAN (after TA-Lib): fast 2, slow 30; the first KAMA uses the previous price.
    ``period`` (as in LEAN's code) is the window of ``period + 1`` values; ready after ``period + 1``."""

    _CONST_MAX = 2.0 / (30.0 + 1.0)
    _CONST_DIFF = 2.0 / (2.0 + 1.0) - _CONST_MAX

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "KAMA({period})")
        super().__init__(name)
        self.period = period + 1  # LEAN's WindowIndicator period: period + 1 values
        self.warm_up_period = period + 1
        self._values: deque[float] = deque(maxlen=period + 1)
        self._reset_state()

    def _reset_state(self) -> None:
        self._values.clear()
        self._sum_roc1 = 0.0
        self._prev_kama = 0.0
        self._trailing = 0.0

    def _next(self, time: datetime, value: float) -> float:
        window = self._values
        window.appendleft(value)
        n = self.samples
        period = self.period
        if n < period:
            if n > 1:
                self._sum_roc1 += abs(value - window[1])
            return value
        if n == period:
            self._sum_roc1 += abs(value - window[1])
            self._prev_kama = window[1]
        new_trailing = window[period - 1]
        period_roc = value - new_trailing
        if n > period:
            self._sum_roc1 -= abs(self._trailing - new_trailing)
            self._sum_roc1 += abs(value - window[1])
        self._trailing = new_trailing
        s = self._sum_roc1
        er = 1.0 if (s <= period_roc or s == 0.0) else abs(period_roc / s)
        sc = er * self._CONST_DIFF + self._CONST_MAX
        sc *= sc
        self._prev_kama = (value - self._prev_kama) * sc + self._prev_kama
        return self._prev_kama

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period


class HullMovingAverage(Indicator):
    """``WMA(2 * WMA(round(n/2)) - WMA(n), round(sqrt(n)))``; C#'s ``Math.Round`` rounds halves to even
    like Python's ``round`` (HMA(7): fast WMA(4), HMA(14): Hull WMA(4))."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "HMA({period})")
        if period < 2:
            raise ValueError("HullMovingAverage period must be at least 2")
        super().__init__(name)
        self.period = period
        k = round(math.sqrt(period))
        self._slow = LinearWeightedMovingAverage(name + "_Slow", period)
        self._fast = LinearWeightedMovingAverage(name + "_Fast", round(period / 2))
        self._hull = LinearWeightedMovingAverage(name + "_Hull", k)
        self.warm_up_period = period + k - 1

    def _next(self, time: datetime, value: float) -> float:
        self._slow.update(time, value)
        self._fast.update(time, value)
        if self._slow.is_ready and self._fast.is_ready:
            self._hull.update(time, 2.0 * self._fast.current.value - self._slow.current.value)
        return self._hull.current.value

    @property
    def is_ready(self) -> bool:
        return self._hull.is_ready

    def _reset_state(self) -> None:
        self._slow.reset()
        self._fast.reset()
        self._hull.reset()


class TriangularMovingAverage(Indicator):
    """SMA of an SMA (periods ``ceil((n+1)/2)`` and ``floor((n+1)/2)`` as TA-Lib's TRIMA)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "TRIMA({period})")
        super().__init__(name)
        self.period = period
        p1 = (period + 1) // 2 if period % 2 else period // 2 + 1
        p2 = (period + 1) // 2 if period % 2 else period // 2
        self._sma1 = SimpleMovingAverage(name + "_1", p1)
        self._sma2 = SimpleMovingAverage(name + "_2", p2)
        self.warm_up_period = period

    def _next(self, time: datetime, value: float) -> float:
        self._sma1.update(time, value)
        self._sma2.update(time, self._sma1.current.value)
        return self._sma2.current.value

    @property
    def is_ready(self) -> bool:
        return self._sma2.is_ready and self.samples >= self.period

    def _reset_state(self) -> None:
        self._sma1.reset()
        self._sma2.reset()


_MA_CLASSES: dict[MovingAverageType, type[IndicatorBase]] = {
    MovingAverageType.SIMPLE: SimpleMovingAverage,
    MovingAverageType.EXPONENTIAL: ExponentialMovingAverage,
    MovingAverageType.WILDERS: WildersMovingAverage,
    MovingAverageType.LINEAR_WEIGHTED_MOVING_AVERAGE: LinearWeightedMovingAverage,
    MovingAverageType.DOUBLE_EXPONENTIAL: DoubleExponentialMovingAverage,
    MovingAverageType.TRIPLE_EXPONENTIAL: TripleExponentialMovingAverage,
    MovingAverageType.TRIANGULAR: TriangularMovingAverage,
    MovingAverageType.KAMA: KaufmanAdaptiveMovingAverage,
    MovingAverageType.HULL: HullMovingAverage,
}


def register_moving_average(kind: MovingAverageType, cls: type[IndicatorBase]) -> None:
    """Make ``as_indicator`` build ``cls`` for ``kind`` (averages defined in other modules)."""
    _MA_CLASSES[kind] = cls


def as_indicator(ma_type: Any, period: int, name: str | None = None) -> IndicatorBase:
    """``MovingAverageType.X.AsIndicator(name, period)``."""
    kind = MovingAverageType(int(ma_type))
    cls = _MA_CLASSES.get(kind)
    if cls is None:
        raise NotImplementedError(f"MovingAverageType.{kind} is not implemented yet")
    return cls(name, period) if name else cls(period)


def _as_indicator_method(self: MovingAverageType, *args: Any) -> IndicatorBase:
    if args and isinstance(args[0], str):
        return as_indicator(self, int(args[1]), args[0])
    return as_indicator(self, int(args[0]))


MovingAverageType.as_indicator = _as_indicator_method  # type: ignore[attr-defined]
MovingAverageType.AsIndicator = _as_indicator_method  # type: ignore[attr-defined]

SMA = SimpleMovingAverage
EMA = ExponentialMovingAverage
WMA = LinearWeightedMovingAverage
