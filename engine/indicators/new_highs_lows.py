"""New highs versus new lows over a set of symbols (NH/NL and its volume variant).

Followed: LEAN's Indicators/NewHighsNewLows.cs and Indicators/NewHighsNewLowsVolume.cs. Bars of every
added symbol are collected per period (the bars' start time); when a bar of a later period
arrives, each symbol's finished bar feeds its rolling ``period`` maximum of highs and minimum of
lows. Once every symbol has ``period`` finished bars and a bar in the current period, a symbol
whose current high tops its previous maximum is a new high, one whose low is under its previous
minimum a new low.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.indicators.base import BarIndicator, Component
from engine.indicators.rolling import Maximum, Minimum


class _TrackedAsset:
    __slots__ = ("current", "highs", "lows")

    def __init__(self, period: int) -> None:
        self.current: Any = None
        self.highs = Maximum(period)
        self.lows = Minimum(period)

    def reset(self) -> None:
        self.current = None
        self.highs.reset()
        self.lows.reset()


class NewHighsNewLows(BarIndicator):
    """The number of new highs minus new lows (``difference``); ``ratio`` is highs over lows (the
    count of highs when there is no low)."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = None, args
        if len(rest) != 1:
            raise TypeError(f"{type(self).__name__}(name, period) takes a period")
        period = int(rest[0])
        if period < 1:
            raise ValueError("the period must be at least 1")
        super().__init__(name or f"{self._label}({period})")
        self._period = period
        self.warm_up_period = period + 1
        self._assets: dict[Any, _TrackedAsset] = {}
        self._period_time: datetime | None = None
        self.new_highs: list[Any] = []
        self.new_lows: list[Any] = []
        self.difference = Component(f"{self.name}_Difference", lambda: self.is_ready)
        self.ratio = Component(f"{self.name}_Ratio", lambda: self.is_ready)
        self.Difference, self.Ratio = self.difference, self.ratio

    _label = "NH/NL"

    def add(self, asset: Any) -> None:
        if asset not in self._assets:
            self._assets[asset] = _TrackedAsset(self._period)

    def remove(self, asset: Any) -> None:
        self._assets.pop(asset, None)

    Add, Remove = add, remove

    @property
    def is_ready(self) -> bool:
        return bool(self._assets) and all(
            a.highs.is_ready and a.lows.is_ready for a in self._assets.values()
        )

    def _reset_state(self) -> None:
        for asset in self._assets.values():
            asset.reset()
        self._period_time = None
        self.new_highs, self.new_lows = [], []
        if hasattr(self, "difference"):
            self.difference.reset()
            self.ratio.reset()

    def _roll(self, asset: _TrackedAsset, bar: Any) -> None:
        if bar is None:
            return
        asset.highs.update(self._period_time, float(bar.high))
        asset.lows.update(self._period_time, float(bar.low))

    def _enqueue(self, bar: Any) -> None:
        tracked = self._assets.get(bar.symbol)
        if self._period_time is not None and bar.end_time == self._period_time:
            # a late bar of the previous period updates the rolling values (as LEAN)
            if tracked is not None:
                self._roll(tracked, bar)
            return
        if self._period_time is not None and bar.time > self._period_time:
            for asset in self._assets.values():
                self._roll(asset, asset.current)
                asset.current = None
            self._period_time = bar.time
        if tracked is not None and (self._period_time is None or bar.time == self._period_time):
            tracked.current = bar
            if self._period_time is None:
                self._period_time = bar.time

    def _next_bar(self, bar: Any) -> float | None:
        self._enqueue(bar)
        if any(a.current is None for a in self._assets.values()) or not self.is_ready:
            return None  # IndicatorStatus.ValueNotReady
        self.new_highs, self.new_lows = [], []
        for asset in self._assets.values():
            if asset.current.high > asset.highs.current.value:
                self.new_highs.append(asset.current)
            if asset.current.low < asset.lows.current.value:
                self.new_lows.append(asset.current)
        highs, lows = len(self.new_highs), len(self.new_lows)
        self.difference.update(bar.end_time, highs - lows)
        self.ratio.update(bar.end_time, highs if lows == 0 else highs / lows)
        return self._value(bar)

    def _value(self, bar: Any) -> float:
        return self.difference.current.value


class NewHighsNewLowsVolume(NewHighsNewLows):
    """The volume of the new highs over that of the new lows (``volume_ratio``, the value; the highs'
    volume when the lows have none)."""

    _label = "NH/NL Volume"

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.volume_ratio = Component(f"{self.name}_VolumeRatio", lambda: self.is_ready)
        self.VolumeRatio = self.volume_ratio

    def _reset_state(self) -> None:
        super()._reset_state()
        if hasattr(self, "volume_ratio"):
            self.volume_ratio.reset()

    def _value(self, bar: Any) -> float:
        up = sum(float(b.volume) for b in self.new_highs)
        down = sum(float(b.volume) for b in self.new_lows)
        self.volume_ratio.update(bar.end_time, up if down == 0 else up / down)
        return self.volume_ratio.current.value
