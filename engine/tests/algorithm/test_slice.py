from __future__ import annotations

from datetime import datetime

import pytest

from engine.model import Bar, QuoteBar, SecurityType, Symbol, TradeBar
from engine.model.data import Dividend
from engine.model.slice import Dividends, QuoteBars, Slice, TradeBars

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
IBM = Symbol("IBM", SecurityType.EQUITY, "usa")


def make_slice() -> Slice:
    t = datetime(2013, 10, 7, 9, 30)
    bars = TradeBars({SPY: TradeBar(t, SPY, 1, 2, 0.5, 1.5, 100)})
    quotes = QuoteBars(
        {
            SPY: QuoteBar(t, SPY, Bar(1, 1, 1, 1), 5, Bar(2, 2, 2, 2), 6),
            IBM: QuoteBar(t, IBM, Bar(3, 3, 3, 3), 1, None, 0),
        }
    )
    return Slice(datetime(2013, 10, 7, 9, 31), bars, quotes)


def test_indexing_prefers_trade_bars_and_accepts_tickers():
    s = make_slice()
    assert isinstance(s[SPY], TradeBar)
    assert s["SPY"] is s[SPY]
    assert isinstance(s["IBM"], QuoteBar)
    assert s.contains_key("SPY") and s.ContainsKey(IBM)
    assert "AAPL" not in s
    assert s.get("AAPL") is None
    assert s.bars["SPY"].close == 1.5
    assert s.Bars.ContainsKey("SPY")
    assert s.quote_bars["IBM"].close == 3
    assert set(s.keys()) == {SPY, IBM}
    assert s.time == datetime(2013, 10, 7, 9, 31)
    assert s.get(TradeBar) is s.bars


def test_missing_key_error_explains_what_to_do():
    with pytest.raises(KeyError, match="contains_key"):
        make_slice()["AAPL"]
    with pytest.raises(KeyError, match="contains_key"):
        make_slice().bars["IBM"]


def test_iterating_a_data_dictionary_or_a_slice_yields_key_value_pairs():
    s = make_slice()
    pairs = list(s.bars)
    assert [(kvp.key, kvp.value.close) for kvp in pairs] == [(SPY, 1.5)]
    assert pairs[0].Key == SPY and pairs[0].Value is s.bars[SPY]
    # a pair is also a (key, value) tuple, and dict views and membership are unchanged
    assert [(symbol, bar.close) for symbol, bar in s.bars] == [(SPY, 1.5)]
    assert list(s.bars.keys()) == [SPY] and SPY in s.bars and "SPY" in s.bars
    assert {kvp.key for kvp in s} == {SPY, IBM}


def test_delistings_and_symbol_changes_travel_in_the_slice():
    from engine.model import Delisting, DelistingType, SymbolChangedEvent
    from engine.model.slice import Delistings, SymbolChangedEvents

    warning = Delisting(IBM, datetime(2013, 10, 7), 120.5, DelistingType.WARNING)
    rename = SymbolChangedEvent(SPY, datetime(2013, 10, 7), "SPY", "SPYX")
    s = Slice(
        datetime(2013, 10, 7),
        delistings=Delistings({IBM: warning}),
        symbol_changed_events=SymbolChangedEvents({SPY: rename}),
    )
    assert s.delistings[IBM].type == DelistingType.WARNING
    assert s.Delistings["IBM"].Type == DelistingType.Warning
    assert s.get(Delisting) is s.delistings
    assert s.get(SymbolChangedEvent, SPY).new_symbol == "SPYX"
    assert s.symbol_changed_events[SPY].OldSymbol == "SPY"
    assert set(s.all_data) == {warning, rename}
    # LEAN's Delisting.ToString() and its price as Value
    assert str(warning) == "Delisting Warning: IBM 2013-10-07 00:00:00"
    assert warning.price == 120.5
    assert str(Delisting(IBM, datetime(2013, 10, 8), 0, DelistingType.DELISTED)).startswith(
        "Delisted: IBM"
    )
    assert Slice(datetime(2013, 10, 7)).delistings.count == 0


def test_a_symbol_with_only_a_dividend_is_in_the_slice_with_no_value():
    """LEAN's Slice keeps an entry (value null) for a symbol whose only data is auxiliary, so
    ``if not data[symbol]: return`` works on a dividend-only step."""
    t = datetime(2009, 3, 20)
    s = Slice(t, dividends=Dividends({SPY: Dividend(SPY, t, 0.5, 80.0)}))
    assert SPY in s and s.contains_key("SPY")
    assert s[SPY] is None
    assert s.get(SPY) is None
    assert IBM not in s
    with pytest.raises(KeyError):
        s[IBM]


def test_keys_values_items_are_lists_as_leans():
    # LEAN's ExtendedDictionary returns Python lists: algorithms index them (data.keys()[0])
    s = make_slice()
    keys = s.keys()
    assert isinstance(keys, list) and keys[0] in (SPY, IBM) and len(keys) == 2
    assert isinstance(s.values(), list) and s.values()[0] is s[keys[0]]
    assert s.items()[0] == (keys[0], s[keys[0]])


def test_a_data_dictionary_gives_lists_too():
    # a chain's trade bars are a DataDictionary: ``chain.trade_bars.values()[0]`` works in LEAN
    bars = make_slice().bars
    assert isinstance(bars.values(), list) and bars.values()[0] is bars[SPY]
    assert bars.keys() == [SPY] and bars.items() == [(SPY, bars[SPY])]


def test_collections_a_step_did_not_carry_are_empty_and_kept() -> None:
    data = make_slice()
    assert type(data.ticks).__name__ == "Ticks" and not data.ticks
    assert isinstance(data.dividends, Dividends) and data.Dividends is data.dividends
    assert not data.splits and not data.delistings and not data.symbol_changed_events
    assert IBM in data and SPY in data  # no auxiliary data: the bars and quotes answer
    # what the algorithm puts in a collection stays there (one collection per slice)
    data.splits["SPY"] = "a split"
    assert data.Splits["SPY"] == "a split"
    given = Dividends()
    data.dividends = given
    assert data.dividends is given
    carried = Slice(datetime(2013, 10, 7, 9, 31), dividends=given)
    assert carried.dividends is given and carried.Dividends is given
