"""Market hours from exchange-calendars (XNYS) and the market-hours database."""

from __future__ import annotations

import importlib
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from engine.data import market_hours

NY = ZoneInfo("America/New_York")


def test_equity_regular_and_extended_hours():
    hours = market_hours("equity", "usa")
    assert hours.time_zone == "America/New_York" and hours.data_time_zone == "America/New_York"
    assert hours.market_open(date(2013, 10, 7)) == datetime(2013, 10, 7, 9, 30, tzinfo=NY)
    assert hours.market_close(date(2013, 10, 7)) == datetime(2013, 10, 7, 16, 0, tzinfo=NY)
    assert hours.market_open("2013-10-07", extended=True) == datetime(2013, 10, 7, 4, 0, tzinfo=NY)
    assert hours.market_close("2013-10-07", extended=True) == datetime(
        2013, 10, 7, 20, 0, tzinfo=NY
    )
    assert hours.is_open(datetime(2013, 10, 7, 9, 30))
    assert not hours.is_open(datetime(2013, 10, 7, 16, 0))  # end-exclusive
    assert hours.is_open(datetime(2013, 10, 7, 16, 0), extended=True)
    assert not hours.is_open(datetime(2013, 10, 7, 9, 29))
    # aware datetimes are converted: 13:30 UTC = 09:30 EDT
    assert hours.is_open(datetime(2013, 10, 7, 13, 30, tzinfo=ZoneInfo("UTC")))


def test_holidays_and_weekends():
    hours = market_hours("equity", "usa")
    for closed in (
        "2013-11-28",
        "2013-12-25",
        "2014-01-01",
        "2013-10-05",
        "2012-10-29",
    ):  # incl. Hurricane Sandy
        assert not hours.is_date_open(closed)
        assert hours.market_open(closed) is None
    assert hours.is_date_open("2013-11-29")
    assert len(hours.trading_days("2013-01-01", "2013-12-31")) == 252


def test_early_close_day_after_thanksgiving():
    hours = market_hours("equity", "usa")
    assert hours.is_early_close("2013-11-29")
    assert not hours.is_early_close("2013-11-27")
    assert hours.market_close("2013-11-29") == datetime(2013, 11, 29, 13, 0, tzinfo=NY)
    # no post-market after an early close
    assert hours.market_close("2013-11-29", extended=True) == datetime(
        2013, 11, 29, 13, 0, tzinfo=NY
    )
    assert not hours.is_open(datetime(2013, 11, 29, 13, 0), extended=True)
    assert hours.is_early_close("2013-12-24") and hours.is_early_close("2013-07-03")


def test_dst_changes_the_utc_open():
    hours = market_hours("equity", "usa")
    opens, _ = hours.session_bounds_utc(
        np.array(["2013-11-01", "2013-11-04"], dtype="datetime64[D]")
    )
    assert opens[0] == pd.Timestamp("2013-11-01 13:30", tz="UTC").value  # EDT
    assert opens[1] == pd.Timestamp("2013-11-04 14:30", tz="UTC").value  # EST


def test_next_open():
    hours = market_hours("equity", "usa")
    assert hours.next_open(datetime(2013, 11, 27, 16, 0)) == datetime(
        2013, 11, 29, 9, 30, tzinfo=NY
    )
    assert hours.next_open(datetime(2013, 10, 7, 9, 0)) == datetime(2013, 10, 7, 9, 30, tzinfo=NY)
    assert hours.next_open(datetime(2013, 10, 7, 3, 0), extended=True) == datetime(
        2013, 10, 7, 4, 0, tzinfo=NY
    )


