"""Cycle indicators built on Ehlers' Hilbert transform: ``HilbertTransform`` (in-phase and quadrature
components) and the MESA adaptive moving average (MAMA with its following FAMA).

Followed: LEAN's Indicators/HilbertTransform.cs and Indicators/MesaAdaptiveMovingAverage.cs. Both keep
LEAN's exact recurrences (including its coefficients and the order in which the delayed values
are read and updated), since they differ from TA-Lib's HT_* and MAMA start-up.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.base import BarIndicator, Component, Indicator, decimal_text


class _Lag:
    """The value ``lag`` updates back, readable only once ``lag + 1`` values were seen (LEAN's
    ``Delay(lag)`` read through ``IsReady ? Current : 0``)."""

    def __init__(self, lag: int) -> None:
        self._values: deque[float] = deque(maxlen=lag + 1)

    def add(self, value: float) -> None:
        self._values.append(value)

    def read(self) -> float:
        return self._values[0] if len(self._values) == self._values.maxlen else 0.0

    def clear(self) -> None:
        self._values.clear()


class HilbertTransform(Indicator):
    """Passes its input through and updates ``in_phase`` and ``quadrature``: with the detrended
    price ``D = x - x[length]``, ``I = 1.25 (D[3] - m_i D[1]) + m_i I[3]`` and
    ``Q = D[1] - m_q D + m_q Q[2]`` (``[k]``: k updates back, 0 until seen)."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], list(args[1:])
        else:
            name, rest = None, list(args)
        defaults = [7, 0.635, 0.338]
        rest += defaults[len(rest) :]
        length, in_phase_factor, quadrature_factor = int(rest[0]), float(rest[1]), float(rest[2])
        if length < 1:
            raise ValueError("HilbertTransform length must be at least 1")
        super().__init__(
            name or f"Hilbert({length}, {decimal_text(rest[1])}, {decimal_text(rest[2])})"
        )
        self._length = length
        self._mi = in_phase_factor
        self._mq = quadrature_factor
        self.warm_up_period = length + 2
        self.in_phase = Component(f"{self.name}_inPhase", lambda: self.samples > length + 2)
        self.quadrature = Component(f"{self.name}_quad", lambda: self.samples > length)
        self.InPhase = self.in_phase
        self.Quadrature = self.quadrature
        self._reset_state()

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.warm_up_period

    def _reset_state(self) -> None:
        self._prices: deque[float] = deque(maxlen=self._length + 1)
        self._detrend_1 = _Lag(1)
        self._detrend_3 = _Lag(3)
        self._in_phase_2 = _Lag(2)
        self._quadrature_1 = _Lag(1)
        if hasattr(self, "in_phase"):
            self.in_phase.reset()
            self.quadrature.reset()

    def _next(self, time: datetime, value: float) -> float:
        self._prices.append(value)
        detrended = None
        if len(self._prices) > self._length:
            detrended = value - self._prices[0]
            self._detrend_1.add(detrended)
            self._detrend_3.add(detrended)
        # LEAN's components read the parent's sample count, so both start at the same bar
        # whatever their own update count
        in_phase = 0.0
        if self.samples > self._length + 2:
            in_phase = (
                1.25 * (self._detrend_3.read() - self._detrend_1.read() * self._mi)
                + self._in_phase_2.read() * self._mi
            )
        self.in_phase.update(time, in_phase)
        if self.in_phase.is_ready:
            self._in_phase_2.add(in_phase)
        quadrature = 0.0
        if self.samples > self._length:
            current = detrended if detrended is not None else 0.0
            quadrature = (
                self._detrend_1.read() - current * self._mq + self._quadrature_1.read() * self._mq
            )
        self.quadrature.update(time, quadrature)
        if self.quadrature.is_ready:
            self._quadrature_1.add(quadrature)
        return value


_RAD_TO_DEG = 180.0 / math.pi
_SMALL = 0.0962
_LARGE = 0.5769


class _History:
    """LEAN's ``RollingWindow<decimal>`` read by index: ``[0]`` newest, 0 past what was seen."""

    def __init__(self, size: int) -> None:
        self._values: deque[float] = deque(maxlen=size)

    def add(self, value: float) -> None:
        self._values.appendleft(value)

    def __getitem__(self, i: int) -> float:
        return self._values[i] if i < len(self._values) else 0.0

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()


