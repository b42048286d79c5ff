"""A security the algorithm added at one resolution and a universe selects at another gets the
universe's subscription beside its own, as LEAN keeps one subscription per configuration
(Common/Data/SubscriptionDataConfig.cs compares resolutions): a minute subscription without data
still has the universe's daily prices."""

from __future__ import annotations

from helpers import debug_lines, run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 3, 25)
        self.set_end_date(2014, 3, 27)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.universe_settings.resolution = {resolution}
        self.add_universe("picks", lambda time: ["SPY"])
    def on_data(self, data):
        if data.bars.contains_key(self.spy):
            bar = data.bars[self.spy]
            self.debug(f"{{bar.end_time:%d %H:%M}} {{bar.close}} price {{self.securities[self.spy].price}}")
"""


def _lines(outcome) -> list[str]:
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    return [line for line in lines if not line.startswith("Warning:")]


def test_a_minute_security_without_minute_data_has_its_universes_daily_bars(tmp_path, lean_data):
    """The sample folder has no SPY minute data in March 2014, only daily bars: selected by a
    daily universe, SPY gets them (before, the universe's subscription was never added and SPY
    kept price 0), as LEAN's AllShortableSymbolsCoarseSelectionRegressionAlgorithm needs."""
    outcome = run(tmp_path / "p", ALGO.format(resolution="Resolution.DAILY"), lean_data)
    lines = [line.split(" ") for line in _lines(outcome)]
    closes = {f"{day} {time}": float(close) for day, time, close, _, _ in lines if time == "16:00"}
    assert list(closes) == ["25 16:00", "26 16:00", "27 16:00"]
    assert len(set(closes.values())) == 3 and all(close > 0 for close in closes.values())
    # between the daily bars they fill forward at the algorithm's finest resolution (minute)
    assert sum(1 for day, *_ in lines if day == "26") == 390
    assert all(close == price for _, _, close, _, price in lines)


def test_a_universe_at_the_securitys_own_resolution_adds_no_second_subscription(
    tmp_path, lean_data
):
    """Selected at its own (minute) resolution, the security keeps one subscription: no bar twice."""
    outcome = run(tmp_path / "p", ALGO.format(resolution="Resolution.MINUTE"), lean_data)
    assert _lines(outcome) == []


KEPT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.universe_settings.resolution = Resolution.MINUTE
        self.add_universe("picks", lambda time: ["SPY", "AIG"] if time.day == 7 else ["AIG"])
        self.counts = {}
    def on_data(self, data):
        if data.bars.contains_key(self.spy):
            self.counts[self.time.day] = self.counts.get(self.time.day, 0) + 1
    def on_securities_changed(self, changes):
        removed = [s.symbol.value for s in changes.removed_securities]
        if removed:
            self.debug(f"removed {removed} price {self.securities[self.spy].price}")
    def on_end_of_algorithm(self):
        self.debug(f"counts {self.counts}")
"""


def test_a_security_the_algorithm_added_keeps_its_data_when_a_universe_drops_it(
    tmp_path, lean_data
):
    """SPY added by the algorithm and selected by a universe on the 7th only: the universe reports
    its removal (LEAN does not check other universes), but the algorithm's own subscription stays,
    with its price, as LEAN's UserDefinedUniverse keeps holding it (before, SPY's data stopped)."""
    lines = _lines(run(tmp_path / "p", KEPT, lean_data))
    assert lines[0].startswith("removed ['SPY'] price ") and float(lines[0].rsplit(" ", 1)[1]) > 0
    assert lines[1:] == ["counts {7: 390, 8: 390, 9: 390}"]
