"""``set_start_date`` / ``set_end_date`` as LEAN's Algorithm/QCAlgorithm.cs SetStartDate and
SetEndDate: whole days in the algorithm's time zone, bounded by 1900 and today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.errors import AlgorithmError


def test_the_start_keeps_only_its_date():
    algo = QCAlgorithm()
    algo.set_start_date(datetime(2013, 10, 7, 4, 0))
    assert algo.start_date == datetime(2013, 10, 7)
    assert algo.time == datetime(2013, 10, 7)


def test_the_end_is_the_last_moment_of_its_day_whatever_its_time():
    algo = QCAlgorithm()
    for end in (datetime(2013, 10, 9, 4, 0), datetime(2013, 10, 9), date(2013, 10, 9)):
        algo.set_end_date(end)
        assert algo.end_date == datetime(2013, 10, 9, 23, 59, 59, 999999)
    algo.set_end_date(2013, 10, 9)
    assert algo.end_date == datetime(2013, 10, 9, 23, 59, 59, 999999)


def test_the_start_is_midnight_of_the_algorithm_time_zone_even_when_set_before_the_zone():
    algo = QCAlgorithm()
    algo.set_start_date(2013, 10, 7)
    assert algo.utc_time == datetime(2013, 10, 7, 4, 0, tzinfo=UTC)  # New York's midnight
    algo.set_time_zone("Asia/Hong_Kong")
    # LEAN's SetTimeZone keeps the start's value and reads it in the new zone
    assert algo.start_date == datetime(2013, 10, 7)
    assert algo.time == datetime(2013, 10, 7)
    assert algo.utc_time == datetime(2013, 10, 6, 16, 0, tzinfo=UTC)


def test_a_start_before_1900_or_after_today_is_refused():
    algo = QCAlgorithm()
    with pytest.raises(AlgorithmError, match="after January 1st, 1900"):
        algo.set_start_date(1899, 12, 31)
    tomorrow = datetime.now(ZoneInfo("America/New_York")).date() + timedelta(days=1)
    with pytest.raises(AlgorithmError, match="before today"):
        algo.set_start_date(tomorrow)
    with pytest.raises(AlgorithmError, match="Date Invalid"):
        algo.set_start_date(2013, 2, 30)


def test_an_end_after_yesterday_is_brought_back_to_yesterday():
    algo = QCAlgorithm()
    algo.set_time_zone("UTC")
    algo.set_end_date(2999, 1, 1)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    assert algo.end_date.date() in {yesterday, yesterday + timedelta(days=1)}
    assert algo.end_date.time() == datetime.max.time()


def test_live_mode_ignores_the_dates():
    algo = QCAlgorithm()
    algo._live_mode = True
    before = (algo.start_date, algo.end_date)
    algo.set_start_date(2013, 10, 7)
    algo.set_end_date(2013, 10, 9)
    assert (algo.start_date, algo.end_date) == before
