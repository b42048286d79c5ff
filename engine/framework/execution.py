"""Execution models (LEAN Algorithm.Framework/Execution): targets -> orders."""

from __future__ import annotations

from typing import Any

from engine.indicators import SimpleMovingAverage, StandardDeviation
from engine.model.data import Tick, TradeBar
from engine.model.enums import Resolution, SecurityType, TickType
from engine.portfolio.trading import PortfolioTarget


def unordered_quantity(
    algorithm: Any, target: Any, security: Any, account_for_fees: bool = False
) -> float:
    """LEAN ``OrderSizing.GetUnorderedQuantity``: target - holdings - open order quantity, rounded
    toward zero to the lot size; with ``account_for_fees`` a crypto buy also covers its
    market-order fee when that fee is paid in the base currency."""
    holdings = security.holdings.quantity
    open_qty = algorithm.transactions.get_open_orders_remaining_quantity(target.symbol)
    quantity = target.quantity - holdings - open_qty
    if account_for_fees and quantity > 0 and security.symbol.security_type == SecurityType.CRYPTO:
        from engine.execution.fees import compute_fee
        from engine.model.orders import Order, OrderType

        order = Order(0, security.symbol, OrderType.MARKET, quantity, algorithm.utc_time)
        fee = compute_fee(security.fee_model, security, order).value
        if fee.currency == getattr(security, "base_currency", None):
            quantity += fee.amount
    return adjust_by_lot_size(security, quantity)


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

    @property
    def is_empty(self) -> bool:
        """A property, as LEAN's ``IsEmpty`` (``if not targets.is_empty:``)."""
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
    IsEmpty = is_empty
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
        if collection.is_empty:
            return
        for target in collection.order_by_margin_impact(algorithm):
            security = algorithm.securities[target.symbol]
            # a crypto buy whose fee is taken from the bought coins orders that fee too, so the
            # holdings reach the target (LEAN's Algorithm/Execution/ImmediateExecutionModel.py)
            quantity = unordered_quantity(algorithm, target, security, True)
            if quantity == 0:
                continue
            if _above_minimum_margin(algorithm, security, quantity):
                algorithm.market_order(
                    security.symbol, quantity, tag=getattr(target, "tag", "") or ""
                )
        collection.clear_fulfilled(algorithm)

    Execute = execute


def _above_minimum_margin(algorithm: Any, security: Any, quantity: float) -> bool:
    """LEAN ``BuyingPowerModel.AboveMinimumOrderMarginPortfolioPercentage`` with the algorithm's
    setting."""
    settings = getattr(algorithm, "settings", None)
    minimum = (
        getattr(settings, "minimum_order_margin_portfolio_percentage", 0.001) if settings else 0.001
    )
    return BuyingPowerModelExtensions.above_minimum_order_margin_portfolio_percentage(
        security.buying_power_model, security, quantity, algorithm.portfolio, minimum
    )


class BuyingPowerModelExtensions:
    """LEAN Common/Securities/BuyingPowerModelExtensions.cs (the order-size check)."""

    @staticmethod
    def above_minimum_order_margin_portfolio_percentage(
        model: Any, security: Any, quantity: float, portfolio: Any, minimum: float
    ) -> bool:
        """Whether an order of ``quantity`` needs at least ``minimum`` of the portfolio value as
        initial margin; always True while the margin remaining is not positive (the order may
        reduce the position)."""
        if not minimum:
            return True
        try:
            leverage = model.get_leverage(security) or 1.0
        except Exception:  # noqa: BLE001 - user models
            leverage = 1.0
        price = security.price
        mult = security.symbol_properties.contract_multiplier or 1.0
        conv = getattr(security, "conversion_rate", 1.0) or 1.0
        margin = abs(quantity) * price * mult * conv / leverage
        tpv = portfolio.total_portfolio_value
        return not (minimum * tpv > margin and portfolio.margin_remaining > 0)

    @staticmethod
    def get_maintenance_margin(model: Any, security: Any) -> float:
        """The margin ``security``'s current position holds under ``model``."""
        from engine.execution.buying_power import buying_power_call

        return buying_power_call(model, "get_maintenance_margin", security)

    @staticmethod
    def get_initial_margin_requirement(model: Any, security: Any, quantity: float) -> float:
        return model.get_initial_margin_requirement(security, quantity)

    AboveMinimumOrderMarginPortfolioPercentage = above_minimum_order_margin_portfolio_percentage
    GetMaintenanceMargin = get_maintenance_margin
    GetInitialMarginRequirement = get_initial_margin_requirement


