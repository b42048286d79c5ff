"""Black-Litterman portfolio construction (LEAN's Algorithm.Framework/Portfolio/
BlackLittermanOptimizationPortfolioConstructionModel.py).

The prior is the CAPM equilibrium of an equal-weight market portfolio over each symbol's last
``period`` ``lookback``-bar returns (history at ``resolution``, then each insight's magnitude); each
alpha model's last insights form one view (``P``: the assets' signed magnitudes over the larger of
the up and down sums, ``Q``: that sum). The master formula blends them and ``optimizer`` (maximum
Sharpe ratio by default) turns the posterior returns and covariance into weights.
"""

from __future__ import annotations

from datetime import UTC
from itertools import groupby
from typing import Any

import numpy as np

from engine.common.lazy_module import LazyModule
from engine.framework.insights import Insight
from engine.framework.optimizers import MaximumSharpeRatioPortfolioOptimizer
from engine.framework.portfolio import (
    PortfolioBias,
    PortfolioConstructionModel,
    bias_weight_bounds,
    filter_invalid_insight_magnitude,
)
from engine.framework.portfolio_optimization import ReturnsSymbolData
from engine.model.data import TradeBar
from engine.model.enums import InsightDirection, Resolution
from engine.model.security import as_tz

# pandas is imported when this model is first used, not when the engine starts
pd = LazyModule("pandas")


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


class BlackLittermanSymbolData(ReturnsSymbolData):
    """A symbol's returns; an insight's magnitude is added once per generation time."""

    def add(self, time: Any, value: float) -> None:
        if self.window and self.window[0].end_time == time:
            return
        super().add(time, value)


