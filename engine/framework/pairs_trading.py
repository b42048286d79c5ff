"""Pairs trading alpha models (LEAN's Algorithm.Framework/Alphas/BasePairsTradingAlphaModel.py and
PearsonCorrelationPairsTradingAlphaModel.py).

Every pair of the universe's securities that passes ``has_passed_test`` is tracked as the ratio of
their closes against a 500-bar EMA of that ratio; when the ratio leaves the band of ``threshold``
percent around the mean, the pair emits a grouped insight: down the first asset and up the second
above the band, the reverse below it, never the same direction twice in a row. The Pearson model
only trades the pair whose log returns over ``lookback`` bars correlate best (at least
``minimum_correlation``).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import numpy as np

from engine.common.lazy_module import LazyModule
from engine.framework.alphas import AlphaModel
from engine.framework.insights import Insight, resolution_span
from engine.indicators.averages import ExponentialMovingAverage
from engine.indicators.base import ConstantIndicator, Identity
from engine.indicators.extensions import IndicatorExtensions
from engine.model.enums import InsightDirection, Resolution

# pandas is imported when this model is first used, not when the engine starts
pd = LazyModule("pandas")


def _number_text(value: Any) -> str:
    """LEAN's ``Extensions.NormalizeToStr``: a number without trailing zeros."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


class PairState(Enum):
    SHORT_RATIO = -1
    FLAT_RATIO = 0
    LONG_RATIO = 1


class Pair:
    """Two assets' close ratio, its mean and the band around it."""

    State = PairState

    def __init__(
        self, algorithm: Any, asset1: Any, asset2: Any, prediction_interval: Any, threshold: float
    ) -> None:
        self.state = PairState.FLAT_RATIO
        self.algorithm = algorithm
        self.asset1 = asset1
        self.asset2 = asset2
        self.prediction_interval = prediction_interval
        self.asset1_price, self.identity_consolidator1 = self._close_of(asset1)
        self.asset2_price, self.identity_consolidator2 = self._close_of(asset2)
        self.ratio = IndicatorExtensions.over(self.asset1_price, self.asset2_price)
        self.mean = IndicatorExtensions.of(ExponentialMovingAverage(500), self.ratio)
        upper = ConstantIndicator("ct", 1 + threshold / 100)
        lower = ConstantIndicator("ct", 1 - threshold / 100)
        self.upper_threshold = IndicatorExtensions.times(self.mean, upper)
        self.lower_threshold = IndicatorExtensions.times(self.mean, lower)

    def _close_of(self, symbol: Any) -> tuple[Identity, Any]:
        """An identity of the symbol's closes at its finest subscribed resolution, and the
        consolidator feeding it (removed again by ``dispose``)."""
        algorithm = self.algorithm
        configs = algorithm.subscription_manager.subscription_data_config_service
        resolutions = [c.resolution for c in configs.get_subscription_data_configs(symbol)]
        if not resolutions:
            raise ValueError(f"{symbol} has no subscription to follow for the pair")
        resolution = min(resolutions)
        identity = Identity(algorithm.create_indicator_name(symbol, "close", resolution))
        consolidator = algorithm.resolve_consolidator(symbol, resolution)
        algorithm.register_indicator(symbol, identity, consolidator)
        return identity, consolidator

    def dispose(self) -> None:
        manager = self.algorithm.subscription_manager
        manager.remove_consolidator(self.asset1, self.identity_consolidator1)
        manager.remove_consolidator(self.asset2, self.identity_consolidator2)

    def get_insight_group(self) -> list[Insight]:
        if not self.mean.is_ready:
            return []
        ratio = self.ratio.current.value
        if self.state is not PairState.LONG_RATIO and ratio > self.upper_threshold.current.value:
            self.state = PairState.LONG_RATIO
            return Insight.group(
                Insight.price(self.asset1, self.prediction_interval, InsightDirection.DOWN),
                Insight.price(self.asset2, self.prediction_interval, InsightDirection.UP),
            )
        if self.state is not PairState.SHORT_RATIO and ratio < self.lower_threshold.current.value:
            self.state = PairState.SHORT_RATIO
            return Insight.group(
                Insight.price(self.asset1, self.prediction_interval, InsightDirection.UP),
                Insight.price(self.asset2, self.prediction_interval, InsightDirection.DOWN),
            )
        return []


