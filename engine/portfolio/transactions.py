"""``SecurityTransactionManager``: order ids and queries, order events, submission/update/cancel
handling (``OrderRequestsMixin`` in order_requests.py) and the backtesting brokerage's pending-order
``scan`` (LEAN SecurityTransactionManager + BrokerageTransactionHandler + BacktestingBrokerage,
Engine/TransactionHandlers/BrokerageTransactionHandler.cs).

The runner calls ``transactions.scan(utc_time)`` (alias ``process_synchronous_events``) at LEAN's two
points of a step (after the caches are updated, and after ``on_data``), and receives every
``OrderEvent`` through ``add_order_event_handler(callable)``. The pending orders are also scanned
(``scan_pending``) right after each submit, update and cancel request, so market orders fill before
the call that placed them returns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.execution.brokerage import DefaultBrokerageModel
from engine.execution.buying_power import buying_power_call
from engine.execution.fees import FeeAmount, ModifiedFillQuantityOrderFee, compute_fee, order_value
from engine.execution.fills import FillModelParameters, run_fill_model
from engine.execution.time_in_force import is_order_expired
from engine.model.combo import SecuritiesForOrders
from engine.model.enums import OrderStatus, OrderType, Resolution
from engine.model.orders import ORDER_CLASSES, Order, OrderEvent
from engine.model.symbol import Symbol
from engine.portfolio.combo_checks import combo_buying_power, combo_insufficient_message
from engine.portfolio.order_requests import OrderRequestsMixin, order_not_found
from engine.portfolio.security import SecurityManager
from engine.portfolio.tickets import OrderResponse, OrderTicket, SubmitOrderRequest
from engine.statistics.formatting import format_smart

_ALWAYS_SAME_STEP = (OrderType.MARKET, OrderType.COMBO_MARKET, OrderType.OPTION_EXERCISE)
# The order types whose events carry each price field (``_emit``); an enum member read from its
# class costs ~0.3 us on Python 3.11 (EnumType's __getattr__ hook), and every order event asked
# for about a dozen of them.
_LIMIT_PRICED = frozenset((OrderType.LIMIT, OrderType.STOP_LIMIT, OrderType.LIMIT_IF_TOUCHED))
_STOP_PRICED = frozenset((OrderType.STOP_MARKET, OrderType.STOP_LIMIT, OrderType.TRAILING_STOP))
_TRAILING_STOP = OrderType.TRAILING_STOP
_LIMIT_IF_TOUCHED = OrderType.LIMIT_IF_TOUCHED
_INVALID = OrderStatus.INVALID
_CANCELED = OrderStatus.CANCELED
_FILLS = frozenset((OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED))
_UPDATE_SUBMITTED = OrderStatus.UPDATE_SUBMITTED
_MARKET_ON_OPEN = OrderType.MARKET_ON_OPEN
_OPTION_EXERCISE = OrderType.OPTION_EXERCISE

#: The tag of the order that closes a position at its security's delisting (LEAN's
#: ``BrokerageTransactionHandler.LiquidateFromDelistingTag``).
LIQUIDATE_FROM_DELISTING_TAG = "Liquidate from delisting"


class SecurityTransactionManager(OrderRequestsMixin):
    def __init__(
        self, securities: SecurityManager, portfolio: Any = None, algorithm: Any = None
    ) -> None:
        self.securities = securities
        self.portfolio = portfolio
        self.algorithm = algorithm
        self._orders: dict[int, Order] = {}
        self._tickets: dict[int, OrderTicket] = {}
        # open orders by id (closed ones leave lazily); the loop skips its order scans while empty
        self.pending_orders: dict[int, Order] = {}
        self._order_id = 0
        self.order_events: list[OrderEvent] = []
        self._handlers: list[Callable[[OrderEvent], Any]] = []
        self.transaction_record: dict[datetime, float] = {}
        self.winning_transactions = 0
        self.losing_transactions = 0
        self.market_order_fill_timeout = timedelta(seconds=5)
        self._resolution_cache: tuple[int, bool, Resolution | None] | None = None
        self.last_fill_time_utc: datetime | None = None
        # split rescales of open orders not yet handled (see apply_split)
        self.queued_split_updates: list[tuple[list[OrderTicket], Any]] = []

    # ----------------------------------------------------------------- context
    @property
    def utc_time(self) -> datetime:
        algo = self.algorithm
        t = getattr(algo, "utc_time", None) if algo is not None else None
        return t if t is not None else self.securities.utc_time

    @property
    def brokerage_model(self) -> Any:
        model = (
            getattr(self.algorithm, "brokerage_model", None) if self.algorithm is not None else None
        )
        return model if model is not None else _DEFAULT_BROKERAGE

    @property
    def _settings(self) -> Any:
        return getattr(self.algorithm, "settings", None) if self.algorithm is not None else None

    @property
    def _is_warming_up(self) -> bool:
        return (
            bool(getattr(self.algorithm, "is_warming_up", False))
            if self.algorithm is not None
            else False
        )

    def _error(self, message: str) -> None:
        fn = getattr(self.algorithm, "error", None) if self.algorithm is not None else None
        if fn is not None:
            fn(message)

    def add_order_event_handler(self, handler: Callable[[OrderEvent], Any]) -> None:
        """Every OrderEvent is passed to ``handler`` right after the portfolio and ticket are updated."""
        self._handlers.append(handler)

    # ----------------------------------------------------------------- ids and queries
    def get_increment_order_id(self) -> int:
        self._order_id += 1
        return self._order_id

    @property
    def orders_count(self) -> int:
        return self._order_id

    def get_order_by_id(self, order_id: int) -> Order | None:
        return self._orders.get(order_id)

    def get_order_ticket(self, order_id: int) -> OrderTicket | None:
        return self._tickets.get(order_id)

    def get_orders(self, filter: Callable[[Order], bool] | None = None) -> list[Order]:  # noqa: A002
        orders = list(self._orders.values())
        return [o for o in orders if filter(o)] if filter else orders

    def get_order_tickets(
        self, filter: Callable[[OrderTicket], bool] | None = None
    ) -> list[OrderTicket]:  # noqa: A002
        tickets = list(self._tickets.values())
        return [t for t in tickets if filter(t)] if filter else tickets

    def _matches(self, symbol: Any, order_symbol: Symbol) -> bool:
        if symbol is None:
            return True
        if callable(symbol) and not isinstance(symbol, Symbol | str):
            return False
        return order_symbol == symbol

    def get_open_orders(self, symbol: Any = None) -> list[Order]:
        # open orders are all in ``pending_orders`` (closed ones leave it lazily): scanning it, not every
        # order ever placed, keeps order-heavy backtests linear
        if callable(symbol) and not isinstance(symbol, Symbol | str):
            return [o for o in self.pending_orders.values() if o.status.is_open and symbol(o)]
        return [
            o
            for o in self.pending_orders.values()
            if o.status.is_open and self._matches(symbol, o.symbol)
        ]

    def get_open_order_tickets(self, symbol: Any = None) -> list[OrderTicket]:
        if callable(symbol) and not isinstance(symbol, Symbol | str):
            return [
                t
                for t in (self._tickets[oid] for oid in self.pending_orders if oid in self._tickets)
                if t.status.is_open and symbol(t)
            ]
        pending = [self._tickets[oid] for oid in self.pending_orders if oid in self._tickets]
        return [t for t in pending if t.status.is_open and self._matches(symbol, t.symbol)]

    def get_open_orders_remaining_quantity(self, symbol: Any = None) -> float:
        return sum(t.quantity - t.quantity_filled for t in self.get_open_order_tickets(symbol))

    def cancel_open_orders(self, symbol: Any = None, tag: str | None = None) -> list[OrderTicket]:
        tickets = []
        for t in self.get_open_order_tickets(symbol):
            t.cancel(tag)
            tickets.append(t)
        return tickets

    def cancel_order(self, order_id: int, tag: str | None = None) -> OrderResponse:
        ticket = self._tickets.get(order_id)
        if ticket is None:
            return order_not_found(order_id)
        return ticket.cancel(tag)

    def add_transaction_record(
        self, time: datetime, profit_loss: float, is_win: bool | None = None
    ) -> None:
        """LEAN's AddTransactionRecord: a closing fill's profit less twice its fee, and whether
        it is a win (its profit's sign unless told: an option exercise's rule differs)."""
        t = time
        while t in self.transaction_record:
            t = t + timedelta(milliseconds=1)
        self.transaction_record[t] = profit_loss
        if profit_loss > 0 if is_win is None else is_win:
            self.winning_transactions += 1
        else:
            self.losing_transactions += 1

    # ----------------------------------------------------------------- events
    def _emit(self, order: Order, event: OrderEvent, *, fee_in_quantity: bool = False) -> None:
        """LEAN ``HandleOrderEvent``: update order, portfolio, ticket; then notify subscribers."""
        if not (order.status.is_closed and event.status == _INVALID):
            order.status = event.status
        ticket = self._tickets.get(order.id)
        event.id = len(ticket.order_events) + 1 if ticket is not None else 1
        event.order_id = order.id
        st = event.status
        if st == _CANCELED:
            order.canceled_time = event.utc_time
        elif st in _FILLS:
            order.last_fill_time = event.utc_time
        elif st == _UPDATE_SUBMITTED:
            order.last_update_time = event.utc_time
        event.quantity = order.quantity
        t = order.type
        if t in _LIMIT_PRICED:
            event.limit_price = order.limit_price
        if t in _STOP_PRICED:
            event.stop_price = order.stop_price
        if t == _TRAILING_STOP:
            event.trailing_amount = order.trailing_amount
        if t == _LIMIT_IF_TOUCHED:
            event.trigger_price = order.trigger_price
        if ticket is not None:
            # set before the portfolio applies the fill: an exercise's profit and win read the
            # order type from it (LEAN's fill.Ticket)
            event.ticket = ticket
        if event.is_fill and event.symbol != order.symbol:
            # an option exercise's delivery of the underlying: the portfolio's, not the order's
            self.last_fill_time_utc = event.utc_time
            if self.portfolio is not None:
                self.portfolio.apply_fill(event, fee_in_quantity=fee_in_quantity)
        elif event.is_fill:
            self.last_fill_time_utc = event.utc_time
            filled_before = order.filled_quantity
            total = filled_before + event.fill_quantity
            if total:
                order.price = (
                    order.price * filled_before + event.fill_price * event.fill_quantity
                ) / total
            order.filled_quantity = total
            if self.portfolio is not None:
                self.portfolio.apply_fill(event, fee_in_quantity=fee_in_quantity)
        if ticket is not None:
            ticket.add_order_event(event)
        self.order_events.append(event)
        for handler in list(self._handlers):
            handler(event)

    def _event(self, order: Order, status: OrderStatus, message: str = "") -> OrderEvent:
        return OrderEvent(
            order_id=order.id,
            id=0,
            symbol=order.symbol,
            utc_time=self.utc_time,
            status=status,
            direction=order.direction,
            fill_price_currency=order.price_currency,
            message=message,
            quantity=order.quantity,
        )

    # ----------------------------------------------------------------- the backtesting brokerage scan
    def _resolution_info(self) -> tuple[bool, Resolution | None]:
        subs = [
            s for sec in self.securities.values() for s in sec.subscriptions if not s.is_internal
        ]
        key = (len(self.securities), len(subs))
        if self._resolution_cache is not None and self._resolution_cache[0] == hash(key):
            return self._resolution_cache[1], self._resolution_cache[2]
        if subs:
            all_hd = all(s.resolution in (Resolution.HOUR, Resolution.DAILY) for s in subs)
            finest = min((s.resolution for s in subs), key=int)
        else:
            all_hd, finest = False, Resolution.MINUTE
        self._resolution_cache = (hash(key), all_hd, finest)
        return all_hd, finest

    def scan(self, utc_time: datetime | None = None) -> None:
        """Process pending orders against the current data (LEAN ``BacktestingBrokerage.Scan``)."""
        if utc_time is not None:
            if utc_time.tzinfo is None:
                utc_time = utc_time.replace(tzinfo=UTC)
            self.securities.set_time(utc_time)
        if self.portfolio is not None:
            self.portfolio.cash_book.update_conversion_rates(self.securities)
        if self.queued_split_updates:
            self.handle_queued_split_updates()
        self.scan_pending()

    def scan_pending(self) -> None:
        """Fill what the open orders can fill on the current prices (the body of LEAN's
        ``BacktestingBrokerage.Scan``). Besides the loop's two points of a step, it runs right after
        each submit, update and cancel request is handled: LEAN's BacktestingTransactionHandler
        drains its request queue on the algorithm thread (``WaitForOrderSubmission``) and every
        handled request is followed by a brokerage scan (``ProcessAsynchronousEvents``), so a market
        order is filled, with its events sent, before ``market_order`` returns."""
        if not self.pending_orders:
            return
        now = self.utc_time
        settings = self._settings
        stale = getattr(settings, "stale_price_time_span", None) or timedelta(hours=1)
        all_hd, finest = self._resolution_info()
        for oid in sorted(self.pending_orders):
            order = self.pending_orders.get(oid)
            if order is None:
                continue
            if order.status.is_closed:
                self.pending_orders.pop(oid, None)
                continue
            if order.time == now and order.type not in _ALWAYS_SAME_STEP:
                continue
            security = self.securities.get(order.symbol)
            if security is None:
                continue
            if order.group_order_manager is not None:
                # as LEAN's BacktestingBrokerage.Scan, each open leg in turn has its group filled
                # (a group whose first leg's fill completes it is not filled again)
                self._scan_group(order, FillModelParameters(security, order, stale, all_hd, finest))
                continue
            if order.type == _MARKET_ON_OPEN:
                bar = security.get_last_data()
                local_order = order.time.astimezone(security.time_zone).replace(tzinfo=None)
                if bar is None or local_order >= bar.end_time:
                    continue
            if is_order_expired(security, order):
                self.pending_orders.pop(oid, None)
                self._emit(
                    order, self._event(order, OrderStatus.CANCELED, "The order has expired.")
                )
                continue
            if not self.brokerage_model.can_execute_order(security, order):
                continue
            ticket = self._tickets.get(oid)
            filled = ticket.quantity_filled if ticket is not None else 0.0
            try:
                result = (
                    buying_power_call(
                        security.buying_power_model,
                        "has_sufficient_buying_power_for_order",
                        self.portfolio,
                        security,
                        order,
                        filled,
                    )
                    if self.portfolio is not None
                    else None
                )
            except Exception as err:  # noqa: BLE001
                self._error(f"Order Error: id: {oid}, {err}")
                continue
            if result is not None and not result.is_sufficient:
                self.pending_orders.pop(oid, None)
                message = (
                    f"Insufficient buying power to complete order (Value:{format_smart(order_value(order, security))}), "
                    f"Reason: {result.reason}."
                )
                self._emit(order, self._event(order, OrderStatus.INVALID, message))
                continue
            if order.type == _OPTION_EXERCISE:
                try:
                    fills = exercise_events(security, order)
                except Exception as err:  # noqa: BLE001 - LEAN logs and keeps the order open
                    self._error(
                        f"Order Error: id: {oid}, Transaction model failed to fill for order "
                        f"type: {order.type} with error: {err}"
                    )
                    continue
                self._apply_fills(order, security, fills)
                continue
            params = FillModelParameters(
                security, order, stale, all_hd, finest, on_order_updated=lambda o: None
            )
            try:
                fills = run_fill_model(security.fill_model, params)
            except Exception as err:  # noqa: BLE001 - LEAN logs and keeps the order open
                self._error(
                    f"Order Error: id: {oid}, Transaction model failed to fill for order type: {order.type} "
                    f"with error: {err}"
                )
                continue
            self._apply_fills(order, security, fills)

    def _scan_group(self, order: Order, params: FillModelParameters) -> None:
        """A combo order's legs are filled together (LEAN's BacktestingBrokerage.Scan with
        TryGetGroupOrders): while every leg is open, the fill model of ``order``'s security gets
        all legs (``securities_for_orders``) and returns an event per leg."""
        manager = order.group_order_manager
        legs = [self.pending_orders.get(i) for i in manager.order_ids]
        legs = [leg for leg in legs if leg is not None and leg.status.is_open]
        if len(legs) != manager.count:
            return
        pairs = []
        for leg in legs:
            security = self.securities.get(leg.symbol)
            if security is None or not self.brokerage_model.can_execute_order(security, leg):
                return
            pairs.append((leg, security))
        if self.portfolio is not None:
            filled = {
                leg.id: self._tickets[leg.id].quantity_filled if leg.id in self._tickets else 0.0
                for leg, _ in pairs
            }
            result = combo_buying_power(self.portfolio, pairs, filled)
            if not result.is_sufficient:
                # as LEAN's BacktestingBrokerage.Scan: every leg invalid with the group's message
                message = combo_insufficient_message(pairs, result)
                for other, _ in pairs:
                    self.pending_orders.pop(other.id, None)
                    self._emit(other, self._event(other, OrderStatus.INVALID, message))
                self._error(message)
                return
        params.on_order_updated = lambda o: None
        params.securities_for_orders = SecuritiesForOrders(pairs)
        try:
            fills = run_fill_model(params.security.fill_model, params)
        except Exception as err:  # noqa: BLE001 - LEAN logs and keeps the orders open
            self._error(
                f"Order Error: id: {order.id}, Transaction model failed to fill for order type: "
                f"{order.type} with error: {err}"
            )
            return
        for leg, leg_security in pairs:
            events = [f for f in fills if f.order_id == leg.id]
            if events:
                self._apply_fills(leg, leg_security, events)

    def _apply_fills(self, order: Order, security: Any, fills: list[OrderEvent]) -> None:
        """Fees on the completing event, then each event to the portfolio, ticket and handlers."""
        oid = order.id
        to_process = []
        for fill in fills:
            if order.status != fill.status or fill.fill_quantity != 0:
                to_process.append(fill)
        for fill in to_process:
            fee_in_quantity = False
            # LEAN BacktestingBrokerage.Scan: the fee model prices the whole order once, on the
            # event that completes it (partial fills of a custom fill model carry no fee),
            # unless the fill model already set a fee
            if fill.status == OrderStatus.FILLED and not fill.order_fee:
                fee = compute_fee(security.fee_model, security, order)
                fill.order_fee = FeeAmount(fee.value.amount, fee.value.currency)
                fill.order_fee_currency = fee.value.currency
                if isinstance(fee, ModifiedFillQuantityOrderFee):
                    fill.fill_quantity -= fee.value.amount / (fee.contract_multiplier or 1.0)
                    fee_in_quantity = True
            if fill.is_fill:
                if not fill.fill_price_currency:
                    fill.fill_price_currency = security.quote_currency
            self._emit(order, fill, fee_in_quantity=fee_in_quantity)
        if order.status.is_closed:
            self.pending_orders.pop(oid, None)

    process_synchronous_events = scan

    # ----------------------------------------------------------------- delistings
    def liquidate_delisted(self, symbol: Any) -> OrderTicket | None:
        """LEAN ``HandleDelistingNotification`` (Engine/TransactionHandlers/
        BrokerageTransactionHandler.cs): a position still held when its security is delisted is
        closed by a market order filled at once at the last price, without a fee. None when
        nothing is held."""
        security = self.securities.get(symbol)
        if security is None or not security.holdings.quantity:
            return None
        if getattr(security, "option_exercise_model", None) is not None:
            return self.exercise_expired(security)
        tag = LIQUIDATE_FROM_DELISTING_TAG
        ticket, order = self._accept_closing_order(security, OrderType.MARKET, tag)
        fill = self._event(order, OrderStatus.FILLED, tag)
        fill.fill_price = security.price
        fill.fill_quantity = order.quantity
        fill.fill_price_currency = security.quote_currency
        self._emit(order, fill)
        return ticket

    def _accept_closing_order(
        self, security: Any, order_type: OrderType, tag: str
    ) -> tuple[OrderTicket, Order]:
        """An order for the whole position that the brokerage places itself (a delisting's
        liquidation, an expiry's exercise): accepted at once, without the order checks."""
        request = SubmitOrderRequest(
            order_type,
            security.type,
            security.symbol,
            -security.holdings.quantity,
            0.0,
            0.0,
            self.utc_time,
            tag,
        )
        request.order_id = self.get_increment_order_id()
        ticket = OrderTicket(self, request)
        self._tickets[request.order_id] = ticket
        order = ORDER_CLASSES.get(order_type, Order)(
            id=request.order_id,
            symbol=security.symbol,
            type=order_type,
            quantity=float(request.quantity),
            time=request.time,
            status=OrderStatus.NEW,
            tag=tag,
            created_time=request.time,
        )
        order.price_currency = security.quote_currency
        self._orders[order.id] = order
        ticket.order = order
        ticket.security = security
        request.set_response(OrderResponse.success(order.id))
        return ticket, order

    def exercise_expired(self, security: Any, tag: str = "") -> OrderTicket:
        """LEAN's BrokerageTransactionHandler at an option's expiry: an exercise order for the
        whole position, whose events the option's exercise model makes (in the money:
        exercised or assigned, the underlying delivered at the strike; else expired worthless)."""
        ticket, order = self._accept_closing_order(security, OrderType.OPTION_EXERCISE, tag)
        events = exercise_events(security, order)
        if tag:
            for event in events:
                if event.is_assignment:
                    event.message = f"{event.message}. {tag}" if event.message else tag
        self._apply_fills(order, security, events)
        return ticket

    def process_assignments(self) -> None:
        """LEAN's BacktestingBrokerage.ProcessAssignmentOrders: once an hour, each short option
        position asks its assignment model whether the holder exercises early; an assignment is
        an exercise order for the whole position."""
        now = self.utc_time
        due = self.__dict__.get("next_assignment_time")
        if due is not None and now < due:
            return
        self.next_assignment_time = now.replace(minute=0, second=0, microsecond=0) + timedelta(
            hours=1
        )
        shorts = [
            s
            for s in self.securities.values()
            if getattr(s, "option_assignment_model", None) is not None and s.holdings.quantity < 0
        ]
        if not shorts:
            return
        from engine.execution.compat import user_method
        from engine.execution.option_exercise import OptionAssignmentParameters

        for option in sorted(shorts, key=lambda s: s.symbol.id.symbol):
            model = option.option_assignment_model
            result = user_method(model, "get_assignment", "GetAssignment")(
                OptionAssignmentParameters(option)
            )
            if result is not None and getattr(result, "quantity", 0):
                self.exercise_expired(option, getattr(result, "tag", "") or "")

    # ----------------------------------------------------------------- splits
    def apply_split(self, split: Any) -> None:
        """Queue the rescale of the split symbol's open orders (called by ``portfolio.apply_split``
        in Raw mode). LEAN's DefaultBrokerageModel.ApplySplit updates each ticket, and
        BrokerageTransactionHandler.UpdateOrder only queues an update request: the backtesting
        handler drains that queue before the next order submission (WaitForOrderSubmission) or at
        the next ProcessSynchronousEvents. Until then the orders keep their quantity, so code run
        on the split's slice (a framework execution model's unordered quantity) sees it unchanged."""
        tickets = [t for t in self.get_open_order_tickets(split.symbol)]
        if tickets:
            self.queued_split_updates.append((tickets, split))

    def handle_queued_split_updates(self) -> None:
        """Rescale the orders of the queued splits, oldest first, through the brokerage model."""
        while self.queued_split_updates:
            tickets, split = self.queued_split_updates.pop(0)
            open_tickets = [t for t in tickets if t.order is not None and t.order.status.is_open]
            if open_tickets:
                self.brokerage_model.apply_split(open_tickets, split)

    # PascalCase API
    GetOrderById = get_order_by_id
    GetOrderTicket = get_order_ticket
    GetOrders = get_orders
    GetOrderTickets = get_order_tickets
    GetOpenOrders = get_open_orders
    GetOpenOrderTickets = get_open_order_tickets
    GetOpenOrdersRemainingQuantity = get_open_orders_remaining_quantity
    CancelOpenOrders = cancel_open_orders
    CancelOrder = cancel_order
    OrdersCount = property(lambda self: self.orders_count)
    TransactionRecord = property(lambda self: self.transaction_record)
    WinningTransactions = property(lambda self: self.winning_transactions)
    LosingTransactions = property(lambda self: self.losing_transactions)
    UtcTime = property(lambda self: self.utc_time)

    @property
    def MarketOrderFillTimeout(self) -> timedelta:  # noqa: N802
        return self.market_order_fill_timeout

    @MarketOrderFillTimeout.setter
    def MarketOrderFillTimeout(self, value: timedelta) -> None:  # noqa: N802
        self.market_order_fill_timeout = value


_DEFAULT_BROKERAGE = DefaultBrokerageModel()


def exercise_events(option: Any, order: Order) -> list[OrderEvent]:
    """The events the option's exercise model makes for ``order`` (a user's model may return any
    iterable, with naive UTC times)."""
    from engine.execution.compat import user_method

    exercise = user_method(option.option_exercise_model, "option_exercise", "OptionExercise")
    events = list(exercise(option, order) or [])
    for event in events:
        when = event.utc_time
        if isinstance(when, datetime) and when.tzinfo is None:
            event.utc_time = when.replace(tzinfo=UTC)
        event.order_id = order.id
    return events
