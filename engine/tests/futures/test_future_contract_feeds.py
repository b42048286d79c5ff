"""A future contract's feeds on LEAN's sample data (ES, December 2013): nothing of the contract
arrives after it is delisted at the midnight ending its expiry date. The algorithms are written
here; the figures come from the sample files."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def es_data(lean_data: Path) -> Path:
    if not (lean_data / "future" / "cme" / "minute" / "es" / "20131218_openinterest.zip").is_file():
        pytest.skip("no ES minute open interest sample data")
    return lean_data


# the December 2013 contract expires on Friday 2013-12-20 and is delisted at the midnight that
# ends it; its minute bars of that day would otherwise fill forward through Monday's session
DELISTED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 12, 20)
        self.set_end_date(2013, 12, 23)
        self.set_cash(1000000)
        symbol = Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2013, 12, 20))
        self.contract = self.add_future_contract(symbol, Resolution.MINUTE)
        self.days = {}

    def on_data(self, data):
        for delisting in data.delistings.values():
            self.debug(f"delisting {delisting.type} {self.time:%Y-%m-%d %H:%M}")
        if data.bars.contains_key(self.contract.symbol) or data.quote_bars.contains_key(self.contract.symbol):
            day = self.time.strftime("%Y-%m-%d")
            self.days[day] = self.days.get(day, 0) + 1

    def on_end_of_algorithm(self):
        self.debug(f"days {sorted(self.days)}")
"""


def test_a_delisted_contract_has_no_bars_after_its_delisting(tmp_path, es_data):
    outcome = run(tmp_path / "p", DELISTED, es_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines == [
        "delisting Warning 2013-12-20 00:00",
        "delisting Delisted 2013-12-21 00:00",
        "days ['2013-12-20']",
    ]
