"""LEAN's PortfolioStatistics (Common/Statistics/PortfolioStatistics.cs, Statistics.cs).

Inputs are already aligned daily series (see :func:`engine.statistics.summary.compute_statistics`):
``performance`` and ``benchmark`` are daily fractional returns, ``equity`` the (time, value)
equity series including intraday resample points. LEAN's types are mirrored: money and rates in
:class:`~decimal.Decimal`, volatility maths in floats (``double``), cast back with 15 significant
digits where LEAN casts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal, localcontext
from statistics import NormalDist

import numpy as np

from .formatting import DECIMAL_CONTEXT, format_decimal, net_multiply, net_round, to_decimal

__all__ = [
    "PortfolioStatistics",
    "annual_performance",
    "annual_variance",
    "average_risk_free_rate",
    "drawdown_metrics",
    "kurtosis",
    "probabilistic_sharpe_ratio",
    "skewness",
]

RiskFreeRate = Callable[[date], float]


# --- MathNet-equivalent sample moments ---------------------------------------------------------
def _variance(values: Sequence[float]) -> float:
    """MathNet ``Variance()``: sample variance, NaN below 2 values."""
    if len(values) < 2:
        return math.nan
    return float(np.var(np.asarray(values, dtype=float), ddof=1))


def _std(values: Sequence[float]) -> float:
    v = _variance(values)
    return math.sqrt(v) if not math.isnan(v) else math.nan


def _covariance(a: Sequence[float], b: Sequence[float]) -> float:
    if len(a) < 2 or len(a) != len(b):
        return math.nan
    return float(np.cov(np.asarray(a, dtype=float), np.asarray(b, dtype=float), ddof=1)[0, 1])


def skewness(values: Sequence[float]) -> float:
    """MathNet ``Skewness()``: bias-adjusted sample skewness, NaN below 3 values."""
    n = len(values)
    if n < 3:
        return math.nan
    x = np.asarray(values, dtype=float)
    s = x.std(ddof=1)
    if s == 0:
        return math.nan
    return float(n / ((n - 1) * (n - 2)) * np.sum(((x - x.mean()) / s) ** 3))


def kurtosis(values: Sequence[float]) -> float:
    """MathNet ``Kurtosis()``: bias-adjusted sample EXCESS kurtosis, NaN below 4 values."""
    n = len(values)
    if n < 4:
        return math.nan
    x = np.asarray(values, dtype=float)
    s = x.std(ddof=1)
    if s == 0:
        return math.nan
    m4 = np.sum(((x - x.mean()) / s) ** 4)
    return float(
        (n + 1) * n / ((n - 1) * (n - 2) * (n - 3)) * m4 - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    )


def _nan_or_zero(value: float) -> bool:
    return math.isnan(value) or value == 0


# --- Statistics.cs ------------------------------------------------------------------------------
def annual_performance(returns: Sequence[float], trading_days_per_year: int) -> float:
    """``(mean(r) + 1) ** N - 1``."""
    return (float(np.mean(returns)) + 1) ** trading_days_per_year - 1


def annual_variance(returns: Sequence[float], trading_days_per_year: int) -> float:
    v = _variance(returns)
    return 0.0 if _nan_or_zero(v) else v * trading_days_per_year


def probabilistic_sharpe_ratio(
    returns: Sequence[float], benchmark_sharpe: float, risk_free_daily: float = 0.0
) -> float:
    """LEAN's PSR: excess kurtosis plugged into ``(k - 1) / 4`` as LEAN does."""
    std = _std(returns)
    observed = 0.0 if _nan_or_zero(std) else (float(np.mean(returns)) - risk_free_daily) / std
    g3 = skewness(returns)
    g4 = kurtosis(returns)
    radicand = (1 - g3 * observed + ((g4 - 1) / 4) * observed**2) / (len(returns) - 1)
    if math.isnan(radicand) or radicand < 0:
        return 0.0
    sigma = math.sqrt(radicand)
    value = 0.0 if _nan_or_zero(sigma) else (observed - benchmark_sharpe) / sigma
    return NormalDist().cdf(value)


