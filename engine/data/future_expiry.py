"""Future contract expiries: the last trading time of a contract month, as LEAN's
Common/Securities/Future/FuturesExpiryFunctions.cs and FuturesExpiryUtilityFunctions.cs compute it.

LEAN's data files name a contract by its contract month (``20131008_es_minute_trade_201312.csv``,
the ``201312`` row of ``future/cme/universes/es/20131008.csv``); its symbol carries the expiry
date. ``expiry_of_contract_month`` goes from the first to the second, ``contract_month_of`` back.
Holidays are the exchange's holidays and bank holidays from the market-hours database.

Only the contracts whose rule is written here have an expiry; any other ticker raises
``FutureExpiryError`` naming it (LEAN raises for tickers missing from its table too).
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.data.folder import DataFolder
from engine.model.derivative_tickers import CONTRACT_MONTH_AFTER_EXPIRY

#: the March, June, September, December cycle (LEAN's FutureExpirationCycles.HMUZ)
HMUZ = (3, 6, 9, 12)


class FutureExpiryError(ValueError):
    """No expiry rule for a future's ticker."""


# -- calendar helpers ----------------------------------------------------------------------------
def is_business_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def nth_weekday(year: int, month: int, n: int, weekday: int) -> date:
    """The ``n``-th ``weekday`` (Monday 0) of the month."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def third_friday(year: int, month: int) -> date:
    return nth_weekday(year, month, 3, 4)


def add_business_days(day: date, n: int, holidays: frozenset[date]) -> date:
    """``n`` business days after (before, when negative) ``day``."""
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if is_business_day(day, holidays):
            remaining -= 1
    return day


def previous_business_day_if_holiday(day: date, holidays: frozenset[date]) -> date:
    """LEAN's AddBusinessDaysIfHoliday(day, -1): only a listed holiday moves the day."""
    return add_business_days(day, -1, holidays) if day in holidays else day


def nth_last_business_day(year: int, month: int, n: int, holidays: frozenset[date]) -> date:
    day = date(year, month, calendar.monthrange(year, month)[1])
    remaining = n
    while True:
        if is_business_day(day, holidays):
            remaining -= 1
            if remaining == 0:
                return day
        day -= timedelta(days=1)


def next_in_cycle(month: date, cycle: tuple[int, ...]) -> date:
    """The first month of the cycle from ``month`` on (a rule given a serial month expires at the
    next quarterly contract, as LEAN's loops ``while (!HMUZ.Contains(time.Month))``)."""
    while month.month not in cycle:
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return month


# -- holidays ------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _database_entries(path: Path, mtime: float) -> dict[str, Any]:
    with open(path) as fh:
        entries = json.load(fh).get("entries", {})
    return {key.lower(): value for key, value in entries.items()}


def _mdy(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def expiration_holidays(folder: Any, market: str, ticker: str) -> frozenset[date]:
    """Holidays and bank holidays of the future's market-hours entry (LEAN's
    GetExpirationHolidays); none without a database."""
    path = DataFolder(folder).market_hours_path if folder is not None else None
    if path is None or not path.is_file():
        return frozenset()
    entries = _database_entries(path, path.stat().st_mtime)
    raw = entries.get(f"future-{market}-{ticker}".lower()) or entries.get(
        f"future-{market}-[*]".lower(), {}
    )
    days = [*raw.get("holidays", []), *raw.get("bankHolidays", [])]
    return frozenset(_mdy(d) for d in days)


# -- the rules -----------------------------------------------------------------------------------
Rule = Callable[[date, frozenset[date]], datetime]


def _quarterly_third_friday(month: date, holidays: frozenset[date]) -> datetime:
    """Equity index futures (ES, NQ, YM, RTY, FESX): trading ends at 13:30 on the third Friday of
    the quarterly contract month, the business day before when that Friday is a holiday."""
    month = next_in_cycle(month, HMUZ)
    day = previous_business_day_if_holiday(third_friday(month.year, month.month), holidays)
    return datetime.combine(day, time(13, 30))


def _third_last_business_day(month: date, holidays: frozenset[date]) -> datetime:
    """COMEX gold and silver: trading ends on the third last business day of the month."""
    return datetime.combine(nth_last_business_day(month.year, month.month, 3, holidays), time())


RULES: dict[tuple[str, str], Rule] = {
    ("cme", "ES"): _quarterly_third_friday,
    ("cme", "NQ"): _quarterly_third_friday,
    ("cme", "RTY"): _quarterly_third_friday,
    ("cbot", "YM"): _quarterly_third_friday,
    ("eurex", "FESX"): _quarterly_third_friday,
    ("comex", "GC"): _third_last_business_day,
    ("comex", "SI"): _third_last_business_day,
}


def has_expiry_rule(market: str, ticker: str) -> bool:
    return (market.lower(), ticker.upper()) in RULES


def expiry_of_contract_month(folder: Any, market: str, ticker: str, month: date) -> datetime:
    """The expiry (exchange time) of the ``ticker`` contract of ``month`` (its first day)."""
    rule = RULES.get((market.lower(), ticker.upper()))
    if rule is None:
        raise FutureExpiryError(
            f"No expiry function for the future {ticker.upper()} on {market.lower()} in this "
            f"engine (LEAN's FuturesExpiryFunctions); its contracts cannot be listed."
        )
    holidays = expiration_holidays(folder, market.lower(), ticker.upper())
    return rule(date(month.year, month.month, 1), holidays)


def contract_month_of(ticker: str, expiry: date | datetime) -> date:
    """The contract month (first day) of a contract expiring at ``expiry`` (LEAN's
    GetFutureContractMonth)."""
    months = CONTRACT_MONTH_AFTER_EXPIRY.get(ticker.upper(), 0)
    index = expiry.year * 12 + expiry.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def contract_code_of(symbol: Any) -> str | None:
    """``"201312"``: the contract month naming a future contract's CSVs in the data files; None
    for any other symbol (a canonical future included)."""
    from engine.model.enums import SecurityType

    if symbol.security_type != SecurityType.FUTURE:
        return None
    is_canonical = getattr(symbol, "is_canonical", None)
    if is_canonical is None or is_canonical():
        return None
    return contract_month_of(symbol.id.symbol, symbol.id.date).strftime("%Y%m")


def data_ticker_of(symbol: Any) -> str:
    """The folder name of a symbol's data: a future's root ticker (``es``), else its data ticker."""
    from engine.model.enums import SecurityType

    if symbol.security_type == SecurityType.FUTURE:
        return str(symbol.id.symbol)
    return symbol.data_ticker


def is_canonical_future(symbol: Any) -> bool:
    """A future chain's symbol (``/ES``): it has no data files of its own."""
    from engine.model.enums import SecurityType

    if symbol.security_type != SecurityType.FUTURE:
        return False
    is_canonical = getattr(symbol, "is_canonical", None)
    return bool(is_canonical()) if is_canonical is not None else False
