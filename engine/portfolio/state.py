"""Wiring helper: build the securities / portfolio / transactions trio for an algorithm."""

from __future__ import annotations

from typing import Any

from engine.portfolio.manager import SecurityPortfolioManager
from engine.portfolio.security import SecurityManager
from engine.portfolio.transactions import SecurityTransactionManager


def build_trading_state(
    algorithm: Any = None, account_currency: str = "USD"
) -> tuple[SecurityManager, SecurityPortfolioManager, SecurityTransactionManager]:
    """Create linked managers. ``algorithm`` (optional) supplies utc_time, settings, brokerage_model,
    is_warming_up and error() to the transaction manager."""
    securities = SecurityManager()
    transactions = SecurityTransactionManager(securities, algorithm=algorithm)
    portfolio = SecurityPortfolioManager(securities, transactions, account_currency)
    transactions.portfolio = portfolio
    return securities, portfolio, transactions