def average_risk_free_rate(rate: RiskFreeRate | float | None, times: Sequence[datetime]) -> Decimal:
    """Mean of the daily risk-free rate over the equity timestamps (``GetAverageRiskFreeRate``)."""
    if rate is None:
        rate = 0.01
    if not callable(rate):
        return to_decimal(float(rate))
    if not times:
        return Decimal(0)
    # the rate is a function of the day (LEAN's IRiskFreeInterestRateModel.GetInterestRate), and
    # thousands of equity points share a few hundred days: each day's rate is looked up once; the
    # sum still runs over every point in order, so the mean is the same decimal
    by_day: dict[date, Decimal] = {}
    with localcontext(DECIMAL_CONTEXT):
        total = Decimal(0)
        for t in times:
            day = t.date() if isinstance(t, datetime) else t
            value = by_day.get(day)
            if value is None:
                value = by_day[day] = Decimal(str(rate(day)))
            total += value
        return total / len(times)


def drawdown_metrics(
    equity: Sequence[tuple[datetime, Decimal]], rounding: int = 3
) -> tuple[Decimal, int]:
    """(max drawdown as a fraction rounded to ``rounding`` dp, max recovery in whole days).

    A value >= the running peak resets the peak; a drawdown's recovery time runs from the peak
    where it began to the first value back at or above that peak; unrecovered drawdowns count 0.
    """
    if not equity:
        return Decimal(0), 0
    with localcontext(DECIMAL_CONTEXT):
        peak_time, peak = equity[0]
        worst = Decimal(0)
        in_drawdown = False
        recovery_days = 0.0
        for time, value in equity:
            if value >= peak:
                if in_drawdown:
                    recovery_days = max(recovery_days, (time - peak_time).total_seconds() / 86400)
                    in_drawdown = False
                peak, peak_time = value, time
            else:
                in_drawdown = True
            if peak > 0:
                worst = min(worst, value / peak - 1)
        return net_round(abs(worst), rounding), int(recovery_days)


