"""``security.session``: the current trading day's OHLCV and the previous days' session bars
(LEAN's Common/Data/Market/Session.cs and SessionBar.cs)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from engine.api import run_backtest
from engine.model.data import Bar, QuoteBar, Tick, TradeBar
from engine.model.enums import SecurityType, TickType
from engine.model.symbol import Symbol
from engine.portfolio.security import Security, SecurityManager

MINUTE = timedelta(minutes=1)


class WeekdayHours:
    """A regular session 09:30-16:00 on weekdays (New York)."""

    time_zone = "America/New_York"

    def is_date_open(self, d: date) -> bool:
        return d.weekday() < 5

    def market_open(self, d: date) -> datetime | None:
        return datetime(d.year, d.month, d.day, 9, 30) if self.is_date_open(d) else None

    def market_close(self, d: date) -> datetime | None:
        return datetime(d.year, d.month, d.day, 16) if self.is_date_open(d) else None

    def is_open(self, local_dt: datetime, extended: bool = False) -> bool:
        mo, mc = self.market_open(local_dt.date()), self.market_close(local_dt.date())
        return mo is not None and mc is not None and mo <= local_dt < mc

    def next_open(self, local_dt: datetime) -> datetime:
        raise NotImplementedError

    def is_early_close(self, d: date) -> bool:
        return False


def make_security(
    security_type: SecurityType = SecurityType.EQUITY,
) -> tuple[Security, SecurityManager]:
    ticker = "SPY" if security_type == SecurityType.EQUITY else "EURUSD"
    market = "usa" if security_type == SecurityType.EQUITY else "oanda"
    manager = SecurityManager()
    security = manager.add(Security(Symbol(ticker, security_type, market), WeekdayHours()))
    return security, manager


def at(manager: SecurityManager, security: Security, local: datetime) -> None:
    """Move the shared clock to the exchange-local time ``local``."""
    manager.set_time(local.replace(tzinfo=security.time_zone))


def trade_bar(
    security: Security, start: datetime, o: float, h: float, low: float, c: float, v: float
) -> TradeBar:
    return TradeBar(start, security.symbol, o, h, low, c, v, MINUTE)


def feed(manager: SecurityManager, security: Security, bar: TradeBar | QuoteBar | Tick) -> None:
    at(manager, security, bar.end_time)
    security.update(bar)


def test_the_session_reads_zero_until_tracking_is_switched_on():
    security, manager = make_security()
    feed(manager, security, trade_bar(security, datetime(2013, 10, 7, 9, 30), 10, 11, 9, 10.5, 100))
    session = security.session
    assert (session.open, session.high, session.low, session.close, session.volume) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert session.open_interest == 0
    assert len(session) == 0


def test_the_working_bar_aggregates_regular_hours_only():
    security, manager = make_security()
    security.session.size = 3
    feed(manager, security, trade_bar(security, datetime(2013, 10, 7, 8, 0), 50, 60, 40, 55, 999))
    feed(manager, security, trade_bar(security, datetime(2013, 10, 7, 9, 30), 10, 11, 9, 10.5, 100))
    feed(
        manager, security, trade_bar(security, datetime(2013, 10, 7, 9, 31), 10.5, 12, 10, 11, 200)
    )
    feed(manager, security, trade_bar(security, datetime(2013, 10, 7, 9, 32), 11, 11.5, 8, 9, 50))
    session = security.session
    assert (session.open, session.high, session.low, session.close) == (10, 12, 8, 9)
    assert session.volume == 350
    assert session[0].time == datetime(2013, 10, 7)
    assert session.end_time == datetime(2013, 10, 8)


def test_a_new_day_moves_the_bar_to_the_window_and_starts_from_zero():
    security, manager = make_security()
    security.session.size = 3
    feed(manager, security, trade_bar(security, datetime(2013, 10, 4, 9, 30), 10, 11, 9, 10.5, 100))
    feed(
        manager, security, trade_bar(security, datetime(2013, 10, 4, 15, 59), 10.5, 13, 10, 12, 300)
    )
    # Monday: the clock moves on before any data of the day
    at(manager, security, datetime(2013, 10, 7, 9, 0))
    session = security.session
    assert (session.open, session.close, session.volume) == (0, 0, 0)
    assert session[0].time == datetime(2013, 10, 7)  # the next trading day after Friday
    friday = session[1]
    assert (friday.open, friday.high, friday.low, friday.close, friday.volume) == (
        10,
        13,
        9,
        12,
        400,
    )
    feed(manager, security, trade_bar(security, datetime(2013, 10, 7, 9, 30), 20, 21, 19, 20.5, 7))
    assert (session.open, session.volume) == (20, 7)
    assert session[1].close == 12
    assert len(session) == 2
    with pytest.raises(IndexError):
        session[3]


def test_filled_forward_bars_reach_the_session_but_not_the_cache():
    security, manager = make_security()
    security.session.size = 2
    feed(manager, security, trade_bar(security, datetime(2013, 10, 7, 9, 30), 10, 11, 9, 10.5, 100))
    ff = trade_bar(security, datetime(2013, 10, 7, 9, 31), 10.5, 10.5, 10.5, 10.5, 0)
    ff.is_fill_forward = True
    feed(manager, security, ff)
    assert security.session.close == 10.5 and security.session.volume == 100
    assert security.cache.last_trade_bar.time == datetime(2013, 10, 7, 9, 30)


def test_trade_ticks_make_the_bar_and_add_their_quantity():
    security, manager = make_security()
    security.session.size = 1
    for minute, price, qty in ((30, 10.0, 5), (31, 12.0, 1), (32, 11.0, 2)):
        tick = Tick(datetime(2013, 10, 7, 9, minute), security.symbol, price=price, quantity=qty)
        feed(manager, security, tick)
    session = security.session
    assert (session.open, session.high, session.low, session.close, session.volume) == (
        10,
        12,
        10,
        11,
        8,
    )


def test_a_forex_session_uses_the_bid_ask_mid():
    security, manager = make_security(SecurityType.FOREX)
    security.session.size = 2
    start = datetime(2013, 10, 7, 10, 0)
    q = QuoteBar(
        start, security.symbol, Bar(1.0, 1.2, 0.9, 1.1), 0, Bar(1.2, 1.4, 1.1, 1.3), 0, MINUTE
    )
    feed(manager, security, q)
    session = security.session
    assert session.open == pytest.approx(1.1)
    assert session.high == pytest.approx(1.3)
    assert session.low == pytest.approx(1.0)
    assert session.close == pytest.approx(1.2)
    assert security.session[0].source_tick_type == TickType.QUOTE


SESSION_ALGORITHM = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self.add_security_initializer(lambda s: setattr(s.session, "size", 2))
        self.spy = self.add_equity("SPY", Resolution.HOUR)
        self.bars = []
        self.schedule.on(self.date_rules.every_day(), self.time_rules.after_market_close("SPY", 1), self.check)

    def on_data(self, data):
        bar = data.bars.get("SPY")
        if bar is not None and bar.end_time.hour > 9:
            self.bars.append(bar)

    def check(self):
        today = [b for b in self.bars if b.end_time.date() == self.time.date()]
        s = self.spy.session
        hours = self.spy.exchange.hours
        opens = hours.get_next_market_open(self.time.date(), False)
        closes = hours.get_next_market_close(self.time.date(), False)
        self.debug(
            f"{self.time.date()} {s.open == today[0].open} {s.high == max(b.high for b in today)} "
            f"{s.low == min(b.low for b in today)} {s.close == today[-1].close} "
            f"{s.volume == sum(b.volume for b in today)} {opens.time()} {closes.time()}"
        )
        if self.time.day == 8:
            self.remove_security("SPY")

    def on_securities_changed(self, changes):
        if changes.removed_securities:
            again = self.add_equity("SPY", Resolution.MINUTE)
            self.debug(f"again {again is self.spy} {again.is_tradable} {again.session.size}")
"""


def test_the_session_follows_the_hour_bars_and_survives_removal(tmp_path, lean_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text("from AlgorithmImports import *\n" + SESSION_ALGORITHM)
    outcome = run_backtest(project, data_dir=lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in outcome.logs]
    assert lines == [
        "2013-10-07 True True True True True 09:30:00 16:00:00",
        "2013-10-08 True True True True True 09:30:00 16:00:00",
        "again True True 2",
        "2013-10-09 True True True True True 09:30:00 16:00:00",
    ]  # (no data after the end date's 16:00 bar: its 16:01 event does not run)
