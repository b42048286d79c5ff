"""Indicator base classes (Indicators/IndicatorBase.cs, Indicator.cs, BarIndicator.cs, WindowIndicator.cs).

``IndicatorBase.update`` takes ``(time, value)``, an ``IndicatorDataPoint`` or any data point
(``TradeBar``, ``QuoteBar``, ``Tick``). Value indicators read ``data.value`` (a bar's close) at the
point's ``end_time``; bar indicators need ``high``/``low``/``close`` (and ``volume`` when they use it).
As in LEAN: a point older than the previous one for the same symbol is ignored (forward only), the
same object twice counts once, ``samples`` counts accepted inputs, and ``current`` is an
``IndicatorDataPoint`` stamped with the input's ``end_time``; ``updated`` fires after each new value.
Every snake_case member also answers to its PascalCase name (``IsReady``, ``Current``, ``StochK``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.common.naming import snake_case
from engine.indicators.window import RollingWindow
from engine.model.data import BaseData
from engine.model.enums import LeanEnum, pascal_aliases


class Event:
    """A C#-style event for Python: ``obj.updated += handler`` / ``-= handler``; calling it fires all."""

    __slots__ = ("_handlers",)

    def __init__(self) -> None:
        self._handlers: list = []

    def __iadd__(self, handler: Any) -> Event:
        self._handlers.append(handler)
        return self

    def __isub__(self, handler: Any) -> Event:
        try:
            self._handlers.remove(handler)
        except ValueError:
            pass
        return self

    def __call__(self, *args: Any) -> None:
        for handler in tuple(self._handlers):
            handler(*args)

    def __len__(self) -> int:
        return len(self._handlers)

    def __bool__(self) -> bool:
        return bool(self._handlers)

    def clear(self) -> None:
        self._handlers.clear()


class _ValueOps:
    """Comparisons and arithmetic on ``current.value`` (LEAN's implicit decimal conversion)."""

    __slots__ = ()

    def _v(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def __float__(self) -> float:
        return float(self._v())

    def __int__(self) -> int:
        return int(self._v())

    def __lt__(self, other: Any) -> bool:
        return self._v() < float(other)

    def __le__(self, other: Any) -> bool:
        return self._v() <= float(other)

    def __gt__(self, other: Any) -> bool:
        return self._v() > float(other)

    def __ge__(self, other: Any) -> bool:
        return self._v() >= float(other)

    def __add__(self, other: Any) -> float:
        return self._v() + float(other)

    def __radd__(self, other: Any) -> float:
        return float(other) + self._v()

    def __sub__(self, other: Any) -> float:
        return self._v() - float(other)

    def __rsub__(self, other: Any) -> float:
        return float(other) - self._v()

    def __mul__(self, other: Any) -> float:
        return self._v() * float(other)

    def __rmul__(self, other: Any) -> float:
        return float(other) * self._v()

    def __truediv__(self, other: Any) -> float:
        return self._v() / float(other)

    def __rtruediv__(self, other: Any) -> float:
        return float(other) / self._v()

    def __neg__(self) -> float:
        return -self._v()

    def __abs__(self) -> float:
        return abs(self._v())

    def __round__(self, ndigits: int | None = None) -> float:
        return round(self._v(), ndigits)


class IndicatorDataPoint(_ValueOps, BaseData):
    """A time-stamped indicator value. ``IndicatorDataPoint(time, value)`` or ``(symbol, time, value)``."""

    __slots__ = ()

    def __init__(self, *args: Any) -> None:
        if len(args) == 3:
            symbol, time, value = args
        elif len(args) == 2:
            symbol, (time, value) = None, args
        elif not args:
            symbol, time, value = None, datetime.min, 0.0
        else:
            raise TypeError(
                "IndicatorDataPoint(time, value) or IndicatorDataPoint(symbol, time, value)"
            )
        BaseData.__init__(self, symbol, time, time, float(value))

    def _v(self) -> float:
        return self.value

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, IndicatorDataPoint):
            return self.value == other.value and self.time == other.time
        try:
            return self.value == float(other)
        except (TypeError, ValueError):
            return NotImplemented

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} - {self.value}"

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} - {_fmt(self.value)}"


