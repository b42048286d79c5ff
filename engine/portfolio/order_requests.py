"""Order requests of ``SecurityTransactionManager``: submission (validation, lot rounding, buying
power, brokerage model), updates and cancels (LEAN Engine/TransactionHandlers/BrokerageTransactionHandler.cs)."""

from __future__ import annotations

import math
from typing import Any

from engine.execution.brokerage import ask_brokerage
from engine.execution.buying_power import buying_power_call
from engine.execution.fees import order_value
from engine.execution.shortable import shortable_order_allowed, shortable_quantity
from engine.model.enums import OrderResponseErrorCode, OrderStatus, OrderType
from engine.model.orders import ORDER_CLASSES, Order, OrderProperties
from engine.portfolio.combo_checks import combo_buying_power, combo_insufficient_message
from engine.portfolio.tickets import (
    CancelOrderRequest,
    OrderResponse,
    OrderTicket,
    SubmitOrderRequest,
    UpdateOrderRequest,
)
from engine.statistics.formatting import format_smart


def order_not_found(order_id: int) -> OrderResponse:
    return OrderResponse.error(
        order_id,
        OrderResponseErrorCode.UNABLE_TO_FIND_ORDER,
        f"Unable to locate order with id {order_id}.",
    )


def _respond(
    request: UpdateOrderRequest | CancelOrderRequest, response: OrderResponse
) -> OrderResponse:
    request.set_response(response)
    return response


#: Submissions LEAN's BrokerageTransactionHandler.AddOrder answers itself, without handing them to
#: its request queue (so no brokerage scan follows them).
_NOT_DISPATCHED = (
    OrderResponseErrorCode.MISSING_SECURITY,
    OrderResponseErrorCode.EXCEEDS_SHORTABLE_QUANTITY,
)


