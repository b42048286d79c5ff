"""Matching positions into LEAN's option strategy definitions: the largest definition first,
as many units as the positions allow, what is left matched again."""

from __future__ import annotations

from datetime import datetime

from engine.model.enums import OptionRight
from engine.portfolio.strategy_definitions import Contract, match_strategies

JAN = datetime(2016, 1, 15)
FEB = datetime(2016, 2, 19)


def _contracts(*specs: tuple[str, OptionRight, float, datetime]) -> dict[str, Contract]:
    return {name: Contract(name, right, strike, expiry) for name, right, strike, expiry in specs}


def _names(matches) -> list[tuple[str, int]]:
    return [(m.definition.name, m.units) for m in matches]


def test_a_bought_butterfly_is_one_strategy_of_its_common_quantity():
    contracts = _contracts(
        ("c745", OptionRight.CALL, 745, JAN),
        ("c747", OptionRight.CALL, 747.5, JAN),
        ("c750", OptionRight.CALL, 750, JAN),
    )
    matches = match_strategies({"c745": 10, "c747": -20, "c750": 10}, contracts, 0)
    assert _names(matches) == [("Butterfly Call", 10)]
    assert dict(matches[0].option_positions()) == {"c745": 10, "c747": -20, "c750": 10}


def test_a_sold_butterfly_is_the_short_butterfly():
    contracts = _contracts(
        ("c745", OptionRight.CALL, 745, JAN),
        ("c747", OptionRight.CALL, 747.5, JAN),
        ("c750", OptionRight.CALL, 750, JAN),
    )
    matches = match_strategies({"c745": -2, "c747": 4, "c750": -2}, contracts, 0)
    assert _names(matches) == [("Short Butterfly Call", 2)]


def test_leftovers_of_a_spread_are_matched_as_single_options():
    contracts = _contracts(
        ("c745", OptionRight.CALL, 745, JAN), ("c750", OptionRight.CALL, 750, JAN)
    )
    matches = match_strategies({"c745": 3, "c750": -1}, contracts, 0)
    # one bull call spread, then the two long calls left (LEAN's inverted "Naked Call")
    assert _names(matches) == [("Bull Call Spread", 1), ("Naked Call", 2)]
    assert matches[1].option_positions() == [("c745", 2)]


def test_calendar_and_straddle_need_their_strike_and_expiry_relations():
    contracts = _contracts(
        ("jan", OptionRight.CALL, 750, JAN),
        ("feb", OptionRight.CALL, 750, FEB),
        ("put", OptionRight.PUT, 750, JAN),
    )
    assert _names(match_strategies({"jan": -1, "feb": 1}, contracts, 0)) == [
        ("Call Calendar Spread", 1)
    ]
    assert _names(match_strategies({"jan": 1, "put": 1}, contracts, 0)) == [("Straddle", 1)]
    # different expiries make no straddle: two single options
    assert _names(match_strategies({"feb": 1, "put": 1}, contracts, 0)) == [
        ("Naked Call", 1),
        ("Naked Put", 1),
    ]


def test_shares_cover_a_short_call_only_in_whole_lots():
    contracts = _contracts(("c750", OptionRight.CALL, 750, JAN))
    assert _names(match_strategies({"c750": -2}, contracts, 1)) == [
        ("Covered Call", 1),
        ("Naked Call", 1),
    ]
    assert _names(match_strategies({"c750": -2}, contracts, 0)) == [("Naked Call", 2)]
