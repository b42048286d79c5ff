"""Portfolio optimizers (LEAN Algorithm.Framework/Portfolio/*PortfolioOptimizer.py): ``optimize(
historical_returns, expected_returns=None, covariance=None)`` -> weights, one per column of the
returns frame. Solved with scipy (SLSQP, Newton-CG) as LEAN's Python optimizers are."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


def minimize(*args: Any, **kwargs: Any) -> Any:
    """``scipy.optimize.minimize``, imported on first use (scipy.optimize takes ~0.3 s to import,
    which every algorithm would pay through AlgorithmImports)."""
    from scipy.optimize import minimize as scipy_minimize

    return scipy_minimize(*args, **kwargs)


def _variance(weights: np.ndarray, covariance: Any, owner: str) -> float:
    variance = float(np.dot(weights.T, np.dot(covariance, weights)))
    if variance == 0 and np.any(weights):
        raise ValueError(
            f"{owner}.portfolio_variance: Volatility cannot be zero. Weights: {weights}"
        )
    return variance


def _moments(historical_returns: pd.DataFrame, expected_returns: Any, covariance: Any):
    """(expected returns, covariance): the given ones, else the returns' mean and covariance."""
    if expected_returns is None:
        expected_returns = historical_returns.mean()
    if covariance is None:
        covariance = historical_returns.cov()
    return expected_returns, covariance


class MinimumVariancePortfolioOptimizer:
    """Least portfolio variance with weights in [minimum, maximum], summing to 1 and returning
    ``target_return`` (LEAN MinimumVariancePortfolioOptimizer.py); the weights are then scaled so
    their absolute values sum to 1; the equal-weight start point if SLSQP fails."""

    def __init__(
        self, minimum_weight: float = -1, maximum_weight: float = 1, target_return: float = 0.02
    ) -> None:
        self.minimum_weight = minimum_weight
        self.maximum_weight = maximum_weight
        self.target_return = target_return

    def optimize(
        self, historical_returns: pd.DataFrame, expected_returns: Any = None, covariance: Any = None
    ) -> np.ndarray:
        expected_returns, covariance = _moments(historical_returns, expected_returns, covariance)
        size = historical_returns.columns.size
        x0 = np.array(size * [1.0 / size])
        expected = np.asarray(expected_returns, dtype=float)
        constraints = [
            {"type": "eq", "fun": lambda w: np.sum(w) - 1},
            {"type": "eq", "fun": lambda w: float(expected @ w) - self.target_return},
        ]
        opt = minimize(
            lambda w: _variance(w, covariance, type(self).__name__),
            x0,
            bounds=tuple((self.minimum_weight, self.maximum_weight) for _ in range(size)),
            constraints=constraints,
            method="SLSQP",
        )
        if not opt["success"]:
            return x0
        return opt["x"] / np.sum(np.abs(opt["x"]))

    Optimize = optimize


class MaximumSharpeRatioPortfolioOptimizer:
    """Largest (return - risk-free) / volatility with weights in [minimum, maximum] summing to 1
    (LEAN MaximumSharpeRatioPortfolioOptimizer.py)."""

    def __init__(
        self, minimum_weight: float = -1, maximum_weight: float = 1, risk_free_rate: float = 0
    ) -> None:
        self.minimum_weight = minimum_weight
        self.maximum_weight = maximum_weight
        self.risk_free_rate = risk_free_rate

    def optimize(
        self, historical_returns: pd.DataFrame, expected_returns: Any = None, covariance: Any = None
    ) -> np.ndarray:
        expected_returns, covariance = _moments(historical_returns, expected_returns, covariance)
        excess = np.asarray(expected_returns, dtype=float) - self.risk_free_rate
        size = np.shape(covariance)[0]
        x0 = np.array(size * [1.0 / size])
        name = type(self).__name__
        opt = minimize(
            lambda w: -float(excess @ w) / np.sqrt(_variance(w, covariance, name)),
            x0,
            bounds=tuple((self.minimum_weight, self.maximum_weight) for _ in range(size)),
            constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1}],
            method="SLSQP",
        )
        return opt["x"] if opt["success"] else x0

    Optimize = optimize


class UnconstrainedMeanVariancePortfolioOptimizer:
    """``expected_returns . inverse(covariance)`` (LEAN UnconstrainedMeanVariancePortfolioOptimizer.py)."""

    def optimize(
        self, historical_returns: pd.DataFrame, expected_returns: Any = None, covariance: Any = None
    ) -> np.ndarray:
        expected_returns, covariance = _moments(historical_returns, expected_returns, covariance)
        return np.asarray(expected_returns, dtype=float) @ np.linalg.inv(np.asarray(covariance))

    Optimize = optimize


class RiskParityPortfolioOptimizer:
    """Weights whose risk contributions follow ``budget`` (equal by default): minimise
    ``0.5 w'Σw - budget' log(w)`` with Newton-CG, normalise to sum 1 and clip to [minimum, maximum]
    (LEAN RiskParityPortfolioOptimizer.py)."""

    def __init__(self, minimum_weight: float = 1e-05, maximum_weight: float = sys.float_info.max):
        self.minimum_weight = minimum_weight if minimum_weight >= 1e-05 else 1e-05
        self.maximum_weight = maximum_weight if maximum_weight >= minimum_weight else minimum_weight

    def optimize(
        self, historical_returns: pd.DataFrame, budget: Any = None, covariance: Any = None
    ) -> np.ndarray:
        if covariance is None:
            covariance = np.cov(np.asarray(historical_returns, dtype=float).T)
        covariance = np.atleast_2d(np.asarray(covariance, dtype=float))
        size = historical_returns.columns.size
        x0 = np.array(size * [1.0 / size])
        budget = np.asarray(budget, dtype=float) if budget is not None else x0
        solver = minimize(
            lambda w: 0.5 * w.T @ covariance @ w - budget.T @ np.log(w),
            x0=x0,
            jac=lambda w: covariance @ w - budget / w,
            hess=lambda w: covariance + np.diag((budget / w**2).flatten()),
            method="Newton-CG",
        )
        if not solver["success"]:
            return x0
        return np.clip(solver["x"] / np.sum(solver["x"]), self.minimum_weight, self.maximum_weight)

    Optimize = optimize
