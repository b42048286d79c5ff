"""Orders and order events, with LEAN's fields and JSON shapes.

The transaction manager (``engine.portfolio`` / ``engine.execution``) creates and mutates these;
algorithms see them through ``OrderTicket`` and ``on_order_event``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import IntEnum
from typing import Any

from engine.common.currencies import currency_symbol
from engine.common.naming import to_snake
from engine.model.enums import OrderDirection, OrderStatus, OrderType, SecurityType
from engine.model.symbol import Symbol

# Enum members read once here: on Python 3.11 reading one from its class costs ~0.35 us
# (EnumType defines __getattr__, which puts every class attribute read through a Python-level
# hook), and the functions below run several times for each order.
_BUY, _SELL, _HOLD = OrderDirection.BUY, OrderDirection.SELL, OrderDirection.HOLD
_FILL_STATUSES = frozenset((OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED))


class TimeInForce:
    """``TimeInForce.GOOD_TIL_CANCELED``, ``TimeInForce.DAY``, ``TimeInForce.good_til_date(date)``."""

    __slots__ = ("kind", "expiry")

    GTC = "GoodTilCanceled"
    DAY_KIND = "Day"
    GTD = "GoodTilDate"

    def __init__(self, kind: str, expiry: date | None = None) -> None:
        self.kind = kind
        self.expiry = expiry

    @staticmethod
    def good_til_date(expiry: date | datetime) -> TimeInForce:
        if isinstance(expiry, datetime):
            expiry = expiry.date()
        return TimeInForce(TimeInForce.GTD, expiry)

    GoodTilDate = GOOD_TIL_DATE = good_til_date

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeInForce) and (self.kind, self.expiry) == (
            other.kind,
            other.expiry,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.expiry))

    def __repr__(self) -> str:
        return f"TimeInForce({self.kind}{', ' + str(self.expiry) if self.expiry else ''})"

    def to_json(self) -> dict:
        return {"expiry": f"{self.expiry:%Y-%m-%dT00:00:00}"} if self.expiry else {}


TimeInForce.GOOD_TIL_CANCELED = TimeInForce(TimeInForce.GTC)  # type: ignore[attr-defined]
TimeInForce.GoodTilCanceled = TimeInForce.GOOD_TIL_CANCELED  # type: ignore[attr-defined]
TimeInForce.DAY = TimeInForce(TimeInForce.DAY_KIND)  # type: ignore[attr-defined]
TimeInForce.Day = TimeInForce.DAY  # type: ignore[attr-defined]


@dataclass(slots=True)
class OrderProperties:
    time_in_force: TimeInForce = field(default_factory=lambda: TimeInForce.GOOD_TIL_CANCELED)  # type: ignore[attr-defined]
    post_only: bool = False  # crypto brokerages: maker-only limit orders
    outside_regular_trading_hours: bool = False  # Interactive Brokers
    exchange: Any = None  # an ``Exchange`` the order is routed to (India brokerages)

    def __setattr__(self, name: str, value: object) -> None:
        """Accept the PascalCase spelling too: ``DefaultOrderProperties.TimeInForce = TimeInForce.DAY``."""
        mapping = {
            "TimeInForce": "time_in_force",
            "PostOnly": "post_only",
            "OutsideRegularTradingHours": "outside_regular_trading_hours",
            "Exchange": "exchange",
        }
        object.__setattr__(self, mapping.get(name, name), value)

    def __getattr__(self, name: str) -> object:
        mapping = {
            "TimeInForce": "time_in_force",
            "PostOnly": "post_only",
            "OutsideRegularTradingHours": "outside_regular_trading_hours",
            "Exchange": "exchange",
        }
        if name in mapping:
            return object.__getattribute__(self, mapping[name])
        raise AttributeError(name)

    def clone(self) -> OrderProperties:
        """A shallow copy. Every order clones the default properties: for this class itself the
        four fields are copied directly (``copy.copy`` goes through ``__reduce_ex__`` and the
        spelling-mapping ``__setattr__`` per field, many times slower); subclasses, which may add
        slots or a ``__dict__``, are copied by ``copy.copy``."""
        if type(self) is not OrderProperties:
            return copy.copy(self)
        twin = object.__new__(OrderProperties)
        setter = object.__setattr__
        setter(twin, "time_in_force", self.time_in_force)
        setter(twin, "post_only", self.post_only)
        setter(twin, "outside_regular_trading_hours", self.outside_regular_trading_hours)
        setter(twin, "exchange", self.exchange)
        return twin

    Clone = clone


class IndiaOrderProperties(OrderProperties):
    """LEAN ``IndiaOrderProperties(exchange, product_type=None)`` (Common/Orders/IndiaOrderProperties.cs):
    the exchange and, when given, the product type's name (``"MIS"``, ``"CNC"``, ``"NRML"``)."""

    __slots__ = ("product_type",)

    class IndiaProductType(IntEnum):
        MIS = 0
        CNC = 1
        NRML = 2

    def __init__(self, exchange: Any, product_type: Any = None) -> None:
        super().__init__(exchange=exchange)
        if isinstance(product_type, int):
            product_type = IndiaOrderProperties.IndiaProductType(product_type).name
        self.product_type = product_type

    ProductType = property(lambda self: self.product_type)


