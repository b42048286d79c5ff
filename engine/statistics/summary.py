"""The summary statistics (StatisticsBuilder.Generate / GetSummary) and the runtime statistics."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from .formatting import (
    DECIMAL_CONTEXT,
    dec,
    format_decimal,
    format_double,
    format_n2,
    format_percent_p,
    net_round,
    round_double,
    round_significant,
)
from .portfolio import PortfolioStatistics
from .sampler import SampledSeries
from .trade_statistics import TradeStatistics
from .trades import Trade

__all__ = [
    "STATISTICS_KEYS",
    "compute_statistics_values",
    "TransactionRecords",
    "compute_statistics",
    "format_capacity",
    "runtime_statistics",
]

#: LEAN's summary keys, in LEAN's order (OrderListHash is test-only and not produced).
STATISTICS_KEYS = (
    "Total Orders",
    "Average Win",
    "Average Loss",
    "Compounding Annual Return",
    "Drawdown",
    "Expectancy",
    "Start Equity",
    "End Equity",
    "Net Profit",
    "Sharpe Ratio",
    "Sortino Ratio",
    "Probabilistic Sharpe Ratio",
    "Loss Rate",
    "Win Rate",
    "Profit-Loss Ratio",
    "Alpha",
    "Beta",
    "Annual Standard Deviation",
    "Annual Variance",
    "Information Ratio",
    "Tracking Error",
    "Treynor Ratio",
    "Total Fees",
    "Estimated Strategy Capacity",
    "Lowest Capacity Asset",
    "Portfolio Turnover",
    "Drawdown Recovery",
)

Number = float | int | Decimal


@dataclass
class TransactionRecords:
    """LEAN's ``Transactions.TransactionRecord`` plus the win/loss transaction counters.

    Call :meth:`add` for every fill that reduces or closes a position, with the realized profit of
    the closed part and the fill's fee (account currency): the record is ``profit - 2 x fee``,
    keyed by fill time bumped by 1 ms on collisions.
    """

    records: dict[datetime, Decimal] = field(default_factory=dict)
    winning: int = 0
    losing: int = 0

    def add(
        self, time: datetime, realized_profit: Number, fee: Number, is_win: bool | None = None
    ) -> None:
        value = dec(realized_profit) - 2 * dec(fee)
        self.add_record(time, value, value > 0 if is_win is None else is_win)

    def add_record(self, time: datetime, value: Number, is_win: bool) -> None:
        while time in self.records:
            time = time + timedelta(milliseconds=1)
        self.records[time] = dec(value)
        if is_win:
            self.winning += 1
        else:
            self.losing += 1

    def items(self) -> list[tuple[datetime, Decimal]]:
        return sorted(self.records.items())

    def to_json(self) -> dict[str, float]:
        """``profitLossTransactions``: ISO UTC time -> value."""
        from .trades import iso_utc

        return {iso_utc(t): float(v) for t, v in self.items()}


def merge_points(points: Iterable[tuple[datetime, Number]]) -> list[tuple[datetime, Decimal]]:
    merged: dict[datetime, Decimal] = {}
    for time, value in points:
        merged[time] = dec(value)
    return sorted(merged.items())


def align_returns(
    performance: list[tuple[datetime, Decimal]], benchmark: list[tuple[datetime, Decimal]]
) -> tuple[list[float], list[float]]:
    """listPerformance (returns without the first two samples) and listBenchmark (changes without the first)."""
    with localcontext(DECIMAL_CONTEXT):
        perf = [float(v / 100) for _, v in performance[2:]]
        changes: list[float] = []
        for (_, prev), (_, cur) in zip(benchmark, benchmark[1:], strict=False):
            changes.append(0.0 if prev == 0 else float((cur - prev) / prev))
        bench = changes[1:]
    while len(perf) < len(bench):
        perf.append(0.0)
    while len(bench) < len(perf):
        bench.append(0.0)
    return perf, bench


def format_capacity(capacity: Number | None, currency_symbol: str = "$") -> str:
    """The account currency's symbol + ``capacity.RoundToSignificantDigits(2)``
    (``"$56000000.00"``, ``"$0"``, ``"€85000.00"``)."""
    if capacity is None:
        return currency_symbol + "0"
    return currency_symbol + format_decimal(round_significant(dec(capacity), 2))


def _pct(value: Decimal, digits: int) -> str:
    return format_decimal(net_round(value * 100, digits)) + "%"


def _dbl(value: Decimal) -> str:
    return format_double(round_double(float(value), 3))


def compute_statistics(**kwargs: Any) -> tuple[dict[str, str], dict[str, str], dict]:
    """LEAN's summary statistics, portfolio statistics and trade statistics (the arguments of
    :func:`compute_statistics_values`, whose numeric summary this leaves out)."""
    summary, _values, portfolio, trades = compute_statistics_values(**kwargs)
    return summary, portfolio, trades


def compute_statistics_values(
    *,
    sampled: SampledSeries | None = None,
    equity: Sequence[tuple[datetime, Number]] = (),
    performance: Sequence[tuple[datetime, Number]] = (),
    benchmark: Sequence[tuple[datetime, Number]] = (),
    portfolio_turnover: Sequence[tuple[datetime, Number]] = (),
    profit_loss: TransactionRecords | Sequence[tuple[datetime, Number]] = (),
    win_count: int | None = None,
    loss_count: int | None = None,
    closed_trades: Sequence[Trade] = (),
    total_orders: int = 0,
    total_fees: Number = 0,
    starting_capital: Number = 0,
    risk_free_rate: Callable[[date], float] | float | None = None,
    trading_days_per_year: int = 252,
    capacity: Number | None = None,
    lowest_capacity_asset: str | None = "",
    currency_symbol: str = "$",
) -> tuple[dict[str, str], dict[str, str], dict]:
    """LEAN's summary statistics, portfolio statistics and trade statistics.

    Series come from ``sampled`` (:attr:`ResultSampler.series`) or the explicit arguments:
    ``equity`` (time, TPV) with the intraday resample points, ``performance`` (time, daily return in
    PERCENT), ``benchmark`` (time, benchmark level), ``portfolio_turnover`` (time, fraction).
    ``profit_loss``: :class:`TransactionRecords` (its win/loss counters are used) or (time, value)
    pairs with ``win_count``/``loss_count``. ``risk_free_rate``: callable date -> annual rate
    (e.g. the interest-rate file reader), a constant, or None for LEAN's 0.01 fallback.
    ``capacity``: :attr:`CapacityEstimate.capacity`; ``lowest_capacity_asset``: its SID string.

    Returns ``(statistics, values, portfolio_statistics_json, trade_statistics_json)``:
    ``values`` holds every summary statistic as a number, rounded as its string is, in the same
    unit (percent where the string ends with "%"), under the camelCase of its name
    (``"Net Profit"`` -> ``netProfit``, ``"Profit-Loss Ratio"`` -> ``profitLossRatio``);
    ``lowestCapacityAsset`` stays a string.
    """
    if sampled is not None:
        equity = sampled.equity
        performance = sampled.performance
        benchmark = sampled.benchmark
        portfolio_turnover = sampled.portfolio_turnover
    if isinstance(profit_loss, TransactionRecords):
        if win_count is None and loss_count is None:
            win_count, loss_count = profit_loss.winning, profit_loss.losing
        pl_items = profit_loss.items()
    else:
        pl_items = merge_points(profit_loss)

    equity_pts = merge_points(equity)
    perf, bench = align_returns(merge_points(performance), merge_points(benchmark))
    turnover = [v for _, v in merge_points(portfolio_turnover)]
    stats = PortfolioStatistics(
        pl_items,
        equity_pts,
        turnover,
        perf,
        bench,
        dec(starting_capital),
        risk_free_rate,
        trading_days_per_year,
        win_count,
        loss_count,
    )
    trades = TradeStatistics(list(closed_trades))
    fees = dec(total_fees)
    with localcontext(DECIMAL_CONTEXT):
        summary = {
            "Total Orders": str(int(total_orders)),
            "Average Win": _pct(stats.average_win_rate, 2),
            "Average Loss": _pct(stats.average_loss_rate, 2),
            "Compounding Annual Return": _pct(stats.compounding_annual_return, 3),
            "Drawdown": _pct(stats.drawdown, 3),
            "Expectancy": format_decimal(net_round(stats.expectancy, 3)),
            "Start Equity": format_decimal(net_round(stats.start_equity, 2)),
            "End Equity": format_decimal(net_round(stats.end_equity, 2)),
            "Net Profit": _pct(stats.total_net_profit, 3),
            "Sharpe Ratio": _dbl(stats.sharpe_ratio),
            "Sortino Ratio": _dbl(stats.sortino_ratio),
            "Probabilistic Sharpe Ratio": _pct(stats.probabilistic_sharpe_ratio, 3),
            "Loss Rate": _pct(stats.loss_rate, 0),
            "Win Rate": _pct(stats.win_rate, 0),
            "Profit-Loss Ratio": format_decimal(net_round(stats.profit_loss_ratio, 2)),
            "Alpha": _dbl(stats.alpha),
            "Beta": _dbl(stats.beta),
            "Annual Standard Deviation": _dbl(stats.annual_standard_deviation),
            "Annual Variance": _dbl(stats.annual_variance),
            "Information Ratio": _dbl(stats.information_ratio),
            "Tracking Error": _dbl(stats.tracking_error),
            "Treynor Ratio": _dbl(stats.treynor_ratio),
            # money in the account currency (LEAN's StatisticsBuilder formats both with its
            # symbol)
            "Total Fees": currency_symbol
            + format_decimal(fees.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
            "Estimated Strategy Capacity": format_capacity(capacity, currency_symbol),
            "Lowest Capacity Asset": lowest_capacity_asset or "",
            "Portfolio Turnover": _pct(stats.portfolio_turnover, 2),
            "Drawdown Recovery": str(stats.drawdown_recovery),
        }
        capacity_value = round_significant(dec(capacity), 2) if capacity is not None else 0
        values: dict[str, float | int | str | None] = {
            "totalOrders": int(total_orders),
            "averageWin": _num(stats.average_win_rate * 100, 2),
            "averageLoss": _num(stats.average_loss_rate * 100, 2),
            "compoundingAnnualReturn": _num(stats.compounding_annual_return * 100, 3),
            "drawdown": _num(stats.drawdown * 100, 3),
            "expectancy": _num(stats.expectancy, 3),
            "startEquity": _num(stats.start_equity, 2),
            "endEquity": _num(stats.end_equity, 2),
            "netProfit": _num(stats.total_net_profit * 100, 3),
            "sharpeRatio": round_double(float(stats.sharpe_ratio), 3),
            "sortinoRatio": round_double(float(stats.sortino_ratio), 3),
            "probabilisticSharpeRatio": _num(stats.probabilistic_sharpe_ratio * 100, 3),
            "lossRate": _num(stats.loss_rate * 100, 0),
            "winRate": _num(stats.win_rate * 100, 0),
            "profitLossRatio": _num(stats.profit_loss_ratio, 2),
            "alpha": round_double(float(stats.alpha), 3),
            "beta": round_double(float(stats.beta), 3),
            "annualStandardDeviation": round_double(float(stats.annual_standard_deviation), 3),
            "annualVariance": round_double(float(stats.annual_variance), 3),
            "informationRatio": round_double(float(stats.information_ratio), 3),
            "trackingError": round_double(float(stats.tracking_error), 3),
            "treynorRatio": round_double(float(stats.treynor_ratio), 3),
            "totalFees": float(fees.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
            "estimatedStrategyCapacity": float(capacity_value),
            "lowestCapacityAsset": lowest_capacity_asset or "",
            "portfolioTurnover": _num(stats.portfolio_turnover * 100, 2),
            "drawdownRecovery": int(stats.drawdown_recovery),
        }
    for key, value in values.items():  # JSON has no NaN or infinity
        if isinstance(value, float) and not math.isfinite(value):
            values[key] = None
    return summary, values, stats.to_json(), trades.to_json()


def _num(value: Decimal, digits: int) -> float:
    """The number a summary string shows (LEAN's ``Math.Round`` to ``digits``)."""
    return float(net_round(value, digits))


def runtime_statistics(
    *,
    total_portfolio_value: Number,
    total_fees: Number,
    holdings_value: Number,
    net_profit: Number,
    unrealized_profit: Number,
    total_sale_volume: Number,
    starting_value: Number,
    probabilistic_sharpe_ratio: str | None = None,
    custom: dict[str, str] | None = None,
) -> dict[str, str]:
    """LEAN's runtime banner statistics (``GetAlgorithmRuntimeStatistics``).

    ``holdings_value``: sum of absolute holdings values; ``net_profit``: sum of holdings net profit
    (realized + dividends - fees); ``probabilistic_sharpe_ratio``: the summary's string if any;
    ``custom``: ``set_runtime_statistic`` keys, added after LEAN's own.
    """
    tpv = dec(total_portfolio_value)
    start = dec(starting_value)
    with localcontext(DECIMAL_CONTEXT):
        ret = (tpv - start) / start if start != 0 else Decimal(0)
    out = {
        "Equity": "$" + format_n2(tpv),
        "Fees": "-$" + format_n2(dec(total_fees)),
        "Holdings": "$" + format_n2(dec(holdings_value)),
        "Net Profit": "$" + format_n2(dec(net_profit)),
        "Probabilistic Sharpe Ratio": probabilistic_sharpe_ratio or "0%",
        "Return": format_percent_p(ret),
        "Unrealized": "$" + format_n2(dec(unrealized_profit)),
        "Volume": "$" + format_n2(dec(total_sale_volume)),
    }
    if custom:
        out.update(custom)
    return out
