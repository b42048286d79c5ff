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
