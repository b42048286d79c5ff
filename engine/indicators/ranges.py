"""Range and return indicators (Indicators/MidPoint.cs, MidPrice.cs, NormalizedAverageTrueRange.cs,
LogReturn.cs, AverageRange.cs, ChoppinessIndex.cs, AccelerationBands.cs, ZigZag.cs,
FractalAdaptiveMovingAverage.cs, AugenPriceSpike.cs)."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.averages import SimpleMovingAverage, as_indicator
from engine.indicators.base import (
    BarIndicator,
    Identity,
    Indicator,
    MovingAverageType,
    parse_name_period,
)
from engine.indicators.rolling import StandardDeviation
from engine.indicators.volatility import AverageTrueRange, TrueRange


class MidPoint(Indicator):
    """``(max + min) / 2`` of the last ``period`` values."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "MIDPOINT({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque(maxlen=period)

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        return (max(self._values) + min(self._values)) / 2.0

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()


class MidPrice(BarIndicator):
    """``(highest high + lowest low) / 2`` of the last ``period`` bars."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "MIDPRICE({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._highs: deque[float] = deque(maxlen=period)
        self._lows: deque[float] = deque(maxlen=period)

    def _next_bar(self, bar: Any) -> float:
        self._highs.append(bar.high)
        self._lows.append(bar.low)
        return (max(self._highs) + min(self._lows)) / 2.0

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._highs.clear()
        self._lows.clear()


class NormalizedAverageTrueRange(BarIndicator):
    """ATR as a percent of the close: the simple mean of the first ``period`` true ranges, then
    Wilder's smoothing ``(atr * (period - 1) + tr) / period``; ready after ``period + 1`` bars."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "NATR({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 1
        self._tr = TrueRange(name + "_TR")
        self._atr = AverageTrueRange(name + "_ATR", period, MovingAverageType.SIMPLE)
        self._last_atr = 0.0

    def _next_bar(self, bar: Any) -> float:
        self._tr.update(bar)
        period = self.period
        if not self.is_ready:
            self._atr.update(bar)
            atr = self._atr.current.value
        elif self.samples == period + 1:
            self._atr.update(bar)
            self._last_atr = atr = self._atr.current.value
        else:
            self._last_atr = atr = (self._last_atr * (period - 1) + self._tr.current.value) / period
        return atr / bar.close * 100.0 if bar.close != 0 else 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples > self.period

    def _reset_state(self) -> None:
        self._tr.reset()
        self._atr.reset()
        self._last_atr = 0.0


class LogReturn(Indicator):
    """``ln(value / value period bars ago)`` (the oldest value seen until ``period`` bars passed);
    0 where the ratio is 0 or undefined."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "LOGR({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        # the window holds ``period`` values plus the one that most recently left it
        self._values: deque[float] = deque(maxlen=period + 1)

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        base = self._values[0]
        if base == 0 or value / base <= 0:
            return 0.0
        return math.log(value / base)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()


class AverageRange(BarIndicator):
    """SMA of ``high - low``."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "AR({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._sma = SimpleMovingAverage(name + "_SMA", period)

    def _next_bar(self, bar: Any) -> float:
        self._sma.update(bar.end_time, bar.high - bar.low)
        return self._sma.current.value

    @property
    def is_ready(self) -> bool:
        return self._sma.is_ready

    def _reset_state(self) -> None:
        self._sma.reset()


class ChoppinessIndex(BarIndicator):
    """``100 * log10(sum of true ranges / (max high - min low)) / log10(period)`` over ``period``
    bars (the first bar counts its own range); 100 for a flat window, 0 until ready."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "CHOP({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._tr = TrueRange()
        self._ranges: deque[float] = deque(maxlen=period)
        self._highs: deque[float] = deque(maxlen=period)
        self._lows: deque[float] = deque(maxlen=period)

    def _next_bar(self, bar: Any) -> float:
        self._tr.update(bar)
        self._highs.append(bar.high)
        self._lows.append(bar.low)
        self._ranges.append(self._tr.current.value if self._tr.is_ready else bar.high - bar.low)
        if not self.is_ready:
            return 0.0
        top, bottom = max(self._highs), min(self._lows)
        if top == bottom:
            return 100.0
        return 100.0 * math.log10(sum(self._ranges) / (top - bottom)) / math.log10(self.period)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._tr.reset()
        for window in (self._ranges, self._highs, self._lows):
            window.clear()


class AccelerationBands(BarIndicator):
    """Headley's acceleration bands: MAs of ``low * (1 - c)``, ``close`` and ``high * (1 + c)`` with
    ``c = width * (high - low) / (high + low)``; the value is the middle band."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        period = int(rest[0])
        width = float(rest[1]) if len(rest) > 1 else 4.0
        ma = MovingAverageType(int(rest[2])) if len(rest) > 2 else MovingAverageType.SIMPLE
        name = name or f"ABANDS({period},{width:g},{ma})"
        super().__init__(name)
        self.period = period
        self.width = width
        self.moving_average_type = ma
        self.warm_up_period = period
        self.middle_band = as_indicator(ma, period, name + "_MiddleBand")
        self.lower_band = as_indicator(ma, period, name + "_LowerBand")
        self.upper_band = as_indicator(ma, period, name + "_UpperBand")

    def _next_bar(self, bar: Any) -> float:
        total = bar.high + bar.low
        coefficient = self.width * (bar.high - bar.low) / total if total != 0 else 0.0
        t = bar.end_time
        self.lower_band.update(t, bar.low * (1 - coefficient))
        self.upper_band.update(t, bar.high * (1 + coefficient))
        self.middle_band.update(t, bar.close)
        return self.middle_band.current.value

    @property
    def is_ready(self) -> bool:
        return self.middle_band.is_ready and self.lower_band.is_ready and self.upper_band.is_ready

    def _reset_state(self) -> None:
        for band in (self.middle_band, self.lower_band, self.upper_band):
            band.reset()


class ZigZag(BarIndicator):
    """Zig-zag pivots: a new high pivot once the high rises ``sensitivity`` above the last low
    pivot (after ``min_trend_length`` bars), a new low pivot likewise; a pivot moves while the
    trend extends. ``high_pivot`` / ``low_pivot`` hold the pivots, the value is the current one."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        sensitivity = float(rest[0]) if rest else 0.05
        min_trend = int(rest[1]) if len(rest) > 1 else 1
        if not 0 < sensitivity < 1:
            raise ValueError("Sensitivity must be between 0 and 1.")
        if min_trend < 1:
            raise ValueError("Minimum trend length must be greater than 0.")
        name = name or f"ZZ({sensitivity:g},{min_trend})"
        super().__init__(name)
        self.sensitivity = sensitivity
        self.min_trend_length = min_trend
        self.warm_up_period = min_trend + 1
        self.high_pivot = Identity(name + "_HighPivot")
        self.low_pivot = Identity(name + "_LowPivot")
        self._reset_pivots()

    def _reset_pivots(self) -> None:
        self._last_pivot: Any = None
        self._last_was_low = False
        self._count = 0
        self.pivot_type = "Low"  # LEAN's PivotPointType of the last pivot

    def _update_pivot(self, bar: Any, is_low: bool) -> None:
        self._last_pivot = bar
        self._count = 0
        t = bar.end_time
        if self._last_was_low == is_low:
            if self._last_was_low:
                self.low_pivot.update(t, bar.low)
            else:
                self.high_pivot.update(t, bar.high)
        else:
            if self._last_was_low:
                self.high_pivot.update(t, bar.high)
            else:
                self.low_pivot.update(t, bar.low)
            self.pivot_type = "High" if self._last_was_low else "Low"
        self._last_was_low = is_low

    def _next_bar(self, bar: Any) -> float:
        last = self._last_pivot
        if last is None:
            self._update_pivot(bar, True)
            return 0.0
        current = last.low if self._last_was_low else last.high
        ready_to_turn = self._count >= self.min_trend_length
        if self._last_was_low:
            if bar.high >= last.low * (1 + self.sensitivity) and ready_to_turn:
                self._update_pivot(bar, False)
                current = self.high_pivot.current.value
            elif bar.low <= last.low:
                self._update_pivot(bar, True)
                current = self.low_pivot.current.value
        else:
            if bar.low <= last.high * (1 - self.sensitivity) and ready_to_turn:
                self._update_pivot(bar, True)
                current = self.low_pivot.current.value
            elif bar.high >= last.high:
                self._update_pivot(bar, False)
                current = self.high_pivot.current.value
        self._count += 1
        return current

    @property
    def is_ready(self) -> bool:
        return self.samples > self.min_trend_length

    def _reset_state(self) -> None:
        self.high_pivot.reset()
        self.low_pivot.reset()
        self._reset_pivots()


class FractalAdaptiveMovingAverage(BarIndicator):
    """Ehlers' FRAMA of the mid price: an EMA whose alpha ``exp(w (D - 1))`` (clipped to
    [0.01, 1], ``w = ln(2 / (long_period + 1))``) follows the fractal dimension ``D`` of the last
    ``n`` bars; the mid price until more than ``n`` bars were seen."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        n = int(rest[0])
        long_period = int(rest[1]) if len(rest) > 1 else 198
        name = name or f"FRAMA({n},{long_period})"
        if n % 2:
            raise ValueError(f"{name}: N must be even, N = {n}")
        super().__init__(name)
        self.n = n
        self.warm_up_period = n
        self._w = math.log(2.0 / (1 + long_period))
        self._highs: deque[float] = deque(maxlen=n)
        self._lows: deque[float] = deque(maxlen=n)

    def _next_bar(self, bar: Any) -> float:
        price = (bar.high + bar.low) / 2
        self._highs.appendleft(bar.high)
        self._lows.appendleft(bar.low)
        if self.samples <= self.n:
            return price
        half = self.n // 2
        highs, lows = list(self._highs), list(self._lows)
        n1 = (max(highs[:half]) - min(lows[:half])) / half
        n2 = (max(highs[half:]) - min(lows[half:])) / half
        n3 = (max(highs) - min(lows)) / self.n
        dimension = 0.0
        if n1 + n2 > 0 and n3 > 0:
            dimension = math.log((n1 + n2) / n3) / math.log(2)
        alpha = min(max(math.exp(self._w * (dimension - 1)), 0.01), 1.0)
        return alpha * price + (1 - alpha) * self.current.value

    @property
    def is_ready(self) -> bool:
        return len(self._highs) == self.n

    def _reset_state(self) -> None:
        self._highs.clear()
        self._lows.clear()


class AugenPriceSpike(Indicator):
    """Augen's price spike: the last move over ``std * previous value``, ``std`` the standard
    deviation of the one-bar log returns (lagged one bar) over ``period``; 0 until ready."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, period = args[0], int(args[1])
        else:
            period = int(args[0]) if args else 3
            name = f"APS({period})"
        if period < 3:
            raise ValueError("AugenPriceSpike Indicator must have a period of at least 3")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 2
        self._std = StandardDeviation(period)
        self._recent: deque[float] = deque(maxlen=3)

    def _next(self, time: datetime, value: float) -> float:
        self._recent.append(value)
        if len(self._recent) < 3:
            return 0.0
        previous, before = self._recent[1], self._recent[0]
        log_return = math.log(previous / before) if previous != 0 and before != 0 else 0.0
        self._std.update(time, log_return)
        if not self._std.is_ready:
            return 0.0
        scale = self._std.current.value * previous
        return (value - previous) / scale if scale != 0 else 0.0

    @property
    def is_ready(self) -> bool:
        return len(self._recent) == 3 and self._std.is_ready

    def _reset_state(self) -> None:
        self._std.reset()
        self._recent.clear()
