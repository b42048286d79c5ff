"""Timeless bars: ``RenkoBar`` (classic and wicked), ``VolumeRenkoBar`` and ``RangeBar``.

Followed: LEAN's Common/Data/Market/BaseRenkoBar.cs, RenkoBar.cs, VolumeRenkoBar.cs, RangeBar.cs
(and the ``RenkoType`` / ``BarDirection`` enums of Common/Global.cs). They are TradeBars whose
``time`` and ``end_time`` are set by the consolidator rather than by a period. Prices are floats; the
sums of brick sizes are rounded to 10 decimals so that repeated ``open + brick`` steps do not drift
(LEAN computes in ``decimal``).
"""

from __future__ import annotations

from datetime import datetime

from engine.model.data import BaseData, TradeBar
from engine.model.enums import LeanEnum, pascal_aliases
from engine.model.symbol import Symbol

__all__ = [
    "BarDirection",
    "RangeBar",
    "RenkoBar",
    "RenkoType",
    "VolumeRenkoBar",
]


def exact(value: float) -> float:
    """A price sum without binary drift (LEAN's decimal arithmetic, to 10 places)."""
    return round(value, 10)


@pascal_aliases
class RenkoType(LeanEnum):
    CLASSIC = 0
    WICKED = 1


@pascal_aliases
class BarDirection(LeanEnum):
    RISING = 0
    NO_DELTA = 1
    FALLING = 2


class _TimelessBar(TradeBar):
    __slots__ = ()

    def _init(
        self,
        symbol: Symbol,
        time: datetime,
        end_time: datetime,
        open_: float,
        high: float,
        low: float,
        close: float,
        volume: float,
    ) -> None:
        BaseData.__init__(self, symbol, time, end_time, close)
        self.open = open_
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume

    def _set_close(self, close: float) -> None:
        self.close = self.value = close

    @property
    def start(self) -> datetime:
        return self.time

    Start = start


class RenkoBar(_TimelessBar):
    """A brick. Classic: ``RenkoBar(symbol, time, brick_size, open, volume)``, then ``update``.
    Wicked: ``RenkoBar(symbol, start, end_time, brick_size, open, high, low, close)``, closed."""

    __slots__ = ("type", "brick_size", "is_closed")

    def __init__(
        self,
        symbol: Symbol | None = None,
        time: datetime | None = None,
        *args: float | datetime,
    ) -> None:
        time = time or datetime.min
        self.is_closed = False
        if args and isinstance(
            args[0], datetime
        ):  # wicked: end_time, brick, open, high, low, close
            end_time, brick, open_, high, low, close = args  # type: ignore[misc]
            self.type = RenkoType.WICKED
            self.brick_size = float(brick)
            self._init(symbol, time, end_time, open_, high, low, close, 0.0)  # type: ignore[arg-type]
            return
        brick, open_, volume = (list(args) + [0.0, 0.0, 0.0])[:3]
        self.type = RenkoType.CLASSIC
        self.brick_size = float(brick)
        open_ = float(open_)
        self._init(symbol, time, time, open_, open_, open_, open_, float(volume))  # type: ignore[arg-type]

    @property
    def direction(self) -> BarDirection:
        if self.open < self.close:
            return BarDirection.RISING
        if self.open > self.close:
            return BarDirection.FALLING
        return BarDirection.NO_DELTA

    @property
    def spread(self) -> float:
        return abs(self.close - self.open)

    def update(self, time: datetime, current_value: float, volume_since_last_update: float) -> bool:
        """Classic bricks only: move the close within ``open ± brick``; True once the brick closed."""
        if self.type == RenkoType.WICKED:
            raise RuntimeError('A "Wicked" RenkoBar cannot be updated!')
        if self.is_closed:
            return True
        if self.time == datetime.min:
            self.time = time
        self.end_time = time
        low_close = exact(self.open - self.brick_size)
        high_close = exact(self.open + self.brick_size)
        self._set_close(min(high_close, max(low_close, current_value)))
        self.volume += volume_since_last_update
        if current_value <= low_close or current_value >= high_close:
            self.is_closed = True
        if self.close > self.high:
            self.high = self.close
        if self.close < self.low:
            self.low = self.close
        return self.is_closed

    def clone(self) -> RenkoBar:
        bar = RenkoBar.__new__(RenkoBar)
        bar._init(
            self.symbol,
            self.time,
            self.end_time,
            self.open,
            self.high,
            self.low,
            self.close,
            self.volume,
        )
        bar.type, bar.brick_size, bar.is_closed = self.type, self.brick_size, self.is_closed
        return bar

    Type = property(lambda self: self.type)
    BrickSize = property(lambda self: self.brick_size)
    IsClosed = property(lambda self: self.is_closed)
    Direction = direction
    Spread = spread
    End = property(lambda self: self.end_time)

    def __repr__(self) -> str:
        return (
            f"RenkoBar({self.symbol} {self.time:%Y-%m-%d %H:%M:%S} o={self.open} h={self.high} "
            f"l={self.low} c={self.close} v={self.volume})"
        )


