"""``slice.future_chains``: the futures chains of one time step (LEAN's
Common/Data/Market/FuturesChain.cs, FuturesChains.cs and FuturesContract.cs, built as
Engine/DataFeeds/TimeSliceFactory.cs does): one chain per canonical future, holding a contract
for each future contract with data in the step. A contract's prices are those of its latest trade
bar (last price, volume), quote bar (bid/ask and their sizes) and open interest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from engine.common.naming import PascalCaseAttributes
from engine.model.enums import SecurityType
from engine.model.slice import DataDictionary


def canonical_of(symbol: Any) -> Any:
    """The canonical (chain) symbol of a future contract."""
    canonical = getattr(symbol, "canonical", None)
    return canonical() if callable(canonical) else canonical


def is_future_contract(symbol: Any) -> bool:
    if symbol.security_type != SecurityType.FUTURE:
        return False
    is_canonical = getattr(symbol, "is_canonical", None)
    return not (is_canonical() if callable(is_canonical) else bool(is_canonical))


class FuturesContract(PascalCaseAttributes):
    """One contract of a chain with its latest data in the step."""

    __slots__ = (
        "symbol",
        "time",
        "trade_bar",
        "quote_bar",
        "open_interest_point",
        "universe_row",
    )

    def __init__(self, symbol: Any, time: datetime | None = None) -> None:
        self.symbol = symbol
        self.time = time
        self.trade_bar: Any = None
        self.quote_bar: Any = None
        self.open_interest_point: Any = None
        # a chain from the universe file (``future_chain``): its row prices the contract
        self.universe_row: Any = None

    def update(self, data: Any) -> None:
        kind = type(data).__name__
        if kind == "TradeBar":
            self.trade_bar = data
        elif kind == "QuoteBar":
            self.quote_bar = data
        elif kind == "OpenInterest" or getattr(data, "tick_type", None) == 2:
            self.open_interest_point = data

    @property
    def id(self) -> Any:
        return self.symbol.id

    @property
    def expiry(self) -> datetime:
        return self.symbol.id.date

    @property
    def underlying_symbol(self) -> Any:
        return getattr(self.symbol, "underlying", None)

    @property
    def last_price(self) -> float:
        if self.universe_row is not None:
            return float(self.universe_row.close)
        return float(self.trade_bar.close) if self.trade_bar is not None else 0.0

    @property
    def volume(self) -> int:
        if self.universe_row is not None:
            return int(self.universe_row.volume)
        return int(self.trade_bar.volume) if self.trade_bar is not None else 0

    @property
    def open_interest(self) -> float:
        if self.universe_row is not None:
            return float(self.universe_row.open_interest or 0.0)
        point = self.open_interest_point
        return float(point.value) if point is not None else 0.0

    def _side(self, side: str) -> Any:
        return getattr(self.quote_bar, side, None) if self.quote_bar is not None else None

    @property
    def bid_price(self) -> float:
        if self.universe_row is not None:
            return float(self.universe_row.close)
        bid = self._side("bid")
        return float(bid.close) if bid is not None else 0.0

    @property
    def ask_price(self) -> float:
        if self.universe_row is not None:
            return float(self.universe_row.close)
        ask = self._side("ask")
        return float(ask.close) if ask is not None else 0.0

    @property
    def bid_size(self) -> int:
        return int(self.quote_bar.last_bid_size) if self.quote_bar is not None else 0

    @property
    def ask_size(self) -> int:
        return int(self.quote_bar.last_ask_size) if self.quote_bar is not None else 0

    value = price = close = last_price

    def __str__(self) -> str:
        return str(self.symbol.value)

    __repr__ = __str__


class FuturesChain(PascalCaseAttributes):
    """The contracts of one canonical future with data in the step; iterating gives them."""

    __slots__ = ("symbol", "time", "contracts", "trade_bars", "quote_bars", "filtered_contracts")

    def __init__(self, canonical: Any, time: datetime | None = None) -> None:
        self.symbol = canonical
        self.time = time
        self.contracts: DataDictionary = DataDictionary()
        self.trade_bars: DataDictionary = DataDictionary()
        self.quote_bars: DataDictionary = DataDictionary()
        self.filtered_contracts: set[Any] = set()

    def add(self, data: Any) -> None:
        symbol = data.symbol
        contract = self.contracts.get(symbol)
        if contract is None:
            contract = self.contracts[symbol] = FuturesContract(symbol, self.time)
        contract.update(data)
        kind = type(data).__name__
        if kind == "TradeBar":
            self.trade_bars[symbol] = data
        elif kind == "QuoteBar":
            self.quote_bars[symbol] = data

    def __iter__(self) -> Iterator[FuturesContract]:
        return iter(list(self.contracts.values()))

    def __len__(self) -> int:
        return len(self.contracts)

    @property
    def underlying(self) -> Any:
        return None

    @property
    def data_frame(self) -> Any:
        """The contracts as a pandas DataFrame indexed by symbol (LEAN's chain DataFrame)."""
        import pandas as pd

        rows = [contract_row(c) for c in self.contracts.values()]
        index = pd.Index([c.symbol for c in self.contracts.values()], name="symbol")
        return pd.DataFrame(rows, index=index, columns=CHAIN_COLUMNS)

    DataFrame = data_frame

    def __repr__(self) -> str:
        return f"FuturesChain({self.symbol}, {len(self.contracts)} contracts)"


#: the columns of a chain's DataFrame (LEAN's FuturesContract properties, lower case)
CHAIN_COLUMNS = [
    "expiry",
    "lastprice",
    "bidprice",
    "bidsize",
    "askprice",
    "asksize",
    "volume",
    "openinterest",
]


def contract_row(contract: FuturesContract) -> list[Any]:
    return [
        contract.expiry,
        contract.last_price,
        contract.bid_price,
        contract.bid_size,
        contract.ask_price,
        contract.ask_size,
        contract.volume,
        contract.open_interest,
    ]


class FuturesChains(DataDictionary):
    """Canonical future symbol -> ``FuturesChain`` of the step."""

    @property
    def data_frame(self) -> Any:
        """Every chain's contracts as a DataFrame indexed by (canonical, symbol)."""
        import pandas as pd

        rows, index = [], []
        for canonical, chain in self.items():
            for contract in chain.contracts.values():
                rows.append(contract_row(contract))
                index.append((canonical, contract.symbol))
        return pd.DataFrame(
            rows,
            index=pd.MultiIndex.from_tuples(index, names=["canonical", "symbol"])
            if index
            else pd.MultiIndex.from_tuples([], names=["canonical", "symbol"]),
            columns=CHAIN_COLUMNS,
        )

    DataFrame = data_frame


def build_future_chains(time: datetime, sources: Iterable[Iterable[Any]]) -> FuturesChains:
    """The chains of the future contracts' data among ``sources`` (the step's trade bars, quote
    bars, open interest), in arrival order."""
    chains = FuturesChains()
    for source in sources:
        for data in source:
            symbol = data.symbol
            if not is_future_contract(symbol):
                continue
            canonical = canonical_of(symbol)
            chain = chains.get(canonical)
            if chain is None:
                chain = chains[canonical] = FuturesChain(canonical, time)
            chain.add(data)
    return chains
