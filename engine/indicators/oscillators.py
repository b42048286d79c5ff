"""Momentum oscillators: RSI, MACD, Momentum, ROC, ROCP, Stochastic, Williams %R, CCI, MFI, Aroon."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.averages import as_indicator
from engine.indicators.base import (
    BarIndicator,
    Component,
    Indicator,
    MovingAverageType,
    parse_name_period,
)
from engine.indicators.rolling import Maximum, MeanAbsoluteDeviation, Minimum, Sum


class RelativeStrengthIndex(Indicator):
    """RSI with Wilder smoothing by default (``MovingAverageType.Wilders``); ready after period + 1 values."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "RSI({period})")
        super().__init__(name)
        self.period = period
        self.moving_average_type = (
            MovingAverageType(int(rest[0])) if rest else MovingAverageType.WILDERS
        )
        self.average_gain = as_indicator(self.moving_average_type, period, name + "Up")
        self.average_loss = as_indicator(self.moving_average_type, period, name + "Down")
        self.warm_up_period = period + 1
        self._prev: float | None = None

    def _next(self, time: datetime, value: float) -> float:
        prev = self._prev
        if prev is not None:
            if value >= prev:
                self.average_gain.update(time, value - prev)
                self.average_loss.update(time, 0.0)
            else:
                self.average_gain.update(time, 0.0)
                self.average_loss.update(time, prev - value)
        self._prev = value
        loss = self.average_loss.current.value
        if loss == 0.0:
            return 100.0
        rs = self.average_gain.current.value / loss
        return 100.0 - 100.0 / (1.0 + rs)

    @property
    def is_ready(self) -> bool:
        return self.average_gain.is_ready and self.average_loss.is_ready

    def _reset_state(self) -> None:
        self._prev = None
        self.average_gain.reset()
        self.average_loss.reset()


class MovingAverageConvergenceDivergence(Indicator):
    """``fast - slow``; ``signal`` (an MA of the MACD, fed once ``slow`` is ready) and ``histogram``."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, args = args[0], args[1:]
        else:
            name = None
        fast, slow, signal = int(args[0]), int(args[1]), int(args[2])
        ma = MovingAverageType(int(args[3])) if len(args) > 3 else MovingAverageType.EXPONENTIAL
        name = name or f"MACD({fast},{slow},{signal})"
        super().__init__(name)
        self.fast = as_indicator(ma, fast, name + "_Fast")
        self.slow = as_indicator(ma, slow, name + "_Slow")
        self.signal = as_indicator(ma, signal, name + "_Signal")
        self.histogram = Component(name + "_Histogram", lambda: self.signal.is_ready)
        self.warm_up_period = slow + signal - 1

    def _next(self, time: datetime, value: float) -> float:
        fast_ready = self.fast.update(time, value)
        slow_ready = self.slow.update(time, value)
        macd = self.fast.current.value - self.slow.current.value
        if fast_ready and slow_ready:
            self.signal.update(time, macd)
            self.histogram.update(time, macd - self.signal.current.value)
        return macd

    @property
    def is_ready(self) -> bool:
        return self.signal.is_ready

    def _reset_state(self) -> None:
        for ind in (self.fast, self.slow, self.signal, self.histogram):
            ind.reset()


class Momentum(Indicator):
    """``value - value[period ago]`` (before that: relative to the first value)."""

    _default_name = "MOM{period}"

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, self._default_name)
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 1
        self._values: deque[float] = deque(maxlen=period + 1)

    def _past(self, value: float) -> float:
        self._values.append(value)
        return self._values[0]

    def _next(self, time: datetime, value: float) -> float:
        return value - self._past(value)

    @property
    def is_ready(self) -> bool:
        return self.samples > self.period

    def _reset_state(self) -> None:
        self._values.clear()


class RateOfChange(Momentum):
    """``(value - past) / past`` (TA-Lib calls this ROCP)."""

    _default_name = "ROC({period})"

    def _next(self, time: datetime, value: float) -> float:
        past = self._past(value)
        return (value - past) / past if past != 0.0 else 0.0


class RateOfChangePercent(Momentum):
    """``100 * (value - past) / past`` (TA-Lib calls this ROC)."""

    _default_name = "ROCP({period})"

    def _next(self, time: datetime, value: float) -> float:
        past = self._past(value)
        return 100.0 * (value - past) / past if past != 0.0 else 0.0


class MomentumPercent(RateOfChangePercent):
    """LEAN's Indicators/MomentumPercent.cs: a RateOfChangePercent named ``MOMP(period)``."""

    _default_name = "MOMP({period})"


