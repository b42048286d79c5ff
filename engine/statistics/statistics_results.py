"""What ``QCAlgorithm.statistics`` returns (Common/Statistics/StatisticsResults.cs, PerformanceMetrics.cs).

``summary`` is LEAN's ``Dictionary<string, string>`` as Python sees it: ``summary[name]`` and
``name in summary`` by key, while iterating yields key/value pairs (``kvp.key``, ``kvp.value``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple


class KeyValuePair(NamedTuple):
    key: str
    value: str

    Key = property(lambda self: self.key)
    Value = property(lambda self: self.value)


class StatisticsSummary(dict):
    """The summary statistics by name; iterating yields ``KeyValuePair`` items as in LEAN."""

    def __iter__(self) -> Iterator[KeyValuePair]:  # type: ignore[override]
        return (KeyValuePair(k, v) for k, v in dict.items(self))

    def contains_key(self, key: str) -> bool:
        return dict.__contains__(self, key)

    ContainsKey = contains_key
    Count = property(len)
    count = Count


class StatisticsResults:
    """``summary`` (name -> formatted value, the custom summary statistics included);
    ``total_performance`` and ``rolling_performances`` hold what the engine computed of them."""

    def __init__(
        self,
        total_performance: Any = None,
        rolling_performances: dict[str, Any] | None = None,
        summary: dict[str, str] | None = None,
    ) -> None:
        self.total_performance = total_performance
        self.rolling_performances = dict(rolling_performances or {})
        self.summary = StatisticsSummary(summary or {})

    def add_custom_summary_statistics(self, custom: dict[str, str]) -> None:
        self.summary.update(custom)

    Summary = property(lambda self: self.summary)
    TotalPerformance = property(lambda self: self.total_performance)
    RollingPerformances = property(lambda self: self.rolling_performances)


class PerformanceMetrics:
    """The names of the summary statistics (both spellings: ``SHARPE_RATIO`` and ``SharpeRatio``)."""

    ALPHA = Alpha = "Alpha"
    ANNUAL_STANDARD_DEVIATION = AnnualStandardDeviation = "Annual Standard Deviation"
    ANNUAL_VARIANCE = AnnualVariance = "Annual Variance"
    AVERAGE_LOSS = AverageLoss = "Average Loss"
    AVERAGE_WIN = AverageWin = "Average Win"
    BETA = Beta = "Beta"
    COMPOUNDING_ANNUAL_RETURN = CompoundingAnnualReturn = "Compounding Annual Return"
    DRAWDOWN = Drawdown = "Drawdown"
    ESTIMATED_STRATEGY_CAPACITY = EstimatedStrategyCapacity = "Estimated Strategy Capacity"
    EXPECTANCY = Expectancy = "Expectancy"
    START_EQUITY = StartEquity = "Start Equity"
    END_EQUITY = EndEquity = "End Equity"
    INFORMATION_RATIO = InformationRatio = "Information Ratio"
    LOSS_RATE = LossRate = "Loss Rate"
    NET_PROFIT = NetProfit = "Net Profit"
    PROBABILISTIC_SHARPE_RATIO = ProbabilisticSharpeRatio = "Probabilistic Sharpe Ratio"
    PROFIT_LOSS_RATIO = ProfitLossRatio = "Profit-Loss Ratio"
    SHARPE_RATIO = SharpeRatio = "Sharpe Ratio"
    SORTINO_RATIO = SortinoRatio = "Sortino Ratio"
    TOTAL_FEES = TotalFees = "Total Fees"
    TOTAL_ORDERS = TotalOrders = "Total Orders"
    TRACKING_ERROR = TrackingError = "Tracking Error"
    TREYNOR_RATIO = TreynorRatio = "Treynor Ratio"
    WIN_RATE = WinRate = "Win Rate"
    LOWEST_CAPACITY_ASSET = LowestCapacityAsset = "Lowest Capacity Asset"
    PORTFOLIO_TURNOVER = PortfolioTurnover = "Portfolio Turnover"
    DRAWDOWN_RECOVERY = DrawdownRecovery = "Drawdown Recovery"
