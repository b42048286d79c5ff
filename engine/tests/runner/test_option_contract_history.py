"""History of an option contract and of an index at daily resolution on LEAN's sample data (SPX
and an SPX option, January 2021, each with bars on two days only): a request fills forward as
its subscription does (LEAN's HistoryRequestFactory), so a count of daily bars is one per
trading day, each spanning the session."""

from __future__ import annotations

from helpers import debug_lines, run

DAILY_HISTORY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 15)
        self.spx = self.add_index("SPX", Resolution.DAILY).symbol
        self.contract = Symbol.create_option(self.spx, Market.USA, OptionStyle.EUROPEAN,
                                             OptionRight.CALL, 3200, datetime(2021, 1, 15))
        self.add_index_option_contract(self.contract, Resolution.DAILY)

    def on_end_of_algorithm(self):
        for symbol in (self.contract, self.spx):
            frame = self.history(symbol, 10)
            times = sorted({t.strftime('%m-%d %H:%M') for t in frame.index.get_level_values('time')})
            self.debug(f"history {symbol.security_type} {len(frame)} {times[0]} {times[-1]} "
                       f"{frame['close'].iloc[-1]}")
            bare = self.history(symbol, 10, fill_forward=False)
            self.debug(f"unfilled {symbol.security_type} {len(bare)}")
"""


def test_daily_history_of_an_option_contract_fills_forward(tmp_path, lean_data):
    outcome = run(tmp_path / "p", DAILY_HISTORY, lean_data)
    assert outcome.error is None, outcome.error
    text = "\n".join(debug_lines(outcome))
    # indexoption/usa/daily/spx_2021_*_european.zip: quotes of Jan 4 and 14, one trade on Jan 4
    # (close 487.51, filled forward); times end at the 15:15 Chicago close
    assert "history IndexOption 10 01-04 15:15 01-15 15:15 487.51" in text, text
    assert "unfilled IndexOption 2" in text, text
    assert "history Index 10 01-04 15:15 01-15 15:15 3795.54" in text, text
    assert "unfilled Index 2" in text, text
