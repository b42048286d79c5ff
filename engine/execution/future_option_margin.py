"""LEAN's ``FuturesOptionsMarginModel`` (Common/Securities/FutureOption/FuturesOptionsMarginModel.cs):
a future option's margin is its future's margin from the margin files, scaled by a logistic curve
of how far the strike is from the future's price (deep in the money costs the future's full
margin, far out of the money next to nothing), shifted and steepened for short positions."""

from __future__ import annotations

import math
from typing import Any

from engine.execution.buying_power import MaintenanceMargin, lean_parameters
from engine.execution.future_margin import FutureMarginModel
from engine.model.enums import OptionRight


def future_option_margin(option: Any, underlying_requirement: float, long: bool = True) -> float:
    """LEAN's GetMarginRequirement: the share of the future's requirement a position in
    ``option`` needs, as a whole number of dollars (truncated, as LEAN's int cast)."""
    underlying = getattr(option, "underlying", None)
    if underlying is None or not underlying.price:
        # LEAN answers 0 until the future has a price
        return 0.0
    maximum = underlying_requirement
    growth = -7.8
    price = float(underlying.price)
    is_call = int(option.right) == int(OptionRight.CALL)
    if not long:
        if is_call:
            growth = -4.0  # short calls: a slower curve shifted right
            price *= 1.5
        else:
            maximum *= 1.25  # short puts: a higher ceiling, the curve mirrored and shifted left
            growth = 2.4
            price *= 0.30
    elif not is_call:
        growth = 9.0
    else:
        maximum *= 1.20
    # the growth rate is normalised by the future's price, so contracts of any price scale
    # (CL and ES) share the curve
    try:
        denominator = math.exp(-growth * (option.scaled_strike_price - price) / price)
    except OverflowError:
        return 0.0
    if math.isinf(denominator):
        return 0.0
    if denominator == 0 or math.isnan(denominator):
        return float(int(maximum))
    return float(int(maximum / (1 + denominator)))


class FuturesOptionsMarginModel(FutureMarginModel):
    """The margin model of a future option: its future's FutureMarginModel requirement passed
    through ``future_option_margin``."""

    def __init__(
        self, required_free_buying_power_percent: float = 0.0, future_option: Any = None
    ) -> None:
        super().__init__(
            required_free_buying_power_percent,
            getattr(future_option, "underlying", None) if future_option is not None else None,
        )
        self._future_option = future_option

    def _requirement(self, field: str) -> float:
        option = self._future_option
        if option is not None and self._security is None:
            self._security = option.underlying  # the future may be attached after creation
        base = super()._requirement(field)
        return future_option_margin(option, base) if option is not None else base

    def get_initial_margin_requirement(self, security: Any, quantity: float) -> float:
        future = security.underlying
        base = super().get_initial_margin_requirement(future, quantity) if future else 0.0
        return future_option_margin(security, base, quantity > 0)

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        quantity = security.holdings.quantity
        future = security.underlying
        if not quantity or future is None:
            return MaintenanceMargin(0.0)
        entry = self.current_requirements(future)
        if entry is None:
            return MaintenanceMargin(0.0)
        per_contract = (
            entry.maintenance_intraday if self._intraday(future) else entry.maintenance_overnight
        )
        rate = getattr(getattr(future, "quote_currency", None), "conversion_rate", 1.0) or 1.0
        base = per_contract * abs(quantity) * float(rate)
        return MaintenanceMargin(future_option_margin(security, base, quantity > 0))

    GetInitialMarginRequirement = get_initial_margin_requirement
    GetMaintenanceMargin = get_maintenance_margin
