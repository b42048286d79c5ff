"""Settlement models: ``ImmediateSettlementModel`` (margin accounts) and ``DelayedSettlementModel``
(cash accounts: sale proceeds wait in the unsettled cash book until T+N at 06:00 exchange time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any


@dataclass(slots=True)
class UnsettledCash:
    settlement_time_utc: datetime
    currency: str
    amount: float


class ImmediateSettlementModel:
    def apply_funds(
        self, portfolio: Any, security: Any, utc_time: datetime, currency: str, amount: float
    ) -> None:
        portfolio.cash_book.add_amount(currency, amount)

    def scan(self, portfolio: Any, security: Any, utc_time: datetime) -> None:
        return None

    ApplyFunds = apply_funds
    Scan = scan


class DelayedSettlementModel:
    """Buys debit cash immediately; sale proceeds settle ``number_of_days`` open days later at ``time_of_day``."""

    def __init__(self, number_of_days: int = 1, time_of_day: time | timedelta = time(6, 0)) -> None:
        self.number_of_days = number_of_days
        if isinstance(time_of_day, timedelta):
            secs = int(time_of_day.total_seconds())
            time_of_day = time(secs // 3600, (secs % 3600) // 60)
        self.time_of_day = time_of_day

    def apply_funds(
        self, portfolio: Any, security: Any, utc_time: datetime, currency: str, amount: float
    ) -> None:
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

    def scan(self, portfolio: Any, security: Any, utc_time: datetime) -> None:
        keep = []
        for item in portfolio.unsettled_cash_book:
            if item.settlement_time_utc <= utc_time:
                portfolio.cash_book.add_amount(item.currency, item.amount)
            else:
                keep.append(item)
        portfolio.unsettled_cash_book[:] = keep

    ApplyFunds = apply_funds
    Scan = scan
