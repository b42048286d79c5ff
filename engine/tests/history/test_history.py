"""``self.history``: DataFrame shape, bar counts across weekends/holidays, no look-ahead, typed
overloads, time zones; ``warm_up_indicator`` / ``indicator_history``."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from helpers import debug_lines, run

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.data import DataFolder
from engine.indicators import BollingerBands, SimpleMovingAverage
from engine.model import QuoteBar, Resolution, TradeBar


def _algo(data, start=datetime(2024, 7, 8)) -> QCAlgorithm:
    algo = QCAlgorithm()
    algo._data_folder = DataFolder(data)
    algo.set_start_date(start)
    algo.set_end_date(2024, 7, 19)
    return algo


def test_daily_bar_count_skips_weekends_and_holidays(demo_data):
    algo = _algo(demo_data)
    spy = algo.add_equity("SPY", Resolution.DAILY).symbol
    frame = algo.history(spy, 4, Resolution.DAILY)
    assert list(frame.index.names) == ["symbol", "time"]
    assert list(frame.columns) == ["close", "high", "low", "open", "volume"]
    assert all(dtype == np.float64 for dtype in frame.dtypes)
    times = list(frame.loc["SPY"].index)
    # 07-04 is a holiday, 07-03 an early close (13:00), 07-06/07 a weekend; nothing at/after 07-08 00:00
    assert times == [
        pd.Timestamp("2024-07-01 16:00"),
        pd.Timestamp("2024-07-02 16:00"),
        pd.Timestamp("2024-07-03 13:00"),
        pd.Timestamp("2024-07-05 16:00"),
    ]
    assert frame.index.get_level_values("symbol")[0] == spy


def test_minute_history_merges_trade_and_quote_columns(demo_data):
    algo = _algo(demo_data)
    algo.add_equity("SPY")
    frame = algo.history(["SPY", "AAPL"], 5, Resolution.MINUTE)
    assert set(frame.index.get_level_values(0)) == {"SPY", "AAPL"}
    assert list(frame.columns) == sorted(
        ["open", "high", "low", "close", "volume"]
        + [
            f"{side}{f}"
            for side in ("bid", "ask")
            for f in ("open", "high", "low", "close", "size")
        ]
    )
    spy = frame.loc["SPY"]
    assert len(spy) == 5
    # regular hours only: the last bars of Friday 07-05 (extended-hours bars excluded)
    assert spy.index[-1] == pd.Timestamp("2024-07-05 16:00")
    assert spy.index[0] == pd.Timestamp("2024-07-05 15:56")
    # a count spanning the previous session: 400 bars = 10 from 07-03 (early close) + 390 from 07-05
    longer = algo.history("SPY", 400, Resolution.MINUTE).loc["SPY"]
    assert len(longer) == 400
    assert longer.index[0] == pd.Timestamp("2024-07-03 12:51")


def test_extended_hours_history(demo_data):
    algo = _algo(demo_data)
    algo.add_equity("SPY", extended_market_hours=True)
    frame = algo.history("SPY", 3, Resolution.MINUTE).loc["SPY"]
    assert frame.index[-1] > pd.Timestamp("2024-07-05 16:00")


def test_timedelta_and_start_end_never_look_ahead(demo_data):
    algo = _algo(demo_data)
    algo.add_equity("SPY", Resolution.DAILY)
    frame = algo.history("SPY", timedelta(days=7), Resolution.DAILY).loc["SPY"]
    assert frame.index[0] == pd.Timestamp("2024-07-01 16:00")
    assert frame.index[-1] == pd.Timestamp("2024-07-05 16:00")
    clipped = algo.history("SPY", datetime(2024, 7, 2), datetime(2024, 7, 19), Resolution.DAILY)
    assert list(clipped.loc["SPY"].index) == [
        pd.Timestamp("2024-07-02 16:00"),
        pd.Timestamp("2024-07-03 13:00"),
        pd.Timestamp("2024-07-05 16:00"),
    ]
    assert algo.history("SPY", datetime(2024, 7, 9), datetime(2024, 7, 19)).empty


def test_typed_overloads_return_bars(demo_data):
    algo = _algo(demo_data)
    spy = algo.add_equity("SPY").symbol
    bars = algo.history[TradeBar](spy, 3, Resolution.MINUTE)
    assert [type(b) for b in bars] == [TradeBar] * 3
    assert bars[-1].end_time == datetime(2024, 7, 5, 16, 0)
    assert bars[-1].time == datetime(2024, 7, 5, 15, 59)
    quotes = algo.history(QuoteBar, "SPY", 2, Resolution.MINUTE)
    assert [type(q) for q in quotes] == [QuoteBar] * 2
    assert quotes[-1].ask.close > quotes[-1].bid.close
    frame = algo.history(spy, 3, Resolution.MINUTE)
    assert bars[-1].close == pytest.approx(frame.loc["SPY"]["close"].iloc[-1])
    several = algo.History[TradeBar](["SPY", "AAPL"], 2, Resolution.DAILY)
    assert len(several) == 2 and set(several[-1].keys()) == {"SPY", "AAPL"}
    slices = algo.history(2, Resolution.DAILY)
    assert len(slices) == 2 and slices[-1].bars["SPY"].close > 0


def test_history_in_on_data_stops_at_the_current_time(tmp_path, demo_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 8)
                self.add_equity("SPY")
                self.n = 0
            def on_data(self, data):
                self.n += 1
                if self.n in (1, 30):
                    h = self.history("SPY", 2, Resolution.MINUTE)
                    last = h.index[-1][1]
                    self.debug(f"{self.time:%H:%M} {last:%H:%M} {h['close'].iloc[-1] == data['SPY'].close}")
        """,
        demo_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    assert lines[0].endswith("09:31 09:31 True")
    assert lines[1].endswith("10:00 10:00 True")


