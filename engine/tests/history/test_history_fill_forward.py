"""History with ``fill_forward=True`` (LEAN's FillForwardEnumerator on history requests): minutes of
the market hours without a bar repeat the previous bar with volume 0, from the first bar on; without
it only the bars in the files come back."""

from __future__ import annotations

from helpers import debug_lines, run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.add_equity("SPY", Resolution.MINUTE)
        start, end = datetime(2013, 10, 7), datetime(2013, 10, 8)
        for ff, ext in ((True, True), (False, True), (True, False), (False, False)):
            frame = self.history(["SPY"], start, end, Resolution.MINUTE, ff, ext)
            self.debug(f"rows {ff} {ext} {len(frame)}")
        frame = self.history(["SPY"], start, end, Resolution.MINUTE, fill_forward=True,
                             extended_market_hours=True).loc["SPY"]
        zero = frame[frame["volume"] == 0]
        first = zero.index[0]
        before = frame.loc[:first].iloc[-2]
        self.debug(f"filled {len(zero)} {first:%H:%M} {zero.iloc[0]['close'] == before['close']}")
        self.debug(f"span {frame.index[0]:%H:%M} {frame.index[-1]:%H:%M}")
"""


def test_minute_history_fill_forward_over_extended_hours(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ALGO, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # 2013-10-07: 919 minute bars in the file between 04:00 and 20:00 (960 minutes), all 390
    # regular minutes present
    assert lines[:4] == [
        "rows True True 960",
        "rows False True 919",
        "rows True False 390",
        "rows False False 390",
    ]
    filled, first, same = lines[4].split()[1:]
    assert int(filled) >= 41 and same == "True"
    assert lines[5] == "span 04:01 20:00"
