"""``universe_manager``, ``active_securities``, universe members/selected and the named
user-defined ``add_universe(name, selector)`` form, on demo data."""

from __future__ import annotations

from helpers import debug_lines, run


def test_named_universe_selects_daily_and_reports_members(tmp_path, demo_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 10)
                self.universe_settings.resolution = Resolution.DAILY
                self.u = self.add_universe("mine", self.select)
            def select(self, time):
                return ["AAPL", "MSFT"] if time.day == 8 else ["AAPL"]
            def on_securities_changed(self, changes):
                self.debug(f"changes {self.time:%m-%d} +{sorted(s.symbol.value for s in changes.added_securities)} "
                           f"-{sorted(s.symbol.value for s in changes.removed_securities)}")
            def on_end_of_algorithm(self):
                active = sorted(kvp.key.value for kvp in self.active_securities)
                self.debug(f"end {self.universe_manager.count} {active} {self.u.selected.count} "
                           f"{sorted(s.value for s in self.u.members)} "
                           f"{self.u.members.contains_key(Symbol.create('AAPL', SecurityType.EQUITY, Market.USA))}")
        """,
        demo_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[0] == "changes 07-08 +['AAPL', 'MSFT'] -[]"
    assert "changes 07-09 +[] -['MSFT']" in lines
    assert lines[-1] == "end 1 ['AAPL'] 1 ['AAPL'] True"


def test_manual_models_count_as_universes(tmp_path, demo_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 9)
                self.universe_settings.resolution = Resolution.DAILY
                spy = Symbol.create("SPY", SecurityType.EQUITY, Market.USA)
                aapl = Symbol.create("AAPL", SecurityType.EQUITY, Market.USA)
                self.set_universe_selection(ManualUniverseSelectionModel([spy]))
                self.add_universe_selection(ManualUniverseSelectionModel(spy, aapl))
            def on_end_of_algorithm(self):
                active = self.universe_manager.active_securities
                self.debug(f"end {self.universe_manager.count} {active.count} "
                           f"{sorted(s.value for s in active.keys())}")
        """,
        demo_data,
    )
    assert outcome.error is None, outcome.error
    assert debug_lines(outcome)[-1].endswith("end 2 2 ['AAPL', 'SPY']")


def test_removal_is_reported_at_once_even_while_holding(tmp_path, demo_data):
    # LEAN reports a deselected member as removed right away; only its subscription waits
    # until the position is closed
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 11)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe("mine", lambda t: ["AAPL"] if t.day == 8 else ["MSFT"])
            def on_data(self, data):
                if self.time.day == 8:
                    self.market_order("AAPL", 1)
                if self.time.day == 10:
                    self.debug(f"bars 07-10 {sorted(k.value for k in data.bars.keys())}")
            def on_securities_changed(self, changes):
                self.debug(f"changes {self.time:%m-%d} +{sorted(s.symbol.value for s in changes.added_securities)} "
                           f"-{sorted(s.symbol.value for s in changes.removed_securities)}")
        """,
        demo_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "changes 07-09 +['MSFT'] -['AAPL']" in lines, lines
    assert sum("-['AAPL']" in line for line in lines) == 1
    # still held, so still subscribed after the removal was reported
    assert "bars 07-10 ['AAPL', 'MSFT']" in lines, lines


def test_universe_top_selects_by_dollar_volume(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 25)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.universe.dollar_volume.top(2))
                self.add_universe(self.select)
            def select(self, fundamental):
                ranked = sorted(fundamental, key=lambda f: f.dollar_volume, reverse=True)
                self.debug(f"expected {sorted(f.symbol.value for f in ranked[:2])}")
                return []
            def on_securities_changed(self, changes):
                self.debug(f"added {sorted(s.symbol.value for s in changes.added_securities)} {Time.ONE_DAY}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    expected = next(line for line in lines if line.startswith("expected"))
    assert f"added {expected.split(' ', 1)[1]} 1 day, 0:00:00" in lines
