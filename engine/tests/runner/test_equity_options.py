"""Equity options on LEAN's sample data (GOOG, December 2015): the chain universe, the slice's
chains, trading a contract, exercise and assignment at expiry, open interest."""

from __future__ import annotations

from helpers import debug_lines, run

CHAIN = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.set_cash(100000)
        self.add_equity("GOOG")
        option = self.add_option("GOOG")
        self.canonical = option.symbol
        option.set_filter(lambda u: u.standards_only().calls_only().strikes(-1, 1).expiration(0, 60))
        self.seen = False

    def on_securities_changed(self, changes):
        added = sorted(str(s.symbol) for s in changes.added_securities)
        self.debug(f"added {self.time} {added}")

    def on_data(self, data):
        chain = data.option_chains.get(self.canonical)
        if chain is None or self.seen:
            return
        self.seen = True
        for c in sorted(chain, key=lambda c: (c.expiry, c.strike)):
            self.debug(f"contract {c.symbol} {c.strike} {c.right} {c.expiry:%Y-%m-%d} "
                       f"{c.bid_price} {c.ask_price} {chain.underlying.price}")
        contract = sorted(chain, key=lambda c: (c.expiry, c.strike))[0]
        self.market_order(contract.symbol, 2)
        self.debug(f"held {self.portfolio[contract.symbol].quantity} "
                   f"{self.securities[contract.symbol].symbol_properties.contract_multiplier}")
"""


def test_the_filter_picks_contracts_from_the_chain_file(tmp_path, lean_data):
    outcome = run(tmp_path / "p", CHAIN, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    added = next(line for line in lines if line.startswith("added "))
    # the first selection (at the start) reads the 2015-12-23 chain file: underlying 748.54,
    # standard calls within 60 days, one strike on each side of the price
    assert "'GOOG'" in added
    assert "GOOG  160115C00747500" in added and "GOOG  160115C00750000" in added
    assert "P0" not in added
    contracts = [line for line in lines if line.startswith("contract ")]
    assert contracts[0].startswith("contract GOOG  160115C00747500 747.5 Call 2016-01-15")
    bid, ask = (float(x) for x in contracts[0].split()[-3:-1])
    assert 0 < bid < ask
    assert "held 2.0 100.0" in lines
    result = outcome.result
    assert (
        result["statistics"]["Total Orders"] == "2" or result["statistics"]["Total Orders"] == "1"
    )
    # IB: $0.65 a contract at a premium of $0.10 or more, $1 minimum
    assert result["statistics"]["Total Fees"] == "$1.30"


EXPIRY = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 28)
        self.set_cash(100000)
        self.add_equity("GOOG")
        chain = self.option_chain("GOOG")
        calls = [c.symbol for c in chain if c.right == OptionRight.CALL and c.expiry.day == 24]
        self.itm = next(s for s in calls if s.id.strike_price == 745)
        self.otm = next(s for s in calls if s.id.strike_price == 760)
        self.add_option_contract(self.itm)
        self.add_option_contract(self.otm)

    def on_data(self, data):
        if not self.portfolio.invested and self.time.day == 24:
            self.market_order(self.itm, 1)
            self.market_order(self.otm, -1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED:
            self.debug(f"fill {e.symbol} {e.fill_quantity} {e.fill_price} {e.message}")

    def on_end_of_algorithm(self):
        for s in (self.itm, self.otm, "GOOG"):
            self.debug(f"end {s} {self.portfolio[s].quantity}")
"""


def test_expiry_exercises_in_the_money_contracts_and_expires_the_rest(tmp_path, lean_data):
    outcome = run(tmp_path / "p", EXPIRY, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    fills = [line for line in lines if line.startswith("fill ")]
    # GOOG closed 748.40 on the 24th: the 745 call is exercised (100 shares bought at the
    # strike), the short 760 call expires worthless; both at the midnight ending the 24th
    assert any("GOOG  151224C00745000 -1.0 0.0 Automatic Exercise" in f for f in fills)
    assert any(f.startswith("fill GOOG 100.0 745.0 Option Exercise") for f in fills)
    assert any("GOOG  151224C00760000 1.0 0.0 OTM" in f for f in fills)
    assert "end GOOG  151224C00745000 0.0" in lines
    assert "end GOOG  151224C00760000 0.0" in lines
    assert "end GOOG 100.0" in lines


OPEN_INTEREST = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 24)
        self.add_equity("GOOG")
        chain = self.option_chain("GOOG")
        self.put = next(c.symbol for c in chain if c.right == OptionRight.PUT
                        and c.strike == 710 and c.expiry.day == 31)
        self.add_option_contract(self.put)
        self.done = False

    def on_data(self, data):
        if not self.done and self.securities[self.put].open_interest:
            self.done = True
            self.debug(f"oi {self.securities[self.put].open_interest} "
                       f"{self.securities[self.put].cache.get_data(OpenInterest) is not None}")
"""


def test_open_interest_reaches_the_security(tmp_path, lean_data):
    outcome = run(tmp_path / "p", OPEN_INTEREST, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert "oi 78.0 True" in lines
