"""Momentum oscillators built on other indicators (Indicators/DeMarkerIndicator.cs,
DerivativeOscillator.cs, FisherTransform.cs, KnowSureThing.cs, Momersion.cs,
StochasticRelativeStrengthIndex.cs, TrueStrengthIndex.cs, RelativeVigorIndex.cs,
RelativeVigorIndexSignal.cs, ConnorsRelativeStrengthIndex.cs, PremierStochasticOscillator.cs)."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.averages import (
    ExponentialMovingAverage,
    SimpleMovingAverage,
    as_indicator,
)
from engine.indicators.base import BarIndicator, Indicator, MovingAverageType
from engine.indicators.extensions import IndicatorExtensions
from engine.indicators.oscillators import RateOfChange, RelativeStrengthIndex, Stochastic
from engine.indicators.rolling import Maximum, Minimum


def _split(args: tuple) -> tuple[str | None, tuple]:
    if args and isinstance(args[0], str):
        return args[0], args[1:]
    return None, args


def _ma_type(rest: tuple, index: int, default: MovingAverageType) -> MovingAverageType:
    return MovingAverageType(int(rest[index])) if len(rest) > index else default


class DeMarkerIndicator(BarIndicator):
    """``MA(max(high - prev high, 0)) / (MA(that) + MA(max(prev low - low, 0)))``; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        period = int(rest[0])
        ma = _ma_type(rest, 1, MovingAverageType.SIMPLE)
        super().__init__(name or f"DEM({period},{ma})")
        self.period = period
        self.warm_up_period = period
        self._max_ma = as_indicator(ma, period)
        self._min_ma = as_indicator(ma, period)
        self._last_high = self._last_low = 0.0

    def _next_bar(self, bar: Any) -> float:
        up = down = 0.0
        if self.samples > 1:
            up = max(bar.high - self._last_high, 0.0)
            down = max(self._last_low - bar.low, 0.0)
        self._max_ma.update(bar.end_time, up)
        self._min_ma.update(bar.end_time, down)
        self._last_high, self._last_low = bar.high, bar.low
        if not self.is_ready:
            return 0.0
        total = self._max_ma.current.value + self._min_ma.current.value
        return self._max_ma.current.value / total if total > 0 else 0.0

    @property
    def is_ready(self) -> bool:
        return self._max_ma.is_ready and self._min_ma.is_ready

    def _reset_state(self) -> None:
        self._max_ma.reset()
        self._min_ma.reset()
        self._last_high = self._last_low = 0.0