class BasePairsTradingAlphaModel(AlphaModel):
    """Trades every pair of the universe's securities (``has_passed_test`` narrows them)."""

    Pair = Pair

    def __init__(
        self, lookback: int = 1, resolution: Any = Resolution.DAILY, threshold: float = 1
    ) -> None:
        self.lookback = lookback
        self.resolution = resolution
        self.threshold = threshold
        self.prediction_interval = resolution_span(resolution) * lookback
        self.pairs: dict[tuple[Any, Any], Pair] = {}
        self.securities: set[Any] = set()
        self.name = (
            f"{type(self).__name__}({lookback},{Resolution(int(resolution))},"
            f"{_number_text(threshold)})"
        )

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        insights: list[Insight] = []
        for pair in self.pairs.values():
            insights.extend(pair.get_insight_group())
        return insights

    def _track(self, changes: Any) -> None:
        for security in changes.added_securities:
            self.securities.add(security)
        for security in changes.removed_securities:
            self.securities.discard(security)

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        self._track(changes)
        self.update_pairs(algorithm)
        for security in changes.removed_securities:
            for key in [k for k in self.pairs if security.symbol in k]:
                self.pairs.pop(key).dispose()

    def update_pairs(self, algorithm: Any) -> None:
        symbols = sorted(s.symbol for s in self.securities)
        for i, first in enumerate(symbols):
            for second in symbols[i + 1 :]:
                if (first, second) in self.pairs or (second, first) in self.pairs:
                    continue
                if not self.has_passed_test(algorithm, first, second):
                    continue
                self.pairs[(first, second)] = self.Pair(
                    algorithm, first, second, self.prediction_interval, self.threshold
                )

    def has_passed_test(self, algorithm: Any, asset1: Any, asset2: Any) -> bool:
        return True

    Update = update
    OnSecuritiesChanged = on_securities_changed


class PearsonCorrelationPairsTradingAlphaModel(BasePairsTradingAlphaModel):
    """Trades only the best-correlated pair of log returns over ``lookback`` bars of history."""

    def __init__(
        self,
        lookback: int = 15,
        resolution: Any = Resolution.MINUTE,
        threshold: float = 1,
        minimum_correlation: float = 0.5,
    ) -> None:
        super().__init__(lookback, resolution, threshold)
        self.minimum_correlation = minimum_correlation
        self.best_pair: tuple[Any, ...] = ()

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        self._track(changes)
        symbols = sorted(s.symbol for s in self.securities)
        history = algorithm.history(symbols, self.lookback, self.resolution)
        if not history.empty:
            from scipy.stats import pearsonr  # SciPy's import is slow: only models that use it

            returns = self.get_price_dataframe(history["close"].unstack(level=0))
            columns = len(returns.columns)
            correlations = {
                (i, j): pearsonr(returns.iloc[:, i], returns.iloc[:, j])[0]
                for i in range(columns)
                for j in range(i + 1, columns)
            }
            ranked = sorted(correlations.items(), key=lambda kv: kv[1])
            if ranked and ranked[-1][1] >= self.minimum_correlation:
                i, j = ranked[-1][0]
                self.best_pair = (symbols[i], symbols[j])
        super().on_securities_changed(algorithm, changes)

    def has_passed_test(self, algorithm: Any, asset1: Any, asset2: Any) -> bool:
        return len(self.best_pair) == 2 and self.best_pair == (asset1, asset2)

    def get_price_dataframe(self, prices: pd.DataFrame) -> pd.DataFrame:
        """Log returns by column; with symbols of several time zones, aligned on UTC time
        (dates for daily bars) first."""
        zones = {s.symbol.value: s.exchange.time_zone for s in self.securities}
        logs = np.log(prices)
        if len(set(map(str, zones.values()))) > 1:
            series = {}
            for column in logs:
                zone = zones[str(column)]
                data = logs[column].copy()
                stamps = pd.DatetimeIndex(data.index).tz_localize(zone).tz_convert("UTC")
                if self.resolution == Resolution.DAILY:
                    stamps = stamps.date
                data.index = stamps
                series[column] = data
            logs = pd.DataFrame(series).dropna()
        return (logs - logs.shift(1)).dropna()

    OnSecuritiesChanged = on_securities_changed
