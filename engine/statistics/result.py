"""The backtest result document (API v2 ``BacktestResult`` / LEAN's local results JSON)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .trades import Trade, iso_utc

__all__ = ["algorithm_configuration", "build_result_document"]


def algorithm_configuration(
    *,
    name: str = "",
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    account_currency: str = "USD",
    brokerage: int = 0,
    account_type: int = 0,
    parameters: Mapping[str, str] | None = None,
    tags: Sequence[str] = (),
    trading_days_per_year: int = 252,
    out_of_sample_max_end_date: datetime | None = None,
    out_of_sample_days: int = 0,
) -> dict[str, Any]:
    """LEAN's ``AlgorithmConfiguration`` (brokerage/account type as LEAN's enum numbers)."""
    return {
        "name": name,
        "tags": list(tags),
        "accountCurrency": account_currency,
        "brokerage": brokerage,
        "accountType": account_type,
        "parameters": dict(parameters or {}),
        "outOfSampleMaxEndDate": iso_utc(out_of_sample_max_end_date)
        if out_of_sample_max_end_date
        else None,
        "outOfSampleDays": out_of_sample_days,
        "startDate": start_date.strftime("%Y-%m-%d %H:%M:%S") if start_date else None,
        "endDate": end_date.strftime("%Y-%m-%d %H:%M:%S") if end_date else None,
        "tradingDaysPerYear": trading_days_per_year,
    }


def build_result_document(
    *,
    statistics: Mapping[str, str],
    runtime_statistics: Mapping[str, str],
    charts: Mapping[str, dict],
    orders: Mapping[int | str, dict] | Sequence[dict] = (),
    order_events: Sequence[dict] = (),
    closed_trades: Sequence[Trade | dict] = (),
    trade_statistics: Mapping[str, Any] | None = None,
    portfolio_statistics: Mapping[str, Any] | None = None,
    profit_loss: Mapping[str, float] | None = None,
    algorithm_configuration: Mapping[str, Any] | None = None,
    rolling_window: Mapping[str, Any] | None = None,
    state: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the runner collected, in the BacktestResult JSON shape.

    ``orders``: already-serialized LEAN Order JSON, keyed by id (a list is keyed by each ``id``);
    ``order_events``: serialized order events; ``closed_trades``: :class:`Trade` objects or their
    JSON; ``trade_statistics``/``portfolio_statistics``: the JSON returned by
    :func:`compute_statistics`; ``profit_loss``: :meth:`TransactionRecords.to_json`; ``extra``:
    API fields owned by the web app (``backtestId``, ``name``, ``status``, ...), merged on top.
    """
    if isinstance(orders, Mapping):
        orders_by_id = {str(k): v for k, v in orders.items()}
    else:
        orders_by_id = {str(o["id"]): o for o in orders}
    trades_json = [t.to_json() if isinstance(t, Trade) else dict(t) for t in closed_trades]
    document: dict[str, Any] = {
        "rollingWindow": dict(rolling_window or {}),
        "totalPerformance": {
            "tradeStatistics": dict(trade_statistics or {}),
            "portfolioStatistics": dict(portfolio_statistics or {}),
            "closedTrades": trades_json,
        },
        "charts": dict(charts),
        "orders": orders_by_id,
        "orderEvents": list(order_events),
        "profitLossTransactions": dict(profit_loss or {}),
        "statistics": dict(statistics),
        "runtimeStatistics": dict(runtime_statistics),
        "state": dict(state or {}),
        "algorithmConfiguration": dict(algorithm_configuration or {}),
    }
    if extra:
        document.update(extra)
    return document
