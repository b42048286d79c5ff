"""Iterating ``self.portfolio`` yields symbol and holding pairs, as iterating LEAN's
SecurityPortfolioManager (a dictionary) does from Python: ``kvp.key``, ``kvp.value``."""

from __future__ import annotations

from pathlib import Path

from engine.tests.runner.helpers import debug_lines, run

ITERATE = """
class IteratePortfolio(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.MINUTE)
        self.add_equity("AAPL", Resolution.MINUTE)

    def on_data(self, data):
        if not self.portfolio.invested:
            self.market_order("SPY", 10)

    def on_end_of_algorithm(self):
        held = sorted((str(kvp.key), kvp.value.quantity) for kvp in self.portfolio)
        self.debug(f"held {held} {[str(s) for s, h in self.portfolio if h.invested]}")
"""


def test_iterating_the_portfolio_gives_pairs(tmp_path: Path, lean_data: Path) -> None:
    outcome = run(tmp_path / "p", ITERATE, lean_data)
    assert outcome.error is None, outcome.error
    assert "held [('AAPL', 0.0), ('SPY', 10.0)] ['SPY']" in "\n".join(debug_lines(outcome))