class OrderSizing:
    """LEAN Common/Algorithm/Framework/Portfolio/OrderSizing.cs (the parts the models use)."""

    @staticmethod
    def get_unordered_quantity(
        algorithm: Any, target: Any, security: Any = None, account_for_fees: bool = False
    ) -> float:
        security = security or algorithm.securities[target.symbol]
        return unordered_quantity(algorithm, target, security, account_for_fees)

    @staticmethod
    def get_order_size_for_maximum_value(
        security: Any, maximum_order_value: float, desired_order_size: float
    ) -> float:
        conv = getattr(security, "conversion_rate", 1.0) or 1.0
        mult = security.symbol_properties.contract_multiplier or 1.0
        price = float(security.price) * conv * mult
        if price == 0:
            return 0.0
        size = min(float(maximum_order_value) / price, abs(desired_order_size))
        return _sign(desired_order_size) * adjust_by_lot_size(security, size)

    @staticmethod
    def get_order_size_for_percent_volume(
        security: Any, maximum_percent_current_volume: float, desired_order_size: float
    ) -> float:
        size = min(
            float(maximum_percent_current_volume) * float(security.volume), abs(desired_order_size)
        )
        return _sign(desired_order_size) * adjust_by_lot_size(security, size)

    @staticmethod
    def adjust_by_lot_size(security: Any, quantity: float) -> float:
        return adjust_by_lot_size(security, quantity)

    GetUnorderedQuantity = get_unordered_quantity
    GetOrderSizeForMaximumValue = get_order_size_for_maximum_value
    GetOrderSizeForPercentVolume = get_order_size_for_percent_volume
    AdjustByLotSize = adjust_by_lot_size


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _safe_to_remove(algorithm: Any, symbol: Any) -> bool:
    """No universe still holds ``symbol`` (LEAN ``IsSafeToRemove``)."""
    manager = getattr(algorithm, "universe_manager", None)
    if manager is None:
        return True
    universes = manager.values() if hasattr(manager, "values") else manager
    return not any(getattr(u, "contains_member", lambda s: False)(symbol) for u in list(universes))


class _ConditionalExecutionModel(ExecutionModel):
    """The loop LEAN's Spread/StandardDeviation/VWAP execution models share: for each target
    (reducing positions first) with an unordered quantity, ``order_size`` decides what to send."""

    def execute(self, algorithm: Any, targets: list[PortfolioTarget]) -> None:
        collection = self.targets_collection
        collection.add_range(targets)
        if collection.is_empty:
            return
        for target in collection.order_by_margin_impact(algorithm):
            security = algorithm.securities[target.symbol]
            quantity = unordered_quantity(algorithm, target, security)
            size = self.order_size(algorithm, security, quantity)
            if size is None:  # LEAN returns from execute here (no data for the symbol yet)
                return
            if size != 0:
                algorithm.market_order(
                    security.symbol, size, self.asynchronous, getattr(target, "tag", "") or ""
                )
        collection.clear_fulfilled(algorithm)

    def order_size(self, algorithm: Any, security: Any, quantity: float) -> float | None:
        raise NotImplementedError

    Execute = execute


class SpreadExecutionModel(_ConditionalExecutionModel):
    """Market orders while the spread is at most ``accepting_spread_percent`` of the price (LEAN
    Algorithm.Framework/Execution/SpreadExecutionModel.py)."""

    def __init__(self, accepting_spread_percent: float = 0.005, asynchronous: bool = True) -> None:
        super().__init__(asynchronous)
        self.accepting_spread_percent = abs(float(accepting_spread_percent))

    def order_size(self, algorithm: Any, security: Any, quantity: float) -> float | None:
        if quantity != 0 and self.spread_is_favorable(security):
            return quantity
        return 0.0

    def spread_is_favorable(self, security: Any) -> bool:
        price, ask, bid = float(security.price), security.ask_price, security.bid_price
        return (
            security.exchange.exchange_open
            and price > 0
            and ask > 0
            and bid > 0
            and (ask - bid) / price <= self.accepting_spread_percent
        )

    SpreadIsFavorable = spread_is_favorable


