"""Buying-power models that set margin aside from prices: LEAN's ConstantBuyingPowerModel
(Common/Securities/ConstantBuyingPowerModel.cs, a fixed margin per unit held) and
NullBuyingPowerModel (Common/Securities/NullBuyingPowerModel.cs, no margin and every order
allowed; ``BuyingPowerModel.NULL``, ``SecurityMarginModel.NULL``)."""

from __future__ import annotations

from typing import Any

from engine.execution.buying_power import (
    BuyingPowerModel,
    HasSufficientBuyingPowerForOrderResult,
    lean_parameters,
)


class ConstantBuyingPowerModel(BuyingPowerModel):
    def __init__(self, margin_required_per_unit_in_account_currency: float) -> None:
        super().__init__(1.0)
        self._per_unit = float(margin_required_per_unit_in_account_currency)

    def set_leverage(self, security: Any, leverage: float) -> None:
        # LEAN ignores it: choosing this model is choosing to ignore leverage
        return None

    SetLeverage = set_leverage

    def get_initial_margin_requirement(self, security: Any, quantity: float) -> float:
        return quantity * self._per_unit

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        return abs(security.holdings.quantity) * self._per_unit


class NullBuyingPowerModel(BuyingPowerModel):
    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        return 0.0

    @lean_parameters
    def has_sufficient_buying_power_for_order(
        self, portfolio: Any, security: Any, order: Any, quantity_filled: float = 0.0
    ) -> HasSufficientBuyingPowerForOrderResult:
        return HasSufficientBuyingPowerForOrderResult(True)

    HasSufficientBuyingPowerForOrder = has_sufficient_buying_power_for_order


BuyingPowerModel.NULL = BuyingPowerModel.Null = NullBuyingPowerModel()  # type: ignore[attr-defined]
