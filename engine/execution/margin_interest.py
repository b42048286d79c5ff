"""Margin interest rate models: interest charged or paid on positions, applied to every security at
the first step of each clock hour (Common/Securities/IMarginInterestRateModel.cs,
MarginInterestRateParameters.cs, Equity/ShortMarginInterestRateModel.cs).

A model's ``apply_margin_interest_rate(parameters)`` gets ``parameters.security`` and
``parameters.time`` (the step's UTC time) and changes the cash book itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.execution.compat import user_method
from engine.execution.shortable import provider_rate

__all__ = [
    "MarginInterestRateModel",
    "MarginInterestRateParameters",
    "NullMarginInterestRateModel",
    "ShortMarginInterestRateModel",
]


class MarginInterestRateParameters:
    """The security and the time of one margin interest application. ``cash_book`` is the portfolio's
    cash book, where the security's quote currency is credited or debited."""

    def __init__(self, security: Any, time: datetime, cash_book: Any = None) -> None:
        self.security = security
        self.time = time
        self.cash_book = cash_book

    Security = property(lambda self: self.security)
    Time = property(lambda self: self.time)


class NullMarginInterestRateModel:
    """No margin interest (LEAN's default for every security but crypto futures)."""

    def apply_margin_interest_rate(self, parameters: MarginInterestRateParameters) -> None:
        return None

    ApplyMarginInterestRate = apply_margin_interest_rate


NullMarginInterestRateModel.INSTANCE = NullMarginInterestRateModel()  # type: ignore[attr-defined]


class MarginInterestRateModel:
    """LEAN's ``MarginInterestRateModel.Null``."""

    NULL = Null = NullMarginInterestRateModel.INSTANCE  # type: ignore[attr-defined]


class ShortMarginInterestRateModel:
    """Short positions pay the shortable provider's borrow fee rate, long ones earn its rebate rate:
    ``rate * holdings value / 360`` per calendar day, charged once a day from the day after the side
    was taken. ``amount`` is the total so far (negative when paid)."""

    def __init__(self) -> None:
        self.amount = 0.0
        self._is_short = False
        self._previous: datetime | None = None

    def apply_margin_interest_rate(self, parameters: MarginInterestRateParameters) -> None:
        security = parameters.security
        holdings = security.holdings
        if not holdings.quantity:
            self._previous = None
            return
        is_short = holdings.quantity < 0
        if self._previous is None or self._is_short != is_short:
            self._is_short = is_short
            self._previous = parameters.time
            return
        if parameters.time.date() == self._previous.date():
            return
        which = "fee_rate" if self._is_short else "rebate_rate"
        day = security.local_time.replace(hour=0, minute=0, second=0, microsecond=0)
        rate = provider_rate(
            getattr(security, "shortable_provider", None), which, security.symbol, day
        )
        if not rate:
            self._previous = None
            return
        days = (parameters.time.date() - self._previous.date()).days
        fee = rate * holdings.holdings_value / 360.0 * days
        self.amount += fee
        if parameters.cash_book is not None:
            parameters.cash_book.add_amount(security.quote_currency, fee)
        self._previous = parameters.time

    ApplyMarginInterestRate = apply_margin_interest_rate
    Amount = property(lambda self: self.amount)


def apply_margin_interest(model: Any, parameters: MarginInterestRateParameters) -> None:
    """Call a margin interest rate model, LEAN's or a user's (either spelling)."""
    user_method(model, "apply_margin_interest_rate", "ApplyMarginInterestRate")(parameters)
