"""LEAN's static ``OrderExtensions`` (Common/Orders/OrderExtensions.cs): order status and type
tests an algorithm calls as ``OrderExtensions.is_open(ticket.status)``."""

from __future__ import annotations

from engine.model.enums import OrderStatus, OrderType

_CLOSED = (OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.INVALID)


class OrderExtensions:
    def __init__(self) -> None:
        raise TypeError("OrderExtensions is a static class")

    @staticmethod
    def is_closed(status: OrderStatus) -> bool:
        return status in _CLOSED

    @staticmethod
    def is_open(status: OrderStatus) -> bool:
        return status not in _CLOSED

    @staticmethod
    def is_fill(status: OrderStatus) -> bool:
        return status in (OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED)

    @staticmethod
    def is_limit_order(order_type: OrderType) -> bool:
        return order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT, OrderType.LIMIT_IF_TOUCHED)

    @staticmethod
    def is_stop_order(order_type: OrderType) -> bool:
        return order_type in (OrderType.STOP_MARKET, OrderType.STOP_LIMIT, OrderType.TRAILING_STOP)

    IsClosed = is_closed
    IsOpen = is_open
    IsFill = is_fill
    IsLimitOrder = is_limit_order
    IsStopOrder = is_stop_order
