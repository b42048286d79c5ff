"""Timeless consolidators: bars that close on price or volume moves, not on time.

- ``RenkoConsolidator(bar_size)`` / ``WickedRenkoConsolidator``: wicked Renko on ``data.price``
  (Common/Data/Consolidators/RenkoConsolidator.cs).
- ``ClassicRenkoConsolidator(bar_size, selector=None, volume_selector=None, even_bars=True)``
  (ClassicRenkoConsolidator.cs, on BaseTimelessConsolidator.cs).
- ``VolumeRenkoConsolidator(bar_size)``: a bar per ``bar_size`` of traded volume, TradeBars or trade
  ticks (VolumeRenkoConsolidator.cs).
- ``RangeConsolidator(range, selector=None, volume_selector=None)``: bars of ``range`` minimum price
  variations, with the intermediate (zero-volume) bars of a jump (RangeConsolidator.cs);
  ``ClassicRangeConsolidator`` without them (ClassicRangeConsolidator.cs).

They take any data point; registered with ``subscription_manager.add_consolidator`` they receive the
symbol's first subscription type (TradeBars for equities, QuoteBars for forex), as LEAN's
SubscriptionManager does for an ``IBaseData`` input type.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from engine.consolidators.base import DataConsolidator
from engine.data.symbol_properties import symbol_properties
from engine.model.data import BaseData, Tick, TradeBar
from engine.model.enums import TickType
from engine.model.renko import RangeBar, RenkoBar, RenkoType, VolumeRenkoBar, exact

__all__ = [
    "DollarVolumeRenkoConsolidator",
    "ClassicRangeConsolidator",
    "ClassicRenkoConsolidator",
    "RangeConsolidator",
    "RenkoConsolidator",
    "VolumeRenkoConsolidator",
    "WickedRenkoConsolidator",
]


def _volume_of(data: Any) -> float:
    if isinstance(data, TradeBar):
        return data.volume
    if isinstance(data, Tick):
        return data.quantity
    return 0.0


def _value_of(data: Any) -> float:
    return data.value


def closest_multiple(price: float, bar_size: float) -> float:
    """LEAN ``RenkoConsolidator.GetClosestMultiple``: ``price`` rounded to a multiple of ``bar_size``."""
    if bar_size <= 0:
        raise ValueError("BarSize must be strictly greater than zero")
    floor = math.floor(exact(price / bar_size))
    modulus = exact(price - bar_size * floor)
    return exact(bar_size * (floor + _round_half_even(modulus / bar_size)))


def _round_half_even(x: float) -> int:
    return round(exact(x))  # Python's round() is banker's rounding, like C#'s Math.Round


class RenkoConsolidator(DataConsolidator):
    """Wicked Renko bricks of ``bar_size`` on each point's price."""

    input_type = BaseData
    output_type = RenkoBar

    def __init__(self, bar_size: float) -> None:
        super().__init__()
        if bar_size <= 0:
            raise ValueError("Renko consolidator BarSize must be strictly greater than zero")
        self.bar_size = float(bar_size)
        self._state_reset()

    def _state_reset(self) -> None:
        self._first = True
        self._last_wicko: RenkoBar | None = None
        self._current: RenkoBar | None = None
        self._open_on = self._close_on = datetime.min
        self._open = self._high = self._low = self._close = 0.0

    @property
    def type(self) -> RenkoType:
        return RenkoType.WICKED

    @property
    def working_data(self) -> Any:
        return None if self._current is None else self._current.clone()

    def update(self, data: Any) -> None:
        rate = data.price
        if self._first:
            self._first = False
            rate = closest_multiple(rate, self.bar_size)
            self._open_on = self._close_on = data.time
            self._open = self._high = self._low = self._close = rate
            return
        self._close_on = data.time
        self._high = max(self._high, rate)
        self._low = min(self._low, rate)
        self._close = rate
        last = self._last_wicko
        if self._close > self._open:
            if last is None or last.direction == 0:  # BarDirection.RISING
                self._rising(data)
                return
            limit = exact(last.open + self.bar_size)
            if self._close > limit:
                self._brick(data, last.open, limit, self._low, limit)
                self._low = limit
                self._rising(data)
        elif self._close < self._open:
            if last is None or last.direction == 2:  # BarDirection.FALLING
                self._falling(data)
                return
            limit = exact(last.open - self.bar_size)
            if self._close < limit:
                self._brick(data, last.open, self._high, limit, limit)
                self._high = limit
                self._falling(data)

    def _brick(self, data: Any, open_: float, high: float, low: float, close: float) -> None:
        wicko = RenkoBar(
            data.symbol, self._open_on, self._close_on, self.bar_size, open_, high, low, close
        )
        self._last_wicko = wicko
        self._emit(wicko)
        self._current = wicko
        self._open_on = self._close_on
        self._open = close

    def _rising(self, data: Any) -> None:
        while self._close > (limit := exact(self._open + self.bar_size)):
            self._brick(data, self._open, limit, self._low, limit)
            self._low = limit

    def _falling(self, data: Any) -> None:
        while self._close < (limit := exact(self._open - self.bar_size)):
            self._brick(data, self._open, self._high, limit, limit)
            self._high = limit

    def reset(self) -> None:
        super().reset()
        self._state_reset()

    Type = type
    BarSize = property(lambda self: self.bar_size)


