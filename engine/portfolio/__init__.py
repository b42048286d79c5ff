"""Portfolio, cash, transactions and the trading API.

What the runner does (step numbers of LEAN's Engine/AlgorithmManager.cs ``Run``):
- setup: ``securities, portfolio, transactions = build_trading_state(algorithm)`` (or build them yourself and
  set ``transactions.portfolio``/``transactions.algorithm``); create each ``Security(symbol, market_hours, ...)``,
  register its subscriptions with ``security.add_subscription(TradeBar|QuoteBar|Tick, resolution,
  extended_market_hours)``, apply ``algorithm.brokerage_model.initialize_security(security)`` and
  ``securities.add(security)``. Forward events: ``transactions.add_order_event_handler(fn)``.
- every step: S3 ``securities.set_time(utc_time)``; S5 ``security.update(point)`` for each non-FF point;
  S6 (first step of each hour) ``portfolio.scan_settlement(utc_time)``; S10 ``transactions.scan(utc_time)``;
  S13 ``check_margin_calls(algorithm)`` (it keeps its own 5-minute cadence); S15 ``portfolio.apply_dividend(d)``,
  ``portfolio.apply_split(s)`` then ``transactions.apply_split(s)`` (skip both during warm-up; the
  open orders' rescale waits, as LEAN's queued ticket update, for the next submission or scan); S19
  ``transactions.scan(utc_time)`` again.

Public names (stable): ``SecurityHolding``, ``Cash``, ``CashBook``, ``SecurityPortfolioManager``,
``SecurityTransactionManager``, ``OrderTicket``, ``OrderResponse``, ``OrderField``, ``SubmitOrderRequest``,
``UpdateOrderRequest``, ``CancelOrderRequest``, ``TradingMixin``, ``PortfolioTarget``, ``MarketOnCloseOrder``
(holds ``submission_time_buffer``), ``AlgorithmContext``, ``build_trading_state``, ``check_margin_calls``,
``DefaultMarginCallModel``, ``ImmediateSettlementModel``, ``DelayedSettlementModel``.
"""

from engine.portfolio.cashbook import Cash, CashBook
from engine.portfolio.context import AlgorithmContext
from engine.portfolio.holding import SecurityHolding
from engine.portfolio.manager import SecurityPortfolioManager
from engine.portfolio.margin_call import DefaultMarginCallModel, check_margin_calls
from engine.portfolio.settlement import DelayedSettlementModel, ImmediateSettlementModel
from engine.portfolio.state import build_trading_state
from engine.portfolio.tickets import (
    CancelOrderRequest,
    OrderField,
    OrderResponse,
    OrderTicket,
    SubmitOrderRequest,
    UpdateOrderRequest,
)
from engine.portfolio.trading import MarketOnCloseOrder, PortfolioTarget, TradingMixin
from engine.portfolio.transactions import SecurityTransactionManager

__all__ = [
    "AlgorithmContext",
    "CancelOrderRequest",
    "Cash",
    "DefaultMarginCallModel",
    "CashBook",
    "DelayedSettlementModel",
    "ImmediateSettlementModel",
    "MarketOnCloseOrder",
    "OrderField",
    "OrderResponse",
    "OrderTicket",
    "PortfolioTarget",
    "SecurityHolding",
    "SecurityPortfolioManager",
    "SecurityTransactionManager",
    "SubmitOrderRequest",
    "TradingMixin",
    "UpdateOrderRequest",
    "build_trading_state",
    "check_margin_calls",
]
