"""An option chain's contracts in symbol order, as LEAN's OptionContracts (a DataDictionary sorts
its keys, values and items by symbol): the first contract is the lowest call strike, whichever
contract's data arrived first in the step."""

from __future__ import annotations

from datetime import datetime

from engine.model import Symbol
from engine.model.enums import OptionRight
from engine.model.option_chain import OptionChain, OptionContract

EXPIRY = datetime(2016, 1, 15)


def test_contracts_come_in_symbol_order_whatever_the_arrival_order() -> None:
    canonical = Symbol.create("GOOG", 1, "usa")  # the chain's symbol is only a label here
    arrivals = [
        Symbol.create_option("GOOG", "usa", 0, OptionRight.CALL, 750, EXPIRY),
        Symbol.create_option("GOOG", "usa", 0, OptionRight.PUT, 700, EXPIRY),
        Symbol.create_option("GOOG", "usa", 0, OptionRight.CALL, 700, EXPIRY),
    ]
    chain = OptionChain(canonical, datetime(2015, 12, 24, 10, 0))
    for symbol in arrivals:  # a traded contract's bar first, then quote-only contracts
        chain.contracts[symbol] = OptionContract(symbol, chain.time)
    expected = [arrivals[2], arrivals[0], arrivals[1]]  # C700, C750, P700
    assert chain.contracts.keys() == expected
    assert [c.symbol for c in chain.contracts.values()] == expected
    assert [k for k, _ in chain.contracts.items()] == expected
    assert list(chain.contracts) == expected
    assert [c.symbol for c in chain] == expected