@dataclass(slots=True)
class UpdateOrderFields:
    """Fields a ticket update may change; ``None`` leaves a field as it is."""

    quantity: float | None = None
    limit_price: float | None = None
    stop_price: float | None = None
    trigger_price: float | None = None
    trailing_amount: float | None = None
    tag: str | None = None

    # PascalCase setters used by older algorithms: ``fields.LimitPrice = 10``
    def __setattr__(self, name: str, value: object) -> None:
        mapping = {
            "Quantity": "quantity",
            "LimitPrice": "limit_price",
            "StopPrice": "stop_price",
            "TriggerPrice": "trigger_price",
            "TrailingAmount": "trailing_amount",
            "Tag": "tag",
        }
        object.__setattr__(self, mapping.get(name, name), value)


def unix_seconds(t: datetime) -> float:
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.timestamp()


def iso_utc(t: datetime | None) -> str | None:
    if t is None:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(UTC).replace(tzinfo=None)
    return t.replace(microsecond=0).isoformat() + "Z"  # %Y-%m-%dT%H:%M:%SZ, faster


@dataclass(slots=True)
class Order:
    """One order. Times are UTC-aware datetimes. ``quantity`` is signed (negative sells)."""

    id: int
    symbol: Symbol
    type: OrderType
    quantity: float
    time: datetime
    status: OrderStatus = OrderStatus.NEW
    tag: str = ""
    limit_price: float = 0.0
    stop_price: float = 0.0
    trigger_price: float = 0.0
    trailing_amount: float = 0.0
    trailing_as_percentage: bool = False
    stop_triggered: bool = False
    trigger_touched: bool = False
    properties: OrderProperties = field(default_factory=OrderProperties)
    price: float = 0.0  # average fill price
    price_currency: str = "USD"
    created_time: datetime | None = None
    last_fill_time: datetime | None = None
    last_update_time: datetime | None = None
    canceled_time: datetime | None = None
    filled_quantity: float = 0.0
    contingent_id: int = 0
    broker_id: list[str] = field(default_factory=list)
    submission_bid: float = 0.0
    submission_ask: float = 0.0
    submission_last: float = 0.0
    group_order_manager: Any = None  # the combo's GroupOrderManager (engine.model.combo)

    def __getattr__(self, name: str) -> Any:
        """The C# spelling of any member (``order.AbsoluteQuantity``), as LEAN's Python API allows."""
        snake = to_snake(name)
        if snake != name:
            return getattr(self, snake)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    @property
    def direction(self) -> OrderDirection:
        if self.quantity > 0:
            return _BUY
        if self.quantity < 0:
            return _SELL
        return _HOLD

    @property
    def absolute_quantity(self) -> float:
        return abs(self.quantity)

    @property
    def time_in_force(self) -> TimeInForce:
        return self.properties.time_in_force

    @property
    def security_type(self) -> SecurityType:
        return self.symbol.security_type

    @property
    def value(self) -> float:
        """Order value as LEAN reports it: quantity x (fill price, else limit/stop price)."""
        price = self.price
        if not price:
            if self.type in (OrderType.LIMIT, OrderType.STOP_LIMIT, OrderType.LIMIT_IF_TOUCHED):
                price = self.limit_price
            elif self.type in (OrderType.STOP_MARKET, OrderType.TRAILING_STOP):
                price = self.stop_price
        return self.quantity * price

    def __str__(self) -> str:
        """LEAN's ``Order.ToString()`` and its subclasses' (Common/Messages/Messages.Orders.cs):
        ``OrderId: 1 (BrokerId: ) Filled Limit order for 10 units of SPY: tag at limit $1.5``."""
        tag = f": {self.tag}" if self.tag else ""
        units = "unit" if self.quantity == 1 else "units"
        text = (
            f"OrderId: {self.id} (BrokerId: {','.join(self.broker_id)}) "
            f"{_enum_text(self.status)} {_enum_text(self.type)} order for "
            f"{_decimal_text(self.quantity)} {units} of {self.symbol}{tag}"
        )
        money = currency_symbol(self.price_currency or "USD")
        kind = self.type
        if kind == OrderType.LIMIT:
            text += f" at limit {money}{_smart_text(self.limit_price)}"
        elif kind == OrderType.STOP_MARKET:
            text += f" at stop {money}{_smart_text(self.stop_price)}"
        elif kind == OrderType.STOP_LIMIT:
            text += (
                f" at stop {money}{_smart_text(self.stop_price)}"
                f" limit {money}{_smart_text(self.limit_price)}"
            )
        elif kind == OrderType.LIMIT_IF_TOUCHED:
            text += (
                f" at trigger {money}{_smart_text(self.trigger_price)}"
                f" limit {money}{_smart_text(self.limit_price)}"
            )
        elif kind == OrderType.TRAILING_STOP:
            amount = (
                f"{_decimal_text(self.trailing_amount * 100)}%"
                if self.trailing_as_percentage
                else f"{money}{_decimal_text(self.trailing_amount)}"
            )
            text += f" at stop {money}{_smart_text(self.stop_price)}. Trailing amount: {amount}"
        return text

    to_string = ToString = __str__

    # PascalCase API
    Id = property(lambda self: self.id)
    Symbol = property(lambda self: self.symbol)
    Type = property(lambda self: self.type)
    Quantity = property(lambda self: self.quantity)
    Ticket = property(lambda self: self.ticket)
    Status = property(lambda self: self.status)
    Time = property(lambda self: self.time)
    Price = property(lambda self: self.price)
    Tag = property(lambda self: self.tag)
    Direction = property(lambda self: self.direction)
    LimitPrice = property(lambda self: self.limit_price)
    StopPrice = property(lambda self: self.stop_price)

    def to_json(self) -> dict:
        """LEAN's serialized Order (camelCase), as found under ``orders`` in backtest results."""
        data: dict = {
            "type": int(self.type),
            "id": self.id,
            "contingentId": self.contingent_id,
            "brokerId": list(self.broker_id),
            "symbol": {
                "value": self.symbol.value,
                "id": str(self.symbol.id),
                "permtick": self.symbol.value,
            },
            "price": self.price,
            "priceCurrency": self.price_currency,
            "time": iso_utc(self.time),
            "createdTime": iso_utc(self.created_time or self.time),
            "lastFillTime": iso_utc(self.last_fill_time),
            "lastUpdateTime": iso_utc(self.last_update_time),
            "canceledTime": iso_utc(self.canceled_time),
            "quantity": self.quantity,
            "status": int(self.status),
            "timeInForce": self.time_in_force.to_json(),
            "tag": self.tag,
            "properties": {"timeInForce": self.time_in_force.to_json()},
            "securityType": int(self.symbol.security_type),
            "direction": int(self.direction),
            "value": self.value,
            "orderSubmissionData": {
                "bidPrice": self.submission_bid,
                "askPrice": self.submission_ask,
                "lastPrice": self.submission_last,
            },
            "isMarketable": False,
            "priceAdjustmentMode": 1,
        }
        for key, name in (
            ("limitPrice", "limit_price"),
            ("stopPrice", "stop_price"),
            ("triggerPrice", "trigger_price"),
            ("trailingAmount", "trailing_amount"),
        ):
            v = getattr(self, name)
            if v:
                data[key] = v
        if self.type == OrderType.TRAILING_STOP:
            data["trailingAsPercentage"] = self.trailing_as_percentage
        if self.type == OrderType.STOP_LIMIT:
            data["stopTriggered"] = self.stop_triggered
        if self.type == OrderType.LIMIT_IF_TOUCHED:
            data["triggerTouched"] = self.trigger_touched
        return {k: v for k, v in data.items() if v is not None}