class PortfolioStatistics:
    """Every field of LEAN's PortfolioStatistics; zeros when there is too little data."""

    FIELDS = (
        "average_win_rate",
        "average_loss_rate",
        "profit_loss_ratio",
        "win_rate",
        "loss_rate",
        "expectancy",
        "start_equity",
        "end_equity",
        "compounding_annual_return",
        "drawdown",
        "total_net_profit",
        "sharpe_ratio",
        "probabilistic_sharpe_ratio",
        "sortino_ratio",
        "alpha",
        "beta",
        "annual_standard_deviation",
        "annual_variance",
        "information_ratio",
        "tracking_error",
        "treynor_ratio",
        "portfolio_turnover",
        "value_at_risk_99",
        "value_at_risk_95",
        "drawdown_recovery",
    )

    def __init__(
        self,
        profit_loss: Sequence[tuple[datetime, Decimal]],
        equity: Sequence[tuple[datetime, Decimal]],
        portfolio_turnover: Sequence[Decimal],
        performance: list[float],
        benchmark: list[float],
        starting_capital: Decimal,
        risk_free_rate: RiskFreeRate | float | None = None,
        trading_days_per_year: int = 252,
        win_count: int | None = None,
        loss_count: int | None = None,
    ) -> None:
        for name in self.FIELDS:
            setattr(self, name, Decimal(0))
        self.drawdown_recovery = 0
        with localcontext(DECIMAL_CONTEXT):
            self._compute(
                profit_loss,
                equity,
                portfolio_turnover,
                performance,
                benchmark,
                starting_capital,
                risk_free_rate,
                trading_days_per_year,
                win_count,
                loss_count,
            )

    def _compute(
        self,
        profit_loss,
        equity,
        turnover,
        perf,
        bench,
        start,
        rf_model,
        n_days,
        win_count,
        loss_count,
    ) -> None:
        self.start_equity = start
        # a run that never received data has no equity sample: its portfolio never moved from
        # the starting value (LEAN reports End Equity = Start Equity for such runs)
        self.end_equity = equity[-1][1] if equity else start
        if turnover:
            self.portfolio_turnover = sum(turnover, Decimal(0)) / len(turnover)
        if start == 0 or len(bench) < 2 or len(perf) < 2:
            return

        running = start
        total_profit = total_loss = Decimal(0)
        wins = losses = 0
        for _, pl in profit_loss:
            if pl > 0:
                total_profit += pl / running
                wins += 1
            else:
                total_loss += pl / running
                losses += 1
            running += pl
        self.average_win_rate = Decimal(0) if wins == 0 else total_profit / wins
        self.average_loss_rate = Decimal(0) if losses == 0 else total_loss / losses
        self.profit_loss_ratio = (
            Decimal(0)
            if self.average_loss_rate == 0
            else self.average_win_rate / abs(self.average_loss_rate)
        )
        if win_count is not None and loss_count is not None:
            wins, losses = win_count, loss_count
        trades = wins + losses
        self.win_rate = Decimal(0) if trades == 0 else Decimal(wins) / trades
        self.loss_rate = Decimal(0) if trades == 0 else Decimal(losses) / trades
        self.expectancy = net_multiply(self.win_rate, self.profit_loss_ratio) - self.loss_rate

        end = self.end_equity
        self.total_net_profit = end / start - 1
        years = (equity[-1][0] - equity[0][0]).total_seconds() / 86400 / 365
        if years == 0:
            self.compounding_annual_return = Decimal(0)
        else:
            try:
                cagr = (float(end) / float(start)) ** (1 / years) - 1
            except (OverflowError, ZeroDivisionError):
                cagr = math.nan
            self.compounding_annual_return = (
                Decimal(0)
                if math.isnan(cagr) or math.isinf(cagr) or isinstance(cagr, complex)
                else to_decimal(cagr)
            )
        self.drawdown, self.drawdown_recovery = drawdown_metrics(equity, 3)

        self.annual_variance = to_decimal(annual_variance(perf, n_days))
        self.annual_standard_deviation = to_decimal(math.sqrt(float(self.annual_variance)))
        benchmark_annual = to_decimal(annual_performance(bench, n_days))
        annual = to_decimal(annual_performance(perf, n_days))
        rf = average_risk_free_rate(rf_model, [t for t, _ in equity])

        std = self.annual_standard_deviation
        self.sharpe_ratio = (
            Decimal(0) if std == 0 else to_decimal((float(annual) - float(rf)) / float(std))
        )
        downside = [r for r in perf if r < 0]
        downside_std = to_decimal(math.sqrt(annual_variance(downside, n_days)))
        self.sortino_ratio = (
            Decimal(0)
            if downside_std == 0
            else to_decimal((float(annual) - float(rf)) / float(downside_std))
        )
        bench_var = _variance(bench)
        self.beta = (
            Decimal(0)
            if _nan_or_zero(bench_var)
            else to_decimal(_covariance(perf, bench) / bench_var)
        )
        self.alpha = (
            Decimal(0) if self.beta == 0 else annual - (rf + self.beta * (benchmark_annual - rf))
        )
        if len(perf) == len(bench):
            diff = [p - b for p, b in zip(perf, bench, strict=True)]
            self.tracking_error = to_decimal(math.sqrt(annual_variance(diff, n_days)))
        self.information_ratio = (
            Decimal(0)
            if self.tracking_error == 0
            else (annual - benchmark_annual) / self.tracking_error
        )
        self.treynor_ratio = Decimal(0) if self.beta == 0 else (annual - rf) / self.beta
        benchmark_sharpe = 1.0 / math.sqrt(n_days)
        self.probabilistic_sharpe_ratio = to_decimal(
            probabilistic_sharpe_ratio(perf, benchmark_sharpe, float(rf) / n_days)
        )
        self.value_at_risk_99 = _value_at_risk(perf, n_days, 0.99)
        self.value_at_risk_95 = _value_at_risk(perf, n_days, 0.95)

    def to_json(self) -> dict[str, str]:
        """API v2 ``portfolioStatistics``: values rounded to 4 dp (JsonRoundingConverter), as strings."""
        out: dict[str, str] = {}
        for name in self.FIELDS:
            key = _camel(name)
            value = getattr(self, name)
            out[key] = str(value) if isinstance(value, int) else format_decimal(net_round(value, 4))
        return out


def _value_at_risk(perf: list[float], lookback: int, confidence: float) -> Decimal:
    period = perf[-lookback:]
    mean = float(np.mean(period))
    std = _std(period)
    if math.isnan(std):
        return Decimal(0)
    value = mean if std == 0 else NormalDist(mean, std).inv_cdf(1 - confidence)
    return net_round(to_decimal(value), 3)


def _camel(name: str) -> str:
    special = {"value_at_risk_99": "valueAtRisk99", "value_at_risk_95": "valueAtRisk95"}
    if name in special:
        return special[name]
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)
