"""Risk and volatility ratios (Indicators/RogersSatchellVolatility.cs, TargetDownsideDeviation.cs,
SharpeRatio.cs, SortinoRatio.cs)."""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime
from typing import Any

from engine.indicators.base import BarIndicator, Identity, Indicator, parse_name_period
from engine.indicators.extensions import IndicatorExtensions
from engine.indicators.oscillators import RateOfChange
from engine.indicators.rolling import StandardDeviation, Sum


class RogersSatchellVolatility(BarIndicator):
    """``sqrt(mean(ln(H/C) ln(H/O) + ln(L/C) ln(L/O)))`` over ``period`` bars; 0 until ready and for
    bars with a zero price."""

    def __init__(self, *args: Any) -> None:
        name, period, _ = parse_name_period(args, "RSV({period})")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._sum = Sum(name + "_Sum", period)

    def _next_bar(self, bar: Any) -> float:
        o, h, low, c = bar.open, bar.high, bar.low, bar.close
        if 0 in (o, h, low, c):
            return 0.0
        term = math.log(h / c) * math.log(h / o) + math.log(low / c) * math.log(low / o)
        self._sum.update(bar.end_time, term)
        if not self.is_ready:
            return 0.0
        return math.sqrt(self._sum.current.value / self.period)

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.period

    def _reset_state(self) -> None:
        self._sum.reset()


class TargetDownsideDeviation(Indicator):
    """``sqrt(mean(min(0, r - mar)^2))`` over the last ``period`` one-bar returns ``r`` (the first
    value counts a 0 return, as LEAN's RateOfChange window does)."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "TDD")
        mar = float(rest[0]) if rest else 0.0
        if not isinstance(args[0], str):
            name = f"TDD({period},{mar:g})"
        super().__init__(name)
        self.period = period
        self.minimum_acceptable_return = mar
        self.warm_up_period = period + 1
        self._roc = RateOfChange(1)
        self._returns: deque[float] = deque(maxlen=period)

    def _next(self, time: datetime, value: float) -> float:
        self._roc.update(time, value)
        self._returns.append(self._roc.current.value)
        mar = self.minimum_acceptable_return
        squares = [min(0.0, r - mar) ** 2 for r in self._returns]
        return math.sqrt(sum(squares) / len(squares))

    @property
    def is_ready(self) -> bool:
        return self.samples >= self.warm_up_period

    def _reset_state(self) -> None:
        self._roc.reset()
        self._returns.clear()


class ConstantRiskFreeRate:
    """A risk-free rate model of one rate (LEAN's ConstantRiskFreeRateInterestRateModel)."""

    def __init__(self, rate: float) -> None:
        self.rate = float(rate)

    def get_interest_rate(self, date: datetime) -> float:
        return self.rate

    GetInterestRate = get_interest_rate


def _rate_model(model: Any) -> Any:
    if model is None:
        return ConstantRiskFreeRate(0.0)
    if isinstance(model, (int, float)):
        return ConstantRiskFreeRate(model)
    if hasattr(model, "get_interest_rate") or hasattr(model, "GetInterestRate"):
        return model
    if callable(model):
        return type("FuncRate", (), {"get_interest_rate": lambda self, t: float(model(t))})()
    raise TypeError(f"not a risk-free rate model: {model!r}")


def _interest_rate(model: Any, time: datetime) -> float:
    getter = getattr(model, "get_interest_rate", None) or model.GetInterestRate
    return float(getter(time))


class SharpeRatio(Indicator):
    """``(SMA(r) - risk-free rate) / STD(r)`` of the one-bar returns ``r`` over ``period``; the rate
    comes from a number or a risk-free rate model (``get_interest_rate(time)``). Ready after
    ``period + 1`` ratios."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "SR")
        model = rest[0] if rest else 0.0
        if not isinstance(args[0], str):
            shown = f"{float(model):g}" if isinstance(model, (int, float)) else None
            name = f"SR({period},{shown})" if shown is not None else f"SR({period})"
        super().__init__(name)
        self.period = period
        self._model = _rate_model(model)
        self._roc = RateOfChange(1)
        self._risk_free = Identity(name + "_RiskFreeRate")
        ext = IndicatorExtensions
        self._numerator = ext.minus(ext.sma(self._roc, period), self._risk_free)
        self._ratio = ext.over(self._numerator, ext.of(StandardDeviation(period), self._roc))
        self.warm_up_period = self._roc.warm_up_period + period

    def _next(self, time: datetime, value: float) -> float:
        self._risk_free.update(time, _interest_rate(self._model, time))
        self._roc.update(time, value)
        return self._ratio.current.value

    @property
    def is_ready(self) -> bool:
        return self._ratio.samples > self.period

    def _reset_state(self) -> None:
        self._ratio.reset()
        self._roc.reset()


class SortinoRatio(SharpeRatio):
    """Sharpe's numerator over the target downside deviation of the returns below
    ``minimum_acceptable_return`` (also the numerator's rate)."""

    def __init__(self, *args: Any) -> None:
        name, period, rest = parse_name_period(args, "SORTINO")
        mar = float(rest[0]) if rest else 0.0
        if not isinstance(args[0], str):
            name = f"SORTINO({period},{mar:g})"
        super().__init__(name, period, mar)
        self._denominator = TargetDownsideDeviation(period, mar)
        self._ratio = IndicatorExtensions.over(self._numerator, self._denominator)

    def _next(self, time: datetime, value: float) -> float:
        self._denominator.update(time, value)
        return super()._next(time, value)

    def _reset_state(self) -> None:
        self._denominator.reset()
        super()._reset_state()