def _fmt(value: float) -> str:
    """LEAN's ``#######0.0####``."""
    text = f"{value:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


_EMPTY = IndicatorDataPoint()


class IndicatorBase(_ValueOps):
    """Base of every indicator. Subclasses implement ``_compute(data) -> float | None`` (None: no new
    value, LEAN's non-success ``IndicatorStatus``), ``is_ready`` and ``_reset_state``."""

    DEFAULT_WINDOW_SIZE = 2
    warm_up_period: int = 0

    def __init__(self, name: str) -> None:
        self.name = name
        self.current: IndicatorDataPoint = _EMPTY
        self.previous: IndicatorDataPoint = _EMPTY
        self.samples = 0
        self.updated = Event()
        self.window = RollingWindow(self.DEFAULT_WINDOW_SIZE)
        self._last_end: dict = {}
        self._last_input: Any = None

    # -- PascalCase ---------------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name[:1].isupper():
            snake = snake_case(name)
            try:
                return object.__getattribute__(self, snake)
            except AttributeError:
                pass
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    # ``ind.Updated += h`` reads the event, adds to it and assigns it back
    Updated = property(
        lambda self: self.updated, lambda self, event: setattr(self, "updated", event)
    )

    # -- state ------------------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        raise NotImplementedError

    def _v(self) -> float:
        return self.current.value

    def __getitem__(self, i: int) -> IndicatorDataPoint:
        """``indicator[0]`` is the current value, ``indicator[1]`` the previous one (``window``)."""
        return self.window[i]

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, IndicatorBase):
            return self is other
        try:
            return self.current.value == float(other)
        except (TypeError, ValueError):
            return NotImplemented

    __hash__ = object.__hash__

    def __str__(self) -> str:
        return _fmt(self.current.value)

    def __repr__(self) -> str:
        return f"{self.name} - {_fmt(self.current.value)}"

    def to_detailed_string(self) -> str:
        return f"{self.name} - {self}"

    # -- updates ----------------------------------------------------------------------------------
    def update(self, data: Any, value: Any = None) -> bool:
        if value is not None:
            data = IndicatorDataPoint(None, data, value)
        elif not isinstance(data, BaseData):
            raise TypeError(
                f"{type(self).__name__}.update() expects (time, value) or a data point, got {data!r}"
            )
        if data is self._last_input:
            return self.is_ready
        end = data.end_time
        key = data.symbol
        last = self._last_end.get(key)
        if last is not None and end < last:
            return self.is_ready  # forward-only indicator: LEAN logs and ignores the point
        self._last_end[key] = end
        self._last_input = data
        self.samples += 1
        result = self._compute(data)
        if result is not None:
            point = IndicatorDataPoint(key, end, result)
            self.previous = self.current
            self.current = point
            self.window.add(point)
            if self.updated._handlers:
                self.updated(self, point)
        return self.is_ready

    def _compute(self, data: Any) -> float | None:
        raise NotImplementedError

    def reset(self) -> None:
        self.samples = 0
        self.current = _EMPTY
        self.previous = _EMPTY
        self.window.reset()
        self._last_end.clear()
        self._last_input = None
        self._reset_state()

    def _reset_state(self) -> None:
        pass

    # -- extensions as instance methods (IndicatorExtensions) -----------------------------------------
    def of(self, first: IndicatorBase, wait_for_first_to_ready: bool = True) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.of(self, first, wait_for_first_to_ready)

    def plus(self, other: Any, name: str | None = None) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.plus(self, other, name)

    def minus(self, other: Any, name: str | None = None) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.minus(self, other, name)

    def times(self, other: Any, name: str | None = None) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.times(self, other, name)

    def over(self, other: Any, name: str | None = None) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.over(self, other, name)

    def weighted_by(self, weight: IndicatorBase, period: int) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.weighted_by(self, weight, period)

    def sma(self, period: int, wait_for_first_to_ready: bool = True) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.sma(self, period, wait_for_first_to_ready)

    def ema(
        self,
        period: int,
        smoothing_factor: float | None = None,
        wait_for_first_to_ready: bool = True,
    ) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.ema(self, period, smoothing_factor, wait_for_first_to_ready)

    def max(self, period: int, wait_for_first_to_ready: bool = True) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.max(self, period, wait_for_first_to_ready)

    def min(self, period: int, wait_for_first_to_ready: bool = True) -> IndicatorBase:
        from engine.indicators.extensions import IndicatorExtensions

        return IndicatorExtensions.min(self, period, wait_for_first_to_ready)


