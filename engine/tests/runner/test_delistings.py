"""Delistings on LEAN's sample data: AAA.1's map file ends on 2007-05-18 (its delisting date)."""

from __future__ import annotations

from helpers import debug_lines, run

HOLD_THROUGH = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2007, 5, 15)
        self.set_end_date(2007, 5, 25)
        self.set_cash(100000)
        self.aaa = self.add_equity("AAA.1", Resolution.DAILY).symbol
        self.add_equity("SPY", Resolution.DAILY)

    def on_data(self, data):
        if self.transactions.orders_count == 0:
            self.market_order(self.aaa, 1000)
        if data.bars.contains_key(self.aaa):
            self.debug(f"bar {self.time} {data.bars[self.aaa].close}")
        for kvp in data.delistings:
            d = kvp.value
            sec = self.securities[kvp.key]
            self.debug(f"slice {self.time} {d.type} {d.time} {d.price} {sec.is_delisted} {sec.is_tradable} {self.portfolio[kvp.key].quantity}")

    def on_delistings(self, delistings):
        for symbol, d in delistings.items():
            self.debug(f"handler {self.time} {d}")

    def on_securities_changed(self, changes):
        for s in changes.removed_securities:
            self.debug(f"removed {self.time} {s.symbol}")
"""


def test_a_position_held_at_the_delisting_is_liquidated_without_fee(tmp_path, lean_data):
    outcome = run(tmp_path / "p", HOLD_THROUGH, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]  # without the log time
    bars = [line for line in lines if line.startswith("bar ")]
    # the delisting date's bar is the last one: no fill-forward copies after the delisting
    assert bars[-1] == "bar 2007-05-18 16:00:00 26.0"
    events = [line for line in lines if not line.startswith(("bar ", "Warning: all market"))]
    assert events == [
        "handler 2007-05-18 00:00:00 Delisting Warning: AAA.1 2007-05-18 00:00:00",
        "slice 2007-05-18 00:00:00 Warning 2007-05-18 00:00:00 26.35 False True 1000.0",
        "removed 2007-05-21 00:00:00 AAA.1",
        "handler 2007-05-21 00:00:00 Delisted: AAA.1 2007-05-19 00:00:00",
        "slice 2007-05-21 00:00:00 Delisted 2007-05-19 00:00:00 26.0 True False 0.0",
    ]
    orders = outcome.result["orders"]
    last = orders[max(orders, key=int)]
    assert last["tag"] == "Liquidate from delisting"
    assert last["quantity"] == -1000
    fills = [e for e in outcome.result["orderEvents"] if e["status"] == "filled"]
    assert [(e["fillPrice"], e.get("orderFeeAmount", 0)) for e in fills] == [
        (27.22, 5.0),
        (26.0, 0),
    ]
    stats = outcome.result["statistics"]
    assert stats["Total Orders"] == "2"
    # bought 1000 at the 2007-05-16 open (27.22, $5 fee), closed at the last close (26.00)
    assert stats["End Equity"] == "98775"


def test_an_order_for_a_delisted_security_is_refused(tmp_path, lean_data):
    outcome = run(
        tmp_path / "p",
        """
        class A(QCAlgorithm):
            def initialize(self):
                self.set_start_date(2007, 5, 15)
                self.set_end_date(2007, 5, 25)
                self.aaa = self.add_equity("AAA.1", Resolution.DAILY).symbol
                self.add_equity("SPY", Resolution.DAILY)

            def on_data(self, data):
                for kvp in data.delistings:
                    if kvp.value.type == DelistingType.DELISTED:
                        ticket = self.market_order(kvp.key, 10)
                        self.debug(f"{ticket.status} {self.transactions.orders_count}")
        """,
        lean_data,
    )
    assert outcome.error is None, outcome.error
    assert [line.split(" ", 2)[2] for line in debug_lines(outcome)] == ["Invalid 0"]
    assert any("marked as non-tradable" in line for line in outcome.logs)
