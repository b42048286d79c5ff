"""Daily history of a continuous future added with extended market hours: the daily files' rows of
dates without a regular session (Sundays) are dropped as LEAN's strict end times
drop them (LeanData.SetStrictEndTimes), and a bar count is one window of the exchange hours for
trade and quote bars alike (LEAN's GetStartTimeAlgoTz), filled forward or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run

EXTENDED_DAILY_HISTORY = """
class ExtendedDailyHistory(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 11, 27)
        self.set_end_date(2013, 12, 27)
        self.es = self.add_future(
            Futures.Indices.SP_500_E_MINI, Resolution.DAILY, extended_market_hours=True
        )

    def on_data(self, data):
        if self.time.day not in (27, 2, 26):
            return
        for fill_forward in (True, False):
            frame = self.history(self.es.symbol, 5, Resolution.DAILY, fill_forward=fill_forward)
            rows = [
                f"{t:%m-%d %H:%M}/{v:.0f}/{c:.2f}"
                for t, v, c in zip(frame.index.get_level_values("time"), frame.volume, frame.close)
            ]
            self.log(f"{self.time:%m-%d} ff={fill_forward} " + " ".join(rows))
"""


@pytest.fixture()
def es_daily(lean_data: Path) -> Path:
    if not (lean_data / "future" / "cme" / "daily" / "es_trade.zip").is_file():
        pytest.skip("no ES daily sample data")
    return lean_data


def test_daily_history_of_an_extended_hours_continuous_future(
    tmp_path: Path, es_daily: Path
) -> None:
    outcome = run(tmp_path / "p", EXTENDED_DAILY_HISTORY, es_daily)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    by_day = {line.split(" ")[0] + line.split(" ")[1]: line for line in lines}
    # the Sunday (11-24) row of the daily file is not a bar
    assert by_day["11-27ff=False"] == (
        "11-27 ff=False 11-21 17:00/1103130/1680.74 11-22 17:00/974537/1687.77 "
        "11-25 17:00/884675/1688.24 11-26 17:00/907025/1688.94 11-27 17:00/673046/1690.58"
    )
    # Thanksgiving's is, its regular session closing at 11:30 (an early close, the market
    # reopening at 18:00 for the next day)
    assert by_day["12-02ff=True"] == (
        "12-02 ff=True 11-26 17:00/907025/1688.94 11-27 17:00/673046/1690.58 "
        "11-28 11:30/9555/1694.33 11-29 13:15/585543/1690.34 12-02 17:00/1138161/1686.36"
    )
    # five periods of the hours back from 12-26 17:00: Christmas is a holiday of the CME's [*]
    # entry (every market-hours entry takes its market's holidays), so no period for 12-25
    assert by_day["12-26ff=False"] == (
        "12-26 ff=False 12-19 17:00/1028379/1694.19 12-20 17:00/1134383/1708.06 "
        "12-23 17:00/726694/1713.93 12-24 13:15/219065/1718.87 12-26 17:00/329272/1727.10"
    )
    assert by_day["12-26ff=True"] == by_day["12-26ff=False"].replace("ff=False", "ff=True")
