"""LEAN's option strategy definitions (Common/Securities/Option/StrategyMatcher/
OptionStrategyDefinitions.cs): each strategy's underlying lots and option legs, a leg's right,
quantity per unit of the strategy and its predicates on the legs matched before it (strike and
expiration relations), and the greedy matcher that decomposes one underlying's positions into
strategies, largest definitions first (LEAN's DescendingByLegCountOptionStrategyDefinitionEnumerator)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.model.enums import OptionRight


@dataclass(frozen=True)
class Contract:
    """An option position's contract terms, as the predicates compare them."""

    symbol: Any
    right: Any
    strike: float
    expiration: datetime


Predicate = Callable[[list[Contract], Contract], bool]


@dataclass(frozen=True)
class LegDefinition:
    right: Any
    quantity: int
    predicates: tuple[Predicate, ...] = ()


@dataclass(frozen=True)
class StrategyDefinition:
    name: str
    underlying_lots: int
    legs: tuple[LegDefinition, ...]

    @property
    def leg_count(self) -> int:
        return len(self.legs) + (1 if self.underlying_lots else 0)

    def inverted(self) -> StrategyDefinition:
        legs = tuple(LegDefinition(leg.right, -leg.quantity, leg.predicates) for leg in self.legs)
        return StrategyDefinition(self.name, -self.underlying_lots, legs)


@dataclass
class StrategyMatch:
    """One matched strategy: its definition, how many units, and the contract of each leg."""

    definition: StrategyDefinition
    units: int
    contracts: list[Contract]

    def option_positions(self) -> list[tuple[Any, float]]:
        return [
            (c.symbol, leg.quantity * self.units)
            for leg, c in zip(self.definition.legs, self.contracts, strict=True)
        ]

    def underlying_lots(self) -> int:
        return self.definition.underlying_lots * self.units


CALL, PUT = OptionRight.CALL, OptionRight.PUT


def _expiry_of(i: int) -> Predicate:
    return lambda legs, c: c.expiration == legs[i].expiration


def _strike_above(i: int) -> Predicate:
    return lambda legs, c: c.strike > legs[i].strike


def _strike_below(i: int) -> Predicate:
    return lambda legs, c: c.strike < legs[i].strike


def _strike_at(i: int) -> Predicate:
    return lambda legs, c: c.strike == legs[i].strike


def _strike_at_or_above(i: int) -> Predicate:
    return lambda legs, c: c.strike >= legs[i].strike


def _later_expiry(legs: list[Contract], c: Contract) -> bool:
    return c.expiration > legs[0].expiration


def _equidistant(legs: list[Contract], c: Contract) -> bool:
    return c.strike - legs[1].strike == legs[1].strike - legs[0].strike


def _iron_butterfly_wing(legs: list[Contract], c: Contract) -> bool:
    return c.strike == legs[0].strike * 2 - legs[1].strike


def _leg(right: Any, quantity: int, *predicates: Predicate) -> LegDefinition:
    return LegDefinition(right, quantity, predicates)


def _define(name: str, lots: int, *legs: LegDefinition) -> StrategyDefinition:
    return StrategyDefinition(name, lots, legs)


def _butterfly(name: str, right: Any, sign: int) -> StrategyDefinition:
    return _define(
        name,
        0,
        _leg(right, sign),
        _leg(right, -2 * sign, _strike_at_or_above(0), _expiry_of(0)),
        _leg(right, sign, _strike_at_or_above(1), _expiry_of(0), _equidistant),
    )


def _iron(name: str, sign: int, condor: bool) -> StrategyDefinition:
    if condor:
        return _define(
            name,
            0,
            _leg(PUT, sign),
            _leg(PUT, -sign, _strike_above(0), _expiry_of(0)),
            _leg(CALL, -sign, _strike_above(1), _expiry_of(0)),
            _leg(CALL, sign, _strike_above(2), _expiry_of(0)),
        )
    return _define(
        name,
        0,
        _leg(PUT, -sign),
        _leg(PUT, sign, _strike_below(0), _expiry_of(0)),
        _leg(CALL, -sign, _strike_at(0), _expiry_of(0)),
        _leg(CALL, sign, _iron_butterfly_wing, _expiry_of(0)),
    )


