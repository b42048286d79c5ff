"""Indicator composition: ``CompositeIndicator`` and ``IndicatorExtensions`` (Indicators/IndicatorExtensions.cs).

``IndicatorExtensions.of(second, first)`` feeds ``first``'s values into ``second``; ``plus``/``minus``/
``times``/``over`` build a ``CompositeIndicator`` that updates when both sides have a value for the
same time (a number operand is a constant); ``weighted_by(value, weight, period)`` is
``sum(value * weight) / sum(weight)`` over ``period``. Every function also exists as an indicator
method (``rsi.sma(10)``, ``fast.minus(slow)``) and with its PascalCase name.
"""

from __future__ import annotations

from typing import Any

from engine.indicators.base import ConstantIndicator, Identity, IndicatorBase, IndicatorDataPoint


class CompositeIndicator(IndicatorBase):
    """``CompositeIndicator(name, left, right, composer)`` or ``(left, right, composer)``;
    ``composer(left, right)`` returns the new value (None: no value this time)."""

    def __init__(self, *args: Any) -> None:
        if isinstance(args[0], str):
            name, left, right, composer = args
        else:
            left, right, composer = args
            name = f"COMPOSE({left.name},{right.name})"
        super().__init__(name)
        self.left = left
        self.right = right
        self._composer = composer
        self.warm_up_period = max(
            getattr(left, "warm_up_period", 0) or 0, getattr(right, "warm_up_period", 0) or 0
        )
        self._left_time: Any = None
        self._right_time: Any = None
        self._left_const = isinstance(left, ConstantIndicator)
        self._right_const = isinstance(right, ConstantIndicator)
        if not self._left_const:
            left.updated += self._on_left
        if not self._right_const:
            right.updated += self._on_right

    def _on_left(self, sender: Any, point: IndicatorDataPoint) -> None:
        self._left_time = point.end_time
        if self._right_const or self._right_time == self._left_time:
            self.update(IndicatorDataPoint(point.symbol, point.end_time, 0.0))

    def _on_right(self, sender: Any, point: IndicatorDataPoint) -> None:
        self._right_time = point.end_time
        if self._left_const or self._right_time == self._left_time:
            self.update(IndicatorDataPoint(point.symbol, point.end_time, 0.0))

    def _compute(self, data: Any) -> float | None:
        value = self._composer(self.left, self.right)
        if value is None:
            return None
        return float(getattr(value, "value", value))

    @property
    def is_ready(self) -> bool:
        return self.left.is_ready and self.right.is_ready

    def _reset_state(self) -> None:
        self._left_time = self._right_time = None
        self.left.reset()
        self.right.reset()


def _operand(value: Any) -> IndicatorBase:
    if isinstance(value, IndicatorBase):
        return value
    return ConstantIndicator(f"Constant({float(value)})", float(value))


def _divide(left: IndicatorBase, right: IndicatorBase) -> float | None:
    denominator = right.current.value
    if denominator == 0.0:
        return None  # LEAN: IndicatorStatus.MathError, no new value
    return left.current.value / denominator


class IndicatorExtensions:
    @staticmethod
    def of(
        second: IndicatorBase, first: IndicatorBase, wait_for_first_to_ready: bool = True
    ) -> IndicatorBase:
        def forward(sender: Any, point: IndicatorDataPoint) -> None:
            if not wait_for_first_to_ready or first.is_ready:
                second.update(point)

        first.updated += forward
        return second

    @staticmethod
    def plus(left: IndicatorBase, right: Any, name: str | None = None) -> CompositeIndicator:
        right = _operand(right)
        return CompositeIndicator(
            name or f"PLUS({left.name},{right.name})",
            left,
            right,
            lambda a, b: a.current.value + b.current.value,
        )

    @staticmethod
    def minus(left: IndicatorBase, right: Any, name: str | None = None) -> CompositeIndicator:
        right = _operand(right)
        return CompositeIndicator(
            name or f"MINUS({left.name},{right.name})",
            left,
            right,
            lambda a, b: a.current.value - b.current.value,
        )

    @staticmethod
    def times(left: IndicatorBase, right: Any, name: str | None = None) -> CompositeIndicator:
        right = _operand(right)
        return CompositeIndicator(
            name or f"TIMES({left.name},{right.name})",
            left,
            right,
            lambda a, b: a.current.value * b.current.value,
        )

    @staticmethod
    def over(left: IndicatorBase, right: Any, name: str | None = None) -> CompositeIndicator:
        right = _operand(right)
        return CompositeIndicator(name or f"OVER({left.name},{right.name})", left, right, _divide)

    @staticmethod
    def weighted_by(value: IndicatorBase, weight: IndicatorBase, period: int) -> CompositeIndicator:
        from engine.indicators.rolling import Sum

        x = Identity(value.name)
        y = Identity(weight.name)
        numerator = Sum("Sum_xy", period)
        denominator = Sum("Sum_y", period)

        def on_value(sender: Any, point: IndicatorDataPoint) -> None:
            x.update(point)
            if x.samples == y.samples:
                numerator.update(point.end_time, point.value * y.current.value)

        def on_weight(sender: Any, point: IndicatorDataPoint) -> None:
            y.update(point)
            if x.samples == y.samples:
                numerator.update(point.end_time, point.value * x.current.value)
            denominator.update(point)

        value.updated += on_value
        weight.updated += on_weight
        return IndicatorExtensions.over(numerator, denominator)

    @staticmethod
    def sma(
        left: IndicatorBase, period: int, wait_for_first_to_ready: bool = True
    ) -> IndicatorBase:
        from engine.indicators.averages import SimpleMovingAverage

        return IndicatorExtensions.of(
            SimpleMovingAverage(f"SMA{period}_Of_{left.name}", period),
            left,
            wait_for_first_to_ready,
        )

    @staticmethod
    def ema(
        left: IndicatorBase,
        period: int,
        smoothing_factor: float | None = None,
        wait_for_first_to_ready: bool = True,
    ) -> IndicatorBase:
        from engine.indicators.averages import ExponentialMovingAverage

        name = f"EMA{period}_Of_{left.name}"
        ema = (
            ExponentialMovingAverage(name, period)
            if smoothing_factor is None
            else ExponentialMovingAverage(name, period, smoothing_factor)
        )
        return IndicatorExtensions.of(ema, left, wait_for_first_to_ready)

    @staticmethod
    def max(
        left: IndicatorBase, period: int, wait_for_first_to_ready: bool = True
    ) -> IndicatorBase:
        from engine.indicators.rolling import Maximum

        return IndicatorExtensions.of(
            Maximum(f"MAX{period}_Of_{left.name}", period), left, wait_for_first_to_ready
        )

    @staticmethod
    def min(
        left: IndicatorBase, period: int, wait_for_first_to_ready: bool = True
    ) -> IndicatorBase:
        from engine.indicators.rolling import Minimum

        return IndicatorExtensions.of(
            Minimum(f"MIN{period}_Of_{left.name}", period), left, wait_for_first_to_ready
        )

    Of = of
    Plus = plus
    Minus = minus
    Times = times
    Over = over
    WeightedBy = weighted_by
    SMA = sma
    EMA = ema
    MAX = Max = max
    MIN = Min = min
