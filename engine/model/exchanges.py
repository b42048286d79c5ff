"""LEAN's ``Exchange`` (Common/Exchange.cs): named exchanges an order can be routed to.

``Exchange.NSE`` and friends are what ``IndiaOrderProperties(Exchange.NSE)`` and
``OrderProperties.exchange`` take; ``str(exchange)`` is the exchange's name, as LEAN's implicit
string conversion.
"""

from __future__ import annotations

from engine.model.enums import Market
from engine.model.enums import SecurityType as ST


class Exchange:
    """One exchange: ``name``, ``code``, ``description``, ``market`` and the security types it lists."""

    __slots__ = ("name", "code", "description", "market", "security_types")

    def __init__(
        self,
        name: str,
        code: str,
        description: str,
        market: str,
        security_types: tuple[ST, ...] = (),
    ) -> None:
        self.name = name
        self.code = code
        self.description = description
        self.market = market
        self.security_types = security_types

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"Exchange({self.name!r}, {self.market!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Exchange):
            return (self.name, self.market) == (other.name, other.market)
        if isinstance(other, str):
            return self.name == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.name, self.market))

    Name = property(lambda self: self.name)
    Code = property(lambda self: self.code)
    Description = property(lambda self: self.description)
    Market = property(lambda self: self.market)
    SecurityTypes = property(lambda self: list(self.security_types))


