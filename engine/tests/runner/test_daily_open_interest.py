"""Daily open interest under ``settings.daily_precise_end_time`` on LEAN's sample data (an SPX
index option, January 2021): each point ends at its session's close, as the bars do, so it
brings no slice of its own at midnight."""

from __future__ import annotations

from helpers import debug_lines, run

DAILY_OPEN_INTEREST = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 14)
        spx = self.add_index("SPX", Resolution.DAILY).symbol
        self.contract = Symbol.create_option(spx, Market.USA, OptionStyle.EUROPEAN, OptionRight.CALL,
                                             3200, datetime(2021, 1, 15))
        self.add_index_option_contract(self.contract, Resolution.DAILY)

    def on_data(self, data):
        self.debug(f"slice {self.time} {self.securities[self.contract].open_interest}")
"""


def test_daily_open_interest_ends_at_the_session_close(tmp_path, lean_data):
    outcome = run(tmp_path / "p", DAILY_OPEN_INTEREST, lean_data)
    assert outcome.error is None, outcome.error
    slices = [line.split(" ", 3)[3] for line in debug_lines(outcome) if " slice " in line]
    # every slice at the 16:15 New York close (15:15 Chicago); the file's rows of Jan 4 and 14
    assert all(s.split()[1] == "16:15:00" for s in slices), slices
    assert slices[0] == "2021-01-04 16:15:00 11755.0", slices
    assert slices[-2:] == ["2021-01-13 16:15:00 11755.0", "2021-01-14 16:15:00 11749.0"], slices
