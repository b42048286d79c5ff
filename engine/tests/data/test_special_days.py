"""Early closes and late opens on one day, as LEAN's SecurityExchangeHours.GetMarketHours."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from engine.data import market_hours
from engine.data.special_days import special_day_segments

H = 3600
# a CME equity-index future's weekday: premarket to 09:30, market to 17:00, postmarket from 18:00
FUTURE_DAY = (
    (0, 9 * H + 1800, "premarket"),
    (9 * H + 1800, 17 * H, "market"),
    (18 * H, 24 * H, "postmarket"),
)


def test_an_early_close_before_a_late_open_keeps_the_morning_and_the_evening() -> None:
    segments = special_day_segments(FUTURE_DAY, 11 * H + 1800, 18 * H)
    assert segments == (
        (0, 9 * H + 1800, "premarket"),
        (9 * H + 1800, 11 * H + 1800, "market"),
        (18 * H, 24 * H, "postmarket"),
    )


def test_an_early_close_or_a_late_open_alone() -> None:
    assert special_day_segments(FUTURE_DAY, 13 * H + 900, None) == (
        (0, 9 * H + 1800, "premarket"),
        (9 * H + 1800, 13 * H + 900, "market"),
    )
    assert special_day_segments(FUTURE_DAY, None, 10 * H) == (
        (10 * H, 17 * H, "market"),
        (18 * H, 24 * H, "postmarket"),
    )
    assert special_day_segments(FUTURE_DAY, None, None) == FUTURE_DAY


def test_lean_loop_edges_are_kept() -> None:
    # a late open after every segment leaves the day as it is (LEAN's index stays 0); an early
    # close in the gap between two segments also drops the one before the gap (index i - 1)
    friday = FUTURE_DAY[:2]
    assert special_day_segments(friday, None, 18 * H) == friday
    assert special_day_segments(FUTURE_DAY, 17 * H + 1800, None) == (FUTURE_DAY[0],)


def test_es_thanksgiving_has_its_morning_session(lean_data: Path) -> None:
    es = market_hours("future", "cme", lean_data, "ES")
    ny = ZoneInfo("America/New_York")
    thanksgiving = date(2013, 11, 28)
    assert es.is_date_open(thanksgiving)
    assert es.market_open(thanksgiving) == datetime(2013, 11, 28, 9, 30, tzinfo=ny)
    assert es.market_close(thanksgiving) == datetime(2013, 11, 28, 11, 30, tzinfo=ny)
    assert es.market_close(thanksgiving, extended=True) == datetime(2013, 11, 29, 0, 0, tzinfo=ny)
