"""Calendar periods for consolidators (Common/Data/Consolidators/Calendar.cs): ``Calendar.weekly`` etc.

Each is a function ``time -> CalendarInfo(start, period)``; pass it as a consolidator's period
(``TradeBarConsolidator(Calendar.weekly)``, ``self.consolidate(symbol, Calendar.monthly, handler)``).
Weeks start on Monday (a Sunday belongs to the week that starts the next day, as in LEAN).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class CalendarInfo:
    start: datetime
    period: timedelta

    Start = property(lambda self: self.start)
    Period = property(lambda self: self.period)


def _midnight(dt: datetime) -> datetime:
    return datetime(dt.year, dt.month, dt.day)


def _add_months(dt: datetime, months: int) -> datetime:
    m = dt.month - 1 + months
    return dt.replace(year=dt.year + m // 12, month=m % 12 + 1)


class Calendar:
    @staticmethod
    def weekly(dt: datetime) -> CalendarInfo:
        # LEAN: Expiry.EndOfWeek(dt) - 7 days, EndOfWeek = the next Monday (Sunday -> the Monday after next)
        dow = (dt.weekday() + 1) % 7  # .NET DayOfWeek: Sunday = 0
        end = _midnight(dt) + timedelta(days=6 - dow + 2)
        return CalendarInfo(end - timedelta(days=7), timedelta(days=7))

    @staticmethod
    def monthly(dt: datetime) -> CalendarInfo:
        start = datetime(dt.year, dt.month, 1)
        return CalendarInfo(start, _add_months(start, 1) - start)

    @staticmethod
    def quarterly(dt: datetime) -> CalendarInfo:
        start = datetime(dt.year, 3 * ((dt.month - 1) // 3) + 1, 1)
        return CalendarInfo(start, _add_months(start, 3) - start)

    @staticmethod
    def yearly(dt: datetime) -> CalendarInfo:
        start = datetime(dt.year, 1, 1)
        return CalendarInfo(start, datetime(dt.year + 1, 1, 1) - start)

    Weekly = weekly
    Monthly = monthly
    Quarterly = quarterly
    Yearly = yearly
    WEEKLY = weekly
    MONTHLY = monthly
    QUARTERLY = quarterly
    YEARLY = yearly


CalendarType = Calendar  # LEAN's older name for the same functions