class RateOfChangeRatio(Momentum):
    _default_name = "ROCR({period})"

    def _next(self, time: datetime, value: float) -> float:
        past = self._past(value)
        return value / past if past != 0.0 else 0.0


class Stochastic(BarIndicator):
    """Slow stochastic: ``fast_stoch`` (%K raw), ``stoch_k`` (SMA of fast %K) and ``stoch_d`` (SMA of %K)."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, args = args[0], args[1:]
        else:
            name = None
        period, k_period, d_period = int(args[0]), int(args[1]), int(args[2])
        name = name or f"STO({period},{k_period},{d_period})"
        super().__init__(name)
        self._max = Maximum(name + "_Max", period)
        self._min = Minimum(name + "_Min", period)
        self._sum_fast_k = Sum(name + "_SumFastK", k_period)
        self._sum_slow_k = Sum(name + "_SumD", d_period)
        self._k_period, self._d_period = k_period, d_period
        self.fast_stoch = Component(name + "_FastStoch", lambda: self._max.is_ready)
        self.stoch_k = Component(name + "_StochK", lambda: self._sum_fast_k.is_ready)
        self.stoch_d = Component(name + "_StochD", lambda: self._sum_slow_k.is_ready)
        self.warm_up_period = period + k_period + d_period - 2

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        self._max.update(t, bar.high)
        self._min.update(t, bar.low)
        fast = 0.0
        if self._max.is_ready:
            denominator = self._max.current.value - self._min.current.value
            if denominator != 0.0:
                fast = (bar.close - self._min.current.value) / denominator
                self._sum_fast_k.update(t, fast)
        k = 0.0
        if self._sum_fast_k.is_ready:
            k = self._sum_fast_k.current.value / self._k_period
            self._sum_slow_k.update(t, k)
        d = self._sum_slow_k.current.value / self._d_period if self._sum_slow_k.is_ready else 0.0
        self.fast_stoch.update(t, fast * 100.0)
        self.stoch_k.update(t, k * 100.0)
        self.stoch_d.update(t, d * 100.0)
        return fast * 100.0

    @property
    def is_ready(self) -> bool:
        return self._max.is_ready and self._sum_fast_k.is_ready and self._sum_slow_k.is_ready

    def _reset_state(self) -> None:
        for ind in (
            self._max,
            self._min,
            self._sum_fast_k,
            self._sum_slow_k,
            self.fast_stoch,
            self.stoch_k,
            self.stoch_d,
        ):
            ind.reset()


class WilliamsPercentR(BarIndicator):
    """``-100 * (highest high - close) / (highest high - lowest low)`` over ``period`` bars."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "WILR{period}")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.maximum = Maximum(name + "_Max", period)
        self.minimum = Minimum(name + "_Min", period)

    def _next_bar(self, bar: Any) -> float:
        self.maximum.update(bar.end_time, bar.high)
        self.minimum.update(bar.end_time, bar.low)
        hi, lo = self.maximum.current.value, self.minimum.current.value
        if hi == lo:
            return 0.0
        return -100.0 * (hi - bar.close) / (hi - lo)

    @property
    def is_ready(self) -> bool:
        return self.maximum.is_ready and self.minimum.is_ready

    def _reset_state(self) -> None:
        self.maximum.reset()
        self.minimum.reset()


