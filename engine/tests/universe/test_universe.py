"""Classic universes: coarse selection on LEAN's coarse files, scheduled universes on demo data."""

from __future__ import annotations

from helpers import debug_lines, run


def test_coarse_universe_adds_and_removes(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 28)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.coarse)
                self.calls = 0
            def coarse(self, coarse):
                self.calls += 1
                if self.calls == 3:
                    return Universe.UNCHANGED
                ranked = sorted([c for c in coarse if c.price > 10], key=lambda c: c.dollar_volume, reverse=True)
                n = 2 if self.calls < 4 else 1
                self.debug(f"select {self.time:%m-%d %H:%M} {len(coarse)} {[c.symbol.value for c in ranked[:n]]}")
                return [c.symbol for c in ranked[:n]]
            def on_securities_changed(self, changes):
                self.debug(f"changes {self.time:%m-%d} +{sorted(s.symbol.value for s in changes.added_securities)} "
                           f"-{sorted(s.symbol.value for s in changes.removed_securities)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = debug_lines(outcome)
    selects = [line for line in lines if " select " in line]
    assert selects[0].split(" ", 2)[2].startswith("select 03-25 00:00")
    changes = [line.split(" ", 2)[2] for line in lines if " changes " in line]
    first = selects[0].split("[")[1]
    assert changes[0].startswith("changes 03-25 +[")
    assert all(t.strip(" '],") in changes[0] for t in first.split(","))
    assert any("-['" in c for c in changes[1:]), changes


def test_coarse_universe_without_files_selects_on_empty_data(tmp_path, demo_data):
    # LEAN emits an empty collection for a trading day with no coarse file: the selector still
    # runs (at the start on Friday's "file", then after each trading day) and may pick symbols;
    # the end date's file arrives after the end: no selection then.
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 10)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.select)
            def select(self, coarse):
                self.debug(f"select {self.time:%a %m-%d %H:%M} {len(list(coarse))}")
                return ["AAPL"]
            def on_securities_changed(self, changes):
                self.debug(f"added {[s.symbol.value for s in changes.added_securities]}")
        """,
        demo_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[:2] == ["select Mon 07-08 00:00 0", "added ['AAPL']"]
    assert [line for line in lines if line.startswith("select")] == [
        "select Mon 07-08 00:00 0",
        "select Tue 07-09 00:00 0",
        "select Wed 07-10 00:00 0",
    ]


def test_scheduled_universe_with_universe_settings(tmp_path, demo_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2024, 7, 8)
                self.set_end_date(2024, 7, 10)
                self.universe_settings.resolution = Resolution.HOUR
                self.add_universe(ScheduledUniverse(self.date_rules.every_day(), self.time_rules.at(0, 0),
                                                    self.select))
            def select(self, time):
                return ["AAPL", "MSFT"] if time.day == 8 else [Symbol.create("AAPL", SecurityType.EQUITY, Market.USA)]
            def on_securities_changed(self, changes):
                self.debug(f"changes {self.time:%m-%d} +{sorted(s.symbol.value for s in changes.added_securities)} "
                           f"-{sorted(s.symbol.value for s in changes.removed_securities)}")
            def on_data(self, data):
                if self.time.hour == 10:
                    self.debug(f"data {self.time:%m-%d} {sorted(k.value for k in data.bars.keys())} "
                               f"{self.securities['AAPL'].subscriptions[0].resolution if hasattr(self.securities['AAPL'], 'subscriptions') else ''}")
        """,
        demo_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[0] == "changes 07-08 +['AAPL', 'MSFT'] -[]"
    assert any(line.startswith("data 07-08 ['AAPL', 'MSFT']") for line in lines)
    assert "changes 07-09 +[] -['MSFT']" in lines
    assert any(line.startswith("data 07-10 ['AAPL']") for line in lines)


def test_selection_changes_have_their_own_step_at_midnight(tmp_path, lean_data):
    # LEAN's SubscriptionSynchronizer gives a selection a time slice of its own: the changes reach
    # on_securities_changed at the selection's midnight (no on_data, the new member has no price
    # yet); the end date's file arrives at the midnight after it, the run's last step, where
    # nothing is selected any more (LEAN's ApplyUniverseSelection after the end date).
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 25)
                self.set_end_date(2014, 3, 27)
                self.universe_settings.resolution = Resolution.DAILY
                self.add_universe(self.coarse)
            def coarse(self, coarse):
                ranked = sorted(coarse, key=lambda c: c.dollar_volume, reverse=True)
                day = self.time.day
                return [ranked[0].symbol] if day % 2 else [ranked[1].symbol]
            def on_securities_changed(self, changes):
                for s in changes.added_securities:
                    self.debug(f"added {self.time:%m-%d %H:%M} {s.symbol.value} {s.price}")
            def on_data(self, data):
                self.debug(f"data {self.time:%m-%d %H:%M}")
            def on_end_of_algorithm(self):
                self.debug(f"end {self.time:%m-%d %H:%M}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    added = [line for line in lines if line.startswith("added")]
    assert [a.split()[1:3] for a in added] == [
        ["03-25", "00:00"],
        ["03-26", "00:00"],
        ["03-27", "00:00"],
    ]
    assert all(a.endswith(" 0.0") for a in added[:1])  # no data before the selection's step
    assert lines.index(added[1]) < lines.index("data 03-26 16:00")
    assert lines[-1] == "end 03-28 00:00"
