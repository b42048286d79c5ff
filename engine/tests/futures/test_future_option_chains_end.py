"""The last step of a run with a future's option chains: each chain's universe file of the end
date arrives at the next midnight (a chain file is the exchange's data of that date, emitted at
its end), which gives the run its last step there, as an option chain universe's does; the
sample's ES option chains have files up to 2020-01-08 while the ES minute data stops on 01-06."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def fop_data(lean_data: Path) -> Path:
    chains = lean_data / "futureoption" / "cme" / "universes" / "es" / "202003"
    if not (chains / "20200108.csv").is_file():
        pytest.skip("no ES future option chain files")
    return lean_data


CHAINS_ALGORITHM = """
class ChainsAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2020, 1, 6)
        self.set_end_date(2020, 1, 8)
        es = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.MINUTE, Market.CME)
        es.set_filter(lambda f: f.expiration(0, 365).expiration_cycle([3, 6]))
        self.add_future_option(es.symbol, lambda u: u.strikes(-1, 1))

    def on_end_of_algorithm(self):
        self.debug(f"last step {self.time}")
"""


def test_the_end_dates_chain_files_give_the_run_a_step_at_the_next_midnight(
    tmp_path: Path, fop_data: Path
) -> None:
    outcome = run(tmp_path / "p", CHAINS_ALGORITHM, fop_data)
    assert outcome.error is None, outcome.error
    last = next(x for x in debug_lines(outcome) if "last step" in x)
    assert last.endswith("last step 2020-01-09 00:00:00"), last