class VolumeRenkoBar(_TimelessBar):
    """A bar closed once its volume reaches ``brick_size`` (the excess rolls into the next bar)."""

    __slots__ = ("type", "brick_size")

    def __init__(
        self,
        symbol: Symbol | None = None,
        start: datetime | None = None,
        end_time: datetime | None = None,
        brick_size: float = 0.0,
        open: float = 0.0,  # noqa: A002
        high: float = 0.0,
        low: float = 0.0,
        close: float = 0.0,
        volume: float = 0.0,
    ) -> None:
        self.type = RenkoType.CLASSIC
        self.brick_size = float(brick_size)
        start = start or datetime.min
        self._init(symbol, start, end_time or start, open, high, low, close, volume)  # type: ignore[arg-type]

    @property
    def is_closed(self) -> bool:
        return self.volume >= self.brick_size

    def update(self, time: datetime, high: float, low: float, close: float, volume: float) -> float:
        """Add ``volume``; returns the excess over the brick (>= 0: the bar closed)."""
        if self.is_closed:
            return 0.0
        self.end_time = time
        excess = self.volume + volume - self.brick_size
        self.volume = self.brick_size if excess > 0 else self.volume + volume
        self._set_close(close)
        if high > self.high:
            self.high = high
        if low < self.low:
            self.low = low
        return excess

    def rollover(self) -> VolumeRenkoBar:
        c = self.close
        return VolumeRenkoBar(
            self.symbol, self.end_time, self.end_time, self.brick_size, c, c, c, c, 0.0
        )

    Type = property(lambda self: self.type)
    BrickSize = property(lambda self: self.brick_size)
    IsClosed = property(lambda self: self.is_closed)


class RangeBar(_TimelessBar):
    """A bar closed once ``high - low`` would exceed ``range_size``."""

    __slots__ = ("range_size", "is_closed")

    def __init__(
        self,
        symbol: Symbol | None = None,
        end_time: datetime | None = None,
        range_size: float = 0.0,
        open: float = 0.0,  # noqa: A002
        high: float | None = None,
        low: float | None = None,
        close: float | None = None,
        volume: float = 0.0,
    ) -> None:
        self.range_size = float(range_size)
        self.is_closed = False
        # LEAN sets only EndTime (TradeBar's Period moves with it): Time stays DateTime.MinValue
        self._init(
            symbol,  # type: ignore[arg-type]
            datetime.min,
            end_time or datetime.min,
            open,
            open if high is None else high,
            open if low is None else low,
            open if close is None else close,
            volume,
        )

    def update(self, time: datetime, current_value: float, volume_since_last_update: float) -> None:
        self.end_time = time
        if current_value < self.low:
            if exact(self.high - current_value) > self.range_size:
                self.is_closed = True
                self.low = exact(self.high - self.range_size)
                self._set_close(self.low)
                return
            self.low = current_value
        elif current_value > self.high:
            if exact(current_value - self.low) > self.range_size:
                self.is_closed = True
                self.high = exact(self.low + self.range_size)
                self._set_close(self.high)
                return
            self.high = current_value
        self.volume += volume_since_last_update

    def clone(self) -> RangeBar:
        bar = RangeBar(
            self.symbol,
            self.end_time,
            self.range_size,
            self.open,
            self.high,
            self.low,
            self.close,
            self.volume,
        )
        bar.time, bar.is_closed = self.time, self.is_closed
        return bar

    RangeSize = property(lambda self: self.range_size)
    IsClosed = property(lambda self: self.is_closed)
