"""LEAN's OptionSymbol helpers (Common/Securities/Option/OptionSymbol.cs) for Python code."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engine.universe.option_filter import is_standard_expiry


def _expiry(symbol: Any) -> Any:
    return symbol.id.date.date()


class OptionSymbol:
    @staticmethod
    def is_standard(symbol: Any) -> bool:
        """Expiring in the third Friday's week (not a Monday/Wednesday/Friday weekly)."""
        return is_standard_expiry(_expiry(symbol))

    @staticmethod
    def is_weekly(symbol: Any) -> bool:
        return not is_standard_expiry(_expiry(symbol)) and _expiry(symbol).weekday() == 4

    @staticmethod
    def is_standard_contract(symbol: Any) -> bool:
        return is_standard_expiry(_expiry(symbol))

    @staticmethod
    def get_last_day_of_trading(symbol: Any) -> datetime:
        """The expiry moved back to an open date of the option's exchange."""
        from engine.data.market_hours import symbol_market_hours
        from engine.data.option_files import find_last_trading_day

        hours = symbol_market_hours(symbol)
        day = find_last_trading_day(_expiry(symbol), hours, is_standard_expiry(_expiry(symbol)))
        return datetime(day.year, day.month, day.day)

    @staticmethod
    def is_option_contract_expired(symbol: Any, current_time_utc: datetime) -> bool:
        """Whether the contract's expiry (the day after its expiry date, 00:00 exchange time, for
        equity options) has passed."""
        from datetime import UTC

        from engine.data.market_hours import symbol_market_hours
        from engine.model.security import as_tz

        hours = symbol_market_hours(symbol)
        when = current_time_utc if current_time_utc.tzinfo else current_time_utc.replace(tzinfo=UTC)
        local = when.astimezone(as_tz(hours.time_zone)).replace(tzinfo=None)
        expiry = symbol.id.date
        return local >= datetime(expiry.year, expiry.month, expiry.day) + timedelta(days=1)

    IsStandard = is_standard
    IsWeekly = is_weekly
    IsStandardContract = is_standard_contract
    GetLastDayOfTrading = get_last_day_of_trading
    IsOptionContractExpired = is_option_contract_expired
