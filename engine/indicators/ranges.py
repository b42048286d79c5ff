"""Range and return indicators (Indicators/MidPoint.cs, MidPrice.cs, NormalizedAverageTrueRange.cs,
LogReturn.cs, AverageRange.cs, ChoppinessIndex.cs, AccelerationBands.cs)."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.averages import SimpleMovingAverage, as_indicator
from engine.indicators.base import BarIndicator, Indicator, MovingAverageType, parse_name_period
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
