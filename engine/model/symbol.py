"""Symbols: the identity of a security (ticker + security type + market).

A ``Symbol`` compares equal to its ticker string and hashes like it, so user code may index
``self.securities["SPY"]`` or ``slice["SPY"]`` with a string, as in QuantConnect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from engine.model.enums import SecurityType


@dataclass(frozen=True, slots=True)
class SecurityIdentifier:
    symbol: str
    security_type: SecurityType
    market: str
    sid: str = ""  # LEAN's encoded identifier (e.g. "SPY R735QTJ8XC9X") when known

    def __str__(self) -> str:
        return self.sid or f"{self.symbol} {self.security_type.name} {self.market}"

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
        source = Symbol.identifier_source
        sid = ""
        if map_symbol and source is not None:
            sid = source(Symbol(ticker, SecurityType.EQUITY, market), mapping_resolve_date)
        return SecurityIdentifier(ticker, SecurityType.EQUITY, market, sid)

    GenerateConstituentIdentifier = generate_constituent_identifier
    GenerateEquity = generate_equity


# identifier ("SPY.MyData") -> the custom data type of the symbols ``Symbol.create_base`` made
BASE_DATA_TYPES: dict[str, type] = {}


class Symbol:
    __slots__ = ("value", "id", "_hash", "underlying")

    def __init__(
        self,
        value: str | SecurityIdentifier,
        security_type: SecurityType | str,
        market: str = "",
        sid: str = "",
    ) -> None:
        if isinstance(value, SecurityIdentifier):  # LEAN's ``Symbol(sid, ticker)``
            self.id = value
            self.value = str(security_type).upper()
        else:
            self.value = value.upper()
            self.id = SecurityIdentifier(
                self.value, SecurityType(security_type), market.lower(), sid
            )
        self._hash = hash(self.value)
        self.underlying: Symbol | None = None

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
    def create(cls, ticker: str, security_type: SecurityType, market: str) -> Symbol:
        """LEAN's ``Symbol.Create``: an equity gets its identifier from the map file of the
        security trading as ``ticker`` today (``SecurityIdentifier.GenerateEquity``)."""
        if SecurityType(security_type) == SecurityType.EQUITY:
            return cls(SecurityIdentifier.generate_equity(ticker, market), ticker)
        return cls(ticker, security_type, market)

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
            if (
                self.id.sid
                and other.id.sid
                and self.id.security_type == other.id.security_type == SecurityType.EQUITY
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
        return str(self) < str(other)


# LEAN's ``Symbol.Empty``: no ticker; as a database key it stands for every ticker of a market
Symbol.EMPTY = Symbol.Empty = Symbol("", SecurityType.BASE, "")  # type: ignore[attr-defined]
