"""Shortable providers, the shortable order check and the short margin interest model."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from engine.execution.margin_interest import (
    MarginInterestRateParameters,
    ShortMarginInterestRateModel,
)
from engine.execution.shortable import (
    LocalDiskShortableProvider,
    NullShortableProvider,
    shortable_order_allowed,
)
from engine.model.enums import SecurityType
from engine.model.symbol import Symbol
from engine.portfolio.cashbook import CashBook

SPY = Symbol("SPY", SecurityType.EQUITY, "usa")


@pytest.fixture
def provider(tmp_path, monkeypatch) -> LocalDiskShortableProvider:
    folder = tmp_path / "equity" / "usa" / "shortable" / "somebroker" / "symbols"
    folder.mkdir(parents=True)
    (folder / "spy.csv").write_text(
        "# date,quantity,rebate,fee\n20131004,1000,5.07,0.25\n20131007,\n"
    )
    monkeypatch.setattr(LocalDiskShortableProvider, "data_folder", tmp_path)
    return LocalDiskShortableProvider("SomeBroker")


def test_local_disk_provider_reads_quantity_and_percent_rates(provider) -> None:
    day = datetime(2013, 10, 4, 10, 0)
    assert provider.shortable_quantity(SPY, day) == 1000
    assert provider.rebate_rate(SPY, day) == pytest.approx(0.0507)
    assert provider.FeeRate(SPY, day) == pytest.approx(0.0025)
    # a row without a quantity, a date without a row, a ticker without a file: no limit, no rates
    assert provider.shortable_quantity(SPY, datetime(2013, 10, 7)) is None
    assert provider.shortable_quantity(SPY, datetime(2013, 10, 8)) is None
    aig = Symbol("AIG", SecurityType.EQUITY, "usa")
    assert provider.shortable_quantity(aig, day) is None and provider.fee_rate(aig, day) == 0.0


def test_null_provider_allows_everything() -> None:
    null = NullShortableProvider.INSTANCE
    assert null.shortable_quantity(SPY, datetime(2013, 10, 4)) is None
    assert shortable_order_allowed(null, SPY, datetime(2013, 10, 4), 0, 0, -(10**9))


@pytest.mark.parametrize(
    ("holdings", "open_orders", "short", "allowed"),
    [
        (0, 0, -1000, True),  # exactly the limit
        (0, 0, -1001, False),
        (0, -1000, -10, False),  # the open orders use the limit up
        (0, -999, -1, True),
        (-1000, 0, 0, False),  # at the limit nothing more, even zero
        (500, 0, -1500, True),  # a long position may be sold through to the limit
    ],
)
def test_shortable_order_check(provider, holdings, open_orders, short, allowed) -> None:
    day = datetime(2013, 10, 4, 10, 0)
    assert shortable_order_allowed(provider, SPY, day, holdings, open_orders, short) is allowed


def test_short_margin_interest_charges_the_fee_and_pays_the_rebate_daily(provider) -> None:
    book = CashBook("USD")
    holdings = SimpleNamespace(quantity=-100.0, holdings_value=-10_000.0)
    security = SimpleNamespace(
        holdings=holdings,
        symbol=SPY,
        shortable_provider=provider,
        local_time=datetime(2013, 10, 4, 10, 0),
        quote_currency="USD",
    )
    model = ShortMarginInterestRateModel()
    start = book["USD"].amount
    for time in (datetime(2013, 10, 3, 14), datetime(2013, 10, 3, 15), datetime(2013, 10, 5, 14)):
        model.apply_margin_interest_rate(MarginInterestRateParameters(security, time, book))
    # two days of 0.25 % a year on -10,000 over a 360-day year
    assert model.amount == pytest.approx(-10_000 * 0.0025 / 360 * 2)
    assert book["USD"].amount - start == pytest.approx(model.amount)
    holdings.quantity, holdings.holdings_value = 100.0, 10_000.0  # switching sides restarts
    model.apply_margin_interest_rate(
        MarginInterestRateParameters(security, datetime(2013, 10, 6, 14), book)
    )
    model.apply_margin_interest_rate(
        MarginInterestRateParameters(security, datetime(2013, 10, 7, 14), book)
    )
    assert model.amount == pytest.approx(-10_000 * 0.0025 / 360 * 2 + 10_000 * 0.0507 / 360)
