"""add_universe(name, resolution, selector): LEAN's UserDefinedUniverse, and removals reported when
the member is deselected even while it is still held."""

from __future__ import annotations

from helpers import debug_lines, run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 5)
        self.set_end_date(2024, 7, 16)
        self.universe_settings.resolution = Resolution.DAILY
        self.add_universe("MyUniverse", Resolution.DAILY, self.select)
        self.set_security_initializer(lambda s: self.debug(f"init {s.symbol.value} {self.time:%m-%d}"))
        self.to_buy = []
    def select(self, time):
        picked = ["SPY"] if time.day in (10, 11) else ["AAPL"]
        self.debug(f"select {time:%m-%d %H:%M} {picked}")
        return picked
    def on_securities_changed(self, changes):
        for security in changes.removed_securities:
            self.debug(f"removed {security.symbol.value} invested {security.invested}")
            self.liquidate(security.symbol)
        for security in changes.added_securities:
            self.debug(f"added {security.symbol.value} price {security.price}")
            self.to_buy.append(security.symbol)
    def on_data(self, data):
        for symbol in [s for s in self.to_buy if data.bars.contains_key(s)]:
            self.set_holdings(symbol, 0.5)
            self.to_buy.remove(symbol)
"""


def test_user_defined_universe_selects_each_trading_day_at_midnight(tmp_path, demo_data):
    outcome = run(tmp_path / "p", ALGO, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    selections = [line for line in lines if line.startswith("select")]
    # the start date always, then each trading day (07-06/07 a weekend)
    assert selections == [
        "select 07-05 00:00 ['AAPL']",
        "select 07-08 00:00 ['AAPL']",
        "select 07-09 00:00 ['AAPL']",
        "select 07-10 00:00 ['SPY']",
        "select 07-11 00:00 ['SPY']",
        "select 07-12 00:00 ['AAPL']",
        "select 07-15 00:00 ['AAPL']",
        "select 07-16 00:00 ['AAPL']",
    ]
    # a deselected member is reported removed at once although still held (liquidated then,
    # so safe to remove at the next selection); its subscription ends with its cached data (as
    # LEAN's UniverseSelection.RemoveSecurityFromUniverse), so AAPL selected again on 07-12 has
    # no price until its next bar, as SPY and AAPL when first added
    changes = [line for line in lines if line.startswith(("added", "removed"))]
    assert changes == [
        "added AAPL price 0.0",
        "removed AAPL invested True",
        "added SPY price 0.0",
        "removed SPY invested True",
        "added AAPL price 0.0",
    ]
    # uninitialized by the removal, the security initializer runs again when AAPL comes back
    # (LEAN's SecurityService.InitializeSecurity: a seeder there would give it a price)
    inits = [line for line in lines if line.startswith("init")]
    assert inits == ["init AAPL 07-05", "init SPY 07-10", "init AAPL 07-12"]


HOURLY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 8)
        self.universe_settings.resolution = Resolution.HOUR
        self.add_universe("Hourly", Resolution.HOUR, self.hourly)
        self.add_universe("Default", self.default)
    def hourly(self, time):
        self.debug(f"hourly {time:%H:%M}")
        return ["SPY"]
    def default(self, time):
        self.debug(f"default {time:%H:%M}")
        return ["AAPL"]
"""


def test_selection_interval_is_the_universe_resolution_daily_by_default(tmp_path, demo_data):
    outcome = run(tmp_path / "p", HOURLY, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # the first time always, then each hour that overlaps the 09:30-16:00 session; the form
    # without a resolution selects once a day whatever the universe settings say
    assert [x for x in lines if x.startswith("hourly")] == [
        "hourly 00:00",
        *(f"hourly {h:02d}:00" for h in range(9, 16)),
    ]
    assert [x for x in lines if x.startswith("default")] == ["default 00:00"]
