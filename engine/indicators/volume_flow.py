"""Volume-flow indicators (Indicators/ChaikinMoneyFlow.cs, VolumeWeightedMovingAverage.cs,
ForceIndex.cs, EaseOfMovementValue.cs, SmoothedOnBalanceVolume.cs, KlingerVolumeOscillator.cs)."""

from __future__ import annotations

from typing import Any

from engine.indicators.averages import ExponentialMovingAverage, SimpleMovingAverage, as_indicator
from engine.indicators.base import BarIndicator, MovingAverageType, parse_name_period
from engine.indicators.rolling import Sum
from engine.indicators.volume import OnBalanceVolume


class ChaikinMoneyFlow(BarIndicator):
    """Sum of money flow volume over the sum of volume for the last ``period`` bars; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "CMF({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._flow = Sum(period)
        self._volume = Sum(period)

    def _next_bar(self, bar: Any) -> float:
        span = bar.high - bar.low
        flow = (
            bar.volume * (bar.close - bar.low - (bar.high - bar.close)) / span if span > 0 else 0.0
        )
        self._flow.update(bar.end_time, flow)
        self._volume.update(bar.end_time, bar.volume)
        volume = self._volume.current.value
        if not self.is_ready or volume == 0:
            return 0.0
        return self._flow.current.value / volume

    @property
    def is_ready(self) -> bool:
        return self._flow.is_ready

    def _reset_state(self) -> None:
        self._flow.reset()
        self._volume.reset()


class VolumeWeightedMovingAverage(BarIndicator):
    """``sum(close * volume) / sum(volume)`` over ``period`` bars (the close while no volume)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "VWMA({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._price_volume = Sum(name + "_SumPxV", period)
        self._volume = Sum(name + "_SumVolume", period)

    def _next_bar(self, bar: Any) -> float:
        self._price_volume.update(bar.end_time, bar.close * bar.volume)
        self._volume.update(bar.end_time, bar.volume)
        volume = self._volume.current.value
        return self._price_volume.current.value / volume if volume != 0 else bar.close

    @property
    def is_ready(self) -> bool:
        return self._price_volume.is_ready and self._volume.is_ready

    def _reset_state(self) -> None:
        self._price_volume.reset()
        self._volume.reset()


class ForceIndex(BarIndicator):
    """MA (exponential by default) of ``(close - previous close) * volume`` from the second bar."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "FI({period})")
        ma = MovingAverageType(int(rest[0])) if rest else MovingAverageType.EXPONENTIAL
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 1
        self._smoother = as_indicator(ma, period, f"{name}_{ma}")
        self._previous_close = 0.0

    def _next_bar(self, bar: Any) -> float:
        if self.samples < 2:
            self._previous_close = bar.close
            return 0.0
        self._smoother.update(bar.end_time, (bar.close - self._previous_close) * bar.volume)
        self._previous_close = bar.close
        return self._smoother.current.value

    @property
    def is_ready(self) -> bool:
        return self._smoother.is_ready

    def _reset_state(self) -> None:
        self._smoother.reset()
        self._previous_close = 0.0


class EaseOfMovementValue(BarIndicator):
    """SMA of ``(mid - previous mid) / ((volume / scale) / (high - low))``; a bar without volume or
    range counts as 0."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, period, scale = args[0], int(args[1]), int(args[2])
        else:
            period = int(args[0]) if args else 1
            scale = int(args[1]) if len(args) > 1 else 10000
            name = f"EMV({period}, {scale})"
        super().__init__(name)
        self.period = period
        self.scale = scale
        self.warm_up_period = period
        self._sma = SimpleMovingAverage(period)
        self._previous_high = self._previous_low = 0.0

    def _next_bar(self, bar: Any) -> float:
        if self._previous_high == 0 and self._previous_low == 0:
            self._previous_high, self._previous_low = bar.high, bar.low
        if bar.volume == 0 or bar.high == bar.low:
            self._sma.update(bar.end_time, 0.0)
            return self._sma.current.value
        mid_move = (bar.high + bar.low) / 2 - (self._previous_high + self._previous_low) / 2
        ratio = (bar.volume / self.scale) / (bar.high - bar.low)
        self._previous_high, self._previous_low = bar.high, bar.low
        self._sma.update(bar.end_time, mid_move / ratio)
        return self._sma.current.value

    @property
    def is_ready(self) -> bool:
        return self._sma.is_ready

    def _reset_state(self) -> None:
        self._sma.reset()
        self._previous_high = self._previous_low = 0.0


