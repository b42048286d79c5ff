"""Cash currency conversions: constant, and one- or two-leg chains of pair securities."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engine.portfolio.cashbook import CashBook
from engine.portfolio.currency_conversion import (
    ConstantCurrencyConversion,
    SecurityCurrencyConversion,
)


def pair(base: str, quote: str, price: float) -> SimpleNamespace:
    return SimpleNamespace(
        base_currency=base,
        quote_currency=quote,
        price=price,
        type=None,
        symbol=base + quote,
        get_last_data=lambda: None,  # no data point yet: the rate falls back to the price
    )


def test_two_legs_multiply_then_divide() -> None:
    ltcusd, ethusd = pair("LTC", "USD", 120.0), pair("ETH", "USD", 400.0)
    conversion = SecurityCurrencyConversion("LTC", "ETH", [(ltcusd, False), (ethusd, True)])
    assert conversion.update() == 120.0 / 400.0
    assert [s.symbol for s in conversion.ConversionRateSecurities] == ["LTCUSD", "ETHUSD"]
    ethusd.price = 0.0  # a leg without a price keeps the last rate
    assert conversion.update() == 120.0 / 400.0


def test_constant_and_identity() -> None:
    assert ConstantCurrencyConversion.identity("ETH").update() == 1.0
    assert ConstantCurrencyConversion("USDC", "USD", 1.0).source_currency == "USDC"


def test_cash_book_uses_the_cash_conversion() -> None:
    book = CashBook("ETH")
    book.add("LTC", 10.0)
    ltcusd, ethusd = pair("LTC", "USD", 150.0), pair("ETH", "USD", 300.0)
    book["LTC"].currency_conversion = SecurityCurrencyConversion(
        "LTC", "ETH", [(ltcusd, False), (ethusd, True)]
    )
    book.update_conversion_rates({})
    assert book["LTC"].conversion_rate == pytest.approx(0.5)
    assert book["LTC"].CurrencyConversion.conversion_rate == pytest.approx(0.5)
