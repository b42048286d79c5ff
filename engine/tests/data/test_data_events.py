"""Corporate events, symbol properties, interest rates and the missing-data error."""

from __future__ import annotations

from datetime import date

import pytest

from engine.data import (
    DEFAULT_RISK_FREE_RATE,
    InterestRateProvider,
    MissingDataError,
    corporate_events,
    require_data,
    risk_free_rate,
    symbol_properties,
)


def test_aapl_split_and_dividends(lean_data):
    events = corporate_events(lean_data, "AAPL", "2014-01-01", "2014-12-31")
    kinds = [(e.kind, e.date) for e in events]
    assert ("split_warning", date(2014, 6, 6)) in kinds
    split = next(e for e in events if e.kind == "split")
    # factor rows 20140606 (sf 0.0357143) -> 20140806 (sf 0.25): 7-for-1 on the next trading day
    assert split.date == date(2014, 6, 9)
    assert split.split_factor == pytest.approx(0.1428572)
    assert split.reference_price == 645.57
    dividends = [e for e in events if e.kind == "dividend"]
    assert [(d.date, d.distribution) for d in dividends] == [
        (date(2014, 2, 6), 3.05),
        (date(2014, 5, 8), 3.29),
        (date(2014, 8, 7), 0.47),
        (date(2014, 11, 6), 0.47),
    ]
    first = dividends[0]
    assert first.reference_price == 512.59
    # 00:00 New York (EST) of 2014-02-06 = 05:00 UTC
    assert first.time == 1391662800 * 10**9


def test_events_need_the_previous_trading_day_in_range(lean_data):
    # LEAN arms the event on D0 (2014-06-06) and emits it on D1: a start on D1 sees nothing
    events = corporate_events(lean_data, "AAPL", "2014-06-09", "2014-06-30")
    assert not [e for e in events if e.kind == "split"]


def test_spy_dividend_and_goog_rename(lean_data):
    spy = corporate_events(lean_data, "SPY", "2013-12-01", "2013-12-31")
    assert [(e.kind, e.date, e.distribution) for e in spy] == [
        ("dividend", date(2013, 12, 20), 0.99)
    ]
    goog = corporate_events(lean_data, "GOOG", "2014-03-01", "2014-04-30")
    change = [e for e in goog if e.kind == "symbol_changed"]
    assert len(change) == 1 and change[0].date == date(2014, 4, 3)
    assert (change[0].old_ticker, change[0].new_ticker) == ("GOOCV", "GOOG")


def test_symbol_properties(lean_data, tmp_path):
    spy = symbol_properties(lean_data, "usa", "equity", "SPY")
    assert (
        spy.lot_size,
        spy.minimum_price_variation,
        spy.quote_currency,
        spy.contract_multiplier,
    ) == (1, 0.01, "USD", 1)
    eurusd = symbol_properties(lean_data, "oanda", "forex", "EURUSD")
    assert eurusd.minimum_price_variation == 0.00001 and eurusd.quote_currency == "USD"
    btc = symbol_properties(lean_data, "coinbase", "crypto", "BTCUSD")
    assert btc.lot_size == 1e-08 and btc.market_ticker == "BTC-USD"
    default = symbol_properties(tmp_path, "usa", "equity", "XYZ")
    assert (default.lot_size, default.minimum_price_variation, default.quote_currency) == (
        1,
        0.01,
        "USD",
    )
    assert symbol_properties(None, "oanda", "forex", "EURGBP").quote_currency == "GBP"


def test_interest_rate(lean_data, tmp_path):
    provider = InterestRateProvider(lean_data)
    assert provider.rate("2013-10-07") == pytest.approx(0.0075)
    assert provider.rate("1900-01-01") == provider.rates[0]  # before the first row: first rate
    assert risk_free_rate(tmp_path, "2013-10-07") == DEFAULT_RISK_FREE_RATE == 0.01


def test_missing_data_error_names_the_file(lean_data):
    require_data(lean_data, "equity", "usa", "SPY", "minute", "2013-10-01", "2013-10-31")
    with pytest.raises(MissingDataError) as info:
        require_data(lean_data, "equity", "usa", "SPY", "minute", "2015-01-05", "2015-01-09")
    err = info.value
    assert err.ticker == "SPY" and err.resolution == "minute"
    assert err.path.name == "20150105_trade.zip" and "equity/usa/minute/spy" in str(err.path)
    assert str(lean_data) in str(err)
    with pytest.raises(MissingDataError, match="daily/nope.zip"):
        require_data(lean_data, "equity", "usa", "NOPE", "daily", "2015-01-05", "2015-01-09")
    with pytest.raises(MissingDataError, match="_quote.zip"):
        require_data(lean_data, "forex", "oanda", "EURUSD", "minute", "2020-01-06", "2020-01-07")


def test_a_delisting_gives_a_warning_on_its_date_and_the_delisting_the_next_trading_day(lean_data):
    # AAA.1's map file ends on Friday 2007-05-18
    events = corporate_events(lean_data, "AAA.1", "2007-05-15", "2007-05-25")
    assert [(e.kind, e.date, e.delisting_date) for e in events] == [
        ("delisting_warning", date(2007, 5, 18), date(2007, 5, 18)),
        ("delisted", date(2007, 5, 21), date(2007, 5, 18)),
    ]
