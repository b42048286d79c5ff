"""Portfolio construction models that weight by an optimizer over each symbol's recent returns:
mean-variance and risk parity (LEAN Algorithm.Framework/Portfolio/
MeanVarianceOptimizationPortfolioConstructionModel.py, RiskParityPortfolioConstructionModel.py)."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from engine.framework.insights import Insight
from engine.framework.optimizers import (
    MinimumVariancePortfolioOptimizer,
    RiskParityPortfolioOptimizer,
)
from engine.framework.portfolio import (
    PortfolioBias,
    PortfolioConstructionModel,
    bias_weight_bounds,
    filter_invalid_insight_magnitude,
)
from engine.indicators import IndicatorDataPoint, RateOfChange
from engine.model.data import TradeBar
from engine.model.enums import Resolution

if TYPE_CHECKING:
    import pandas as pd


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


class ReturnsSymbolData:
    """The last ``period`` rates of change over ``lookback`` bars of one symbol (newest first), as
    LEAN's MeanVarianceSymbolData / RiskParitySymbolData."""

    def __init__(self, symbol: Any, lookback: int, period: int) -> None:
        self.symbol = symbol
        self.roc = RateOfChange(f"{symbol}.roc({lookback})", lookback)
        self.roc.updated += self._on_roc_updated
        self.window: deque[Any] = deque(maxlen=period)

    def _on_roc_updated(self, roc: Any, value: Any) -> None:
        if roc.is_ready:
            self.window.appendleft(value)

    def update(self, time: Any, value: float) -> bool:
        return self.roc.update(time, value)

    def add(self, time: Any, value: float) -> None:
        self.window.appendleft(IndicatorDataPoint(self.symbol, time, value))

    def reset(self) -> None:
        self.roc.updated -= self._on_roc_updated
        self.roc.reset()
        self.window.clear()

    @property
    def returns(self) -> pd.Series:
        import pandas as pd

        return pd.Series(
            data=[x.value for x in self.window], index=[x.end_time for x in self.window]
        )

    @property
    def is_ready(self) -> bool:
        return len(self.window) == self.window.maxlen


class MeanVarianceOptimizationPortfolioConstructionModel(PortfolioConstructionModel):
    """Weights from ``optimizer`` (minimum variance for ``target_return`` by default) over each
    symbol's last ``period`` ``lookback``-bar returns, warmed from history; each insight's magnitude
    joins its symbol's returns (LEAN's Python model)."""

    def __init__(
        self,
        rebalance: Any = Resolution.DAILY,
        portfolio_bias: Any = PortfolioBias.LONG_SHORT,
        lookback: int = 1,
        period: int = 63,
        resolution: Any = Resolution.DAILY,
        target_return: float = 0.02,
        optimizer: Any = None,
    ) -> None:
        super().__init__(rebalance)
        self.lookback = lookback
        self.period = period
        self.resolution = resolution
        self.portfolio_bias = PortfolioBias(int(portfolio_bias))
        lower, upper = bias_weight_bounds(self.portfolio_bias)
        self.optimizer = (
            MinimumVariancePortfolioOptimizer(lower, upper, target_return)
            if optimizer is None
            else optimizer
        )
        self.symbol_data_by_symbol: dict[Any, ReturnsSymbolData] = {}

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        if not filter_invalid_insight_magnitude(self.algorithm, [insight]):
            return False
        if insight.magnitude is None:
            raise ValueError(
                "MeanVarianceOptimizationPortfolioConstructionModel does not accept 'None' as "
                "Insight.magnitude. Please checkout the selected Alpha Model specifications."
            )
        self.symbol_data_by_symbol[insight.symbol].add(self.algorithm.time, insight.magnitude)
        return True

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        if not active_insights:
            return {}
        weights = _optimized_weights(self.optimizer, self.symbol_data_by_symbol, active_insights)
        targets = {}
        for insight in active_insights:
            weight = float(weights[_key(insight.symbol)])
            bias = self.portfolio_bias
            if bias != PortfolioBias.LONG_SHORT and _sign(weight) != int(bias):
                weight = 0.0
            targets[insight] = weight
        return targets

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        super().on_securities_changed(algorithm, changes)
        for removed in changes.removed_securities:
            data = self.symbol_data_by_symbol.pop(removed.symbol, None)
            if data is not None:
                data.reset()
        for security in changes.added_securities:
            symbol = security.symbol
            if symbol not in self.symbol_data_by_symbol:
                self.symbol_data_by_symbol[symbol] = ReturnsSymbolData(
                    symbol, self.lookback, self.period
                )
            data = self.symbol_data_by_symbol[symbol]
            count = self.lookback * self.period
            for bar in algorithm.history[TradeBar](symbol, count, self.resolution) or ():
                data.update(bar.end_time, bar.value)

    ShouldCreateTargetForInsight = should_create_target_for_insight
    DetermineTargetPercent = determine_target_percent
    OnSecuritiesChanged = on_securities_changed


