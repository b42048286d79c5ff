"""LEAN's ``SymbolRepresentation`` (Common/SymbolRepresentation.cs): option tickers in the OSI
format ("SPY   140606C00650000") and future tickers with month codes ("ES18Z20"), both ways."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from engine.model.derivative_tickers import (
    FUTURES_MONTH_CODES,
    FUTURES_MONTHS,
    future_ticker,
    index_of_option_ticker,
    option_ticker_osi,
)
from engine.model.enums import OptionRight, OptionStyle, SecurityType
from engine.model.security_identifier import SecurityIdentifier, generate_option_identifier
from engine.model.symbol import Symbol

__all__ = ["FutureTickerProperties", "SymbolRepresentation", "decompose_option_ticker_osi"]

_OSI = re.compile(r"^([A-Z0-9.]+)\s*(\d{6})([CP])(\d{8})$", re.IGNORECASE)
_OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


@dataclass
class FutureTickerProperties:
    """The parts of a future ticker ("ES18Z20": ES, day 18, December, year 20)."""

    underlying: str
    expiration_year_short: int
    expiration_year_short_length: int
    expiration_month: int
    expiration_day: int

    Underlying = property(lambda self: self.underlying)
    ExpirationYearShort = property(lambda self: self.expiration_year_short)
    ExpirationYearShortLength = property(lambda self: self.expiration_year_short_length)
    ExpirationMonth = property(lambda self: self.expiration_month)
    ExpirationDay = property(lambda self: self.expiration_day)


def decompose_option_ticker_osi(ticker: str) -> tuple[str, datetime, OptionRight, Decimal] | None:
    """(option ticker, expiry, right, strike) of an OSI ticker, None when it is not one."""
    match = _OSI.match(ticker or "")
    if match is None:
        return None
    try:
        expiry = datetime.strptime(match.group(2), "%y%m%d")
    except ValueError:
        return None
    right = OptionRight.CALL if match.group(3).upper() == "C" else OptionRight.PUT
    strike = Decimal(match.group(4)) / 1000
    strike = strike.quantize(Decimal(1)) if strike == strike.to_integral() else strike.normalize()
    return match.group(1), expiry, right, strike


class SymbolRepresentation:
    """LEAN's static ``SymbolRepresentation`` helpers, snake_case and PascalCase."""

    futures_month_code_lookup = FUTURES_MONTH_CODES
    futures_month_lookup = FUTURES_MONTHS

    @staticmethod
    def generate_option_ticker_osi(
        underlying: Symbol | str,
        right: int | None = None,
        strike_price: Any = None,
        expiration: date | datetime | None = None,
    ) -> str:
        """The OSI ticker of an option Symbol, or of (underlying ticker, right, strike, expiry)."""
        if isinstance(underlying, Symbol):
            symbol = underlying
            if symbol.security_type not in _OPTION_TYPES or symbol.underlying is None:
                raise ValueError(
                    f"generate_option_ticker_osi needs an option contract symbol, got {symbol}"
                )
            return option_ticker_osi(
                symbol.underlying.value,
                symbol.id.option_right,
                symbol.id.strike_price,
                symbol.id.date,
            )
        if right is None or strike_price is None or expiration is None:
            raise TypeError(
                "generate_option_ticker_osi(underlying, right, strike_price, expiration) or "
                "generate_option_ticker_osi(option_symbol)"
            )
        return option_ticker_osi(str(underlying), right, Decimal(str(strike_price)), expiration)

    @staticmethod
    def try_decompose_option_ticker_osi(
        ticker: str,
    ) -> tuple[bool, str | None, datetime | None, OptionRight, Decimal]:
        """LEAN's ``TryDecomposeOptionTickerOSI``: (ok, option ticker, expiry, right, strike)."""
        parts = decompose_option_ticker_osi(ticker)
        if parts is None:
            return False, None, None, OptionRight.CALL, Decimal(0)
        return (True, *parts)

    @staticmethod
    def parse_option_ticker_osi(
        ticker: str,
        security_type: SecurityType = SecurityType.OPTION,
        option_style: OptionStyle | str = OptionStyle.AMERICAN,
        market: str = "usa",
    ) -> Symbol:
        """LEAN's ``ParseOptionTickerOSI(ticker, security_type=Option, [option_style,]
        market="usa")``: the option contract an OSI ticker names; index options are on the
        index their ticker maps to (SPXW on SPX), future options on a future of the ticker's
        contract, dated the option's expiry as LEAN does."""
        if isinstance(option_style, str):  # the overload without the style
            option_style, market = OptionStyle.AMERICAN, option_style
        parts = decompose_option_ticker_osi(ticker)
        if parts is None:
            raise ValueError(
                f"{ticker!r} is not an OSI option ticker: expected the underlying, yymmdd, C or P "
                "and the strike in thousandths on 8 digits, e.g. 'SPY   140606C00650000'"
            )
        option_ticker, expiry, right, strike = parts
        kind = SecurityType(security_type)
        target: str | None = option_ticker
        if kind == SecurityType.OPTION:
            underlying_id = SecurityIdentifier.generate_equity(option_ticker, market)
            underlying_value = option_ticker
            target = None
        elif kind == SecurityType.INDEX_OPTION:
            underlying_id = SecurityIdentifier.generate_index(
                index_of_option_ticker(option_ticker), market
            )
            underlying_value = underlying_id.symbol
        elif kind == SecurityType.FUTURE_OPTION:
            future = SymbolRepresentation.parse_future_ticker(option_ticker)
            if future is None:
                raise ValueError(f"{option_ticker!r} in {ticker!r} is not a future ticker")
            underlying_id = SecurityIdentifier.generate_future(expiry, future.underlying, market)
            underlying_value = underlying_id.symbol
        else:
            raise ValueError(f"parse_option_ticker_osi needs an option type, got {kind}")
        sid = generate_option_identifier(
            expiry, underlying_id, target, market, strike, right, option_style
        )
        return Symbol(sid, ticker, underlying=Symbol(underlying_id, underlying_value))

    @staticmethod
    def generate_future_ticker(
        underlying: str,
        expiration: date | datetime,
        double_digits_year: bool = True,
        include_expiration_date: bool = True,
    ) -> str:
        return future_ticker(underlying, expiration, double_digits_year, include_expiration_date)

    @staticmethod
    def parse_future_ticker(ticker: str) -> FutureTickerProperties | None:
        """LEAN's ``ParseFutureTicker``: the parts of "ES18Z20", "ESZ20" or "ESZ0"; None when
        ``ticker`` is not a future ticker."""
        if not isinstance(ticker, str) or len(ticker) < 3:
            return None
        double = ticker[-2].isdigit()
        offset = 1 if double else 0
        day_offset, day = 0, 1
        if len(ticker) > 4 + offset:
            candidate = ticker[-4 - offset : -2 - offset]
            if candidate.isdigit() and len(candidate) == 2:
                day_offset, day = 2, int(candidate)
        year_text = ticker[-1 - offset :]
        month_text = ticker[-2 - offset]
        underlying = ticker[: len(ticker) - 2 - offset - day_offset]
        if not year_text.isdigit() or month_text not in FUTURES_MONTH_CODES or not underlying:
            return None
        return FutureTickerProperties(
            underlying, int(year_text), len(year_text), FUTURES_MONTH_CODES[month_text], day
        )

    GenerateOptionTickerOSI = generate_option_ticker_osi
    TryDecomposeOptionTickerOSI = try_decompose_option_ticker_osi
    ParseOptionTickerOSI = parse_option_ticker_osi
    GenerateFutureTicker = generate_future_ticker
    ParseFutureTicker = parse_future_ticker
    FuturesMonthCodeLookup = FUTURES_MONTH_CODES
    FuturesMonthLookup = FUTURES_MONTHS
