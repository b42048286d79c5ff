"""Core model shared by every engine layer: enums, symbols, data points, orders and order events."""

from engine.model.data import Bar, BaseData, Dividend, QuoteBar, Split, Tick, TradeBar
from engine.model.enums import (
    DataNormalizationMode,
    InsightDirection,
    Market,
    OrderDirection,
    OrderResponseErrorCode,
    OrderStatus,
    OrderType,
    Resolution,
    SecurityType,
    SeriesType,
    TickType,
)
from engine.model.orders import Order, OrderEvent, OrderProperties, TimeInForce, UpdateOrderFields
from engine.model.symbol import SecurityIdentifier, Symbol

__all__ = [
    "Bar",
    "BaseData",
    "DataNormalizationMode",
    "Dividend",
    "InsightDirection",
    "Market",
    "Order",
    "OrderDirection",
    "OrderEvent",
    "OrderProperties",
    "OrderResponseErrorCode",
    "OrderStatus",
    "OrderType",
    "QuoteBar",
    "Resolution",
    "SecurityIdentifier",
    "SecurityType",
    "SeriesType",
    "Split",
    "Symbol",
    "Tick",
    "TickType",
    "TimeInForce",
    "TradeBar",
    "UpdateOrderFields",
]
