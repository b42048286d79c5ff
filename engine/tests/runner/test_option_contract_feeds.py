"""An option contract's quote feed and its delisting, on LEAN's sample data (TWX's June 2014 42.5
call: quotes only, some bars with one side; last trading day Friday 2014-06-20)."""

from __future__ import annotations

from helpers import debug_lines, run

CONTRACT = """
class A(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2014, 6, 5)
        self.set_end_date(2014, 6, int(self.get_parameter("end")))
        self.set_cash(100000)
        self.call = Symbol.create_option("TWX", Market.USA, OptionStyle.AMERICAN, OptionRight.CALL,
                                         42.5, datetime(2014, 6, 21))
        self.add_option_contract(self.call)
        self.sell_at = self.get_parameter("sell")

    def on_data(self, data):
        if not self.portfolio.invested and self.transactions.orders_count == 0 \\
                and self.securities[self.call].price:
            self.market_order(self.call, 1)
        if self.sell_at and str(self.time) == self.sell_at:
            self.market_order(self.call, -1)
        if self.time.day > 20:
            self.debug(f"on_data {self.time} {data.delistings.contains_key(self.call)}")

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED:
            self.debug(f"fill {e.symbol.value}|{e.fill_quantity}|{e.fill_price}|{self.time}")
"""


def fills(outcome) -> list[list[str]]:
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    return [line[len("fill ") :].split("|") for line in lines if line.startswith("fill ")]


def test_a_quote_bar_without_a_bid_keeps_the_last_bid(tmp_path, lean_data):
    # at 14:00 on 2014-06-06 the contract's latest quote bars have an ask (30.45) and no bid: as
    # LEAN's QuoteBarFillForwardEnumerator, they keep the last bid (27.30, from 13:13), at which
    # a sale fills
    parameters = {"end": "6", "sell": "2014-06-06 14:00:00"}
    outcome = run(tmp_path / "p", CONTRACT, lean_data, parameters=parameters)
    assert outcome.error is None, outcome.error
    bought, sold = fills(outcome)
    assert float(bought[1]) == 1 and float(sold[1]) == -1
    assert float(sold[2]) == 27.30
    assert sold[3] == "2014-06-06 14:00:00"


def test_a_contract_whose_last_trading_day_is_a_friday_is_delisted_at_saturdays_midnight(
    tmp_path, lean_data
):
    # LEAN dates an option's delisting the day after its last trading day and emits it then: the
    # in-the-money call is exercised at 2014-06-21 00:00, in a slice of its own
    outcome = run(tmp_path / "p", CONTRACT, lean_data, parameters={"end": "24", "sell": ""})
    assert outcome.error is None, outcome.error
    exercised = [f for f in fills(outcome) if f[0].startswith("TWX ") and float(f[1]) == -1]
    assert [f[3] for f in exercised] == ["2014-06-21 00:00:00"]
    delivered = [f for f in fills(outcome) if f[0] == "TWX"]
    assert delivered[0][1:] == ["100.0", "42.5", "2014-06-21 00:00:00"]
    lines = [line.split(" ", 2)[2] for line in debug_lines(outcome)]
    assert [line for line in lines if line.startswith("on_data")][0] == (
        "on_data 2014-06-21 00:00:00 True"
    )