def test_warm_up_indicator_makes_an_indicator_ready_in_initialize(tmp_path, demo_data):
    algo = _algo(demo_data)
    algo.add_equity("SPY", Resolution.DAILY)
    sma = SimpleMovingAverage(3)
    algo.warm_up_indicator("SPY", sma, Resolution.DAILY)
    assert sma.is_ready
    closes = algo.history("SPY", 3, Resolution.DAILY)["close"]
    assert sma.current.value == pytest.approx(closes.mean())
    minute_sma = algo.sma("SPY", 5, Resolution.MINUTE)
    algo.WarmUpIndicator("SPY", minute_sma)
    assert minute_sma.is_ready and minute_sma.current.end_time == datetime(2024, 7, 5, 16, 0)


def test_indicator_history(demo_data):
    algo = _algo(demo_data)
    algo.add_equity("SPY", Resolution.DAILY)
    result = algo.indicator_history(SimpleMovingAverage(2), "SPY", 4, Resolution.DAILY)
    assert len(result) == 4
    assert list(result.data_frame.columns) == ["current"]
    closes = algo.history("SPY", 5, Resolution.DAILY)["close"].to_numpy()
    assert result.data_frame["current"].iloc[-1] == pytest.approx(closes[-2:].mean())


def test_crypto_history_times_are_in_the_exchange_time_zone(lean_data):
    algo = QCAlgorithm()
    algo._data_folder = DataFolder(lean_data)
    algo.set_start_date(2018, 4, 5)
    btc = algo.add_crypto("BTCUSD", Resolution.MINUTE).symbol
    frame = algo.history(btc, 3, Resolution.MINUTE)
    if frame.empty:
        pytest.skip("no BTCUSD minute data before 2018-04-05 in the sample folder")
    # coinbase's exchange zone is UTC: algorithm midnight (New York) is 04:00 UTC
    assert frame.index[-1][1] == pd.Timestamp("2018-04-05 04:00")
    assert "bidclose" in frame.columns and "close" in frame.columns


def test_indicator_history_rows_hold_each_sub_indicator(demo_data):
    algo = _algo(demo_data)
    algo.add_equity("SPY", Resolution.DAILY)
    bands = BollingerBands("BB", 2, 2.0)
    result = algo.indicator_history(bands, "SPY", 3, Resolution.DAILY)
    assert result.count == 3 and len(result.current) == 3
    last = list(result)[-1]
    assert (
        last["middle_band"] is last.middleband
        and last.upper_band.value == bands.upper_band.current.value
    )
    assert last == bands.current.value
    assert [p.value for p in result["UpperBand"]] == list(result.data_frame["upperband"])