class CommodityChannelIndex(BarIndicator):
    """``(typical - MA(typical)) / (0.015 * mean absolute deviation)``; MA Simple by default."""

    K = 0.015

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "CCI({period})")
        super().__init__(name)
        self.period = period
        self.moving_average_type = (
            MovingAverageType(int(rest[0])) if rest else MovingAverageType.SIMPLE
        )
        self.typical_price_average = as_indicator(
            self.moving_average_type, period, name + "_TypicalPriceAvg"
        )
        self.typical_price_mean_deviation = MeanAbsoluteDeviation(name + "_TypicalPriceMAD", period)
        self.warm_up_period = period

    def _next_bar(self, bar: Any) -> float:
        tp = (bar.high + bar.low + bar.close) / 3.0
        t = bar.end_time
        self.typical_price_average.update(t, tp)
        self.typical_price_mean_deviation.update(t, tp)
        weighted = self.K * self.typical_price_mean_deviation.current.value
        if weighted == 0.0:
            return 0.0
        return (tp - self.typical_price_average.current.value) / weighted

    @property
    def is_ready(self) -> bool:
        return self.typical_price_average.is_ready and self.typical_price_mean_deviation.is_ready

    def _reset_state(self) -> None:
        self.typical_price_average.reset()
        self.typical_price_mean_deviation.reset()


class MoneyFlowIndex(BarIndicator):
    """``100 * positive / (positive + negative)`` money flow (typical price x volume) over ``period``."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "MFI({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.positive_money_flow = Sum(name + "_PositiveMoneyFlow", period)
        self.negative_money_flow = Sum(name + "_NegativeMoneyFlow", period)
        self.previous_typical_price = 0.0

    def _next_bar(self, bar: Any) -> float:
        tp = (bar.high + bar.low + bar.close) / 3.0
        flow = tp * bar.volume
        t = bar.end_time
        prev = self.previous_typical_price
        self.positive_money_flow.update(t, flow if tp > prev else 0.0)
        self.negative_money_flow.update(t, flow if tp < prev else 0.0)
        self.previous_typical_price = tp
        total = self.positive_money_flow.current.value + self.negative_money_flow.current.value
        if total == 0.0:
            return 100.0
        return 100.0 * self.positive_money_flow.current.value / total

    @property
    def is_ready(self) -> bool:
        return self.positive_money_flow.is_ready and self.negative_money_flow.is_ready

    def _reset_state(self) -> None:
        self.positive_money_flow.reset()
        self.negative_money_flow.reset()
        self.previous_typical_price = 0.0


class AroonOscillator(BarIndicator):
    """``aroon_up - aroon_down``; ``aroon_up = 100 * (period - bars since the highest high) / period``."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, args = args[0], args[1:]
        else:
            name = None
        up = int(args[0])
        down = int(args[1]) if len(args) > 1 else up
        name = name or f"AROON({up},{down})"
        super().__init__(name)
        self._up_period, self._down_period = up, down
        self._max = Maximum(name + "_Max", up + 1)
        self._min = Minimum(name + "_Min", down + 1)
        self.aroon_up = Component(name + "_AroonUp", lambda: self._max.is_ready)
        self.aroon_down = Component(name + "_AroonDown", lambda: self._min.is_ready)
        self.warm_up_period = 1 + max(up, down)

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        self._max.update(t, bar.high)
        self._min.update(t, bar.low)
        up = 100.0 * (self._up_period - self._max.periods_since_maximum) / self._up_period
        down = 100.0 * (self._down_period - self._min.periods_since_minimum) / self._down_period
        self.aroon_up.update(t, up)
        self.aroon_down.update(t, down)
        return up - down

    @property
    def is_ready(self) -> bool:
        return self._max.is_ready and self._min.is_ready

    def _reset_state(self) -> None:
        for ind in (self._max, self._min, self.aroon_up, self.aroon_down):
            ind.reset()
