"""Order requests, responses and ``OrderTicket`` (LEAN Common/Orders/{OrderTicket,OrderResponse,*Request}.cs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from engine.model.enums import (
    LeanEnum,
    OrderResponseErrorCode,
    OrderStatus,
    OrderType,
    SecurityType,
    pascal_aliases,
)
from engine.model.orders import Order, OrderEvent, OrderProperties, UpdateOrderFields
from engine.model.symbol import Symbol

if TYPE_CHECKING:
    from engine.portfolio.transactions import SecurityTransactionManager


_NO_ERROR = OrderResponseErrorCode.NONE  # (read once: an enum member read costs ~0.35 us on 3.11)


@pascal_aliases
class OrderField(LeanEnum):
    LIMIT_PRICE = 0
    STOP_PRICE = 1
    TRIGGER_PRICE = 2
    TRAILING_AMOUNT = 3
    TRAILING_AS_PERCENTAGE = 4


_FIELD_ATTRIBUTES = {
    OrderField.LIMIT_PRICE: "limit_price",
    OrderField.STOP_PRICE: "stop_price",
    OrderField.TRIGGER_PRICE: "trigger_price",
    OrderField.TRAILING_AMOUNT: "trailing_amount",
    OrderField.TRAILING_AS_PERCENTAGE: "trailing_as_percentage",
}


@pascal_aliases
class OrderRequestType(LeanEnum):
    SUBMIT = 0
    UPDATE = 1
    CANCEL = 2


@pascal_aliases
class OrderRequestStatus(LeanEnum):
    UNPROCESSED = 0
    PROCESSING = 1
    PROCESSED = 2
    ERROR = 3


class OrderResponse:
    __slots__ = ("order_id", "error_code", "error_message", "is_processed")

    def __init__(
        self,
        order_id: int,
        error_code: OrderResponseErrorCode = OrderResponseErrorCode.NONE,
        error_message: str = "",
    ):
        self.order_id = order_id
        self.error_code = OrderResponseErrorCode(error_code)
        self.error_message = error_message
        self.is_processed = True

    @property
    def is_success(self) -> bool:
        return self.error_code == _NO_ERROR

    @property
    def is_error(self) -> bool:
        return not self.is_success

    is_successful = is_success

    @staticmethod
    def success(order_id: int) -> OrderResponse:
        return OrderResponse(order_id)

    @staticmethod
    def error(order_id: int, code: OrderResponseErrorCode, message: str) -> OrderResponse:
        return OrderResponse(order_id, code, message)

    OrderId = property(lambda self: self.order_id)
    ErrorCode = property(lambda self: self.error_code)
    ErrorMessage = property(lambda self: self.error_message)
    IsSuccess = property(lambda self: self.is_success)
    IsSuccessful = IsSuccess
    IsError = property(lambda self: self.is_error)

    def __str__(self) -> str:
        if self.is_success:
            return f"OrderResponse: OrderId: {self.order_id} Success"
        return (
            f"OrderResponse: OrderId: {self.order_id} Error: {self.error_code} {self.error_message}"
        )

    __repr__ = __str__


OrderResponse.UNPROCESSED = OrderResponse(0)  # type: ignore[attr-defined]
OrderResponse.UNPROCESSED.is_processed = False  # type: ignore[attr-defined]


@dataclass(slots=True)
class SubmitOrderRequest:
    order_type: OrderType
    security_type: SecurityType
    symbol: Symbol
    quantity: float
    stop_price: float
    limit_price: float
    time: datetime
    tag: str = ""
    order_properties: OrderProperties | None = None
    trigger_price: float = 0.0
    trailing_amount: float = 0.0
    trailing_as_percentage: bool = False
    asynchronous: bool = False
    order_id: int = 0
    group_order_manager: Any = None
    response: OrderResponse = field(default_factory=lambda: OrderResponse.UNPROCESSED)  # type: ignore[attr-defined]
    status: OrderRequestStatus = OrderRequestStatus.UNPROCESSED

    order_request_type = OrderRequestType.SUBMIT

    def set_response(
        self, response: OrderResponse, status: OrderRequestStatus = OrderRequestStatus.PROCESSED
    ) -> None:
        self.response = response
        self.status = OrderRequestStatus.ERROR if response.is_error else status

    OrderId = property(lambda self: self.order_id)
    Response = property(lambda self: self.response)
    Quantity = property(lambda self: self.quantity)
    Symbol = property(lambda self: self.symbol)
    OrderType = property(lambda self: self.order_type)
    Tag = property(lambda self: self.tag)
    Asynchronous = property(lambda self: self.asynchronous)


@dataclass(slots=True)
class UpdateOrderRequest:
    time: datetime
    order_id: int
    fields: UpdateOrderFields
    response: OrderResponse = field(default_factory=lambda: OrderResponse.UNPROCESSED)  # type: ignore[attr-defined]
    status: OrderRequestStatus = OrderRequestStatus.UNPROCESSED

    order_request_type = OrderRequestType.UPDATE

    quantity = property(lambda self: self.fields.quantity)
    limit_price = property(lambda self: self.fields.limit_price)
    stop_price = property(lambda self: self.fields.stop_price)
    trigger_price = property(lambda self: self.fields.trigger_price)
    trailing_amount = property(lambda self: self.fields.trailing_amount)
    tag = property(lambda self: self.fields.tag)

    @property
    def is_only_tag_update(self) -> bool:
        f = self.fields
        return (
            f.quantity is None
            and f.limit_price is None
            and f.stop_price is None
            and (f.trigger_price is None and f.trailing_amount is None)
        )

    def set_response(
        self, response: OrderResponse, status: OrderRequestStatus = OrderRequestStatus.PROCESSED
    ) -> None:
        self.response = response
        self.status = OrderRequestStatus.ERROR if response.is_error else status

    OrderId = property(lambda self: self.order_id)
    Response = property(lambda self: self.response)


@dataclass(slots=True)
class CancelOrderRequest:
    time: datetime
    order_id: int
    tag: str | None = None
    response: OrderResponse = field(default_factory=lambda: OrderResponse.UNPROCESSED)  # type: ignore[attr-defined]
    status: OrderRequestStatus = OrderRequestStatus.UNPROCESSED

    order_request_type = OrderRequestType.CANCEL

    def set_response(
        self, response: OrderResponse, status: OrderRequestStatus = OrderRequestStatus.PROCESSED
    ) -> None:
        self.response = response
        self.status = OrderRequestStatus.ERROR if response.is_error else status

    OrderId = property(lambda self: self.order_id)
    Response = property(lambda self: self.response)


class OrderTicket:
    """The handle ``market_order`` & co. return: live view of the order plus update/cancel."""

    def __init__(
        self, transactions: SecurityTransactionManager | None, submit_request: SubmitOrderRequest
    ) -> None:
        self._transactions = transactions
        self.submit_request = submit_request
        self.update_requests: list[UpdateOrderRequest] = []
        self.cancel_request: CancelOrderRequest | None = None
        self.order_events: list[OrderEvent] = []
        self.order: Order | None = None
        self.security: Any = None
        self.quantity_filled = 0.0
        self.average_fill_price = 0.0

    # ----------------------------------------------------------------- state
    @property
    def order_id(self) -> int:
        return self.submit_request.order_id

    @property
    def status(self) -> OrderStatus:
        if self.order is not None:
            return self.order.status
        if self.submit_request.response.is_error:
            return OrderStatus.INVALID
        return OrderStatus.NEW

    @property
    def symbol(self) -> Symbol:
        return self.submit_request.symbol

    @property
    def security_type(self) -> SecurityType:
        return self.submit_request.security_type

    @property
    def quantity(self) -> float:
        return self.order.quantity if self.order is not None else self.submit_request.quantity

    @property
    def order_type(self) -> OrderType:
        return self.submit_request.order_type

    @property
    def tag(self) -> str:
        return self.order.tag if self.order is not None else self.submit_request.tag

    @property
    def time(self) -> datetime:
        return self.submit_request.time

    @property
    def quantity_remaining(self) -> float:
        return self.quantity - self.quantity_filled

    @property
    def order_closed(self) -> bool:
        return self.status.is_closed

    @property
    def has_order(self) -> bool:
        return self.order is not None

    def get(self, field_: OrderField) -> float | bool:
        """The order's value of ``field_`` (the submit request's until the order exists)."""
        source = self.order if self.order is not None else self.submit_request
        return getattr(source, _FIELD_ATTRIBUTES[OrderField(field_)])

    # ----------------------------------------------------------------- updates
    def update(self, fields: UpdateOrderFields) -> OrderResponse:
        assert self._transactions is not None
        return self._transactions.update_order(
            UpdateOrderRequest(self._transactions.utc_time, self.order_id, fields), self
        )

    def update_quantity(self, quantity: float, tag: str | None = None) -> OrderResponse:
        return self.update(UpdateOrderFields(quantity=quantity, tag=tag))

    def update_limit_price(self, limit_price: float, tag: str | None = None) -> OrderResponse:
        return self.update(UpdateOrderFields(limit_price=limit_price, tag=tag))

    def update_stop_price(self, stop_price: float, tag: str | None = None) -> OrderResponse:
        return self.update(UpdateOrderFields(stop_price=stop_price, tag=tag))

    def update_trigger_price(self, trigger_price: float, tag: str | None = None) -> OrderResponse:
        return self.update(UpdateOrderFields(trigger_price=trigger_price, tag=tag))

    def update_trailing_amount(
        self, trailing_amount: float, tag: str | None = None
    ) -> OrderResponse:
        return self.update(UpdateOrderFields(trailing_amount=trailing_amount, tag=tag))

    def update_tag(self, tag: str) -> OrderResponse:
        return self.update(UpdateOrderFields(tag=tag))

    def cancel(self, tag: str | None = None) -> OrderResponse:
        assert self._transactions is not None
        request = CancelOrderRequest(self._transactions.utc_time, self.order_id, tag)
        if self.cancel_request is not None:
            return OrderResponse.error(
                self.order_id,
                OrderResponseErrorCode.REQUEST_CANCELED,
                f"Order with id {self.order_id} has already been requested to be canceled.",
            )
        return self._transactions.cancel_order_request(request, self)

    def get_most_recent_order_response(self) -> OrderResponse:
        if self.cancel_request is not None:
            return self.cancel_request.response
        if self.update_requests:
            return self.update_requests[-1].response
        return self.submit_request.response

    def get_most_recent_order_request(self) -> Any:
        if self.cancel_request is not None:
            return self.cancel_request
        return self.update_requests[-1] if self.update_requests else self.submit_request

    # ----------------------------------------------------------------- events (called by the transaction manager)
    def add_order_event(self, event: OrderEvent) -> None:
        self.order_events.append(event)
        if event.fill_quantity:
            total = self.quantity_filled + event.fill_quantity
            if total:
                self.average_fill_price = (
                    self.average_fill_price * self.quantity_filled
                    + event.fill_price * event.fill_quantity
                ) / total
            self.quantity_filled = total

    def __str__(self) -> str:
        return (
            f"{self.order_id}: {self.order_type} {self.symbol.value} {self.quantity} "
            f"Status: {self.status} Filled: {self.quantity_filled} @ {self.average_fill_price}"
        )

    to_string = ToString = __str__

    __repr__ = __str__

    # PascalCase API
    OrderId = property(lambda self: self.order_id)
    Status = property(lambda self: self.status)
    Symbol = property(lambda self: self.symbol)
    SecurityType = property(lambda self: self.security_type)
    Quantity = property(lambda self: self.quantity)
    QuantityFilled = property(lambda self: self.quantity_filled)
    QuantityRemaining = property(lambda self: self.quantity_remaining)
    AverageFillPrice = property(lambda self: self.average_fill_price)
    OrderType = property(lambda self: self.order_type)
    Tag = property(lambda self: self.tag)
    Time = property(lambda self: self.time)
    OrderClosed = property(lambda self: self.order_closed)
    HasOrder = property(lambda self: self.has_order)
    SubmitRequest = property(lambda self: self.submit_request)
    UpdateRequests = property(lambda self: self.update_requests)
    CancelRequest = property(lambda self: self.cancel_request)
    OrderEvents = property(lambda self: self.order_events)
    Get = get
    Update = update
    UpdateQuantity = update_quantity
    UpdateLimitPrice = update_limit_price
    UpdateStopPrice = update_stop_price
    UpdateTriggerPrice = update_trigger_price
    UpdateTrailingAmount = update_trailing_amount
    UpdateTag = update_tag
    Cancel = cancel
    GetMostRecentOrderResponse = get_most_recent_order_response
    GetMostRecentOrderRequest = get_most_recent_order_request


def new_submit_order_request(*args: Any, **kwargs: Any) -> SubmitOrderRequest:
    """A user's ``SubmitOrderRequest(...)`` with LEAN's constructor overloads
    (Common/Orders/SubmitOrderRequest.cs): after ``(order_type, security_type, symbol, quantity,
    stop_price, limit_price`` come ``time, tag[, properties]``, or ``trigger_price, time, tag[, ...]``,
    or ``trigger_price, trailing_amount, trailing_as_percentage, time, tag[, ...]``; ``asynchronous``
    and the other fields as keywords."""
    names = ["order_type", "security_type", "symbol", "quantity", "stop_price", "limit_price"]
    rest = list(args[6:])
    time_at = next((i for i, v in enumerate(rest) if isinstance(v, datetime)), 0)
    names += ["trigger_price", "trailing_amount", "trailing_as_percentage"][:time_at]
    names += ["time", "tag", "order_properties"]
    values = dict(zip(names, list(args[:6]) + rest, strict=False))
    values.update({("order_properties" if k == "properties" else k): v for k, v in kwargs.items()})
    values.pop("group_order_manager", None)
    for name in ("quantity", "stop_price", "limit_price", "trigger_price", "trailing_amount"):
        if values.get(name) is not None:
            values[name] = float(values[name])
    values.setdefault("stop_price", 0.0)
    values.setdefault("limit_price", 0.0)
    return SubmitOrderRequest(**values)
