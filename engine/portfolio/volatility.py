"""Security volatility models (Common/Securities/Volatility/).

A security calls ``volatility_model.update(security, data)`` for every real data point with a
price (LEAN's ``Security.UpdateConsumersMarketPrice``); ``volatility`` is read whenever needed.
The default is ``VolatilityModel.NULL`` (always 0). Warming a model up from history lives with the
history API (``engine.history.volatility``).
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime, timedelta
from typing import Any

from engine.model.enums import Resolution

_SPANS = {
    Resolution.TICK: timedelta(0),
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}


class BaseVolatilityModel:
    """No volatility of its own; subclasses override ``volatility`` and ``update``."""

    @property
    def volatility(self) -> float:
        return 0.0

    def update(self, security: Any, data: Any) -> None:
        pass

    def get_history_requirements(self, security: Any, utc_time: datetime) -> list:
        return []

    Volatility = property(lambda self: self.volatility)
    Update = update


class NullVolatilityModel(BaseVolatilityModel):
    """LEAN ``VolatilityModel.Null``."""


class VolatilityModel:
    NULL = Null = NullVolatilityModel()


class IndicatorVolatilityModel(BaseVolatilityModel):
    """The volatility is ``indicator``'s current value; ``indicator_update(security, data,
    indicator)``, when given, feeds it each data point (otherwise the user updates it)."""

    def __init__(self, indicator: Any, indicator_update: Any = None) -> None:
        self.indicator = indicator
        self.indicator_update = indicator_update

    @property
    def volatility(self) -> float:
        return float(self.indicator.current.value)

    def update(self, security: Any, data: Any) -> None:
        if self.indicator_update is not None:
            self.indicator_update(security, data, self.indicator)


def _sample_std(values: deque) -> float:
    n = len(values)
    mean = sum(values) / n
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


class StandardDeviationOfReturnsVolatilityModel(BaseVolatilityModel):
    """Annualised (x sqrt 252) sample standard deviation of the last ``periods`` returns, one
    return per ``update_frequency`` (default: the resolution's span, else a day)."""

    def __init__(
        self,
        periods: Any,
        resolution: Resolution | None = None,
        update_frequency: timedelta | None = None,
    ) -> None:
        if isinstance(periods, Resolution):
            resolution, periods = periods, _periods_in(periods)
        if int(periods) < 2:
            raise ValueError("'periods' must be greater than or equal to 2.")
        self.resolution = resolution
        self._window: deque = deque(maxlen=int(periods))
        self._span = update_frequency or (_SPANS[resolution] if resolution else timedelta(days=1))
        self._last_update = datetime.min
        self._last_price = 0.0

    @property
    def volatility(self) -> float:
        if len(self._window) < 2:
            return 0.0
        return _sample_std(self._window) * math.sqrt(252.0)

    def update(self, security: Any, data: Any) -> None:
        price = float(data.price)
        if data.end_time - self._last_update >= self._span and price > 0:
            if self._last_price > 0:
                self._window.append(price / self._last_price - 1.0)
            self._last_price = price
            self._last_update = data.end_time


class RelativeStandardDeviationVolatilityModel(BaseVolatilityModel):
    """Sample standard deviation of the last ``periods`` prices over the absolute mean, one price
    per ``period_span``."""

    def __init__(self, period_span: timedelta, periods: int) -> None:
        if periods < 2:
            raise ValueError("'periods' must be greater than or equal to 2.")
        self._span = period_span
        self._window: deque = deque(maxlen=int(periods))
        self._last_update = datetime.min

    @property
    def volatility(self) -> float:
        if len(self._window) < 2:
            return 0.0
        mean = abs(sum(self._window) / len(self._window))
        return _sample_std(self._window) / mean if mean else 0.0

    def update(self, security: Any, data: Any) -> None:
        price = float(data.price)
        if data.end_time - self._last_update >= self._span and price > 0:
            self._window.append(price)
            self._last_update = data.end_time


def _periods_in(resolution: Resolution) -> int:
    """LEAN ``PeriodsInResolution``: the default window of a model built from a resolution."""
    if resolution in (Resolution.TICK, Resolution.SECOND):
        return 600
    if resolution == Resolution.MINUTE:
        return 60 * 24
    if resolution == Resolution.HOUR:
        return 24 * 30
    return 30


__all__ = [
    "BaseVolatilityModel",
    "IndicatorVolatilityModel",
    "NullVolatilityModel",
    "RelativeStandardDeviationVolatilityModel",
    "StandardDeviationOfReturnsVolatilityModel",
    "VolatilityModel",
]
