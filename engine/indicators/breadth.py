"""Market breadth over a set of symbols: advance/decline ratios and the Arms index (TRIN).

Followed: LEAN's Indicators/AdvanceDeclineIndicator.cs, AdvanceDeclineRatio.cs,
AdvanceDeclineVolumeRatio.cs, AdvanceDeclineDifference.cs, ArmsIndex.cs, McClellanOscillator.cs,
McClellanSummationIndex.cs. Bars of every added symbol for one period are
collected; when the first bar of the next period arrives, the finished period becomes the
"previous" one, and each later bar compares the symbols' current closes with their previous ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from engine.indicators.base import BarIndicator
from engine.indicators.extensions import IndicatorExtensions


def _ratio(advance: float, decline: float) -> float:
    return advance if decline == 0 else advance / decline


class AdvanceDeclineIndicator(BarIndicator):
    """Advancing vs declining symbols (``sub`` of each group, ``main(advance, decline)``)."""

    def __init__(
        self,
        name: str,
        sub: Callable[[list[Any]], float],
        main: Callable[[float, float], float] = _ratio,
    ) -> None:
        super().__init__(name)
        self.warm_up_period = 2
        self._sub = sub
        self._main = main
        self._previous: dict[Any, Any] = {}
        self._current: dict[Any, Any] = {}
        self._period_time: datetime | None = None

    def add(self, asset: Any) -> None:
        self._current.setdefault(asset, None)

    def remove(self, asset: Any) -> None:
        self._current.pop(asset, None)

    add_stock, remove_stock = add, remove

    @property
    def is_ready(self) -> bool:
        return bool(self._previous)

    def _enqueue(self, bar: Any) -> None:
        if bar.end_time == self._period_time:
            self._previous[bar.symbol] = bar
            return
        if self._period_time is not None and bar.time > self._period_time:
            self._previous = dict(self._current)
            self._current = dict.fromkeys(self._current)
            self._period_time = bar.time
        if bar.symbol in self._current and (
            self._period_time is None or bar.time == self._period_time
        ):
            self._current[bar.symbol] = bar
            if self._period_time is None:
                self._period_time = bar.time

    def _next_bar(self, bar: Any) -> float | None:
        self._enqueue(bar)
        if not self._previous or any(v is None for v in self._current.values()):
            return None  # IndicatorStatus.ValueNotReady
        advancing, declining = [], []
        for symbol, now in self._current.items():
            before = self._previous.get(symbol)
            if before is None:
                continue
            if now.close < before.close:
                declining.append(now)
            elif now.close > before.close:
                advancing.append(now)
        return self._main(self._sub(advancing), self._sub(declining))

    def _reset_state(self) -> None:
        self._previous = {}
        self._current = dict.fromkeys(self._current)
        self._period_time = None

    Add = add
    Remove = remove


class AdvanceDeclineRatio(AdvanceDeclineIndicator):
    def __init__(self, name: str = "A/D Ratio") -> None:
        super().__init__(name, len)


class AdvanceDeclineVolumeRatio(AdvanceDeclineIndicator):
    def __init__(self, name: str = "A/D Volume Rate") -> None:
        super().__init__(name, lambda bars: sum(b.volume for b in bars))


class AdvanceDeclineDifference(AdvanceDeclineIndicator):
    """Number of advancing minus number of declining symbols."""

    def __init__(self, name: str = "A/D Difference") -> None:
        super().__init__(name, len, lambda advance, decline: advance - decline)


class McClellanOscillator(BarIndicator):
    """``EMA(fast) - EMA(slow)`` of the advance/decline difference (19 and 39 by default)."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = "McClellanOscillator", args
        fast = int(rest[0]) if len(rest) > 0 else 19
        slow = int(rest[1]) if len(rest) > 1 else 39
        if fast > slow:
            raise ValueError("fastPeriod must be less than slowPeriod.")
        super().__init__(name)
        self.ad_difference = AdvanceDeclineDifference("ADD")
        self.ema_fast = IndicatorExtensions.ema(self.ad_difference, fast)
        self.ema_slow = IndicatorExtensions.ema(self.ad_difference, slow)
        self._delta = IndicatorExtensions.minus(self.ema_fast, self.ema_slow)
        self.warm_up_period = slow + self.ad_difference.warm_up_period

    def _next_bar(self, bar: Any) -> float:
        self.ad_difference.update(bar)
        return self._delta.current.value

    @property
    def is_ready(self) -> bool:
        return self.ema_slow.is_ready

    def add(self, asset: Any) -> None:
        self.ad_difference.add(asset)

    def remove(self, asset: Any) -> None:
        self.ad_difference.remove(asset)

    def _reset_state(self) -> None:
        for indicator in (self.ad_difference, self.ema_fast, self.ema_slow, self._delta):
            indicator.reset()

    Add = add
    Remove = remove
    ADDifference = property(lambda self: self.ad_difference)
    EMAFast = property(lambda self: self.ema_fast)
    EMASlow = property(lambda self: self.ema_slow)


