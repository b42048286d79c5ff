# region imports
from AlgorithmImports import *

# endregion


class SmaCrossoverAlgorithm(QCAlgorithm):
    """Holds SPY while its fast moving average is above its slow one.

    The window lengths are project parameters ("fast" and "slow"); the moving averages are
    computed here from the daily closes.
    """

    def initialize(self):
        self.set_start_date(2023, 1, 1)
        self.set_end_date(2024, 12, 31)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY", Resolution.DAILY).symbol
        self.fast_period = int(self.get_parameter("fast", 10))
        self.slow_period = int(self.get_parameter("slow", 30))
        self.closes = deque(maxlen=self.slow_period)

    def on_data(self, data: Slice):
        bar = data.bars.get(self.spy)
        if bar is None:
            return
        self.closes.append(bar.close)
        if len(self.closes) < self.slow_period:
            return
        closes = list(self.closes)
        fast = sum(closes[-self.fast_period :]) / self.fast_period
        slow = sum(closes) / self.slow_period
        self.plot("Moving averages", "fast", fast)
        self.plot("Moving averages", "slow", slow)
        if fast > slow and not self.portfolio.invested:
            self.set_holdings(self.spy, 1)
        elif fast < slow and self.portfolio.invested:
            self.liquidate(self.spy)
