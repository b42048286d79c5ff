"""Dividend yields from AAPL's factor file against the values LEAN's DividendYieldProviderTests.cs
publishes (no price: the dividend's reference price; with a price: that price)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.data.dividend_yield import ConstantDividendYieldModel, DividendYieldProvider


def day(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


@pytest.mark.parametrize(
    "when,price,expected",
    [
        ("19700306", None, 0.0),
        ("20191107", None, 0.0118177),
        ("20191108", None, 0.0118177),
        ("20200206", None, 0.0118177),
        ("20200207", None, 0.0094708),
        ("20210204", None, 0.0067840),
        ("20210205", None, 0.0059684),
        ("20491231", None, 0.0059684),
        ("19700306", 1.0, 0.0),
        ("20191107", 257.24, 0.0118177),
        ("20191108", 259.43, 0.0117179),
        ("20200205", 318.85, 0.0095342),
        ("20200210", 320.03, 0.0096240),
        ("20210203", 134.99, 0.0059819),
        ("20210208", 136.76, 0.0059959),
    ],
)
def test_aapl_dividend_yield_matches_lean(lean_data, when, price, expected):
    provider = DividendYieldProvider("AAPL", lean_data)
    assert provider.get_dividend_yield(day(when), price) == pytest.approx(expected, abs=1e-7)


def test_no_factor_file_means_no_dividends(tmp_path):
    provider = DividendYieldProvider("NOPE", tmp_path)
    assert provider.get_dividend_yield(date(2020, 1, 1), 100.0) == 0.0
    assert ConstantDividendYieldModel(0.02).get_dividend_yield(date(2020, 1, 1)) == 0.02


def test_a_zero_price_is_refused(lean_data):
    with pytest.raises(ValueError, match="cannot be zero"):
        DividendYieldProvider("AAPL", lean_data).get_dividend_yield(date(2020, 3, 2), 0.0)
