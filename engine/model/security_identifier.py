"""LEAN's ``SecurityIdentifier`` (Common/SecurityIdentifier.cs) and its generators: the identity
of equities, indexes, futures and options (with their underlying), packed by
engine/model/identifier.py."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from engine.model.derivative_tickers import future_option_ticker
from engine.model.enums import OptionRight, OptionStyle, SecurityType
from engine.model.identifier import (
    DEFAULT_DATE,
    DEFAULT_FIRST_DATE,
    MARKET_CODES,
    MARKET_FIELD,
    OPTION_STYLE_FIELD,
    PUT_CALL_FIELD,
    SECURITY_TYPE_FIELD,
    STRIKE_FIELD,
    decode_base36,
    encode_base36,
    market_name,
    pack_properties,
    unpack_date,
    unpack_field,
    unpack_strike,
)

__all__ = [
    "IDENTIFIED_TYPES",
    "OPTION_TYPES",
    "SecurityIdentifier",
    "generate_option_identifier",
    "identifier_string",
    "option_type_of",
]

OPTION_TYPES = frozenset(
    {SecurityType.OPTION, SecurityType.FUTURE_OPTION, SecurityType.INDEX_OPTION}
)
# the types whose symbols compare by identifier (LEAN's Symbol equality, Common/Symbol.cs)
IDENTIFIED_TYPES = OPTION_TYPES | {SecurityType.EQUITY, SecurityType.FUTURE}
_OPTION_TYPE_OF_UNDERLYING = {
    SecurityType.EQUITY: SecurityType.OPTION,
    SecurityType.FUTURE: SecurityType.FUTURE_OPTION,
    SecurityType.INDEX: SecurityType.INDEX_OPTION,
}


@dataclass(frozen=True, slots=True)
class SecurityIdentifier:
    """LEAN's ``SecurityIdentifier`` (Common/SecurityIdentifier.cs): ticker, type, market and,
    in ``sid``, LEAN's identifier string with the packed date, strike, right and style (and
    ``|<underlying's>`` for options). Built by the ``generate_*`` functions or ``parse``."""

    symbol: str
    security_type: SecurityType
    market: str
    sid: str = ""  # LEAN's encoded identifier (e.g. "SPY R735QTJ8XC9X") when known
    underlying_id: SecurityIdentifier | None = field(default=None, compare=False)
    # an option's expiry as given when it was generated, time of day included: LEAN keeps it
    # (SecurityIdentifier._date) and settles a contract expiring at 23:59 at midnight
    # (OptionSymbol.GetSettlementDateTime); the packed properties hold the date only
    generated_date: datetime | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.sid or f"{self.symbol} {self.security_type.name} {self.market}"

    @property
    def properties(self) -> int:
        """The packed integer of this identifier (without its underlying's)."""
        if self.sid:
            own = self.sid.split("|", 1)[0]
            return decode_base36(own.rsplit(" ", 1)[1])
        first = DEFAULT_FIRST_DATE if self.security_type == SecurityType.EQUITY else None
        return pack_properties(self.security_type, self.market or "usa", first)

    @property
    def date(self) -> datetime:
        """An equity's first date, a future's or option's expiry (LEAN's DefaultDate,
        1899-12-30, for canonical futures and options)."""
        if self.security_type in (SecurityType.FOREX, SecurityType.CFD, SecurityType.CRYPTO):
            raise ValueError(f"A {self.security_type} identifier has no date")
        if self.generated_date is not None:
            return self.generated_date
        return unpack_date(self.properties)

    def _option_field(self, name: str) -> int:
        if self.security_type not in OPTION_TYPES:
            raise ValueError(f"The {name} is only defined for options, not {self.security_type}")
        return unpack_field(self.properties, OPTION_FIELDS[name])

    @property
    def strike_price(self) -> float:
        """The strike as Python code sees LEAN's (pythonnet hands a System.Decimal to Python as
        a float, so algorithms subtract it from prices)."""
        self._option_field("strike price")
        return float(unpack_strike(self.properties))

    @property
    def option_right(self) -> OptionRight:
        return OptionRight(self._option_field("option right"))

    @property
    def option_style(self) -> OptionStyle:
        return OptionStyle(self._option_field("option style"))

    @property
    def has_underlying(self) -> bool:
        return self.underlying_id is not None

    @property
    def underlying(self) -> SecurityIdentifier:
        if self.underlying_id is None:
            raise ValueError(f"The identifier {self} has no underlying")
        return self.underlying_id

    @staticmethod
    def generate_constituent_identifier(
        symbol: str, security_type: SecurityType, market: str
    ) -> SecurityIdentifier:
        """LEAN ``GenerateConstituentIdentifier``: the identifier of a constituents universe's
        symbol; the ticker keeps its case (it names the universe's data folder)."""
        return SecurityIdentifier(str(symbol), SecurityType(security_type), str(market).lower())

    @staticmethod
    def generate_equity(
        symbol: str,
        market: str,
        map_symbol: bool = True,
        map_file_provider: object = None,
        mapping_resolve_date: object = None,
    ) -> SecurityIdentifier:
        """LEAN ``GenerateEquity``: an equity's identifier, with LEAN's identifier string from
        the map file of the security trading as ``symbol`` on ``mapping_resolve_date`` (default
        today) once the runner knows the data folder (``Symbol.identifier_source``)."""
        ticker, market = str(symbol).upper(), str(market).lower()
        from engine.model.symbol import Symbol  # the runner sets its identifier source

        source = Symbol.identifier_source
        sid = ""
        if map_symbol and source is not None:
            sid = source(Symbol(ticker, SecurityType.EQUITY, market), mapping_resolve_date)
        return SecurityIdentifier(ticker, SecurityType.EQUITY, market, sid)

    @staticmethod
    def generate_future(expiry: date | datetime, symbol: str, market: str) -> SecurityIdentifier:
        """LEAN ``GenerateFuture``: a future contract (the canonical future at 1899-12-30)."""
        return _generate(str(symbol).upper(), SecurityType.FUTURE, market, expiry)

    @staticmethod
    def generate_index(symbol: str, market: str) -> SecurityIdentifier:
        """LEAN ``GenerateIndex``: an index ("SPX 31"), dated LEAN's DefaultDate."""
        return _generate(str(symbol).upper(), SecurityType.INDEX, market, DEFAULT_DATE)

    @staticmethod
    def generate_option(expiry: date | datetime, underlying: SecurityIdentifier, *args: Any):
        """LEAN ``GenerateOption(expiry, underlying, [target_option,] market, strike, right,
        style)``: the option's ticker is ``target_option`` (SPXW on SPX), else the future
        options ticker of a future (OG on GC) or the underlying's ticker."""
        if len(args) == 4:
            target, (market, strike, right, style) = None, args
        elif len(args) == 5:
            target, market, strike, right, style = args
        else:
            raise TypeError(
                "SecurityIdentifier.generate_option(expiry, underlying, [target_option,] market, "
                "strike, right, style)"
            )
        return generate_option_identifier(expiry, underlying, target, market, strike, right, style)

    @staticmethod
    def parse(value: str) -> SecurityIdentifier:
        """LEAN ``SecurityIdentifier.Parse``: the identifier of its string form
        ("SPY 2ZQGWTSSZ0WLI|SPY R735QTJ8XC9X"), underlyings after ``|``."""
        if not isinstance(value, str):
            raise TypeError(f"SecurityIdentifier.parse needs a string, got {value!r}")
        if not value.strip() or value == " 0":
            return SecurityIdentifier("", SecurityType.BASE, "")
        parts = value.split("|")
        identifier: SecurityIdentifier | None = None
        for index in range(len(parts) - 1, -1, -1):
            pieces = parts[index].split()
            if len(pieces) != 2:
                raise ValueError(
                    f"{value!r} is not a SecurityIdentifier string: each part is "
                    "'<ticker> <base-36 properties>', e.g. 'SPY R735QTJ8XC9X'"
                )
            ticker, encoded = pieces
            properties = decode_base36(encoded)
            try:
                kind = SecurityType(unpack_field(properties, SECURITY_TYPE_FIELD))
            except ValueError:
                raise ValueError(f"{value!r} names no LEAN security type") from None
            market = market_name(unpack_field(properties, MARKET_FIELD))
            if market not in MARKET_CODES:
                raise ValueError(f"{value!r} names an unknown market number {market}")
            own = f"{ticker} {encoded.upper()}"
            sid = own if identifier is None else f"{own}|{identifier.sid}"
            identifier = SecurityIdentifier(ticker, kind, market, sid, identifier)
        assert identifier is not None
        return identifier

    @staticmethod
    def try_parse(value: str) -> tuple[bool, SecurityIdentifier | None]:
        try:
            return True, SecurityIdentifier.parse(value)
        except (TypeError, ValueError):
            return False, None

    GenerateConstituentIdentifier = generate_constituent_identifier
    GenerateEquity = generate_equity
    GenerateFuture = generate_future
    GenerateIndex = generate_index
    GenerateOption = generate_option
    Parse = parse
    TryParse = try_parse
    Date = date
    StrikePrice = strike_price
    OptionRight = option_right
    OptionStyle = option_style
    HasUnderlying = has_underlying
    Underlying = underlying
    Symbol = property(lambda self: self.symbol)
    Market = property(lambda self: self.market)
    SecurityType = property(lambda self: self.security_type)


