from AlgorithmImports import *


class FirstAlgorithm(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 3, 28)
        self.set_cash(100_000)
        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol

    def on_data(self, data: Slice) -> None:
        # Buy SPY here.
        pass
