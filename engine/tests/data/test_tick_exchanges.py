"""Tick exchange codes read from data files map to exchange names (LEAN's GetPrimaryExchange)."""

from __future__ import annotations

from datetime import datetime

from engine.model import SecurityType, Symbol
from engine.model.data import Tick
from engine.model.exchanges import Exchange, primary_exchange

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")
BTC = Symbol("BTCUSD", SecurityType.CRYPTO, "coinbase")


def test_equity_codes_and_names_map_to_the_primary_exchange():
    assert primary_exchange("P") is Exchange.ARCA
    assert primary_exchange("arca") is Exchange.ARCA
    assert primary_exchange("T") is Exchange.NASDAQ
    assert primary_exchange("BATS Z") is Exchange.BATS
    assert primary_exchange("C", SecurityType.EQUITY, "usa") is Exchange.NSX
    assert primary_exchange("C", SecurityType.EQUITY, "india") is Exchange.NSE
    assert primary_exchange("??") is Exchange.UNKNOWN
    assert primary_exchange("") is Exchange.UNKNOWN


def test_option_and_future_codes_use_their_own_tables():
    assert primary_exchange("A", SecurityType.OPTION) is Exchange.AMEX_Options
    assert primary_exchange("A", SecurityType.EQUITY) is Exchange.AMEX
    assert primary_exchange("cme", SecurityType.FUTURE) is Exchange.CME
    assert primary_exchange("P", SecurityType.FUTURE) is Exchange.UNKNOWN


def test_a_tick_reports_the_exchange_name_equal_to_str_of_the_exchange():
    t = datetime(2013, 10, 7, 9, 30)
    tick = Tick(t, SPY, price=1.0, quantity=100, exchange="P")
    assert tick.exchange == "ARCA" == str(Exchange.ARCA)
    assert Tick(t, SPY, price=1.0, exchange="Q").exchange == "NASDAQ"
    # crypto data has no exchange codes: the value is kept as read
    assert Tick(t, BTC, price=1.0, exchange="coinbase").exchange == "coinbase"