def _box(name: str, sign: int) -> StrategyDefinition:
    return _define(
        name,
        0,
        _leg(PUT, sign),
        _leg(PUT, -sign, _strike_below(0), _expiry_of(0)),
        _leg(CALL, sign, _strike_at(1), _expiry_of(0)),
        _leg(CALL, -sign, _strike_at(0), _expiry_of(0)),
    )


def _jelly_roll(name: str, sign: int) -> StrategyDefinition:
    return _define(
        name,
        0,
        _leg(CALL, -sign),
        _leg(CALL, sign, _strike_at(0), _later_expiry),
        _leg(PUT, sign, _strike_at(0), _expiry_of(0)),
        _leg(PUT, -sign, _strike_at(0), _expiry_of(1)),
    )


#: LEAN's definitions in its declaration order
DEFINITIONS: tuple[StrategyDefinition, ...] = (
    _define("Covered Call", 1, _leg(CALL, -1)),
    _define("Protective Call", -1, _leg(CALL, 1)),
    _define("Covered Put", -1, _leg(PUT, -1)),
    _define("Protective Put", 1, _leg(PUT, 1)),
    _define("Protective Collar", 1, _leg(CALL, -1), _leg(PUT, 1, _strike_below(0), _expiry_of(0))),
    _define("Conversion", 1, _leg(CALL, -1), _leg(PUT, 1, _strike_at(0), _expiry_of(0))),
    _define("Reverse Conversion", -1, _leg(CALL, 1), _leg(PUT, -1, _strike_at(0), _expiry_of(0))),
    _define("Naked Call", 0, _leg(CALL, -1)),
    _define("Naked Put", 0, _leg(PUT, -1)),
    _define("Bear Call Spread", 0, _leg(CALL, -1), _leg(CALL, 1, _strike_above(0), _expiry_of(0))),
    _define("Bear Put Spread", 0, _leg(PUT, 1), _leg(PUT, -1, _strike_below(0), _expiry_of(0))),
    _define("Bull Call Spread", 0, _leg(CALL, 1), _leg(CALL, -1, _strike_above(0), _expiry_of(0))),
    _define("Bull Put Spread", 0, _leg(PUT, -1), _leg(PUT, 1, _strike_below(0), _expiry_of(0))),
    _define("Straddle", 0, _leg(CALL, 1), _leg(PUT, 1, _strike_at(0), _expiry_of(0))),
    _define("Short Straddle", 0, _leg(CALL, -1), _leg(PUT, -1, _strike_at(0), _expiry_of(0))),
    _define("Strangle", 0, _leg(CALL, 1), _leg(PUT, 1, _strike_below(0), _expiry_of(0))),
    _define("Short Strangle", 0, _leg(CALL, -1), _leg(PUT, -1, _strike_below(0), _expiry_of(0))),
    _butterfly("Butterfly Call", CALL, 1),
    _butterfly("Short Butterfly Call", CALL, -1),
    _butterfly("Butterfly Put", PUT, 1),
    _butterfly("Short Butterfly Put", PUT, -1),
    _define("Call Calendar Spread", 0, _leg(CALL, -1), _leg(CALL, 1, _strike_at(0), _later_expiry)),
    _define(
        "Short Call Calendar Spread", 0, _leg(CALL, 1), _leg(CALL, -1, _strike_at(0), _later_expiry)
    ),
    _define("Put Calendar Spread", 0, _leg(PUT, -1), _leg(PUT, 1, _strike_at(0), _later_expiry)),
    _define(
        "Short Put Calendar Spread", 0, _leg(PUT, 1), _leg(PUT, -1, _strike_at(0), _later_expiry)
    ),
    _iron("Iron Butterfly", 1, condor=False),
    _iron("Short Iron Butterfly", -1, condor=False),
    _iron("Iron Condor", 1, condor=True),
    _iron("Short Iron Condor", -1, condor=True),
    _box("Box Spread", 1),
    _box("Short Box Spread", -1),
    _jelly_roll("Jelly Roll", 1),
    _jelly_roll("Short Jelly Roll", -1),
    _define(
        "Bear Call Ladder",
        0,
        _leg(CALL, -1),
        _leg(CALL, 1, _strike_above(0), _expiry_of(0)),
        _leg(CALL, 1, _strike_above(1), _expiry_of(0)),
    ),
    _define(
        "Bear Put Ladder",
        0,
        _leg(PUT, 1),
        _leg(PUT, -1, _strike_below(0), _expiry_of(0)),
        _leg(PUT, -1, _strike_below(1), _expiry_of(0)),
    ),
    _define(
        "Bull Call Ladder",
        0,
        _leg(CALL, 1),
        _leg(CALL, -1, _strike_above(0), _expiry_of(0)),
        _leg(CALL, -1, _strike_above(1), _expiry_of(0)),
    ),
    _define(
        "Bull Put Ladder",
        0,
        _leg(PUT, -1),
        _leg(PUT, 1, _strike_below(0), _expiry_of(0)),
        _leg(PUT, 1, _strike_below(1), _expiry_of(0)),
    ),
    _define("Call Backspread", 0, _leg(CALL, -1), _leg(CALL, 2, _strike_above(0), _expiry_of(0))),
    _define("Put Backspread", 0, _leg(PUT, -1), _leg(PUT, 2, _strike_below(0), _expiry_of(0))),
    _define(
        "Short Call Backspread", 0, _leg(CALL, 1), _leg(CALL, -2, _strike_above(0), _expiry_of(0))
    ),
    _define(
        "Short Put Backspread", 0, _leg(PUT, 1), _leg(PUT, -2, _strike_below(0), _expiry_of(0))
    ),
)

