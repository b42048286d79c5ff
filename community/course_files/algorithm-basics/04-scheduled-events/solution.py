from AlgorithmImports import *


class WeeklyAlgorithm(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 3, 28)
        self.set_cash(100_000)
        self._spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.schedule.on(
            self.date_rules.week_start(self._spy),
            self.time_rules.after_market_open(self._spy, 30),
            self._rebalance,
        )

    def _rebalance(self) -> None:
        self.log(f"Rebalance: SPY at {self.securities[self._spy].price}")
        self.set_holdings(self._spy, 0.5)