class WickedRenkoConsolidator(RenkoConsolidator):
    pass


class _TimelessConsolidator(DataConsolidator):
    """LEAN ``BaseTimelessConsolidator``: update the current bar, open a new one when it closed."""

    input_type = BaseData

    def __init__(
        self,
        selector: Callable[[Any], float] | None = None,
        volume_selector: Callable[[Any], float] | None = None,
    ) -> None:
        super().__init__()
        self._selector = selector or _value_of
        self._volume_selector = volume_selector or _volume_of
        self._bar: Any = None

    @property
    def working_data(self) -> Any:
        return None if self._bar is None else self._bar.clone()

    def update(self, data: Any) -> None:
        value = float(self._selector(data))
        volume = float(self._volume_selector(data))
        if self._bar is not None:
            self._update_bar(data.time, value, volume)
        if self._bar is None:
            self._create_bar(data, value, volume)

    def _update_bar(self, time: datetime, value: float, volume: float) -> None:
        raise NotImplementedError

    def _create_bar(self, data: Any, value: float, volume: float) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        super().reset()
        self._bar = None


class ClassicRenkoConsolidator(_TimelessConsolidator):
    """Classic Renko: a brick closes when the value moves ``bar_size`` from its open."""

    output_type = RenkoBar

    def __init__(
        self,
        bar_size: float,
        selector: Any = None,
        volume_selector: Any = None,
        even_bars: bool = True,
    ) -> None:
        if isinstance(selector, RenkoType):  # the obsolete (bar_size, RenkoType) constructor
            if selector != RenkoType.CLASSIC:
                raise ValueError(
                    "Please use the new RenkoConsolidator type if RenkoType is not Classic"
                )
            selector = None
        elif isinstance(selector, bool):
            selector, even_bars = None, selector
        super().__init__(selector, volume_selector)
        if bar_size < 1e-28:
            raise ValueError("RenkoConsolidator bar size must be positve and greater than 1e-28")
        self.bar_size = float(bar_size)
        self._even_bars = bool(even_bars)
        self._last_close: float | None = None

    @property
    def type(self) -> RenkoType:
        return RenkoType.CLASSIC

    def _update_bar(self, time: datetime, value: float, volume: float) -> None:
        bar = self._bar
        bar.update(time, value, volume)
        if bar.is_closed:
            self._last_close = bar.close
            self._emit(bar)
            self._bar = None

    def _create_bar(self, data: Any, value: float, volume: float) -> None:
        open_ = self._last_close if self._last_close is not None else value
        if self._even_bars and self._last_close is None:
            open_ = exact(math.ceil(exact(open_ / self.bar_size)) * self.bar_size)
        self._bar = RenkoBar(data.symbol, data.time, self.bar_size, open_, volume)

    def reset(self) -> None:
        super().reset()
        self._last_close = None

    Type = type
    BarSize = property(lambda self: self.bar_size)


