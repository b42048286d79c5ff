"""Rolling performances over 1, 3, 6 and 12 month windows (LEAN's StatisticsBuilder.GetRollingPerformances).

Each window ends on a month end (the last one on the backtest's last day) and is keyed
``M{months}_{yyyyMMdd of its end}``; its value holds the portfolio and trade statistics computed
on that window's slice of the equity, performance, benchmark and turnover series, its closed
trades and its profit-loss records, as LEAN's Common/Statistics/AlgorithmPerformance.cs does.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from decimal import Decimal
from typing import Any

from .portfolio import PortfolioStatistics
from .sampler import SampledSeries
from .summary import Number, align_returns, merge_points
from .trade_statistics import TradeStatistics
from .trades import Trade

__all__ = ["ROLLING_MONTHS", "algorithm_performance", "period_ranges", "rolling_performances"]

#: the window lengths LEAN computes, in months
ROLLING_MONTHS = (1, 3, 6, 12)


def first_of_month_back(day: date, months: int) -> date:
    """The first day of the month ``months`` before ``day``'s month."""
    index = day.year * 12 + (day.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


def period_ranges(months: int, first: date, last: date) -> list[tuple[date, date]]:
    """The (start, end) dates of each window of ``months`` months, oldest first.

    Window ends are the month ends between ``first`` and ``last`` and ``last`` itself; each window
    starts ``months`` months before the day after its end, clipped to ``first`` (so the first and
    last windows may be partial), as LEAN's ``GetPeriodRanges``.
    """
    if months < 1:
        raise ValueError(f"A rolling window needs at least one month, not {months}.")
    ends: list[date] = []
    day = last
    while True:
        ends.append(day)
        day = day.replace(day=1) - timedelta(days=1)
        if day < first:
            break
    ranges = [(first, ends[-1])]
    for end in reversed(ends[:-1]):
        start = first_of_month_back(ranges[-1][1] + timedelta(days=1), months - 1)
        ranges.append((max(start, first), end))
    return ranges


def point_time(point: tuple[datetime, Decimal]) -> datetime:
    return point[0]


def window_slice(
    points: list[tuple[datetime, Decimal]], start: date, end: date
) -> list[tuple[datetime, Decimal]]:
    """The points of time-sorted ``points`` dated ``start`` to ``end`` (both included)."""
    low = bisect_left(points, datetime.combine(start, time_of_day.min), key=point_time)
    high = bisect_left(
        points, datetime.combine(end + timedelta(days=1), time_of_day.min), key=point_time
    )
    return points[low:high]


@dataclass
class MergedRun:
    """A run's series and records merged and sorted once, for slicing into many windows."""

    equity: list[tuple[datetime, Decimal]]
    performance: list[tuple[datetime, Decimal]]
    benchmark: list[tuple[datetime, Decimal]]
    turnover: list[tuple[datetime, Decimal]]
    profit_loss: list[tuple[datetime, Decimal]]
    trades: list[Trade]  # closed trades, by exit time
    trades_json: dict[int, dict] = field(default_factory=dict)

    def trade_json(self, trade: Trade) -> dict:
        """A closed trade's JSON, built once: a trade falls in up to 22 windows."""
        built = self.trades_json.get(id(trade))
        if built is None:
            built = self.trades_json[id(trade)] = trade.to_json()
        return built

    def trades_between(self, start: date, end: date) -> list[Trade]:
        """The trades that closed on the days ``start`` to ``end`` (both included)."""
        low = bisect_left(self.trades, datetime.combine(start, time_of_day.min), key=exit_time)
        high = bisect_left(
            self.trades, datetime.combine(end + timedelta(days=1), time_of_day.min), key=exit_time
        )
        return self.trades[low:high]

    @classmethod
    def of(
        cls,
        sampled: SampledSeries,
        profit_loss: Sequence[tuple[datetime, Number]],
        closed_trades: Sequence[Trade],
    ) -> MergedRun:
        return cls(
            merge_points(sampled.equity),
            merge_points(sampled.performance),
            merge_points(sampled.benchmark),
            merge_points(sampled.portfolio_turnover),
            merge_points(profit_loss),
            sorted((t for t in closed_trades if t.exit_time is not None), key=exit_time),
        )


def exit_time(trade: Trade) -> datetime:
    return trade.exit_time  # type: ignore[return-value]


def algorithm_performance(
    *,
    start: date,
    end: date,
    sampled: SampledSeries,
    profit_loss: Sequence[tuple[datetime, Number]],
    closed_trades: Sequence[Trade],
    starting_capital: Number,
    risk_free_rate: Callable[[date], float] | float | None = None,
    trading_days_per_year: int = 252,
) -> dict[str, Any]:
    """The statistics of the days ``start`` to ``end`` (both included): LEAN's
    ``GetAlgorithmPerformance`` as JSON (``tradeStatistics``, ``portfolioStatistics``,
    ``closedTrades``). Empty statistics when no equity was sampled in the window."""
    return window_performance(
        MergedRun.of(sampled, profit_loss, closed_trades),
        start,
        end,
        starting_capital=starting_capital,
        risk_free_rate=risk_free_rate,
        trading_days_per_year=trading_days_per_year,
    )


def window_performance(
    run: MergedRun,
    start: date,
    end: date,
    *,
    starting_capital: Number,
    risk_free_rate: Callable[[date], float] | float | None,
    trading_days_per_year: int,
) -> dict[str, Any]:
    window_equity = window_slice(run.equity, start, end)
    if not window_equity:
        return {
            "tradeStatistics": TradeStatistics([]).to_json(),
            "portfolioStatistics": PortfolioStatistics([], [], [], [], [], Decimal(0)).to_json(),
            "closedTrades": [],
        }
    trades = run.trades_between(start, end)
    records = window_slice(run.profit_loss, start, end)
    wins = sum(1 for _, v in records if v > 0)
    perf, bench = align_returns(
        window_slice(run.performance, start, end), window_slice(run.benchmark, start, end)
    )
    turnover = [v for _, v in window_slice(run.turnover, start, end)]
    # a window that holds the whole run starts from the starting capital, a later one from the
    # equity on its first day
    capital = (
        Decimal(str(starting_capital))
        if len(window_equity) == len(run.equity)
        else window_equity[0][1]
    )
    stats = PortfolioStatistics(
        records,
        window_equity,
        turnover,
        perf,
        bench,
        capital,
        risk_free_rate,
        trading_days_per_year,
        wins,
        len(records) - wins,
    )
    return {
        "tradeStatistics": TradeStatistics(trades).to_json(),
        "portfolioStatistics": stats.to_json(),
        "closedTrades": [run.trade_json(t) for t in trades],
    }


def rolling_performances(
    *,
    sampled: SampledSeries,
    profit_loss: Sequence[tuple[datetime, Number]] = (),
    closed_trades: Sequence[Trade] = (),
    starting_capital: Number = 0,
    risk_free_rate: Callable[[date], float] | float | None = None,
    trading_days_per_year: int = 252,
    months: Sequence[int] = ROLLING_MONTHS,
) -> dict[str, dict[str, Any]]:
    """Every window's :func:`algorithm_performance`, keyed ``M3_20131231``; empty without equity."""
    run = MergedRun.of(sampled, profit_loss, closed_trades)
    if not run.equity:
        return {}
    first, last = run.equity[0][0].date(), run.equity[-1][0].date()
    out: dict[str, dict[str, Any]] = {}
    # the first windows of each length are clipped to the first day, so e.g. M1, M3, M6 and M12
    # ending on the first month end are the same days: each distinct window is computed once
    computed: dict[tuple[date, date], dict[str, Any]] = {}
    for length in months:
        for start, end in period_ranges(length, first, last):
            performance = computed.get((start, end))
            if performance is None:
                performance = computed[start, end] = window_performance(
                    run,
                    start,
                    end,
                    starting_capital=starting_capital,
                    risk_free_rate=risk_free_rate,
                    trading_days_per_year=trading_days_per_year,
                )
            out[f"M{length}_{end:%Y%m%d}"] = performance
    return out
