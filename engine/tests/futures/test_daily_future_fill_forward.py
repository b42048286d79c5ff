"""A daily future's bars across a run's restart: when a contract's expiry changes the securities,
the feeds are rebuilt from the step after; the fill-forward of each contract carries on from its
last real bar before that step, and that bar is not delivered again as new data."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run

GOLD_DAILY = """
class GoldDaily(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 11, 1)
        self.add_equity("SPY", Resolution.MINUTE)
        gold = self.add_future("GC", Resolution.DAILY, Market.COMEX)
        gold.set_filter(0, 120)
        self.real = []

    def on_data(self, data):
        for chain in data.future_chains.values():
            for symbol, bar in chain.trade_bars.items():
                if not bar.is_fill_forward:
                    self.real.append((str(symbol), bar.end_time.date(), bar.volume))
                elif bar.volume != 0:
                    self.debug(f"filled-forward volume {symbol} {self.time}")

    def on_end_of_algorithm(self):
        october = [item for item in self.real if item[0] == "GC29V13"]
        self.debug(f"october {october}")
"""


def test_no_bar_is_delivered_twice_after_a_restart(tmp_path: Path, lean_data: Path) -> None:
    if not (lean_data / "future" / "comex" / "daily" / "gc_trade.zip").is_file():
        pytest.skip("no GC daily sample data")
    outcome = run(tmp_path / "p", GOLD_DAILY, lean_data)
    assert outcome.error is None, outcome.error
    lines = "\n".join(debug_lines(outcome))
    assert "filled-forward volume" not in lines
    days = ", ".join(
        f"('GC29V13', datetime.date(2013, 10, {d}), {v})"
        for d, v in ((7, 83.0), (8, 57.0), (9, 140.0), (10, 89.0), (11, 208.0))
    )
    assert f"october [{days}]" in lines