class SmoothedOnBalanceVolume(BarIndicator):
    """MA (simple by default) of on-balance volume; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "SOBV({period})")
        ma = MovingAverageType(int(rest[0])) if rest else MovingAverageType.SIMPLE
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.on_balance_volume = OnBalanceVolume()
        self._smoother = as_indicator(ma, period, f"{name}_{ma}")

    def _next_bar(self, bar: Any) -> float:
        self.on_balance_volume.update(bar)
        if self._smoother.update(bar.end_time, self.on_balance_volume.current.value):
            return self._smoother.current.value
        return 0.0

    @property
    def is_ready(self) -> bool:
        return self._smoother.is_ready

    def _reset_state(self) -> None:
        self._smoother.reset()
        self.on_balance_volume.reset()


class KlingerVolumeOscillator(BarIndicator):
    """Klinger: ``EMA(fast) - EMA(slow)`` of the volume force
    ``volume * |2 * (range / cumulative movement - 1)| * trend * 100``; ``signal`` is its EMA."""

    MIN_CUMULATIVE = 1e-8

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        fast, slow = int(rest[0]), int(rest[1])
        signal = int(rest[2]) if len(rest) > 2 else 13
        name = name or f"KVO({fast},{slow},{signal})"
        super().__init__(name)
        self.warm_up_period = max(fast, slow, signal) + 2
        self._fast = ExponentialMovingAverage(name + "_FastEma", fast)
        self._slow = ExponentialMovingAverage(name + "_SlowEma", slow)
        self.signal = ExponentialMovingAverage(name + "_Signal", signal)
        self._reset_windows()

    def _reset_windows(self) -> None:
        self._ranges: list[float] = []
        self._price_index: list[float] = []
        self._trends: list[int] = []
        self._cumulative = 0.0

    def _next_bar(self, bar: Any) -> float:
        movement = bar.high - bar.low
        self._ranges = [*self._ranges[-1:], movement]
        self._price_index = [*self._price_index[-1:], bar.high + bar.low + bar.close]
        if len(self._price_index) < 2:
            return 0.0
        trend = 1 if self._price_index[1] > self._price_index[0] else -1
        self._trends = [*self._trends[-1:], trend]
        if len(self._trends) < 2:
            return 0.0
        if self._cumulative == 0 or self._trends[0] != self._trends[1]:
            self._cumulative = movement + self._ranges[0]
        else:
            self._cumulative += movement
        denominator = (
            self.MIN_CUMULATIVE if abs(self._cumulative) < self.MIN_CUMULATIVE else self._cumulative
        )
        force = bar.volume * abs(2 * (movement / denominator - 1)) * trend * 100
        t = bar.end_time
        self._fast.update(t, force)
        self._slow.update(t, force)
        if not (self._fast.is_ready and self._slow.is_ready):
            self.signal.update(t, 0.0)
            return 0.0
        kvo = self._fast.current.value - self._slow.current.value
        self.signal.update(t, kvo)
        return kvo

    @property
    def is_ready(self) -> bool:
        return self._fast.is_ready and self._slow.is_ready and self.signal.is_ready

    def _reset_state(self) -> None:
        for indicator in (self._fast, self._slow, self.signal):
            indicator.reset()
        self._reset_windows()
