"""Symbols: the identity of a security (ticker + security type + market).

A ``Symbol`` compares equal to its ticker string and hashes like it, so user code may index
``self.securities["SPY"]`` or ``slice["SPY"]`` with a string, as in QuantConnect. Options and
futures are made as LEAN makes them (Common/Symbol.cs): ``create_option``, ``create_future``,
``create_canonical_option``; their ticker is the one their identifier gives (the OSI option
ticker, "ES18Z20", "?SPY" and "/ES" for chains) and they compare by identifier.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar

from engine.model.derivative_tickers import future_ticker, option_ticker_osi
from engine.model.enums import OptionRight, OptionStyle, SecurityType
from engine.model.identifier import DEFAULT_DATE, MARKET_CODES
from engine.model.security_identifier import (
    IDENTIFIED_TYPES,
    OPTION_TYPES,
    SecurityIdentifier,
    generate_option_identifier,
    identifier_string,
    option_type_of,
)

__all__ = ["BASE_DATA_TYPES", "SecurityIdentifier", "Symbol", "derivative_value", "symbol_order"]


# identifier ("SPY.MyData") -> the custom data type of the symbols ``Symbol.create_base`` made
BASE_DATA_TYPES: dict[str, type] = {}


class Symbol:
    __slots__ = ("value", "id", "_hash", "underlying", "_canonical")

    def __init__(
        self,
        value: str | SecurityIdentifier,
        security_type: SecurityType | str,
        market: str = "",
        sid: str = "",
        underlying: Symbol | None = None,
    ) -> None:
        self.underlying: Symbol | None = underlying
        if isinstance(value, SecurityIdentifier):  # LEAN's ``Symbol(sid, ticker)``
            self.id = value
            if underlying is None and value.underlying_id is not None:
                self.underlying = Symbol(value.underlying_id, value.underlying_id.symbol)
            alias = None if underlying is not None else derivative_value(value, self.underlying)
            self.value = alias or str(security_type).upper()
        else:
            self.value = value.upper()
            self.id = SecurityIdentifier(
                self.value, SecurityType(security_type), market.lower(), sid
            )
        # derivatives hash as the ticker their identifier makes (an alias does not change it)
        self._hash = hash(derivative_value(self.id, self.underlying) or self.value)

    #: set by the runner once the data folder is known: a symbol's industry-standard identifiers
    #: (an object with cusip, composite_figi, sedol, isin and cik) or None
    definition_source: ClassVar[Callable[[Symbol], Any] | None] = None

    #: set by the runner once the data folder is known: the current ticker (map file name) of an
    #: equity known by its identifier, or None
    data_ticker_source: ClassVar[Callable[[Symbol], str | None] | None] = None

    #: set by the runner once the data folder is known: LEAN's identifier string of an equity
    #: trading as the symbol's ticker on a date (None: today), from its map file
    identifier_source: ClassVar[Callable[[Symbol, Any], str] | None] = None

    @property
    def data_ticker(self) -> str:
        """The name the data folder knows this security by: an equity with a LEAN identifier
        reads through the map file that identifier names (the ticker is the name on one date;
        "GOOG" in 2014 is class A Google, whose map file is googl.csv), anything else by its
        ticker."""
        source = Symbol.data_ticker_source
        if source is not None and self.id.sid and self.id.security_type == SecurityType.EQUITY:
            return source(self) or self.value
        return self.value

    @classmethod
    def create(
        cls,
        ticker: str,
        security_type: SecurityType,
        market: str,
        alias: str | None = None,
        base_data_type: type | None = None,
    ) -> Symbol:
        """LEAN's ``Symbol.Create``: an equity gets its identifier from the map file of the
        security trading as ``ticker`` today (``SecurityIdentifier.GenerateEquity``); an option
        or future type gives the canonical symbol ("?SPY", "/ES"), an index LEAN's identifier."""
        kind = SecurityType(security_type)
        if kind == SecurityType.EQUITY:
            return cls(SecurityIdentifier.generate_equity(ticker, market), alias or ticker)
        if kind == SecurityType.INDEX:
            return cls(SecurityIdentifier.generate_index(ticker, market), alias or ticker)
        if kind == SecurityType.FUTURE:
            return cls.create_future(ticker, market, DEFAULT_DATE, alias)
        if kind == SecurityType.OPTION:
            return cls.create_option(ticker, market, 0, 0, 0, DEFAULT_DATE, alias)
        if kind == SecurityType.INDEX_OPTION:
            index = cls.create(ticker, SecurityType.INDEX, market)
            return cls.create_option(index, market, OptionStyle.EUROPEAN, 0, 0, DEFAULT_DATE, alias)
        if kind == SecurityType.FUTURE_OPTION:
            raise ValueError(
                "Symbol.create cannot make a future option symbol: use Symbol.create_option "
                "with the future contract's symbol"
            )
        return cls(ticker, kind, market)

    @classmethod
    def create_option(cls, underlying: Symbol | str, *args: Any, **kwargs: Any) -> Symbol:
        """LEAN's ``Symbol.CreateOption(underlying, [target_option,] market, style, right,
        strike, expiry, alias=None)``: an option contract on ``underlying`` (a Symbol, or an
        equity ticker), expiring at ``expiry``; ``expiry`` 1899-12-30 makes the canonical
        option. ``target_option`` names the option ticker when it differs (SPXW on SPX)."""
        if isinstance(underlying, SecurityIdentifier):
            return cls._option_of_identifier(underlying, *args, **kwargs)
        names = ["market", "style", "right", "strike", "expiry", "alias"]
        # the target option form has a ticker where the other has the style (a number)
        if "target_option" in kwargs or (len(args) > 1 and isinstance(args[1], str)):
            names.insert(0, "target_option")
        if len(args) > len(names):
            raise TypeError(f"Symbol.create_option takes at most {len(names) + 1} arguments")
        values = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key in values or key not in names + ["map_symbol"]:
                raise TypeError(f"Symbol.create_option got an unexpected argument {key!r}")
            values[key] = value
        missing = [name for name in names[:-1] if name not in values and name != "target_option"]
        if missing:
            raise TypeError(f"Symbol.create_option is missing {', '.join(missing)}")
        market = str(values["market"]).lower()
        if isinstance(underlying, str):
            map_symbol = values.get("map_symbol", True)
            equity_id = SecurityIdentifier.generate_equity(underlying, market, map_symbol)
            underlying = cls(equity_id, underlying)
        if not isinstance(underlying, Symbol):
            raise TypeError(f"Symbol.create_option needs an underlying Symbol, got {underlying!r}")
        sid = generate_option_identifier(
            values["expiry"],
            underlying.id,
            values.get("target_option"),
            market,
            values["strike"],
            values["right"],
            values["style"],
        )
        alias = values.get("alias")
        return cls(sid, alias or derivative_value(sid, underlying), underlying=underlying)

    @classmethod
    def _option_of_identifier(
        cls, sid: SecurityIdentifier, value: str, underlying: Symbol | None = None
    ) -> Symbol:
        # LEAN's CreateOption(sid, value, underlying=None) overload
        if sid.security_type not in OPTION_TYPES:
            raise ValueError(f"{sid} is not an option identifier")
        if underlying is not None and sid.underlying_id is not None:
            if identifier_string(underlying.id) != sid.underlying_id.sid:
                raise ValueError(f"The underlying {underlying} does not match the option {sid}")
        return cls(sid, value, underlying=underlying)

    @classmethod
    def create_canonical_option(cls, underlying: Symbol, *args: Any, **kwargs: Any) -> Symbol:
        """LEAN's ``Symbol.CreateCanonicalOption(underlying, [target_option,] market=None,
        alias=None)``: the option chain's symbol ("?SPY"), in the option type's default style
        (index options European, others American)."""
        names = ["market", "alias"]
        if "target_option" in kwargs or (
            args and isinstance(args[0], str) and args[0].lower() not in MARKET_CODES
        ):
            names.insert(0, "target_option")
        values = dict(zip(names, args, strict=False))
        values.update(kwargs)
        if not isinstance(underlying, Symbol):
            raise TypeError(
                f"Symbol.create_canonical_option needs an underlying Symbol, got {underlying!r}"
            )
        kind = option_type_of(underlying.security_type)
        style = OptionStyle.EUROPEAN if kind == SecurityType.INDEX_OPTION else OptionStyle.AMERICAN
        sid = generate_option_identifier(
            DEFAULT_DATE,
            underlying.id,
            values.get("target_option"),
            values.get("market") or underlying.market,
            0,
            OptionRight.CALL,
            style,
        )
        alias = values.get("alias")
        return cls(sid, alias or derivative_value(sid, underlying), underlying=underlying)

    @classmethod
    def create_future(
        cls, ticker: str, market: str, expiry: date | datetime, alias: str | None = None
    ) -> Symbol:
        """LEAN's ``Symbol.CreateFuture``: the contract of ``ticker`` expiring at ``expiry``
        ("ES18Z20"); 1899-12-30 makes the canonical future ("/ES")."""
        sid = SecurityIdentifier.generate_future(expiry, ticker, market)
        return cls(sid, alias or derivative_value(sid, None), underlying=None)

    def is_canonical(self) -> bool:
        """A future or option chain's symbol (dated LEAN's DefaultDate), not a contract."""
        kind = self.id.security_type
        if kind != SecurityType.FUTURE and not (kind in OPTION_TYPES and self.id.has_underlying):
            return False
        return self.id.date.date() == DEFAULT_DATE

    def has_canonical(self) -> bool:
        kind = self.id.security_type
        return not self.is_canonical() and (kind in OPTION_TYPES or kind == SecurityType.FUTURE)

    @property
    def canonical(self) -> Symbol:
        """The chain symbol of a contract (itself when canonical); an error for other types."""
        cached = getattr(self, "_canonical", None)
        if cached is not None:
            return cached
        result = self
        if not self.is_canonical():
            kind = self.id.security_type
            if kind in OPTION_TYPES:
                result = Symbol.create_canonical_option(
                    self.underlying, self.id.symbol, self.id.market, None
                )
            elif kind == SecurityType.FUTURE:
                result = Symbol.create(self.id.symbol, SecurityType.FUTURE, self.id.market)
            else:
                raise ValueError(f"{self.value} ({kind}) has no canonical symbol")
        self._canonical = result
        return result

    def has_underlying_symbol(self, symbol: Symbol) -> bool:
        current = self
        while current.underlying is not None:
            if current.underlying == symbol:
                return True
            current = current.underlying
        return False

    @staticmethod
    def get_option_type_from_underlying(underlying: Symbol | SecurityType) -> SecurityType:
        kind = underlying.security_type if isinstance(underlying, Symbol) else underlying
        return option_type_of(kind)

    Create = create
    CreateOption = create_option
    CreateCanonicalOption = create_canonical_option
    CreateFuture = create_future
    IsCanonical = is_canonical
    HasCanonical = has_canonical
    HasUnderlyingSymbol = has_underlying_symbol
    GetOptionTypeFromUnderlying = get_option_type_from_underlying

    @property
    def Canonical(self) -> Symbol:  # noqa: N802
        return self.canonical

    def _definition_field(self, name: str) -> Any:
        source = Symbol.definition_source
        definition = source(self) if source is not None else None
        return getattr(definition, name) if definition is not None else None

    # LEAN's Symbol.CUSIP, CompositeFIGI, SEDOL, ISIN and CIK (None when the data folder's
    # security database does not list the security)
    cusip = property(lambda self: self._definition_field("cusip"))
    composite_figi = property(lambda self: self._definition_field("composite_figi"))
    sedol = property(lambda self: self._definition_field("sedol"))
    isin = property(lambda self: self._definition_field("isin"))
    cik = property(lambda self: self._definition_field("cik"))
    CUSIP = cusip
    CompositeFIGI = composite_figi
    SEDOL = sedol
    ISIN = isin
    CIK = cik

    @classmethod
    def create_base(cls, base_type: type, underlying: Symbol, market: str | None = None) -> Symbol:
        """LEAN's ``Symbol.CreateBase``: the custom data symbol of ``base_type`` linked to
        ``underlying`` (same ticker, ``symbol.underlying`` set, identifier ``TICKER.TypeName``)."""
        if not isinstance(underlying, Symbol):
            raise TypeError(f"Symbol.create_base needs an underlying Symbol, got {underlying!r}")
        ticker = underlying.value
        symbol = cls(
            ticker,
            SecurityType.BASE,
            market or underlying.market or "usa",
            f"{ticker}.{getattr(base_type, '__name__', base_type)}",
        )
        symbol.underlying = underlying
        if isinstance(base_type, type):
            BASE_DATA_TYPES[str(symbol.id)] = base_type
        return symbol

    CreateBase = create_base

    @property
    def custom_data_type(self) -> type | None:
        """The custom data type a ``create_base`` symbol was made for (LEAN keeps its name in the
        identifier and resolves it when a universe selects the symbol)."""
        if self.id.security_type != SecurityType.BASE:
            return None
        return BASE_DATA_TYPES.get(str(self.id))

    @property
    def has_underlying(self) -> bool:
        return self.underlying is not None

    @property
    def Underlying(self) -> Symbol | None:  # noqa: N802
        return self.underlying

    @property
    def HasUnderlying(self) -> bool:  # noqa: N802
        return self.underlying is not None

    @property
    def security_type(self) -> SecurityType:
        return self.id.security_type

    @property
    def market(self) -> str:
        return self.id.market

    # the older PascalCase API
    @property
    def Value(self) -> str:  # noqa: N802
        return self.value

    @property
    def ID(self) -> SecurityIdentifier:  # noqa: N802
        return self.id

    @property
    def SecurityType(self) -> SecurityType:  # noqa: N802
        return self.id.security_type

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Symbol):
            # LEAN's Symbol equality is by SecurityIdentifier (Common/Symbol.cs): two equities
            # trading under one ticker with different identifiers (class A Google, "GOOG T1AZ..."
            # until 2014, and the new "GOOCV VP83..." named GOOG since) are different securities,
            # and one identifier is one security under any of its tickers (GOOCV and GOOG). A
            # symbol without a known identifier (made from a ticker alone) matches by ticker.
            # The hash stays the ticker's (tickers index the engine's dicts), so containers that
            # find a security under another ticker look it up by identifier.
            # Options and futures compare by identifier the same way.
            if (
                self.id.sid
                and other.id.sid
                and self.id.security_type == other.id.security_type
                and self.id.security_type in IDENTIFIED_TYPES
            ):
                return self.id.sid == other.id.sid
            return (
                self.value == other.value
                and self.id.security_type == other.id.security_type
                and (self.id.market == other.id.market)
            )
        if isinstance(other, str):
            return self.value == other.upper()
        return NotImplemented

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Symbol({self.value!r}, {self.id.security_type.name}, {self.id.market!r})"

    def __lt__(self, other: Symbol) -> bool:
        return symbol_order(self) < symbol_order(other)