def test_forex_and_crypto_defaults_without_database():
    fx = market_hours("forex", "oanda")
    assert fx.time_zone == "America/New_York" and fx.data_time_zone == "UTC"
    assert not fx.is_date_open(date(2014, 5, 3))  # Saturday
    assert fx.is_open(datetime(2014, 5, 4, 17, 5)) and not fx.is_open(datetime(2014, 5, 4, 16, 0))
    assert not fx.is_open(datetime(2014, 5, 2, 17, 0))  # Friday after the close
    crypto = market_hours("crypto", "coinbase")
    assert crypto.time_zone == "UTC" and crypto.always_open
    assert crypto.is_open(datetime(2020, 12, 25, 3, 0))


def test_market_hours_database_from_folder(lean_data):
    fx = market_hours("forex", "oanda", lean_data)
    assert fx.data_time_zone == "UTC"
    assert fx.market_close("2014-05-02") == datetime(2014, 5, 2, 16, 58, tzinfo=NY)
    assert fx.next_open(datetime(2014, 5, 2, 18, 0)) == datetime(2014, 5, 4, 17, 3, tzinfo=NY)
    equity = market_hours("equity", "usa", lean_data)
    assert equity.market_open("2013-10-07", extended=True) == datetime(2013, 10, 7, 4, 0, tzinfo=NY)


def test_open_during_is_vectorised_and_lean_like():
    hours = market_hours("equity", "usa")
    t = (
        pd.DatetimeIndex(
            [
                "2013-10-07 09:29",
                "2013-10-07 09:30",
                "2013-10-07 15:59",
                "2013-10-07 16:00",
                "2013-10-07 09:00",
            ]
        )
        .as_unit("ns")
        .asi8
    )
    period = np.array([60, 60, 60, 60, 3600]) * 1_000_000_000
    mask = hours.open_during(t, t + period)
    assert mask.tolist() == [
        False,
        True,
        True,
        False,
        True,
    ]  # the 09:00-10:00 hour bar overlaps 09:30


def test_xnys_session_table_matches_exchange_calendars():
    """The shipped XNYS table is what the installed exchange_calendars computes (else rewrite it
    with ``engine.data.market_hours.write_xnys_table()``)."""
    from importlib.metadata import version

    mh = importlib.import_module("engine.data.market_hours")
    table = json.loads(mh._XNYS_TABLE.read_text(encoding="utf-8"))
    assert table["exchange_calendars"] == version("exchange_calendars")
    sessions, early = mh._calendar_sessions(mh._xnys())
    assert table == mh.xnys_table(sessions, early, version("exchange_calendars"))
    assert mh.xnys_sessions() == (sessions, early)
    assert list(mh.xnys_sessions()[0]) == list(sessions)


def test_xnys_sessions_rebuilt_from_the_calendar_when_the_table_is_stale(tmp_path, monkeypatch):
    mh = importlib.import_module("engine.data.market_hours")
    stale = tmp_path / "xnys_sessions.json"
    stale.write_text(json.dumps({"exchange_calendars": "0.0", "range": [], "closed_weekdays": []}))
    monkeypatch.setattr(mh, "_XNYS_TABLE", stale)
    mh.xnys_sessions.cache_clear()
    try:
        sessions, early = mh.xnys_sessions()
    finally:
        mh.xnys_sessions.cache_clear()
    assert (date(2013, 10, 7) in sessions) and (date(2013, 12, 25) not in sessions)
    assert sessions[date(2013, 11, 29)] == (34200, 46800) and date(2013, 11, 29) in early