class MesaAdaptiveMovingAverage(BarIndicator):
    """MAMA of the bars' median price ``(high + low) / 2``: an EMA whose factor follows the rate of
    phase change of the Hilbert transform (``fast_limit / delta_phase``, at least ``slow_limit``);
    ``fama`` follows MAMA with half that factor. 0 until 33 bars were seen."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], list(args[1:])
        else:
            name, rest = "MAMA", list(args)
        rest += [0.5, 0.05][len(rest) :]
        super().__init__(name)
        self._fast = float(rest[0])
        self._slow = float(rest[1])
        self.warm_up_period = 33
        self.fama = Component(f"{name}_Fama", lambda: self.fama.samples > 0)
        self.Fama = self.fama
        self._reset_state()

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.warm_up_period

    def _reset_state(self) -> None:
        self._price = _History(13)
        self._smooth = _History(6)
        self._detrend = _History(6)
        self._in_phase = _History(6)
        self._quadrature = _History(6)
        self._period = 0.0
        self._i2 = 0.0
        self._q2 = 0.0
        self._re = 0.0
        self._im = 0.0
        self._smooth_period = 0.0
        self._phase = 0.0
        self._mama = 0.0
        if hasattr(self, "fama"):
            self.fama.reset()

    def _next_bar(self, bar: Any) -> float:
        self._price.add((float(bar.high) + float(bar.low)) / 2.0)
        if len(self._price) < 13:
            return 0.0
        mama, fama = self._mama_and_fama()
        self._mama = mama
        self.fama.update(bar.end_time, fama)
        return mama if self.is_ready else 0.0

    def _filter(self, latest: float, history: _History, adjusted: float) -> float:
        return (
            _SMALL * latest + _LARGE * history[1] - _LARGE * history[3] - _SMALL * history[5]
        ) * adjusted

    def _mama_and_fama(self) -> tuple[float, float]:
        p = self._price
        adjusted = 0.075 * self._period + 0.54
        smooth = (4 * p[0] + 3 * p[1] + 2 * p[2] + p[3]) / 10.0
        detrender = self._filter(smooth, self._smooth, adjusted)
        q1 = self._filter(detrender, self._detrend, adjusted)
        i1 = self._detrend[2]
        j_i = self._filter(i1, self._in_phase, adjusted)
        j_q = self._filter(q1, self._quadrature, adjusted)
        i2 = 0.2 * (i1 - j_q) + 0.8 * self._i2
        q2 = 0.2 * (q1 + j_i) + 0.8 * self._q2
        alpha = self._alpha(i1, q1, i2, q2)
        mama = alpha * p[0] + (1.0 - alpha) * self._mama
        fama = 0.5 * alpha * mama + (1.0 - 0.5 * alpha) * self.fama.current.value
        self._smooth.add(smooth)
        self._detrend.add(detrender)
        self._in_phase.add(i1)
        self._quadrature.add(q1)
        return mama, fama

    def _alpha(self, i1: float, q1: float, i2: float, q2: float) -> float:
        re = 0.2 * (i2 * self._i2 + q2 * self._q2) + 0.8 * self._re
        im = 0.2 * (i2 * self._q2 - q2 * self._i2) + 0.8 * self._im
        period = 0.0
        if im != 0 and re != 0:
            angle = math.atan(im / re) * _RAD_TO_DEG
            period = 360.0 / angle if angle > 0 else 0.0
        period = min(period, 1.5 * self._period)
        period = max(period, 0.67 * self._period)
        period = min(max(period, 6.0), 50.0)
        period = 0.2 * period + 0.8 * self._period
        smooth_period = 0.33 * period + 0.67 * self._smooth_period
        phase = math.atan(q1 / i1) * _RAD_TO_DEG if i1 != 0 else 0.0
        delta_phase = max(self._phase - phase, 1.0)
        alpha = max(self._fast / delta_phase, self._slow)
        self._i2, self._q2, self._re, self._im = i2, q2, re, im
        self._period, self._smooth_period, self._phase = period, smooth_period, phase
        return alpha
