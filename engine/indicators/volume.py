"""Volume indicators: intraday VWAP (resets each day), rolling VWAP, On-Balance Volume."""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import Any

from engine.indicators.base import BarIndicator, IndicatorBase, parse_name_period
from engine.model.data import Tick


class IntradayVwap(IndicatorBase):
    """Cumulative VWAP of the day of the input's ``end_time``; resets on the first point of a new day.
    Trade bars use the typical price ``(high + low + close) / 3`` and their volume (fill-forward bars
    are skipped), ticks their price and quantity. Ready once some volume was seen today."""

    def __init__(self, name: str = "VWAP") -> None:
        super().__init__(name)
        self.warm_up_period = 1
        self._reset_state()

    def _reset_state(self) -> None:
        self._day: date | None = None
        self._sum_v = 0.0
        self._sum_pv = 0.0

    def _compute(self, data: Any) -> float | None:
        day = data.end_time.date()
        if day != self._day:
            self._day = day
            self._sum_v = self._sum_pv = 0.0
        if isinstance(data, Tick):
            volume, price = data.quantity, data.value
        elif hasattr(data, "volume") and not data.is_fill_forward:
            volume, price = data.volume, (data.high + data.low + data.close) / 3.0
        else:
            return None
        if volume == 0.0 and self._sum_v == 0.0:
            return None
        self._sum_v += volume
        self._sum_pv += volume * price
        return self._sum_pv / self._sum_v if self._sum_v else None

    @property
    def is_ready(self) -> bool:
        return self._sum_v > 0.0


class VolumeWeightedAveragePriceIndicator(BarIndicator):
    """Rolling VWAP over ``period`` bars of ``(open + high + low + close) / 4`` weighted by volume."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "VWAP_{period}")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._pv: deque[float] = deque()
        self._v: deque[float] = deque()
        self._sum_pv = self._sum_v = 0.0

    def _next_bar(self, bar: Any) -> float:
        price = (bar.open + bar.high + bar.low + bar.close) / 4.0
        volume = float(getattr(bar, "volume", 0.0))
        self._pv.append(price * volume)
        self._v.append(volume)
        self._sum_pv += price * volume
        self._sum_v += volume
        if len(self._v) > self.period:
            self._sum_pv -= self._pv.popleft()
            self._sum_v -= self._v.popleft()
        return self._sum_pv / self._sum_v if self._sum_v > 0.0 else 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._pv.clear()
        self._v.clear()
        self._sum_pv = self._sum_v = 0.0


class OnBalanceVolume(BarIndicator):
    """Starts at the first bar's volume; adds the volume on up closes and subtracts it on down closes."""

    def __init__(self, name: str = "OBV") -> None:
        super().__init__(name)
        self.warm_up_period = 1
        self._prev: float | None = None

    def _next_bar(self, bar: Any) -> float:
        prev = self._prev
        self._prev = bar.close
        if prev is None:
            return float(bar.volume)
        obv = self.current.value
        if bar.close > prev:
            return obv + bar.volume
        if bar.close < prev:
            return obv - bar.volume
        return obv

    @property
    def is_ready(self) -> bool:
        return self.samples > 0

    def _reset_state(self) -> None:
        self._prev = None


class RelativeDailyVolume(BarIndicator):
    """LEAN ``RelativeDailyVolume`` (Indicators/RelativeDailyVolume.cs): today's volume so far over
    the average, across the last ``period`` days, of the cumulative volume up to the same time of
    day. At a new day, each bar time of the day before adds that day's cumulative volume to its
    own ``period``-day average; a time with no average uses the latest one before it. Ready after
    ``period`` full days; 0 until then (and when the average is 0)."""

    def __init__(self, *args: Any) -> None:
        if not args:
            args = (2,)
        name, period, _ = parse_name_period(args, "RDV({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._reset_state()

    def _reset_state(self) -> None:
        # per time of day: the last `period` cumulative volumes (LEAN's SimpleMovingAverage)
        self._relative: dict[Any, deque[float]] = {}
        self._current: dict[Any, float] = {}
        self._previous_day = -1
        self._days = -1

    @property
    def is_ready(self) -> bool:
        return self._days >= self.period

    def _next_bar(self, bar: Any) -> float:
        if bar.time.day != self._previous_day:
            cumulative = 0.0
            for time, volume_at in self._current.items():
                cumulative += volume_at
                window = self._relative.get(time.time())
                if window is None:
                    window = self._relative[time.time()] = deque(maxlen=self.period)
                window.append(cumulative)
            self._current.clear()
            self._previous_day = bar.time.day
            self._days += 1
        self._current[bar.time] = float(bar.volume)
        if not self.is_ready:
            return 0.0
        window = self._relative.get(bar.time.time())
        denominator = sum(window) / len(window) if window else 0.0
        if window is None:
            # the greatest time of day before this one (as LEAN: only when a later one exists)
            keys = sorted(self._relative)
            for i in range(1, len(keys)):
                if keys[i] > bar.time.time():
                    previous = self._relative[keys[i - 1]]
                    denominator = sum(previous) / len(previous)
                    break
        if denominator == 0:
            return 0.0
        return sum(self._current.values()) / denominator
