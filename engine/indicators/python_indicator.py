"""``PythonIndicator``: the base of indicators written in Python (Indicators/PythonIndicator.cs).

A subclass implements ``update(input) -> bool`` and keeps its result in ``self.value``. As in LEAN,
the engine drives such an indicator through the ordinary indicator update: the point is counted in
``samples`` (forward-only, same rules as every indicator), the subclass's ``update`` runs on it, its
return value becomes ``is_ready`` (``None``: the subclass's own ``is_ready`` answers) and
``self.value`` becomes ``current``. ``warm_up_period`` stays 0 unless the subclass sets it, so
``warm_up_indicator`` leaves such an indicator alone.
"""

from __future__ import annotations

from typing import Any

from engine.indicators.base import IndicatorBase


class PythonIndicator(IndicatorBase):
    """Base class for user indicators; ``PythonIndicator()`` or ``PythonIndicator(name)``."""

    def __init__(self, *args: Any) -> None:
        name = args[0] if args and isinstance(args[0], str) else type(self).__name__
        super().__init__(name)
        self.value = 0.0
        self._python_ready: bool | None = None
        self._updating = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("update")
        if own is None or getattr(own, "_framed", False):
            return
        # The subclass's update becomes the computation step of the framed update, so that
        # samples, current and the updated event follow every call, whoever makes it.
        cls.compute_python_update = own

        def framed_update(self: PythonIndicator, data: Any, value: Any = None) -> bool:
            if self._updating:  # ``super().update(...)`` from inside a subclass's update
                return own(self, data) if value is None else own(self, data, value)
            return IndicatorBase.update(self, data, value)

        framed_update._framed = True  # type: ignore[attr-defined]
        framed_update.__doc__ = own.__doc__
        cls.update = framed_update  # type: ignore[method-assign]

    def _compute(self, data: Any) -> float | None:
        step = getattr(type(self), "compute_python_update", None)
        if step is None:
            raise NotImplementedError(
                f"Indicator.update must be implemented. Please implement this missing method in {self.name}"
            )
        self._updating = True
        try:
            result = step(self, data)
        finally:
            self._updating = False
        if result is not None:
            self._python_ready = bool(result)
        return float(self.value)

    @property
    def is_ready(self) -> bool:
        return bool(self._python_ready)

    @is_ready.setter
    def is_ready(self, ready: bool) -> None:
        # subclasses may keep their own readiness in ``self.is_ready``
        self._python_ready = bool(ready)

    def _reset_state(self) -> None:
        self._python_ready = None
        self.value = 0.0
