"""OptionChainedUniverseSelectionModel and add_universe_options on LEAN's sample data (AAPL and
TWX, June 2014): a chain per security the chained universe selects, narrowed by the filter, with
the underlying at raw prices (LEAN's OptionChainUniverse sets its underlying's normalization to
Raw, though another universe added it adjusted)."""

from __future__ import annotations

import pytest
from helpers import debug_lines, run

CHAINED = """
class A(QCAlgorithm):
    def initialize(self):
        self.universe_settings.resolution = Resolution.MINUTE
        self.set_start_date(2014, 6, 6)
        self.set_end_date(2014, 6, 6)
        universe = self.add_universe("chained", lambda time: ["AAPL", "TWX"])
        chain_filter = lambda u: u.standards_only().strikes(-1, 1).expiration(0, 30)
        CHAIN
        self.reported = False

    def on_securities_changed(self, changes):
        added = sorted(str(s.symbol) for s in changes.added_securities)
        self.debug(f"added {len(added)} {added}")

    def on_data(self, slice):
        if self.reported or len(slice.option_chains) < 2:
            return
        self.reported = True
        for kv in sorted(slice.option_chains, key=lambda kv: str(kv.key)):
            self.debug(f"chain {kv.key} {kv.value.underlying.price} "
                       f"{self.securities[kv.key.underlying].price}")
"""


@pytest.mark.parametrize(
    "chain",
    [
        "self.add_universe_selection(OptionChainedUniverseSelectionModel(universe, chain_filter))",
        "self.add_universe_options(universe, chain_filter)",
    ],
)
def test_a_chained_universe_selects_each_chain_with_a_raw_underlying(chain, tmp_path, lean_data):
    outcome = run(tmp_path / "p", CHAINED.replace("CHAIN", chain), lean_data)
    assert outcome.error is None, outcome.error
    text = "\n".join(debug_lines(outcome))
    # option/usa/universes/{aapl,twx}/20140605.csv: AAPL closed at 649.56, TWX at 71.22; the
    # weeklies (AAPL's Jun 6 and 13) are left out by standards_only, Jun 21 is the standard expiry
    assert "added 8 ['AAPL', 'AAPL  140621C00650000', 'AAPL  140621P00650000', 'TWX'," in text, text
    assert "'TWX   140621C00070000', 'TWX   140621C00072500'" in text, text
    # AAPL's raw minute prices of 2014-06-06 (before its 7:1 split), not the adjusted ~20.9
    assert "chain ?AAPL 649.56 649.56" in text, text


DESELECTED = """
class A(QCAlgorithm):
    def initialize(self):
        self.universe_settings.resolution = Resolution.MINUTE
        self.set_start_date(2014, 6, 5)
        self.set_end_date(2014, 6, 6)
        universe = self.add_universe("chained", lambda time: ["TWX"] if time.day <= 5 else ["AAPL"])
        self.add_universe_options(universe, lambda u: u.standards_only().strikes(0, 0).expiration(0, 30))

    def on_data(self, slice):
        if not self.portfolio.invested and self.securities["TWX"].price > 0:
            self.market_order("TWX", 10)

    def on_securities_changed(self, changes):
        removed = sorted(str(s.symbol) for s in changes.removed_securities)
        self.debug(f"removed {self.time.date()} {removed}")
"""


def test_a_deselected_security_loses_its_chain_though_it_is_still_held(tmp_path, lean_data):
    outcome = run(tmp_path / "p", DESELECTED, lean_data)
    assert outcome.error is None, outcome.error
    text = "\n".join(debug_lines(outcome))
    # TWX, still held, waits for its removal; its chain leaves with the selection that drops it
    assert "removed 2014-06-06 ['TWX', 'TWX   140621C00072500', 'TWX   140621P00072500']" in text, (
        text
    )
