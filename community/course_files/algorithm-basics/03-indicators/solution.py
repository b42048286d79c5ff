from AlgorithmImports import *


class TrendAlgorithm(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 3, 28)
        self.set_cash(100_000)
        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self._sma = self.sma(self._spy, 20)
        self.plot_indicator("SMA", self._sma)
        self.set_warm_up(20)

    def on_data(self, data: Slice) -> None:
        if self.is_warming_up or not self._sma.is_ready:
            return
        price = self.securities[self._spy].price
        if price > self._sma.current.value and not self.portfolio.invested:
            self.set_holdings(self._spy, 1.0)
        elif price < self._sma.current.value and self.portfolio.invested:
            self.liquidate(self._spy)
