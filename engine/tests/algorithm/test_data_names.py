"""LeanData file names, Globals, SecurityExchangeHours, EquityExchange and the empty TradeBar."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.algorithm.data_names import EquityExchange, LeanData, SecurityExchangeHours
from engine.model import Market, Resolution, SecurityType, Symbol, TickType, TradeBar
from engine.model.enums import MarketDataType
from engine.portfolio.security import Security


def _symbol(ticker: str, kind: SecurityType = SecurityType.EQUITY, market: str = Market.USA):
    return Symbol.create(ticker, kind, market)


@pytest.mark.parametrize(
    ("ticker", "kind", "market", "resolution", "tick_type", "expected"),
    [
        ("IBM", SecurityType.EQUITY, Market.USA, Resolution.DAILY, TickType.TRADE, "ibm.zip"),
        (
            "SPY",
            SecurityType.EQUITY,
            Market.USA,
            Resolution.MINUTE,
            TickType.QUOTE,
            "20131008_quote.zip",
        ),
        ("EURUSD", SecurityType.FOREX, Market.OANDA, Resolution.HOUR, TickType.QUOTE, "eurusd.zip"),
        (
            "BTCUSD",
            SecurityType.CRYPTO,
            Market.COINBASE,
            Resolution.DAILY,
            TickType.TRADE,
            "btcusd_trade.zip",
        ),
        (
            "BTCUSD",
            SecurityType.CRYPTO,
            Market.COINBASE,
            Resolution.MINUTE,
            TickType.TRADE,
            "20131008_trade.zip",
        ),
    ],
)
def test_generate_zip_file_name_follows_lean(ticker, kind, market, resolution, tick_type, expected):
    symbol = _symbol(ticker, kind, market)
    assert (
        LeanData.generate_zip_file_name(symbol, datetime(2013, 10, 8), resolution, tick_type)
        == expected
    )


def test_assigning_an_equity_exchange_gives_the_security_equity_hours():
    security = Security(_symbol("IBM", SecurityType.BASE))
    assert security.exchange.date_time_is_open(datetime(2013, 10, 5, 12))  # always open
    security.exchange = EquityExchange()
    assert not security.exchange.date_time_is_open(datetime(2013, 10, 5, 12))  # a Saturday
    assert security.exchange.date_time_is_open(datetime(2013, 10, 7, 12))
    assert str(security.exchange.time_zone) == "America/New_York"


def test_always_open_hours_keep_their_time_zone():
    hours = SecurityExchangeHours.always_open("America/New_York")
    assert hours.time_zone == "America/New_York"
    assert hours.is_open(datetime(2013, 10, 5, 3))


def test_an_empty_trade_bar_takes_its_fields_afterwards():
    bar = TradeBar()
    assert (bar.close, bar.symbol, bar.data_type) == (0.0, None, MarketDataType.TRADE_BAR)
    bar.time = datetime(2013, 10, 7)
    bar.period = timedelta(days=1)
    assert bar.end_time == datetime(2013, 10, 8)
    bar.data_type = MarketDataType.TRADE_BAR
    with pytest.raises(ValueError):
        bar.data_type = MarketDataType.QUOTE_BAR
