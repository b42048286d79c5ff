"""Continuous futures over LEAN's ES sample (minute files for a few days of October-December
2013 only): the regular-session daily bars of an extended-hours subscription, ``is_market_open``,
contract depth offsets, fill-forwarded history and scheduled events after the end date. The
algorithms are written here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


def messages(outcome) -> list[str]:
    """The debug messages without their time stamps."""
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


@pytest.fixture()
def es_data(lean_data: Path) -> Path:
    if not (lean_data / "future" / "cme" / "minute" / "es" / "20131014_trade.zip").is_file():
        pytest.skip("no ES minute sample data")
    return lean_data


EXTENDED_ALGORITHM = """
class ExtendedAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.es = self.add_future(Futures.Indices.SP_500_E_MINI, extended_market_hours=True)
        if self.get_parameter("extended_daily") == "1":
            self.settings.daily_consolidation_use_extended_market_hours = True
        self.consolidate(self.es.symbol, Resolution.DAILY, self.on_daily)
        self.open_at = {}

    def on_daily(self, bar):
        self.debug(f"daily {bar.time} {bar.end_time}")

    def on_data(self, slice):
        for hour in (8, 10, 20):
            if self.time.hour == hour and self.time.minute == 5:
                self.open_at[hour] = self.is_market_open(self.es.symbol)

    def on_end_of_algorithm(self):
        self.debug(f"open {sorted(self.open_at.items())}")
"""


def test_extended_hours_future_is_market_open_only_in_the_regular_session(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", EXTENDED_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    # LEAN's IsMarketOpen asks the security for its regular hours (IsMarketOpen(false))
    assert messages(outcome)[-1] == "open [(8, False), (10, True), (20, False)]"


def test_extended_hours_daily_bars_keep_to_the_regular_session(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", EXTENDED_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    daily = [line for line in messages(outcome) if line.startswith("daily")]
    # settings.daily_consolidation_use_extended_market_hours is off by default: 09:30-17:00
    assert daily[:2] == [
        "daily 2013-10-07 09:30:00 2013-10-07 17:00:00",
        "daily 2013-10-08 09:30:00 2013-10-08 17:00:00",
    ], daily


def test_extended_daily_consolidation_when_the_setting_is_on(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", EXTENDED_ALGORITHM, es_data, parameters={"extended_daily": "1"})
    assert outcome.error is None, outcome.error
    daily = [line for line in messages(outcome) if line.startswith("daily")]
    assert daily and not daily[0].startswith("daily 2013-10-07 09:30:00"), daily


DEPTH_ALGORITHM = """
class DepthAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.front = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.DAILY)
        self.back = None

    def on_end_of_algorithm(self):
        closes = []
        for depth in range(3):
            frame = self.history([self.front.symbol], datetime(2013, 10, 8), datetime(2013, 10, 10),
                                 Resolution.DAILY, contract_depth_offset=depth)
            closes.append(round(float(frame.close.iloc[-1]), 4))
        self.debug(f"mapped {self.front.mapped.value} closes {closes}")
"""

BACK_MONTH_ALGORITHM = """
class BackMonthAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.back = self.add_future(Futures.Indices.SP_500_E_MINI, contract_depth_offset=1,
                                    data_normalization_mode=DataNormalizationMode.RAW)

    def on_end_of_algorithm(self):
        self.debug(f"mapped {self.back.mapped.value} price {self.back.price} "
                   f"contract {self.securities[self.back.mapped].price}")
"""


def test_history_of_each_contract_depth_follows_its_own_contract(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", DEPTH_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    message = messages(outcome)[-1]
    assert message.startswith("mapped ES20Z13 closes "), message
    closes = message.split("closes ")[1]
    # the front (Dec 2013), the next quarterly (Mar 2014) and the one after (Jun 2014) contracts
    assert len(set(ast.literal_eval(closes))) == 3, message


def test_a_contract_depth_offset_maps_the_back_month_contract(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", BACK_MONTH_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    words = messages(outcome)[-1].split()
    # LEAN's Symbol.UpdateMappedSymbol with offset 1: the quarterly contract after the mapped one
    assert words[:2] == ["mapped", "ES21H14"], words
    # raw prices: the continuous contract's price is its mapped contract's
    assert words[3] == words[5], words


HISTORY_GAP_ALGORITHM = """
class HistoryGapAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 27)
        self.set_end_date(2013, 12, 27)
        self.contract = Symbol.create_future("ES", Market.CME, datetime(2014, 6, 20))
        self.add_future_contract(self.contract, Resolution.DAILY)

    def on_end_of_algorithm(self):
        for ff in (None, False):
            kwargs = {} if ff is None else {"fill_forward": ff}
            frame = self.history(self.contract, datetime(2013, 12, 19), datetime(2013, 12, 27),
                                 Resolution.DAILY, **kwargs)
            days = [str(t[-1])[5:10] for t in frame.index]
            self.debug(f"{ff} {' '.join(days)} {frame.close.iloc[1] == frame.close.iloc[2]}")
"""


def test_daily_history_fills_forward_as_its_subscription(tmp_path: Path, es_data: Path) -> None:
    outcome = run(tmp_path / "p", HISTORY_GAP_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    default, without = messages(outcome)[-2:]
    # es_trade_201406 has no rows for 2013-12-23 and 24: without fill_forward the subscription's
    # setting (on) applies, as LEAN's HistoryRequestFactory; fill_forward=False reads the rows
    assert default.startswith("None 12-19 12-20 12-23 12-24"), default
    assert default.endswith("True"), default
    assert without.startswith("False 12-19 12-20 12-26"), without


MIDNIGHT_EVENT_ALGORITHM = """
class MidnightEventAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 9)
        self.add_future(Futures.Indices.SP_500_E_MINI, extended_market_hours=True)
        self.times = []
        self.schedule.on(self.date_rules.every_day(), self.time_rules.every(timedelta(hours=6)),
                         lambda: self.times.append(str(self.time)))

    def on_end_of_algorithm(self):
        self.debug(f"{len(self.times)} {self.times[-1]}")
"""


def test_a_scheduled_event_runs_with_the_time_slice_after_the_end_date(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", MIDNIGHT_EVENT_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    # the extended-hours bar 23:59-00:00 of the end date makes a time slice at the next midnight;
    # LEAN's ScheduleManager takes the rule's dates without an end, so its 00:00 event runs
    assert messages(outcome)[-1] == "9 2013-10-10 00:00:00", messages(outcome)[-1]
