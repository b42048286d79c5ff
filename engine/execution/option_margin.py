"""LEAN's OptionMarginModel (Common/Securities/Option/OptionMarginModel.cs): options are not
traded on margin; a long position's initial margin is its premium and it needs no maintenance
margin; a short naked position needs the premium plus the larger of the naked-position
requirements (``engine.execution.option_exercise.option_margin_requirement``)."""

from __future__ import annotations

import math
from typing import Any

from engine.execution.buying_power import BuyingPowerModel, lean_parameters
from engine.execution.fees import compute_fee, order_value
from engine.execution.option_exercise import option_margin_requirement
from engine.model.enums import SecurityType


def _ratio(security: Any, quantity: float, value: float) -> float:
    underlying = getattr(security, "underlying", None)
    if underlying is None:
        return 0.0
    underlying_props = getattr(underlying, "symbol_properties", None)
    props = security.symbol_properties
    return option_margin_requirement(
        value=value,
        quantity=quantity,
        option_close=float(security.close),
        strike=float(security.strike_price),
        right=security.right,
        underlying_close=float(underlying.close),
        underlying_multiplier=float(getattr(underlying_props, "contract_multiplier", 1.0) or 1.0),
        contract_multiplier=float(props.contract_multiplier),
        unit_of_trade=float(security.contract_unit_of_trade),
        strike_multiplier=float(getattr(props, "strike_multiplier", 1.0) or 1.0),
        index_option=security.type == SecurityType.INDEX_OPTION,
    )


class OptionMarginModel(BuyingPowerModel):
    def __init__(self, required_free_buying_power_percent: float = 0.0) -> None:
        super().__init__(1.0, required_free_buying_power_percent)

    def get_leverage(self, security: Any) -> float:
        return 1.0

    def set_leverage(self, security: Any, leverage: float) -> None:
        raise ValueError(
            "Options are leveraged products and different leverage cannot be set by user"
        )

    GetLeverage = get_leverage
    SetLeverage = set_leverage

    def get_initial_margin_requirement(self, security: Any, quantity: float) -> float:
        """A short position's margin; a long's is its premium (LEAN's OptionInitialMargin adds
        the premium of a long position to its zero margin)."""
        rate = float(getattr(security, "conversion_rate", 1.0) or 1.0)
        value = rate * security.symbol_properties.contract_multiplier * security.price * quantity
        if quantity >= 0:
            return max(value, 0.0)
        return value * _ratio(security, quantity, value)

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        quantity = security.holdings.quantity
        if quantity >= 0:
            return 0.0
        cost = security.holdings.holdings_cost
        return abs(cost) * _ratio(security, quantity, cost)

    def get_initial_margin_required_for_order(
        self, portfolio: Any, security: Any, order: Any
    ) -> float:
        fee = compute_fee(security.fee_model, security, order).value
        fee_account = portfolio.cash_book.convert_to_account_currency(fee.amount, fee.currency)
        value = order_value(order, security)
        margin = value * _ratio(security, order.quantity, value)
        return margin + math.copysign(1.0, margin) * fee_account if margin else 0.0