class OrderRequestsMixin:
    """Submission, update and cancel handling; mixed into ``SecurityTransactionManager``, which provides
    the order and ticket books, ``_emit``/``_event`` and the algorithm context."""

    # ----------------------------------------------------------------- submission
    def add_order(self, request: SubmitOrderRequest) -> OrderTicket:
        """Create, validate and place an order (no algorithm pre-checks: those are in TradingMixin)."""
        if self.queued_split_updates:  # requests queued before this one are handled first
            self.handle_queued_split_updates()
        request.order_id = self.get_increment_order_id()
        ticket = OrderTicket(self, request)
        self._tickets[request.order_id] = ticket
        security = self.securities.get(request.symbol)
        if security is not None:
            request.symbol = security.symbol
        properties = request.order_properties or OrderProperties()
        order = ORDER_CLASSES.get(request.order_type, Order)(
            id=request.order_id,
            symbol=security.symbol if security is not None else request.symbol,
            type=request.order_type,
            quantity=float(request.quantity),
            time=request.time,
            status=OrderStatus.NEW,
            tag=request.tag or "",
            limit_price=request.limit_price or 0.0,
            stop_price=request.stop_price or 0.0,
            trigger_price=request.trigger_price or 0.0,
            trailing_amount=request.trailing_amount or 0.0,
            trailing_as_percentage=bool(request.trailing_as_percentage),
            properties=properties,
            created_time=request.time,
            group_order_manager=request.group_order_manager,
        )
        if request.group_order_manager is not None:
            request.group_order_manager.order_ids.append(order.id)
        if security is not None:
            order.price_currency = security.quote_currency
        self._orders[order.id] = order
        ticket.order = order
        ticket.security = security
        response = self._handle_submit(order, request, security)
        request.set_response(response)
        if response.error_code not in _NOT_DISPATCHED:
            self.scan_pending()
        return ticket

    submit = add_order
    process_request = add_order
    AddOrder = add_order

    def _invalidate(
        self, order: Order, request: SubmitOrderRequest, code: OrderResponseErrorCode, message: str
    ) -> OrderResponse:
        self._emit(order, self._event(order, OrderStatus.INVALID, message))
        return OrderResponse.error(order.id, code, message)

    def _handle_submit(
        self, order: Order, request: SubmitOrderRequest, security: Any
    ) -> OrderResponse:
        if security is None:
            return self._invalidate(
                order,
                request,
                OrderResponseErrorCode.MISSING_SECURITY,
                f"You haven't requested {order.symbol} data. Add this with AddSecurity() in the Initialize() Method.",
            )
        if request.quantity < 0 and not self.is_shortable(order.symbol, request.quantity):
            message = self._shortable_error(order.symbol, request.quantity)
            order.tag = message
            return self._invalidate(
                order, request, OrderResponseErrorCode.EXCEEDS_SHORTABLE_QUANTITY, message
            )
        lot = security.symbol_properties.lot_size
        if lot:
            lots = order.quantity / lot
            whole = math.floor(lots + 1e-9) if lots >= 0 else math.ceil(lots - 1e-9)
            order.quantity = round(whole * lot, 10)
        if order.quantity == 0:
            return self._invalidate(
                order,
                request,
                OrderResponseErrorCode.ORDER_QUANTITY_ZERO,
                f"Unable to add order for zero quantity (lot size: {lot:g}).",
            )
        for attr in ("limit_price", "stop_price", "trigger_price"):
            v = getattr(order, attr)
            if v:
                setattr(order, attr, security.round_price(v))
        order.submission_bid = security.bid_price
        order.submission_ask = security.ask_price
        order.submission_last = security.close
        if self.portfolio is not None and order.group_order_manager is not None:
            response = self._check_combo_submission(order, request)
            if response is not None:
                return response
        elif self.portfolio is not None:
            result = buying_power_call(
                security.buying_power_model,
                "has_sufficient_buying_power_for_order",
                self.portfolio,
                security,
                order,
            )
            if not result.is_sufficient:
                message = (
                    f"Order Error: id: {order.id}, Insufficient buying power to complete order "
                    f"(Value:{format_smart(order_value(order, security))}), Reason: {result.reason}."
                )
                self._error(message)
                return self._invalidate(
                    order, request, OrderResponseErrorCode.INSUFFICIENT_BUYING_POWER, message
                )
        ok, msg = ask_brokerage(self.brokerage_model.can_submit_order, security, order)
        if not ok:
            # LEAN BrokerageTransactionHandler: "... [id] {message}", a Warning/InvalidOrder one if none
            message = f"BrokerageModel declared unable to submit order: [{order.id}] " + (
                str(msg) if msg else "Warning - Code: InvalidOrder - "
            )
            return self._invalidate(
                order,
                request,
                OrderResponseErrorCode.BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER,
                message,
            )
        self.pending_orders[order.id] = order
        self._emit(order, self._event(order, OrderStatus.SUBMITTED))
        return OrderResponse.success(order.id)

    def _check_combo_submission(
        self, order: Order, request: SubmitOrderRequest
    ) -> OrderResponse | None:
        """A combo's buying power is checked once its last leg arrives, for all legs together
        (LEAN's BrokerageTransactionHandler waits for the whole group); when it is short, every
        leg is invalidated with LEAN's group message."""
        manager = order.group_order_manager
        if len(manager.order_ids) < manager.count:
            return None
        legs = [self._orders.get(i) for i in manager.order_ids]
        if any(leg is None or leg.status.is_closed for leg in legs if leg is not order):
            return None
        pairs = [(leg, self.securities.get(leg.symbol)) for leg in legs]
        if any(security is None for _, security in pairs):
            return None
        result = combo_buying_power(self.portfolio, pairs, {})
        if result.is_sufficient:
            return None
        message = combo_insufficient_message(pairs, result)
        self._error(message)
        for leg, _ in pairs:
            if leg is not order:
                self.pending_orders.pop(leg.id, None)
                self._emit(leg, self._event(leg, OrderStatus.INVALID, message))
        return self._invalidate(
            order, request, OrderResponseErrorCode.INSUFFICIENT_BUYING_POWER, message
        )

    # ----------------------------------------------------------------- updates and cancels
    def update_order(
        self, request: UpdateOrderRequest, ticket: OrderTicket | None = None
    ) -> OrderResponse:
        ticket = ticket or self._tickets.get(request.order_id)
        order = self._orders.get(request.order_id)
        if ticket is None or order is None:
            return _respond(request, order_not_found(request.order_id))
        ticket.update_requests.append(request)
        response = self._check_update(order, request)
        if response is None:
            response = self._handle_update(order, request)
            self.scan_pending()
        return _respond(request, response)

    def _check_update(self, order: Order, request: UpdateOrderRequest) -> OrderResponse | None:
        oid = order.id
        if order.status == OrderStatus.NEW:
            return OrderResponse.error(
                oid,
                OrderResponseErrorCode.INVALID_NEW_ORDER_STATUS,
                f"Unable to update or cancel order with id {oid} and status {order.status}",
            )
        if order.status.is_closed and not request.is_only_tag_update:
            return OrderResponse.error(
                oid,
                OrderResponseErrorCode.INVALID_ORDER_STATUS,
                f"Unable to update order with id {oid} because it already has {order.status} status.",
            )
        if request.quantity is not None and request.quantity == 0:
            return OrderResponse.error(
                oid,
                OrderResponseErrorCode.ORDER_QUANTITY_ZERO,
                f"Unable to update order with id {oid} that have zero quantity.",
            )
        if self._is_warming_up:
            return OrderResponse.error(
                oid,
                OrderResponseErrorCode.ALGORITHM_WARMING_UP,
                "This operation is not allowed in Initialize or during warm up: OrderRequest.Update. "
                "Please move this code to the OnWarmupFinished() method.",
            )
        quantity = order.quantity if request.quantity is None else request.quantity
        if (order.quantity < 0 or quantity < 0) and not self.is_shortable(
            order.symbol, quantity, oid
        ):
            ticket = self._tickets.get(oid)
            return OrderResponse.error(
                oid,
                OrderResponseErrorCode.EXCEEDS_SHORTABLE_QUANTITY,
                self._shortable_error(order.symbol, ticket.quantity if ticket else quantity),
            )
        return None

    # ----------------------------------------------------------------- shortable checks
    def is_shortable(
        self, symbol: Any, short_quantity: float = 0.0, update_order_id: int | None = None
    ) -> bool:
        """LEAN ``QCAlgorithm.Shortable``: the security's shortable provider allows shorting
        ``short_quantity`` more, given the holdings and the open orders (but ``update_order_id``'s)."""
        security = self.securities.get(symbol)
        if security is None:
            return True
        open_quantity = sum(
            t.quantity - t.quantity_filled
            for t in self.get_open_order_tickets(
                lambda t: t.symbol == security.symbol and t.order_id != update_order_id
            )
        )
        return shortable_order_allowed(
            getattr(security, "shortable_provider", None),
            security.symbol,
            security.local_time,
            security.holdings.quantity,
            open_quantity,
            short_quantity,
        )

    def shortable_quantity(self, symbol: Any) -> int:
        """LEAN ``QCAlgorithm.ShortableQuantity``: the provider's quantity for today, 0 when unlimited."""
        security = self.securities[symbol]
        provider = getattr(security, "shortable_provider", None)
        return shortable_quantity(provider, security.symbol, security.local_time) or 0

    def _shortable_error(self, symbol: Any, quantity: float) -> str:
        return (
            f"Order exceeds shortable quantity {self.shortable_quantity(symbol)} for Symbol "
            f"{symbol} requested {format_smart(quantity)})"
        )

    def _handle_update(self, order: Order, request: UpdateOrderRequest) -> OrderResponse:
        security = self.securities.get(order.symbol)
        closed = order.status.is_closed
        ok, msg = ask_brokerage(self.brokerage_model.can_update_order, security, order, request)
        if not ok:
            message = f"OrderID: {order.id} " + (
                str(msg) if msg else f"BrokerageModel declared unable to update order: {order.id}"
            )
            self._error(message)
            return OrderResponse.error(
                order.id, OrderResponseErrorCode.BROKERAGE_MODEL_REFUSED_TO_UPDATE_ORDER, message
            )
        f = request.fields
        previous = (
            order.quantity,
            order.limit_price,
            order.stop_price,
            order.trigger_price,
            order.trailing_amount,
            order.tag,
        )
        if f.quantity is not None:
            order.quantity = float(f.quantity)
        if f.tag is not None:
            order.tag = f.tag
        t = order.type
        if f.limit_price is not None and t in (
            OrderType.LIMIT,
            OrderType.STOP_LIMIT,
            OrderType.LIMIT_IF_TOUCHED,
            OrderType.COMBO_LEG_LIMIT,
        ):
            order.limit_price = security.round_price(f.limit_price)
        if f.limit_price is not None and t == OrderType.COMBO_LIMIT:
            # LEAN's ComboLimitOrder.ApplyUpdateOrderRequest: the limit is the group's, shared
            # by every leg
            manager = order.group_order_manager
            manager.limit_price = float(f.limit_price)
            for leg_id in manager.order_ids:
                leg = self._orders.get(leg_id)
                if leg is not None:
                    leg.limit_price = manager.limit_price
        if f.stop_price is not None and t in (
            OrderType.STOP_MARKET,
            OrderType.STOP_LIMIT,
            OrderType.TRAILING_STOP,
        ):
            order.stop_price = security.round_price(f.stop_price)
        if f.trigger_price is not None and t == OrderType.LIMIT_IF_TOUCHED:
            order.trigger_price = security.round_price(f.trigger_price)
        if f.trailing_amount is not None and t == OrderType.TRAILING_STOP:
            order.trailing_amount = f.trailing_amount
        if closed:
            return OrderResponse.success(order.id)
        if f.quantity is not None and self.portfolio is not None:
            ticket = self._tickets.get(order.id)
            filled = ticket.quantity_filled if ticket is not None else 0.0
            result = buying_power_call(
                security.buying_power_model,
                "has_sufficient_buying_power_for_order",
                self.portfolio,
                security,
                order,
                filled,
            )
            if not result.is_sufficient:
                (
                    order.quantity,
                    order.limit_price,
                    order.stop_price,
                    order.trigger_price,
                    order.trailing_amount,
                    order.tag,
                ) = previous
                message = (
                    f"Brokerage failed to update order with id {order.id}: Insufficient buying power to complete "
                    f"order (Value:{format_smart(order_value(order, security))}), Reason: {result.reason}."
                )
                self._emit(order, self._event(order, order.status, message))
                return OrderResponse.error(
                    order.id, OrderResponseErrorCode.BROKERAGE_FAILED_TO_UPDATE_ORDER, message
                )
        order.last_update_time = self.utc_time
        self._emit(order, self._event(order, OrderStatus.UPDATE_SUBMITTED))
        return OrderResponse.success(order.id)

    def cancel_order_request(
        self, request: CancelOrderRequest, ticket: OrderTicket | None = None
    ) -> OrderResponse:
        ticket = ticket or self._tickets.get(request.order_id)
        order = self._orders.get(request.order_id)
        if ticket is None or order is None:
            return _respond(request, order_not_found(request.order_id))
        if ticket.cancel_request is not None:
            return _respond(
                request,
                OrderResponse.error(
                    order.id,
                    OrderResponseErrorCode.INVALID_REQUEST,
                    "Cancellation is already in progress.",
                ),
            )
        ticket.cancel_request = request
        if request.tag is not None:
            order.tag = request.tag
        oid = order.id
        if order.status == OrderStatus.NEW:
            response = OrderResponse.error(
                oid,
                OrderResponseErrorCode.INVALID_NEW_ORDER_STATUS,
                f"Unable to update or cancel order with id {oid} and status {order.status}",
            )
        elif order.status.is_closed:
            response = OrderResponse.error(
                oid,
                OrderResponseErrorCode.INVALID_ORDER_STATUS,
                f"Unable to cancel order with id {oid} because it already has {order.status} status.",
            )
        elif self._is_warming_up:
            response = OrderResponse.error(
                oid,
                OrderResponseErrorCode.ALGORITHM_WARMING_UP,
                "This operation is not allowed in Initialize or during warm up: OrderRequest.Cancel. "
                "Please move this code to the OnWarmupFinished() method.",
            )
        else:
            self._emit(order, self._event(order, OrderStatus.CANCEL_PENDING))
            self.pending_orders.pop(oid, None)
            self._emit(order, self._event(order, OrderStatus.CANCELED))
            response = OrderResponse.success(oid)
            self.scan_pending()
        if response.is_error:
            ticket.cancel_request = (
                None
                if response.error_code == OrderResponseErrorCode.INVALID_NEW_ORDER_STATUS
                else request
            )
        return _respond(request, response)
