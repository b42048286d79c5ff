"""Symbol order (LEAN's Symbol.CompareTo: values compared ordinally, ignoring case) and the
collections kept in it: a DataDictionary's keys, values and items (Common/Data/Market/
DataDictionary.cs) and a Slice's (Common/Data/Slice.cs: one entry per data point, each tick in
turn, nothing for a symbol with only auxiliary data)."""

from __future__ import annotations

from datetime import datetime

from engine.model import SecurityType, Symbol, TradeBar
from engine.model.data import Dividend, Split, Tick
from engine.model.slice import Dividends, Slice, Splits, Ticks, TradeBars
from engine.model.symbol import symbol_order
from engine.model.symbol_ordered import SymbolOrderedDict

T = datetime(2013, 10, 7, 9, 31)
SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
IBM = Symbol("IBM", SecurityType.EQUITY, "usa")
AIG = Symbol("AIG", SecurityType.EQUITY, "usa")


def test_symbols_compare_by_value_ignoring_case() -> None:
    # a Symbol's value is upper case; a ticker string key (which a DataDictionary accepts) may not be
    upper = Symbol("ABD", SecurityType.BASE, "usa")
    # an ordinal, case-sensitive comparison puts every upper-case value before "abc"
    assert sorted([upper, "abc"], key=symbol_order) == ["abc", upper]
    assert not upper < "abc"
    assert upper < "abe"
    # LEAN's option tickers pad the underlying with spaces, which order before letters
    assert symbol_order("SPY   140606C00650000") < symbol_order("SPYW  140606C00650000")


def test_a_data_dictionary_keeps_symbol_order_through_changes() -> None:
    bars = TradeBars()
    for symbol in (SPY, IBM):
        bars[symbol] = TradeBar(T, symbol, 1, 1, 1, 1, 1)
    assert bars.keys() == [IBM, SPY]
    bars[AIG] = TradeBar(T, AIG, 1, 1, 1, 1, 1)  # a later key drops the kept order
    assert bars.keys() == [AIG, IBM, SPY]
    assert [b.symbol for b in bars.values()] == [AIG, IBM, SPY]
    assert [kvp.key for kvp in bars] == [AIG, IBM, SPY]
    del bars[AIG]
    assert [k for k, _ in bars.items()] == [IBM, SPY]
    bars.pop(IBM)
    bars.update({AIG: TradeBar(T, AIG, 1, 1, 1, 1, 1)})
    assert bars.Keys == [AIG, SPY]


def test_a_plain_symbol_ordered_dict_iterates_its_keys_in_order() -> None:
    found = SymbolOrderedDict({SPY: 1, AIG: 2})
    assert list(found) == [AIG, SPY]
    assert found.setdefault(IBM, 3) == 3
    assert list(found) == [AIG, IBM, SPY] and found.values() == [2, 3, 1]


def test_a_slice_yields_each_tick_and_its_symbols_in_order() -> None:
    ticks = Ticks()
    ticks[SPY] = [Tick(T, SPY, price=1.0), Tick(T, SPY, price=2.0)]
    ticks[IBM] = [Tick(T, IBM, price=3.0)]
    dividends = Dividends({AIG: Dividend(AIG, T, 0.2, 30.0)})
    slice_ = Slice(T, ticks=ticks, dividends=dividends)
    # AIG has only a dividend: a key whose value is null, left out of the values
    assert slice_.keys() == [AIG, IBM, SPY]
    assert [(k, v.price) for k, v in slice_.items()] == [(IBM, 3.0), (SPY, 1.0), (SPY, 2.0)]
    assert [v.price for v in slice_.values()] == [3.0, 1.0, 2.0]
    assert [(kvp.key, kvp.value.price) for kvp in slice_] == [(IBM, 3.0), (SPY, 1.0), (SPY, 2.0)]
    assert slice_.ticks.keys() == [IBM, SPY]


def test_auxiliary_collections_come_in_symbol_order() -> None:
    splits = Splits()
    dividends = Dividends()
    for symbol in (SPY, AIG, IBM):
        splits[symbol] = Split(symbol, T, 10.0, 0.5)
        dividends[symbol] = Dividend(symbol, T, 0.1, 10.0)
    slice_ = Slice(T, splits=splits, dividends=dividends)
    assert [s.symbol for s in slice_.splits.values()] == [AIG, IBM, SPY]
    assert [kvp.key for kvp in slice_.dividends] == [AIG, IBM, SPY]
    assert [s.symbol for s in slice_.get(Split).values()] == [AIG, IBM, SPY]
