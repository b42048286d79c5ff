"""Rolling performances (LEAN's StatisticsBuilder.GetRollingPerformances) on a synthetic run."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from engine.statistics import SampledSeries, Trade
from engine.statistics.rolling import algorithm_performance, period_ranges, rolling_performances
from engine.statistics.summary import compute_statistics


def test_period_ranges_end_on_month_ends_and_clip_to_the_first_day():
    first, last = date(2013, 10, 7), date(2013, 12, 15)
    assert period_ranges(1, first, last) == [
        (date(2013, 10, 7), date(2013, 10, 31)),
        (date(2013, 11, 1), date(2013, 11, 30)),
        (date(2013, 12, 1), date(2013, 12, 15)),
    ]
    assert period_ranges(3, first, last) == [
        (date(2013, 10, 7), date(2013, 10, 31)),
        (date(2013, 10, 7), date(2013, 11, 30)),
        (date(2013, 10, 7), date(2013, 12, 15)),
    ]
    # a 12-month window crossing a year end
    ranges = period_ranges(12, date(2012, 1, 3), date(2014, 2, 10))
    assert ranges[-1] == (date(2013, 3, 1), date(2014, 2, 10))
    assert ranges[-2] == (date(2013, 2, 1), date(2014, 1, 31))
    with pytest.raises(ValueError, match="at least one month"):
        period_ranges(0, first, last)


def synthetic_run() -> tuple[SampledSeries, list[tuple[datetime, Decimal]], list[Trade]]:
    """Fourteen months of daily samples with a wavy equity curve, a benchmark and a trade a week."""
    start = datetime(2013, 1, 2)
    equity, performance, benchmark, turnover, records, trades = [], [], [], [], [], []
    value = Decimal(100000)
    previous = value
    for day in range(430):
        time = start + timedelta(days=day)
        value = Decimal(100000 + 8000 * math.sin(day / 23) + 15 * day).quantize(Decimal("0.01"))
        equity.append((time, value))
        performance.append((time, (value - previous) / previous * 100 if day else Decimal(0)))
        benchmark.append((time, Decimal(150 + 10 * math.cos(day / 31) + day / 50)))
        turnover.append((time, Decimal("0.01") * (day % 5)))
        previous = value
        if day % 7 == 3:
            profit = Decimal(300 * math.sin(day)).quantize(Decimal("0.01"))
            records.append((time, profit))
            trades.append(
                Trade(
                    symbol="SPY",
                    entry_time=time - timedelta(days=2),
                    entry_price=Decimal(150),
                    direction=0,
                    quantity=Decimal(10),
                    exit_time=time,
                    exit_price=Decimal(150) + profit / 10,
                    profit_loss=profit,
                    total_fees=Decimal(1),
                    is_win=profit > 0,
                )
            )
    return SampledSeries(equity, performance, benchmark, turnover), records, trades


def test_each_window_matches_the_statistics_of_its_slice():
    sampled, records, trades = synthetic_run()
    rolling = rolling_performances(
        sampled=sampled,
        profit_loss=records,
        closed_trades=trades,
        starting_capital=100000,
        risk_free_rate=0.02,
    )
    # one window of each length ends on each month end (January 2013 to the partial March 2014)
    assert sum(key.startswith("M1_") for key in rolling) == 15
    assert sum(key.startswith("M3_") for key in rolling) == 15
    assert "M1_20130131" in rolling and "M12_20140307" in rolling
    assert "M3_20130630" in rolling

    window = rolling["M3_20130630"]  # April to June 2013

    def inside(points):
        return [(t, v) for t, v in points if date(2013, 4, 1) <= t.date() <= date(2013, 6, 30)]

    equity = inside(sampled.equity)
    expected_trades = [
        t for t in trades if date(2013, 4, 1) <= t.exit_time.date() <= date(2013, 6, 30)
    ]
    _, portfolio, trade_stats = compute_statistics(
        equity=equity,
        performance=inside(sampled.performance),
        benchmark=inside(sampled.benchmark),
        portfolio_turnover=inside(sampled.portfolio_turnover),
        profit_loss=inside(records),
        win_count=sum(1 for _, v in inside(records) if v > 0),
        loss_count=sum(1 for _, v in inside(records) if v <= 0),
        closed_trades=expected_trades,
        starting_capital=equity[0][1],
        risk_free_rate=0.02,
    )
    assert window["portfolioStatistics"] == portfolio
    assert window["tradeStatistics"] == trade_stats
    assert len(window["closedTrades"]) == len(expected_trades) == 13
    assert window["portfolioStatistics"]["startEquity"] == str(equity[0][1])
    assert window["portfolioStatistics"]["endEquity"] == str(equity[-1][1])
    # the window's numbers differ from the whole run's
    _, whole, _ = compute_statistics(
        equity=sampled.equity,
        performance=sampled.performance,
        benchmark=sampled.benchmark,
        portfolio_turnover=sampled.portfolio_turnover,
        profit_loss=records,
        closed_trades=trades,
        starting_capital=100000,
        risk_free_rate=0.02,
    )
    assert window["portfolioStatistics"]["sharpeRatio"] != whole["sharpeRatio"]


def test_a_window_holding_the_whole_run_starts_from_the_starting_capital():
    sampled, records, trades = synthetic_run()
    whole = algorithm_performance(
        start=date(2013, 1, 1),
        end=date(2014, 12, 31),
        sampled=sampled,
        profit_loss=records,
        closed_trades=trades,
        starting_capital=90000,
    )
    assert whole["portfolioStatistics"]["startEquity"] == "90000"
    empty = algorithm_performance(
        start=date(2015, 1, 1),
        end=date(2015, 1, 31),
        sampled=sampled,
        profit_loss=records,
        closed_trades=trades,
        starting_capital=90000,
    )
    assert empty["closedTrades"] == [] and empty["tradeStatistics"]["totalNumberOfTrades"] == 0


def test_no_equity_no_windows():
    assert rolling_performances(sampled=SampledSeries([], [], [], [])) == {}
