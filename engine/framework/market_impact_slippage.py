"""``MarketImpactSlippageModel`` (LEAN Common/Orders/Slippage/MarketImpactSlippageModel.cs): slippage
from the Almgren-Chriss style market impact of an order against the security's recent daily
volatility and volume.

It lives above the execution layer because it reads the algorithm: a year of daily history at the
first estimate, then a daily trade bar consolidator on the security's feed keeps its statistics.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import timedelta
from statistics import fmean, variance
from typing import Any

from engine.common.dotnet_random import DotNetRandom
from engine.consolidators.bars import TradeBarConsolidator
from engine.model.data import TradeBar
from engine.model.enums import Resolution, SecurityType

_NO_VOLUME_TYPES = (SecurityType.FOREX, SecurityType.CFD)


def regular_market_duration(hours: Any, day: Any) -> timedelta:
    """LEAN ``SecurityExchangeHours.RegularMarketDuration``: the most common regular session length
    over a week's days (ties: the longer one), here read on the seven days from ``day``."""
    lengths: dict[timedelta, int] = {}
    for offset in range(7):
        current = day + timedelta(days=offset)
        length = sum((end - start for start, end in hours.segments(current)), timedelta(0))
        lengths[length] = lengths.get(length, 0) + 1
    return max(lengths, key=lambda length: (lengths[length], length))


class MarketImpactStatistics:
    """The daily closes (252) and volumes (10) behind the model, and the execution and impact
    times in trading days (LEAN's ``SymbolData`` of the model)."""

    def __init__(self, algorithm: Any, asset: Any, latency: float, impact_time: float) -> None:
        self.sigma = 0.0
        self.average_volume = 0.0
        self._prices: deque[float] = deque(maxlen=252)
        self._volumes: deque[float] = deque(maxlen=10)
        consolidator = TradeBarConsolidator(timedelta(days=1))
        consolidator.data_consolidated += self._on_daily_bar
        algorithm.subscription_manager.add_consolidator(asset.symbol, consolidator)
        now = algorithm.time
        bars = algorithm.history[TradeBar](
            asset.symbol, now - timedelta(days=370), now, Resolution.DAILY
        )
        for bar in bars or ():
            consolidator.update(bar)
        day_length = regular_market_duration(asset.exchange.hours, now.date()) / timedelta(days=1)
        self.execution_time = latency / 86400.0 / day_length
        self.impact_time = self.execution_time + impact_time / 86400.0 / day_length

    def _on_daily_bar(self, _sender: Any, bar: Any) -> None:
        self._prices.appendleft(float(bar.close))
        self._volumes.appendleft(float(bar.volume))
        if len(self._prices) < 2:
            return
        prices = self._prices  # newest first, as LEAN's rolling window
        returns = [
            (prices[i] - prices[i + 1]) / prices[i + 1] if prices[i + 1] else 0.0
            for i in range(len(prices) - 1)
        ]
        # MathNet's Variance() is the sample variance; of a single value it is NaN
        self.sigma = math.sqrt(variance(returns)) if len(returns) > 1 else math.nan
        self.average_volume = fmean(self._volumes)


class MarketImpactSlippageModel:
    """Slippage = min(1, realized impact x U(0, 1)) x price (floored at 0 when ``non_negative``).

    The realized impact is the temporary impact ``sigma * eta * nu^beta`` plus half the permanent
    impact ``sigma * T * gamma * nu^alpha * (shares outstanding / average volume)^delta``, each
    with Gaussian noise ``sigma * sqrt(impact time)``, where ``nu`` is the order's quantity per
    unit of execution time over the average daily volume. The draws come from a .NET-compatible
    generator seeded with ``random_seed``, so the sequence matches LEAN's.
    """

    def __init__(
        self,
        algorithm: Any,
        non_negative: bool = True,
        latency: float = 0.075,
        impact_time: float = 1800.0,
        alpha: float = 0.891,
        beta: float = 0.600,
        gamma: float = 0.314,
        eta: float = 0.142,
        delta: float = 0.267,
        random_seed: int = 50,
    ) -> None:
        if latency <= 0:
            raise ValueError("Latency cannot be less than or equal to 0.")
        if impact_time <= 0:
            raise ValueError("impactTime cannot be less than or equal to 0.")
        self._algorithm = algorithm
        self._non_negative = non_negative
        self._latency = latency
        self._impact_time = impact_time
        self._alpha, self._beta, self._gamma, self._eta, self._delta = (
            alpha,
            beta,
            gamma,
            eta,
            delta,
        )
        self._random = DotNetRandom(random_seed)
        # LEAN keeps one set of statistics per model instance, built for the first asset it
        # prices: algorithms give each security its own model
        self._statistics: MarketImpactStatistics | None = None

    def get_slippage_approximation(self, asset: Any, order: Any) -> float:
        if asset.symbol.security_type in _NO_VOLUME_TYPES:
            raise ValueError(
                f"Asset of {asset.symbol.security_type} is not supported as "
                "MarketImpactSlippageModel requires volume data"
            )
        if self._statistics is None:
            self._statistics = MarketImpactStatistics(
                self._algorithm, asset, self._latency, self._impact_time
            )
        stats = self._statistics
        if stats.average_volume == 0:
            return 0.0
        nu = abs(order.quantity) / stats.execution_time / stats.average_volume
        liquidity = 1.0
        shares = _shares_outstanding(asset)
        if shares:
            liquidity = (shares / stats.average_volume) ** self._delta
        noise = stats.sigma * math.sqrt(stats.impact_time)
        permanent = (
            stats.sigma * stats.execution_time * self._gamma * nu**self._alpha * liquidity
            + self._gaussian() * noise
        )
        temporary = stats.sigma * self._eta * nu**self._beta + self._gaussian() * noise
        realized = temporary + permanent * 0.5
        return self._slippage_from_impact(realized) * float(asset.price)

    def _slippage_from_impact(self, impact: float) -> float:
        slippage = min(impact * self._random.next_double(), 1.0)
        return max(0.0, slippage) if self._non_negative else slippage

    def _gaussian(self) -> float:
        first = 1 - self._random.next_double()
        second = 1 - self._random.next_double()
        return math.sqrt(-2.0 * math.log(first)) * math.cos(2.0 * math.pi * second)

    GetSlippageApproximation = get_slippage_approximation


def _shares_outstanding(asset: Any) -> float:
    """The company's shares outstanding when fundamental data is loaded, else 0."""
    try:
        fundamentals = asset.fundamentals
        if not fundamentals.has_fundamental_data:
            return 0.0
        return float(fundamentals.company_profile.shares_outstanding or 0.0)
    except (AttributeError, KeyError, ValueError, TypeError):
        return 0.0
