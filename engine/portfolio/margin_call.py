"""Margin calls (LEAN Common/Securities/DefaultMarginCallModel.cs, Engine/AlgorithmManager.cs step 13).

The runner calls ``check_margin_calls(algorithm)`` once per step; it runs at the first call and then every
5 minutes of algorithm time, only while the exchanges of the positions are open. A warning
(``on_margin_call_warning``) is raised when margin remaining <= 5% of TPV; liquidation orders are sent
when margin remaining <= 0 and total margin used > TPV x 1.10 (biggest losers first, tag "Margin Call").
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from engine.model.enums import OrderType
from engine.model.security import is_always_open
from engine.portfolio.tickets import OrderTicket, SubmitOrderRequest

_CHECK_PERIOD = timedelta(minutes=5)  # AlgorithmManager's margin-call frequency


class DefaultMarginCallModel:
    margin_buffer = 0.10
    warning_buffer = 0.05

    def __init__(self, portfolio: Any, default_order_properties: Any = None) -> None:
        self.portfolio = portfolio
        self.default_order_properties = default_order_properties

    def get_margin_call_orders(self) -> tuple[list[SubmitOrderRequest], bool]:
        portfolio = self.portfolio
        used = portfolio.total_margin_used
        if used <= 0:
            return [], False
        tpv = portfolio.total_portfolio_value
        remaining = tpv - portfolio.unsettled_cash - used  # get_margin_remaining(tpv), used known
        warning = remaining <= tpv * self.warning_buffer
        requests: list[SubmitOrderRequest] = []
        if remaining <= 0 and used > tpv * (1 + self.margin_buffer):
            for sec in portfolio.securities.values():
                req = self._generate(sec, tpv, used)
                if req is not None:
                    requests.append(req)
            warning = bool(requests)
        return requests, warning

    def _generate(self, security: Any, tpv: float, used: float) -> SubmitOrderRequest | None:
        h = security.holdings
        if not h.quantity or not security.price:
            return None
        delta = used - tpv  # margin to free
        model = security.buying_power_model
        unit = abs(
            model.get_initial_margin_requirement(security, security.symbol_properties.lot_size)
        )
        if not unit:
            return None
        lots = math.ceil(delta / unit - 1e-9)
        lot = security.symbol_properties.lot_size
        qty = min(lots * lot, h.absolute_quantity)
        qty = -qty if h.quantity > 0 else qty
        props = (
            self.default_order_properties.clone()
            if self.default_order_properties is not None
            else None
        )
        return SubmitOrderRequest(
            OrderType.MARKET,
            security.type,
            security.symbol,
            qty,
            0.0,
            0.0,
            security.time_keeper.utc_time,
            "Margin Call",
            props,
        )

    def execute_margin_call(
        self, requests: list[SubmitOrderRequest], transactions: Any
    ) -> list[OrderTicket]:
        def loss(req: SubmitOrderRequest) -> float:
            return self.portfolio[req.symbol].unrealized_profit

        return [transactions.add_order(req) for req in sorted(requests, key=loss)]

    GetMarginCallOrders = get_margin_call_orders
    ExecuteMarginCall = execute_margin_call


class NullMarginCallModel:
    """LEAN's MarginCallModel.Null: never issues margin calls."""

    def get_margin_call_orders(self) -> tuple[list[SubmitOrderRequest], bool]:
        return [], False

    def execute_margin_call(self, requests: Any, transactions: Any = None) -> list[OrderTicket]:
        return []

    GetMarginCallOrders = get_margin_call_orders
    ExecuteMarginCall = execute_margin_call


class MarginCallModel:
    """LEAN's MarginCallModel names: ``MarginCallModel.NULL`` turns margin calls off."""

    NULL = Null = NullMarginCallModel()


def check_margin_calls(algorithm: Any) -> list[OrderTicket]:
    """Run the margin call model if due (first step, then every 5 minutes of algorithm time)."""
    state = algorithm.__dict__
    now = algorithm.utc_time
    next_check = state.get("_qc_next_margin_call_check")
    if next_check is not None and now < next_check:
        return []
    state["_qc_next_margin_call_check"] = now + _CHECK_PERIOD
    portfolio = algorithm.portfolio
    for sec in portfolio.securities.values():
        if sec.holdings.quantity and not (
            is_always_open(sec.exchange_hours) or sec.exchange_hours.is_open(sec.local_time, False)
        ):
            return []
    model = portfolio.margin_call_model
    if model is None:
        model = portfolio.margin_call_model = DefaultMarginCallModel(
            portfolio, getattr(algorithm, "default_order_properties", None)
        )
    requests, warning = model.get_margin_call_orders()
    if warning and not requests:
        handler = getattr(algorithm, "on_margin_call_warning", None)
        if handler is not None:
            handler()
        return []
    if not requests:
        return []
    handler = getattr(algorithm, "on_margin_call", None)
    if handler is not None:
        edited = handler(requests)
        if edited is not None:
            requests = list(edited)
    tickets = model.execute_margin_call(requests, algorithm.transactions)
    for t in tickets:
        algorithm.error(
            f"{algorithm.time:%Y-%m-%d %H:%M:%S} - Executed MarginCallOrder: {t.symbol.value} - "
            f"Quantity: {t.quantity:g} @ {t.average_fill_price:g}"
        )
    return tickets