class DerivativeOscillator(Indicator):
    """Double-EMA-smoothed RSI minus its SMA signal line; 0 until the signal line is ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        rsi_p, smooth_p, double_p, signal_p = (int(x) for x in rest[:4])
        name = name or f"DO({rsi_p},{smooth_p},{double_p},{signal_p})"
        super().__init__(name)
        self.warm_up_period = rsi_p + smooth_p + double_p + signal_p - 3 + 1
        self._rsi = RelativeStrengthIndex(f"{name}_RSI", rsi_p)
        self._smoothed = IndicatorExtensions.of(
            ExponentialMovingAverage(f"{name}_SmoothedRSI", smooth_p), self._rsi
        )
        self._double = IndicatorExtensions.of(
            ExponentialMovingAverage(f"{name}_DoubleSmoothedRSI", double_p), self._smoothed
        )
        self._signal = IndicatorExtensions.of(
            SimpleMovingAverage(f"{name}_SignalLine", signal_p), self._double
        )

    def _next(self, time: datetime, value: float) -> float:
        self._rsi.update(time, value)
        if not self.is_ready:
            return 0.0
        return self._double.current.value - self._signal.current.value

    @property
    def is_ready(self) -> bool:
        return self._signal.is_ready

    def _reset_state(self) -> None:
        for indicator in (self._rsi, self._smoothed, self._double, self._signal):
            indicator.reset()


class FisherTransform(BarIndicator):
    """Ehlers' Fisher transform of the mid price's position in its ``period`` range (smoothing
    0.33), plus half the previous value; 0 until ready."""

    ALPHA = 0.33

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        period = int(rest[0])
        super().__init__(name or f"FISH({period})")
        self.period = period
        self.warm_up_period = period
        self._max = Maximum("MedianMax", period)
        self._min = Minimum("MedianMin", period)
        self._previous = 0.0

    def _next_bar(self, bar: Any) -> float:
        price = (bar.low + bar.high) / 2.0
        self._min.update(bar.end_time, price)
        self._max.update(bar.end_time, price)
        if not self.is_ready:
            return 0.0
        low, high = self._min.current.value, self._max.current.value
        x = y = 0.0
        if low != high:
            alpha = self.ALPHA
            x = alpha * 2 * ((price - low) / (high - low) - 0.5) + (1 - alpha) * self._previous
            clipped = min(max(x, -0.999), 0.999)
            y = 0.5 * math.log((1.0 + clipped) / (1.0 - clipped))
        self._previous = x
        return y + 0.5 * self.current.value

    @property
    def is_ready(self) -> bool:
        return self._max.is_ready and self._min.is_ready

    def _reset_state(self) -> None:
        self._previous = 0.0
        self._max.reset()
        self._min.reset()


class KnowSureThing(Indicator):
    """``MA1(ROC1) + 2 MA2(ROC2) + 3 MA3(ROC3) + 4 MA4(ROC4)`` of percent rates of change, with a
    ``signal_line`` MA; 0 until the signal line is ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        periods = [int(x) for x in rest[:9]]
        ma = _ma_type(rest, 9, MovingAverageType.SIMPLE)
        name = name or f"KST({','.join(str(p) for p in periods)},{ma})"
        super().__init__(name)
        self.moving_average_type = ma
        pairs = list(zip(periods[0:8:2], periods[1:8:2], strict=True))
        self.warm_up_period = max(roc + avg for roc, avg in pairs)
        self._rocs = [RateOfChange(roc) for roc, _ in pairs]
        self._mas = [
            as_indicator(ma, avg, f"{name}_ROC{i}MA") for i, (_, avg) in enumerate(pairs, 1)
        ]
        self.signal_line = as_indicator(ma, periods[8], name + "_SignalLine")

    def _next(self, time: datetime, value: float) -> float:
        for roc, avg in zip(self._rocs, self._mas, strict=True):
            roc.update(time, value)
            if roc.is_ready:
                avg.update(time, 100 * roc.current.value)
        kst = sum(weight * avg.current.value for weight, avg in enumerate(self._mas, 1))
        self.signal_line.update(time, kst)
        return kst if self.signal_line.is_ready else 0.0

    @property
    def is_ready(self) -> bool:
        return all(avg.is_ready for avg in self._mas) and self.signal_line.is_ready

    def _reset_state(self) -> None:
        for indicator in (*self._rocs, *self._mas, self.signal_line):
            indicator.reset()

    roc1 = property(lambda self: self._rocs[0])
    roc2 = property(lambda self: self._rocs[1])
    roc3 = property(lambda self: self._rocs[2])
    roc4 = property(lambda self: self._rocs[3])
    roc1_ma = property(lambda self: self._mas[0])
    roc2_ma = property(lambda self: self._mas[1])
    roc3_ma = property(lambda self: self._mas[2])
    roc4_ma = property(lambda self: self._mas[3])
    ROC1, ROC2, ROC3, ROC4 = roc1, roc2, roc3, roc4
    ROC1MA, ROC2MA, ROC3MA, ROC4MA = roc1_ma, roc2_ma, roc3_ma, roc4_ma


class Momersion(Indicator):
    """Share (percent) of momentum moves among the last ``full_period`` products of consecutive
    changes (positive: momentum, negative: mean reversion); 50 until ready or while half the
    products are 0. Ready with ``min_period`` products, or once the window rolled over."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        if len(rest) == 1:
            min_period, full_period = None, int(rest[0])
        else:
            min_period = None if rest[0] is None else int(rest[0])
            full_period = int(rest[1])
        if min_period is not None and min_period < 4:
            raise ValueError("The minimum period should be 4.")
        shown = "" if min_period is None else min_period
        super().__init__(name or f"Momersion({shown},{full_period})")
        self.min_period = min_period
        self.full_period = full_period
        self.warm_up_period = min_period + 2 if min_period is not None else full_period + 3
        self._values: deque[float] = deque(maxlen=full_period)
        self._products: deque[float] = deque(maxlen=full_period)
        self._product_samples = 0

    def _next(self, time: datetime, value: float) -> float:
        values = self._values
        values.append(value)
        if len(values) >= 3:
            self._products.append((values[-1] - values[-2]) * (values[-2] - values[-3]))
            self._product_samples += 1
        products = self._products
        if self.is_ready and sum(1 for p in products if p == 0) < 0.5 * len(products):
            momentum = sum(1 for p in products if p > 0)
            reversion = sum(1 for p in products if p < 0)
            return 100.0 * momentum / (momentum + reversion)
        return 50.0

    @property
    def is_ready(self) -> bool:
        if self.min_period is not None:
            return len(self._products) >= self.min_period
        return self._product_samples > self.full_period

    def _reset_state(self) -> None:
        self._values.clear()
        self._products.clear()
        self._product_samples = 0


class StochasticRelativeStrengthIndex(Indicator):
    """Stochastic of the RSI over ``stoch_period`` RSI values, smoothed into ``k`` and ``d``; the
    value is the input (as LEAN), the oscillator is in ``k`` / ``d``."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        rsi_p, stoch_p, k_p, d_p = (int(x) for x in rest[:4])
        ma = _ma_type(rest, 4, MovingAverageType.SIMPLE)
        name = name or f"SRSI({rsi_p},{stoch_p},{k_p},{d_p},{ma})"
        super().__init__(name)
        self.warm_up_period = rsi_p + stoch_p + max(k_p, d_p)
        self._rsi = RelativeStrengthIndex(rsi_p)
        self._recent: deque[float] = deque(maxlen=stoch_p)
        self.k = as_indicator(ma, k_p, f"{name}_K_{ma}")
        self.d = as_indicator(ma, d_p, f"{name}_D_{ma}")

    def _next(self, time: datetime, value: float) -> float:
        self._rsi.update(time, value)
        rsi = self._rsi.current.value
        self._recent.append(rsi)
        if len(self._recent) < self._recent.maxlen:
            return 0.0
        high, low = max(self._recent), min(self._recent)
        k = 100.0 * (rsi - low) / (high - low) if high != low else 100.0
        self.k.update(time, k)
        self.d.update(time, self.k.current.value)
        return value

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.warm_up_period

    def _reset_state(self) -> None:
        for indicator in (self._rsi, self.k, self.d):
            indicator.reset()
        self._recent.clear()

    K = property(lambda self: self.k)
    D = property(lambda self: self.d)


