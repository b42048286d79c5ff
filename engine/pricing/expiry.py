"""When an option contract stops trading, as LEAN's ``OptionSymbol.GetSettlementDateTime``
(Common/Securities/Option/OptionSymbol.cs) without its index-option cases: the first market close
after the expiry (the identifier's date, a time of day included when it has one), searched from
the last trading day on or before it, and capped at midnight after the expiry date. A contract
created with an expiry of 23:59 therefore settles at that midnight, as in LEAN. Times are the
exchange's local time, naive."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from engine.data.market_hours import symbol_market_hours
from engine.pricing import data_folder

REGULAR_CLOSE = time(16, 0)  # US equity options, when no market hours are known


def _weekday_close(start: datetime) -> datetime:
    """The first 16:00 of a weekday after ``start`` (no calendar at hand)."""
    day = start.date()
    while True:
        close = datetime.combine(day, REGULAR_CLOSE)
        if day.weekday() < 5 and close > start:
            return close
        day += timedelta(days=1)


def settlement_time(symbol: Any, folder: Any = None) -> datetime:
    expiry = symbol.id.date
    start = expiry if isinstance(expiry, datetime) else datetime.combine(expiry, time())
    start = start.replace(tzinfo=None)
    try:
        hours = symbol_market_hours(symbol, folder or data_folder.current())
        if not hours.is_date_open(start.date()):
            start = hours.get_previous_trading_day(start.date())
        close = hours.get_next_market_close(start)
    except (KeyError, ValueError, AttributeError, TypeError):
        while start.weekday() >= 5:
            start = datetime.combine(start.date() - timedelta(days=1), time())
        close = _weekday_close(start)
    expiry_day = expiry.date() if isinstance(expiry, datetime) else expiry
    return min(close.replace(tzinfo=None), datetime.combine(expiry_day, time()) + timedelta(days=1))
