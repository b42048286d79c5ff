"""Trend and cycle signals (Indicators/SchaffTrendCycle.cs, SuperTrend.cs, SqueezeMomentum.cs,
WaveTrendOscillator.cs, ChandeKrollStop.cs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.indicators.averages import (
    ExponentialMovingAverage,
    SimpleMovingAverage,
    as_indicator,
)
from engine.indicators.base import (
    BarIndicator,
    Identity,
    Indicator,
    IndicatorDataPoint,
    MovingAverageType,
)
from engine.indicators.extensions import IndicatorExtensions
from engine.indicators.oscillators import MovingAverageConvergenceDivergence
from engine.indicators.rolling import Maximum, Minimum
from engine.indicators.volatility import AverageTrueRange, BollingerBands, KeltnerChannels


def _split(args: tuple) -> tuple[str | None, tuple]:
    if args and isinstance(args[0], str):
        return args[0], args[1:]
    return None, args


def _stoch(value: float, highest: float, lowest: float) -> float:
    span = highest - lowest
    return (value - lowest) / span * 100 if span > 0 else 0.0


class SchaffTrendCycle(Indicator):
    """Schaff trend cycle: a stochastic of the MACD over ``cycle_period``, smoothed by a 3-period MA,
    a stochastic of that, smoothed again. Ready with the MACD."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        cycle = int(rest[0]) if len(rest) > 0 else 10
        fast = int(rest[1]) if len(rest) > 1 else 23
        slow = int(rest[2]) if len(rest) > 2 else 50
        ma = MovingAverageType(int(rest[3])) if len(rest) > 3 else MovingAverageType.EXPONENTIAL
        name = name or f"SchaffTrendCycle({cycle},{fast},{slow})"
        super().__init__(name)
        ext = IndicatorExtensions
        self._macd = MovingAverageConvergenceDivergence(fast, slow, cycle, ma)
        self._maximum = ext.max(self._macd, cycle, False)
        self._minimum = ext.min(self._macd, cycle, False)
        self._k = Identity(name + "_K")
        self._d = ext.of(as_indicator(ma, 3), self._k, False)
        self._maximum_d = ext.max(self._d, cycle, False)
        self._minimum_d = ext.min(self._d, cycle, False)
        self._pf = Identity(name + "_PF")
        self._pff = ext.of(as_indicator(ma, 3), self._pf, False)
        self.warm_up_period = self._macd.warm_up_period

    def _next(self, time: datetime, value: float) -> float:
        self._macd.update(time, value)
        k = _stoch(
            self._macd.current.value, self._maximum.current.value, self._minimum.current.value
        )
        self._k.update(IndicatorDataPoint(None, time, k))
        pf = _stoch(
            self._d.current.value, self._maximum_d.current.value, self._minimum_d.current.value
        )
        self._pf.update(IndicatorDataPoint(None, time, pf))
        return self._pff.current.value

    @property
    def is_ready(self) -> bool:
        return self._macd.is_ready

    def _reset_state(self) -> None:
        for indicator in (
            self._macd,
            self._maximum,
            self._minimum,
            self._k,
            self._d,
            self._maximum_d,
            self._minimum_d,
            self._pf,
            self._pff,
        ):
            indicator.reset()


class SuperTrend(BarIndicator):
    """SuperTrend: trailing bands ``mid -/+ multiplier * ATR`` (Wilders by default); the value is
    the band the close is on the right side of. 0 until the ATR is ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        period, multiplier = int(rest[0]), float(rest[1])
        ma = MovingAverageType(int(rest[2])) if len(rest) > 2 else MovingAverageType.WILDERS
        super().__init__(name or f"SuperTrend({period},{multiplier:g})")
        self.period = period
        self.multiplier = multiplier
        self.warm_up_period = period
        self._atr = AverageTrueRange(period, ma)
        self._reset_state()

    def _reset_state(self) -> None:
        self._atr.reset()
        self._previous_upper = self._previous_lower = 0.0
        self._previous_close = 0.0
        self._previous_super: float | None = None
        self._super = 0.0
        self.basic_upper_band = self.basic_lower_band = 0.0
        self.current_trailing_upper_band = self.current_trailing_lower_band = 0.0

    def _next_bar(self, bar: Any) -> float:
        if not self._atr.update(bar):
            self._previous_close = bar.close
            return 0.0
        mid = (bar.high + bar.low) / 2
        width = self.multiplier * self._atr.current.value
        self.basic_lower_band, self.basic_upper_band = mid - width, mid + width
        lower = (
            self.basic_lower_band
            if self.basic_lower_band > self._previous_lower
            or self._previous_close < self._previous_lower
            else self._previous_lower
        )
        upper = (
            self.basic_upper_band
            if self.basic_upper_band < self._previous_upper
            or self._previous_close > self._previous_upper
            else self._previous_upper
        )
        self.current_trailing_lower_band, self.current_trailing_upper_band = lower, upper
        previous = self._previous_super
        if previous is None or previous == self._previous_upper:
            self._super = upper if bar.close <= upper else lower
        elif previous == self._previous_lower:
            self._super = lower if bar.close >= lower else upper
        self._previous_close = bar.close
        self._previous_super = self._super
        self._previous_lower, self._previous_upper = lower, upper
        return self._super

    @property
    def is_ready(self) -> bool:
        return self._atr.is_ready


class SqueezeMomentum(BarIndicator):
    """1 while the Bollinger bands are inside the (EMA) Keltner channels (a squeeze), else -1;
    0 until both are ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        bb_period, bb_k, kc_period, kc_k = (
            int(rest[0]),
            float(rest[1]),
            int(rest[2]),
            float(rest[3]),
        )
        name = name or f"SM({bb_period},{bb_k:g},{kc_period},{kc_k:g})"
        super().__init__(name)
        self.bollinger_bands = BollingerBands(bb_period, bb_k)
        self.keltner_channels = KeltnerChannels(kc_period, kc_k, MovingAverageType.EXPONENTIAL)
        self.warm_up_period = max(bb_period, kc_period)

    def _next_bar(self, bar: Any) -> float:
        self.bollinger_bands.update(bar)
        self.keltner_channels.update(bar)
        if not self.is_ready:
            return 0.0
        bb, kc = self.bollinger_bands, self.keltner_channels
        inside = (
            kc.upper_band.current.value > bb.upper_band.current.value
            and kc.lower_band.current.value < bb.lower_band.current.value
        )
        return 1.0 if inside else -1.0

    @property
    def is_ready(self) -> bool:
        return self.bollinger_bands.is_ready and self.keltner_channels.is_ready

    def _reset_state(self) -> None:
        self.bollinger_bands.reset()
        self.keltner_channels.reset()


