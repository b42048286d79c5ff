"""LEAN's ``Time`` day ranges (Common/Time.cs): every day, the trading days of an exchange, and
the trading days projected into another time zone; and the exchange hours' ``is_open(start, end)``
overload they rest on."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.algorithm.lean_names import Time
from engine.data import market_hours
from engine.data.trading_days import each_day


def dates(days) -> list[date]:
    return [d.date() for d in days]


def test_each_day_is_every_midnight_inclusive() -> None:
    days = list(each_day(datetime(2013, 10, 30, 15), datetime(2013, 11, 2, 1)))
    assert days == [datetime(2013, 10, d) for d in (30, 31)] + [
        datetime(2013, 11, d) for d in (1, 2)
    ]


def test_each_tradeable_day_skips_weekends_and_holidays() -> None:
    hours = market_hours("equity", "usa")
    days = Time.each_tradeable_day(hours, datetime(2013, 11, 27), datetime(2013, 12, 2))
    assert dates(days) == [date(2013, 11, 27), date(2013, 11, 29), date(2013, 12, 2)]


def test_is_open_over_a_span() -> None:
    hours = market_hours("equity", "usa")
    assert hours.is_open(datetime(2013, 10, 7, 9), datetime(2013, 10, 7, 9, 31), False)
    assert not hours.is_open(datetime(2013, 10, 7, 8), datetime(2013, 10, 7, 9, 30), False)
    assert hours.is_open(datetime(2013, 10, 7, 8), datetime(2013, 10, 7, 9, 30), True)
    # a weekend span, and one running across it into Monday's open
    assert not hours.is_open(datetime(2013, 10, 5), datetime(2013, 10, 7), True)
    assert hours.is_open(datetime(2013, 10, 5), datetime(2013, 10, 7, 9, 31), False)


def test_trading_days_in_another_time_zone() -> None:
    # Oanda's week: Sunday 17:03 to Friday 16:58, New York time. In UTC the Sunday session starts
    # at 21:03 the same date, and nothing trades on the Saturday that begins at Friday 20:00.
    hours = market_hours("forex", "oanda")
    days = Time.each_tradeable_day_in_time_zone(
        hours, datetime(2014, 5, 2), datetime(2014, 5, 5), "UTC", True
    )
    assert dates(days) == [date(2014, 5, 2), date(2014, 5, 4), date(2014, 5, 5), date(2014, 5, 6)]
    same_zone = Time.each_tradeable_day_in_time_zone(
        hours, datetime(2014, 5, 2), datetime(2014, 5, 5), hours.tz, True
    )
    assert dates(same_zone) == [date(2014, 5, 2), date(2014, 5, 4), date(2014, 5, 5)]


def test_a_time_zone_must_be_a_zone() -> None:
    hours = market_hours("equity", "usa")
    with pytest.raises(TypeError, match="not a time zone"):
        list(
            Time.each_tradeable_day_in_time_zone(
                hours, datetime(2014, 5, 2), datetime(2014, 5, 5), 5
            )
        )
