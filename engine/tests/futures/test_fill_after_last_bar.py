"""A market order after the close fills only while the security's last real bar is still current
(LEAN's FillModel.IsExchangeOpen: a bar of an hour or less counts up to its end), on LEAN's
sample data: on 2020-01-06 the ES March 2020 future quotes up to the 17:00 (New York) close,
while its 4200 call last quoted in the 16:30 bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.tests.runner.helpers import debug_lines, run


@pytest.fixture()
def es_option_data(lean_data: Path) -> Path:
    zip_file = lean_data / "futureoption/cme/minute/es/202003/20200106_quote_american.zip"
    if not zip_file.is_file():
        pytest.skip("no ES future option sample data")
    return lean_data


AT_THE_CLOSE = """
class AtTheClose(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2020, 1, 6)
        self.set_end_date(2020, 1, 6)
        self.set_cash(100000)
        self.future = self.add_future_contract(
            Symbol.create_future("ES", Market.CME, datetime(2020, 3, 20)), Resolution.MINUTE
        ).symbol
        self.option = Symbol.create_option(
            self.future, Market.CME, OptionStyle.AMERICAN, OptionRight.CALL, 4200,
            datetime(2020, 3, 20))
        self.add_future_option_contract(self.option, Resolution.MINUTE)
        self.tickets = []

    def on_data(self, data):
        if self.time.hour == 17 and self.time.minute == 0 and not self.tickets:
            last = self.securities[self.option].get_last_data()
            self.debug(f"option last bar ends {last.end_time:%H:%M}")
            self.tickets = [self.market_order(self.option, 1), self.market_order(self.future, 1)]

    def on_end_of_algorithm(self):
        for ticket in self.tickets:
            self.debug(f"{ticket.symbol.security_type} {ticket.status}")
"""


def test_an_order_at_the_close_waits_when_the_last_bar_is_past(
    tmp_path: Path, es_option_data: Path
) -> None:
    outcome = run(tmp_path / "p", AT_THE_CLOSE, es_option_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert lines == [
        "option last bar ends 16:31",
        # the option's last bar ended half an hour before the close: the exchange counts as
        # closed for it and its order stays open; the future's 16:59 bar ends at the close
        "FutureOption Submitted",
        "Future Filled",
    ]
