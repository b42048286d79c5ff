"""OptionFilterUniverse on rows of LEAN's GOOG chain file (no Symbol needed: contracts are keyed
by a stand-in symbol naming expiry, strike and right)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.universe.option_filter import (
    OptionFilterUniverse,
    OptionUniverse,
    apply_filter,
    is_standard_expiry,
)
from engine.universe.option_universe_file import read_chain_file


def test_standard_expiries_are_third_friday_weeks():
    assert is_standard_expiry(date(2016, 1, 15))  # third Friday
    assert is_standard_expiry(date(2016, 3, 17))  # Thursday before Good Friday
    assert not is_standard_expiry(date(2015, 12, 31))
    assert not is_standard_expiry(date(2016, 1, 8))


def _universe(lean_data, day=date(2015, 12, 24)) -> OptionFilterUniverse:
    chain = read_chain_file(lean_data, "GOOG", day)
    time = datetime(day.year, day.month, day.day)
    rows = [
        OptionUniverse(
            (c.expiry, c.strike, c.right),
            time,
            expiry=c.expiry,
            strike=c.strike,
            is_call=c.is_call,
            row=c,
        )
        for c in chain.contracts
    ]
    return OptionFilterUniverse(rows, chain.underlying, time)


def test_strikes_count_distinct_strikes_around_the_price(lean_data):
    universe = _universe(lean_data)  # underlying 748.40
    symbols = apply_filter(lambda u: u.strikes(-2, 2), universe)
    strikes = sorted({s[1] for s in symbols})
    # 748.40 lies between 747.5 and 750: two strikes below and two above (one less above)
    assert strikes[0] < 748.4 < strikes[-1]
    assert len(strikes) == 4


def test_expiration_types_and_rights(lean_data):
    universe = _universe(lean_data)
    symbols = apply_filter(lambda u: u.standards_only().calls_only().expiration(0, 60), universe)
    assert symbols
    assert all(is_standard_expiry(s[0]) and s[2] == "C" for s in symbols)
    assert all((s[0] - date(2015, 12, 24)).days <= 60 for s in symbols)
    # a filter that returns nothing keeps what it narrowed in place
    universe = _universe(lean_data)
    assert apply_filter(lambda u: u.puts_only() and None, universe) == [
        d.symbol for d in universe if not d.is_call
    ]


def test_greek_and_volatility_filters_use_the_file(lean_data):
    universe = _universe(lean_data)
    kept = apply_filter(lambda u: u.delta(0.5, 1.0).implied_volatility(0, 0.5), universe)
    rows = {
        (c.expiry, c.strike, c.right): c
        for c in read_chain_file(lean_data, "GOOG", date(2015, 12, 24)).contracts
    }
    assert kept
    for s in kept:
        assert 0.5 <= rows[s].delta <= 1.0
        assert rows[s].implied_volatility <= 0.5


def test_a_filter_must_return_the_universe(lean_data):
    with pytest.raises(TypeError, match="OptionFilterUniverse"):
        apply_filter(lambda u: 3, _universe(lean_data))
