"""Settlement models: ``ImmediateSettlementModel`` (margin accounts) and ``DelayedSettlementModel``
(cash accounts: sale proceeds wait in the unsettled cash book until T+N at 06:00 exchange time).

As LEAN's ``ISettlementModel`` (Common/Securities/ISettlementModel.cs), a model takes
``apply_funds(ApplyFundsSettlementModelParameters)`` (portfolio, security, utc_time, cash_amount,
fill), ``scan(ScanSettlementModelParameters)`` (portfolio, security, utc_time) and
``get_unsettled_cash()``; ``apply_funds``/``scan_settlement`` call models written either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from engine.execution.compat import user_method


@dataclass(slots=True)
class UnsettledCash:
    settlement_time_utc: datetime
    currency: str
    amount: float


class ApplyFundsSettlementModelParameters:
    """The funds a fill moves: ``cash_amount`` (``CashAmount(amount, currency)``) at ``utc_time``."""

    def __init__(
        self, portfolio: Any, security: Any, utc_time: datetime, cash_amount: Any, fill: Any = None
    ) -> None:
        self.portfolio = portfolio
        self.security = security
        self.utc_time = utc_time
        self.cash_amount = cash_amount
        self.fill = fill

    Portfolio = property(lambda self: self.portfolio)
    Security = property(lambda self: self.security)
    UtcTime = property(lambda self: self.utc_time)
    CashAmount = property(lambda self: self.cash_amount)
    Fill = property(lambda self: self.fill)


class ScanSettlementModelParameters:
    def __init__(self, portfolio: Any, security: Any, utc_time: datetime) -> None:
        self.portfolio = portfolio
        self.security = security
        self.utc_time = utc_time

    Portfolio = property(lambda self: self.portfolio)
    Security = property(lambda self: self.security)
    UtcTime = property(lambda self: self.utc_time)


class ImmediateSettlementModel:
    def apply_funds(self, parameters: ApplyFundsSettlementModelParameters) -> None:
        amount = parameters.cash_amount
        parameters.portfolio.cash_book.add_amount(amount.currency, amount.amount)

    def scan(self, parameters: ScanSettlementModelParameters) -> None:
        return None

    def get_unsettled_cash(self) -> Any:
        return None

    ApplyFunds = apply_funds
    Scan = scan
    GetUnsettledCash = get_unsettled_cash


class DelayedSettlementModel:
    """Buys debit cash immediately; sale proceeds settle ``number_of_days`` open days later at ``time_of_day``."""

    def __init__(self, number_of_days: int = 1, time_of_day: time | timedelta = time(6, 0)) -> None:
        self.number_of_days = number_of_days
        if isinstance(time_of_day, timedelta):
            secs = int(time_of_day.total_seconds())
            time_of_day = time(secs // 3600, (secs % 3600) // 60)
        self.time_of_day = time_of_day

    def apply_funds(self, parameters: ApplyFundsSettlementModelParameters) -> None:
        portfolio, security, utc_time = (
            parameters.portfolio,
            parameters.security,
            parameters.utc_time,
        )
        currency, amount = parameters.cash_amount.currency, parameters.cash_amount.amount
        if amount >= 0:
            local = utc_time.astimezone(security.time_zone).replace(tzinfo=None)
            d = local.date()
            days = 0
            while days < self.number_of_days:
                d += timedelta(days=1)
                if security.exchange_hours.is_date_open(d):
                    days += 1
            settle_local = datetime.combine(d, self.time_of_day)
            settle_utc = settle_local.replace(tzinfo=security.time_zone).astimezone(utc_time.tzinfo)
            portfolio.unsettled_cash_book.append(UnsettledCash(settle_utc, currency, amount))
        else:
            portfolio.cash_book.add_amount(currency, amount)

    def scan(self, parameters: ScanSettlementModelParameters) -> None:
        portfolio, utc_time = parameters.portfolio, parameters.utc_time
        keep = []
        for item in portfolio.unsettled_cash_book:
            if item.settlement_time_utc <= utc_time:
                portfolio.cash_book.add_amount(item.currency, item.amount)
            else:
                keep.append(item)
        portfolio.unsettled_cash_book[:] = keep

    def get_unsettled_cash(self) -> Any:
        return None

    ApplyFunds = apply_funds
    Scan = scan
    GetUnsettledCash = get_unsettled_cash


def apply_funds(model: Any, parameters: ApplyFundsSettlementModelParameters) -> None:
    """Call a settlement model's ``apply_funds``, LEAN's or a user's (either spelling)."""
    user_method(model, "apply_funds", "ApplyFunds")(parameters)


def scan_unsettled(model: Any, parameters: ScanSettlementModelParameters) -> None:
    user_method(model, "scan", "Scan")(parameters)
