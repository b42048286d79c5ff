"""A universe member whose subscription a selection ends gets none of the data of that selection's
time slice: LEAN's TimeSliceFactory.Create drops the packets of subscriptions removed while the
slice was built (DataFeedPacket.IsSubscriptionRemoved), after UniverseSelection reset the
security's cache. Selected again later, the security has no price until new data arrives."""

from __future__ import annotations

from helpers import debug_lines, run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date({start})
        self.set_end_date({end})
        self.universe_settings.resolution = Resolution.HOUR
        self.universe_settings.minimum_time_in_universe = timedelta(0)
        self.add_universe(self.date_rules.every_day(), {time_rule}, self.pick)
        self._seen = []
    def pick(self, time):
        return {selection}
    def on_securities_changed(self, changes):
        for s in changes.added_securities:
            self.debug(f"added {{s.symbol.value}} {{self.time:%d %H:%M}} price {{s.price}}")
        for s in changes.removed_securities:
            self.debug(f"removed {{s.symbol.value}} {{self.time:%d %H:%M}} price {{s.price}}")
    def on_data(self, data):
        if data.contains_key("{ticker}"):
            self._seen.append(self.time.strftime("%d %H:%M"))
    def on_end_of_algorithm(self):
        self.debug(f"seen {{self._seen}}")
"""


def _lines(outcome) -> list[str]:
    assert outcome.error is None, outcome.error
    return [line.split(" ", 2)[2] for line in debug_lines(outcome)]


def test_a_member_removed_at_noon_loses_that_bar_and_its_price(tmp_path, lean_data):
    """AAPL selected at 00:00 and dropped at 12:00 each day: its bar ending 12:00 never arrives,
    and re-selected the next midnight it has price 0 (LEAN's cache reset stays)."""
    outcome = run(
        tmp_path / "p",
        ALGO.format(
            start="2013, 10, 8",
            end="2013, 10, 9",
            time_rule="self.time_rules.every(timedelta(hours=12))",
            selection='["AAPL"] if time.hour == 0 else []',
            ticker="AAPL",
        ),
        lean_data,
    )
    assert _lines(outcome) == [
        "added AAPL 08 00:00 price 0.0",
        "removed AAPL 08 12:00 price 0.0",
        "added AAPL 09 00:00 price 0.0",
        "removed AAPL 09 12:00 price 0.0",
        "seen ['08 10:00', '08 11:00', '09 10:00', '09 11:00']",
    ]
