"""Option exercise and assignment models, the option selection model and index options on
LEAN's sample data."""

from __future__ import annotations

from helpers import debug_lines, run

ASSIGNED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 23)
        self.set_end_date(2015, 12, 24)
        self.set_cash(100000)
        self.stock = self.add_equity("GOOG")
        chain = list(self.option_chain(self.stock.symbol))
        # a deep in-the-money put expiring the next day: the holder exercises early
        self.put = sorted((c for c in chain if c.right == OptionRight.PUT and c.strike == 800),
                          key=lambda c: c.expiry)[0].symbol
        security = self.add_option_contract(self.put)
        if self.get_parameter("null") == "1":
            security.set_option_assignment_model(NullOptionAssignmentModel())

    def on_data(self, data):
        if self.transactions.orders_count == 0 and self.securities[self.put].price:
            self.market_order(self.put, -1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED:
            self.debug(f"fill {e.symbol} {e.fill_quantity} {e.fill_price} {e.is_assignment} {e.message}")

    def on_end_of_algorithm(self):
        for trade in self.trade_builder.closed_trades:
            symbol, = trade.symbols
            self.debug(f"trade {symbol} {trade.direction} {trade.entry_price} {trade.exit_price}")
"""


def test_a_deep_in_the_money_short_put_is_assigned_early(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ASSIGNED, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    fills = [line for line in lines if line.startswith("fill ")]
    assigned = [f for f in fills if " True Assigned." in f]
    assert assigned, fills
    assert "Simulated option assignment before expiration" in assigned[0]
    # the put's assignment delivers 100 shares bought at the strike
    assert any(f.startswith("fill GOOG 100.0 800.0 False Option Assignment") for f in fills)
    assert any(line.startswith("trade GOOG  151224P00800000 Short") for line in lines)


def test_the_null_assignment_model_waits_for_expiry(tmp_path, lean_data):
    outcome = run(tmp_path / "p", ASSIGNED, lean_data, parameters={"null": "1"})
    assert outcome.error is None, outcome.error
    fills = [line for line in debug_lines(outcome) if " fill " in line]
    assert len(fills) == 1  # the sale only: nothing is assigned before the expiry is processed


CUSTOM_EXERCISE = """
class Quiet(DefaultExerciseModel):
    def option_exercise(self, option, order):
        event = OrderEvent(order.id, option.symbol, option.local_time, OrderStatus.FILLED,
                           Extensions.get_order_direction(order.quantity), 0.0, order.quantity,
                           OrderFee.ZERO, "Tag")
        return [event]

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 28)
        self.add_equity("GOOG")
        chain = self.option_chain("GOOG")
        call = next(c.symbol for c in chain if c.right == OptionRight.CALL
                    and c.strike == 745 and c.expiry.day == 24)
        self.add_option_contract(call).set_option_exercise_model(Quiet())
        self.call = call

    def on_data(self, data):
        if not self.portfolio.invested and self.time.day == 24:
            self.market_order(self.call, 1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED:
            self.debug(f"fill {e.symbol} {e.fill_quantity} {e.message}")

    def on_end_of_algorithm(self):
        self.debug(f"end {self.portfolio['GOOG'].quantity} {self.portfolio[self.call].quantity}")
"""


def test_a_custom_exercise_model_decides_the_events(tmp_path, lean_data):
    outcome = run(tmp_path / "p", CUSTOM_EXERCISE, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "fill GOOG  151224C00745000 -1.0 Tag" in lines
    assert "end 0.0 0.0" in lines  # no shares delivered: the model made none


SELECTION_MODEL = """
class Puts(OptionUniverseSelectionModel):
    def filter(self, universe):
        return universe.puts_only().strikes(0, 0).expiration(0, 30)

class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 6, 5)
        self.set_end_date(2014, 6, 6)
        self.set_universe_selection(Puts(timedelta(1), self.chains))

    def chains(self, utc_time):
        return [Symbol.create("TWX", SecurityType.OPTION, Market.USA)]

    def on_securities_changed(self, changes):
        for s in changes.added_securities:
            self.debug(f"added {s.symbol} {s.symbol.security_type}")
"""


def test_the_option_selection_model_narrows_each_chain(tmp_path, lean_data):
    outcome = run(tmp_path / "p", SELECTION_MODEL, lean_data)
    assert outcome.error is None, outcome.error
    added = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    options = [a for a in added if a.endswith("Option")]
    assert "added TWX Equity" in added
    assert options and all("P000" in a for a in options)


INDEX_CASH = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 31)
        self.spx = self.add_index("SPX", Resolution.MINUTE).symbol
        calls = [c for c in self.option_chain(self.spx)
                 if c.right == OptionRight.CALL and c.strike == 3200
                 and c.expiry.year == 2021 and c.expiry.month == 1]
        self.call = self.add_index_option_contract(calls[0], Resolution.MINUTE).symbol

    def on_data(self, data):
        if self.transactions.orders_count == 0 and self.securities[self.call].price:
            self.market_order(self.call, 1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED:
            self.debug(f"fill {e.symbol} {e.fill_quantity} {e.fill_price} {e.order_fee}")

    def on_end_of_algorithm(self):
        self.debug(f"end {self.portfolio[self.spx].quantity} {self.portfolio.cash}")
"""


def test_index_options_settle_in_cash_without_fees(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INDEX_CASH, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    fills = [line for line in lines if line.startswith("fill ")]
    assert len(fills) == 2 and all(f.endswith(" 0.0") for f in fills)  # no fee
    buy = float(fills[0].split()[-2])
    end = next(line for line in lines if line.startswith("end "))
    quantity, cash = end.split()[1:]
    assert float(quantity) == 0  # cash settlement: no index units delivered
    # SPX closed 3795.54 on the expiry: the intrinsic value per unit of trade is paid in cash
    assert float(cash) == round(100000 - buy * 100 + (3795.54 - 3200) * 100, 2)
