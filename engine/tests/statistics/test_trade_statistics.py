"""TradeStatistics over closed trades, and the capacity estimate's mechanics."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from engine.statistics import CapacityBar, CapacityEstimate, TradeBuilder, TradeStatistics

T0 = datetime(2013, 10, 7, 13, 31)


def _trades():
    tb = TradeBuilder()
    tb.process_fill("SPY", T0, 10, 100, 1, 1)
    tb.process_fill("SPY", T0 + timedelta(hours=1), 12, -100, 1, 2)  # +200
    tb.process_fill("SPY", T0 + timedelta(hours=2), 12, 100, 1, 3)
    tb.process_fill("SPY", T0 + timedelta(hours=5), 11, -100, 1, 4)  # -100
    tb.process_fill("SPY", T0 + timedelta(hours=6), 11, 100, 1, 5)
    tb.process_fill("SPY", T0 + timedelta(hours=8), 11.5, -100, 1, 6)  # +50
    return tb.closed_trades


def test_trade_statistics() -> None:
    ts = TradeStatistics(_trades())
    assert ts.total_number_of_trades == 3
    assert (ts.number_of_winning_trades, ts.number_of_losing_trades) == (2, 1)
    assert ts.total_profit_loss == 150 and ts.total_profit == 250 and ts.total_loss == -100
    assert ts.largest_profit == 200 and ts.largest_loss == -100
    assert ts.average_profit == 125 and ts.average_loss == -100
    assert ts.profit_loss_ratio == Decimal("1.25")
    assert ts.win_loss_ratio == 2
    assert ts.profit_factor == Decimal("2.5")
    assert ts.maximum_closed_trade_drawdown == -100
    assert ts.max_consecutive_winning_trades == 1 and ts.max_consecutive_losing_trades == 1
    assert ts.total_fees == 6
    assert ts.average_trade_duration == timedelta(hours=2)
    assert ts.median_trade_duration == timedelta(hours=2)
    # an even count (the two winners, 1h and 2h) gives the mean of the middle two
    assert ts.median_winning_trade_duration == timedelta(hours=1, minutes=30)
    assert ts.median_losing_trade_duration == timedelta(hours=3)
    # the closed-trade equity high (200) is never regained, so no drawdown duration is recorded
    assert ts.maximum_drawdown_duration == timedelta(0)
    sd = float(ts.profit_loss_standard_deviation)
    assert abs(sd - 150.0) < 1e-9  # sample std of 200, -100, 50
    js = ts.to_json()
    assert js["totalNumberOfTrades"] == 3
    assert js["averageTradeDuration"] == "02:00:00"
    assert js["profitFactor"] == "2.5"


def test_no_trades_gives_zero_statistics() -> None:
    js = TradeStatistics([]).to_json()
    assert js["totalNumberOfTrades"] == 0 and js["winRate"] == "0" and js["startDateTime"] is None


def test_capacity_uses_bars_in_the_window_after_a_fill() -> None:
    cap = CapacityEstimate(datetime(2013, 10, 7), datetime(2013, 10, 11, 23, 59, 59))
    cap.on_fill("SPY", T0, 100, 1000)
    for minute, volume in enumerate([1_000_000, 1_000_000, 1_000_000]):
        t = T0 + timedelta(minutes=minute)
        cap.update(
            t,
            {"SPY": CapacityBar(100, volume, timedelta(minutes=1))},
            100000,
            {"SPY": 100000}.__getitem__,
            {"SPY"}.__contains__,
        )
    assert cap.monitored_symbols == []  # window closed after one minute (k < 1)
    cap.update(
        T0 + timedelta(days=1),
        {},
        100000,
        {"SPY": 100000}.__getitem__,
        {"SPY"}.__contains__,
        force=True,
    )
    # two bars of $100M each x 0.20 minute scale, one trade, scaling max(sales 100%, holdings 100%)
    assert cap.capacity == Decimal("40000000.00")
    assert cap.lowest_capacity_asset == "SPY"


def test_statistics_package_never_imports_django() -> None:
    root = Path(__file__).resolve().parents[2] / "statistics"
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "django" for n in names), path