def _key(symbol: Any) -> str:
    return str(getattr(symbol, "id", symbol))


def _optimized_weights(
    optimizer: Any, symbol_data_by_symbol: dict, active_insights: list[Insight]
) -> pd.Series:
    """The optimizer's weight per symbol of the insights (by `_key`), from their returns."""
    import pandas as pd

    symbols = {i.symbol for i in active_insights}
    returns = pd.DataFrame(
        {
            _key(symbol): data.returns
            for symbol, data in symbol_data_by_symbol.items()
            if symbol in symbols
        }
    )
    return pd.Series(_optimize(optimizer, returns), index=returns.columns, dtype=float)


def _optimize(optimizer: Any, returns: pd.DataFrame) -> Any:
    fn = getattr(optimizer, "optimize", None) or optimizer.Optimize
    try:
        return fn(returns)
    except TypeError:  # a user optimizer written as optimize(returns, expected, covariance)
        return fn(returns, None, None)


class RiskParityPortfolioConstructionModel(PortfolioConstructionModel):
    """Risk-parity weights (``RiskParityPortfolioOptimizer``) over each symbol's last ``period``
    ``lookback``-bar returns; the rates of change keep updating from the data (LEAN's Python model)."""

    def __init__(
        self,
        rebalance: Any = Resolution.DAILY,
        portfolio_bias: Any = PortfolioBias.LONG_SHORT,
        lookback: int = 1,
        period: int = 252,
        resolution: Any = Resolution.DAILY,
        optimizer: Any = None,
    ) -> None:
        if int(portfolio_bias) == int(PortfolioBias.SHORT):
            raise ValueError(
                "Long position must be allowed in RiskParityPortfolioConstructionModel."
            )
        super().__init__(rebalance)
        self.lookback = lookback
        self.period = period
        self.resolution = resolution
        self.optimizer = RiskParityPortfolioOptimizer() if optimizer is None else optimizer
        self.symbol_data_by_symbol: dict[Any, ReturnsSymbolData] = {}

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        if not active_insights:
            return {}
        weights = _optimized_weights(self.optimizer, self.symbol_data_by_symbol, active_insights)
        return {i: float(weights[_key(i.symbol)]) for i in active_insights}

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        super().on_securities_changed(algorithm, changes)
        for removed in changes.removed_securities:
            data = self.symbol_data_by_symbol.pop(removed.symbol, None)
            if data is not None:
                data.reset()
                algorithm.unregister_indicator(data.roc)
        for security in changes.added_securities:
            symbol = security.symbol
            if symbol in self.symbol_data_by_symbol:
                continue
            bars = algorithm.history[TradeBar](symbol, self.lookback * self.period, self.resolution)
            if not bars:
                continue
            data = ReturnsSymbolData(symbol, self.lookback, self.period)
            for bar in bars:
                data.update(bar.end_time, bar.close)
            self.symbol_data_by_symbol[symbol] = data
            algorithm.register_indicator(symbol, data.roc, self.resolution)

    DetermineTargetPercent = determine_target_percent
    OnSecuritiesChanged = on_securities_changed