def symbol_order(symbol: Any) -> str:
    """The sort key of LEAN's ``Symbol.CompareTo`` (Common/Symbol.cs): symbols order by their
    values (tickers) compared ordinally, ignoring case; a ticker string orders as its symbol.
    Every collection LEAN keeps in symbol order (its DataDictionary) sorts by this."""
    return str(getattr(symbol, "value", symbol)).upper()


def derivative_value(identifier: SecurityIdentifier, underlying: Symbol | None) -> str | None:
    """LEAN's ``Symbol.GetAlias``: an option's OSI ticker ("SPY   140606C00650000", "?SPY"
    for the chain), a future's ticker ("ES18Z20", "/ES" for the chain); None for other types."""
    kind = identifier.security_type
    if kind in OPTION_TYPES and underlying is not None:
        ticker = underlying.value
        if identifier.symbol != underlying.id.symbol:
            # a mapped option ticker (OG on GC, SPXW on SPX) names the option
            ticker = identifier.symbol
        if identifier.date.date() == DEFAULT_DATE:
            return f"?{ticker.upper()}"
        if len(ticker) > 5:
            ticker += " "
        return option_ticker_osi(
            ticker, identifier.option_right, identifier.strike_price, identifier.date
        )
    if kind == SecurityType.FUTURE and identifier.sid:
        if identifier.date.date() == DEFAULT_DATE:
            return f"/{identifier.symbol}"
        return future_ticker(identifier.symbol, identifier.date)
    return None


# LEAN's ``Symbol.Empty``: no ticker; as a database key it stands for every ticker of a market
Symbol.EMPTY = Symbol.Empty = Symbol("", SecurityType.BASE, "")  # type: ignore[attr-defined]
