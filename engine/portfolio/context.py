"""``AlgorithmContext``: exactly what ``TradingMixin`` and the transaction manager need from the algorithm."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from engine.portfolio.security import SecurityManager


class TradingSettings(Protocol):
    free_portfolio_value_percentage: float  # 0.0025
    free_portfolio_value: float | None  # None -> use the percentage
    minimum_order_margin_portfolio_percentage: float  # 0.001
    stale_price_time_span: timedelta  # 1 hour
    daily_precise_end_time: bool  # True


class AlgorithmContext(Protocol):
    securities: SecurityManager
    portfolio: Any  # SecurityPortfolioManager
    transactions: Any  # SecurityTransactionManager
    time: datetime  # algorithm time zone, naive
    utc_time: datetime  # UTC-aware
    is_warming_up: bool
    settings: TradingSettings
    brokerage_model: Any  # engine.execution.brokerage.DefaultBrokerageModel or a subclass
    _live_mode: bool

    def debug(self, message: str) -> None: ...

    def error(self, message: str) -> None: ...