class VolumeRenkoConsolidator(DataConsolidator):
    """A bar per ``bar_size`` of volume (TradeBars or trade ticks); the excess opens the next bar."""

    input_type = BaseData
    output_type = VolumeRenkoBar

    def __init__(self, bar_size: float) -> None:
        super().__init__()
        self.bar_size = float(bar_size)
        self._bar: VolumeRenkoBar | None = None

    @property
    def working_data(self) -> Any:
        return self._bar

    def accepts(self, data: Any) -> bool:
        return type(data) is TradeBar or type(data) is Tick

    def update(self, data: Any) -> None:
        close = data.price
        if type(data) is TradeBar:
            volume, open_, high, low = data.volume, data.open, data.high, data.low
        elif type(data) is Tick:
            if int(data.tick_type) != TickType.TRADE:
                return
            volume, open_, high, low = data.quantity, close, close, close
        else:
            raise ValueError(f"{type(self).__name__} must be used with TradeBar or Tick data.")
        volume = self._adjust_volume(volume, close)
        if self._bar is None:
            self._bar = VolumeRenkoBar(
                data.symbol, data.time, data.end_time, self.bar_size, open_, high, low, close, 0.0
            )
        left_over = self._bar.update(data.end_time, high, low, close, volume)
        while left_over >= 0:
            self._emit(self._bar)
            self._bar = self._bar.rollover()
            left_over = self._bar.update(data.end_time, high, low, close, left_over)

    def _adjust_volume(self, volume: float, price: float) -> float:
        return volume

    def reset(self) -> None:
        super().reset()
        self._bar = None


class DollarVolumeRenkoConsolidator(VolumeRenkoConsolidator):
    """A bar per ``bar_size`` of traded value (volume x price)."""

    def _adjust_volume(self, volume: float, price: float) -> float:
        return volume * price


def minimum_price_variation(symbol: Any) -> float:
    """The symbol's tick size from LEAN's defaults (the algorithm sets the security's own on registration)."""
    return symbol_properties(
        None, getattr(symbol, "market", "usa"), symbol.security_type, symbol.value
    ).minimum_price_variation


class RangeConsolidator(_TimelessConsolidator):
    """Range bars of ``range`` minimum price variations; a jump of several ranges emits the
    intermediate bars (with zero volume)."""

    output_type = RangeBar

    def __init__(self, range: int, selector: Any = None, volume_selector: Any = None) -> None:  # noqa: A002
        super().__init__(selector, volume_selector)
        self.range = int(range)
        self.range_size = 0.0
        self._first = True
        self._tick_size = 0.0
        self.minimum_price_variation_of: Callable[[Any], float] = minimum_price_variation

    def reset(self) -> None:
        super().reset()
        self._first = True
        self._tick_size = 0.0
        self.range_size = 0.0

    def _update_bar(self, time: datetime, value: float, volume: float) -> None:
        bar = self._bar
        rising = value > bar.high
        bar.update(time, value, volume)
        while bar.is_closed:
            self._emit(bar)
            open_ = exact(bar.high + self._tick_size if rising else bar.low - self._tick_size)
            bar = self._bar = RangeBar(bar.symbol, bar.end_time, self.range_size, open_)
            # intermediate ("phantom") bars have no volume
            bar.update(
                time, value, 0.0 if exact(abs(bar.low - value)) > self.range_size else volume
            )

    def _create_bar(self, data: Any, value: float, volume: float) -> None:
        open_ = value
        if self._first:
            self._tick_size = float(self.minimum_price_variation_of(data.symbol))
            self.range_size = exact(self._tick_size * self.range)
            open_ = exact(math.ceil(exact(open_ / self.range_size)) * self.range_size)
            self._first = False
        self._bar = RangeBar(data.symbol, data.time, self.range_size, open_, volume=volume)

    Range = property(lambda self: self.range)
    RangeSize = property(lambda self: self.range_size)


class ClassicRangeConsolidator(RangeConsolidator):
    """Range bars without the intermediate bars: the bar that closed, then a new one at the next point."""

    def _update_bar(self, time: datetime, value: float, volume: float) -> None:
        bar = self._bar
        bar.update(time, value, volume)
        if bar.is_closed:
            self._emit(bar)
            self._bar = None
