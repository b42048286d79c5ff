"""Two small algorithms holding contracts to their expiry on LEAN's sample data, shared by the
engine's result-document tests and the web app's backtest tests.

- OPTION_EXPIRY (GOOG, 2015-12-24..28): buys one in-the-money call expiring on the first day and
  writes the next one down; at expiry the bought call is exercised ("Automatic Exercise") and the
  written one assigned, each an OptionExercise order whose second fill delivers GOOG shares.
- FUTURE_EXPIRY (ES daily, 2013-10-08..2014-01-10): buys one front-month contract (ES20Z13),
  held until it expires and is liquidated ("Liquidate from delisting"), and sells two of the next
  (ES21H14), still held at the end.
"""

from __future__ import annotations

OPTION_EXPIRY = """from AlgorithmImports import *


class CallToExpiry(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2015, 12, 24)
        self.set_end_date(2015, 12, 28)
        self.set_cash(100000)
        self.add_equity("GOOG", Resolution.MINUTE)
        option = self.add_option("GOOG", Resolution.MINUTE)
        option.set_filter(lambda u: u.include_weeklys().strikes(-2, 2).expiration(0, 10))

    def on_data(self, data):
        if self.portfolio.invested:
            return
        for chain in data.option_chains.values():
            calls = [
                c
                for c in chain
                if c.expiry.date() == self.time.date()
                and c.right == OptionRight.CALL
                and c.strike < chain.underlying.price
            ]
            calls.sort(key=lambda c: c.strike, reverse=True)
            if len(calls) >= 2:
                self.market_order(calls[0].symbol, 1)
                self.market_order(calls[1].symbol, -1)
"""

FUTURE_EXPIRY = """from AlgorithmImports import *


class FrontMonthToExpiry(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2014, 1, 10)
        self.set_cash(1000000)
        future = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.DAILY)
        future.set_filter(0, 182)
        self.bought = False

    def on_data(self, data):
        if self.bought:
            return
        for chain in data.future_chains.values():
            contracts = sorted(chain, key=lambda c: c.expiry)
            if len(contracts) >= 2:
                self.market_order(contracts[0].symbol, 1)  # held until it expires
                self.market_order(contracts[1].symbol, -2)  # still held at the end
                self.bought = True
"""
