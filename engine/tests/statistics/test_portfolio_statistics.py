"""LEAN's portfolio statistics formulas on small synthetic series, checked against hand formulas."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from decimal import Decimal
from statistics import NormalDist

import numpy as np
import pytest

from engine.statistics import (
    STATISTICS_KEYS,
    TransactionRecords,
    compute_statistics,
    drawdown_metrics,
    probabilistic_sharpe_ratio,
)
from engine.statistics.portfolio import kurtosis, skewness

D0 = datetime(2020, 1, 1, 5)


def day(n: float) -> datetime:
    return D0 + timedelta(days=n)


def _series(returns_pct: list[float], bench_levels: list[float], start: float = 100000.0):
    """Daily samples: day 0 (start, 0%), then one return per day; equity compounding the returns."""
    equity = [(day(0), start)]
    value = start
    for i, r in enumerate(returns_pct, start=1):
        value *= 1 + r / 100
        equity.append((day(i), value))
    performance = [(day(0), 0.0)] + [(day(i), r) for i, r in enumerate(returns_pct, start=1)]
    benchmark = [(day(i), b) for i, b in enumerate(bench_levels)]
    return equity, performance, benchmark


RETURNS = [0.5, 1.0, -2.0, 3.0, 0.0, -1.0, 1.5]  # percent; day-1 return is dropped by LEAN
BENCH = [100, 100.5, 101.0, 99.5, 102.0, 102.0, 101.0, 102.5]


@pytest.fixture
def stats() -> dict[str, str]:
    equity, performance, benchmark = _series(RETURNS, BENCH)
    summary, _, _ = compute_statistics(
        equity=equity,
        performance=performance,
        benchmark=benchmark,
        starting_capital=100000,
        risk_free_rate=0.0,
        total_orders=3,
        total_fees=Decimal("3.445"),
    )
    return summary


def _lists():
    r = np.array(RETURNS[1:]) / 100
    b = np.array(BENCH)
    bench = (b[1:] / b[:-1] - 1)[1:]
    return r, bench


def test_keys_and_order(stats: dict[str, str]) -> None:
    assert tuple(stats) == STATISTICS_KEYS
    assert stats["Total Orders"] == "3"
    assert stats["Total Fees"] == "$3.45"  # "0.00" format rounds half away from zero


def test_sharpe_sortino_variance(stats: dict[str, str]) -> None:
    r, _ = _lists()
    annual = (r.mean() + 1) ** 252 - 1
    var = r.var(ddof=1) * 252
    assert stats["Annual Variance"] == str(round(var, 3))
    assert stats["Annual Standard Deviation"] == str(round(math.sqrt(var), 3))
    assert stats["Sharpe Ratio"] == str(round(annual / math.sqrt(var), 3))
    downside = r[r < 0]
    assert stats["Sortino Ratio"] == str(round(annual / math.sqrt(downside.var(ddof=1) * 252), 3))


def test_beta_alpha_tracking_information_treynor(stats: dict[str, str]) -> None:
    r, b = _lists()
    beta = np.cov(r, b, ddof=1)[0, 1] / b.var(ddof=1)
    annual = (r.mean() + 1) ** 252 - 1
    bench_annual = (b.mean() + 1) ** 252 - 1
    te = math.sqrt((r - b).var(ddof=1) * 252)
    assert stats["Beta"] == str(round(beta, 3))
    assert stats["Alpha"] == str(round(annual - beta * bench_annual, 3))
    assert stats["Tracking Error"] == str(round(te, 3))
    assert stats["Information Ratio"] == str(round((annual - bench_annual) / te, 3))
    assert stats["Treynor Ratio"] == str(round(annual / beta, 3))


def test_psr_moments_formula() -> None:
    r = [0.01, -0.02, 0.015, 0.003, -0.004, 0.02]
    x = np.array(r)
    n = len(x)
    s = x.std(ddof=1)
    g3 = n / ((n - 1) * (n - 2)) * np.sum(((x - x.mean()) / s) ** 3)
    g4 = (n + 1) * n / ((n - 1) * (n - 2) * (n - 3)) * np.sum(((x - x.mean()) / s) ** 4) - 3 * (
        n - 1
    ) ** 2 / ((n - 2) * (n - 3))
    assert skewness(r) == pytest.approx(g3)
    assert kurtosis(r) == pytest.approx(g4)
    rf_daily = 0.01 / 252
    sr = (x.mean() - rf_daily) / s
    sigma = math.sqrt((1 - g3 * sr + (g4 - 1) / 4 * sr**2) / (n - 1))
    expected = NormalDist().cdf((sr - 1 / math.sqrt(252)) / sigma)
    assert probabilistic_sharpe_ratio(r, 1 / math.sqrt(252), rf_daily) == pytest.approx(expected)


def test_drawdown_and_recovery() -> None:
    equity = [
        (day(0), Decimal(100)),
        (day(1), Decimal(110)),
        (day(2), Decimal(99)),
        (day(3), Decimal(105)),
        (day(4.5), Decimal(110)),  # back to the peak: recovered after 3.5 days -> 3
        (day(6), Decimal(80)),  # deeper, never recovered: does not count
    ]
    dd, recovery = drawdown_metrics(equity[:5])
    assert dd == Decimal("0.100") and recovery == 3
    dd, recovery = drawdown_metrics(equity)
    assert dd == Decimal("0.273") and recovery == 3


def test_cagr_with_fractional_days_and_net_profit() -> None:
    equity = [(day(0), 100000), (day(1), 101000), (day(182.5), 110000)]
    performance = [(day(0), 0), (day(1), 1), (day(182.5), 0.5)]
    benchmark = [(day(0), 1), (day(1), 1), (day(182.5), 1)]
    # only 1 daily return after dropping two: ratios stay 0, but nothing else needs 2 points here
    summary, portfolio, _ = compute_statistics(
        equity=equity + [(day(182.6), 110000)],
        performance=performance + [(day(182.6), 0)],
        benchmark=benchmark + [(day(182.6), 1)],
        starting_capital=100000,
    )
    years = 182.6 / 365
    assert summary["Compounding Annual Return"] == f"{(1.1 ** (1 / years) - 1) * 100:.3f}%"
    assert summary["Net Profit"] == "10.0%"  # decimal 1.1 - 1 keeps scale 1, like .NET
    assert summary["Start Equity"] == "100000"
    assert summary["End Equity"] == "110000"
    assert portfolio["totalNetProfit"] == "0.1"


def test_too_few_points_leaves_ratios_at_zero() -> None:
    summary, _, _ = compute_statistics(
        equity=[(day(0), 100000), (day(1), 105000)],
        performance=[(day(0), 0), (day(1), 5)],
        benchmark=[(day(0), 1), (day(1), 2)],
        portfolio_turnover=[(day(1), Decimal("0.5"))],
        starting_capital=100000,
    )
    assert summary["Net Profit"] == "0%"
    assert summary["Sharpe Ratio"] == "0"
    assert summary["Drawdown"] == "0%"
    assert summary["End Equity"] == "105000"
    assert summary["Portfolio Turnover"] == "50.0%"  # decimal 0.5 x 100 keeps scale 1


def test_win_loss_expectancy_from_transaction_records() -> None:
    records = TransactionRecords()
    records.add(day(1), 202, 1)  # 200 after 2 x fee
    records.add(day(1), -98, 1)  # -100; same time: bumped by 1 ms
    records.add(day(2), 52, 1)
    records.add(day(3), -48, 1)
    assert len(records.records) == 4 and records.winning == 2 and records.losing == 2
    equity, performance, benchmark = _series(RETURNS, BENCH, 10000)
    summary, portfolio, _ = compute_statistics(
        equity=equity,
        performance=performance,
        benchmark=benchmark,
        profit_loss=records,
        starting_capital=10000,
        risk_free_rate=0.0,
    )
    wins = [200 / 10000, 50 / 10100]
    losses = [-100 / 10200, -50 / 10150]
    avg_win, avg_loss = sum(wins) / 2, sum(losses) / 2
    plr = avg_win / abs(avg_loss)
    assert summary["Average Win"] == f"{avg_win * 100:.2f}%"
    assert summary["Average Loss"] == f"{avg_loss * 100:.2f}%"
    assert summary["Profit-Loss Ratio"] == f"{plr:.2f}"
    assert summary["Win Rate"] == "50%" and summary["Loss Rate"] == "50%"
    assert summary["Expectancy"] == f"{0.5 * plr - 0.5:.3f}"


def test_expectancy_with_no_win_counted_prints_without_decimals() -> None:
    # option exercises count as losses (the win/loss counters), while the profit-loss records
    # still hold a win: Win Rate 0 x a 28-digit Profit-Loss Ratio is a plain 0 in System.Decimal,
    # so Expectancy is 0 - 1 = "-1" (LEAN's OptionExerciseAssignRegressionAlgorithm)
    records = TransactionRecords()
    records.add_record(day(1), 300, is_win=False)
    records.add_record(day(2), -320, is_win=False)
    equity, performance, benchmark = _series(RETURNS, BENCH, 100000)
    summary, _, _ = compute_statistics(
        equity=equity,
        performance=performance,
        benchmark=benchmark,
        profit_loss=records,
        starting_capital=100000,
        risk_free_rate=0.0,
    )
    assert summary["Win Rate"] == "0%" and summary["Loss Rate"] == "100%"
    assert summary["Profit-Loss Ratio"] != "0"
    assert summary["Expectancy"] == "-1"


def test_risk_free_rate_is_averaged_over_equity_timestamps() -> None:
    equity, performance, benchmark = _series(RETURNS, BENCH)

    def rate(d):
        return 0.02 if d >= day(4).date() else 0.0

    with_rate, _, _ = compute_statistics(
        equity=equity,
        performance=performance,
        benchmark=benchmark,
        starting_capital=100000,
        risk_free_rate=rate,
    )
    r, _ = _lists()
    annual = (r.mean() + 1) ** 252 - 1
    rf = 0.02 * 4 / 8  # 4 of the 8 equity timestamps are on/after day 4
    assert with_rate["Sharpe Ratio"] == str(
        round((annual - rf) / (r.std(ddof=1) * math.sqrt(252)), 3)
    )


def test_portfolio_turnover_is_the_mean_of_samples() -> None:
    equity, performance, benchmark = _series(RETURNS, BENCH)
    turnover = [(day(1), Decimal("0.9966")), (day(2), Decimal(0)), (day(3), Decimal(0))]
    summary, _, _ = compute_statistics(
        equity=equity,
        performance=performance,
        benchmark=benchmark,
        portfolio_turnover=turnover,
        starting_capital=100000,
    )
    assert summary["Portfolio Turnover"] == "33.22%"