class BlackLittermanOptimizationPortfolioConstructionModel(PortfolioConstructionModel):
    BlackLittermanSymbolData = BlackLittermanSymbolData

    def __init__(
        self,
        rebalance: Any = Resolution.DAILY,
        portfolio_bias: Any = PortfolioBias.LONG_SHORT,
        lookback: int = 1,
        period: int = 63,
        resolution: Any = Resolution.DAILY,
        risk_free_rate: float = 0,
        delta: float = 2.5,
        tau: float = 0.05,
        optimizer: Any = None,
    ) -> None:
        super().__init__(rebalance)
        self.lookback = lookback
        self.period = period
        self.resolution = resolution
        self.risk_free_rate = risk_free_rate
        self.delta = delta
        self.tau = tau
        self.portfolio_bias = PortfolioBias(int(portfolio_bias))
        lower, upper = bias_weight_bounds(self.portfolio_bias)
        self.optimizer = (
            MaximumSharpeRatioPortfolioOptimizer(lower, upper, risk_free_rate)
            if optimizer is None
            else optimizer
        )
        self.symbol_data_by_symbol: dict[Any, BlackLittermanSymbolData] = {}

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        return bool(filter_invalid_insight_magnitude(self.algorithm, [insight]))

    def get_target_insights(self) -> list[Insight]:
        """The last active insight of each alpha model and symbol, grouped by model."""
        algorithm = self.algorithm
        active = [
            i
            for i in algorithm.insights.get_active_insights(algorithm.utc_time)
            if self.should_create_target_for_insight(i)
        ]
        last: list[Insight] = []
        by_model = sorted(active, key=lambda i: str(i.source_model))
        for _, model_insights in groupby(by_model, key=lambda i: str(i.source_model)):
            by_symbol = sorted(model_insights, key=lambda i: i.symbol)
            for _, symbol_insights in groupby(by_symbol, key=lambda i: i.symbol):
                last.append(max(symbol_insights, key=lambda i: i.generated_time_utc))
        return last

    def determine_target_percent(self, last_active_insights: list[Insight]) -> dict[Insight, float]:
        targets: dict[Insight, float] = {}
        p, q = self.get_views(last_active_insights)
        if p is None:
            return targets
        returns = {}
        for insight in last_active_insights:
            symbol = insight.symbol
            data = self.symbol_data_by_symbol.get(symbol) or BlackLittermanSymbolData(
                symbol, self.lookback, self.period
            )
            if insight.magnitude is None:
                raise ValueError(
                    "BlackLittermanOptimizationPortfolioConstructionModel does not accept 'None' "
                    "as Insight.magnitude. Please make sure your Alpha Model is generating "
                    "Insights with the Magnitude property set."
                )
            data.add(insight.generated_time_utc, insight.magnitude)
            returns[symbol] = data.returns
        frame = pd.DataFrame(returns)
        pi, sigma = self.get_equilibrium_return(frame)
        pi, sigma = self.apply_blacklitterman_master_formula(pi, sigma, p, q)
        optimize = getattr(self.optimizer, "optimize", None) or self.optimizer.Optimize
        weights = pd.Series(optimize(frame, pi, sigma), index=sigma.columns)
        for symbol, weight in weights.items():
            for insight in last_active_insights:
                if str(insight.symbol) == str(symbol):
                    bias = self.portfolio_bias
                    if bias != PortfolioBias.LONG_SHORT and _sign(weight) != int(bias):
                        weight = 0
                    targets[insight] = float(weight)
                    break
        return targets

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        super().on_securities_changed(algorithm, changes)
        for security in changes.removed_securities:
            data = self.symbol_data_by_symbol.pop(security.symbol, None)
            if data is not None:
                data.reset()
        for security in changes.added_securities:
            symbol = security.symbol
            zone = as_tz(security.exchange.time_zone)
            count = self.lookback * self.period
            bars = algorithm.history[TradeBar](symbol, count, self.resolution) or []
            if not bars:
                continue
            data = self.symbol_data_by_symbol.get(symbol) or BlackLittermanSymbolData(
                symbol, self.lookback, self.period
            )
            for bar in bars:
                utc = bar.end_time.replace(tzinfo=zone).astimezone(UTC)
                data.update(utc, bar.close)
            self.symbol_data_by_symbol[symbol] = data

    def apply_blacklitterman_master_formula(
        self, pi: Any, sigma: pd.DataFrame, p: np.ndarray, q: np.ndarray
    ) -> tuple[Any, pd.DataFrame]:
        """The posterior mean and covariance (blacklitterman.org's cookbook): with
        ``ts = tau Sigma`` and ``Omega = diag(P ts P')``, ``A = ts P' (P ts P' + Omega)^-1``,
        ``Pi + A (Q - P Pi)`` and ``delta (Sigma + ts - A P ts)``."""
        ts = self.tau * sigma
        pts = p @ np.asarray(ts) @ p.T
        omega = pts * np.eye(q.shape[0])
        if np.linalg.det(omega) == 0:
            return pi, sigma
        a = np.asarray(ts) @ p.T @ np.linalg.inv(pts + omega)
        pi_column = np.asarray(pi, dtype=float).reshape(-1, 1)
        posterior = np.squeeze(pi_column + a @ (q - p @ pi_column))
        m = ts - a @ p @ np.asarray(ts)
        return posterior, (sigma + m) * self.delta

    def get_equilibrium_return(self, returns: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
        """CAPM equilibrium returns of the equal-weight portfolio, and the annual covariance."""
        size = len(returns.columns)
        w = np.full(size, 1.0 / size)
        cov = returns.cov() * 252
        annual_return = float(np.sum(((1 + returns.mean()) ** 252 - 1) * w))
        annual_variance = float(w @ np.asarray(cov) @ w)
        risk_aversion = (annual_return - self.risk_free_rate) / annual_variance
        return risk_aversion * np.asarray(cov) @ w, cov

    def get_views(self, insights: list[Insight]) -> tuple[Any, Any]:
        """``P`` (one row per alpha model, one column per symbol) and ``Q`` from the insights."""
        symbols = list(dict.fromkeys(i.symbol for i in insights))
        p_rows: list[list[float]] = []
        q_values: list[float] = []
        for _, group in groupby(insights, key=lambda i: i.source_model):
            group = list(group)
            magnitudes = [abs(i.magnitude or 0.0) for i in group]
            up = sum(m for i, m in zip(group, magnitudes, strict=True) if _is(i, 1))
            down = sum(m for i, m in zip(group, magnitudes, strict=True) if _is(i, -1))
            view = up if up > down else down
            if view == 0:
                continue
            row = {
                i.symbol: int(i.direction) * m / view
                for i, m in zip(group, magnitudes, strict=True)
            }
            p_rows.append([row.get(s, 0.0) for s in symbols])
            q_values.append(view)
        if not q_values:
            return None, None
        return np.array(p_rows, dtype=float), np.array([[v] for v in q_values], dtype=float)

    ShouldCreateTargetForInsight = should_create_target_for_insight
    GetTargetInsights = get_target_insights
    DetermineTargetPercent = determine_target_percent
    OnSecuritiesChanged = on_securities_changed


def _is(insight: Insight, direction: int) -> bool:
    return int(insight.direction) == int(InsightDirection(direction))
