"""Buying-power models (LEAN Common/Securities/BuyingPowerModel.cs, SecurityMarginModel, CashBuyingPowerModel).

``SecurityMarginModel(leverage)``: initial = maintenance margin = 1/leverage of the position value at
``security.price``. ``has_sufficient_buying_power_for_order(portfolio, security, order)`` is checked at
submission and again before each fill; ``get_maximum_order_quantity_for_target_buying_power`` sizes
``set_holdings`` (Common/Securities/BuyingPowerModel.cs, Common/Algorithm/Framework/Portfolio/PortfolioTarget.cs).
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass
from typing import Any

from engine.common.naming import to_snake
from engine.execution.fees import compute_fee
from engine.model.enums import OrderDirection, OrderType, SecurityType
from engine.model.orders import Order


@dataclass(slots=True)
class HasSufficientBuyingPowerForOrderResult:
    is_sufficient: bool
    reason: str = ""

    IsSufficient = property(lambda self: self.is_sufficient)
    Reason = property(lambda self: self.reason)


@dataclass(slots=True)
class GetMaximumOrderQuantityResult:
    quantity: float
    reason: str = ""
    is_error: bool = False

    Quantity = property(lambda self: self.quantity)
    Reason = property(lambda self: self.reason)
    IsError = property(lambda self: self.is_error)


class BuyingPowerParameters:
    """LEAN's buying-power parameter objects in one shape (Common/Securities/
    HasSufficientBuyingPowerForOrderParameters.cs, GetMaximumOrderQuantityForTargetBuyingPowerParameters.cs,
    MaintenanceMarginParameters.cs, ReservedBuyingPowerForPositionParameters.cs): what a user's
    model written for LEAN receives, and what its ``super()`` calls hand back to these models."""

    def __init__(self, **fields: Any) -> None:
        self.portfolio = fields.pop("portfolio", None)
        self.security = fields.pop("security", None)
        self.order = fields.pop("order", None)
        self.quantity_filled = fields.pop("quantity_filled", 0.0)
        self.target_buying_power = fields.pop("target_buying_power", 0.0)
        self.minimum_order_margin_portfolio_percentage = fields.pop(
            "minimum_order_margin_portfolio_percentage", 0.0
        )
        self.__dict__.update(fields)

    def result_in_account_currency(self, value: float) -> float:
        return float(value)

    def sufficient(self) -> HasSufficientBuyingPowerForOrderResult:
        return HasSufficientBuyingPowerForOrderResult(True)

    def insufficient(self, reason: str = "") -> HasSufficientBuyingPowerForOrderResult:
        return HasSufficientBuyingPowerForOrderResult(False, reason)

    def __getattr__(self, name: str) -> Any:
        snake = to_snake(name)
        if snake != name:
            return getattr(self, snake)
        raise AttributeError(name)

    ResultInAccountCurrency = result_in_account_currency


class MaintenanceMargin(float):
    """LEAN's MaintenanceMargin result: a number with ``.value``."""

    value = property(float)
    Value = value


class ReservedBuyingPowerForPosition(MaintenanceMargin):
    """LEAN's ReservedBuyingPowerForPosition: the margin a position holds, ``absolute_used_buying_power``."""

    absolute_used_buying_power = property(float)
    AbsoluteUsedBuyingPower = absolute_used_buying_power


def reserved_buying_power_for_position_parameters(security: Any) -> BuyingPowerParameters:
    """LEAN's ``ReservedBuyingPowerForPositionParameters(security)`` constructor."""
    return BuyingPowerParameters(security=security)


class MaintenanceMarginParameters:
    """LEAN's ``MaintenanceMarginParameters`` (Common/Securities/MaintenanceMarginParameters.cs):
    ``for_current_holdings(security)`` asks for the margin of the security's position."""

    def __new__(cls, security: Any, quantity: float | None = None) -> BuyingPowerParameters:  # type: ignore[misc]
        return BuyingPowerParameters(security=security)

    @staticmethod
    def for_current_holdings(security: Any) -> BuyingPowerParameters:
        return BuyingPowerParameters(security=security)

    ForCurrentHoldings = for_current_holdings


_FIELDS = {
    "has_sufficient_buying_power_for_order": ("portfolio", "security", "order", "quantity_filled"),
    "get_maximum_order_quantity_for_target_buying_power": (
        "portfolio",
        "security",
        "target_buying_power",
        "minimum_order_margin_portfolio_percentage",
    ),
    "get_maintenance_margin": ("security",),
    "get_reserved_buying_power_for_position": ("security",),
}


