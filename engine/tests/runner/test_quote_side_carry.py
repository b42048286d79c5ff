"""A quote bar missing one side takes it from the previous bar (LEAN's
QuoteBarFillForwardEnumerator on every fill-forward quote subscription), here for an equity
option on LEAN's sample data: the GOOG 600 call's 14:59 bar of 2015-12-23 has an ask but no bid."""

from __future__ import annotations

from helpers import debug_lines, run

SELL_AT_THREE = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 23)
        self.set_end_date(2015, 12, 23)
        self.set_cash(100000)
        self.add_equity("GOOG")
        calls = [s for s in self.option_chain("GOOG")
                 if s.id.option_right == OptionRight.CALL and s.id.strike_price == 600]
        self.call = sorted(calls, key=lambda s: s.id.date)[0]
        self.add_option_contract(self.call)

    def on_data(self, data):
        if self.time.hour == 15 and self.time.minute == 0:
            bar = data.quote_bars.get(self.call)
            bid = None if bar is None or bar.bid is None else bar.bid.close
            self.debug(f"bar bid {bid} ask {bar.ask.close if bar else None}")
            self.market_order(self.call, -1)

    def on_order_event(self, event):
        if event.status == OrderStatus.FILLED:
            self.debug(f"filled {event.fill_price}")
"""


def test_a_bar_without_a_bid_keeps_the_previous_bid(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SELL_AT_THREE, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # the file's 14:59 bar has ask 150.6 and an empty bid; the 14:58 bar's bid was 146.0
    assert "bar bid 146.0 ask 150.6" in lines
    # a market sell fills at that bid, not at the ask alone
    assert "filled 146.0" in lines
