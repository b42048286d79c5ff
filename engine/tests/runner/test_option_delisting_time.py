"""An equity option is delisted, and exercised or expired, at the midnight ending its last
trading day even when the next trading day is later (LEAN's DelistingEventProvider makes the
delisting when the data reaches the next trading day but dates it the day after the last trading
day, and it is emitted at that time, before the next day's data). On LEAN's sample data: GOOG
options expiring Thursday 2015-12-24, the market closed on Friday the 25th."""

from __future__ import annotations

from helpers import debug_lines, run

EXPIRY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 28)
        self.set_cash(100000)
        self.add_equity("GOOG")
        chain = self.option_chain("GOOG")
        self.call = next(c.symbol for c in chain if c.right == OptionRight.CALL
                         and c.expiry.day == 24 and c.strike == 745)
        self.add_option_contract(self.call)

    def on_data(self, data):
        for delisting in data.delistings.values():
            self.debug(f"delisting {delisting.type} {self.time:%Y-%m-%d %H:%M} {delisting.time:%Y-%m-%d}")
        if not self.portfolio.invested and self.time.day == 24:
            self.market_order(self.call, 1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED and e.symbol == self.call and e.fill_quantity < 0:
            self.debug(f"exercised {self.time:%Y-%m-%d %H:%M}")
"""


def test_the_delisting_and_the_exercise_come_at_the_midnight_ending_the_last_day(
    tmp_path, lean_data
):
    outcome = run(tmp_path / "p", EXPIRY, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert sorted(lines) == [
        "delisting Delisted 2015-12-25 00:00 2015-12-25",
        "delisting Warning 2015-12-24 00:00 2015-12-24",
        "exercised 2015-12-25 00:00",
    ]
