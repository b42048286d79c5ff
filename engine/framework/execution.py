"""Execution models (LEAN Algorithm.Framework/Execution): targets -> orders."""

from __future__ import annotations

from typing import Any

from engine.portfolio.trading import PortfolioTarget


def unordered_quantity(algorithm: Any, target: Any, security: Any) -> float:
    """LEAN ``OrderSizing.GetUnorderedQuantity``: target - holdings - open order quantity, rounded
    toward zero to the lot size."""
    holdings = security.holdings.quantity
    open_qty = algorithm.transactions.get_open_orders_remaining_quantity(target.symbol)
    return adjust_by_lot_size(security, target.quantity - holdings - open_qty)


def adjust_by_lot_size(security: Any, quantity: float) -> float:
    """Round toward zero to a whole number of lots."""
    lot = security.symbol_properties.lot_size or 1.0
    q = quantity / lot
    n = round(q) if abs(q - round(q)) < 1e-9 else int(q)
    return float(n * lot) if lot != 1.0 else float(n)


class PortfolioTargetCollection:
    """Targets by symbol; a newer target for a symbol replaces the older one."""

    def __init__(self) -> None:
        self._targets: dict[Any, Any] = {}

    def add_range(self, targets: Any) -> None:
        for t in targets:
            self._targets[t.symbol] = t

    def is_empty(self) -> bool:
        return not self._targets

    def order_by_margin_impact(self, algorithm: Any) -> list[Any]:
        """Targets still needing orders: reducing positions first, then by order value, descending."""
        rows = []
        for target in self._targets.values():
            security = algorithm.securities[target.symbol]
            existing = (
                security.holdings.quantity
                + algorithm.transactions.get_open_orders_remaining_quantity(target.symbol)
            )
            wanted = adjust_by_lot_size(security, target.quantity)
            if not security.has_data or not security.is_tradable or wanted == existing:
                continue
            value = abs((wanted - existing) * security.price)
            rows.append((abs(wanted) < abs(existing), value, target))
        rows.sort(key=lambda r: (not r[0], -r[1]))
        return [r[2] for r in rows]

    def clear_fulfilled(self, algorithm: Any) -> None:
        for sym, target in list(self._targets.items()):
            security = algorithm.securities[sym]
            if unordered_quantity(algorithm, target, security) == 0:
                del self._targets[sym]

    def values(self) -> list[Any]:
        return list(self._targets.values())

    def __len__(self) -> int:
        return len(self._targets)

    AddRange = add_range
    IsEmpty = property(is_empty)
    OrderByMarginImpact = order_by_margin_impact
    ClearFulfilled = clear_fulfilled


class ExecutionModel:
    def __init__(self, asynchronous: bool = True) -> None:
        self.asynchronous = asynchronous
        self.targets_collection = PortfolioTargetCollection()

    def execute(self, algorithm: Any, targets: list[PortfolioTarget]) -> None:
        return None

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        return None

    def on_order_event(self, algorithm: Any, order_event: Any) -> None:
        return None

    Execute = execute
    OnSecuritiesChanged = on_securities_changed
    OnOrderEvent = on_order_event


class NullExecutionModel(ExecutionModel):
    pass


class ImmediateExecutionModel(ExecutionModel):
    """Market orders for the unordered quantity of each target, reducing positions first; orders
    below ``settings.minimum_order_margin_portfolio_percentage`` of the portfolio are skipped."""

    def execute(self, algorithm: Any, targets: list[PortfolioTarget]) -> None:
        collection = self.targets_collection
        collection.add_range(targets)
        if collection.is_empty():
            return
        for target in collection.order_by_margin_impact(algorithm):
            security = algorithm.securities[target.symbol]
            quantity = unordered_quantity(algorithm, target, security)
            if quantity == 0:
                continue
            if _above_minimum_margin(algorithm, security, quantity):
                algorithm.market_order(
                    security.symbol, quantity, tag=getattr(target, "tag", "") or ""
                )
        collection.clear_fulfilled(algorithm)

    Execute = execute


def _above_minimum_margin(algorithm: Any, security: Any, quantity: float) -> bool:
    """LEAN ``BuyingPowerModel.AboveMinimumOrderMarginPortfolioPercentage``."""
    settings = getattr(algorithm, "settings", None)
    minimum = (
        getattr(settings, "minimum_order_margin_portfolio_percentage", 0.001) if settings else 0.001
    )
    if not minimum:
        return True
    model = security.buying_power_model
    try:
        leverage = model.get_leverage(security) or 1.0
    except Exception:  # noqa: BLE001 - user models
        leverage = 1.0
    price = security.price
    mult = security.symbol_properties.contract_multiplier or 1.0
    conv = getattr(security, "conversion_rate", 1.0) or 1.0
    margin = abs(quantity) * price * mult * conv / leverage
    tpv = algorithm.portfolio.total_portfolio_value
    return margin >= minimum * tpv
