"""LEAN's own expected statistics, copied from QuantConnect/Lean, shared by the tests that compare with them."""

from __future__ import annotations

# Algorithm.CSharp/BasicTemplateAlgorithm.cs, ExpectedStatistics (the version with "Start Equity"/
# "End Equity"; OrderListHash left out). That version predates the "Drawdown Recovery" key. The same
# numbers are in ScheduledEventsOrderRegressionAlgorithm.cs and CallbackCommandRegressionAlgorithm.cs
# (set_holdings SPY 1 from the first minute of 2013-10-07 to 10-11).
BASIC_TEMPLATE_EXPECTED = {
    "Total Orders": "1",
    "Average Win": "0%",
    "Average Loss": "0%",
    "Compounding Annual Return": "271.453%",
    "Drawdown": "2.200%",
    "Expectancy": "0",
    "Start Equity": "100000",
    "End Equity": "101691.92",
    "Net Profit": "1.692%",
    "Sharpe Ratio": "8.854",
    "Sortino Ratio": "0",
    "Probabilistic Sharpe Ratio": "67.459%",
    "Loss Rate": "0%",
    "Win Rate": "0%",
    "Profit-Loss Ratio": "0",
    "Alpha": "-0.005",
    "Beta": "0.996",
    "Annual Standard Deviation": "0.222",
    "Annual Variance": "0.049",
    "Information Ratio": "-14.565",
    "Tracking Error": "0.001",
    "Treynor Ratio": "1.97",
    "Total Fees": "$3.44",
    "Estimated Strategy Capacity": "$56000000.00",
    "Lowest Capacity Asset": "SPY R735QTJ8XC9X",
    "Portfolio Turnover": "19.93%",
}
