"""Option settlement times as LEAN's OptionSymbol.GetSettlementDateTime, on symbols without a
market-hours entry (regular 16:00 weekday closes)."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from engine.pricing.expiry import is_standard_expiry, settlement_time


def contract(expiry, ticker="SPY", security_type=2):
    return SimpleNamespace(
        id=SimpleNamespace(date=expiry, security_type=security_type, symbol=ticker)
    )


@pytest.mark.parametrize(
    "expiry,settles",
    [
        (date(2024, 2, 9), datetime(2024, 2, 9, 16)),  # a Friday: its close
        (datetime(2024, 2, 10), datetime(2024, 2, 9, 16)),  # a Saturday: Friday's close
        # a time of day after the close: the next close is later, so midnight (LEAN's cap)
        (datetime(2024, 2, 9, 23, 59), datetime(2024, 2, 10)),
        (datetime(2024, 2, 9, 10), datetime(2024, 2, 9, 16)),
    ],
)
def test_equity_option_settlement(expiry, settles):
    assert settlement_time(contract(expiry)) == settles


def test_pm_settled_index_options_settle_at_three_exchange_time():
    assert settlement_time(contract(date(2021, 1, 15), "SPXW", 10)) == datetime(2021, 1, 15, 15)


@pytest.mark.parametrize(
    "day,standard",
    [
        (date(2021, 1, 15), True),  # third Friday
        (date(2021, 1, 14), True),  # the Thursday before it
        (date(2021, 1, 13), False),
        (date(2021, 1, 22), False),
        (date(2024, 6, 21), True),  # June 2024 starts on a Saturday
        (date(2024, 6, 14), False),
    ],
)
def test_standard_expiry_week(day, standard):
    assert is_standard_expiry(day) is standard
