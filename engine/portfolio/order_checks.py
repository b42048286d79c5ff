"""LEAN ``PreOrderChecksImpl`` (Engine/TransactionHandlers/BrokerageTransactionHandler.cs): the checks an order request passes before an order is
created, and ``MarketOnCloseOrder`` (the MOC submission buffer they use)."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

from engine.common.controls import controls_of
from engine.data.absent_data import check_order_data
from engine.model.enums import OrderResponseErrorCode, OrderType, Resolution, SecurityType
from engine.model.orders import MarketOnCloseOrder
from engine.model.security import is_always_open, next_market_close
from engine.portfolio.tickets import OrderResponse, SubmitOrderRequest


def _fmt(value: float) -> str:
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text or "0"


def moc_buffer() -> timedelta:
    buf = MarketOnCloseOrder.submission_time_buffer
    if MarketOnCloseOrder.SubmissionTimeBuffer != timedelta(minutes=15.5) and buf == timedelta(
        minutes=15.5
    ):
        buf = MarketOnCloseOrder.SubmissionTimeBuffer
    return buf


# Enum members read once: on Python 3.11 each read from its class goes through EnumType's
# __getattr__ hook (~0.35 us), and these checks run for every order.
_MARKET_ON_OPEN = OrderType.MARKET_ON_OPEN
_MARKET_ON_CLOSE = OrderType.MARKET_ON_CLOSE
_FUTURES = frozenset((SecurityType.FUTURE, SecurityType.FUTURE_OPTION))
_CURRENCY_PAIRS = frozenset((SecurityType.FOREX, SecurityType.CRYPTO))


def pre_order_checks(algorithm: Any, request: SubmitOrderRequest) -> OrderResponse:
    """LEAN ``PreOrderChecksImpl`` (Engine/TransactionHandlers/BrokerageTransactionHandler.cs): no order is created when this fails."""
    e = OrderResponseErrorCode
    kind = "submit"
    if algorithm.is_warming_up:
        return OrderResponse.error(
            0,
            e.ALGORITHM_WARMING_UP,
            "This operation is not allowed in Initialize or during warm up: OrderRequest.Submit. "
            "Please move this code to the OnWarmupFinished() method.",
        )
    security = algorithm.securities.get(request.symbol)
    if security is None:
        return OrderResponse.error(
            0,
            e.MISSING_SECURITY,
            f"You haven't requested {request.symbol} data. Add this with AddSecurity() in the Initialize() Method.",
        )
    # under strict data an order resting on partly absent price data stops the run
    check_order_data(algorithm, request.symbol)
    if request.quantity == 0:
        return OrderResponse.error(
            0,
            e.ORDER_QUANTITY_ZERO,
            f"Unable to {kind} order with id 0 that have zero quantity.",
        )
    lot = security.symbol_properties.lot_size
    if abs(request.quantity) < lot:
        return OrderResponse.error(
            0,
            e.ORDER_QUANTITY_LESS_THAN_LOT_SIZE,
            f"Unable to {kind} order with id 0 which quantity ({_fmt(abs(request.quantity))}) is less than lot "
            f"size ({_fmt(lot)}).",
        )
    if not security.is_tradable:
        return OrderResponse.error(
            0,
            e.NON_TRADABLE_SECURITY,
            f"The security with symbol '{request.symbol}' is marked as non-tradable.",
        )
    st = security.type
    if request.order_type == _MARKET_ON_OPEN and st in _FUTURES:
        return OrderResponse.error(
            0, e.EXCHANGE_NOT_OPEN, "MarketOnOpen orders are not supported for futures."
        )
    if security.price == 0:
        return OrderResponse.error(
            0,
            e.SECURITY_PRICE_ZERO,
            f"{request.symbol}: asset price is $0. If using custom data make sure you've set the 'Value' property.",
        )
    book = algorithm.portfolio.cash_book
    quote = security.quote_currency
    base_cash = book._cash.get(security.base_currency or "")
    if (quote in book and book[quote].conversion_rate == 0) or (
        base_cash is not None and not base_cash.conversion_rate
    ):
        book.update_conversion_rates(
            algorithm.securities
        )  # LEAN refreshes rates every step (step 7)
    if quote not in book:
        return OrderResponse.error(
            0,
            e.QUOTE_CURRENCY_REQUIRED,
            f"{request.symbol.value}: requires {quote} in the cashbook to trade.",
        )
    if book[quote].conversion_rate == 0:
        return OrderResponse.error(
            0,
            e.CONVERSION_RATE_ZERO,
            f"{request.symbol.value}: requires {quote} to have a non-zero conversion rate. "
            "This can be caused by lack of data.",
        )
    if st in _CURRENCY_PAIRS and security.base_currency:
        base = security.base_currency
        if base not in book:
            return OrderResponse.error(
                0,
                e.FOREX_BASE_AND_QUOTE_CURRENCIES_REQUIRED,
                f"{request.symbol.value}: requires {base} and {quote} in the cashbook to trade.",
            )
        if book[base].conversion_rate == 0:
            return OrderResponse.error(
                0,
                e.FOREX_CONVERSION_RATE_ZERO,
                f"{request.symbol.value}: requires {base} and {quote} to have non-zero conversion rates. "
                "This can be caused by lack of data.",
            )
    if not security.has_data:
        return OrderResponse.error(
            0,
            e.SECURITY_HAS_NO_DATA,
            "There is no data for this symbol yet, please check the security.HasData flag to ensure there is at "
            "least one data point.",
        )
    max_orders = algorithm.__dict__.get("_max_orders", sys.maxsize)
    if algorithm.transactions.orders_count > max_orders and not getattr(
        algorithm, "live_mode", False
    ):
        # LEAN (QCAlgorithm.PreOrderChecks) refuses the order and stops the algorithm
        # (Status = Stopped); the platform's note says which plan allows more.
        message = (
            f"You have exceeded maximum number of orders ({max_orders}), for unlimited orders "
            f"upgrade your account.{controls_of(algorithm).note('orders')}"
        )
        if hasattr(algorithm, "quit") and not algorithm.__dict__.get("_quit"):
            algorithm.error(message)
            algorithm.quit()
        return OrderResponse.error(0, e.EXCEEDED_MAXIMUM_ORDERS, message)
    if request.order_type == _MARKET_ON_OPEN and not is_always_open(security.exchange_hours):
        daily_only = bool(security.subscriptions) and all(
            s.resolution == Resolution.DAILY for s in security.subscriptions
        )
        if security.exchange.exchange_open and not daily_only:
            return OrderResponse.error(
                0,
                e.MARKET_ON_OPEN_NOT_ALLOWED_DURING_REGULAR_HOURS,
                f"Cannot submit a MarketOnOpen order for {request.symbol.value} during regular market hours.",
            )
    if request.order_type == _MARKET_ON_CLOSE:
        close = next_market_close(security.exchange_hours, security.local_time)
        if close is not None:
            latest_utc = (
                close.replace(tzinfo=security.time_zone).astimezone(algorithm.utc_time.tzinfo)
                - moc_buffer()
            )
            if algorithm.utc_time > latest_utc:
                buf = moc_buffer()
                secs = int(buf.total_seconds())
                text = f"{secs // 3600:02d}:{(secs % 3600) // 60:02d}:{secs % 60:02d}"
                return OrderResponse.error(
                    0,
                    e.MARKET_ON_CLOSE_ORDER_TOO_LATE,
                    f"MarketOnClose orders must be placed within {text} before market close. Override this "
                    "TimeSpan buffer by setting Orders.MarketOnCloseOrder.SubmissionTimeBuffer in "
                    "QCAlgorithm.Initialize().",
                )
    return OrderResponse.success(0)