def lean_parameters(fn: Any) -> Any:
    """Let an engine model method also take LEAN's single parameters object (the ``super()``
    calls of a user's model)."""
    fields = _FIELDS[fn.__name__]

    @functools.wraps(fn)
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and isinstance(args[0], BuyingPowerParameters):
            args = tuple(getattr(args[0], f) for f in fields)
        return fn(self, *args, **kwargs)

    return method


def buying_power_call(model: Any, name: str, *args: Any) -> Any:
    """Call ``model.<name>`` the engine's way (positional) or, for a user's model written for LEAN
    whose method takes one ``parameters`` argument, with a ``BuyingPowerParameters``."""
    method = getattr(model, name)
    if getattr(method, "__wrapped__", None) is None and _takes_one_argument(method):
        fields = dict(zip(_FIELDS[name], args, strict=False))
        return method(BuyingPowerParameters(**fields))
    return method(*args)


# (function, bound) -> takes one argument; inspect.signature is slow and every order asks.
_ONE_ARGUMENT: dict[tuple[Any, bool], bool] = {}


def _takes_one_argument(method: Any) -> bool:
    key = (getattr(method, "__func__", method), hasattr(method, "__self__"))
    try:
        known = _ONE_ARGUMENT.get(key)
    except TypeError:  # an unhashable callable
        return _signature_takes_one_argument(method)
    if known is None:
        known = _ONE_ARGUMENT[key] = _signature_takes_one_argument(method)
    return known


def _signature_takes_one_argument(method: Any) -> bool:
    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) == 1


