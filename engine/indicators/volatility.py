"""Volatility bands and ranges: Bollinger Bands, True Range, ATR, Keltner Channels, Donchian Channel."""

from __future__ import annotations

from typing import Any

from engine.indicators.averages import as_indicator
from engine.indicators.base import BarIndicator, Component, Identity, Indicator, MovingAverageType
from engine.indicators.rolling import Maximum, Minimum, StandardDeviation


def _split_name(args: tuple) -> tuple[str | None, tuple]:
    if args and isinstance(args[0], str):
        return args[0], args[1:]
    return None, args


class BollingerBands(Indicator):
    """Middle = MA(period) (Simple by default), upper/lower = middle +/- k * population std-dev.
    ``band_width = (upper - lower) / middle * 100``, ``percent_b = (price - lower) / (upper - lower)``.
    The indicator's own value is the input price (LEAN)."""

    def __init__(self, *args: Any) -> None:
        name, args = _split_name(args)
        period, k = int(args[0]), float(args[1])
        ma = MovingAverageType(int(args[2])) if len(args) > 2 else MovingAverageType.SIMPLE
        name = name or f"BB({period},{k})"
        super().__init__(name)
        self.k = k
        self.moving_average_type = ma
        self.warm_up_period = period
        self.standard_deviation = StandardDeviation(name + "_StandardDeviation", period)
        self.middle_band = as_indicator(ma, period, name + "_MiddleBand")
        ready = self._bands_ready
        self.upper_band = Component(name + "_UpperBand", ready)
        self.lower_band = Component(name + "_LowerBand", ready)
        self.band_width = Component(name + "_BandWidth", ready)
        self.percent_b = Component(name + "_%B", ready)
        self.price = Identity(name + "_Close")

    def _bands_ready(self) -> bool:
        return self.middle_band.is_ready and self.standard_deviation.is_ready

    def _next(self, time: Any, value: float) -> float:
        self.standard_deviation.update(time, value)
        self.middle_band.update(time, value)
        self.price.update(time, value)
        mid = self.middle_band.current.value
        dev = self.k * self.standard_deviation.current.value
        upper, lower = mid + dev, mid - dev
        self.upper_band.update(time, upper)
        self.lower_band.update(time, lower)
        self.band_width.update(time, (upper - lower) / mid * 100.0 if mid != 0.0 else 0.0)
        self.percent_b.update(time, (value - lower) / (upper - lower) if upper != lower else 0.0)
        return value

    @property
    def is_ready(self) -> bool:
        return self._bands_ready()

    def _reset_state(self) -> None:
        for ind in (
            self.standard_deviation,
            self.middle_band,
            self.upper_band,
            self.lower_band,
            self.band_width,
            self.percent_b,
            self.price,
        ):
            ind.reset()


class TrueRange(BarIndicator):
    """``max(high - low, |high - prev close|, |low - prev close|)``; the first bar's range before a
    previous bar exists (ready from the second bar)."""

    def __init__(self, name: str = "TR") -> None:
        super().__init__(name)
        self.warm_up_period = 2
        self._prev_close: float | None = None

    def _next_bar(self, bar: Any) -> float:
        prev = self._prev_close
        self._prev_close = bar.close
        if prev is None:
            return bar.high - bar.low
        return max(bar.high - bar.low, abs(bar.high - prev), abs(bar.low - prev))

    @property
    def is_ready(self) -> bool:
        return self.samples > 1

    def _reset_state(self) -> None:
        self._prev_close = None


class AverageTrueRange(BarIndicator):
    """MA (Wilders by default) of the true range of every bar, the first bar's range included
    (LEAN's AverageTrueRange.cs since its 2025 refactor onto TrueRange); ready after ``period`` bars."""

    def __init__(self, *args: Any) -> None:
        name, args = _split_name(args)
        period = int(args[0])
        ma = MovingAverageType(int(args[1])) if len(args) > 1 else MovingAverageType.WILDERS
        name = name or f"ATR{period}"
        super().__init__(name)
        self.period = period
        self.moving_average_type = ma
        self.true_range = TrueRange(name + "_TrueRange")
        self._smoother = as_indicator(ma, period, name + "_" + str(ma))
        self.warm_up_period = period

    def _next_bar(self, bar: Any) -> float:
        tr = self.true_range
        tr.update(bar)
        self._smoother.update(bar.end_time, tr.current.value)
        return self._smoother.current.value

    @property
    def is_ready(self) -> bool:
        return self._smoother.is_ready

    def _reset_state(self) -> None:
        self.true_range.reset()
        self._smoother.reset()


class KeltnerChannels(BarIndicator):
    """Middle = MA (Simple by default) of the typical price ``(high + low + close) / 3``; upper/lower =
    middle +/- k * ATR(period) where the ATR always uses a simple average of the true range (LEAN:
    the moving average type only applies to the middle band). Bands are 0 until the middle band is
    ready; the value is the middle band."""

    def __init__(self, *args: Any) -> None:
        name, args = _split_name(args)
        period, k = int(args[0]), float(args[1])
        ma = MovingAverageType(int(args[2])) if len(args) > 2 else MovingAverageType.SIMPLE
        name = name or f"KC({period},{k})"
        super().__init__(name)
        self.k = k
        self.middle_band = as_indicator(ma, period, name + "_MiddleBand")
        self.average_true_range = AverageTrueRange(
            name + "_AverageTrueRange", period, MovingAverageType.SIMPLE
        )
        bands_ready = self._bands_ready
        self.upper_band = Component(name + "_UpperBand", bands_ready)
        self.lower_band = Component(name + "_LowerBand", bands_ready)
        self.warm_up_period = period

    def _ready(self) -> bool:
        return self.middle_band.is_ready and self.average_true_range.is_ready

    def _bands_ready(self) -> bool:
        return self.middle_band.is_ready

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        self.average_true_range.update(bar)
        self.middle_band.update(t, (bar.high + bar.low + bar.close) / 3.0)
        mid = self.middle_band.current.value
        if self.middle_band.is_ready:
            dev = self.k * self.average_true_range.current.value
            self.upper_band.update(t, mid + dev)
            self.lower_band.update(t, mid - dev)
        else:
            self.upper_band.update(t, 0.0)
            self.lower_band.update(t, 0.0)
        return mid

    @property
    def is_ready(self) -> bool:
        return self._ready()

    def _reset_state(self) -> None:
        for ind in (self.middle_band, self.average_true_range, self.upper_band, self.lower_band):
            ind.reset()


class DonchianChannel(BarIndicator):
    """``upper_band`` = highest high, ``lower_band`` = lowest low; the value is their mid point."""

    def __init__(self, *args: Any) -> None:
        name, args = _split_name(args)
        upper = int(args[0])
        lower = int(args[1]) if len(args) > 1 else upper
        name = name or f"DCH({upper},{lower})"
        super().__init__(name)
        self.upper_band = Maximum(name + "_UpperBand", upper)
        self.lower_band = Minimum(name + "_LowerBand", lower)
        self.warm_up_period = max(upper, lower)

    def _next_bar(self, bar: Any) -> float:
        self.upper_band.update(bar.end_time, bar.high)
        self.lower_band.update(bar.end_time, bar.low)
        return (self.upper_band.current.value + self.lower_band.current.value) / 2.0

    @property
    def is_ready(self) -> bool:
        return self.upper_band.is_ready and self.lower_band.is_ready

    def _reset_state(self) -> None:
        self.upper_band.reset()
        self.lower_band.reset()