# attribute, name, code, description, market, security types (Common/Exchange.cs)
EXCHANGES: tuple[tuple[str, str, str, str, str, tuple[ST, ...]], ...] = (
    ("UNKNOWN", "", "", "UNKNOWN", "", ()),
    ("MEMX", "MEMX", "MM", "The Members Exchange", Market.USA, (ST.EQUITY,)),
    ("LTSE", "LTSE", "L", "The Long-Term Stock Exchange", Market.USA, (ST.EQUITY,)),
    (
        "NASDAQ",
        "NASDAQ",
        "Q",
        "National Association of Securities Dealers Automated Quotation",
        Market.USA,
        (ST.EQUITY,),
    ),
    ("NASDAQ_SC", "NASDAQ_SC", "S", "NASDAQ Small Cap", Market.USA, (ST.EQUITY,)),
    (
        "NASDAQ_Options",
        "XNDQ",
        "XNDQ",
        "NASDAQ options market",
        Market.USA,
        (ST.OPTION, ST.INDEX_OPTION),
    ),
    (
        "BATS",
        "BATS",
        "Z",
        "Bats Global Markets, Better Alternative Trading System",
        Market.USA,
        (ST.EQUITY,),
    ),
    ("ARCA", "ARCA", "P", "New York Stock Archipelago Exchange", Market.USA, (ST.EQUITY,)),
    ("ARCA_Options", "ARCX", "ARCX", "NYSE Arca Options", Market.USA, (ST.OPTION,)),
    ("NYSE", "NYSE", "N", "New York Stock Exchange", Market.USA, (ST.EQUITY,)),
    ("SMART", "SMART", "SMART", "SMART Exchange", Market.USA, (ST.EQUITY,)),
    ("OTCX", "OTCX", "OTCX", "Over the Counter Exchange", Market.USA, (ST.EQUITY,)),
    ("IEX", "IEX", "IEX", "Investors Exchange", Market.USA, (ST.EQUITY,)),
    ("NSX", "NSE", "C", "National Stock Exchange", Market.USA, (ST.EQUITY,)),
    (
        "FINRA",
        "FINRA",
        "D",
        "The Financial Industry Regulatory Authority",
        Market.USA,
        (ST.EQUITY,),
    ),
    ("ISE", "ISE", "I", "Nasdaq International Securities Exchange", Market.USA, (ST.EQUITY,)),
    ("CSE", "CSE", "M", "Chicago Stock Exchange", Market.USA, (ST.EQUITY,)),
    (
        "CBOE",
        "CBOE",
        "W",
        "The Chicago Board Options Exchange",
        Market.USA,
        (ST.EQUITY, ST.OPTION, ST.INDEX_OPTION),
    ),
    ("C2", "C2", "W", "CBOE Options Exchange", Market.USA, (ST.OPTION,)),
    (
        "NASDAQ_BX",
        "NASDAQ_BX",
        "B",
        "National Association of Securities Dealers Automated Quotation BX",
        Market.USA,
        (ST.EQUITY,),
    ),
    (
        "SIAC",
        "SIAC",
        "SIAC",
        "The Securities Industry Automation Corporation",
        Market.USA,
        (ST.EQUITY,),
    ),
    ("EDGA", "EDGA", "J", "CBOE EDGA U.S. equities Exchange", Market.USA, (ST.EQUITY,)),
    ("EDGX", "EDGX", "K", "CBOE EDGX U.S. equities Exchange", Market.USA, (ST.EQUITY,)),
    (
        "EDGO",
        "EDGO",
        "EDGO",
        "CBOE EDGX OPTIONS EXCHANGE.",
        Market.USA,
        (ST.OPTION, ST.INDEX_OPTION),
    ),
    (
        "NASDAQ_PSX",
        "NASDAQ_PSX",
        "X",
        "National Association of Securities Dealers Automated Quotation PSX",
        Market.USA,
        (ST.EQUITY,),
    ),
    (
        "BATS_Y",
        "BATS_Y",
        "Y",
        "Bats Global Markets, Better Alternative Trading System",
        Market.USA,
        (ST.EQUITY,),
    ),
    ("BOSTON", "BOSTON", "BB", "The Boston Stock Exchange", Market.USA, (ST.EQUITY,)),
    ("BOX", "BOX", "B", "The Boston Option Exchange", Market.USA, (ST.OPTION, ST.INDEX_OPTION)),
    ("AMEX", "AMEX", "A", "The American Stock Exchange", Market.USA, (ST.EQUITY,)),
    ("BSE", "BSE", "BSE", "Bombay Stock Exchange", Market.INDIA, (ST.EQUITY,)),
    ("NSE", "NSE", "NSE", "National Stock Exchange of India", Market.INDIA, (ST.EQUITY,)),
    ("AMEX_Options", "AMEX", "A", "The American Options Exchange", Market.USA, (ST.OPTION,)),
    ("OPRA", "OPRA", "O", "The Options Price Reporting Authority", Market.USA, (ST.OPTION,)),
    (
        "MIAX",
        "MIAX",
        "M",
        "Miami International Securities Options Exchange",
        Market.USA,
        (ST.OPTION,),
    ),
    ("MIAX_PEARL", "MIAX_PEARL", "MP", "MIAX PEARL", Market.USA, (ST.OPTION, ST.EQUITY)),
    ("MIAX_EMERALD", "MIAX_EMERALD", "ME", "MIAX EMERALD", Market.USA, (ST.OPTION,)),
    (
        "MIAX_SAPPHIRE",
        "MIAX_SAPPHIRE",
        "SPHR",
        "Miax Sapphire, LLC",
        Market.USA,
        (ST.OPTION, ST.INDEX_OPTION),
    ),
    (
        "ISE_GEMINI",
        "ISE_GEMINI",
        "H",
        "International Securities Options Exchange GEMINI",
        Market.USA,
        (ST.OPTION,),
    ),
    (
        "ISE_MERCURY",
        "ISE_MERCURY",
        "J",
        "International Securities Options Exchange MERCURY",
        Market.USA,
        (ST.OPTION,),
    ),
    (
        "CME",
        "CME",
        "CME",
        "Futures and Options Chicago Mercantile Exchange",
        Market.CME,
        (ST.FUTURE, ST.FUTURE_OPTION),
    ),
    (
        "EUREX",
        "EUREX",
        "EUREX",
        "European Derivatives Exchange",
        Market.EUREX,
        (ST.FUTURE, ST.INDEX),
    ),
    (
        "CBOT",
        "CBOT",
        "CBOT",
        "Chicago Board of Trade Commodity Exchange",
        Market.CBOT,
        (ST.FUTURE, ST.FUTURE_OPTION),
    ),
    ("CFE", "CFE", "CFE", "CFE Futures Exchange", Market.CFE, (ST.FUTURE,)),
    ("COMEX", "COMEX", "COMEX", "COMEX Futures Exchange", Market.COMEX, (ST.FUTURE,)),
    ("ICE", "ICE", "ICE", "The Intercontinental Exchange", Market.ICE, (ST.FUTURE,)),
    (
        "NYMEX",
        "NYMEX",
        "NYMEX",
        "New York Mercantile Exchange",
        Market.NYMEX,
        (ST.FUTURE, ST.FUTURE_OPTION),
    ),
    (
        "NYSELIFFE",
        "NYSELIFFE",
        "NYSELIFFE",
        "London International Financial Futures and Options Exchange",
        Market.NYSELIFFE,
        (ST.FUTURE, ST.FUTURE_OPTION),
    ),
    ("CSFB", "CSFB", "CSFB", "Credit Suisse First Boston", Market.USA, (ST.EQUITY,)),
    ("PHLX", "PHLX", "X", "NASDAQ OMX PHLX", Market.USA, (ST.OPTION, ST.INDEX_OPTION)),
)

for _attribute, *_fields in EXCHANGES:
    setattr(Exchange, _attribute, Exchange(*_fields))
