"""Option chains of a time slice and of ``option_chain()`` (LEAN's Common/Data/Market/OptionChain.cs,
OptionChains.cs, OptionContract.cs and BaseContract.cs).

A contract answers its last trade, quote and open interest in the slice, the underlying's price,
and the implied volatility and greeks of its price model; a contract made from a chain (universe)
file answers that file's figures instead (its bid and ask are the day's close, as LEAN's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.model.slice import DataDictionary
from engine.model.symbol_ordered import SymbolOrderedDict


@dataclass(frozen=True, slots=True)
class PreCalculatedGreeks:
    """The greeks an option universe file gives (LEAN's OptionUniverse.PreCalculatedGreeks)."""

    delta: float = 0.0
    gamma: float = 0.0
    vega: float = 0.0
    theta: float = 0.0
    rho: float = 0.0
    lambda_: float = 0.0

    @property
    def theta_per_day(self) -> float:
        return self.theta / 365

    Delta = property(lambda self: self.delta)
    Gamma = property(lambda self: self.gamma)
    Vega = property(lambda self: self.vega)
    Theta = property(lambda self: self.theta)
    Rho = property(lambda self: self.rho)
    Lambda = property(lambda self: self.lambda_)
    ThetaPerDay = theta_per_day

    def __str__(self) -> str:
        return f"D: {self.delta}, G: {self.gamma}, V: {self.vega}, T: {self.theta}, R: {self.rho}"


class OptionContract:
    def __init__(
        self,
        symbol: Any,
        time: datetime | None = None,
        *,
        trade_bar: Any = None,
        quote_bar: Any = None,
        open_interest: float = 0.0,
        underlying: Any = None,
        universe_row: Any = None,
        price_model: Callable[[], Any] | None = None,
        strike_multiplier: float = 1.0,
    ) -> None:
        self.symbol = symbol
        self.time = time
        self._trade = trade_bar
        self._quote = quote_bar
        self._open_interest = open_interest
        self._underlying = underlying
        self._row = universe_row
        self._price_model = price_model
        self._model_result: Any = None
        self._strike_multiplier = strike_multiplier

    # -- the contract's terms ----------------------------------------------------------------------
    @property
    def id(self) -> Any:
        return self.symbol.id

    @property
    def underlying_symbol(self) -> Any:
        return self.symbol.underlying

    @property
    def strike(self) -> float:
        return float(self.symbol.id.strike_price)

    @property
    def scaled_strike(self) -> float:
        return self.strike * self._strike_multiplier

    @property
    def expiry(self) -> datetime:
        return self.symbol.id.date

    @property
    def right(self) -> Any:
        return self.symbol.id.option_right

    @property
    def style(self) -> Any:
        return self.symbol.id.option_style

    # -- market data ---------------------------------------------------------------------------
    @property
    def last_price(self) -> float:
        if self._row is not None:
            return float(self._row.close)
        return float(self._trade.close) if self._trade is not None else 0.0

    @property
    def volume(self) -> int:
        if self._row is not None:
            return int(self._row.volume)
        return int(self._trade.volume) if self._trade is not None else 0

    def _side(self, side: str, field: str) -> float:
        if self._row is not None:
            return float(self._row.close) if field == "close" else 0.0
        quote = self._quote
        if quote is None:
            return 0.0
        if field == "size":
            return float(getattr(quote, f"last_{side}_size", 0.0) or 0.0)
        bar = getattr(quote, side, None)
        return float(bar.close) if bar is not None else 0.0

    bid_price = property(lambda self: self._side("bid", "close"))
    ask_price = property(lambda self: self._side("ask", "close"))
    bid_size = property(lambda self: int(self._side("bid", "size")))
    ask_size = property(lambda self: int(self._side("ask", "size")))

    @property
    def open_interest(self) -> float:
        if self._row is not None:
            return float(self._row.open_interest)
        return float(self._open_interest or 0.0)

    @property
    def underlying_last_price(self) -> float:
        if self._row is not None:
            underlying = self._row.underlying
            return float(underlying.price) if underlying is not None else 0.0
        price = getattr(self._underlying, "price", None)
        return float(price) if price is not None else 0.0

    # -- the price model -----------------------------------------------------------------------
    def set_option_price_model(self, evaluator: Callable[[], Any]) -> None:
        """``evaluator()`` -> the price model's result (theoretical price, implied volatility,
        greeks), evaluated once when first read (LEAN's SetOptionPriceModel)."""
        self._price_model = evaluator
        self._model_result = None

    def _model(self) -> Any:
        if self._model_result is None and self._price_model is not None:
            self._model_result = self._price_model()
        return self._model_result

    @property
    def theoretical_price(self) -> float:
        if self._row is not None:
            return 0.0
        result = self._model()
        return float(getattr(result, "theoretical_price", 0.0)) if result is not None else 0.0

    @property
    def implied_volatility(self) -> float:
        if self._row is not None:
            return float(self._row.implied_volatility)
        result = self._model()
        return float(getattr(result, "implied_volatility", 0.0)) if result is not None else 0.0

    @property
    def greeks(self) -> Any:
        if self._row is not None:
            return self._row.greeks
        result = self._model()
        if result is not None:
            return result.greeks
        return PreCalculatedGreeks()

    def __str__(self) -> str:
        return str(self.symbol.value)

    def __repr__(self) -> str:
        return f"OptionContract({self.symbol.value})"

    # LEAN converts a contract to its Symbol implicitly: it equals (and hashes as) its symbol
    def __eq__(self, other: object) -> bool:
        if isinstance(other, OptionContract):
            return self.symbol == other.symbol
        return self.symbol == other

    def __hash__(self) -> int:
        return hash(self.symbol)

    # the PascalCase API
    Symbol = property(lambda self: self.symbol)
    ID = id
    UnderlyingSymbol = underlying_symbol
    Strike = strike
    ScaledStrike = scaled_strike
    Expiry = expiry
    Right = right
    Style = style
    LastPrice = last_price
    Volume = volume
    BidPrice = bid_price
    AskPrice = ask_price
    BidSize = bid_size
    AskSize = ask_size
    OpenInterest = open_interest
    UnderlyingLastPrice = underlying_last_price
    TheoreticalPrice = theoretical_price
    ImpliedVolatility = implied_volatility
    Greeks = greeks
    Time = property(lambda self: self.time)


class OptionChain:
    """The contracts of one canonical option at one time, with the underlying's data."""

    def __init__(
        self, symbol: Any, time: datetime, underlying: Any = None, contracts: Any = None
    ) -> None:
        self.symbol = symbol
        self.time = time
        self.underlying = underlying
        self.contracts = ContractsDictionary(contracts or {})
        # LEAN's chain holds them as TradeBars, QuoteBars and Ticks: DataDictionaries
        self.trade_bars: dict[Any, Any] = SymbolOrderedDict()
        self.quote_bars: dict[Any, Any] = SymbolOrderedDict()
        self.ticks: dict[Any, list] = SymbolOrderedDict()

    @property
    def filtered_contracts(self) -> set[Any]:
        return set(self.contracts)

    @property
    def end_time(self) -> datetime:
        return self.time

    def __iter__(self) -> Iterator[OptionContract]:
        return iter(list(self.contracts.values()))

    def __len__(self) -> int:
        return len(self.contracts)

    def __bool__(self) -> bool:
        return True

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.contracts

    def __getitem__(self, symbol: Any) -> OptionContract:
        return self.contracts[symbol]

    def get_aux(self, *args: Any) -> Any:
        return None

    @property
    def data_frame(self) -> Any:
        """The chain as a pandas DataFrame indexed by contract symbol, one column per contract
        field with the greeks flattened (LEAN's OptionChain.DataFrame)."""
        return contracts_frame(list(self), None)

    # the PascalCase API
    Symbol = property(lambda self: self.symbol)
    Time = property(lambda self: self.time)
    EndTime = end_time
    Underlying = property(lambda self: self.underlying)
    Contracts = property(lambda self: self.contracts)
    FilteredContracts = filtered_contracts
    TradeBars = property(lambda self: self.trade_bars)
    QuoteBars = property(lambda self: self.quote_bars)
    Ticks = property(lambda self: self.ticks)
    DataFrame = data_frame


def contract_row(contract: OptionContract) -> dict[str, Any]:
    greeks = contract.greeks
    return {
        "expiry": contract.expiry,
        "strike": contract.strike,
        "scaledstrike": contract.scaled_strike,
        "right": contract.right,
        "style": contract.style,
        "openinterest": contract.open_interest,
        "lastprice": contract.last_price,
        "volume": contract.volume,
        "bidprice": contract.bid_price,
        "bidsize": contract.bid_size,
        "askprice": contract.ask_price,
        "asksize": contract.ask_size,
        "underlyingsymbol": contract.underlying_symbol,
        "underlyinglastprice": contract.underlying_last_price,
        "impliedvolatility": contract.implied_volatility,
        "theoreticalprice": contract.theoretical_price,
        "delta": float(greeks.delta),
        "gamma": float(greeks.gamma),
        "vega": float(greeks.vega),
        "theta": float(greeks.theta),
        "rho": float(greeks.rho),
    }


def contracts_frame(contracts: list[OptionContract], canonicals: list[Any] | None) -> Any:
    """Contracts as a DataFrame: indexed by symbol (a row's name is its contract symbol), or by
    (canonical, symbol) for several chains."""
    import pandas as pd

    rows = [contract_row(c) for c in contracts]
    symbols = [c.symbol for c in contracts]
    if canonicals is None:
        index = pd.Index(symbols, name="symbol", dtype=object)
    else:
        index = pd.MultiIndex.from_arrays([canonicals, symbols], names=["canonical", "symbol"])
    return pd.DataFrame(rows, index=index)


class ContractsDictionary(SymbolOrderedDict):
    """Contract symbol -> OptionContract, in symbol order: LEAN's OptionContracts is a
    DataDictionary, whose keys, values and items are sorted by symbol
    (Common/Data/Market/DataDictionary.cs), so the first contract of a chain is the lowest call
    strike, whatever order the data arrived in."""

    def contains_key(self, key: Any) -> bool:
        return key in self

    ContainsKey = contains_key
    Keys = property(SymbolOrderedDict.keys)
    Values = property(SymbolOrderedDict.values)
    Count = property(lambda self: len(self))


class OptionChains(DataDictionary):
    """Canonical option symbol -> OptionChain of a slice; a canonical symbol made elsewhere or the
    underlying's ticker finds its chain too."""

    def get(self, key: Any, default: Any = None) -> Any:  # type: ignore[override]
        chain = dict.get(self, key)
        if chain is None:
            chain = self._by_underlying(key)
        return default if chain is None else chain

    @property
    def data_frame(self) -> Any:
        """Every chain's contracts, indexed by (canonical, symbol) (LEAN's OptionChains.DataFrame)."""
        contracts, canonicals = [], []
        for canonical, chain in self.items():
            for contract in chain:
                contracts.append(contract)
                canonicals.append(canonical)
        return contracts_frame(contracts, canonicals)

    DataFrame = data_frame

    def __getitem__(self, key: Any) -> OptionChain:
        chain = self.get(key)
        if chain is None:
            raise KeyError(f"'{key}' wasn't found in the OptionChains object")
        return chain

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def _by_underlying(self, key: Any) -> Any:
        key_underlying = getattr(key, "underlying", None)
        # the underlying itself (a future contract names its options' chain, as LEAN's
        # OptionChains indexer makes the canonical option of a symbol that has options)
        from engine.model.security_identifier import OPTION_TYPES

        kind = getattr(key, "security_type", None)
        is_underlying = kind is not None and kind not in OPTION_TYPES
        for symbol, chain in dict.items(self):
            underlying = getattr(symbol, "underlying", None)
            if underlying is None:
                continue
            if is_underlying:
                if underlying == key:
                    return chain
                continue
            if key_underlying is not None:
                # one underlying has several option tickers (SPX and its weeklies, SPXW): a
                # chain is found only under its own
                if (
                    underlying == key_underlying
                    and symbol.security_type == key.security_type
                    and symbol.id.symbol == key.id.symbol
                ):
                    return chain
            elif isinstance(key, str) and underlying.value == key.upper():
                return chain
        return None
