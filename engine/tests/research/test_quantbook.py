"""``QuantBook``: history and indicators over history equal an algorithm's for the same request;
the object store it shares with backtests; its clock."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from helpers import run

from engine.algorithm.imports import QuantBook, Resolution, SimpleMovingAverage

ALGORITHM = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 15)
        self.set_end_date(2024, 7, 15)
        spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        by_span = self.history(spy, datetime(2024, 7, 1), datetime(2024, 7, 12), Resolution.DAILY)
        by_count = self.history(spy, 30, Resolution.MINUTE)
        self.object_store.save("span.csv", by_span.to_csv())
        self.object_store.save("count.csv", by_count.to_csv())
"""


def _frame(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), index_col=[0, 1])


def test_history_equals_an_algorithms_history(tmp_path, demo_data):
    store = tmp_path / "store"
    outcome = run(tmp_path / "p", ALGORITHM, demo_data, object_store_dir=store)
    assert outcome.error is None, outcome.error

    qb = QuantBook(demo_data, object_store=store)
    qb.set_start_date(2024, 7, 15)
    spy = qb.add_equity("SPY", Resolution.MINUTE).symbol
    by_span = qb.history(spy, datetime(2024, 7, 1), datetime(2024, 7, 12), Resolution.DAILY)
    by_count = qb.history(spy, 30, Resolution.MINUTE)
    assert len(by_span) == 8 and len(by_count) == 30  # July 4th is a holiday
    expected_span = _frame(qb.object_store.read("span.csv"))
    expected_count = _frame(qb.object_store.read("count.csv"))
    pd.testing.assert_frame_equal(_frame(by_span.to_csv()), expected_span)
    pd.testing.assert_frame_equal(_frame(by_count.to_csv()), expected_count)


def test_indicators_over_history_and_the_environment_defaults(tmp_path, demo_data, monkeypatch):
    monkeypatch.setenv("QCWEB_DATA_DIR", str(demo_data))
    monkeypatch.setenv("QCWEB_OBJECT_STORE", str(tmp_path / "store"))
    qb = QuantBook()
    qb.set_start_date(2024, 7, 19)
    spy = qb.add_equity("SPY", Resolution.DAILY).symbol
    closes = qb.history(spy, 10, Resolution.DAILY)["close"]
    sma = qb.indicator_history(SimpleMovingAverage(3), spy, 10, Resolution.DAILY)
    assert sma.current[-1].value == pytest.approx(closes.iloc[-3:].mean())
    qb.object_store.save("k", "v")
    assert (tmp_path / "store" / "k").read_text() == "v"


def test_the_clock_starts_at_midnight_of_the_last_new_york_data_day():
    # LEAN's QuantBook: today in New York from 09:00 there, else yesterday; only the date counts
    def expected() -> datetime:
        now = datetime.now(ZoneInfo("America/New_York"))
        day = now.date() - timedelta(days=1 if now.hour < 9 else 0)
        return datetime(day.year, day.month, day.day)

    before = expected()
    time = QuantBook("missing-folder").time
    assert time in {before, expected()}
    assert time.time() == datetime.min.time()
