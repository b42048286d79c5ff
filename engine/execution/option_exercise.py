"""Option exercise and assignment, as LEAN's Common/Securities/Option/Option.cs (intrinsic value,
exercise quantity), Common/Orders/OptionExercise/DefaultExerciseModel.cs (the order events of an
exercise) and Common/Securities/Option/DefaultOptionAssignmentModel.cs (early assignment of short
American contracts close to expiry).

The functions take plain numbers so the runner, the margin model and user models share them; the
models take the option security (``symbol``, ``right``, ``strike_price``, ``underlying``,
``holdings``, ``contract_unit_of_trade``, ``exercise_settlement``, ``local_time``, ``exchange``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from engine.model.enums import OrderDirection, OrderStatus

#: LEAN's Option.IsAutoExercised: a contract is exercised at expiry when in the money by a cent
AUTO_EXERCISE_THRESHOLD = 0.01


def is_call(right: Any) -> bool:
    """A right given as LEAN's OptionRight (CALL = 0, PUT = 1) or its name."""
    name = getattr(right, "name", right)
    if isinstance(name, str):
        return name.upper() == "CALL"
    return int(right) == 0


def intrinsic_value(underlying_price: float, strike: float, right: Any) -> float:
    """What exercising one unit would be worth now, never negative (OptionPayoff)."""
    return max(0.0, payoff(underlying_price, strike, right))


def payoff(underlying_price: float, strike: float, right: Any) -> float:
    return underlying_price - strike if is_call(right) else strike - underlying_price


def out_of_the_money_amount(underlying_price: float, strike: float, right: Any) -> float:
    return max(0.0, strike - underlying_price if is_call(right) else underlying_price - strike)


def is_auto_exercised(underlying_price: float, strike: float, right: Any) -> bool:
    return intrinsic_value(underlying_price, strike, right) >= AUTO_EXERCISE_THRESHOLD


def exercise_quantity(order_quantity: float, right: Any, unit_of_trade: float) -> float:
    """The underlying quantity an exercise order of ``order_quantity`` contracts delivers: an
    order negates the holdings, so a long call's exercise (negative order) buys the underlying
    and a long put's sells it."""
    sign = -1 if is_call(right) else 1
    return sign * order_quantity * unit_of_trade


def order_direction(quantity: float) -> OrderDirection:
    if quantity > 0:
        return OrderDirection.BUY
    if quantity < 0:
        return OrderDirection.SELL
    return OrderDirection.HOLD


def _utc_time(option: Any) -> Any:
    """The security's local time in UTC (LEAN's ``LocalTime.ConvertToUtc(Exchange.TimeZone)``)."""
    from datetime import UTC

    from engine.model.security import as_tz

    zone = as_tz(option.exchange.time_zone)
    return option.local_time.replace(tzinfo=zone).astimezone(UTC)


def _price_text(value: float) -> str:
    """A price as LEAN's decimal ToStringInvariant writes it (no trailing zeros)."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text or "0"


class DefaultExerciseModel:
    """LEAN's DefaultExerciseModel: the exercise fills the contracts at 0 with no fee and, in the
    money with physical delivery, delivers the underlying at the strike."""

    def option_exercise(self, option: Any, order: Any) -> list[Any]:
        from engine.model.orders import OrderEvent

        underlying = option.underlying
        utc = _utc_time(option)
        right = option.right
        strike = float(option.strike_price)
        in_the_money = is_auto_exercised(float(underlying.close), strike, right)
        is_assignment = in_the_money and option.holdings.quantity < 0
        action = "Assigned" if is_assignment else "Automatic Exercise"
        tag = action if in_the_money else "OTM"
        events = [
            OrderEvent(
                order.id,
                order.id,
                option.symbol,
                utc,
                OrderStatus.FILLED,
                order_direction(order.quantity),
                0.0,
                fill_quantity=float(order.quantity),
                message=f"{tag}. Underlying: {_price_text(float(underlying.price))}",
                is_assignment=is_assignment,
                is_in_the_money=in_the_money,
            )
        ]
        if in_the_money and getattr(option, "exercise_settlement", "physical") == "physical":
            quantity = exercise_quantity(order.quantity, right, option.contract_unit_of_trade)
            events.append(
                OrderEvent(
                    order.id,
                    order.id,
                    underlying.symbol,
                    utc,
                    OrderStatus.FILLED,
                    order_direction(quantity),
                    strike,
                    fill_quantity=quantity,
                    message="Option Assignment" if is_assignment else "Option Exercise",
                    is_in_the_money=True,
                )
            )
        return events

    OptionExercise = option_exercise


@dataclass(slots=True)
class OptionAssignmentResult:
    """LEAN's OptionAssignmentResult: how many contracts to assign, and why."""

    quantity: float
    tag: str = ""

    Quantity = property(lambda self: self.quantity)
    Tag = property(lambda self: self.tag)


def no_assignment() -> OptionAssignmentResult:
    """LEAN's OptionAssignmentResult.Null (a fresh one: a user's model may set its tag)."""
    return OptionAssignmentResult(0.0, "")


OptionAssignmentResult.NULL = no_assignment()  # type: ignore[attr-defined]
OptionAssignmentResult.Null = OptionAssignmentResult.NULL  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class OptionAssignmentParameters:
    option: Any

    Option = property(lambda self: self.option)


