"""History of fundamental data and of fundamental universes, and ``fundamentals()``, on the
sample coarse files (2014-03-24 .. 2014-04-07)."""

from __future__ import annotations

from helpers import debug_lines, run


def test_fundamental_history_shapes(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2014, 3, 27)
                self.set_end_date(2014, 3, 27)
                self.universe_settings.resolution = Resolution.DAILY
                u = self.add_universe(lambda f: [])
                self.add_equity("SPY")
                # one security's Fundamental per coarse file whose data ends in the span
                h = self.history(Fundamental, ["SPY", "IBM"], timedelta(days=2))
                spy = h.loc["SPY"]
                self.debug(f"sec {len(h)} {[t.strftime('%d') for t in spy.index]} "
                           f"{list(spy['value'])} {'earningreports' in h.columns}")
                groups = list(h.loc["IBM"]["valuationratios"])
                self.debug(f"groups distinct {not Object.reference_equals(groups[0], groups[1])}")
                # the universe's collections, flattened: (time, symbol) rows
                flat = self.history(u, timedelta(days=2), flatten=True)
                times = flat.index.get_level_values("time").unique()
                self.debug(f"flat {[t.strftime('%d') for t in times]} "
                           f"{[flat.loc[t].shape[0] for t in times]}")
                same = self.history(u.data_type, [u.symbol], timedelta(days=2), flatten=True)
                self.debug(f"same {same.shape == flat.shape}")
                # objects: one collection of Fundamental per file, the last n files
                steps = list(self.history[u.data_type]([u.symbol], 3))
                kinds = {type(x).__name__ for x in steps[-1][u.symbol]}
                self.debug(f"steps {len(steps)} {kinds} {len(list(steps[0][u.symbol]))}")
                ibm = self.fundamentals(Symbol.create("IBM", SecurityType.EQUITY, Market.USA))
                both = self.fundamentals(["IBM", "SPY"])
                self.debug(f"now {ibm.price} {ibm.end_time:%d %H:%M} {len(both)}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines[0] == "sec 4 ['26', '27'] [186.31, 184.97] True"
    assert lines[1] == "groups distinct True"
    assert lines[2] == "flat ['26', '27'] [7068, 7055]"
    assert lines[3] == "same True"
    assert lines[4] == "steps 3 {'Fundamental'} 7111"
    assert lines[5] == "now 189.83 27 00:00 2"
