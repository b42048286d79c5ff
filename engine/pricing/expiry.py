"""When an option contract stops trading, as LEAN's ``OptionSymbol.GetSettlementDateTime``
(Common/Securities/Option/OptionSymbol.cs) without its index-option cases: the market close of
the expiry date, or of the last trading day before it when the exchange is closed then, capped at
midnight after the expiry date. Times are the exchange's local time, naive."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from engine.data.market_hours import symbol_market_hours
from engine.pricing import data_folder

REGULAR_CLOSE = time(16, 0)  # US equity options without a market-hours database


def settlement_time(symbol: Any, folder: Any = None) -> datetime:
    expiry = symbol.id.date
    day = expiry.date() if isinstance(expiry, datetime) else expiry
    try:
        hours = symbol_market_hours(symbol, folder or data_folder.current())
        if not hours.is_date_open(day):
            day = hours.previous_trading_day(day)
        close = hours.market_close(day)
    except (KeyError, ValueError, AttributeError, TypeError):
        close = None
    if close is None:
        while day.weekday() >= 5:  # no calendar: the last weekday on or before the expiry
            day -= timedelta(days=1)
        close = datetime.combine(day, REGULAR_CLOSE)
    close = close.replace(tzinfo=None)
    limit = datetime.combine(expiry if not isinstance(expiry, datetime) else expiry.date(), time())
    return min(close, limit + timedelta(days=1))
