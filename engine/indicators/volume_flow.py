"""Volume-flow indicators (Indicators/ChaikinMoneyFlow.cs, VolumeWeightedMovingAverage.cs,
ForceIndex.cs, EaseOfMovementValue.cs, SmoothedOnBalanceVolume.cs)."""

from __future__ import annotations

from typing import Any

from engine.indicators.averages import SimpleMovingAverage, as_indicator
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
