"""LEAN's ``FutureMarginModel`` (Common/Securities/Future/FutureMarginModel.cs): a future's margin is
a fixed amount per contract, read by date from the data folder's ``future/<market>/margins/`` file
(``engine.data.future_margins``), not a share of the position's value. Overnight margins apply
unless ``enable_intraday_margins`` is set and the exchange is open and not about to close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.data.future_margins import MarginHistory, MarginRequirements
from engine.execution.buying_power import (
    MaintenanceMargin,
    SecurityMarginModel,
    lean_parameters,
)


class FutureMarginModel(SecurityMarginModel):
    """Margin per contract from the margin file, in force on the date of the last data."""

    #: the run's data folder (set when the run starts, as LEAN's Globals.DataFolder)
    data_folder: Any = None

    def __init__(
        self, required_free_buying_power_percent: float = 0.0, security: Any = None
    ) -> None:
        super().__init__(1.0, required_free_buying_power_percent)
        self.enable_intraday_margins = False
        self._security = security
        self._histories: dict[tuple[str, str], MarginHistory] = {}

    # -- requirements ------------------------------------------------------------------------
    def _history(self, security: Any) -> MarginHistory:
        symbol = security.symbol
        if (
            symbol.underlying is not None
            and symbol.security_type != symbol.underlying.security_type
        ):
            symbol = symbol.underlying  # a future option's margin file is its future's
        key = (str(symbol.id.market).lower(), str(symbol.id.symbol).upper())
        history = self._histories.get(key)
        if history is None:
            history = self._histories[key] = MarginHistory.load(self.data_folder, *key)
        return history

    def current_requirements(self, security: Any) -> MarginRequirements | None:
        """LEAN's GetCurrentMarginRequirements: none before the security has data."""
        if security is None:
            return None
        last = security.get_last_data()
        if last is None:
            return None
        return self._history(security).on(last.time.date())

    def _requirement(self, field: str) -> float:
        entry = self.current_requirements(self._security)
        return getattr(entry, field) if entry is not None else 0.0

    @property
    def initial_overnight_margin_requirement(self) -> float:
        return self._requirement("initial_overnight")

    @property
    def maintenance_overnight_margin_requirement(self) -> float:
        return self._requirement("maintenance_overnight")

    @property
    def initial_intraday_margin_requirement(self) -> float:
        return self._requirement("initial_intraday")

    @property
    def maintenance_intraday_margin_requirement(self) -> float:
        return self._requirement("maintenance_intraday")

    def _intraday(self, security: Any) -> bool:
        if not self.enable_intraday_margins:
            return False
        hours, now = security.exchange_hours, security.local_time
        closing_soon = not hours.is_open(now + timedelta(minutes=1), False)
        return hours.is_open(now, False) and not closing_soon

    # -- the model -----------------------------------------------------------------------------
    def get_leverage(self, security: Any) -> float:
        return 1.0

    def set_leverage(self, security: Any, leverage: float) -> None:
        raise ValueError(
            "Futures are leveraged products and different leverage cannot be set by user"
        )

    def get_initial_margin_requirement(self, security: Any, quantity: float) -> float:
        if not quantity:
            return 0.0
        entry = self.current_requirements(security)
        if entry is None:
            return 0.0
        per_contract = (
            entry.initial_intraday if self._intraday(security) else entry.initial_overnight
        )
        return per_contract * quantity * _conversion_rate(security)

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        quantity = abs(security.holdings.quantity)
        if not quantity:
            return MaintenanceMargin(0.0)
        entry = self.current_requirements(security)
        if entry is None:
            return MaintenanceMargin(0.0)
        per_contract = (
            entry.maintenance_intraday if self._intraday(security) else entry.maintenance_overnight
        )
        return MaintenanceMargin(per_contract * quantity * _conversion_rate(security))

    @lean_parameters
    def get_maximum_order_quantity_for_target_buying_power(
        self,
        portfolio: Any,
        security: Any,
        target_buying_power: float,
        minimum_order_margin_portfolio_percentage: float = 0.0,
    ) -> Any:
        if abs(target_buying_power) > 1:
            raise ValueError(
                "Futures do not allow specifying a leveraged target, since they are traded using "
                "margin which already is leveraged. Possible target buying power goes from -1 to "
                f"1, target provided is: {target_buying_power}"
            )
        return super().get_maximum_order_quantity_for_target_buying_power(
            portfolio, security, target_buying_power, minimum_order_margin_portfolio_percentage
        )

    GetLeverage = get_leverage
    SetLeverage = set_leverage
    GetInitialMarginRequirement = get_initial_margin_requirement
    GetMaintenanceMargin = get_maintenance_margin
    GetMaximumOrderQuantityForTargetBuyingPower = get_maximum_order_quantity_for_target_buying_power
    InitialOvernightMarginRequirement = initial_overnight_margin_requirement
    MaintenanceOvernightMarginRequirement = maintenance_overnight_margin_requirement
    InitialIntradayMarginRequirement = initial_intraday_margin_requirement
    MaintenanceIntradayMarginRequirement = maintenance_intraday_margin_requirement


def _conversion_rate(security: Any) -> float:
    rate = getattr(security, "conversion_rate", None)
    if rate is None:
        quote = getattr(security, "quote_currency", None)
        rate = getattr(quote, "conversion_rate", 1.0)
    return float(rate or 1.0)
