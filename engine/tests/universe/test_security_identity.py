"""Equities are identified as LEAN identifies them, by SecurityIdentifier (first ticker and first
date of the map file), not by ticker: ``add_equity``/``Symbol.create`` resolve the security trading
as the ticker today, a universe may select another security that traded under the same ticker
earlier (a second security), or the added one under an older ticker (the same security).

The data: ABC until 2024-07-12 is the security called XYZ today (xyz.csv); today's ABC listed on
2024-07-08 as ABD (abc.csv)."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import debug_lines, run

from engine.data.demo import generate
from engine.model import SecurityType, Symbol
from engine.model.symbol import SecurityIdentifier
from engine.statistics.identifiers import equity_identifier, security_identifier

OLD = security_identifier("ABC", "equity", "usa", date(2024, 1, 1))
NEW = security_identifier("ABD", "equity", "usa", date(2024, 7, 8))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = generate(
        tmp_path_factory.mktemp("ident"), "2024-06-24", "2024-07-19", ["ABC", "ABD", "XYZ"], seed=4
    )
    maps = out / "equity" / "usa" / "map_files"
    maps.mkdir(parents=True, exist_ok=True)
    (maps / "xyz.csv").write_text("20240101,abc,Q\n20240712,abc,Q\n20501231,xyz,Q\n")
    (maps / "abc.csv").write_text("20240708,abd,Q\n20240712,abd,Q\n20501231,abc,Q\n")
    coarse = out / "equity" / "usa" / "fundamental" / "coarse"
    coarse.mkdir(parents=True, exist_ok=True)
    for day in ("20240705", "20240708", "20240709", "20240710", "20240711"):
        rows = [f"{OLD},ABC,100,1000,100000,False,1,1"]
        if day >= "20240708":
            rows.append(f"{NEW},ABD,50,1000,50000,False,1,1")
        (coarse / f"{day}.csv").write_text("\n".join(rows) + "\n")
    return out


def test_the_identifier_is_the_one_of_the_security_trading_as_the_ticker(folder):
    assert equity_identifier(folder, "usa", "ABC") == NEW
    assert equity_identifier(folder, "usa", "ABC", date(2024, 7, 10)) == OLD
    assert equity_identifier(folder, "usa", "XYZ") == OLD
    # no map file: the ticker with LEAN's DefaultDate (1899-12-30), as LEAN prints "SHY 2T"
    assert equity_identifier(folder, "usa", "QQQQ") == "QQQQ 2T"


def test_equities_compare_by_identifier():
    old = Symbol(SecurityIdentifier("ABC", SecurityType.EQUITY, "usa", OLD), "ABC")
    new = Symbol(SecurityIdentifier("ABC", SecurityType.EQUITY, "usa", NEW), "ABC")
    renamed = Symbol(SecurityIdentifier("XYZ", SecurityType.EQUITY, "usa", OLD), "XYZ")
    plain = Symbol("ABC", SecurityType.EQUITY, "usa")
    assert old != new
    assert old == renamed
    assert plain == old and plain == new and plain == "ABC"


ALGO = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 7, 8)
        self.set_end_date(2024, 7, 12)
        self.set_cash(100000)
        self.abc = self.add_equity("ABC", Resolution.DAILY).symbol
        self.debug(f"manual {self.abc.id} {self.abc == Symbol.create('ABC', SecurityType.EQUITY, Market.USA)}")
        self.universe_settings.resolution = Resolution.DAILY
        self.add_universe(lambda coarse: [c.symbol for c in coarse])
    def on_securities_changed(self, changes):
        for s in changes.added_securities:
            self.debug(f"added {s.symbol.value} {s.symbol.id}")
    def on_data(self, data):
        for symbol, security in self.securities.items():
            if data.bars.contains_key(symbol) and not security.invested:
                self.market_order(symbol, 10 if symbol == self.abc else -10)
    def on_end_of_algorithm(self):
        for symbol, security in sorted(self.securities.items(), key=lambda kv: str(kv[0].id)):
            self.debug(f"end {symbol.value} {symbol.id} {security.holdings.quantity:g}")
"""


def test_a_universe_adds_the_other_security_sharing_the_ticker(tmp_path, folder):
    outcome = run(tmp_path / "p", ALGO, folder)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert f"manual {NEW} True" in lines
    added = [line for line in lines if line.startswith("added")]
    # the manual ABC, then the old ABC from the coarse rows; the row "ABD" names the manual ABC,
    # already subscribed, so it is not added again
    assert added == [f"added ABC {NEW}", f"added ABC {OLD}"]
    ends = [line for line in lines if line.startswith("end")]
    assert ends == [f"end ABC {OLD} -10", f"end ABC {NEW} 10"]
