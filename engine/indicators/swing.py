"""Bar-range indicators: Mass Index and Wilder's (accumulative) swing index.

Followed: LEAN's Indicators/MassIndex.cs, WilderSwingIndex.cs, WilderAccumulativeSwingIndex.cs.
"""

from __future__ import annotations

from typing import Any

from engine.indicators.averages import ExponentialMovingAverage
from engine.indicators.base import BarIndicator
from engine.indicators.rolling import Sum


class MassIndex(BarIndicator):
    """Sum over ``sum_period`` bars of EMA(high - low) / EMA(EMA(high - low)); ``sum_period`` until ready."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        ema_period = int(rest[0]) if len(rest) > 0 else 9
        sum_period = int(rest[1]) if len(rest) > 1 else 25
        super().__init__(name or f"MASS({ema_period},{sum_period})")
        self._ema1 = ExponentialMovingAverage(ema_period)
        self._ema2 = ExponentialMovingAverage(ema_period)
        self._sum = Sum(sum_period)
        self.warm_up_period = 2 * (ema_period - 1) + sum_period

    def _next_bar(self, bar: Any) -> float:
        self._ema1.update(bar.end_time, bar.high - bar.low)
        if self._ema1.is_ready:  # ema1.EMA(period): fed once the first is ready
            self._ema2.update(bar.end_time, self._ema1.current.value)
        if self._ema2.is_ready:
            denominator = self._ema2.current.value
            ratio = self._ema1.current.value / denominator if denominator != 0 else 0.0
            self._sum.update(bar.end_time, ratio)
        if not self._sum.is_ready:
            return float(self._sum.period)
        return self._sum.current.value

    @property
    def is_ready(self) -> bool:
        return self._sum.is_ready

    def _reset_state(self) -> None:
        self._ema1.reset()
        self._ema2.reset()
        self._sum.reset()


def _name_and_limit(args: tuple, default: str) -> tuple[str, float]:
    if args and isinstance(args[0], str):
        return args[0], abs(float(args[1]))
    return default, abs(float(args[0]))


class WilderSwingIndex(BarIndicator):
    """Wilder's swing index, ``50 * N / R * K / T`` with ``T`` the limit move; 0 on the first bar."""

    def __init__(self, *args: Any) -> None:
        name, self._t = _name_and_limit(args, "SI")
        super().__init__(name)
        self.warm_up_period = 2
        self._current: Any = None
        self._previous: Any = None

    @property
    def is_ready(self) -> bool:
        return self.samples > 1

    def _next_bar(self, bar: Any) -> float:
        if not self.is_ready:
            self._current = bar
            return 0.0
        self._previous, self._current = self._current, bar
        c, p = self._current, self._previous
        n = (c.close - p.close) + 0.5 * (c.close - c.open) + 0.25 * (p.close - p.open)
        up, down, span = abs(c.high - p.close), abs(c.low - p.close), abs(c.high - c.low)
        drift = abs(0.25 * (p.close - p.open))
        largest = max(up, down, span)
        if largest == up:  # Array.IndexOf: the first of equal maxima
            r = up - abs(0.5 * (c.low - p.close)) + drift
        elif largest == down:
            r = down - abs(0.5 * (c.high - p.close)) + drift
        else:
            r = span + drift
        k = max(abs(c.high - p.close), abs(c.low - p.close))
        if r == 0 or self._t == 0:
            return 0.0
        return 50.0 * (n / r) * (k / self._t)

    def _reset_state(self) -> None:
        self._current = self._previous = None


class WilderAccumulativeSwingIndex(BarIndicator):
    """The running sum of Wilder's swing index."""

    def __init__(self, *args: Any) -> None:
        name, limit = _name_and_limit(args, "ASI")
        super().__init__(name)
        self.warm_up_period = 2
        self._si = WilderSwingIndex(limit)

    @property
    def is_ready(self) -> bool:
        return self.samples > 1

    def _next_bar(self, bar: Any) -> float:
        if not self._si.update(bar):
            return 0.0
        # self.samples already counts this bar: ready from the second one
        if self.is_ready:
            return self.current.value + self._si.current.value
        return self._si.current.value

    def _reset_state(self) -> None:
        self._si.reset()
