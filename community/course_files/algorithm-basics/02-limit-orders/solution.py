from AlgorithmImports import *


class LimitOrderAlgorithm(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 3, 28)
        self.set_cash(100_000)
        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self._ticket = None

    def on_data(self, data: Slice) -> None:
        if self._ticket is None:
            price = self.securities[self._spy].price
            self._ticket = self.limit_order(self._spy, 10, round(price * 0.99, 2))
