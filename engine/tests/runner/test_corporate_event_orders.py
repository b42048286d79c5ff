"""Open orders at corporate events on LEAN's sample data: GOOG's rename (GOOCV to GOOG on 2014-04-03)
and AAPL's 7:1 split of 2014-06-09."""

from __future__ import annotations

from helpers import debug_lines, run

ORDER_BEFORE_RENAME = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 4, 1)
        self.set_end_date(2014, 4, 4)
        self.set_cash(100000)
        self.goog = self.add_equity("GOOG", Resolution.DAILY).symbol

    def on_data(self, data):
        if self.time.date() == date(2014, 4, 2) and data.bars.contains_key(self.goog):
            # the market is closed at the daily bar's end: a market-on-open order waits overnight
            self.market_order(self.goog, 10)

    def on_symbol_changed_events(self, changes):
        for symbol, change in changes.items():
            open_orders = len(self.transactions.get_open_orders(symbol))
            self.debug(f"renamed {self.time} {change.old_symbol}->{change.new_symbol} {open_orders}")

    def on_order_event(self, event):
        if event.status == OrderStatus.CANCELED:
            self.debug(f"cancelled {self.time} {event.order_id}")
"""


def test_a_rename_cancels_the_open_orders_of_the_renamed_symbol(tmp_path, lean_data):
    # as LEAN's Engine/AlgorithmManager.cs: after OnSymbolChangedEvents, every open order of the
    # symbol is cancelled with the tag "Open order cancelled on symbol changed event"
    outcome = run(tmp_path / "p", ORDER_BEFORE_RENAME, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    events = [line for line in lines if line.startswith(("renamed", "cancelled"))]
    assert events == [
        "renamed 2014-04-03 00:00:00 GOOCV->GOOG 1",
        "cancelled 2014-04-03 00:00:00 1",
    ]
    orders = outcome.result["orders"]
    assert [(o["quantity"], o["status"], o["tag"]) for o in orders.values()] == [
        (10.0, 5, "Open order cancelled on symbol changed event")
    ]
    assert outcome.result["statistics"]["Total Fees"] == "$0.00"


ORDER_BEFORE_SPLIT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 6, 5)
        self.set_end_date(2014, 6, 10)
        self.set_cash(100000)
        equity = self.add_equity("AAPL", Resolution.HOUR)
        equity.set_data_normalization_mode(DataNormalizationMode.RAW)
        self.aapl = equity.symbol

    def on_data(self, data):
        if self.time == datetime(2014, 6, 6, 16) and not self.transactions.get_open_orders():
            self.market_order(self.aapl, -13)  # after the close: a market-on-open order
        split = data.splits.get(self.aapl)
        if split is not None and split.type == SplitType.SPLIT_OCCURRED:
            remaining = self.transactions.get_open_orders_remaining_quantity(self.aapl)
            self.debug(f"split {self.time} {self.portfolio[self.aapl].quantity} {remaining}")

    def on_order_event(self, event):
        if event.status == OrderStatus.FILLED:
            self.debug(f"filled {self.time} {event.fill_quantity}")
"""


def test_a_split_rescales_an_open_order_after_the_split_slice(tmp_path, lean_data):
    # AAPL's 7:1 split of 2014-06-09: LEAN queues the rescale of the open order (a ticket update),
    # so the split's slice still sees the old quantity; the order fills rescaled at the open
    outcome = run(tmp_path / "p", ORDER_BEFORE_SPLIT, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    events = [line for line in lines if line.startswith(("split", "filled"))]
    assert events == [
        "split 2014-06-09 00:00:00 0.0 -13.0",
        "filled 2014-06-09 10:00:00 -90.0",
    ]