class WaveTrendOscillator(BarIndicator):
    """WaveTrend: EMA of the channel index ``(tp - EMA(tp)) / (0.015 * EMA(|tp - EMA(tp)|))`` of
    the typical price; ``signal`` is its SMA."""

    NORMALIZATION = 0.015

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        channel, average, signal = int(rest[0]), int(rest[1]), int(rest[2])
        if min(channel, average, signal) < 1:
            raise ValueError("WaveTrendOscillator: all periods must be greater than zero.")
        name = name or f"WTO({channel},{average},{signal})"
        super().__init__(name)
        self.channel_average = ExponentialMovingAverage(name + "_ChannelAverage", channel)
        self.channel_deviation = ExponentialMovingAverage(name + "_ChannelDeviation", channel)
        self.channel_index_average = ExponentialMovingAverage(
            name + "_ChannelIndexAverage", average
        )
        self.signal = SimpleMovingAverage(name + "_Signal", signal)
        self.warm_up_period = 2 * channel + average + signal - 3

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        typical = (bar.high + bar.low + bar.close) / 3
        if not self.channel_average.update(t, typical):
            return 0.0
        deviation = abs(typical - self.channel_average.current.value)
        if not self.channel_deviation.update(t, deviation):
            return 0.0
        weighted = self.NORMALIZATION * self.channel_deviation.current.value
        if weighted == 0:
            return self.current.value
        index = (typical - self.channel_average.current.value) / weighted
        if not self.channel_index_average.update(t, index):
            return self.channel_index_average.current.value
        self.signal.update(t, self.channel_index_average.current.value)
        return self.channel_index_average.current.value

    @property
    def is_ready(self) -> bool:
        return self.signal.is_ready

    def _reset_state(self) -> None:
        for indicator in (
            self.channel_average,
            self.channel_deviation,
            self.channel_index_average,
            self.signal,
        ):
            indicator.reset()


class ChandeKrollStop(BarIndicator):
    """Chande-Kroll stops: ``short_stop`` = max over ``period`` of (highest high of ``atr_period``
    - mult * ATR), ``long_stop`` = min over ``period`` of (lowest low + mult * ATR); the value is
    the input's close."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        atr_period, mult, period = int(rest[0]), float(rest[1]), int(rest[2])
        ma = MovingAverageType(int(rest[3])) if len(rest) > 3 else MovingAverageType.WILDERS
        name = name or f"CKS({atr_period},{mult:g},{period})"
        super().__init__(name)
        self.warm_up_period = atr_period + period - 1
        self._atr = AverageTrueRange(atr_period, ma)
        self._mult = mult
        self._highest = Maximum(atr_period)
        self._lowest = Minimum(atr_period)
        self.long_stop = Minimum(name + "_Long", period)
        self.short_stop = Maximum(name + "_Short", period)

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        self._atr.update(bar)
        width = self._atr.current.value * self._mult
        self._highest.update(t, bar.high)
        self._lowest.update(t, bar.low)
        self.short_stop.update(t, self._highest.current.value - width)
        self.long_stop.update(t, self._lowest.current.value + width)
        return bar.value

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.warm_up_period

    def _reset_state(self) -> None:
        for indicator in (self._atr, self._highest, self._lowest, self.short_stop, self.long_stop):
            indicator.reset()
