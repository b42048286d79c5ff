"""A crypto pair's price is its last trade bar's close (LEAN's Crypto.Price), while the cash book
converts its base currency at the last data point's price (the quote midpoint when quotes come
after trades in the time step)."""

from __future__ import annotations

import pytest

from engine.portfolio.currency_conversion import SecurityCurrencyConversion
from engine.tests.portfolio.harness import Harness


def test_crypto_price_is_the_last_trade_close_and_the_rate_the_quote_midpoint() -> None:
    h = Harness()
    btc = h.add_crypto("BTCUSD")
    h.bar(btc, 358.2, 359.63, 351.09, 357.24)
    h.quote(btc, 356.48, 356.50)
    assert btc.price == pytest.approx(357.24)
    assert btc.Price == pytest.approx(357.24)
    assert (btc.bid_price, btc.ask_price) == (356.48, 356.50)
    assert btc.get_last_data().value == pytest.approx(356.49)
    conversion = SecurityCurrencyConversion("BTC", "USD", [(btc, False)])
    assert conversion.update() == pytest.approx(356.49)
    btc.holdings.set_holdings(300.0, 2.0)
    assert btc.holdings.holdings_value == pytest.approx(2 * 357.24)


def test_crypto_without_trades_is_priced_by_its_quotes() -> None:
    h = Harness()
    btc = h.add_crypto("BTCUSD")
    h.quote(btc, 356.48, 356.50)
    assert btc.price == pytest.approx(356.49)


def test_other_quote_priced_types_keep_the_quote_price() -> None:
    h = Harness()
    spy = h.add_equity("SPY")
    h.bar(spy, 100.0, 101.0, 99.0, 100.5)
    h.quote(spy, 100.4, 100.6)
    assert spy.price == pytest.approx(100.5)  # equities: trades are the default data
