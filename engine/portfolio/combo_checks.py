"""Buying power of a combo order's legs taken together (LEAN's
SecurityPortfolioManager.HasSufficientBuyingPowerForOrder(List<Order>)): a combo that forms an
option strategy is checked by the strategy's margin (``position_groups``), any other combo leg
by leg with each security's own model, all legs failing together."""

from __future__ import annotations

from typing import Any

from engine.execution.buying_power import HasSufficientBuyingPowerForOrderResult, buying_power_call
from engine.execution.fees import order_value
from engine.portfolio.position_groups import combo_has_sufficient_buying_power
from engine.statistics.formatting import format_smart


def combo_buying_power(
    portfolio: Any, pairs: list[tuple[Any, Any]], filled: dict[int, float]
) -> HasSufficientBuyingPowerForOrderResult:
    """``pairs``: each leg order with its security; ``filled``: quantity filled per order id."""
    remaining = {order.id: order.quantity - filled.get(order.id, 0.0) for order, _ in pairs}
    result = combo_has_sufficient_buying_power(portfolio, [order for order, _ in pairs], remaining)
    if result is not None:
        return result
    for order, security in pairs:
        result = buying_power_call(
            security.buying_power_model,
            "has_sufficient_buying_power_for_order",
            portfolio,
            security,
            order,
            filled.get(order.id, 0.0),
        )
        if not result.is_sufficient:
            return result
    return HasSufficientBuyingPowerForOrderResult(True)


def combo_insufficient_message(
    pairs: list[tuple[Any, Any]], result: HasSufficientBuyingPowerForOrderResult
) -> str:
    """LEAN's Messages.GroupOrderExtensions.InsufficientBuyingPowerForOrders."""
    ids = ",".join(str(order.id) for order, _ in pairs)
    values = ",".join(format_smart(order_value(order, security)) for order, security in pairs)
    return (
        f"Order Error: ids: [{ids}], Insufficient buying power to complete orders "
        f"(Value:[{values}]), Reason: {result.reason}."
    )