def _fmt(value: float) -> str:
    """C# ``decimal.Normalize()`` text: no trailing zeros."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _round_to_lot(quantity: float, lot: float, mode: str) -> float:
    if not lot:
        return quantity
    lots = quantity / lot
    if mode == "floor":
        lots = math.floor(lots + 1e-9)
    elif mode == "ceil":
        lots = math.ceil(lots - 1e-9)
    else:  # toward zero
        lots = math.floor(lots + 1e-9) if lots >= 0 else math.ceil(lots - 1e-9)
    return round(lots * lot, 10)


class BuyingPowerModel:
    """LEAN's ``BuyingPowerModel`` (margin with leverage); ``SecurityMarginModel`` is the same."""

    def __init__(
        self, leverage: float = 1.0, required_free_buying_power_percent: float = 0.0
    ) -> None:
        self._initial_margin_requirement = 1.0 / leverage
        self._maintenance_margin_requirement = 1.0 / leverage
        self.required_free_buying_power_percent = required_free_buying_power_percent

    # ----------------------------------------------------------------- leverage
    def get_leverage(self, security: Any) -> float:
        return 1.0 / self._initial_margin_requirement

    def set_leverage(self, security: Any, leverage: float) -> None:
        if leverage < 1:
            raise ValueError("Leverage must be greater than or equal to 1.")
        self._initial_margin_requirement = 1.0 / leverage
        self._maintenance_margin_requirement = 1.0 / leverage

    GetLeverage = get_leverage
    SetLeverage = set_leverage

    # ----------------------------------------------------------------- margins
    @staticmethod
    def _unit_value(security: Any) -> float:
        conv = getattr(security, "conversion_rate", 1.0) or 1.0
        return security.price * conv * security.symbol_properties.contract_multiplier

    def get_initial_margin_requirement(self, security: Any, quantity: float) -> float:
        """Signed initial margin for ``quantity`` units at the current price (no fee)."""
        return self._unit_value(security) * quantity * self._initial_margin_requirement

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        return abs(security.holdings.holdings_value) * self._maintenance_margin_requirement

    def get_initial_margin_required_for_order(
        self, portfolio: Any, security: Any, order: Order
    ) -> float:
        fee = compute_fee(security.fee_model, security, order).value
        fee_acct = portfolio.cash_book.convert_to_account_currency(fee.amount, fee.currency)
        margin = self.get_initial_margin_requirement(security, order.quantity)
        return margin + math.copysign(1.0, margin) * fee_acct if margin else fee_acct

    @lean_parameters
    def get_reserved_buying_power_for_position(self, security: Any) -> float:
        margin = buying_power_call(self, "get_maintenance_margin", security)
        return ReservedBuyingPowerForPosition(margin)

    def get_margin_remaining(
        self, portfolio: Any, security: Any, direction: OrderDirection
    ) -> float:
        tpv = portfolio.total_portfolio_value
        result = portfolio.get_margin_remaining(tpv)
        if direction != OrderDirection.HOLD:
            h = security.holdings
            if (h.is_long and direction == OrderDirection.SELL) or (
                h.is_short and direction == OrderDirection.BUY
            ):
                result += buying_power_call(self, "get_maintenance_margin", security) + abs(
                    self.get_initial_margin_requirement(security, h.absolute_quantity)
                )
        result -= tpv * self.required_free_buying_power_percent
        return max(result, 0.0)

    # ----------------------------------------------------------------- checks
    @lean_parameters
    def has_sufficient_buying_power_for_order(
        self, portfolio: Any, security: Any, order: Order, quantity_filled: float = 0.0
    ) -> HasSufficientBuyingPowerForOrderResult:
        if order.quantity == 0:
            return HasSufficientBuyingPowerForOrderResult(True)
        h = security.holdings
        # reducing or closing a position is always allowed
        if (
            h.quantity
            and (h.quantity > 0) != (order.quantity > 0)
            and abs(order.quantity) <= abs(h.quantity)
        ):
            return HasSufficientBuyingPowerForOrderResult(True)
        free = self.get_margin_remaining(portfolio, security, order.direction)
        initial = self.get_initial_margin_required_for_order(portfolio, security, order)
        unfilled = (abs(order.quantity) - abs(quantity_filled)) / abs(order.quantity)
        remainder = unfilled * initial
        if abs(remainder) > free:
            return HasSufficientBuyingPowerForOrderResult(
                False,
                f"Id: {order.id}, Initial Margin: {_fmt(remainder)}, Free Margin: {_fmt(free)}",
            )
        return HasSufficientBuyingPowerForOrderResult(True)

    HasSufficientBuyingPowerForOrder = has_sufficient_buying_power_for_order

    # ----------------------------------------------------------------- sizing
    def get_amount_to_order(
        self, security: Any, target_margin: float, unit_margin: float
    ) -> tuple[float, float]:
        """(order quantity, final margin) to move holdings toward ``target_margin`` (signed)."""
        lot = security.symbol_properties.lot_size
        holdings = security.holdings.quantity
        target_qty = target_margin / unit_margin * lot
        target_qty = _round_to_lot(target_qty, lot, "floor" if target_margin >= 0 else "ceil")
        final_margin = self.get_initial_margin_requirement(security, target_qty)
        step = lot if target_margin >= 0 else -lot
        while abs(final_margin) > abs(target_margin) and target_qty != 0:
            target_qty = round(target_qty - step, 10)
            final_margin = self.get_initial_margin_requirement(security, target_qty)
        return round(target_qty - holdings, 10), final_margin

    @lean_parameters
    def get_maximum_order_quantity_for_target_buying_power(
        self,
        portfolio: Any,
        security: Any,
        target_buying_power: float,
        minimum_order_margin_portfolio_percentage: float = 0.0,
    ) -> GetMaximumOrderQuantityResult:
        tpv = portfolio.total_portfolio_value
        free_pct = self.required_free_buying_power_percent
        target_margin = target_buying_power * (tpv - tpv * free_pct)
        if target_margin == 0:
            return GetMaximumOrderQuantityResult(-security.holdings.quantity)
        current_margin = self.get_initial_margin_requirement(security, security.holdings.quantity)
        unit_margin = abs(
            self.get_initial_margin_requirement(security, security.symbol_properties.lot_size)
        )
        if unit_margin == 0:
            return GetMaximumOrderQuantityResult(
                0,
                f"The price of the {security.symbol.value} security is zero because it does not have any market "
                "data yet. When the security price is set this security will be ready for trading.",
                True,
            )
        diff = abs(target_margin - current_margin)
        if minimum_order_margin_portfolio_percentage and portfolio.margin_remaining >= 0:
            if diff < tpv * minimum_order_margin_portfolio_percentage:
                return GetMaximumOrderQuantityResult(
                    0,
                    f"The target order margin {_fmt(diff)} is less than the minimum "
                    f"{_fmt(minimum_order_margin_portfolio_percentage * 100)}%.",
                )
        last_qty = None
        while True:
            qty, final_margin = self.get_amount_to_order(security, target_margin, unit_margin)
            if qty == 0:
                return GetMaximumOrderQuantityResult(
                    0,
                    f"The order quantity is less than the lot size of {_fmt(security.symbol_properties.lot_size)} "
                    "and has been rounded to zero.",
                )
            probe = Order(0, security.symbol, OrderType.MARKET, qty, security.time_keeper.utc_time)
            fee = compute_fee(security.fee_model, security, probe).value
            fee_acct = portfolio.cash_book.convert_to_account_currency(fee.amount, fee.currency)
            target_margin = (tpv - fee_acct - tpv * free_pct) * target_buying_power
            if last_qty is not None and last_qty == qty:
                raise ValueError(
                    f"GetMaximumOrderQuantityForTargetBuyingPower failed to converge on the target margin: "
                    f"{_fmt(target_margin)}; the following information can be used to reproduce the issue. "
                    f"Total Portfolio Cash: {_fmt(portfolio.cash)}; Leverage: {_fmt(self.get_leverage(security))}; "
                    f"Order Fee: {_fmt(fee_acct)}; Security Price: {_fmt(security.price)}"
                )
            last_qty = qty
            if abs(final_margin) <= abs(target_margin):
                return GetMaximumOrderQuantityResult(qty)

    def get_maximum_order_quantity_for_delta_buying_power(
        self,
        portfolio: Any,
        security: Any,
        delta_buying_power: float,
        minimum_order_margin_portfolio_percentage: float = 0.0,
    ) -> GetMaximumOrderQuantityResult:
        used = self.get_initial_margin_requirement(security, security.holdings.quantity)
        signed = used + delta_buying_power
        tpv = portfolio.total_portfolio_value
        target = signed / tpv if tpv else 0.0
        return buying_power_call(
            self,
            "get_maximum_order_quantity_for_target_buying_power",
            portfolio,
            security,
            target,
            minimum_order_margin_portfolio_percentage,
        )

    def get_buying_power(self, portfolio: Any, security: Any, direction: OrderDirection) -> float:
        return self.get_margin_remaining(portfolio, security, direction)

    GetMaximumOrderQuantityForTargetBuyingPower = get_maximum_order_quantity_for_target_buying_power
    GetInitialMarginRequirement = get_initial_margin_requirement
    GetMaintenanceMargin = get_maintenance_margin


