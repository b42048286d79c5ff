"""Indicators built from other indicators (Indicators/AverageDirectionalMovementIndexRating.cs,
CoppockCurve.cs, Vortex.cs)."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.averages import LinearWeightedMovingAverage
from engine.indicators.base import BarIndicator, Indicator, MovingAverageType, parse_name_period
from engine.indicators.extensions import IndicatorExtensions
from engine.indicators.oscillators import RateOfChangePercent
from engine.indicators.rolling import Sum
from engine.indicators.trend import AverageDirectionalIndex
from engine.indicators.volatility import AverageTrueRange


class AverageDirectionalMovementIndexRating(BarIndicator):
    """``(ADX + ADX of period - 1 ADX values ago) / 2``; 50 until ``period`` ADX values exist."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "ADXR({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = 3 * period - 1
        self.adx = AverageDirectionalIndex(name + "_ADX", period)
        self._history: deque[float] = deque(maxlen=period)

    def _next_bar(self, bar: Any) -> float:
        self.adx.update(bar)
        if self.adx.is_ready:
            self._history.append(self.adx.current.value)
        if not self.is_ready:
            return 50.0
        return (self.adx.current.value + self._history[0]) / 2

    @property
    def is_ready(self) -> bool:
        return len(self._history) == self.period

    def _reset_state(self) -> None:
        self.adx.reset()
        self._history.clear()

    ADX = property(lambda self: self.adx)


class CoppockCurve(Indicator):
    """LWMA of the sum of two percent rates of change (11, 14 and 10 by default); 0 until both
    rates of change are ready."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        short, long_, lwma = (int(x) for x in rest) if rest else (11, 14, 10)
        name = name or f"CC({short},{long_},{lwma})"
        super().__init__(name)
        self._short = RateOfChangePercent(short)
        self._long = RateOfChangePercent(long_)
        self._lwma = LinearWeightedMovingAverage(lwma)
        self.warm_up_period = max(short, long_) + 1 + lwma - 1

    def _next(self, time: datetime, value: float) -> float:
        self._short.update(time, value)
        self._long.update(time, value)
        if not (self._long.is_ready and self._short.is_ready):
            return 0.0
        self._lwma.update(time, self._short.current.value + self._long.current.value)
        return self._lwma.current.value

    @property
    def is_ready(self) -> bool:
        return self._lwma.is_ready

    def _reset_state(self) -> None:
        for indicator in (self._short, self._long, self._lwma):
            indicator.reset()


class Vortex(BarIndicator):
    """Vortex: ``plus_vortex`` = sum of ``|high - prev low|`` over the sum of true ranges of
    ``period`` bars, ``minus_vortex`` likewise with ``|low - prev high|``; the value is their mean
    (0 before ``period`` bars)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "VTX({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._atr = AverageTrueRange(f"{name}_ATR", 1, MovingAverageType.SIMPLE)
        self._atr_sum = IndicatorExtensions.of(Sum("ATR_Sum", period), self._atr)
        self._plus_sum = Sum("PlusVM_Sum", period)
        self._minus_sum = Sum("MinusVM_Sum", period)
        self.plus_vortex = IndicatorExtensions.over(self._plus_sum, self._atr_sum)
        self.minus_vortex = IndicatorExtensions.over(self._minus_sum, self._atr_sum)
        self._previous: Any = None

    def _next_bar(self, bar: Any) -> float:
        self._atr.update(bar)
        previous = self._previous
        if previous is not None:
            self._plus_sum.update(bar.end_time, abs(bar.high - previous.low))
            self._minus_sum.update(bar.end_time, abs(bar.low - previous.high))
        self._previous = bar
        if not self.is_ready:
            return 0.0
        return (self.plus_vortex.current.value + self.minus_vortex.current.value) / 2

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        for indicator in (
            self._atr,
            self._atr_sum,
            self._plus_sum,
            self._minus_sum,
            self.plus_vortex,
            self.minus_vortex,
        ):
            indicator.reset()
        self._previous = None
