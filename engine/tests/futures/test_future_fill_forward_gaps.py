"""Fill-forward of a minute future over days without data (LEAN's FillForwardEnumerator runs over
the whole subscription: a contract with no trades for days still gets a filled-forward bar every
minute its market is open), and the market's shared holidays in every entry of the market-hours
database. The ES sample has minute files on 2013-10-11 and 2013-10-14, then not before 10-29."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.data import market_hours
from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def es_data(lean_data: Path) -> Path:
    if not (lean_data / "future" / "cme" / "minute" / "es" / "20131014_trade.zip").is_file():
        pytest.skip("no ES minute sample data")
    return lean_data


GAP_ALGORITHM = """
class GapAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 14)
        self.set_end_date(2013, 10, 23)
        future = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.MINUTE)
        future.set_filter(0, 90)
        self.counts = {}

    def on_data(self, data):
        for symbol, bar in data.bars.items():
            if symbol.value != "ES20Z13":
                continue
            key = (str(self.time.date()), bar.is_fill_forward)
            self.counts[key] = self.counts.get(key, 0) + 1
            if key == ("2013-10-15", True) and self.counts[key] == 1:
                self.debug(f"first filled-forward {self.time} close {bar.close}")

    def on_end_of_algorithm(self):
        self.debug(f"counts {sorted(self.counts.items())}")
"""


def test_a_minute_future_fills_forward_over_days_without_data(
    tmp_path: Path, es_data: Path
) -> None:
    outcome = run(tmp_path / "p", GAP_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    line = next(x for x in debug_lines(outcome) if "counts" in x)
    counts = eval(line.split("counts ", 1)[1])  # noqa: S307 (our own algorithm's list)
    by_day = dict(counts)
    # every weekday of the gap: one filled-forward bar per minute of the 09:30-17:00 session
    for day in ("2013-10-15", "2013-10-16", "2013-10-17", "2013-10-18", "2013-10-21"):
        assert by_day.get((day, True)) == 450, (day, counts)
        assert (day, False) not in by_day
    assert ("2013-10-19", True) not in by_day  # a Saturday: the market is closed


def test_a_filled_forward_bar_copies_the_last_bar_of_the_file(
    tmp_path: Path, es_data: Path
) -> None:
    # the 2013-10-14 file runs to 19:59 New York (close 1709), past the session's 16:59 bar
    # (close 1705.5): LEAN fills forward from the last bar it read, then drops the bars outside
    # the session (SubscriptionFilterEnumerator comes after the FillForwardEnumerator)
    outcome = run(tmp_path / "p", GAP_ALGORITHM, es_data)
    assert outcome.error is None, outcome.error
    first = next(x for x in debug_lines(outcome) if "first filled-forward" in x)
    assert first.endswith("first filled-forward 2013-10-15 09:31:00 close 1709.0"), first


def test_every_entry_adds_its_markets_shared_holidays(es_data: Path) -> None:
    # Future-cme-ES lists only its own two holidays; Future-cme-[*] has the exchange's (LEAN's
    # MarketHoursDatabaseJsonConverter merges them into every entry of the market)
    es = market_hours("future", "cme", es_data, "ES")
    assert not es.is_date_open(date(2013, 12, 25))
    assert not es.is_date_open(date(2014, 1, 1))
    assert es.is_date_open(date(2013, 12, 24))