OPTION_FIELDS = {
    "strike price": STRIKE_FIELD,
    "option right": PUT_CALL_FIELD,
    "option style": OPTION_STYLE_FIELD,
}


def identifier_string(identifier: SecurityIdentifier) -> str:
    """LEAN's string of an identifier; an equity the runner could not resolve in map files
    gets 1998-01-02 (see engine/model/identifier.py), an index LEAN's DefaultDate."""
    if identifier.sid:
        return identifier.sid
    kind = identifier.security_type
    first = DEFAULT_FIRST_DATE if kind == SecurityType.EQUITY else DEFAULT_DATE
    properties = pack_properties(kind, identifier.market or "usa", first)
    return f"{identifier.symbol.upper()} {encode_base36(properties)}"


def _generate(
    ticker: str,
    kind: SecurityType,
    market: str,
    when: date | datetime,
    strike: Any = 0,
    right: int = 0,
    style: int = 0,
    underlying: SecurityIdentifier | None = None,
    printed_ticker: str | None = None,
) -> SecurityIdentifier:
    """``printed_ticker``: the ticker the identifier string shows when it is not ``ticker``."""
    if not ticker or "|" in ticker or " " in ticker:
        raise ValueError(f"{ticker!r} cannot be an identifier's ticker (empty, '|' or space)")
    market = str(market).lower()
    properties = pack_properties(kind, market, when, strike, int(right), int(style))
    sid = f"{printed_ticker or ticker} {encode_base36(properties)}"
    if underlying is not None:
        underlying = (
            underlying if underlying.sid else replace(underlying, sid=identifier_string(underlying))
        )
        sid = f"{sid}|{underlying.sid}"
    generated = when if isinstance(when, datetime) and kind in OPTION_TYPES else None
    return SecurityIdentifier(ticker, kind, market, sid, underlying, generated)


