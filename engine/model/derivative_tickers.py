"""Ticker tables LEAN's symbols of derivatives need.

- the option ticker of a future's options (Common/Securities/FutureOption/
  FuturesOptionsSymbolMappings.cs): gold futures ``GC`` have options ``OG``;
- the index of a weekly or PM-settled index option ticker (Common/Securities/IndexOption/
  IndexOptionSymbol.cs): ``SPXW`` options are on ``SPX``;
- the futures whose contract month lies after the expiry month (Common/Securities/Future/
  FuturesExpiryUtilityFunctions.cs ``ExpiriesPriorMonth``): crude oil ``CL`` of the December
  contract expires in November, so its ticker names December.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "FUTURES_MONTHS",
    "FUTURES_MONTH_CODES",
    "future_ticker",
    "option_ticker_osi",
    "CONTRACT_MONTH_AFTER_EXPIRY",
    "FUTURE_OPTION_TICKERS",
    "INDEX_OPTION_UNDERLYINGS",
    "future_option_ticker",
    "future_ticker_of_option",
    "index_of_option_ticker",
]

FUTURE_OPTION_TICKERS: dict[str, str] = {
    "EH": "OEH",
    "KE": "OKE",
    "TN": "OTN",
    "UB": "OUB",
    "YM": "OYM",
    "ZB": "OZB",
    "ZC": "OZC",
    "ZF": "OZF",
    "ZL": "OZL",
    "ZM": "OZM",
    "ZN": "OZN",
    "ZO": "OZO",
    "ZS": "OZS",
    "ZT": "OZT",
    "ZW": "OZW",
    "RTY": "RTO",
    "GC": "OG",
    "HG": "HXE",
    "SI": "SO",
    "CL": "LO",
    "HCL": "HCO",
    "HO": "OH",
    "NG": "ON",
    "PA": "PAO",
    "PL": "PO",
    "RB": "OB",
    "YG": "OYG",
    "ZG": "OZG",
    "ZI": "OZI",
    "6A": "ADU",
    "6B": "GBU",
    "6C": "CAU",
    "6E": "EUU",
    "6J": "JPU",
    "6S": "CHU",
}
_FUTURE_OF_OPTION = {option: future for future, option in FUTURE_OPTION_TICKERS.items()}

INDEX_OPTION_UNDERLYINGS: dict[str, str] = {
    "RUTW": "RUT",
    "SPXW": "SPX",
    "VIXW": "VIX",
    "NDXP": "NDX",
    "NQX": "NDX",
}

CONTRACT_MONTH_AFTER_EXPIRY: dict[str, int] = {
    "AE5": 1,
    "A9N": 1,
    "B": 2,
    "BZ": 2,
    "CL": 1,
    "MCL": 1,
    "RB": 1,
    "HO": 1,
    "AYV": 1,
    "NG": 1,
    "HH": 1,
    "HP": 1,
    "HTT": 1,
    "HCL": 1,
    "SB": 1,
    "YO": 1,
}


def future_option_ticker(future_ticker: str) -> str:
    """The options ticker of a future (its own ticker when the options trade under it: ES)."""
    return FUTURE_OPTION_TICKERS.get(future_ticker, future_ticker)


def future_ticker_of_option(option_ticker: str) -> str:
    """The future ticker of a future options ticker (``OG`` -> ``GC``)."""
    return _FUTURE_OF_OPTION.get(option_ticker, option_ticker)


def index_of_option_ticker(option_ticker: str) -> str:
    """The index an index option ticker is on (``SPXW`` -> ``SPX``, ``SPX`` -> ``SPX``)."""
    return INDEX_OPTION_UNDERLYINGS.get(option_ticker, option_ticker)


FUTURES_MONTH_CODES: dict[str, int] = {
    "F": 1,
    "G": 2,
    "H": 3,
    "J": 4,
    "K": 5,
    "M": 6,
    "N": 7,
    "Q": 8,
    "U": 9,
    "V": 10,
    "X": 11,
    "Z": 12,
}
FUTURES_MONTHS: dict[int, str] = {month: code for code, month in FUTURES_MONTH_CODES.items()}


def option_ticker_osi(underlying: str, right: int, strike: Decimal, expiry: date) -> str:
    """LEAN ``GenerateOptionTickerOSI``: the underlying padded to 6 characters (a space added
    after a longer one), yymmdd, C or P, and the strike in thousandths on 8 digits:
    ``"SPY   140606C00650000"``."""
    if len(underlying) > 5:
        underlying += " "
    thousandths = (Decimal(str(strike)) * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    letter = "P" if int(right) == 1 else "C"
    return f"{underlying:<6}{expiry:%y%m%d}{letter}{int(thousandths):08d}"


def future_ticker(
    underlying: str,
    expiration: date,
    double_digits_year: bool = True,
    include_expiration_date: bool = True,
) -> str:
    """LEAN ``GenerateFutureTicker``: ticker, expiry day, contract month code and year
    (``"ES18Z20"``); the contract month is the one after the expiry's for the futures of
    ``CONTRACT_MONTH_AFTER_EXPIRY`` (crude oil expiring in November is the December contract)."""
    delta = CONTRACT_MONTH_AFTER_EXPIRY.get(underlying, 0)
    month0 = expiration.month - 1 + delta
    year = expiration.year + month0 // 12
    month = month0 % 12 + 1
    year = year % 100 if double_digits_year else year % 10
    day = f"{expiration.day:02d}" if include_expiration_date else ""
    return f"{underlying}{day}{FUTURES_MONTHS[month]}{year}"
