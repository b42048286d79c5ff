"""Early closes and late opens applied to a day's segments as LEAN's SecurityExchangeHours."""

from __future__ import annotations

from datetime import date

from engine.data.market_hours import market_hours
from engine.data.special_days import special_day_segments

H = 3600
WEEKDAY = [
    (0, 9 * H + 1800, "premarket"),
    (9 * H + 1800, 17 * H, "market"),
    (18 * H, 24 * H, "postmarket"),
]


def segments_of(segments, early_close, late_open):
    return list(special_day_segments(tuple(segments), early_close, late_open))


def test_an_early_close_then_a_late_open_reopens_the_market():
    # CME's Thanksgiving: closed at 11:30, open again at 18:00 for the next day
    assert segments_of(WEEKDAY, 11 * H + 1800, 18 * H) == [
        (0, 9 * H + 1800, "premarket"),
        (9 * H + 1800, 11 * H + 1800, "market"),
        (18 * H, 24 * H, "postmarket"),
    ]


def test_an_early_close_alone_drops_the_later_segments():
    assert segments_of(WEEKDAY, 13 * H + 900, None) == [
        (0, 9 * H + 1800, "premarket"),
        (9 * H + 1800, 13 * H + 900, "market"),
    ]


def test_a_late_open_alone_drops_the_earlier_segments():
    assert segments_of(WEEKDAY, None, 10 * H) == [
        (10 * H, 17 * H, "market"),
        (18 * H, 24 * H, "postmarket"),
    ]


def test_lean_edge_cases():
    # an early close between two segments drops the one before it too
    assert segments_of(WEEKDAY, 17 * H + 1800, None) == [(0, 9 * H + 1800, "premarket")]
    # a late open after every segment leaves the day as it is
    friday = WEEKDAY[:2]
    assert segments_of(friday, None, 18 * H) == friday


def test_es_trades_on_thanksgiving_morning(lean_data):
    hours = market_hours("future", "cme", lean_data, "ES")
    thanksgiving = date(2013, 11, 28)
    assert hours.is_date_open(thanksgiving, False)
    assert hours.market_close(thanksgiving, False).strftime("%H:%M") == "11:30"
