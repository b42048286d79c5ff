"""Rolling-window statistics: Sum, Maximum, Minimum, Delay, Variance, StandardDeviation, MeanAbsoluteDeviation.

Variance and StandardDeviation are population statistics over the last ``period`` values (LEAN and
TA-Lib's VAR/STDDEV); before ``period`` samples they use the values seen so far.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.base import Indicator, parse_name_period


class Sum(Indicator):
    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "SUM({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque()
        self._sum = 0.0

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        self._sum += value
        if len(self._values) > self.period:
            self._sum -= self._values.popleft()
        return self._sum

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()
        self._sum = 0.0


class Maximum(Indicator):
    """Highest value of the last ``period``; ``periods_since_maximum`` (0 = the newest; ties: newest)."""

    _default_name = "MAX{period}"

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, self._default_name)
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque(maxlen=period)
        self._since = 0

    @staticmethod
    def _better(a: float, b: float) -> bool:
        return a >= b

    def _next(self, time: datetime, value: float) -> float:
        values = self._values
        full = len(values) == self.period
        values.append(value)
        if self.samples == 1 or self._better(value, self.current.value):
            self._since = 0
            return value
        if full and self._since + 1 >= self.period:
            # the extreme left the window: rescan from the newest (the newest wins ties)
            best_i = len(values) - 1
            best = values[best_i]
            better = self._better
            for i in range(best_i - 1, -1, -1):
                v = values[i]
                if v != best and better(v, best):
                    best, best_i = v, i
            self._since = len(values) - 1 - best_i
            return best
        self._since += 1
        return self.current.value

    @property
    def periods_since_maximum(self) -> int:
        return self._since

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()
        self._since = 0


class Minimum(Maximum):
    _default_name = "MIN{period}"

    @staticmethod
    def _better(a: float, b: float) -> bool:
        return a <= b

    @property
    def periods_since_minimum(self) -> int:
        return self._since


class Delay(Indicator):
    """The value ``period`` samples ago; until then the first input (LEAN's ``Delay``)."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "DELAY({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period + 1
        self._values: deque[float] = deque(maxlen=period + 1)

    def _next(self, time: datetime, value: float) -> float:
        self._values.append(value)
        return self._values[0]

    @property
    def is_ready(self) -> bool:
        return self.samples > self.period

    def _reset_state(self) -> None:
        self._values.clear()


class Variance(Indicator):
    """Population variance of the last ``period`` values."""

    _default_name = "VAR({period})"

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, self._default_name)
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque()

    def _variance(self, value: float) -> float:
        values = self._values
        values.append(value)
        if len(values) > self.period:
            values.popleft()
        n = len(values)
        mean = math.fsum(values) / n
        return max(0.0, math.fsum((v - mean) * (v - mean) for v in values) / n)

    def _next(self, time: datetime, value: float) -> float:
        return self._variance(value)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()


class StandardDeviation(Variance):
    _default_name = "STD({period})"

    def _next(self, time: datetime, value: float) -> float:
        return math.sqrt(self._variance(value))


class MeanAbsoluteDeviation(Indicator):
    """Mean of ``|x - mean|`` over the last ``period`` values."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "MAD({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._values: deque[float] = deque(maxlen=period)

    def _next(self, time: datetime, value: float) -> float:
        values = self._values
        values.append(value)
        n = len(values)
        mean = sum(values) / n
        return sum(abs(v - mean) for v in values) / n

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._values.clear()
