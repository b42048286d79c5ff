"""Ehlers' Swiss Army Knife filters: LEAN ``SwissArmyKnife`` (Indicators/SwissArmyKnife.cs)."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.base import Indicator
from engine.model.enums import LeanEnum, pascal_aliases


@pascal_aliases
class SwissArmyKnifeTool(LeanEnum):
    GAUSS = 0
    BUTTER = 1
    HIGH_PASS = 2
    TWO_POLE_HIGH_PASS = 3
    BAND_PASS = 4


def _tool_text(tool: SwissArmyKnifeTool) -> str:
    return "".join(part.title() for part in tool.name.split("_"))


class _SingleToolFilter(Indicator):
    """One of the five filters: ``c0 (b0 p0 + b1 p1 + b2 p2) + a1 f1 + a2 f2`` over the last three
    prices and the last two outputs (the first price stands for the two before it)."""

    def __init__(self, name: str, period: int, delta: float, tool: SwissArmyKnifeTool) -> None:
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        a1 = a2 = b1 = b2 = 0.0
        b0 = c0 = 1.0
        beta = 2.415 * (1 - math.cos(2 * math.pi / period))
        alpha = -beta + math.sqrt(beta**2 + 2.0 * beta)
        if tool == SwissArmyKnifeTool.GAUSS:
            c0 = alpha * alpha
            a1 = 2.0 * (1 - alpha)
            a2 = -(1 - alpha) * (1 - alpha)
        elif tool == SwissArmyKnifeTool.BUTTER:
            c0 = alpha * alpha / 4.0
            b1, b2 = 2.0, 1.0
            a1 = 2.0 * (1 - alpha)
            a2 = -(1 - alpha) * (1 - alpha)
        elif tool == SwissArmyKnifeTool.HIGH_PASS:
            angle = 2 * math.pi / period
            alpha = (math.cos(angle) + math.sin(angle) - 1) / math.cos(angle)
            c0 = (1 + alpha) / 2
            b1 = -1.0
            a1 = 1 - alpha
        elif tool == SwissArmyKnifeTool.TWO_POLE_HIGH_PASS:
            c0 = (1 + alpha) * (1 + alpha) / 4
            b1, b2 = -2.0, 1.0
            a1 = 2.0 * (1 - alpha)
            a2 = -(1 - alpha) * (1 - alpha)
        elif tool == SwissArmyKnifeTool.BAND_PASS:
            beta = math.cos(2 * math.pi / period)
            gamma = 1 / math.cos(4 * math.pi * delta / period)
            alpha = gamma - math.sqrt(gamma**2 - 1)
            c0 = (1 - alpha) / 2.0
            b2 = -1.0
            a1 = -beta * (1 - alpha)
            a2 = alpha
        else:
            raise ValueError(f"Invalid SwissArmyKnifeTool: {tool}")
        self._coefficients = (a1, a2, b0, b1, b2, c0)
        self._reset_state()

    def _reset_state(self) -> None:
        self._price: deque[float] = deque(maxlen=3)  # newest first
        self._filt: deque[float] = deque([0.0, 0.0], maxlen=2)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _next(self, time: datetime, value: float) -> float:
        price = float(value)
        if not self._price:
            self._price.extend((price, price))
        self._price.appendleft(price)
        a1, a2, b0, b1, b2, c0 = self._coefficients
        p, f = self._price, self._filt
        signal = c0 * (b0 * p[0] + b1 * p[1] + b2 * p[2]) + (a1 * f[0] + a2 * f[1])
        f.appendleft(signal)
        return signal


class SwissArmyKnife(Indicator):
    """LEAN ``SwissArmyKnife(period, delta, tool)``: all five filters (``gauss``, ``butter``,
    ``high_pass``, ``two_pole_high_pass``, ``band_pass``) run on every input; the value is the
    chosen tool's. Ready after ``period`` samples."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, period, delta, tool = args[0], int(args[1]), float(args[2]), args[3]
            tool = SwissArmyKnifeTool(tool)
        else:
            period, delta, tool = int(args[0]), float(args[1]), SwissArmyKnifeTool(args[2])
            name = f"Swiss({period},{delta:g},{_tool_text(tool)})"
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.tool = tool
        self.gauss = _SingleToolFilter(f"{name}_Gauss", period, delta, SwissArmyKnifeTool.GAUSS)
        self.butter = _SingleToolFilter(f"{name}_Butter", period, delta, SwissArmyKnifeTool.BUTTER)
        self.high_pass = _SingleToolFilter(
            f"{name}_HP", period, delta, SwissArmyKnifeTool.HIGH_PASS
        )
        self.two_pole_high_pass = _SingleToolFilter(
            f"{name}_2PHP", period, delta, SwissArmyKnifeTool.TWO_POLE_HIGH_PASS
        )
        self.band_pass = _SingleToolFilter(
            f"{name}_BP", period, delta, SwissArmyKnifeTool.BAND_PASS
        )
        self._filters = {
            SwissArmyKnifeTool.GAUSS: self.gauss,
            SwissArmyKnifeTool.BUTTER: self.butter,
            SwissArmyKnifeTool.HIGH_PASS: self.high_pass,
            SwissArmyKnifeTool.TWO_POLE_HIGH_PASS: self.two_pole_high_pass,
            SwissArmyKnifeTool.BAND_PASS: self.band_pass,
        }

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _compute(self, data: Any) -> float:
        for one in self._filters.values():
            one.update(data)
        return self._filters[self.tool].current.value

    def _reset_state(self) -> None:
        for one in getattr(self, "_filters", {}).values():
            one.reset()
