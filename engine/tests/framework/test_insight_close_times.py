"""Insight close times and expiry as LEAN's Common/Algorithm/Framework/Alphas/Insight.cs computes
them (``ComputeCloseTime``, ``Expire``), on the US equity exchange hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from engine.data.market_hours import market_hours
from engine.framework import Insight
from engine.framework.insights import close_time_for_bar_count, compute_close_time
from engine.model import InsightDirection
from engine.model.enums import Resolution

NEW_YORK = ZoneInfo("America/New_York")


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


def test_an_hour_period_is_counted_in_market_minutes():
    # 15:00 on Monday 2 June 2014 + 2 hours: 60 minutes to the close, 60 after the 9:30 open
    # (hour steps would count the 9:00-10:00 bar and close at 10:00)
    hours = market_hours("equity", "usa")
    close = compute_close_time(hours, _utc(2014, 6, 2, 15), timedelta(hours=2))
    assert close == _utc(2014, 6, 3, 10, 30)


def test_an_hour_bar_count_is_stepped_as_sixty_minutes_each():
    hours = market_hours("equity", "usa")
    close = close_time_for_bar_count(hours, _utc(2014, 6, 2, 15), Resolution.HOUR, 2)
    assert close == _utc(2014, 6, 3, 10, 30)


def test_a_fraction_of_a_day_is_that_fraction_of_the_regular_session():
    # one trading day, then half of the 6.5-hour session (195 market minutes) from Tuesday's close
    hours = market_hours("equity", "usa")
    close = compute_close_time(hours, _utc(2014, 6, 2, 16), timedelta(days=1, hours=12))
    assert close == _utc(2014, 6, 4, 12, 45)


def test_a_whole_day_period_skips_the_weekend():
    hours = market_hours("equity", "usa")
    close = compute_close_time(hours, _utc(2014, 6, 6, 16), timedelta(days=1))
    assert close == _utc(2014, 6, 9, 16)


def test_expiring_closes_only_active_insights():
    spy = "SPY"
    old = Insight.price(spy, timedelta(hours=1), InsightDirection.UP)
    old.generated_time_utc = _utc(2014, 6, 2, 10)
    old.close_time_utc = _utc(2014, 6, 2, 11)
    live = Insight.price(spy, timedelta(days=1), InsightDirection.UP)
    live.generated_time_utc = _utc(2014, 6, 2, 15)
    live.close_time_utc = _utc(2014, 6, 3, 15)

    now = _utc(2014, 6, 2, 16)
    old.expire(now)
    live.expire(now)

    # the expired insight keeps its close time: expiring a symbol's history never reopens it
    assert old.close_time_utc == _utc(2014, 6, 2, 11)
    assert old.is_expired(now)
    assert live.close_time_utc == now - timedelta(seconds=1)
    assert live.period == timedelta(minutes=59, seconds=59)
