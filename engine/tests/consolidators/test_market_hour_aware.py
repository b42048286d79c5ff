"""LEAN's public MarketHourAwareConsolidator constructor (Common/Data/Consolidators/
MarketHourAwareConsolidator.cs): periods anchored to the market open and clipped at the close,
resolution periods, strict daily sessions, and the exchange hours' previous market open."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from engine.consolidators import MarketHourAwareConsolidator, TradeBarConsolidator
from engine.data import market_hours
from engine.model import QuoteBar, Resolution, SecurityType, Symbol, TickType, TradeBar
from engine.tests.runner.helpers import debug_lines, run

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
EURUSD = Symbol("EURUSD", SecurityType.FOREX, "oanda")


def minute_bars(day: datetime, first: datetime, last: datetime) -> list[TradeBar]:
    out, t = [], first
    while t <= last:
        out.append(TradeBar(t, SPY, 1, 2, 0.5, 1.5, 10, timedelta(minutes=1)))
        t += timedelta(minutes=1)
    return out


def collect(consolidator) -> list:
    out: list = []
    consolidator.data_consolidated += lambda sender, bar: out.append(bar)
    return out


def test_previous_market_open() -> None:
    hours = market_hours("equity", "usa")
    assert hours.get_previous_market_open(datetime(2013, 10, 7, 12), False) == datetime(
        2013, 10, 7, 9, 30
    )
    assert hours.get_previous_market_open(datetime(2013, 10, 7, 12), True) == datetime(
        2013, 10, 7, 4
    )
    # before Monday's open: Friday's
    assert hours.get_previous_market_open(datetime(2013, 10, 7, 9), False) == datetime(
        2013, 10, 4, 9, 30
    )
    assert hours.get_previous_market_open(datetime(2013, 10, 7, 9, 30), False) == datetime(
        2013, 10, 7, 9, 30
    )


def test_an_odd_period_is_anchored_to_the_open_and_clipped_at_the_close() -> None:
    consolidator = MarketHourAwareConsolidator(
        False, timedelta(minutes=7), TradeBar, TickType.TRADE, False
    )
    consolidator.exchange_hours = market_hours("equity", "usa")
    bars = collect(consolidator)
    day = datetime(2013, 10, 7)
    for bar in minute_bars(day, datetime(2013, 10, 7, 4), datetime(2013, 10, 7, 19, 59)):
        consolidator.update(bar)
    consolidator.scan(datetime(2013, 10, 8))
    assert (bars[0].time, bars[0].end_time) == (
        datetime(2013, 10, 7, 9, 30),
        datetime(2013, 10, 7, 9, 37),
    )
    assert (bars[-1].time, bars[-1].end_time) == (
        datetime(2013, 10, 7, 15, 55),
        datetime(2013, 10, 7, 16),
    )
    assert len(bars) == 56  # 390 minutes: 55 bars of 7 and one of 5
    assert bars[0].volume == 70 and bars[-1].volume == 50


def test_extended_hours_anchor_to_the_pre_market_open() -> None:
    consolidator = MarketHourAwareConsolidator(
        False, timedelta(minutes=7), TradeBar, TickType.TRADE, True
    )
    consolidator.exchange_hours = market_hours("equity", "usa")
    bars = collect(consolidator)
    for bar in minute_bars(
        datetime(2013, 10, 7), datetime(2013, 10, 7, 4), datetime(2013, 10, 7, 19, 59)
    ):
        consolidator.update(bar)
    consolidator.scan(datetime(2013, 10, 8))
    assert bars[0].time == datetime(2013, 10, 7, 4)
    # 16 hours of 7-minute bars: 137 bars and a last one of 1 minute ending at 20:00
    assert len(bars) == 138 and bars[-1].end_time == datetime(2013, 10, 7, 20)


def test_a_resolution_period_and_daily_sessions() -> None:
    hourly = MarketHourAwareConsolidator(False, Resolution.HOUR, TradeBar, TickType.TRADE, False)
    assert isinstance(hourly, MarketHourAwareConsolidator)
    hourly.exchange_hours = market_hours("equity", "usa")
    hours_out = collect(hourly)
    daily = MarketHourAwareConsolidator(True, Resolution.DAILY, TradeBar, TickType.TRADE, False)
    days_out = collect(daily)  # no hours given: the first data point's symbol names them
    for bar in minute_bars(
        datetime(2013, 10, 7), datetime(2013, 10, 7, 9, 30), datetime(2013, 10, 7, 15, 59)
    ):
        hourly.update(bar)
        daily.update(bar)
    hourly.scan(datetime(2013, 10, 8))
    daily.scan(datetime(2013, 10, 8))
    assert [b.time.hour for b in hours_out] == [9, 10, 11, 12, 13, 14, 15]
    assert hours_out[0].time == datetime(2013, 10, 7, 9)  # plain hours, not from the open
    assert [(b.time, b.end_time) for b in days_out] == [
        (datetime(2013, 10, 7, 9, 30), datetime(2013, 10, 7, 16))
    ]


def test_bad_arguments_say_what_is_wrong() -> None:
    with pytest.raises(TypeError, match="Tick, TradeBar or QuoteBar"):
        MarketHourAwareConsolidator(False, timedelta(minutes=7), int, TickType.TRADE, False)
    with pytest.raises(ValueError, match="positive"):
        MarketHourAwareConsolidator(False, timedelta(0), QuoteBar, TickType.QUOTE, False)
    assert isinstance(TradeBarConsolidator(timedelta(minutes=1)), TradeBarConsolidator)


SEVEN_MINUTES = """
class SevenMinutes(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        consolidator = MarketHourAwareConsolidator(True, timedelta(minutes=7), TradeBar, TickType.TRADE, False)
        consolidator.data_consolidated += self.on_bar
        self.subscription_manager.add_consolidator(self.spy, consolidator)
        self.bars = []

    def on_bar(self, sender, bar):
        if bar.time.day == 7:
            self.bars.append((bar.time.strftime("%H:%M"), bar.end_time.strftime("%H:%M")))

    def on_end_of_algorithm(self):
        self.debug(f"bars {len(self.bars)} {self.bars[0]} {self.bars[-1]}")
"""


def test_registered_consolidator_takes_the_symbols_hours(tmp_path: Path, lean_data: Path) -> None:
    # (the first day's clipped last bar is emitted when the next day's data arrives)
    outcome = run(tmp_path / "p", SEVEN_MINUTES, lean_data)
    assert outcome.error is None, outcome.error
    assert "bars 56 ('09:30', '09:37') ('15:55', '16:00')" in "\n".join(debug_lines(outcome))
