"""Market breadth over a set of symbols: advance/decline ratios and the Arms index (TRIN).

Followed: LEAN's Indicators/AdvanceDeclineIndicator.cs, AdvanceDeclineRatio.cs,
AdvanceDeclineVolumeRatio.cs, ArmsIndex.cs. Bars of every added symbol for one period are
collected; when the first bar of the next period arrives, the finished period becomes the
"previous" one, and each later bar compares the symbols' current closes with their previous ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from engine.indicators.base import BarIndicator


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
