"""The statistics of option exercises, as LEAN's (Common/Extensions.cs ``IsWin``,
Common/Securities/Option/OptionPortfolioModel.cs, Common/Statistics/TradeStatistics.cs): an
option bought and exercised in the money loses its premium yet counts as a win when the premium
was less than what the exercise saved, and a cash-settled exercise's payoff is part of the
closed trade's profit."""

from __future__ import annotations

from helpers import run

LONG_PUT_EXERCISED = """
class LongPut(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 23)
        self.set_end_date(2015, 12, 28)
        self.set_cash(100000)
        self.add_equity("GOOG")
        chain = self.option_chain("GOOG")
        # GOOG closes 748.40 on the expiry: the 800 put is worth 51.60, more than its price
        self.put = sorted((c for c in chain if c.right == OptionRight.PUT and c.strike == 800),
                          key=lambda c: c.expiry)[0].symbol
        self.add_option_contract(self.put).set_option_assignment_model(NullOptionAssignmentModel())

    def on_data(self, data):
        if self.transactions.orders_count == 0 and self.securities[self.put].price:
            self.market_order(self.put, 1)

    def on_end_of_algorithm(self):
        for trade in self.trade_builder.closed_trades:
            self.debug(f"trade {trade.profit_loss} {trade.is_win}")
"""


def _statistics(outcome) -> dict:
    keys = ("Win Rate", "Loss Rate", "Average Win", "Average Loss", "Profit-Loss Ratio")
    return {k: outcome.result["statistics"][k] for k in keys}


def test_a_long_put_exercised_in_the_money_is_a_win(tmp_path, lean_data):
    outcome = run(tmp_path / "p", LONG_PUT_EXERCISED, lean_data)
    assert outcome.error is None, outcome.error
    # one closing fill: the premium lost (Average Loss), counted as a win
    statistics = _statistics(outcome)
    assert statistics["Win Rate"] == "100%" and statistics["Loss Rate"] == "0%", statistics
    assert statistics["Average Win"] == "0%" and statistics["Average Loss"] != "0%", statistics
    trades = [line.split(" ", 2)[2] for line in outcome.logs if " trade " in line]
    assert len(trades) == 1 and trades[0].endswith(" True"), trades
    assert float(trades[0].split()[1]) < 0
    performance = outcome.result["totalPerformance"]["tradeStatistics"]
    assert performance["numberOfWinningTrades"] == 1
    assert performance["numberOfLosingTrades"] == 0
    assert float(performance["winRate"]) == 1


INDEX_CALL_EXERCISED = """
class IndexCall(QCAlgorithm):
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
        if e.status == OrderStatus.FILLED and e.fill_price:
            self.debug(f"bought {e.fill_price}")

    def on_end_of_algorithm(self):
        self.debug(f"profit {self.portfolio[self.call].profit} cash {self.portfolio.cash}")
"""


def test_a_cash_settled_exercise_pays_into_the_closed_trade(tmp_path, lean_data):
    outcome = run(tmp_path / "p", INDEX_CALL_EXERCISED, lean_data)
    assert outcome.error is None, outcome.error
    lines = [line.split(" ", 2)[2] for line in outcome.logs if "ERROR::" not in line]
    price = float(next(line for line in lines if line.startswith("bought ")).split()[1])
    profit, cash = (
        float(v) for v in next(ln for ln in lines if ln.startswith("profit ")).split()[1::2]
    )
    # SPX closed 3795.54 on the expiry: the payoff less the premium is the holding's profit and
    # the profit-loss record's, which LEAN keys by the fill time
    payoff = round((3795.54 - 3200) * 100, 2)
    assert profit == round(payoff - price * 100, 2)
    assert cash == round(100000 + payoff - price * 100, 2)
    records = outcome.result["profitLossTransactions"]
    assert [round(v, 2) for v in records.values()] == [profit]
    # bought on the first minute, the call's payoff beat its premium: a winning record
    assert profit == 2644
    statistics = _statistics(outcome)
    assert statistics["Win Rate"] == "100%" and statistics["Average Win"] == "2.64%", statistics


TWO_EXPIRING_TOGETHER = """
class TwoShorts(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 23)
        self.set_end_date(2015, 12, 28)
        self.set_cash(100000)
        self.add_equity("GOOG")
        chain = self.option_chain("GOOG")
        first = lambda right, strike: sorted(
            (c for c in chain if c.right == right and c.strike == strike), key=lambda c: c.expiry
        )[0].symbol
        # the put first: LEAN still exercises the call first
        self.contracts = [first(OptionRight.PUT, 800), first(OptionRight.CALL, 600)]
        for symbol in self.contracts:
            self.add_option_contract(symbol).set_option_assignment_model(
                NullOptionAssignmentModel()
            )

    def on_data(self, data):
        if self.transactions.orders_count == 0 and all(
            self.securities[s].price for s in self.contracts
        ):
            for symbol in self.contracts:
                self.market_order(symbol, -1)

    def on_order_event(self, e):
        if e.status == OrderStatus.FILLED and e.is_assignment:
            self.debug(f"assigned {e.order_id} {e.symbol.id.option_right}")
"""


def test_contracts_expiring_together_are_exercised_in_lean_order(tmp_path, lean_data):
    outcome = run(tmp_path / "p", TWO_EXPIRING_TOGETHER, lean_data)
    assert outcome.error is None, outcome.error
    assigned = [line.split(" ", 2)[2] for line in outcome.logs if " assigned " in line]
    assert assigned == ["assigned 3 Call", "assigned 4 Put"], assigned
    # the call's record (premium 15,060 above its 14,840 payoff: a win) comes first, so the
    # put's 4,480 counts against a larger capital: LEAN's 9.48% average win, not 9.45%
    statistics = _statistics(outcome)
    assert statistics["Average Win"] == "9.48%" and statistics["Win Rate"] == "33%", statistics
