"""Small synthetic result documents (LEAN's BacktestResult shape) for the report tests: any date range."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd


def _ts(day: pd.Timestamp) -> int:
    # 16:00 New York (20:00/21:00 UTC) on that day: the day's close
    return int(datetime(day.year, day.month, day.day, 21, 0, tzinfo=UTC).timestamp())


def result_document(
    start: str,
    end: str,
    *,
    benchmark: bool = True,
    trades: bool = True,
    seed: int = 3,
    statistics: dict | None = None,
) -> dict:
    days = pd.bdate_range(start, end)
    rng = np.random.default_rng(seed)
    equity = 100_000 * np.cumprod(1 + rng.normal(0.0004, 0.01, len(days)))
    equity[0] = 100_000
    bench = 300 * np.cumprod(1 + rng.normal(0.0003, 0.012, len(days)))
    charts: dict = {
        "Strategy Equity": {
            "name": "Strategy Equity",
            "series": {
                "Equity": {
                    "name": "Equity",
                    "seriesType": 2,
                    "unit": "$",
                    "values": [[_ts(d), v, v, v, v] for d, v in zip(days, equity, strict=True)],
                }
            },
        },
        "Exposure": {
            "name": "Exposure",
            "series": {
                "Equity - Long Ratio": {
                    "name": "Equity - Long Ratio",
                    "values": [[_ts(d), 0.98] for d in days] if trades else [],
                },
                "Equity - Short Ratio": {
                    "name": "Equity - Short Ratio",
                    "values": [[_ts(d), 0.0] for d in days] if trades else [],
                },
            },
        },
    }
    if benchmark:
        charts["Benchmark"] = {
            "name": "Benchmark",
            "series": {
                "Benchmark": {
                    "name": "Benchmark",
                    "values": [[_ts(d), v] for d, v in zip(days, bench, strict=True)],
                }
            },
        }
    orders: dict = {}
    events: list = []
    closed: list = []
    if trades:
        first, last = _ts(days[0]), _ts(days[-1])
        for oid, (t, qty) in enumerate(((first, 300.0), (last, -300.0)), start=1):
            orders[str(oid)] = {
                "id": oid,
                "symbol": {"value": "SPY", "id": "SPY R735QTJ8XC9X"},
                "securityType": 1,
                "quantity": qty,
                "price": 330.0,
                "status": 3,
                "type": 0,
                "direction": 0 if qty > 0 else 1,
                "time": datetime.fromtimestamp(t, tz=UTC).isoformat(),
            }
            events.append(
                {
                    "orderId": oid,
                    "symbolValue": "SPY",
                    "time": float(t),
                    "status": "filled",
                    "fillQuantity": qty,
                    "fillPrice": 330.0,
                }
            )
        closed.append(
            {
                "symbol": {"value": "SPY"},
                "entryTime": days[0].isoformat(),
                "exitTime": days[-1].isoformat(),
                "entryPrice": 330.0,
                "exitPrice": 340.0,
                "quantity": 300.0,
                "profitLoss": 3000.0,
                "direction": 0,
            }
        )
    stats = {
        "Total Orders": str(len(orders)),
        "Compounding Annual Return": "12.345%",
        "Drawdown": "7.100%",
        "Net Profit": "3.210%",
        "Sharpe Ratio": "1.234",
        "Sortino Ratio": "1.567",
        "Probabilistic Sharpe Ratio": "55.5%",
        "Information Ratio": "0.321",
        "Portfolio Turnover": "1.23%",
        "Estimated Strategy Capacity": "$4500000.00",
        "End Equity": f"{equity[-1]:.2f}",
    }
    stats.update(statistics or {})
    return {
        "charts": charts,
        "orders": orders,
        "orderEvents": events,
        "totalPerformance": {"closedTrades": closed},
        "statistics": stats,
        # the engine writes every statistic as a number too
        "statisticsValues": {
            "totalOrders": len(orders),
            "compoundingAnnualReturn": 12.345,
            "drawdown": 7.1,
            "netProfit": 3.21,
            "sharpeRatio": 1.234,
            "sortinoRatio": 1.567,
            "probabilisticSharpeRatio": 55.5,
            "informationRatio": 0.321,
            "portfolioTurnover": 1.23,
            "estimatedStrategyCapacity": 4500000.0,
            "endEquity": round(equity[-1], 2),
        },
        "runtimeStatistics": {"Equity": f"${equity[-1]:,.2f}"},
        "algorithmConfiguration": {
            "startDate": f"{date.fromisoformat(start)} 00:00:00",
            "endDate": f"{date.fromisoformat(end)} 23:59:59",
        },
    }
