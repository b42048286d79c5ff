"""Timeless consolidators (Renko wicked and classic, VolumeRenko, Range and ClassicRange) on
hand-made points, the consolidator window (``current``/``previous``/``[i]``) and the registry's
tick-type filter. Expected bars worked out by hand from LEAN's RenkoConsolidator.cs,
ClassicRenkoConsolidator.cs, VolumeRenkoConsolidator.cs, RangeConsolidator.cs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.consolidators import ConsolidatorRegistry, TradeBarConsolidator
from engine.consolidators.timeless import (
    ClassicRangeConsolidator,
    ClassicRenkoConsolidator,
    RangeConsolidator,
    RenkoConsolidator,
    VolumeRenkoConsolidator,
    closest_multiple,
)
from engine.model import Bar, Market, QuoteBar, SecurityType, Symbol, Tick, TickType, TradeBar
from engine.model.renko import BarDirection, RangeBar, RenkoBar, RenkoType, VolumeRenkoBar

SPY = Symbol("SPY", SecurityType.EQUITY, Market.USA)
T0 = datetime(2013, 10, 7, 9, 30)
MINUTE = timedelta(minutes=1)


def bars(closes: list[float], volume: float = 10.0) -> list[TradeBar]:
    return [
        TradeBar(T0 + i * MINUTE, SPY, c, c, c, c, volume, MINUTE) for i, c in enumerate(closes)
    ]


def run(consolidator, points) -> list:
    out: list = []
    consolidator.data_consolidated += lambda sender, bar: out.append(bar)
    for point in points:
        consolidator.update(point)
    return out


def ohlc(bar) -> tuple[float, float, float, float]:
    return (bar.open, bar.high, bar.low, bar.close)


def test_closest_multiple_rounds_half_to_even():
    assert closest_multiple(10.2, 1.0) == 10.0
    assert closest_multiple(10.7, 1.0) == 11.0
    assert closest_multiple(144.78, 0.1) == 144.8
    assert closest_multiple(10.5, 1.0) == 10.0  # C# Math.Round: banker's rounding


def test_wicked_renko_bricks_and_reversal():
    out = run(RenkoConsolidator(1.0), bars([10.2, 11.5, 12.3, 10.5, 9.5]))
    assert [ohlc(b) for b in out] == [
        (10.0, 11.0, 10.0, 11.0),
        (11.0, 12.0, 11.0, 12.0),
        (11.0, 12.3, 10.0, 10.0),  # a reversal opens at the last brick's open, wick to 12.3
    ]
    assert all(isinstance(b, RenkoBar) and b.type == RenkoType.WICKED for b in out)
    assert out[0].direction == BarDirection.RISING and out[2].direction == BarDirection.FALLING
    assert out[0].time == T0 and out[0].end_time == T0 + MINUTE
    assert out[1].time == T0 + MINUTE and out[1].end_time == T0 + 2 * MINUTE


def test_wicked_renko_no_float_drift():
    prices = [100 + 0.1 * i for i in range(40)]
    out = run(RenkoConsolidator(0.1), bars(prices))
    assert all(abs(b.close - b.open - 0.1) < 1e-9 for b in out)
    assert len(out) == 38  # 100.0 -> 103.9: every step after the first brick's seed closes one


def test_wicked_renko_working_data_is_the_last_brick():
    consolidator = RenkoConsolidator(1.0)
    seen: list = []
    consolidator.data_consolidated += lambda s, b: seen.append(consolidator.working_data)
    for bar in bars([10.0, 12.5]):
        consolidator.update(bar)
    assert seen[0] is None and ohlc(seen[1]) == (10.0, 11.0, 10.0, 11.0)
    assert ohlc(consolidator.working_data) == (11.0, 12.0, 11.0, 12.0)


def test_classic_renko_even_bars_and_volume():
    out = run(ClassicRenkoConsolidator(1.0), bars([10.2, 11.6, 12.4, 12.9, 10.9], volume=5))
    assert [ohlc(b) for b in out] == [(11.0, 12.0, 11.0, 12.0), (12.0, 12.9, 11.0, 11.0)]
    assert out[0].volume == 15  # the opening point and both updates (TradeBar volume)
    assert out[0].type == RenkoType.CLASSIC and out[0].is_closed
    assert out[0].time == T0 and out[0].end_time == T0 + 2 * MINUTE


def test_classic_renko_selectors_and_odd_start():
    consolidator = ClassicRenkoConsolidator(2.0, lambda b: b.high, lambda b: 1.0, even_bars=False)
    out = run(consolidator, bars([10.5, 12.5, 13.0]))
    assert [ohlc(b) for b in out] == [(10.5, 12.5, 10.5, 12.5)]
    assert out[0].volume == 2.0
    assert consolidator.working_data.open == 12.5


def test_volume_renko_bars_carry_the_excess():
    points = [
        TradeBar(T0 + i * MINUTE, SPY, c, c + 1, c - 1, c, v, MINUTE)
        for i, (c, v) in enumerate([(10.0, 60), (11.0, 60), (12.0, 250)])
    ]
    out = run(VolumeRenkoConsolidator(100), points)
    assert [b.volume for b in out] == [100, 100, 100]
    assert all(isinstance(b, VolumeRenkoBar) for b in out)
    assert ohlc(out[0]) == (10.0, 12.0, 9.0, 11.0)
    assert out[1].open == 11.0 and out[1].time == T0 + 2 * MINUTE
    assert out[0].end_time == T0 + 2 * MINUTE
    assert VolumeRenkoConsolidator(100).working_data is None


def test_volume_renko_ignores_quote_ticks_and_rejects_other_data():
    consolidator = VolumeRenkoConsolidator(10)
    quote = Tick(T0, SPY, TickType.QUOTE, bid_price=1.0, ask_price=1.1, bid_size=5, ask_size=5)
    trade = Tick(T0, SPY, TickType.TRADE, price=1.05, quantity=12)
    out = run(consolidator, [quote, trade])
    assert len(out) == 1 and out[0].volume == 10 and consolidator.working_data.volume == 2
    with pytest.raises(ValueError):
        consolidator.update(QuoteBar(T0, SPY, Bar(1, 1, 1, 1), 1, Bar(1, 1, 1, 1), 1))


def test_range_bars_with_intermediate_bars():
    # SPY's minimum price variation 0.01: range 100 -> 1.00 bars
    points = bars([10.2, 10.5, 12.0, 15.0], volume=7)
    out = run(RangeConsolidator(100), points)
    assert out[0].range_size == 1.0 and isinstance(out[0], RangeBar)
    assert ohlc(out[0]) == (11.0, 11.5, 10.5, 11.5)
    assert out[0].volume == 7 + 7  # the first point and 10.5; the closing point is not counted
    # 15.0 from a bar 11.51-12.0: closes at 12.51, then intermediate bars of no volume
    assert [ohlc(b) for b in out[1:]] == [
        (11.51, 12.51, 11.51, 12.51),
        (12.52, 13.52, 12.52, 13.52),
        (13.53, 14.53, 13.53, 14.53),
    ]
    assert [b.volume for b in out[1:]] == [7, 0, 0]
    assert all(round(b.high - b.low, 2) == 1.0 for b in out)


def test_classic_range_bars_start_at_the_next_point():
    out = run(ClassicRangeConsolidator(100), bars([10.2, 10.5, 12.0, 12.2, 13.5], volume=7))
    # the second bar opens on the point that closed the first (12.0), not on a phantom bar
    assert [ohlc(b) for b in out] == [(11.0, 11.5, 10.5, 11.5), (12.0, 13.0, 12.0, 13.0)]
    assert [b.volume for b in out] == [14, 14]


def test_window_current_and_previous():
    consolidator = TradeBarConsolidator(2)
    seen: list = []
    consolidator.data_consolidated += lambda s, b: seen.append(
        (consolidator.current is b, consolidator[0] is b, consolidator.consolidated)
    )
    out = run(consolidator, bars([1, 2, 3, 4]))
    assert seen == [(True, True, None), (True, True, out[0])]
    assert consolidator.previous is out[0] and consolidator[1] is out[0]
    assert consolidator.window.count == 2 and list(consolidator) == [out[1], out[0]]
    consolidator.reset()
    assert consolidator.current is None and consolidator.window.count == 0


def test_registry_feeds_one_tick_type():
    registry = ConsolidatorRegistry(lambda symbol: "America/New_York")
    trades, quotes = RenkoConsolidator(1.0), RenkoConsolidator(1.0)
    registry.add(SPY, trades, TickType.TRADE)
    registry.add(SPY, quotes, TickType.QUOTE)
    got: dict = {"trade": [], "quote": []}
    trades.data_consolidated += lambda s, b: got["trade"].append(b)
    quotes.data_consolidated += lambda s, b: got["quote"].append(b)
    for i, price in enumerate([10.0, 12.5]):
        t = T0 + i * MINUTE
        registry.update(TradeBar(t, SPY, price, price, price, price, 1, MINUTE))
        q = Bar(price + 5, price + 5, price + 5, price + 5)
        registry.update(QuoteBar(t, SPY, q, 1, q, 1, MINUTE))
    assert [b.close for b in got["trade"]] == [11.0, 12.0]
    assert [b.close for b in got["quote"]] == [16.0, 17.0]


def test_start_time_anchors_time_bars():
    # 09:30-anchored hours (LEAN's ConsolidatorStartTimeRegressionAlgorithm) instead of 09:00-10:00
    consolidator = TradeBarConsolidator(
        timedelta(hours=1), start_time=timedelta(hours=9, minutes=30)
    )
    out = run(consolidator, bars([100.0 + i for i in range(150)]))
    assert [(b.time, b.end_time) for b in out] == [
        (T0, T0 + timedelta(hours=1)),
        (T0 + timedelta(hours=1), T0 + timedelta(hours=2)),
    ]
    assert out[0].open == 100.0 and out[0].close == 159.0
    positional = TradeBarConsolidator(timedelta(hours=1), timedelta(minutes=15))
    assert run(positional, bars([1.0] * 50))[0].time == T0.replace(minute=15)


def test_consolidator_start_time_week_anchor():
    from engine.consolidators.base import consolidator_start_time

    week = timedelta(days=7)
    assert consolidator_start_time(week, timedelta(0), datetime(2013, 10, 9)) == datetime(
        2013, 10, 8
    )
    assert consolidator_start_time(
        timedelta(hours=4), timedelta(hours=1), datetime(2013, 10, 9, 0, 30)
    ) == datetime(2013, 10, 8, 21)


def test_daily_bar_from_hour_bars_takes_the_9am_bar():
    # LEAN's MarketHourAwareConsolidator: the 09:00-10:00 hour bar holds 09:30-10:00 trades
    from engine.consolidators import MarketHourAwareConsolidator
    from engine.data.market_hours import market_hours

    consolidator = MarketHourAwareConsolidator(market_hours(SecurityType.EQUITY, Market.USA))
    day = datetime(2013, 10, 7)
    hour = timedelta(hours=1)
    points = [
        TradeBar(day + h * hour, SPY, 100.0 + h, 101.0 + h, 99.0 + h, 100.5 + h, 10, hour)
        for h in range(8, 17)
    ]
    out: list = []
    consolidator.data_consolidated += lambda sender, bar: out.append(bar)
    for point in points:  # what the runner does: update, then scan at the slice time
        consolidator.update(point)
        consolidator.scan(point.end_time)
    assert len(out) == 1
    assert (
        out[0].open == 109.0 and out[0].volume == 7 * 10
    )  # 09:00 .. 15:00 bars, not 08:00 nor 16:00
    assert (out[0].time, out[0].end_time) == (day.replace(hour=9, minute=30), day.replace(hour=16))
