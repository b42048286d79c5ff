"""``add_security(symbol)`` with an option or future contract's symbol keeps the contract: its
identifier carries the expiry, strike and underlying that its ticker alone does not (LEAN's
``AddSecurity(Symbol)``)."""

from __future__ import annotations

from pathlib import Path

from engine.tests.runner.helpers import debug_lines, run

ALGORITHM = """
class Contracts(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        option = Symbol.create_option(
            "GOOG", Market.USA, OptionStyle.AMERICAN, OptionRight.CALL, 130, datetime(2023, 9, 1)
        )
        future = Symbol.create_future("ES", Market.CME, datetime(2023, 12, 15))
        for symbol in (option, future):
            security = self.add_security(symbol)
            self.debug(f"{security.symbol.value}|{security.symbol.id}|{security.symbol.id.date:%Y-%m-%d}")
"""


def test_contract_symbols_keep_their_identifiers(tmp_path: Path, lean_data: Path) -> None:
    outcome = run(tmp_path, ALGORITHM, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[-1] for line in debug_lines(outcome)]  # after date and time
    option = next(line for line in lines if line.startswith("GOOG"))
    future = next(line for line in lines if line.startswith("ES"))
    value, identifier, underlying, expiry = option.split("|")
    assert value == "GOOG  230901C00130000"
    # the contract's identifier carries its underlying identifier's ticker, the map file's first
    # one (LEAN's GenerateOption takes underlying.Symbol), while its value keeps GOOG
    assert identifier.startswith("GOOCV ") and expiry == "2023-09-01"
    # the underlying's identifier: GOOG as it trades today (the map file's GOOCV)
    assert underlying.startswith("GOOCV ")
    value, identifier, expiry = future.split("|")
    assert identifier.startswith("ES ") and expiry == "2023-12-15"
