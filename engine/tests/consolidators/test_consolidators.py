"""Consolidator boundaries: time periods, bar counts, gaps, calendar weeks/months, session-aligned
daily bars incl. the 2013-11-29 early close, ticks and quote bars."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from engine.consolidators import (
    Calendar,
    ConsolidatorRegistry,
    MarketHourAwareConsolidator,
    QuoteBarConsolidator,
    TickConsolidator,
    TradeBarConsolidator,
)
from engine.data.market_hours import market_hours
from engine.model import Bar, Market, QuoteBar, SecurityType, Symbol, Tick, TickType, TradeBar

SPY = Symbol("SPY", SecurityType.EQUITY, Market.USA)
MINUTE = timedelta(minutes=1)


def minute_bars(
    day: date, start: str = "09:30", end: str = "16:00", price: float = 100.0
) -> list[TradeBar]:
    t = datetime.combine(day, datetime.strptime(start, "%H:%M").time())
    stop = datetime.combine(day, datetime.strptime(end, "%H:%M").time())
    out = []
    while t < stop:
        out.append(TradeBar(t, SPY, price, price + 1, price - 1, price + 0.5, 10, MINUTE))
        price += 1
        t += MINUTE
    return out


def drive(consolidator, bars):
    """What the runner does in step 16: update with the slice's bar, then scan at the slice time."""
    emitted = []
    consolidator.data_consolidated += lambda sender, bar: emitted.append((scan_time[0], bar))
    scan_time = [None]
    for bar in bars:
        scan_time[0] = bar.end_time
        consolidator.update(bar)
        consolidator.scan(bar.end_time)
    return emitted


def test_five_minute_bars_are_emitted_at_the_period_end():
    emitted = drive(
        TradeBarConsolidator(timedelta(minutes=5)), minute_bars(date(2013, 10, 7), "09:30", "09:41")
    )
    assert [(at.time(), b.time.time(), b.end_time.time()) for at, b in emitted] == [
        (
            datetime(1, 1, 1, 9, 35).time(),
            datetime(1, 1, 1, 9, 30).time(),
            datetime(1, 1, 1, 9, 35).time(),
        ),
        (
            datetime(1, 1, 1, 9, 40).time(),
            datetime(1, 1, 1, 9, 35).time(),
            datetime(1, 1, 1, 9, 40).time(),
        ),
    ]
    first = emitted[0][1]
    assert (first.open, first.high, first.low, first.close, first.volume) == (
        100,
        105,
        99,
        104.5,
        50,
    )
    assert first.period == timedelta(minutes=5)


def test_bar_count_mode_ends_at_the_last_input():
    c = TradeBarConsolidator(3)
    emitted = drive(c, minute_bars(date(2013, 10, 7), "09:30", "09:37"))
    assert len(emitted) == 2
    bar = emitted[0][1]
    assert bar.time == datetime(2013, 10, 7, 9, 30) and bar.end_time == datetime(2013, 10, 7, 9, 33)
    assert bar.volume == 30
    assert c.consolidated is emitted[-1][1]


def test_a_gap_emits_the_working_bar_when_the_next_bar_arrives_or_on_scan():
    bars = minute_bars(date(2013, 10, 7), "09:30", "09:32") + minute_bars(
        date(2013, 10, 7), "09:50", "09:51"
    )
    c = TradeBarConsolidator(timedelta(minutes=5))
    emitted = []
    c.data_consolidated += lambda s, b: emitted.append(b)
    c.update(bars[0])
    c.update(bars[1])
    assert c.next_scan_time() == datetime(2013, 10, 7, 9, 35)
    c.scan(datetime(2013, 10, 7, 9, 36))  # a later slice of another symbol
    assert [b.time for b in emitted] == [datetime(2013, 10, 7, 9, 30)]
    assert emitted[0].end_time == datetime(2013, 10, 7, 9, 35)
    c.update(bars[2])
    assert c.working_data.time == datetime(2013, 10, 7, 9, 50)


def test_registry_scan_past_emits_bars_whose_period_ended_before_the_step():
    registry = ConsolidatorRegistry(lambda symbol: "America/New_York")
    c = TradeBarConsolidator(timedelta(minutes=5))
    emitted = []
    c.data_consolidated += lambda s, b: emitted.append(b)
    registry.add(SPY, c)
    registry.update(minute_bars(date(2013, 10, 7), "09:30", "09:31")[0])
    ns = (
        int((datetime(2013, 10, 7, 13, 40) - datetime(1970, 1, 1)).total_seconds()) * 10**9
    )  # 09:40 New York
    registry.scan_past(ns)
    assert [b.end_time for b in emitted] == [datetime(2013, 10, 7, 9, 35)]


