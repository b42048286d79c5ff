"""``universe_settings.schedule``, ``add_universe(date_rule, fn)`` and ``FundamentalUniverse.usa``:
fundamental universes selecting on a schedule (LEAN's ScheduledEnumerator and DataManager)."""

from __future__ import annotations

from helpers import debug_lines, run

ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 3)
        self.set_end_date(2024, 7, 12)
        self.universe_settings.resolution = Resolution.DAILY
        # a weekly rule fired in the year before the start: selects at the start, then Mondays
        self.add_universe(self.date_rules.every(DayOfWeek.MONDAY), self.make("weekly"))
        # specific dates all after the start: no selection at the start; a Saturday counts
        other = UniverseSettings(self.universe_settings)
        other.schedule.on(self.date_rules.on(datetime(2024, 7, 5), datetime(2024, 7, 6)))
        self.add_universe(FundamentalUniverse.usa(self.make("dates"), other))
        # the algorithm's settings were not changed by the copy: every trading day
        self.add_universe(FundamentalUniverse.usa(self.make("plain")))
    def make(self, name):
        def select(fundamentals):
            self.debug(f"{name} {self.time:%a %m-%d %H:%M}")
            return ["SPY"]
        return select
"""


def test_scheduled_fundamental_universes_select_on_their_dates(tmp_path, demo_data):
    outcome = run(tmp_path / "p", ALGO, demo_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]

    def of(name: str) -> list[str]:
        return [line.split(" ", 1)[1] for line in lines if line.startswith(name + " ")]

    assert of("weekly") == ["Wed 07-03 00:00", "Mon 07-08 00:00"]
    assert of("dates") == ["Fri 07-05 00:00", "Sat 07-06 00:00"]
    # (after each trading day: 07-04 is a holiday, so nothing on 07-05)
    assert of("plain")[:3] == ["Wed 07-03 00:00", "Thu 07-04 00:00", "Sat 07-06 00:00"]


def test_a_coarse_universe_without_selector_selects_every_symbol_of_its_data(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 25)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(CoarseFundamental)
            def on_securities_changed(self, changes):
                self.debug(f"added {len(changes.added_securities)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    added = [int(line.rsplit(" ", 1)[1]) for line in debug_lines(outcome) if " added " in line]
    assert added and added[0] > 7000  # the 2014-03-24 coarse file lists more than 7,000 equities


def test_intraday_scheduled_selection_runs_in_its_own_time_slice(tmp_path, lean_data):
    """A selection at 12:00 sees the morning's prices and its members' data starts after it, as
    LEAN selects in the time slice of the trigger time (not before the day's data)."""
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 8)
                self.set_end_date(2013, 10, 9)
                self.universe_settings.resolution = Resolution.HOUR
                self._spy = self.add_equity("SPY", Resolution.HOUR).symbol
                self.add_universe(self.date_rules.every_day(), self.time_rules.at(12, 0), self.pick)
                self._seen = set()
            def pick(self, time):
                price = self.securities[self._spy].price
                self.debug(f"select {self.time:%d %H:%M} {time:%H:%M} spy>0 {price > 0}")
                return ["AAPL"] if time.day == 8 else []
            def on_securities_changed(self, changes):
                added = [s.symbol.value for s in changes.added_securities]
                removed = [s.symbol.value for s in changes.removed_securities]
                self.debug(f"changes {self.time:%d %H:%M} +{added} -{removed}")
            def on_data(self, data):
                if data.contains_key("AAPL"):
                    self._seen.add(self.time.strftime("%d %H:%M"))
            def on_end_of_algorithm(self):
                self.debug(f"aapl {sorted(self._seen)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    lines = [x for x in lines if "+['SPY']" not in x]  # the manual addition
    assert lines[:4] == [
        "select 08 12:00 12:00 spy>0 True",
        "changes 08 12:00 +['AAPL'] -[]",
        "select 09 12:00 12:00 spy>0 True",
        "changes 09 12:00 +[] -['AAPL']",
    ]
    # AAPL's bars from the one ending 13:00 on the 8th to the one ending 11:00 on the 9th: the
    # selection at 12:00 ends its subscription, and LEAN's TimeSliceFactory drops the data of a
    # subscription removed in the slice being built
    assert lines[4] == (
        "aapl ['08 13:00', '08 14:00', '08 15:00', '08 16:00', '09 10:00', '09 11:00']"
    )
