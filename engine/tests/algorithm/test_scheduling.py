"""Date and time rules (LEAN's Common/Scheduling semantics)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from engine.algorithm import QCAlgorithm
from engine.algorithm.scheduling import DayOfWeek, event_times
from engine.common.clock import ns_to_local
from engine.model import Resolution

TZ = "America/New_York"


def algo() -> QCAlgorithm:
    a = QCAlgorithm()
    a.set_start_date(2013, 10, 1)
    a.set_end_date(2013, 12, 31)
    a.add_equity("SPY", Resolution.MINUTE)
    return a


def dates(rule, start=date(2013, 10, 1), end=date(2013, 12, 31)) -> list[date]:
    return list(rule.get_dates(start, end))


def test_every_day_with_and_without_symbol():
    a = algo()
    assert len(dates(a.date_rules.every_day(), date(2013, 10, 1), date(2013, 10, 7))) == 7
    trading = dates(a.date_rules.every_day("SPY"), date(2013, 10, 1), date(2013, 10, 7))
    assert trading == [date(2013, 10, d) for d in (1, 2, 3, 4, 7)]


def test_every_weekday_uses_dotnet_day_numbers():
    a = algo()
    got = dates(
        a.date_rules.every(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
        date(2013, 10, 1),
        date(2013, 10, 14),
    )
    assert got == [date(2013, 10, 4), date(2013, 10, 7), date(2013, 10, 11), date(2013, 10, 14)]


def test_month_and_week_rules_with_symbol_skip_holidays():
    a = algo()
    # 2013-11-28 Thanksgiving (Thu), 2013-12-25 Christmas (Wed); 2013-12-01 is a Sunday
    assert dates(a.date_rules.month_start("SPY")) == [
        date(2013, 10, 1),
        date(2013, 11, 1),
        date(2013, 12, 2),
    ]
    assert dates(a.date_rules.month_start()) == [
        date(2013, 10, 1),
        date(2013, 11, 1),
        date(2013, 12, 1),
    ]
    assert dates(a.date_rules.month_end("SPY")) == [
        date(2013, 10, 31),
        date(2013, 11, 29),
        date(2013, 12, 31),
    ]
    assert dates(a.date_rules.month_start("SPY", 2))[0] == date(2013, 10, 3)
    week_end = dates(a.date_rules.week_end("SPY"), date(2013, 12, 23), date(2013, 12, 31))
    assert week_end == [date(2013, 12, 27)]
    assert dates(a.date_rules.week_start(), date(2013, 12, 23), date(2013, 12, 31)) == [
        date(2013, 12, 23),
        date(2013, 12, 30),
    ]


def test_on_specific_dates():
    a = algo()
    assert dates(a.date_rules.on(2013, 10, 15)) == [date(2013, 10, 15)]
    assert dates(a.date_rules.on(datetime(2013, 11, 1), date(2013, 10, 2))) == [
        date(2013, 10, 2),
        date(2013, 11, 1),
    ]


def local_times(date_rule, time_rule, start, end) -> list[datetime]:
    return [ns_to_local(ns, TZ) for ns in event_times(date_rule, time_rule, start, end)]


def test_market_time_rules_follow_early_closes():
    a = algo()
    d = date(2013, 11, 29)  # day after Thanksgiving: 13:00 close
    got = local_times(
        a.date_rules.every_day("SPY"), a.time_rules.before_market_close("SPY", 10), d, d
    )
    assert got == [datetime(2013, 11, 29, 12, 50)]
    got = local_times(
        a.date_rules.every_day("SPY"), a.time_rules.after_market_open("SPY", 30), d, d
    )
    assert got == [datetime(2013, 11, 29, 10, 0)]
    # no event on a holiday even for a calendar-day date rule
    h = date(2013, 11, 28)
    assert local_times(a.date_rules.every_day(), a.time_rules.after_market_open("SPY"), h, h) == []


def test_at_every_midnight_noon():
    a = algo()
    d = date(2013, 10, 7)
    assert local_times(a.date_rules.on(d), a.time_rules.at(9, 45), d, d) == [
        datetime(2013, 10, 7, 9, 45)
    ]
    assert local_times(a.date_rules.on(d), a.time_rules.midnight, d, d) == [datetime(2013, 10, 7)]
    assert local_times(a.date_rules.on(d), a.time_rules.noon, d, d) == [datetime(2013, 10, 7, 12)]
    every = local_times(a.date_rules.on(d), a.time_rules.every(timedelta(hours=6)), d, d)
    assert every == [datetime(2013, 10, 7, h) for h in (0, 6, 12, 18)]


def test_schedule_on_registers_event_and_passes_name_and_time():
    a = algo()
    calls = []
    event = a.schedule.on(
        a.date_rules.every_day(), a.time_rules.at(10, 0), lambda name, time: calls.append(name)
    )
    assert ns_to_local(event.next_ns, TZ) == datetime(
        2013, 9, 30, 10, 0
    )  # starts the day before start
    event.fire(datetime(2013, 10, 1, 10))
    assert calls == [event.name]
    a.Schedule.On(a.DateRules.EveryDay("SPY"), a.TimeRules.AfterMarketOpen("SPY", 1), lambda: None)
    assert len(a.schedule.events) == 2