class StandardDeviationExecutionModel(_ConditionalExecutionModel):
    """Buy below ``sma - deviations * std`` (sell above ``sma + ...``) of the last ``period`` bars, in
    orders of at most ``maximum_order_value`` (LEAN .../Execution/StandardDeviationExecutionModel.py)."""

    def __init__(
        self,
        period: int = 60,
        deviations: float = 2,
        resolution: Any = Resolution.MINUTE,
        asynchronous: bool = True,
    ) -> None:
        super().__init__(asynchronous)
        self.period = period
        self.deviations = deviations
        self.resolution = resolution
        self.maximum_order_value = 20000
        self.symbol_data: dict[Any, dict[str, Any]] = {}

    def order_size(self, algorithm: Any, security: Any, quantity: float) -> float | None:
        data = self.symbol_data.get(security.symbol)
        if data is None:
            return None
        if data["std"].is_ready and self.price_is_favorable(data, quantity):
            return OrderSizing.get_order_size_for_maximum_value(
                security, self.maximum_order_value, quantity
            )
        return 0.0

    def price_is_favorable(self, data: dict[str, Any], quantity: float) -> bool:
        sma = data["sma"].current.value
        deviations = self.deviations * data["std"].current.value
        security = data["security"]
        if quantity > 0:
            return security.bid_price < sma - deviations
        return security.ask_price > sma + deviations

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        for added in changes.added_securities:
            if added.symbol in self.symbol_data:
                continue
            symbol = added.symbol
            consolidator = algorithm.resolve_consolidator(symbol, self.resolution)
            sma, std = SimpleMovingAverage(self.period), StandardDeviation(self.period)
            algorithm.register_indicator(symbol, sma, consolidator)
            algorithm.register_indicator(symbol, std, consolidator)
            for bar in algorithm.history[TradeBar](symbol, self.period, self.resolution) or ():
                sma.update(bar.end_time, bar.close)
                std.update(bar.end_time, bar.close)
            self.symbol_data[symbol] = {
                "security": added,
                "consolidator": consolidator,
                "sma": sma,
                "std": std,
            }
        _remove_symbol_data(algorithm, changes, self.symbol_data)

    PriceIsFavorable = price_is_favorable
    OnSecuritiesChanged = on_securities_changed


def _remove_symbol_data(algorithm: Any, changes: Any, symbol_data: dict[Any, Any]) -> None:
    for removed in changes.removed_securities:
        symbol = removed.symbol
        if symbol in symbol_data and _safe_to_remove(algorithm, symbol):
            data = symbol_data.pop(symbol)
            algorithm.subscription_manager.remove_consolidator(symbol, data["consolidator"])


class IntradayVwap:
    """The volume-weighted average of (high + low + close) / 3 since the day's first bar (trade
    ticks: their price), reset each day (LEAN VolumeWeightedAveragePriceExecutionModel.py)."""

    def __init__(self, name: str = "VWAP") -> None:
        self.name = name
        self.value = 0.0
        self.last_date: Any = None
        self.sum_of_volume = 0.0
        self.sum_of_price_times_volume = 0.0

    @property
    def is_ready(self) -> bool:
        return self.sum_of_volume > 0.0

    def update(self, data: Any) -> bool:
        if isinstance(data, Tick):
            if data.tick_type != TickType.TRADE:
                return self.is_ready
            volume, price = float(data.quantity), float(data.last_price)
        elif isinstance(data, TradeBar) and not getattr(data, "is_fill_forward", False):
            volume, price = float(data.volume), float(data.high + data.low + data.close) / 3
        else:
            return self.is_ready
        day = data.end_time.date()
        if self.last_date != day:
            self.sum_of_volume = 0.0
            self.sum_of_price_times_volume = 0.0
            self.last_date = day
        self.sum_of_volume += volume
        self.sum_of_price_times_volume += price * volume
        if self.sum_of_volume == 0.0:
            self.value = float(data.value)
            return self.is_ready
        self.value = self.sum_of_price_times_volume / self.sum_of_volume
        return self.is_ready

    IsReady = is_ready


class VolumeWeightedAveragePriceExecutionModel(_ConditionalExecutionModel):
    """Buy below the intraday VWAP (sell above), at most ``maximum_order_quantity_percent_volume``
    of the bar's volume per order (LEAN .../Execution/VolumeWeightedAveragePriceExecutionModel.py)."""

    def __init__(self, asynchronous: bool = True) -> None:
        super().__init__(asynchronous)
        self.symbol_data: dict[Any, dict[str, Any]] = {}
        self.maximum_order_quantity_percent_volume = 0.01

    def order_size(self, algorithm: Any, security: Any, quantity: float) -> float | None:
        data = self.symbol_data.get(security.symbol)
        if data is None:
            return None
        if self.price_is_favorable(data, quantity):
            return OrderSizing.get_order_size_for_percent_volume(
                security, self.maximum_order_quantity_percent_volume, quantity
            )
        return 0.0

    def price_is_favorable(self, data: dict[str, Any], quantity: float) -> bool:
        security, vwap = data["security"], data["vwap"].value
        if quantity > 0:
            return security.bid_price < vwap
        return security.ask_price > vwap

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        _remove_symbol_data(algorithm, changes, self.symbol_data)
        for added in changes.added_securities:
            if added.symbol in self.symbol_data:
                continue
            consolidator = algorithm.resolve_consolidator(added.symbol, added.resolution)
            vwap = IntradayVwap()
            algorithm.register_indicator(added.symbol, vwap, consolidator)
            self.symbol_data[added.symbol] = {
                "security": added,
                "consolidator": consolidator,
                "vwap": vwap,
            }

    PriceIsFavorable = price_is_favorable
    OnSecuritiesChanged = on_securities_changed
