"""Tick history (LEAN serves it for a time span only) and daily history end times."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.data import DataFolder
from engine.errors import InvalidOperationException
from engine.model import Resolution, Tick, TickType, TradeBar


def _algo(lean_data, start: datetime) -> QCAlgorithm:
    algo = QCAlgorithm()
    algo._data_folder = DataFolder(lean_data)
    algo.set_start_date(start)
    return algo


def test_tick_history_for_a_time_span_merges_trade_and_quote_ticks(lean_data):
    algo = _algo(lean_data, datetime(2013, 10, 9))
    ibm = algo.add_equity("IBM", Resolution.HOUR).symbol
    ticks = algo.history[Tick](ibm, timedelta(days=1), Resolution.TICK)
    kinds = {t.tick_type for t in ticks}
    assert kinds == {TickType.TRADE, TickType.QUOTE}
    times = [t.time for t in ticks]
    assert times == sorted(times)
    # (start, end] of the span: 10-08 00:00 to 10-09 00:00, all ticks of 10-08
    assert times[0].date() == datetime(2013, 10, 8).date()
    assert times[-1] <= datetime(2013, 10, 9)
    frame = algo.history(ibm, timedelta(days=1), Resolution.TICK)
    assert len(frame) == len(ticks)
    trades = frame[frame["lastprice"].notna()]
    assert len(trades) == sum(t.tick_type == TickType.TRADE for t in ticks)
    assert frame.index.names == ["symbol", "time"]


def test_tick_history_of_several_symbols_groups_ticks_by_time(lean_data):
    algo = _algo(lean_data, datetime(2013, 10, 9))
    ibm = algo.add_equity("IBM", Resolution.HOUR).symbol
    aig = algo.add_equity("AIG", Resolution.HOUR).symbol
    steps = algo.history[Tick]([ibm, aig], timedelta(hours=12), Resolution.TICK)
    assert steps
    symbols = {s for step in steps for s in step.keys()}
    assert symbols == {ibm, aig}
    assert all(
        isinstance(tick, Tick) for step in steps[:50] for ticks in step.values() for tick in ticks
    )


def test_tick_count_history_raises_invalid_operation(lean_data):
    algo = _algo(lean_data, datetime(2013, 10, 9))
    ibm = algo.add_equity("IBM", Resolution.TICK).symbol
    with pytest.raises(InvalidOperationException, match="'periods' parameter"):
        algo.history[Tick](ibm, 10)
    with pytest.raises(InvalidOperationException, match="History<TradeBar>"):
        algo.history[TradeBar](ibm, timedelta(hours=1))


def test_daily_history_ends_at_the_close_unless_precise_end_time_is_off(lean_data):
    algo = _algo(lean_data, datetime(2013, 10, 9))
    spy = algo.add_equity("SPY", Resolution.DAILY).symbol
    frame = algo.history(spy, 2, Resolution.DAILY)
    assert list(frame.loc[spy].index) == [
        pd.Timestamp("2013-10-07 16:00"),
        pd.Timestamp("2013-10-08 16:00"),
    ]
    algo = _algo(lean_data, datetime(2013, 10, 9))
    algo.settings.daily_precise_end_time = False
    spy = algo.add_equity("SPY", Resolution.DAILY).symbol
    frame = algo.history(spy, 2, Resolution.DAILY)
    assert list(frame.loc[spy].index) == [pd.Timestamp("2013-10-08"), pd.Timestamp("2013-10-09")]
