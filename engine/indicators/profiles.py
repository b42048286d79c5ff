"""Market profiles: the volume (``VolumeProfile``) or the number of bars (``TimeProfile``) at each
close price, rounded up to ``price_range_round_off``, over the last ``period`` bars.

Followed: LEAN's Indicators/MarketProfile.cs, VolumeProfile.cs and TimeProfile.cs. The value is the
point of control (the price with the most volume; ties go to the one nearest the middle of the
price list); the value area grows from it towards the larger neighbouring volume until it holds
``value_area_volume_percentage`` of the total.
"""

from __future__ import annotations

import math
from collections import deque
from decimal import Decimal
from typing import Any

from engine.indicators.base import BarIndicator, decimal_text
from engine.indicators.rolling import Sum


class MarketProfile(BarIndicator):
    """Base of ``VolumeProfile`` and ``TimeProfile``; subclasses give each bar's ``_volume``."""

    _label = "MP"

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            name, rest = args[0], list(args[1:])
        else:
            name, rest = None, list(args)
        rest += [2, 0.70, 0.05][len(rest) :]
        period, percentage, round_off = int(rest[0]), float(rest[1]), rest[2]
        if float(round_off) <= 0:
            raise ValueError("price_range_round_off must be strictly bigger than zero")
        super().__init__(
            name or f"{self._label}({period},{decimal_text(percentage)},{decimal_text(round_off)})"
        )
        self.warm_up_period = period
        self._period = period
        self._percentage = percentage
        # prices are rounded in decimal arithmetic, as C#'s decimal, so 135.42 stays 135.42
        self._steps = Decimal(1) / Decimal(str(round_off))
        self._total = Sum(f"{self.name}_Sum", period)
        self._reset_state()

    @property
    def is_ready(self) -> bool:
        return self._total.is_ready

    def _reset_state(self) -> None:
        self._points: deque[tuple[float, float]] = deque(maxlen=self._period)
        self._per_price: dict[float, float] = {}
        self._total.reset()
        self.profile_high = self.profile_low = 0.0
        self.poc_price = self.poc_volume = 0.0
        self.value_area_volume = self.value_area_high = self.value_area_low = 0.0

    def _volume(self, bar: Any) -> float:
        raise NotImplementedError

    def _round(self, price: float) -> float:
        return float(math.ceil(Decimal(str(price)) * self._steps) / self._steps)

    @property
    def volume_per_price(self) -> dict[float, float]:
        return dict(sorted(self._per_price.items()))

    def _next_bar(self, bar: Any) -> float:
        volume = float(self._volume(bar))
        full = len(self._points) == self._period
        removed = self._points[0] if full else None
        self._points.append((float(bar.close), volume))
        price = self._round(float(bar.close))
        self._per_price[price] = self._per_price.get(price, 0.0) + volume
        self._total.update(bar.time, volume)
        if removed is not None:
            old = self._round(removed[0])
            if old in self._per_price:
                self._per_price[old] -= removed[1]
                if self._per_price[old] == 0:
                    del self._per_price[old]
        prices = sorted(self._per_price)
        volumes = [self._per_price[p] for p in prices]
        poc = self._point_of_control(volumes)
        self.poc_price = prices[poc] if prices else 0.0
        self.poc_volume = volumes[poc] if prices else 0.0
        self.profile_high = prices[-1] if prices else 0.0
        self.profile_low = prices[0] if prices else 0.0
        self._value_area(prices, volumes, poc)
        return self.poc_price

    @staticmethod
    def _point_of_control(volumes: list[float]) -> int:
        best = 0
        # C#'s integer halving of the last index
        middle = (len(volumes) - 1) // 2 if volumes else 0
        for i, v in enumerate(volumes):
            if v > volumes[best]:
                best = i
            elif v == volumes[best] and abs(middle - i) < abs(middle - best):
                best = i
        return best

    def _value_area(self, prices: list[float], volumes: list[float], poc: int) -> None:
        self.value_area_volume = self._total.current.value * self._percentage
        current = self.poc_volume
        low_i = high_i = poc
        while current <= self.value_area_volume and self.value_area_volume != 0:
            next_low = max(low_i - 1, 0)
            next_high = min(high_i + 1, len(volumes) - 1)
            low_volume = volumes[next_low] if next_low != low_i else 0.0
            high_volume = volumes[next_high] if next_high != high_i else 0.0
            if high_volume == 0 or (low_volume != 0 and low_volume > high_volume):
                current += low_volume
                low_i = next_low
            elif low_volume == 0 or (high_volume != 0 and high_volume >= low_volume):
                current += high_volume
                high_i = next_high
            else:
                break
        self.value_area_high = prices[high_i] if prices else 0.0
        self.value_area_low = prices[low_i] if prices else 0.0

    # LEAN's property names
    POCPrice = property(lambda self: self.poc_price)
    POCVolume = property(lambda self: self.poc_volume)
    ProfileHigh = property(lambda self: self.profile_high)
    ProfileLow = property(lambda self: self.profile_low)
    ValueAreaVolume = property(lambda self: self.value_area_volume)
    ValueAreaHigh = property(lambda self: self.value_area_high)
    ValueAreaLow = property(lambda self: self.value_area_low)
    VolumePerPrice = property(lambda self: self.volume_per_price)


class VolumeProfile(MarketProfile):
    _label = "VP"

    def _volume(self, bar: Any) -> float:
        return float(bar.volume)


class TimeProfile(MarketProfile):
    _label = "TP"

    def _volume(self, bar: Any) -> float:
        return 1.0