# LEAN's order classes (Common/Orders/LimitOrder.cs, MarketOnCloseOrder.cs, ...): the transaction
# manager creates the subclass of an order's type, so ``type(order) is LimitOrder`` holds as in LEAN.
class MarketOrder(Order):
    __slots__ = ()


class LimitOrder(Order):
    __slots__ = ()


class StopMarketOrder(Order):
    __slots__ = ()


class StopLimitOrder(Order):
    __slots__ = ()


class MarketOnOpenOrder(Order):
    __slots__ = ()


class MarketOnCloseOrder(Order):
    """``submission_time_buffer``: how long before the close a market-on-close order may still be
    submitted (LEAN Common/Orders/MarketOnCloseOrder.cs, default 15.5 minutes); users may change it."""

    __slots__ = ()
    DEFAULT_SUBMISSION_TIME_BUFFER = timedelta(minutes=15.5)
    submission_time_buffer = DEFAULT_SUBMISSION_TIME_BUFFER
    SubmissionTimeBuffer = submission_time_buffer
    DefaultSubmissionTimeBuffer = DEFAULT_SUBMISSION_TIME_BUFFER


class OptionExerciseOrder(Order):
    __slots__ = ()


class LimitIfTouchedOrder(Order):
    __slots__ = ()


class ComboMarketOrder(Order):
    __slots__ = ()