#: strategies whose inversion is no other named definition; LEAN's AllDefinitions adds their
#: inverted form under the same name (a long call matches "Naked Call" with a positive quantity)
_WITHOUT_NAMED_INVERSE = {"Protective Collar", "Naked Call", "Naked Put"}


def _all_definitions() -> list[StrategyDefinition]:
    result = []
    for definition in DEFINITIONS:
        result.append(definition)
        if definition.name in _WITHOUT_NAMED_INVERSE:
            result.append(definition.inverted())
    # a stable sort: equal leg counts keep the declaration order
    return sorted(result, key=lambda d: -d.leg_count)


MATCH_ORDER: tuple[StrategyDefinition, ...] = tuple(_all_definitions())


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _find(
    definition: StrategyDefinition,
    remaining: dict[Any, float],
    contracts: list[Contract],
    lots: int,
) -> StrategyMatch | None:
    if definition.underlying_lots:
        if _sign(lots) != _sign(definition.underlying_lots):
            return None
        if abs(lots) < abs(definition.underlying_lots):
            return None

    def extend(chosen: list[Contract]) -> list[Contract] | None:
        if len(chosen) == len(definition.legs):
            return chosen
        leg = definition.legs[len(chosen)]
        for contract in contracts:
            quantity = remaining.get(contract.symbol, 0.0)
            if contract in chosen or contract.right != leg.right:
                continue
            if _sign(quantity) != _sign(leg.quantity) or abs(quantity) < abs(leg.quantity):
                continue
            if all(predicate(chosen, contract) for predicate in leg.predicates):
                found = extend([*chosen, contract])
                if found is not None:
                    return found
        return None

    chosen = extend([])
    if chosen is None:
        return None
    units = min(
        int(abs(remaining[c.symbol]) // abs(leg.quantity))
        for leg, c in zip(definition.legs, chosen, strict=True)
    )
    if definition.underlying_lots:
        units = min(units, abs(lots) // abs(definition.underlying_lots))
    return StrategyMatch(definition, units, chosen) if units > 0 else None


def match_strategies(
    options: dict[Any, float], contracts: dict[Any, Contract], underlying_lots: int
) -> list[StrategyMatch]:
    """Decompose one underlying's option positions (``options``: symbol -> contracts held) and
    its underlying lots into strategies: the first definition (most legs first) that matches
    takes as many units as the positions allow, then matching starts over on what is left."""
    remaining = {symbol: quantity for symbol, quantity in options.items() if quantity}
    lots = underlying_lots
    ordered = sorted(
        (contracts[s] for s in remaining), key=lambda c: (c.expiration, c.strike, str(c.right))
    )
    matches: list[StrategyMatch] = []
    while remaining:
        for definition in MATCH_ORDER:
            found = _find(definition, remaining, ordered, lots)
            if found is not None:
                break
        else:
            break
        matches.append(found)
        for symbol, quantity in found.option_positions():
            left = remaining[symbol] - quantity
            if left:
                remaining[symbol] = left
            else:
                del remaining[symbol]
        lots -= found.underlying_lots()
        ordered = [c for c in ordered if c.symbol in remaining]
    return matches
