# region imports
from AlgorithmImports import *

# endregion


class BuyAndHoldAlgorithm(QCAlgorithm):
    """Buys SPY with all the cash on the first day and holds it."""

    def initialize(self):
        self.set_start_date(2023, 1, 1)
        self.set_end_date(2024, 12, 31)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.DAILY).symbol

    def on_data(self, data: Slice):
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
            self.debug(f"Bought SPY on {self.time}")
