"""``market_hours_database`` / ``symbol_properties_database`` entries set by the algorithm reach the
securities it adds afterwards."""

from __future__ import annotations

from engine.algorithm.lean_names import JsonConvert
from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.data import DataFolder
from engine.model import Market, SecurityType, Symbol


def _algo(lean_data) -> QCAlgorithm:
    algo = QCAlgorithm()
    algo._data_folder = DataFolder(lean_data)
    algo.set_start_date(2013, 10, 7)
    return algo


def test_a_market_wide_entry_applies_to_every_ticker_of_that_market(lean_data):
    algo = _algo(lean_data)
    equity = algo.market_hours_database.get_entry(Market.USA, Symbol.EMPTY, SecurityType.EQUITY)
    algo.market_hours_database.set_entry(
        "interactivebrokers", "", SecurityType.CFD, equity.exchange_hours, equity.data_time_zone
    )
    props = algo.symbol_properties_database.get_symbol_properties(
        Market.USA, Symbol.EMPTY, SecurityType.EQUITY, "USD"
    )
    algo.symbol_properties_database.set_entry("interactivebrokers", "", SecurityType.CFD, props)
    cfd = algo.add_cfd("SPY", market="interactivebrokers")
    assert cfd.exchange.hours is equity.exchange_hours
    assert cfd.symbol_properties is props and props.price_magnifier == 1.0
    assert JsonConvert.serialize_object(cfd.exchange.hours) == JsonConvert.serialize_object(
        equity.exchange_hours
    )


def test_a_ticker_entry_wins_over_the_database(lean_data):
    algo = _algo(lean_data)
    forex = algo.market_hours_database.get_entry(Market.OANDA, Symbol.EMPTY, SecurityType.FOREX)
    algo.market_hours_database.set_entry(
        "interactivebrokers", "AUDUSD", SecurityType.CFD, forex.exchange_hours
    )
    entry = algo.market_hours_database.get_entry("interactivebrokers", "AUDUSD", SecurityType.CFD)
    assert entry.exchange_hours is forex.exchange_hours
    assert entry.data_time_zone == forex.exchange_hours.data_time_zone
    assert (
        algo.market_hours_database.override("interactivebrokers", "EURUSD", SecurityType.CFD)
        is None
    )


def test_database_symbol_keys_and_default_properties():
    from engine.data.symbol_properties import SymbolProperties

    algo = QCAlgorithm()
    key = algo.market_hours_database.get_database_symbol_key
    assert key(Symbol("BTC", SecurityType.BASE, Market.USA)) == "BTC"
    assert key(Symbol("SPY", SecurityType.EQUITY, Market.USA)) == "SPY"
    assert algo.symbol_properties_database.GetDatabaseSymbolKey(None) == ""
    default = SymbolProperties.get_default("usd")
    assert (default.quote_currency, default.lot_size, default.minimum_price_variation) == (
        "USD",
        1.0,
        0.01,
    )
    assert default.description == "" and default.contract_multiplier == 1.0