class Indicator(IndicatorBase):
    """An indicator of single values: ``_next(time, value) -> float | None``."""

    def _compute(self, data: Any) -> float | None:
        return self._next(data.end_time, data.value)

    def _next(self, time: datetime, value: float) -> float | None:
        raise NotImplementedError


class BarIndicator(IndicatorBase):
    """An indicator of bars (``TradeBar``/``QuoteBar``): ``_next_bar(bar) -> float | None``."""

    def _compute(self, data: Any) -> float | None:
        if not hasattr(data, "high"):
            raise TypeError(
                f"{type(self).__name__} needs bars (TradeBar/QuoteBar), got {type(data).__name__}; "
                "use update(bar)"
            )
        return self._next_bar(data)

    def _next_bar(self, bar: Any) -> float | None:
        raise NotImplementedError


TradeBarIndicator = BarIndicator


class FunctionalIndicator(Indicator):
    """``FunctionalIndicator(name, compute, is_ready, reset=None)``; ``compute(data_point) -> float``."""

    def __init__(self, name: str, compute: Any, is_ready: Any, reset: Any = None) -> None:
        super().__init__(name)
        self._fn = compute
        self._ready = is_ready
        self._reset_fn = reset

    def _compute(self, data: Any) -> float | None:
        return float(self._fn(data))

    @property
    def is_ready(self) -> bool:
        return bool(self._ready(self))

    def _reset_state(self) -> None:
        if self._reset_fn is not None:
            self._reset_fn()


class Identity(Indicator):
    """Passes its input value through (LEAN ``Identity``)."""

    def __init__(self, name: str = "Identity") -> None:
        super().__init__(name)
        self.warm_up_period = 1

    def _next(self, time: datetime, value: float) -> float:
        return value

    @property
    def is_ready(self) -> bool:
        return self.samples > 0


class ConstantIndicator(Indicator):
    """Always ``value`` and always ready (used by the extensions with a number operand)."""

    def __init__(self, name: str, value: float) -> None:
        super().__init__(name)
        self._const = float(value)
        self.current = IndicatorDataPoint(None, datetime.min, self._const)

    def _next(self, time: datetime, value: float) -> float:
        return self._const

    @property
    def is_ready(self) -> bool:
        return True

    def _reset_state(self) -> None:
        self.current = IndicatorDataPoint(None, datetime.min, self._const)


@pascal_aliases
class MovingAverageType(LeanEnum):
    SIMPLE = 0
    EXPONENTIAL = 1
    WILDERS = 2
    LINEAR_WEIGHTED_MOVING_AVERAGE = 3
    DOUBLE_EXPONENTIAL = 4
    TRIPLE_EXPONENTIAL = 5
    TRIANGULAR = 6
    T3 = 7
    KAMA = 8
    HULL = 9
    ALMA = 10
    ZLEMA = 11
    MGD = 12


def parse_name_period(args: tuple, default_name: str) -> tuple[str, int, tuple]:
    """LEAN constructors take ``(period, ...)`` or ``(name, period, ...)``."""
    if args and isinstance(args[0], str):
        return args[0], int(args[1]), args[2:]
    period = int(args[0])
    return default_name.format(period=period), period, args[1:]


class Component(Identity):
    """A named part of a composite indicator (``macd.histogram``, ``bb.upper_band``): the parent pushes
    values into it; ``is_ready`` follows the parent's own rule (``ready()``)."""

    def __init__(self, name: str, ready: Any) -> None:
        super().__init__(name)
        self._ready = ready

    @property
    def is_ready(self) -> bool:
        return bool(self._ready())


def decimal_text(value: Any) -> str:
    """A parameter in an indicator's default name as C# prints the decimal made from a Python
    number (``2`` for ``2.0``, ``0.635``)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)
