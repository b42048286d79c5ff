"""LEAN's market-hours database names fixed offsets as "UTC-05"; they resolve like the tz database's
Etc zones (sign inverted there)."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.common.clock import zone


def test_utc_minus_five_is_five_hours_behind_all_year():
    for month in (1, 7):
        moment = datetime(2024, month, 2, 12, tzinfo=zone("UTC-05"))
        assert moment.utcoffset() == timedelta(hours=-5)


def test_positive_and_zero_offsets_and_named_zones():
    assert datetime(2024, 1, 2, tzinfo=zone("UTC+03")).utcoffset() == timedelta(hours=3)
    assert datetime(2024, 1, 2, tzinfo=zone("UTC+00")).utcoffset() == timedelta(0)
    assert str(zone("America/New_York")) == "America/New_York"
