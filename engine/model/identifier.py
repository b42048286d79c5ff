"""The packing of LEAN's ``SecurityIdentifier`` (Common/SecurityIdentifier.cs): one encoder for the
whole engine (statistics' "Lowest Capacity Asset", equity identity, options and futures).

LEAN packs a security's properties into one integer, printed in base 36 after its ticker; its
decimal digits, from the top: put/call (1 digit), days (5), option style (1), strike (6), strike
scale (2), market (3), security type (2).

``days`` counts days since 1899-12-30 (OLE automation date 0): an equity's first map-file date,
a future's or option's expiry, 0 for canonical futures and options and for indexes (LEAN's
``SecurityIdentifier.DefaultDate``). The strike keeps 6 significant digits times a power of ten
(the scale), with bit 19 of the strike digits marking a negative strike. An identifier with an
underlying (an option) prints as ``"<own>|<underlying's>"``: ``"SPY 2U|SPY R735QTJ8XC9X"``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

__all__ = [
    "DEFAULT_DATE",
    "DEFAULT_FIRST_DATE",
    "MARKET_CODES",
    "SECURITY_TYPE_CODES",
    "decode_base36",
    "encode_base36",
    "market_code",
    "market_name",
    "ole_date",
    "ole_days",
    "pack_properties",
    "security_identifier",
    "unpack_date",
    "unpack_field",
    "unpack_strike",
]

#: LEAN's hard-coded market codes (Common/Market.cs ``HardcodedMarkets``).
MARKET_CODES: dict[str, int] = {
    "empty": 0,
    "usa": 1,
    "fxcm": 2,
    "oanda": 3,
    "dukascopy": 4,
    "bitfinex": 5,
    "cmeglobex": 6,
    "nymex": 7,
    "cbot": 8,
    "ice": 9,
    "cboe": 10,
    "india": 11,
    "gdax": 12,
    "kraken": 13,
    "bittrex": 14,
    "bithumb": 15,
    "binance": 16,
    "poloniex": 17,
    "coinone": 18,
    "hitbtc": 19,
    "okcoin": 20,
    "bitstamp": 21,
    "comex": 22,
    "cme": 23,
    "sgx": 24,
    "hkfe": 25,
    "nyseliffe": 26,
    "cfe": 33,
    "ftx": 34,
    "ftxus": 35,
    "binanceus": 36,
    "bybit": 37,
    "coinbase": 38,
    "interactivebrokers": 39,
    "eurex": 40,
    "ose": 41,
    "dydx": 42,
    "krx": 43,
}
_MARKET_NAMES = {code: name for name, code in MARKET_CODES.items()}

#: LEAN's ``SecurityType`` numbers by their lower-case names (data folder spelling).
SECURITY_TYPE_CODES: dict[str, int] = {
    "base": 0,
    "equity": 1,
    "option": 2,
    "commodity": 3,
    "forex": 4,
    "future": 5,
    "cfd": 6,
    "crypto": 7,
    "futureoption": 8,
    "index": 9,
    "indexoption": 10,
    "cryptofuture": 11,
}

#: LEAN's ``SecurityIdentifier.DefaultDate`` (OLE date 0): the date of canonical futures and
#: options and of indexes.
DEFAULT_DATE = date(1899, 12, 30)

#: The first date this engine gives an equity whose map file it cannot read: 1998-01-02, the
#: first date of the sample data's map files (SPY, AAPL), so "SPY R735QTJ8XC9X" as LEAN prints it.
DEFAULT_FIRST_DATE = date(1998, 1, 2)

# field (offset, width) pairs, as LEAN's constants in Common/SecurityIdentifier.cs
SECURITY_TYPE_FIELD = (1, 100)
MARKET_FIELD = (100, 1000)
STRIKE_SCALE_FIELD = (100 * 1000, 100)
STRIKE_FIELD = (100 * 1000 * 100, 1_000_000)
OPTION_STYLE_FIELD = (100 * 1000 * 100 * 1_000_000, 10)
DAYS_FIELD = (100 * 1000 * 100 * 1_000_000 * 10, 100_000)
PUT_CALL_FIELD = (100 * 1000 * 100 * 1_000_000 * 10 * 100_000, 10)

_STRIKE_DEFAULT_SCALE = 6
_NEGATIVE_STRIKE_BIT = 1 << 19
# the largest strike digits that still fit 6 decimal digits once the negative bit is set
_MAX_STRIKE_DIGITS = _NEGATIVE_STRIKE_BIT - (
    (_NEGATIVE_STRIKE_BIT ^ (_NEGATIVE_STRIKE_BIT - 1)) - STRIKE_FIELD[1]
)
_UNDATED = {4, 6, 7}  # forex, cfd, crypto carry no date
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def encode_base36(value: int) -> str:
    """Upper-case base 36, ``"0"`` for zero (LEAN's ``EncodeBase36``)."""
    if value == 0:
        return "0"
    out = []
    while value:
        value, rem = divmod(value, 36)
        out.append(_DIGITS[rem])
    return "".join(reversed(out))


def decode_base36(text: str) -> int:
    """LEAN's ``DecodeBase36``; a clear error for anything but base-36 digits."""
    try:
        return int(text, 36)
    except ValueError:
        raise ValueError(f"{text!r} is not a base-36 number") from None


def market_code(market: str) -> int:
    """LEAN's market number of a market name; a clear error for an unknown market."""
    try:
        return MARKET_CODES[str(market).lower()]
    except KeyError:
        raise ValueError(
            f"The market {market!r} is not one of LEAN's markets ({', '.join(MARKET_CODES)})"
        ) from None


def market_name(code: int) -> str:
    """The market of a market number (its digits when LEAN has no name for it)."""
    return _MARKET_NAMES.get(code, str(code))


def ole_days(when: date | datetime) -> int:
    """Whole days since 1899-12-30 (the integer part of .NET's ``ToOADate``)."""
    if isinstance(when, datetime):
        when = when.date()
    return (when - DEFAULT_DATE).days


def ole_date(days: int) -> datetime:
    """.NET's ``DateTime.FromOADate`` of whole days."""
    return datetime(1899, 12, 30) + timedelta(days=days)


def _normalize_strike(strike: Decimal) -> tuple[int, int]:
    """(strike digits, scale) as LEAN's ``NormalizeStrike``."""
    if strike == 0:
        return 0, 0
    scaled = strike * (10**_STRIKE_DEFAULT_SCALE)
    scale = 0
    while scaled % 10 == 0:
        scaled /= 10
        scale += 1
    if scaled >= _MAX_STRIKE_DIGITS or scaled <= -_MAX_STRIKE_DIGITS:
        raise ValueError(
            f"The option strike {strike} does not fit LEAN's identifier: at most 6 significant "
            f"digits below {_MAX_STRIKE_DIGITS}"
        )
    digits = int(scaled)  # LEAN truncates digits finer than the 6th decimal place
    if digits < 0:
        digits = -digits | _NEGATIVE_STRIKE_BIT
    return digits, scale


def pack_properties(
    security_type: int,
    market: str,
    when: date | datetime | None = None,
    strike: Decimal | float | int = 0,
    option_right: int = 0,
    option_style: int = 0,
) -> int:
    """The integer LEAN's ``SecurityIdentifier.Generate`` builds."""
    security_type = int(security_type)
    if not 0 <= security_type < SECURITY_TYPE_FIELD[1]:
        raise ValueError(f"{security_type} is not a LEAN security type number")
    if int(option_right) not in (0, 1):
        raise ValueError(f"{option_right!r} is not an option right (0 call, 1 put)")
    days = 0 if when is None or security_type in _UNDATED else ole_days(when)
    if days < 0:
        raise ValueError(f"The date {when} is before 1899-12-30, LEAN's earliest")
    digits, scale = _normalize_strike(Decimal(str(strike)))
    return (
        int(option_right) * PUT_CALL_FIELD[0]
        + days * DAYS_FIELD[0]
        + int(option_style) * OPTION_STYLE_FIELD[0]
        + digits * STRIKE_FIELD[0]
        + scale * STRIKE_SCALE_FIELD[0]
        + market_code(market) * MARKET_FIELD[0]
        + security_type
    )


def unpack_field(properties: int, field: tuple[int, int]) -> int:
    """One field of packed properties (LEAN's ``ExtractFromProperties``)."""
    offset, width = field
    return (properties // offset) % width


def unpack_date(properties: int) -> datetime:
    return ole_date(unpack_field(properties, DAYS_FIELD))


def unpack_strike(properties: int) -> Decimal:
    """The strike of packed option properties, negative when bit 19 of its digits is set."""
    scale = unpack_field(properties, STRIKE_SCALE_FIELD)
    digits = unpack_field(properties, STRIKE_FIELD)
    sign = 1
    if digits & _NEGATIVE_STRIKE_BIT:
        digits ^= _NEGATIVE_STRIKE_BIT
        sign = -1
    value = Decimal(sign * digits).scaleb(scale - _STRIKE_DEFAULT_SCALE)
    # 195.500000 -> 195.5, 100.000 -> 100, as LEAN's decimal prints
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _security_type_code(security_type: int | str) -> int:
    if isinstance(security_type, str):
        return SECURITY_TYPE_CODES[security_type.replace("_", "").lower()]
    return int(security_type)


def security_identifier(
    ticker: str,
    security_type: int | str = "equity",
    market: str = "usa",
    first_date: date | datetime | None = None,
) -> str:
    """The identifier string of a security without an underlying.

    ``ticker`` is the symbol at its first date (first map-file ticker, upper-cased here);
    ``first_date`` is the map file's first date for equities (default 1998-01-02, pass
    :data:`DEFAULT_DATE` for an equity known to have no map file) or the expiry for futures; other
    types default to LEAN's DefaultDate (an index "SPX 31", a perpetual crypto future "ADAUSDT
    18R"); it is ignored for forex, CFD and crypto. ``security_type`` is LEAN's number or name.
    """
    type_code = _security_type_code(security_type)
    default = DEFAULT_FIRST_DATE if type_code == SECURITY_TYPE_CODES["equity"] else DEFAULT_DATE
    when = first_date or default
    properties = pack_properties(type_code, market, when)
    return f"{ticker.upper()} {encode_base36(properties)}"
