"""Price oscillators (Indicators/AbsolutePriceOscillator.cs, PercentagePriceOscillator.cs,
ChandeMomentumOscillator.cs, Trix.cs, AwesomeOscillator.cs, DetrendedPriceOscillator.cs,
UltimateOscillator.cs, KaufmanEfficiencyRatio.cs)."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.averages import ExponentialMovingAverage, SimpleMovingAverage, as_indicator
from engine.indicators.base import BarIndicator, Indicator, MovingAverageType, parse_name_period
from engine.indicators.oscillators import (
    MovingAverageConvergenceDivergence,
    RateOfChangePercent,
)
from engine.indicators.rolling import Delay, Sum
from engine.indicators.volatility import TrueRange


def _name_and(args: tuple) -> tuple[str | None, tuple]:
    if args and isinstance(args[0], str):
        return args[0], args[1:]
    return None, args


class AbsolutePriceOscillator(MovingAverageConvergenceDivergence):
    """``MA(fast) - MA(slow)`` (simple averages by default): LEAN's MACD with a signal period equal
    to the slow period, so it is ready when that signal is."""

    _label = "APO"

    def __init__(self, *args: Any) -> None:
        name, rest = _name_and(args)
        fast, slow = int(rest[0]), int(rest[1])
        ma = MovingAverageType(int(rest[2])) if len(rest) > 2 else MovingAverageType.SIMPLE
        super().__init__(name or f"{self._label}({fast},{slow})", fast, slow, slow, ma)


class PercentagePriceOscillator(AbsolutePriceOscillator):
    """``100 * (MA(fast) - MA(slow)) / MA(slow)``; 0 while the slow average is 0."""

    _label = "PPO"

    def _next(self, time: datetime, value: float) -> float:
        difference = super()._next(time, value)
        slow = self.slow.current.value
        return 100.0 * difference / slow if slow != 0 else 0.0


class ChandeMomentumOscillator(Indicator):
    """``100 * (gains - losses) / (gains + losses)``: sums of the first ``period`` moves, then
    Wilder-smoothed averages; ready after ``period + 1`` values, 0 before."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "CMO({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 1
        self._reset_state()

    def _next(self, time: datetime, value: float) -> float:
        period = self.period
        if self.samples == 1:
            self._prev = value
            return 0.0
        difference = value - self._prev
        self._prev = value
        if self.samples > period + 1:
            self._loss *= period - 1
            self._gain *= period - 1
        if difference < 0:
            self._loss -= difference
        else:
            self._gain += difference
        if not self.is_ready:
            return 0.0
        self._loss /= period
        self._gain /= period
        total = self._gain + self._loss
        return 100.0 * (self._gain - self._loss) / total if total != 0 else 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples > self.period

    def _reset_state(self) -> None:
        self._prev = self._gain = self._loss = 0.0


class Trix(Indicator):
    """One-bar percent rate of change of a triple EMA (each EMA starts once the previous is ready)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "TRIX({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = 3 * (period - 1) + 2
        self._emas = [ExponentialMovingAverage(f"{name}_{i}", period) for i in (1, 2, 3)]
        self._roc = RateOfChangePercent(name + "_ROCP1", 1)

    def _next(self, time: datetime, value: float) -> float:
        e1, e2, e3 = self._emas
        e1.update(time, value)
        if e1.is_ready:
            e2.update(time, e1.current.value)
        if e2.is_ready:
            e3.update(time, e2.current.value)
        if e3.is_ready:
            self._roc.update(time, e3.current.value)
        return self._roc.current.value

    @property
    def is_ready(self) -> bool:
        return self._roc.is_ready

    def _reset_state(self) -> None:
        for indicator in (*self._emas, self._roc):
            indicator.reset()


class AwesomeOscillator(BarIndicator):
    """``MA(fast) - MA(slow)`` of the bars' mid price ``(high + low) / 2``; 0 until both are ready."""

    def __init__(self, *args: Any) -> None:
        name, rest = _name_and(args)
        fast, slow = int(rest[0]), int(rest[1])
        ma = MovingAverageType(int(rest[2])) if len(rest) > 2 else MovingAverageType.SIMPLE
        super().__init__(name or f"AO({fast},{slow},{ma})")
        self.slow_ao = as_indicator(ma, slow, f"{self.name}_Slow")
        self.fast_ao = as_indicator(ma, fast, f"{self.name}_Fast")
        self.warm_up_period = max(fast, slow)

    def _next_bar(self, bar: Any) -> float:
        mid = (bar.high + bar.low) / 2.0
        self.slow_ao.update(bar.end_time, mid)
        self.fast_ao.update(bar.end_time, mid)
        return self.fast_ao.current.value - self.slow_ao.current.value if self.is_ready else 0.0

    @property
    def is_ready(self) -> bool:
        return self.slow_ao.is_ready and self.fast_ao.is_ready

    def _reset_state(self) -> None:
        self.fast_ao.reset()
        self.slow_ao.reset()


class DetrendedPriceOscillator(Indicator):
    """The price ``period // 2 + 1`` bars ago minus the ``period`` SMA."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "DPO({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._lag = Delay(period // 2 + 1)
        self._sma = SimpleMovingAverage(period)

    def _next(self, time: datetime, value: float) -> float:
        self._lag.update(time, value)
        self._sma.update(time, value)
        return self._lag.current.value - self._sma.current.value

    @property
    def is_ready(self) -> bool:
        return self._sma.is_ready and self._lag.is_ready

    def _reset_state(self) -> None:
        self._lag.reset()
        self._sma.reset()


class UltimateOscillator(BarIndicator):
    """``100 * (4 A1 + 2 A2 + A3) / 7`` with ``Ai`` the sum of buying pressure over the sum of true
    range of the last ``period_i`` bars; 50 until ready (after the longest period + 1 bars)."""

    def __init__(self, *args: Any) -> None:
        name, rest = _name_and(args)
        periods = [int(p) for p in rest[:3]]
        super().__init__(name or f"ULTOSC({periods[0]},{periods[1]},{periods[2]})")
        self.period = max(periods)
        self.warm_up_period = self.period + 1
        self._tr = TrueRange(self.name + "_TR")
        self._pressure = [Sum(f"{self.name}_BP{i}", p) for i, p in enumerate(periods, 1)]
        self._ranges = [Sum(f"{self.name}_TR{i}", p) for i, p in enumerate(periods, 1)]
        self._previous_close = 0.0

    def _next_bar(self, bar: Any) -> float:
        self._tr.update(bar)
        t = bar.end_time
        if self.samples == 1:
            self._previous_close = bar.close
            return 50.0
        pressure = bar.close - min(bar.low, self._previous_close)
        for total in self._pressure:
            total.update(t, pressure)
        for total in self._ranges:
            total.update(t, self._tr.current.value)
        self._previous_close = bar.close
        if not self.is_ready:
            return 50.0
        ranges = [total.current.value for total in self._ranges]
        if 0 in ranges:
            return self.current.value
        a1, a2, a3 = (p.current.value / r for p, r in zip(self._pressure, ranges, strict=True))
        return 100.0 * (4 * a1 + 2 * a2 + a3) / 7

    @property
    def is_ready(self) -> bool:
        return self.samples > self.period

    def _reset_state(self) -> None:
        self._tr.reset()
        for total in (*self._pressure, *self._ranges):
            total.reset()
        self._previous_close = 0.0


class KaufmanEfficiencyRatio(Indicator):
    """``|value - value[period bars ago]| / sum of the |one-bar moves|`` between them (LEAN's
    running sums over a window of ``period + 1`` values); 1 when the path is no longer than the
    move or flat; the input itself until the window is full (``period + 1`` values)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "KER({period})")
        super().__init__(name)
        self.period = period
        # LEAN's window (and the ``Period`` its formulas use) holds ``period + 1`` values
        self._size = period + 1
        self.warm_up_period = self._size
        self._values: deque[float] = deque(maxlen=self._size)
        self._sum = 0.0
        self._trailing = 0.0

    def _next(self, time: datetime, value: float) -> float:
        window = self._values
        window.append(value)
        n, period = self.samples, self._size
        previous = window[-2] if len(window) > 1 else value
        if n < period:
            if n > 1:
                self._sum += abs(value - previous)
            return value
        if n == period:
            self._sum += abs(value - previous)
        new_trailing = window[-period]
        change = value - new_trailing
        if n > period:
            self._sum -= abs(self._trailing - new_trailing)
            self._sum += abs(value - previous)
        self._trailing = new_trailing
        if self._sum <= change or self._sum == 0:
            return 1.0
        return abs(change / self._sum)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self._size

    def _reset_state(self) -> None:
        self._values.clear()
        self._sum = 0.0
        self._trailing = 0.0