def test_lean_next_market_open_and_close():
    """LEAN's SecurityExchangeHours.GetNextMarketOpen / GetNextMarketClose: exchange-local naive
    times strictly after the given instant; a date stands for its midnight."""
    hours = market_hours("equity", "usa")
    assert hours.get_next_market_open(date(2013, 10, 7), False) == datetime(2013, 10, 7, 9, 30)
    assert hours.get_next_market_open(datetime(2013, 10, 7, 9, 30)) == datetime(2013, 10, 8, 9, 30)
    # Friday after the open: Monday
    assert hours.get_next_market_open(datetime(2013, 10, 11, 10)) == datetime(2013, 10, 14, 9, 30)
    assert hours.get_next_market_open(date(2013, 10, 7), True) == datetime(2013, 10, 7, 4, 0)
    assert hours.get_next_market_close(date(2013, 10, 7), False) == datetime(2013, 10, 7, 16, 0)
    assert hours.get_next_market_close(datetime(2013, 10, 7, 16)) == datetime(2013, 10, 8, 16, 0)
    assert hours.get_next_market_close(date(2013, 10, 7), True) == datetime(2013, 10, 7, 20, 0)
    # the day after Thanksgiving closes early
    assert hours.get_next_market_close(date(2013, 11, 28)) == datetime(2013, 11, 29, 13, 0)
    assert hours.GetNextTradingDay(date(2013, 10, 11)) == datetime(2013, 10, 14)


def test_next_market_close_of_an_overnight_market_skips_midnight():
    """Oanda forex closes 16:58-17:03 each day; its 17:03-24:00 segment runs on into the next
    day, so the close after 17:03 is the next day's 16:58, not midnight."""
    hours = market_hours("forex", "oanda")
    assert hours.get_next_market_close(datetime(2013, 10, 8, 12)) == datetime(2013, 10, 8, 16, 58)
    assert hours.get_next_market_close(datetime(2013, 10, 8, 18)) == datetime(2013, 10, 9, 16, 58)


def _index_hours_database(folder) -> None:
    """An index market whose ``[*]`` entry closes at 15:20 and whose ticker "ABC" closes at 15:15
    (Chicago), as LEAN's database has for ``Index-usa-[*]`` and ``Index-usa-SPX``."""

    def entry(close: str) -> dict:
        day = [{"start": "08:30:00", "end": close, "state": "market"}]
        week = {d: day for d in ("monday", "tuesday", "wednesday", "thursday", "friday")}
        return {
            "dataTimeZone": "America/Chicago",
            "exchangeTimeZone": "America/Chicago",
            "sunday": [],
            "saturday": [],
            **week,
        }

    path = folder / "market-hours" / "market-hours-database.json"
    path.parent.mkdir(parents=True)
    entries = {"Index-usa-[*]": entry("15:20:00"), "Index-usa-ABC": entry("15:15:00")}
    path.write_text(json.dumps({"entries": entries}))


def test_a_tickers_own_entry_wins_over_the_markets(tmp_path):
    from engine.data.market_hours import exchange_time_zone, symbol_market_hours
    from engine.model import SecurityType, Symbol

    _index_hours_database(tmp_path)
    chicago = ZoneInfo("America/Chicago")
    own = market_hours("index", "usa", tmp_path, "ABC")
    shared = market_hours("index", "usa", tmp_path, "XYZ")
    assert own.market_close("2013-10-08") == datetime(2013, 10, 8, 15, 15, tzinfo=chicago)
    assert shared.market_close("2013-10-08") == datetime(2013, 10, 8, 15, 20, tzinfo=chicago)
    assert market_hours("index", "usa", tmp_path) is shared  # tickers without an entry share [*]
    by_symbol = symbol_market_hours(Symbol.create("abc", SecurityType.INDEX, "usa"), tmp_path)
    assert by_symbol is own
    assert exchange_time_zone("index", "usa", tmp_path, "ABC") == "America/Chicago"


def test_database_symbol_key_follows_lean():
    from engine.data.market_hours import database_symbol_key
    from engine.model import SecurityType, Symbol
    from engine.model.enums import OptionRight, OptionStyle

    equity = Symbol.create("SPY", SecurityType.EQUITY, "usa")
    option = Symbol.create_option(
        equity, "usa", OptionStyle.AMERICAN, OptionRight.CALL, 170, datetime(2013, 10, 19)
    )
    assert database_symbol_key(equity) == "SPY"
    assert database_symbol_key(option) == "SPY"  # an equity option reads its underlying's entry
    assert database_symbol_key(None) == ""
