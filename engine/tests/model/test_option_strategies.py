"""OptionStrategies: each factory's legs (right, strike, quantity, expiration), inverted
strategies, argument checks and the contract symbols the legs are given."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.model.enums import OptionRight, SecurityType
from engine.model.option_strategies import OptionStrategies, OptionStrategy, UnderlyingLegData
from engine.model.symbol import Symbol

EXPIRY = datetime(2016, 1, 15)
LATER = datetime(2016, 2, 19)


@pytest.fixture
def canonical() -> Symbol:
    return Symbol.create_canonical_option(Symbol.create("GOOG", SecurityType.EQUITY, "usa"))


def _shape(strategy: OptionStrategy) -> list[tuple]:
    return [(leg.right, leg.strike, leg.quantity, leg.expiration) for leg in strategy.option_legs]


def test_call_butterfly_buys_the_wings_and_sells_two_bodies(canonical):
    strategy = OptionStrategies.call_butterfly(canonical, 750, 747.5, 745, EXPIRY)
    assert strategy.name == "Butterfly Call"
    assert _shape(strategy) == [
        (OptionRight.CALL, 750, 1, EXPIRY),
        (OptionRight.CALL, 747.5, -2, EXPIRY),
        (OptionRight.CALL, 745, 1, EXPIRY),
    ]
    # each leg names its contract: an OSI ticker on the canonical's underlying
    symbols = [leg.symbol for leg in strategy.legs()]
    assert [str(s) for s in symbols] == [
        "GOOG  160115C00750000",
        "GOOG  160115C00747500",
        "GOOG  160115C00745000",
    ]
    assert all(s.underlying == canonical.underlying for s in symbols)


def test_short_strategies_invert_every_leg(canonical):
    long = OptionStrategies.straddle(canonical, 750, EXPIRY)
    short = OptionStrategies.short_straddle(canonical, 750, EXPIRY)
    assert short.name == "Short Straddle"
    assert [q for *_, q, _ in _shape(long)] == [1, 1]
    assert [q for *_, q, _ in _shape(short)] == [-1, -1]


def test_covered_call_holds_a_contract_of_shares_first(canonical):
    strategy = OptionStrategies.covered_call(canonical, 750, EXPIRY)
    legs = strategy.legs()
    assert isinstance(legs[0], UnderlyingLegData)
    assert (legs[0].symbol, legs[0].quantity) == (canonical.underlying, 100)
    assert _shape(strategy) == [(OptionRight.CALL, 750, -1, EXPIRY)]
    protective = OptionStrategies.protective_call(canonical, 750, EXPIRY)
    assert protective.name == "Protective Call"
    assert protective.underlying_legs[0].quantity == -100


def test_spreads_condors_and_calendars_have_lean_legs(canonical):
    assert _shape(OptionStrategies.bull_call_spread(canonical, 745, 750, EXPIRY)) == [
        (OptionRight.CALL, 745, 1, EXPIRY),
        (OptionRight.CALL, 750, -1, EXPIRY),
    ]
    assert _shape(OptionStrategies.bear_put_spread(canonical, 750, 745, EXPIRY)) == [
        (OptionRight.PUT, 750, 1, EXPIRY),
        (OptionRight.PUT, 745, -1, EXPIRY),
    ]
    condor = OptionStrategies.iron_condor(canonical, 740, 745, 750, 755, EXPIRY)
    assert [(r, q) for r, _, q, _ in _shape(condor)] == [
        (OptionRight.PUT, 1),
        (OptionRight.PUT, -1),
        (OptionRight.CALL, -1),
        (OptionRight.CALL, 1),
    ]
    calendar = OptionStrategies.call_calendar_spread(canonical, 750, EXPIRY, LATER)
    assert _shape(calendar) == [
        (OptionRight.CALL, 750, -1, EXPIRY),
        (OptionRight.CALL, 750, 1, LATER),
    ]
    box = OptionStrategies.short_box_spread(canonical, 750, 745, EXPIRY)
    assert box.name == "Short Box Spread" and len(box.option_legs) == 4
    # LEAN's PascalCase names reach the same factories
    assert OptionStrategies.BullCallSpread(canonical, 745, 750, EXPIRY).name == "Bull Call Spread"


def test_bad_arguments_are_refused_with_the_strategy_named(canonical):
    contract = Symbol.create_option("GOOG", "usa", 0, OptionRight.CALL, 750, EXPIRY)
    with pytest.raises(ValueError, match="CallButterfly: canonicalOption must contain canonical"):
        OptionStrategies.call_butterfly(contract, 750, 747.5, 745, EXPIRY)
    with pytest.raises(ValueError, match="equidistant"):
        OptionStrategies.call_butterfly(canonical, 760, 747.5, 745, EXPIRY)
    with pytest.raises(ValueError, match="BullCallSpread: leg1Strike must be less than leg2Strike"):
        OptionStrategies.bull_call_spread(canonical, 750, 745, EXPIRY)
    with pytest.raises(ValueError, match="near expiration must be less than far expiration"):
        OptionStrategies.put_calendar_spread(canonical, 750, LATER, EXPIRY)
    with pytest.raises(ValueError, match="expiration must contain expiration date"):
        OptionStrategies.naked_call(canonical, 750, datetime.min)


def test_a_strategy_is_built_from_legs_of_contracts(canonical):
    call = Symbol.create_option("GOOG", "usa", 0, OptionRight.CALL, 750, EXPIRY)
    put = Symbol.create_option("GOOG", "usa", 0, OptionRight.PUT, 750, EXPIRY)
    strategy = OptionStrategy.create(
        "Straddle",
        [OptionStrategy.OptionLegData.create(1, call), OptionStrategy.OptionLegData.create(1, put)],
    )
    assert strategy.canonical_option == canonical
    assert _shape(strategy) == [
        (OptionRight.CALL, 750.0, 1, EXPIRY),
        (OptionRight.PUT, 750.0, 1, EXPIRY),
    ]