class DefaultOptionAssignmentModel:
    """LEAN's DefaultOptionAssignmentModel: a short American contract within ``prior_expiration``
    of its expiry (4 days by default) is assigned in full when in the money by more than
    ``required_in_the_money_percent`` of the strike (5 % by default) and its intrinsic value is
    at least its price (no time value left for the holder)."""

    def __init__(
        self,
        required_in_the_money_percent: float = 0.05,
        prior_expiration: timedelta | None = None,
    ) -> None:
        self._percent = float(required_in_the_money_percent)
        self._prior = prior_expiration if prior_expiration is not None else timedelta(days=4)

    def get_assignment(self, parameters: Any) -> OptionAssignmentResult:
        option = parameters.option
        expiry = option.symbol.id.date
        local = option.local_time
        soon = (
            expiry - local <= self._prior if is_american(option) else expiry.date() == local.date()
        )
        if soon and self._deep_in_the_money(option) and _arbitrage_pnl(option) > 0:
            return OptionAssignmentResult(
                abs(option.holdings.quantity), "Simulated option assignment before expiration"
            )
        return no_assignment()

    def _deep_in_the_money(self, option: Any) -> bool:
        price = float(option.underlying.close)
        if price == 0:
            return False
        strike = float(option.strike_price)
        gap = price - strike if is_call(option.right) else strike - price
        return gap / price > self._percent

    GetAssignment = get_assignment


def _fee(security: Any, order_type: Any, quantity: float) -> float:
    """The fee (account currency) the security's fee model charges an order of ``quantity``."""
    from engine.execution.fees import compute_fee
    from engine.model.orders import Order

    order = Order(0, security.symbol, order_type, quantity, _utc_time(security))
    rate = float(getattr(security, "conversion_rate", 1.0) or 1.0)
    return float(compute_fee(security.fee_model, security, order).value.amount) * rate


def _arbitrage_pnl(option: Any) -> float:
    """LEAN's EstimateArbitragePnL: what the holder on the other side gains by exercising and
    closing the underlying rather than selling the contract at its bid."""
    from engine.model.enums import OrderType

    holding = option.holdings
    quantity = float(holding.quantity)
    underlying = option.underlying
    rate = float(getattr(option, "conversion_rate", 1.0) or 1.0)
    multiplier = float(option.symbol_properties.contract_multiplier)
    underlying_price = float(
        underlying.bid_price if is_call(option.right) else underlying.ask_price
    )
    unit = float(option.contract_unit_of_trade)
    # LEAN scales the delivered quantity (already in shares) by the unit of trade once more in
    # this estimate; kept, as it decides when assignment happens
    delivered = exercise_quantity(quantity, option.right, unit)
    base = (float(option.bid_price) - float(holding.average_price)) * -quantity * rate * multiplier
    base -= _fee(option, OrderType.MARKET, -quantity)
    alternative_fees = _fee(option, OrderType.OPTION_EXERCISE, abs(quantity))
    if getattr(option, "exercise_settlement", "physical") == "physical":
        alternative_fees += _fee(underlying, OrderType.MARKET, -delivered)
    alternative = (
        (underlying_price - float(option.strike_price)) * delivered * rate * unit
        - float(holding.average_price) * abs(quantity) * multiplier * rate
        - alternative_fees
    )
    return alternative - base


class NullOptionAssignmentModel:
    """LEAN's NullOptionAssignmentModel: never assigns early."""

    def get_assignment(self, parameters: Any) -> OptionAssignmentResult:
        return no_assignment()

    GetAssignment = get_assignment


def is_american(option: Any) -> bool:
    style = getattr(option, "style", None)
    if style is None:
        style = option.symbol.id.option_style
    name = getattr(style, "name", style)
    return (name.upper() == "AMERICAN") if isinstance(name, str) else int(style) == 0


# -- margin (Common/Securities/Option/OptionMarginModel.cs) ------------------------------------------
OPTION_MARGIN_REQUIREMENT = 1.0
NAKED_POSITION_MARGIN_REQUIREMENT = 0.1
EQUITY_OPTION_NAKED_OTM_REQUIREMENT = 0.2
INDEX_OPTION_NAKED_OTM_REQUIREMENT = 0.15


def option_margin_requirement(
    *,
    value: float,
    quantity: float,
    option_close: float,
    strike: float,
    right: Any,
    underlying_close: float,
    underlying_multiplier: float = 1.0,
    contract_multiplier: float = 100.0,
    unit_of_trade: float = 100.0,
    strike_multiplier: float = 1.0,
    index_option: bool = False,
) -> float:
    """The margin ratio of a position or order worth ``value`` (negative: short). A long pays its
    premium (ratio 1); a short naked position needs the premium plus the larger of 10 % of the
    underlying's value (calls) or of the strike value (puts) and 20 % (15 % for index options) of
    the underlying's value less the out-of-the-money amount."""
    if value == 0 or option_close == 0 or strike == 0 or underlying_close == 0:
        return 0.0
    if value > 0:
        return OPTION_MARGIN_REQUIREMENT
    per_unit = -value / unit_of_trade
    multiplier_ratio = underlying_multiplier / contract_multiplier
    underlying_ratio = (
        multiplier_ratio * unit_of_trade * (underlying_close / strike_multiplier) / per_unit
    )
    otm = out_of_the_money_amount(underlying_close, strike, right)
    otm_ratio = multiplier_ratio * unit_of_trade * otm / per_unit
    strike_ratio = multiplier_ratio * unit_of_trade * strike / per_unit
    naked = NAKED_POSITION_MARGIN_REQUIREMENT * (
        underlying_ratio if is_call(right) else strike_ratio
    )
    naked_otm = (
        INDEX_OPTION_NAKED_OTM_REQUIREMENT if index_option else EQUITY_OPTION_NAKED_OTM_REQUIREMENT
    )
    return OPTION_MARGIN_REQUIREMENT + abs(quantity) * max(
        naked, naked_otm * underlying_ratio - otm_ratio
    )