class McClellanSummationIndex(BarIndicator):
    """Running sum of the McClellan oscillator's values (one per time) plus its current value, as
    LEAN's McClellanSummationIndex.cs computes it."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], args[1:]
        else:
            name, rest = "McClellanSummationIndex", args
        super().__init__(name)
        self.mcclellan_oscillator = McClellanOscillator(*rest)
        self.warm_up_period = self.mcclellan_oscillator.warm_up_period
        self._sum = 0.0
        self._sum_time: datetime | None = None
        self.mcclellan_oscillator.updated += self._on_oscillator

    def _on_oscillator(self, sender: Any, point: Any) -> None:
        if point.end_time != self._sum_time:
            self._sum_time = point.end_time
            self._sum += point.value

    def _next_bar(self, bar: Any) -> float:
        self.mcclellan_oscillator.update(bar)
        return self._sum + self.mcclellan_oscillator.current.value

    @property
    def is_ready(self) -> bool:
        return self.mcclellan_oscillator.is_ready

    def add(self, asset: Any) -> None:
        self.mcclellan_oscillator.add(asset)

    def remove(self, asset: Any) -> None:
        self.mcclellan_oscillator.remove(asset)

    def _reset_state(self) -> None:
        self.mcclellan_oscillator.reset()

    Add = add
    Remove = remove
    McClellanOscillator = property(lambda self: self.mcclellan_oscillator)


class ArmsIndex(BarIndicator):
    """TRIN: the advance/decline ratio over the advance/decline volume ratio."""

    def __init__(self, name: str = "TRIN") -> None:
        super().__init__(name)
        self.ad_ratio = AdvanceDeclineRatio(name + "_A/D Ratio")
        self.adv_ratio = AdvanceDeclineVolumeRatio(name + "_A/D Volume Ratio")
        self.warm_up_period = 2
        self._arms = 0.0

    @property
    def is_ready(self) -> bool:
        return self.ad_ratio.is_ready and self.adv_ratio.is_ready

    def add(self, asset: Any) -> None:
        self.ad_ratio.add(asset)
        self.adv_ratio.add(asset)

    def remove(self, asset: Any) -> None:
        self.ad_ratio.remove(asset)
        self.adv_ratio.remove(asset)

    add_stock, remove_stock = add, remove

    def _next_bar(self, bar: Any) -> float:
        ad_before, adv_before = self.ad_ratio.current, self.adv_ratio.current
        self.ad_ratio.update(bar)
        self.adv_ratio.update(bar)
        updated = self.ad_ratio.current is not ad_before or self.adv_ratio.current is not adv_before
        volume_ratio = self.adv_ratio.current.value
        if updated and volume_ratio != 0:  # ADRatio.Over(ADVRatio); a zero divisor keeps the last
            self._arms = self.ad_ratio.current.value / volume_ratio
        if volume_ratio == 0:
            return 0.0
        return self._arms

    def _reset_state(self) -> None:
        self.ad_ratio.reset()
        self.adv_ratio.reset()
        self._arms = 0.0

    Add = add
    Remove = remove
    ADRatio = property(lambda self: self.ad_ratio)
    ADVRatio = property(lambda self: self.adv_ratio)
