"""Industry-standard identifiers (LEAN's SecurityDefinitionSymbolResolver): Symbol.cusip and
friends, and QCAlgorithm.cusip(...) both ways, from the data folder's security database."""

from __future__ import annotations

from engine.algorithm.security_definitions import definition_for, sid_of, symbol_for
from engine.api import run_backtest
from engine.model import SecurityType, Symbol

ALGORITHM = """from AlgorithmImports import *

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 6, 5)
        self.set_end_date(2014, 6, 5)
        aapl = self.add_equity("AAPL").symbol
        spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.debug(f"{aapl.cusip} {aapl.composite_figi} {aapl.sedol} {aapl.isin} {aapl.cik}")
        self.debug(f"{self.cusip(aapl) == aapl.cusip} {self.isin('US0378331005') == aapl}")
        self.debug(f"{spy.isin} {self.cusip('000000000')}")
"""


def test_identifiers_of_a_listed_equity_and_back(tmp_path, lean_data):
    project = tmp_path / "p"
    project.mkdir()
    (project / "main.py").write_text(ALGORITHM)
    outcome = run_backtest(project, data_dir=lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in outcome.logs]
    assert lines[:3] == [
        "03783310 BBG000B9XRY4 2046251 US0378331005 320193",
        "True True",
        "None None",  # SPY is not in the sample database; an unknown CUSIP has no symbol
    ]


def test_the_database_is_keyed_by_the_map_file_sid(tmp_path):
    folder = tmp_path / "data"
    (folder / "symbol-properties").mkdir(parents=True)
    (folder / "equity" / "usa" / "map_files").mkdir(parents=True)
    (folder / "equity" / "usa" / "map_files" / "newco.csv").write_text(
        "20100104,oldco,Q\n20120601,oldco,Q\n20501231,newco,Q\n"
    )
    newco = Symbol("NEWCO", SecurityType.EQUITY, "usa")
    sid = sid_of(folder, newco)
    assert sid.startswith("OLDCO ")  # the first ticker names the security for good
    (folder / "symbol-properties" / "security-database.csv").write_text(
        f"# test rows\n{sid},12345678,BBG000000001,1234567,US1234567890,42\n"
    )
    definition = definition_for(folder, newco)
    assert definition is not None and definition.cik == 42 and definition.isin == "US1234567890"
    from datetime import date

    assert symbol_for(folder, "cusip", "12345678", date(2011, 1, 3)).value == "OLDCO"
    assert symbol_for(folder, "cusip", "12345678", date(2013, 1, 3)).value == "NEWCO"
    assert definition_for(folder, Symbol("OTHER", SecurityType.EQUITY, "usa")) is None