class TrueStrengthIndex(Indicator):
    """``100 * EMA_short(EMA_long(change)) / EMA_short(EMA_long(|change|))`` with a ``signal`` MA."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        long_p = int(rest[0]) if len(rest) > 0 else 25
        short_p = int(rest[1]) if len(rest) > 1 else 13
        signal_p = int(rest[2]) if len(rest) > 2 else 7
        signal_type = _ma_type(rest, 3, MovingAverageType.EXPONENTIAL)
        name = name or f"TSI({long_p},{short_p},{signal_p})"
        super().__init__(name)
        self.warm_up_period = long_p + short_p
        self._change_ema = ExponentialMovingAverage(name + "_PC_EMA", long_p)
        self._abs_ema = ExponentialMovingAverage(name + "_APC_EMA", long_p)
        self._change_ema_ema = IndicatorExtensions.of(
            ExponentialMovingAverage(name + "_PC_EMA_EMA", short_p), self._change_ema, True
        )
        self._abs_ema_ema = IndicatorExtensions.of(
            ExponentialMovingAverage(name + "_APC_EMA_EMA", short_p), self._abs_ema, True
        )
        self._tsi = IndicatorExtensions.times(
            IndicatorExtensions.over(self._change_ema_ema, self._abs_ema_ema), 100.0
        )
        self.signal = IndicatorExtensions.of(
            as_indicator(signal_type, signal_p, name + "_Signal"), self._tsi, True
        )
        self._previous_close = 0.0

    def _next(self, time: datetime, value: float) -> float:
        if self.samples == 1:
            self._previous_close = value
            return 0.0
        change = value - self._previous_close
        self._previous_close = value
        self._change_ema.update(time, change)
        self._abs_ema.update(time, abs(change))
        return self._tsi.current.value

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.warm_up_period

    def _reset_state(self) -> None:
        self._previous_close = 0.0
        for indicator in (
            self._change_ema,
            self._change_ema_ema,
            self._abs_ema,
            self._abs_ema_ema,
            self._tsi,
            self.signal,
        ):
            indicator.reset()


class RelativeVigorIndexSignal(Indicator):
    """The RVI's signal: ``(rvi + 2 (rvi[1] + rvi[2]) + rvi[3]) / 6``; 0 until three values exist."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.warm_up_period = 3
        self._recent: deque[float] = deque(maxlen=3)

    def _next(self, time: datetime, value: float) -> float:
        recent = self._recent
        output = 0.0
        if self.is_ready:
            output = (value + 2 * (recent[-1] + recent[-2]) + recent[-3]) / 6
        recent.append(value)
        return output

    @property
    def is_ready(self) -> bool:
        return len(self._recent) == 3

    def _reset_state(self) -> None:
        self._recent.clear()