def option_type_of(underlying_type: SecurityType) -> SecurityType:
    """LEAN ``Symbol.GetOptionTypeFromUnderlying``."""
    try:
        return _OPTION_TYPE_OF_UNDERLYING[SecurityType(underlying_type)]
    except KeyError:
        raise ValueError(f"There are no options on a {underlying_type}") from None


def generate_option_identifier(
    expiry: date | datetime,
    underlying: SecurityIdentifier,
    target_option: str | None,
    market: str,
    strike: Any,
    right: int,
    style: int,
) -> SecurityIdentifier:
    """LEAN ``SecurityIdentifier.GenerateOption`` with an optional target option ticker.

    Without one, an equity option's identifier string carries its underlying identifier's
    ticker, the first ticker of the map file ("GOOCV 30AKMEIPOX2DI|GOOCV VP83T1ZUHROL" for a
    GOOG option, "AOL ...|AOL R735QTJ8XC9X" for a TWX one), as LEAN's ``underlying.Symbol``;
    the identifier's ``symbol`` stays the ticker the equity trades as (its OSI alias and data
    folder use it)."""
    if not target_option:
        if underlying.security_type == SecurityType.FUTURE:
            target_option = future_option_ticker(underlying.symbol)
        else:
            target_option = underlying.symbol
    printed = None
    if underlying.sid and str(target_option).upper() == underlying.symbol.upper():
        # the underlying's own options, named by its ticker of today or left to default (LEAN's
        # GetMirrorOptionSymbol passes the identifier's ticker, which is the first one already)
        printed = underlying.sid.split("|", 1)[0].split(" ", 1)[0]
    kind = option_type_of(underlying.security_type)
    return _generate(
        str(target_option).upper(),
        kind,
        market,
        expiry,
        strike,
        right,
        style,
        underlying,
        printed_ticker=printed,
    )
