from AlgorithmImports import *


class ProtectedAlgorithm(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 3, 28)
        self.set_cash(100_000)
        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self._stop = None

    def on_data(self, data: Slice) -> None:
        if not self.portfolio.invested and self._stop is None:
            self.set_holdings(self._spy, 1.0)

    def on_order_event(self, order_event: OrderEvent) -> None:
        if order_event.status != OrderStatus.FILLED or self._stop is not None:
            return
        if order_event.direction == OrderDirection.BUY:
            quantity = self.portfolio[self._spy].quantity
            self._stop = self.stop_market_order(
                self._spy, -quantity, round(order_event.fill_price * 0.95, 2)
            )
