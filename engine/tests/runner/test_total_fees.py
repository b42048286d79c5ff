"""Total Fees as LEAN prints it: ``Portfolio.TotalFees`` (a decimal sum of each fill's fee, exact)
formatted with "0.00", which rounds a half cent away from zero (Common/Statistics/
StatisticsBuilder.cs). Interactive Brokers charges 0.005 a share (Common/Orders/Fees/
InteractiveBrokersFeeModel.cs): 275 and 386 shares cost 1.375 + 1.93 = 3.305, "$3.31", where
the float sum 3.3049999999999997 would print "$3.30"."""

from __future__ import annotations

from helpers import run


def test_total_fees_round_the_exact_half_cent_up(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2013, 10, 7)
                self.set_end_date(2013, 10, 8)
                self.set_cash(100000)
                self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
            def on_data(self, data):
                if not self.portfolio.invested:
                    self.market_order(self.spy, 275)
                    self.market_order(self.spy, 386)
                    for ticket in self.transactions.get_order_tickets():
                        self.debug(f"fee {ticket.order_events[-1].order_fee.value.amount}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    fees = [line.split()[-1] for line in outcome.logs if " fee " in line]
    assert fees == ["1.375", "1.93"], outcome.logs
    assert outcome.result["statistics"]["Total Fees"] == "$3.31"
