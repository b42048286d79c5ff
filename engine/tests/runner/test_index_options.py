"""Indexes and index options on LEAN's sample data (SPX and SPXW, January 2021): an index is
not tradable unless the algorithm says so, index options settle in cash at expiry, SPXW's
weeklys come from their own files, and the Chicago market hours with the US holidays apply."""

from __future__ import annotations

from helpers import debug_lines, run

TRADABLE = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 4)
        self.set_cash(100000)
        self.spx = self.add_index("SPX", Resolution.MINUTE).symbol
        self.debug(f"tradable {self.securities[self.spx].is_tradable} {self.spx.id}")
        self.tickets = []

    def on_data(self, data):
        if self.tickets or self.spx not in data.bars:
            return
        self.tickets.append(self.market_order(self.spx, 1))
        self.securities[self.spx].is_tradable = True
        self.tickets.append(self.market_order(self.spx, 1))

    def on_end_of_algorithm(self):
        for t in self.tickets:
            self.debug(f"ticket {t.status} {t.quantity_filled}")
        self.debug(f"held {self.portfolio[self.spx].quantity} fees {self.portfolio.total_fees}")
"""


def test_an_index_trades_only_once_the_algorithm_makes_it_tradable(tmp_path, lean_data):
    outcome = run(tmp_path / "p", TRADABLE, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "tradable False SPX 31" in lines  # LEAN's identifier of the index
    tickets = [line for line in lines if line.startswith("ticket ")]
    assert tickets == ["ticket Invalid 0.0", "ticket Filled 1.0"]
    # LEAN's DefaultBrokerageModel: an index trades without fees
    assert "held 1.0 fees 0.0" in lines


CASH_SETTLED = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 14)
        self.set_end_date(2021, 1, 20)
        self.set_cash(100000)
        self.spx = self.add_index("SPX", Resolution.MINUTE).symbol
        self.call = Symbol.create_option(self.spx, Market.USA, OptionStyle.EUROPEAN,
                                         OptionRight.CALL, 3200, datetime(2021, 1, 15))
        self.put = Symbol.create_option(self.spx, Market.USA, OptionStyle.EUROPEAN,
                                        OptionRight.PUT, 3200, datetime(2021, 1, 15))
        self.add_index_option_contract(self.call, Resolution.MINUTE)
        self.add_index_option_contract(self.put, Resolution.MINUTE)
        self.done = False

    def on_data(self, data):
        for d in data.delistings.values():
            self.debug(f"delisting {d.symbol.value} {d.type} {d.time}")
        if not self.done and self.call in data.quote_bars:
            self.done = True
            self.market_order(self.call, 1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED:
            self.debug(f"fill {e.symbol.value} {e.fill_quantity} {e.fill_price} {e.message}")

    def on_end_of_algorithm(self):
        self.debug(f"end {self.portfolio[self.call].quantity} {self.portfolio[self.spx].quantity} "
                   f"{self.portfolio.cash:.2f} {self.securities[self.call].fee_model.__class__.__name__}")
"""


def test_an_index_option_settles_its_intrinsic_value_in_cash(tmp_path, lean_data):
    outcome = run(tmp_path / "p", CASH_SETTLED, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    # the first 2021-01-14 quote bar (09:30-09:31 New York, the file's time zone) asks 620.40
    assert "fill SPX   210115C03200000 1.0 620.4 " in lines
    # the SPX option's identifier date is its delisting date (LEAN's GetDelistingDate), at
    # midnight exchange time (Chicago), the delisting stamped the next day
    assert "delisting SPX   210115C03200000 Warning 2021-01-15 00:00:00" in lines
    assert "delisting SPX   210115C03200000 Delisted 2021-01-16 00:00:00" in lines
    exercise = [line for line in lines if "Automatic Exercise" in line]
    assert len(exercise) == 1 and exercise[0].startswith("fill SPX   210115C03200000 -1.0 0.0")
    index_fills = [line for line in lines if line.startswith("fill SPX ") and "2101" not in line]
    assert index_fills == []  # no index delivered
    # SPX closed at 3795.54 on the 14th: 595.54 x 100 paid in cash for a 62,040 premium
    assert "end 0.0 0.0 97514.00 ConstantFeeModel" in lines


WEEKLYS = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 4)
        self.set_end_date(2021, 1, 7)
        self.set_cash(1000000)
        option = self.add_index_option("SPX", "SPXW")
        option.set_filter(lambda u: u.strikes(-1, 1).expiration(0, 7).include_weeklys())
        self.canonical = option.symbol
        self.days = set()

    def on_data(self, data):
        chain = data.option_chains.get(self.canonical)
        if chain is None or self.time.date() in self.days:
            return
        self.days.add(self.time.date())
        priced = [c for c in chain if c.ask_price > 0]
        names = sorted({c.symbol.value[:4] for c in chain})
        self.debug(f"chain {self.time:%Y-%m-%d} {len(chain)} {len(priced)} {names}")
"""


def test_spxw_weeklys_come_from_their_own_files_and_stay_between_chain_files(tmp_path, lean_data):
    outcome = run(tmp_path / "p", WEEKLYS, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    chains = [line for line in lines if line.startswith("chain ")]
    # the sample has SPXW chain files for 2020-12-31 only: its contracts stay selected on the
    # following days, priced from the spxw/ minute files
    assert [c.split()[1] for c in chains] == [
        "2021-01-04",
        "2021-01-05",
        "2021-01-06",
        "2021-01-07",
    ]
    for line in chains:
        _, _, count, priced, names = line.split(" ", 4)
        assert int(count) > 0 and int(priced) > 0
        assert names == "['SPXW']"


SHORT_PUT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2021, 1, 14)
        self.set_end_date(2021, 1, 14)
        self.set_cash(100000)
        self.portfolio.set_margin_call_model(MarginCallModel.NULL)
        self.set_security_initializer(CompositeSecurityInitializer(
            self.security_initializer, FuncSecurityInitializer(self.no_assignment)))
        self.spx = self.add_index("SPX", Resolution.MINUTE).symbol
        put = Symbol.create_option(self.spx, Market.USA, OptionStyle.EUROPEAN,
                                   OptionRight.PUT, 3200, datetime(2021, 1, 15))
        self.put = self.add_index_option_contract(put, Resolution.MINUTE)

    def no_assignment(self, security):
        if security.type == SecurityType.INDEX_OPTION:
            security.set_option_assignment_model(NullOptionAssignmentModel())

    def on_end_of_algorithm(self):
        self.debug(f"models {type(self.put.option_assignment_model).__name__} "
                   f"{type(self.put.fee_model).__name__} {type(self.put).__name__} "
                   f"{self.put.exercise_settlement}")
"""


def test_an_algorithm_composes_its_initializer_with_lean_s_and_turns_margin_calls_off(
    tmp_path, lean_data
):
    outcome = run(tmp_path / "p", SHORT_PUT, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "models NullOptionAssignmentModel ConstantFeeModel IndexOption cash" in lines
