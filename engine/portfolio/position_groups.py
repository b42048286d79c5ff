"""Position groups and option strategy margin (LEAN's Common/Securities/Positions/* and
Common/Securities/Option/OptionStrategyPositionGroupBuyingPowerModel.cs).

The portfolio's positions on an underlying and its options are grouped into option strategies
(``strategy_definitions.match_strategies``); a matched spread then reserves the spread's margin
rather than the margin of its naked legs. ``SecurityPositionGroupModel.NULL`` turns grouping off
(every security is margined by its own buying-power model), as LEAN's
NullSecurityPositionGroupModel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.execution.buying_power import HasSufficientBuyingPowerForOrderResult, buying_power_call
from engine.model.enums import OptionRight, SecurityType
from engine.portfolio.strategy_definitions import Contract, StrategyMatch, match_strategies

OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


class SecurityPositionGroupModel:
    """LEAN's SecurityPositionGroupModel: options and their underlying are grouped into option
    strategies. ``SecurityPositionGroupModel.NULL`` groups nothing."""

    groups_option_strategies = True

    def __repr__(self) -> str:
        return type(self).__name__


class NullSecurityPositionGroupModel(SecurityPositionGroupModel):
    groups_option_strategies = False


SecurityPositionGroupModel.NULL = SecurityPositionGroupModel.Null = NullSecurityPositionGroupModel()  # type: ignore[attr-defined]


@dataclass
class PositionGroup:
    """One option strategy held: its name, the number of strategy units and each position
    (symbol -> quantity; the underlying's in shares)."""

    name: str
    quantity: int
    positions: dict[Any, float] = field(default_factory=dict)
    match: StrategyMatch | None = None

    Name = property(lambda self: self.name)
    Quantity = property(lambda self: self.quantity)


def _is_option(symbol: Any) -> bool:
    return getattr(symbol, "security_type", None) in OPTION_TYPES


def _contract(symbol: Any) -> Contract:
    sid = symbol.id
    return Contract(symbol, sid.option_right, float(sid.strike_price), sid.date)


def _underlying_key(symbol: Any) -> Any:
    return symbol.underlying if _is_option(symbol) else symbol


def groups_for_positions(positions: dict[Any, float], securities: Any) -> list[PositionGroup]:
    """The option strategies in ``positions`` (symbol -> quantity), per underlying, as LEAN's
    OptionStrategyPositionGroupResolver; positions outside every strategy are left out."""
    by_underlying: dict[Any, dict[Any, float]] = {}
    for symbol, quantity in positions.items():
        if quantity and (_is_option(symbol) or symbol in _underlyings(positions)):
            by_underlying.setdefault(_underlying_key(symbol), {})[symbol] = quantity
    groups = []
    for underlying, held in by_underlying.items():
        options = {s: q for s, q in held.items() if _is_option(s)}
        if not options:
            continue
        first = securities.get(next(iter(options)))
        unit = float(getattr(first, "contract_unit_of_trade", 100) or 100)
        shares = held.get(underlying, 0.0)
        lots = int(shares / unit)
        matches = match_strategies(options, {s: _contract(s) for s in options}, lots)
        for found in matches:
            group_positions = dict(found.option_positions())
            if found.underlying_lots():
                group_positions[underlying] = found.underlying_lots() * unit
            groups.append(PositionGroup(found.definition.name, found.units, group_positions, found))
    return groups


def _underlyings(positions: dict[Any, float]) -> set[Any]:
    return {s.underlying for s in positions if _is_option(s)}


# -------------------------------------------------------------------------------- margins
def _option_margin(security: Any, quantity: float) -> float:
    """A single option position's margin at the current price (LEAN's
    ``ForQuantityAtCurrentPrice``): zero for a long position."""
    if quantity >= 0:
        return 0.0
    return abs(
        buying_power_call(
            security.buying_power_model, "get_initial_margin_requirement", security, quantity
        )
    )


def _security_initial_margin(security: Any, quantity: float) -> float:
    return abs(
        buying_power_call(
            security.buying_power_model, "get_initial_margin_requirement", security, quantity
        )
    )


def _value(security: Any, quantity: float, price: float | None = None) -> float:
    return security.holdings.get_quantity_value(quantity, price).in_account_currency


def _split(
    group: PositionGroup, securities: Any
) -> tuple[list[tuple[Any, float]], tuple[Any, float] | None]:
    options, underlying = [], None
    for symbol, quantity in group.positions.items():
        if _is_option(symbol):
            options.append((securities[symbol], quantity))
        else:
            underlying = (securities[symbol], quantity)
    return options, underlying


def _by(options: list[tuple[Any, float]], right: Any = None, sign: int = 0) -> tuple[Any, float]:
    for security, quantity in options:
        if (right is None or security.right == right) and (
            sign == 0 or (quantity > 0) == (sign > 0)
        ):
            return security, quantity
    raise ValueError("the position group has no such leg")


def _long_short_strike_difference(
    options: list[tuple[Any, float]], right: Any, units: int
) -> float:
    long, _ = _by(options, right, 1)
    short, _ = _by(options, right, -1)
    difference = (
        long.strike_price - short.strike_price
        if right == OptionRight.CALL
        else short.strike_price - long.strike_price
    )
    return max(difference * long.contract_unit_of_trade * abs(units), 0.0)


def _short_straddle_margin(options: list[tuple[Any, float]], margin: Any) -> float:
    call, call_quantity = _by(options, OptionRight.CALL)
    put, put_quantity = _by(options, OptionRight.PUT)
    call_margin, put_margin = margin(call, call_quantity), margin(put, put_quantity)
    if put_margin > call_margin:
        return put_margin + call.price * call.contract_unit_of_trade * abs(call_quantity)
    return call_margin + put.price * put.contract_unit_of_trade * abs(put_quantity)


def _ladder_margin(
    group: PositionGroup, options: list[tuple[Any, float]], right: Any, spread_first: bool
) -> float:
    ordered = sorted(options, key=lambda p: p[0].strike_price, reverse=right == OptionRight.PUT)
    if spread_first:
        return _long_short_strike_difference(ordered[:2], right, group.quantity)
    naked, quantity = ordered[-1]
    return _security_initial_margin(naked, quantity)


def maintenance_margin(group: PositionGroup, securities: Any) -> float:
    """LEAN's OptionStrategyPositionGroupBuyingPowerModel.GetMaintenanceMargin."""
    name, units = group.name, group.quantity
    if units == 0:
        return 0.0
    options, underlying = _split(group, securities)
    if name in ("Protective Put", "Protective Call"):
        option, quantity = options[0]
        stock, shares = underlying
        size = option.contract_unit_of_trade * abs(quantity)
        otm = option.out_of_the_money_amount(stock.price) * size
        stock_margin = _security_initial_margin(stock, shares)
        return min(0.1 * option.strike_price * size + otm, stock_margin)
    if name == "Covered Call":
        option, quantity = options[0]
        stock, shares = underlying
        itm = (
            option.get_intrinsic_value(stock.price) * option.contract_unit_of_trade * abs(quantity)
        )
        stock_value = _value(stock, shares)
        option_value = _value(option, quantity)
        hypothetical = _value(stock, shares, min(stock.price, option.scaled_strike_price))
        leverage = stock.buying_power_model.get_leverage(stock)
        second = min(stock_value, max(option_value, abs(stock_value) / leverage))
        return max(itm + abs(hypothetical) / leverage, second)
    if name == "Covered Put":
        option, quantity = options[0]
        stock, shares = underlying
        itm = (
            option.get_intrinsic_value(stock.price) * option.contract_unit_of_trade * abs(quantity)
        )
        return _security_initial_margin(stock, shares) + itm
    if name == "Protective Collar":
        put, put_quantity = _by(options, OptionRight.PUT)
        call, _ = _by(options, OptionRight.CALL)
        stock, _ = underlying
        put_requirement = 0.1 * put.strike_price + put.out_of_the_money_amount(stock.price)
        call_requirement = 0.25 * call.strike_price
        return (
            min(put_requirement, call_requirement) * abs(put_quantity) * put.contract_unit_of_trade
        )
    if name in ("Conversion", "Reverse Conversion"):
        right = OptionRight.CALL if name == "Conversion" else OptionRight.PUT
        option, quantity = _by(options, right)
        stock, _ = underlying
        requirement = 0.1 * option.strike_price + option.get_intrinsic_value(stock.price)
        return requirement * abs(quantity) * option.contract_unit_of_trade
    if name in ("Naked Call", "Naked Put"):
        option, quantity = options[0]
        if quantity == option.holdings.quantity:
            # the whole holding: the option's own reserved margin, as its buying-power model has it
            return buying_power_call(
                option.buying_power_model, "get_reserved_buying_power_for_position", option
            )
        return _option_margin(option, quantity)
    if name in ("Bear Call Spread", "Bull Call Spread"):
        return _long_short_strike_difference(options, OptionRight.CALL, units)
    if name in ("Bear Put Spread", "Bull Put Spread"):
        return _long_short_strike_difference(options, OptionRight.PUT, units)
    if name in ("Call Calendar Spread", "Put Calendar Spread", "Straddle", "Strangle"):
        return 0.0
    if name in ("Butterfly Call", "Butterfly Put", "Box Spread"):
        return 0.0
    if name in ("Short Call Calendar Spread", "Short Put Calendar Spread"):
        option, quantity = _by(options, sign=-1)
        return _option_margin(option, quantity)
    if name in ("Short Straddle", "Short Strangle"):
        return _short_straddle_margin(options, _option_margin)
    if name in ("Short Butterfly Call", "Short Butterfly Put"):
        ordered = sorted(options, key=lambda p: p[0].strike_price)
        low, middle = ordered[0][0], ordered[1][0]
        return max(
            (middle.strike_price - low.strike_price) * low.contract_unit_of_trade * abs(units), 0.0
        )
    if name in ("Iron Condor", "Iron Butterfly", "Short Iron Condor", "Short Iron Butterfly"):
        return _long_short_strike_difference(options, OptionRight.PUT, units)
    if name == "Short Box Spread":
        long_call, quantity = _by(options, OptionRight.CALL, 1)
        short_call, _ = _by(options, OptionRight.CALL, -1)
        long_put, _ = _by(options, OptionRight.PUT, 1)
        short_put, _ = _by(options, OptionRight.PUT, -1)
        commissions = max(abs(quantity) * 0.65, 1.0) * 4.0
        costs = (
            short_call.ask_price - long_call.bid_price + short_put.ask_price - long_put.bid_price
        )
        multiplier = abs(quantity) * long_call.contract_unit_of_trade
        strike_difference = long_call.strike_price - short_call.strike_price
        return max(1.02 * (commissions + costs * multiplier), strike_difference * multiplier)
    if name in ("Jelly Roll", "Short Jelly Roll"):
        furthest = max(option.expiry for option, _ in options)
        option, quantity = next((o, q) for o, q in options if q < 0 and o.expiry == furthest)
        return _option_margin(option, quantity)
    if name in ("Bear Call Ladder", "Bull Call Ladder"):
        spread_first = (units >= 0) == (name == "Bear Call Ladder")
        return _ladder_margin(group, options, OptionRight.CALL, spread_first)
    if name in ("Bear Put Ladder", "Bull Put Ladder"):
        spread_first = (units >= 0) == (name == "Bull Put Ladder")
        return _ladder_margin(group, options, OptionRight.PUT, spread_first)
    raise NotImplementedError(f"Option strategy {name} margin modeling has yet to be implemented")


def initial_margin(group: PositionGroup, securities: Any) -> float:
    """LEAN's GetInitialMarginRequirement without the premium (``ValueWithoutPremium``)."""
    name = group.name
    if group.quantity == 0:
        return 0.0
    options, underlying = _split(group, securities)
    if name in ("Protective Put", "Protective Call"):
        stock, shares = underlying
        return _security_initial_margin(stock, shares)
    if name == "Covered Call":
        option, quantity = options[0]
        stock, shares = underlying
        # LEAN: inferred from Interactive Brokers' requirements (CoveredCallInitialMarginRequirementsTestCases)
        return abs(_value(option, quantity)) * 0.8 + buying_power_call(
            stock.buying_power_model, "get_initial_margin_requirement", stock, shares
        )
    if name in ("Protective Collar", "Conversion", "Reverse Conversion"):
        right = OptionRight.PUT if name == "Reverse Conversion" else OptionRight.CALL
        option, quantity = _by(options, right)
        stock, shares = underlying
        itm = (
            option.get_intrinsic_value(stock.price) * option.contract_unit_of_trade * abs(quantity)
        )
        return _security_initial_margin(stock, shares) + itm
    if name in ("Naked Call", "Naked Put"):
        option, quantity = options[0]
        return _option_margin(option, quantity)
    if name in ("Short Call Calendar Spread", "Short Put Calendar Spread"):
        option, quantity = _by(options, sign=-1)
        return _option_margin(option, quantity)
    if name in ("Short Straddle", "Short Strangle"):
        return _short_straddle_margin(options, _option_margin)
    return maintenance_margin(group, securities)


def premium(group: PositionGroup, securities: Any) -> float:
    """The value of the group's option positions (positive when the strategy is paid for)."""
    return sum(
        _value(securities[symbol], quantity)
        for symbol, quantity in group.positions.items()
        if _is_option(symbol)
    )


# -------------------------------------------------------------------------------- portfolio
def holdings_positions(securities: Any) -> dict[Any, float]:
    return {
        security.symbol: security.holdings.quantity
        for security in securities.iter_values()
        if security.holdings.quantity
    }


def grouped_margin_used(portfolio: Any) -> tuple[float, set[Any]]:
    """The maintenance margin of the portfolio's option strategies and the symbols they hold
    in full (the others keep their own buying-power model's reserved margin)."""
    model = getattr(portfolio, "positions", None)
    if model is None or not model.groups_option_strategies:
        return 0.0, set()
    positions = holdings_positions(portfolio.securities)
    if not any(_is_option(symbol) for symbol in positions):
        return 0.0, set()
    total, covered = 0.0, set()
    groups = groups_for_positions(positions, portfolio.securities)
    grouped: dict[Any, float] = {}
    for group in groups:
        for symbol, quantity in group.positions.items():
            grouped[symbol] = grouped.get(symbol, 0.0) + quantity
    for symbol, quantity in grouped.items():
        if quantity == positions.get(symbol):
            covered.add(symbol)
    for group in groups:
        if all(symbol in covered for symbol in group.positions):
            total += maintenance_margin(group, portfolio.securities)
        else:
            covered.difference_update(group.positions)
    return total, covered


def combo_has_sufficient_buying_power(
    portfolio: Any, orders: Iterable[Any], remaining: dict[int, float]
) -> HasSufficientBuyingPowerForOrderResult | None:
    """LEAN's PositionGroupBuyingPowerModel.HasSufficientBuyingPowerForOrder for a combo order
    on options: the change in margin of the strategies the combo forms with the positions held
    on the same underlyings must fit in the margin remaining. None when the combo forms no
    option strategy (each leg is then checked by its own security's model)."""
    model = getattr(portfolio, "positions", None)
    orders = list(orders)
    if model is None or not model.groups_option_strategies:
        return None
    if not any(_is_option(order.symbol) for order in orders):
        return None
    securities = portfolio.securities
    order_positions: dict[Any, float] = {}
    for order in orders:
        order_positions[order.symbol] = order_positions.get(order.symbol, 0.0) + remaining[order.id]
    order_groups = groups_for_positions(order_positions, securities)
    if len(order_groups) != 1:
        return None
    touched = {_underlying_key(symbol) for symbol in order_positions}
    held = {
        symbol: quantity
        for symbol, quantity in holdings_positions(securities).items()
        if _underlying_key(symbol) in touched
    }
    current_groups = groups_for_positions(held, securities)
    current = sum(maintenance_margin(group, securities) for group in current_groups)
    in_groups = {symbol for group in current_groups for symbol in group.positions}
    for symbol in held:
        if symbol not in in_groups:
            security = securities[symbol]
            current += buying_power_call(
                security.buying_power_model, "get_reserved_buying_power_for_position", security
            )
    contemplated_positions = dict(held)
    for symbol, quantity in order_positions.items():
        contemplated_positions[symbol] = contemplated_positions.get(symbol, 0.0) + quantity
    contemplated_groups = groups_for_positions(contemplated_positions, securities)
    contemplated = sum(initial_margin(group, securities) for group in contemplated_groups)
    in_contemplated = {symbol for group in contemplated_groups for symbol in group.positions}
    for symbol, quantity in contemplated_positions.items():
        if quantity and symbol not in in_contemplated:
            contemplated += _security_initial_margin(securities[symbol], quantity)
    contemplated += sum(max(premium(group, securities), 0.0) for group in order_groups)
    delta = contemplated - current
    if delta < 0:
        return HasSufficientBuyingPowerForOrderResult(True)
    available = portfolio.margin_remaining
    if delta <= available:
        return HasSufficientBuyingPowerForOrderResult(True)
    ids = ",".join(str(order.id) for order in orders)
    return HasSufficientBuyingPowerForOrderResult(
        False, f"Id: {ids}, Maintenance Margin Delta: {delta:g}, Free Margin: {available:g}"
    )
