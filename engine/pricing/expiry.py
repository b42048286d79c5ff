"""When an option contract stops trading, as LEAN's ``OptionSymbol.GetSettlementDateTime``
(Common/Securities/Option/OptionSymbol.cs): the first market close after the expiry (the
identifier's date, a time of day included when it has one), searched from the last trading day on
or before it, and capped at midnight after the expiry date. A contract created with an expiry of
23:59 therefore settles at that midnight, as in LEAN. Index options expiring that day: standard
AM-settled ones (SPX, NDX, RUT, VIX in the third-Friday week) at the market open, PM-settled
ones (SPXW, RUTW, VIXW, NDXP, NQX; Common/Securities/IndexOption/IndexOptionSymbol.cs) at 15:00
exchange time (16:00 New York). Times are the exchange's local time, naive."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from engine.data.market_hours import symbol_market_hours
from engine.pricing import data_folder

REGULAR_CLOSE = time(16, 0)  # US equity options, when no market hours are known
INDEX_OPTION = 10  # SecurityType.INDEX_OPTION
PM_SETTLED_INDEX_OPTIONS = frozenset({"RUTW", "SPXW", "VIXW", "NDXP", "NQX"})
PM_SETTLEMENT = time(15, 0)  # CBOE's 16:00 New York in the index options' Chicago time


def is_standard_expiry(day: date) -> bool:
    """An expiry in the week of the month's third Friday, Thursday to Friday (LEAN's
    OptionSymbol.IsStandard: Monday, Wednesday and Friday weeklies excluded)."""
    first = date(day.year, day.month, 1).weekday()  # Monday 0
    first_friday = 7 if first == 5 else (4 - first) % 7 + 1  # day of the month
    return first_friday + 12 < day.day < first_friday + 16


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
    hours = None
    try:
        hours = symbol_market_hours(symbol, folder or data_folder.current())
        if not hours.is_date_open(start.date()):
            start = hours.get_previous_trading_day(start.date())
        close = hours.get_next_market_close(start)
    except (LookupError, ValueError, AttributeError, TypeError):
        # no market hours for the option (a data folder without LEAN's database)
        while start.weekday() >= 5:
            start = datetime.combine(start.date() - timedelta(days=1), time())
        close = _weekday_close(start)
    expiry_day = expiry.date() if isinstance(expiry, datetime) else expiry
    close = min(
        close.replace(tzinfo=None), datetime.combine(expiry_day, time()) + timedelta(days=1)
    )
    if close.date() == expiry_day and int(symbol.id.security_type) == INDEX_OPTION:
        ticker = str(symbol.id.symbol).upper()
        if ticker in PM_SETTLED_INDEX_OPTIONS:
            return datetime.combine(expiry_day, PM_SETTLEMENT)
        if is_standard_expiry(expiry_day) and hours is not None:
            return hours.get_next_market_open(datetime.combine(expiry_day, time()))
    return close