class ComboLimitOrder(Order):
    __slots__ = ()


class ComboLegLimitOrder(Order):
    __slots__ = ()


class TrailingStopOrder(Order):
    __slots__ = ()


ORDER_CLASSES: dict[OrderType, type[Order]] = {
    OrderType.MARKET: MarketOrder,
    OrderType.LIMIT: LimitOrder,
    OrderType.STOP_MARKET: StopMarketOrder,
    OrderType.STOP_LIMIT: StopLimitOrder,
    OrderType.MARKET_ON_OPEN: MarketOnOpenOrder,
    OrderType.MARKET_ON_CLOSE: MarketOnCloseOrder,
    OrderType.OPTION_EXERCISE: OptionExerciseOrder,
    OrderType.LIMIT_IF_TOUCHED: LimitIfTouchedOrder,
    OrderType.COMBO_MARKET: ComboMarketOrder,
    OrderType.COMBO_LIMIT: ComboLimitOrder,
    OrderType.COMBO_LEG_LIMIT: ComboLegLimitOrder,
    OrderType.TRAILING_STOP: TrailingStopOrder,
}


@dataclass(slots=True)
class OrderEvent:
    """A change in an order's state (LEAN's OrderEvent). ``utc_time`` is a UTC-aware datetime."""

    order_id: int
    id: int
    symbol: Symbol
    utc_time: datetime
    status: OrderStatus
    direction: OrderDirection
    fill_price: float = 0.0
    fill_price_currency: str = "USD"
    fill_quantity: float = 0.0
    order_fee: float = 0.0
    order_fee_currency: str = "USD"
    message: str = ""
    is_assignment: bool = False
    quantity: float = 0.0
    limit_price: float | None = None
    stop_price: float | None = None
    trigger_price: float | None = None
    trailing_amount: float | None = None
    is_in_the_money: bool = False
    ticket: Any = (
        None  # the order's OrderTicket, set when the event is handled (LEAN OrderEvent.Ticket)
    )

    @property
    def absolute_fill_quantity(self) -> float:
        return abs(self.fill_quantity)

    @property
    def is_fill(self) -> bool:
        return self.status in _FILL_STATUSES

    # PascalCase API
    OrderId = property(lambda self: self.order_id)
    Symbol = property(lambda self: self.symbol)
    Status = property(lambda self: self.status)
    FillPrice = property(lambda self: self.fill_price)
    FillQuantity = property(lambda self: self.fill_quantity)
    Direction = property(lambda self: self.direction)
    Message = property(lambda self: self.message)
    UtcTime = property(lambda self: self.utc_time)
    OrderFee = property(lambda self: self.order_fee)
    Quantity = property(lambda self: self.quantity)

    def to_json(self, algorithm_id: str = "") -> dict:
        """LEAN's SerializedOrderEvent."""
        data: dict = {
            "algorithmId": algorithm_id,
            "orderId": self.order_id,
            "orderEventId": self.id,
            "id": f"{algorithm_id}-{self.order_id}-{self.id}",
            "symbol": str(self.symbol.id),
            "symbolValue": self.symbol.value,
            "symbolPermtick": self.symbol.value,
            "time": unix_seconds(self.utc_time),
            "status": self.status.name.lower().replace("_", ""),
            "direction": self.direction.name.lower(),
            "quantity": self.quantity,
            "fillPrice": self.fill_price,
            "fillPriceCurrency": self.fill_price_currency,
            "fillQuantity": self.fill_quantity,
            "isAssignment": self.is_assignment,
            "message": self.message,
        }
        if self.order_fee:
            data["orderFeeAmount"] = self.order_fee
            data["orderFeeCurrency"] = self.order_fee_currency
        if self.limit_price is not None:
            data["limitPrice"] = self.limit_price
        if self.stop_price is not None:
            data["stopPrice"] = self.stop_price
        return data

    def __str__(self) -> str:
        """LEAN's ``OrderEvent.ToString()`` (Common/Messages/Messages.Orders.cs)."""
        symbol = currency_symbol(self.fill_price_currency)
        text = (
            f"Time: {self.utc_time:%m/%d/%Y %H:%M:%S} OrderID: {self.order_id} EventID: {self.id} "
            f"Symbol: {self.symbol.value} Status: {self.status.name.title().replace('_', '')} "
            f"Quantity: {_decimal_text(self.quantity)}"
        )
        if self.fill_quantity:
            text += (
                f" FillQuantity: {_decimal_text(self.fill_quantity)}"
                f" FillPrice: {symbol}{_smart_text(self.fill_price)}"
            )
        if self.limit_price is not None:
            text += f" LimitPrice: {symbol}{_smart_text(self.limit_price)}"
        if self.stop_price is not None:
            text += f" StopPrice: {symbol}{_smart_text(self.stop_price)}"
        if self.trailing_amount is not None:
            text += f" TrailingAmount: {symbol}{_decimal_text(self.trailing_amount)}"
        if self.trigger_price is not None:
            text += f" TriggerPrice: {symbol}{_smart_text(self.trigger_price)}"
        if self.order_fee:
            text += f" OrderFee: {_decimal_text(self.order_fee)} {self.order_fee_currency}"
        if self.message:
            text += f" Message: {self.message}"
        return text

    to_string = ToString = __str__


def _enum_text(member: Any) -> str:
    """A C# enum member's name as ``ToString()`` prints it (``StopMarket``, ``PartiallyFilled``)."""
    return "".join(part.title() for part in member.name.split("_"))


def _decimal_text(value: float) -> str:
    """A number as a C# decimal prints it, without trailing zeros (``-1``, ``0.5``)."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _smart_text(value: float) -> str:
    """LEAN's ``SmartRounding`` (Common/Extensions.cs): 4 decimals above 1000, else 7 significant
    digits, trailing zeros dropped."""
    d = Decimal(repr(float(value)))
    if d > 1000:
        d = round(d, 4)
    elif d != 0:
        d = round(d, 6 - d.adjusted())
    return _decimal_text(float(d))
