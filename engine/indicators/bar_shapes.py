"""Indicators of one bar's shape (Indicators/HeikinAshi.cs, BalanceOfPower.cs,
InternalBarStrength.cs, AccumulationDistribution.cs, AccumulationDistributionOscillator.cs)."""

from __future__ import annotations

from typing import Any

from engine.indicators.averages import ExponentialMovingAverage
from engine.indicators.base import BarIndicator, Identity


def _name_only(args: tuple, default: str) -> str:
    return str(args[0]) if args else default


class HeikinAshi(BarIndicator):
    """Heikin-Ashi candles: ``open``, ``high``, ``low``, ``close`` and ``volume`` components; the
    value is the Heikin-Ashi close. Ready after two bars."""

    def __init__(self, name: str = "HA") -> None:
        super().__init__(name)
        self.warm_up_period = 2
        self.open = Identity(name + "_Open")
        self.high = Identity(name + "_High")
        self.low = Identity(name + "_Low")
        self.close = Identity(name + "_Close")
        self.volume = Identity(name + "_Volume")

    def _next_bar(self, bar: Any) -> float:
        t = bar.end_time
        ohlc4 = (bar.open + bar.high + bar.low + bar.close) / 4.0
        # ``samples`` already counts this bar: LEAN tests IsReady (Samples > 1) here, also after
        # counting it
        if not self.is_ready:
            self.open.update(t, (bar.open + bar.close) / 2.0)
            self.close.update(t, ohlc4)
            self.high.update(t, bar.high)
            self.low.update(t, bar.low)
        else:
            self.open.update(t, (self.open.current.value + self.close.current.value) / 2.0)
            self.close.update(t, ohlc4)
            o, c = self.open.current.value, self.close.current.value
            self.high.update(t, max(bar.high, o, c))
            self.low.update(t, min(bar.low, o, c))
        self.volume.update(t, float(getattr(bar, "volume", 0.0) or 0.0))
        return self.close.current.value

    @property
    def is_ready(self) -> bool:
        return self.samples > 1

    def _reset_state(self) -> None:
        for part in (self.open, self.high, self.low, self.close, self.volume):
            part.reset()


class BalanceOfPower(BarIndicator):
    """``(close - open) / (high - low)``; 0 for a bar without range."""

    def __init__(self, *args: Any) -> None:
        super().__init__(_name_only(args, "BOP"))
        self.warm_up_period = 1

    def _next_bar(self, bar: Any) -> float:
        span = bar.high - bar.low
        return (bar.close - bar.open) / span if span > 0 else 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples > 0


class InternalBarStrength(BarIndicator):
    """``(close - low) / (high - low)``; 0.5 for a bar without range."""

    def __init__(self, *args: Any) -> None:
        super().__init__(_name_only(args, "IBS()"))
        self.warm_up_period = 1

    def _next_bar(self, bar: Any) -> float:
        if bar.high == bar.low:
            return 0.5
        return (bar.close - bar.low) / (bar.high - bar.low)

    @property
    def is_ready(self) -> bool:
        return self.samples > 0


class AccumulationDistribution(BarIndicator):
    """Running sum of the close location value times volume, ``((C - L) - (H - C)) / (H - L) * V``."""

    def __init__(self, *args: Any) -> None:
        super().__init__(_name_only(args, "AD"))
        self.warm_up_period = 1

    def _next_bar(self, bar: Any) -> float:
        span = bar.high - bar.low
        flow = 0.0
        if span > 0:
            flow = ((bar.close - bar.low) - (bar.high - bar.close)) / span * bar.volume
        return self.current.value + flow

    @property
    def is_ready(self) -> bool:
        return self.samples > 0


class AccumulationDistributionOscillator(BarIndicator):
    """``EMA(fast) - EMA(slow)`` of the accumulation/distribution line; 0 until ready (after
    ``max(fast, slow)`` bars)."""

    def __init__(self, *args: Any) -> None:
        if isinstance(args[0], str):
            name, fast, slow = args[0], int(args[1]), int(args[2])
        else:
            fast, slow = int(args[0]), int(args[1])
            name = f"ADOSC({fast},{slow})"
        super().__init__(name)
        self.period = max(fast, slow)
        self.warm_up_period = self.period
        self._ad = AccumulationDistribution(name + "_AD")
        self._fast = ExponentialMovingAverage(name + "_Fast", fast)
        self._slow = ExponentialMovingAverage(name + "_Slow", slow)

    def _next_bar(self, bar: Any) -> float:
        self._ad.update(bar)
        self._fast.update(self._ad.current)
        self._slow.update(self._ad.current)
        return self._fast.current.value - self._slow.current.value if self.is_ready else 0.0

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._ad.reset()
        self._fast.reset()
        self._slow.reset()


class ChaikinOscillator(AccumulationDistributionOscillator):
    """LEAN's name for the accumulation/distribution oscillator."""

    def __init__(self, *args: Any) -> None:
        if not isinstance(args[0], str):
            args = (f"ChaikinOscillator({int(args[0])},{int(args[1])})", *args)
        super().__init__(*args)