def test_calendar_weekly_and_monthly():
    assert Calendar.weekly(datetime(2013, 10, 9, 12)).start == datetime(
        2013, 10, 7
    )  # Wednesday -> Monday
    assert Calendar.weekly(datetime(2013, 10, 13)).start == datetime(
        2013, 10, 14
    )  # Sunday -> next Monday
    assert Calendar.monthly(datetime(2013, 2, 14)).period == timedelta(days=28)
    daily = [
        TradeBar(
            datetime(2013, 10, d, 9, 30), SPY, d, d + 1, d - 1, d, 1, timedelta(hours=6, minutes=30)
        )
        for d in (7, 8, 9, 10, 11, 14, 15)
    ]
    emitted = drive(TradeBarConsolidator(Calendar.weekly), daily)
    week = emitted[0][1]
    assert (week.time, week.end_time) == (datetime(2013, 10, 7), datetime(2013, 10, 14))
    assert (week.open, week.close, week.high, week.low, week.volume) == (7, 11, 12, 6, 5)
    assert emitted[0][0] == datetime(2013, 10, 14, 16)  # emitted with the next week's first bar
    monthly = drive(
        TradeBarConsolidator(Calendar.monthly),
        daily
        + [
            TradeBar(
                datetime(2013, 11, 1, 9, 30), SPY, 1, 1, 1, 1, 1, timedelta(hours=6, minutes=30)
            )
        ],
    )
    assert [(b.time, b.end_time) for _, b in monthly] == [
        (datetime(2013, 10, 1), datetime(2013, 11, 1))
    ]


@pytest.fixture(scope="module")
def nyse():
    return market_hours(SecurityType.EQUITY, Market.USA)


def test_session_daily_bars_close_at_1600_and_on_the_early_close(nyse):
    c = MarketHourAwareConsolidator(nyse, TradeBarConsolidator)
    bars = minute_bars(date(2013, 11, 27)) + minute_bars(date(2013, 11, 29), "09:30", "13:00")
    pre = TradeBar(datetime(2013, 11, 29, 8, 0), SPY, 1, 1, 1, 1, 1, MINUTE)  # pre-market: skipped
    emitted = drive(c, bars[:390] + [pre] + bars[390:])
    assert [(at, b.time, b.end_time) for at, b in emitted] == [
        (datetime(2013, 11, 27, 16), datetime(2013, 11, 27, 9, 30), datetime(2013, 11, 27, 16)),
        (datetime(2013, 11, 29, 13), datetime(2013, 11, 29, 9, 30), datetime(2013, 11, 29, 13)),
    ]
    assert emitted[0][1].volume == 3900 and emitted[1][1].volume == 2100
    assert emitted[1][1].open == bars[390].open


def test_midnight_aligned_daily_consolidator_emits_on_the_next_days_data():
    c = TradeBarConsolidator(timedelta(days=1))
    emitted = drive(
        c,
        minute_bars(date(2013, 10, 7), "15:58", "16:00")
        + minute_bars(date(2013, 10, 8), "09:30", "09:31"),
    )
    assert [(at, b.time, b.end_time) for at, b in emitted] == [
        (datetime(2013, 10, 8, 9, 31), datetime(2013, 10, 7), datetime(2013, 10, 8))
    ]


def test_tick_consolidator_uses_trade_ticks_only():
    t0 = datetime(2013, 10, 7, 9, 30)
    ticks = [
        Tick(t0 + timedelta(seconds=s), SPY, TickType.TRADE, price=100 + s, quantity=2)
        for s in range(0, 70, 10)
    ]
    ticks.insert(
        2, Tick(t0 + timedelta(seconds=15), SPY, TickType.QUOTE, bid_price=50, ask_price=51)
    )
    c = TickConsolidator(timedelta(minutes=1))
    emitted = drive(c, ticks)
    bar = emitted[0][1]
    assert (bar.open, bar.high, bar.low, bar.close, bar.volume) == (100, 150, 100, 150, 12)
    assert (bar.time, bar.end_time) == (t0, t0 + MINUTE)


def test_quote_bar_consolidator_merges_bid_and_ask():
    t0 = datetime(2013, 10, 7, 9, 30)
    quotes = [
        QuoteBar(
            t0 + i * MINUTE,
            SPY,
            Bar(10 + i, 11 + i, 9 + i, 10.5 + i),
            5 + i,
            Bar(11 + i, 12 + i, 10 + i, 11.5 + i),
            7 + i,
        )
        for i in range(3)
    ]
    c = QuoteBarConsolidator(2)
    emitted = drive(c, quotes)
    bar = emitted[0][1]
    assert (bar.bid.open, bar.bid.high, bar.bid.low, bar.bid.close) == (10, 12, 9, 11.5)
    assert (bar.ask.open, bar.ask.close, bar.last_bid_size, bar.last_ask_size) == (11, 12.5, 6, 8)


def test_consolidators_refuse_a_second_symbol_and_larger_input_bars():
    c = TradeBarConsolidator(timedelta(minutes=5))
    c.update(minute_bars(date(2013, 10, 7), "09:30", "09:31")[0])
    other = TradeBar(
        datetime(2013, 10, 7, 9, 31), Symbol("AAPL", SecurityType.EQUITY, Market.USA), 1, 1, 1, 1
    )
    with pytest.raises(ValueError):
        c.update(other)
    with pytest.raises(ValueError):
        TradeBarConsolidator(timedelta(minutes=1)).update(
            TradeBar(datetime(2013, 10, 7, 9, 30), SPY, 1, 1, 1, 1, 1, timedelta(minutes=5))
        )


def test_pascal_case_event_and_reset():
    c = TradeBarConsolidator(timedelta(minutes=5))
    seen = []
    c.DataConsolidated += lambda s, b: seen.append(b)
    drive(c, minute_bars(date(2013, 10, 7), "09:30", "09:36"))
    assert len(seen) == 1 and c.Consolidated is seen[0]
    c.reset()
    assert c.working_data is None and c.consolidated is None