class SecurityMarginModel(BuyingPowerModel):
    def __init__(
        self, leverage: float = 2.0, required_free_buying_power_percent: float = 0.0
    ) -> None:
        super().__init__(leverage, required_free_buying_power_percent)


class CashBuyingPowerModel(BuyingPowerModel):
    """Cash accounts (forex/crypto): leverage 1, no shorting; buys limited by quote-currency cash,
    sells by base-currency holdings."""

    def __init__(self) -> None:
        super().__init__(1.0)

    def set_leverage(self, security: Any, leverage: float) -> None:
        if leverage != 1:
            raise ValueError(
                "CashBuyingPowerModel does not allow setting leverage. Cash accounts have no leverage."
            )

    SetLeverage = set_leverage

    @lean_parameters
    def get_maintenance_margin(self, security: Any) -> float:
        return 0.0

    @lean_parameters
    def has_sufficient_buying_power_for_order(
        self, portfolio: Any, security: Any, order: Order, quantity_filled: float = 0.0
    ) -> HasSufficientBuyingPowerForOrderResult:
        if order.quantity == 0:
            return HasSufficientBuyingPowerForOrderResult(True)
        book = portfolio.cash_book
        remaining = abs(order.quantity) - abs(quantity_filled)
        if order.direction == OrderDirection.SELL:
            if (
                security.type in (SecurityType.FOREX, SecurityType.CRYPTO)
                and security.base_currency
            ):
                available = book.amount(security.base_currency) - portfolio.open_order_reserved(
                    security, "base", order.id
                )
            else:
                available = security.holdings.quantity
            if available < remaining - 1e-12:
                return HasSufficientBuyingPowerForOrderResult(
                    False,
                    f"Your portfolio holds {_fmt(available)} {security.base_currency or security.symbol.value}, "
                    f"{_fmt(available)} {security.base_currency or security.symbol.value} of which are reserved for open "
                    f"orders, but your Sell order is for {_fmt(remaining)} {security.base_currency or security.symbol.value}. "
                    "Cash Modeling trading does not permit short holdings so ensure you only sell what you have, "
                    "including any additional open orders.",
                )
            return HasSufficientBuyingPowerForOrderResult(True)
        price = (
            order.limit_price
            if order.type in (OrderType.LIMIT, OrderType.STOP_LIMIT)
            else (security.ask_price or security.price)
        )
        if order.type == OrderType.STOP_MARKET:
            price = max(order.stop_price, security.ask_price or security.price)
        mult = security.symbol_properties.contract_multiplier
        cost = remaining * price * mult
        fee = compute_fee(security.fee_model, security, order).value
        if fee.currency == security.quote_currency:
            cost += fee.amount
        available = book.amount(security.quote_currency) - portfolio.open_order_reserved(
            security, "quote", order.id
        )
        if cost > available + 1e-9:
            return HasSufficientBuyingPowerForOrderResult(
                False,
                f"Your portfolio holds {_fmt(available)} {security.quote_currency}, "
                f"but your Buy order is for {_fmt(remaining)} {security.base_currency or security.symbol.value}. "
                f"Your order requires a total value of {_fmt(cost)} {security.quote_currency}, but only a total value "
                f"of {_fmt(available)} {security.quote_currency} is available.",
            )
        return HasSufficientBuyingPowerForOrderResult(True)

    HasSufficientBuyingPowerForOrder = has_sufficient_buying_power_for_order

    @lean_parameters
    def get_maximum_order_quantity_for_target_buying_power(
        self,
        portfolio: Any,
        security: Any,
        target_buying_power: float,
        minimum_order_margin_portfolio_percentage: float = 0.0,
    ) -> GetMaximumOrderQuantityResult:
        # LEAN CashBuyingPowerModel.GetMaximumOrderQuantityForTargetBuyingPower: the order value in
        # the account currency toward the target, then fewer units until value and fee fit it
        target_value = target_buying_power * portfolio.total_portfolio_value
        if target_value < 0:
            return GetMaximumOrderQuantityResult(
                0, "The cash model does not allow shorting.", False
            )
        book = portfolio.cash_book
        base = security.base_currency
        held = book.amount(base) if base else security.holdings.quantity
        if target_value == 0:
            return GetMaximumOrderQuantityResult(-held)
        if base:
            position = book.convert_to_account_currency(held, base)
        else:
            position = held * security.price * (getattr(security, "conversion_rate", 1.0) or 1.0)
        target_order_value = abs(target_value - position)
        buy = target_value > position
        unit_price = (security.ask_price if buy else security.bid_price) or security.price
        conv = getattr(security, "conversion_rate", 1.0) or 1.0
        unit_price *= conv * security.symbol_properties.contract_multiplier
        if not unit_price:
            return GetMaximumOrderQuantityResult(
                0, f"The price of the {security.symbol.value} security is zero.", True
            )
        lot = security.symbol_properties.lot_size
        quantity = _round_to_lot(target_order_value / unit_price, lot, "zero")
        if quantity == 0:
            return GetMaximumOrderQuantityResult(
                0,
                "The order quantity is less than the lot size of "
                f"{lot} and has been rounded to zero.",
                False,
            )
        fees = current_value = last = 0.0
        while True:
            if current_value > target_order_value:
                remove = (current_value - target_order_value) / (current_value / quantity)
                quantity -= max(remove, lot or 0.0)
            quantity = _round_to_lot(quantity, lot, "zero")
            if quantity <= 0:
                return GetMaximumOrderQuantityResult(
                    0,
                    "The order quantity is less than the lot size of "
                    f"{lot} and has been rounded to zero. Target order value {target_order_value}."
                    f" Order fees {fees}. Order quantity {quantity}.",
                )
            if quantity == last:
                raise ValueError(
                    "GetMaximumOrderQuantityForTargetBuyingPower failed to converge to target "
                    f"order value {target_order_value}. Current order value is {current_value}. "
                    f"Order quantity {quantity}. Lot size is {lot}. Order fees {fees}. "
                    f"Security symbol {security.symbol.value}"
                )
            last = quantity
            probe = Order(
                0, security.symbol, OrderType.MARKET, quantity, security.time_keeper.utc_time
            )
            fee = compute_fee(security.fee_model, security, probe).value
            fees = book.convert_to_account_currency(fee.amount, fee.currency)
            current_value = quantity * unit_price + fees
            if current_value <= target_order_value:
                break
        return GetMaximumOrderQuantityResult(quantity if buy else -quantity)

    GetMaximumOrderQuantityForTargetBuyingPower = get_maximum_order_quantity_for_target_buying_power