class RelativeVigorIndex(BarIndicator):
    """MA of the weighted close-open moves over MA of the weighted ranges of the last four bars;
    ``signal`` is its 4-bar weighted average. 0 until ready (``period + 3`` bars)."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        period = int(rest[0])
        ma = _ma_type(rest, 1, MovingAverageType.SIMPLE)
        name = name or f"RVI({period},{ma})"
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 3
        self._close_band = as_indicator(ma, period, "_closingBand")
        self._range_band = as_indicator(ma, period, "_rangeBand")
        self.signal = RelativeVigorIndexSignal(f"{name}_S")
        self._previous: deque[Any] = deque(maxlen=3)

    def _next_bar(self, bar: Any) -> float:
        previous = self._previous
        if len(previous) == 3:
            b0, b1, b2 = previous[-1], previous[-2], previous[-3]
            moves = [x.close - x.open for x in (bar, b0, b1, b2)]
            spans = [x.high - x.low for x in (bar, b0, b1, b2)]
            t = bar.end_time
            self._close_band.update(t, (moves[0] + 2 * (moves[1] + moves[2]) + moves[3]) / 6)
            self._range_band.update(t, (spans[0] + 2 * (spans[1] + spans[2]) + spans[3]) / 6)
            if self.is_ready:
                previous.append(bar)
                spread = self._range_band.current.value
                rvi = self._close_band.current.value / spread if spread != 0 else 0.0
                self.signal.update(t, rvi)
                return rvi
        previous.append(bar)
        return 0.0

    @property
    def is_ready(self) -> bool:
        return self._close_band.is_ready and self._range_band.is_ready

    def _reset_state(self) -> None:
        for indicator in (self._close_band, self._range_band, self.signal):
            indicator.reset()
        self._previous.clear()


class ConnorsRelativeStrengthIndex(Indicator):
    """Connors RSI: the mean of RSI(price), RSI(up/down streak length) and the percent rank of the
    latest one-bar change among the previous ``look_back_period`` changes; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        rsi_p, streak_p, look_back = (int(x) for x in rest[:3])
        super().__init__(name or f"CRSI({rsi_p},{streak_p},{look_back})")
        self._rsi = RelativeStrengthIndex(rsi_p)
        self._streak_rsi = RelativeStrengthIndex(streak_p)
        self._ratios: deque[float] = deque(maxlen=look_back)
        self.warm_up_period = max(
            look_back, self._rsi.warm_up_period, self._streak_rsi.warm_up_period
        )
        self._streak = 0
        self._previous: float | None = None

    def _next(self, time: datetime, value: float) -> float:
        self._rsi.update(time, value)
        previous = self._previous
        if previous is not None:
            change = value - previous
            if (self._streak > 0 and change < 0) or (self._streak < 0 and change > 0):
                self._streak = 0
            if change > 0:
                self._streak += 1
            elif change < 0:
                self._streak -= 1
        self._streak_rsi.update(time, float(self._streak))
        if previous is None or previous == 0:
            self._previous = value
            self._ratios.append(0.0)
            return 0.0
        ratio = (value - previous) / previous
        magnitude = 0.0
        if len(self._ratios) == self._ratios.maxlen:
            magnitude = 100.0 * sum(1 for r in self._ratios if r < ratio) / len(self._ratios)
        self._ratios.append(ratio)
        self._previous = value
        if self.is_ready:
            return (self._rsi.current.value + self._streak_rsi.current.value + magnitude) / 3
        return 0.0

    @property
    def is_ready(self) -> bool:
        return (
            self._rsi.is_ready
            and self._streak_rsi.is_ready
            and len(self._ratios) == self._ratios.maxlen
        )

    def _reset_state(self) -> None:
        self._rsi.reset()
        self._streak_rsi.reset()
        self._ratios.clear()
        self._streak = 0
        self._previous = None


class PremierStochasticOscillator(BarIndicator):
    """``(e^s - 1) / (e^s + 1)`` of ``s``, the double EMA of ``0.1 * (fast %K - 50)``; 0 until
    ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _split(args)
        period, ema_period = int(rest[0]), int(rest[1])
        name = name or f"PSO({period},{ema_period})"
        super().__init__(name)
        self.warm_up_period = period + 2 * (ema_period - 1)
        self._stochastic = Stochastic(name, period, period, period)
        self._first = ExponentialMovingAverage(ema_period)
        self._second = IndicatorExtensions.ema(self._first, ema_period)

    def _next_bar(self, bar: Any) -> float:
        self._stochastic.update(bar)
        fast = self._stochastic.fast_stoch
        if not fast.is_ready:
            return 0.0
        if not self._first.update(bar.end_time, 0.1 * (fast.current.value - 50)):
            return 0.0
        if not self._second.is_ready:
            return 0.0
        smoothed = math.exp(self._second.current.value)
        return (smoothed - 1) / (smoothed + 1)

    @property
    def is_ready(self) -> bool:
        return self._second.is_ready

    def _reset_state(self) -> None:
        for indicator in (self._stochastic, self._first, self._second):
            indicator.reset()
