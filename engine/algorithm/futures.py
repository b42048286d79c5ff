"""The algorithm's futures API (LEAN's Algorithm/QCAlgorithm.cs ``AddFuture``,
``AddFutureContract``, ``FutureChainProvider`` and ``FuturesChain``).

``add_future(ticker)`` adds the chain's security (the canonical symbol, ``/ES``, not tradable) and
a universe that each day subscribes the contracts its ``set_filter`` keeps; their data arrives in
``slice.future_chains``. ``add_future_contract(symbol)`` subscribes one contract directly.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from engine.algorithm.settings import UniverseSettings
from engine.data.future_chain import listed_contracts
from engine.data.symbol_properties import markets_listing
from engine.errors import AlgorithmError
from engine.model import DataNormalizationMode, SecurityType, Symbol
from engine.model.future_enums import DataMappingMode
from engine.model.futures_chain import FuturesChain, FuturesChains, FuturesContract
from engine.model.subscriptions import as_normalization, as_resolution
from engine.universe.continuous import mapping_selector
from engine.universe.kinds import UniverseEntry


def continuous_normalization(mode: Any) -> DataNormalizationMode:
    """A continuous future's normalization: raw or one of the futures' adjustments as given,
    backwards ratio for anything else (LEAN's GetUniverseNormalizationModeOrDefault)."""
    mode = as_normalization(mode)
    if mode in (
        DataNormalizationMode.RAW,
        DataNormalizationMode.BACKWARDS_RATIO,
        DataNormalizationMode.BACKWARDS_PANAMA_CANAL,
        DataNormalizationMode.FORWARD_PANAMA_CANAL,
    ):
        return mode
    return DataNormalizationMode.BACKWARDS_RATIO


def future_market(folder: Any, ticker: str, market: str | None) -> str:
    """The market of ``add_future(ticker)``: the one given, else the one the symbol-properties
    database lists the ticker under, else CME."""
    if market:
        return str(market).lower()
    listed = markets_listing(folder, "future", ticker)
    return listed[0] if listed else "cme"


class FutureChainProvider:
    """``self.future_chain_provider.get_future_contract_list(symbol, date)``: the contracts of
    the chain listed on ``date`` (LEAN's BacktestingFutureChainProvider)."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    def get_future_contract_list(self, symbol: Symbol, when: date | datetime) -> list[Symbol]:
        canonical = _canonical_future(symbol)
        day = when.date() if isinstance(when, datetime) else when
        folder = self._algorithm._data_folder
        return [
            Symbol.create_future(canonical.id.symbol, canonical.id.market, c.expiry)
            for c in listed_contracts(folder, canonical.id.market, canonical.id.symbol, day)
        ]

    GetFutureContractList = get_future_contract_list


def _canonical_future(symbol: Any) -> Symbol:
    if not isinstance(symbol, Symbol):
        raise TypeError(f"a future chain is named by a Symbol, not {symbol!r}")
    if symbol.security_type == SecurityType.FUTURE_OPTION and symbol.underlying is not None:
        symbol = symbol.underlying  # as LEAN, a future option's chain is its future's
    if symbol.security_type != SecurityType.FUTURE:
        raise ValueError(
            f"BacktestingFutureChainProvider.GetFutureContractList(): Future or FutureOption is "
            f"expected but was {symbol.security_type}"
        )
    return symbol.canonical


class FuturesMixin:
    """``add_future``, ``add_future_contract``, ``future_chain_provider``, ``future_chain``."""

    def add_future(
        self,
        ticker: str,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        extended_market_hours: bool = False,
        data_mapping_mode: Any = None,
        data_normalization_mode: Any = None,
        contract_depth_offset: int = 0,
    ) -> Any:
        """The chain's security; its ``set_filter`` picks the contracts subscribed each day."""
        algo: Any = self
        market = future_market(algo._data_folder, str(ticker), market)
        canonical = Symbol.create(str(ticker).upper(), SecurityType.FUTURE, market)
        for entry in algo._universes.universes:
            if entry.kind == "future" and entry.future.symbol == canonical:
                return entry.future
        resolution = as_resolution(
            resolution if resolution is not None else algo.universe_settings.resolution
        )
        mode = int(
            data_mapping_mode
            if data_mapping_mode is not None
            else getattr(algo.universe_settings, "data_mapping_mode", DataMappingMode.OPEN_INTEREST)
        )
        normalization = continuous_normalization(
            data_normalization_mode
            if data_normalization_mode is not None
            else algo.universe_settings.data_normalization_mode
        )
        security = algo._add_security(
            SecurityType.FUTURE,
            canonical,
            resolution,
            market,
            fill_forward,
            leverage,
            extended_market_hours,
            normalization,
        )
        # the chain's own data is the continuous contract (LEAN's default since 2022)
        for i, request in enumerate(algo._subscriptions):
            if request.symbol == canonical and not request.internal:
                algo._subscriptions[i] = dataclasses.replace(
                    request,
                    data_mapping_mode=mode,
                    contract_depth_offset=abs(int(contract_depth_offset or 0)),
                )
        security.data_mapping_mode = DataMappingMode(mode)
        security.contract_depth_offset = abs(int(contract_depth_offset or 0))
        settings = UniverseSettings(algo.universe_settings)
        settings.resolution = resolution
        settings.fill_forward = bool(fill_forward)
        settings.extended_market_hours = bool(extended_market_hours)
        settings.leverage = float(leverage or 0.0) or None
        settings.data_normalization_mode = DataNormalizationMode.RAW
        settings.data_mapping_mode = mode
        name = canonical.value
        continuous = UniverseEntry(
            "continuous", None, name=name, future=security, settings=settings
        )
        continuous.selector = mapping_selector(algo, continuous)
        algo._universes.add(continuous)
        algo._universes.add(
            UniverseEntry("future", None, name=name, future=security, settings=settings)
        )
        return security

    def add_future_universe_model(self, model: Any) -> None:
        """The universe of a framework ``FutureUniverseSelectionModel``: its chains are refreshed
        by the universe manager (engine.universe.future_models)."""
        algo: Any = self
        algo._universes.add(
            UniverseEntry("future_model", model, name=f"qc-future-model-{id(model):x}")
        )

    def add_future_contract(
        self,
        symbol: Symbol,
        resolution: Any = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        extended_market_hours: bool = False,
    ) -> Any:
        """One future contract, subscribed for the whole run."""
        algo: Any = self
        if not isinstance(symbol, Symbol) or symbol.security_type != SecurityType.FUTURE:
            raise AlgorithmError(
                f"add_future_contract needs a future contract Symbol, not {symbol!r}"
            )
        if symbol.is_canonical():
            raise AlgorithmError(
                f"add_future_contract needs a contract, not the chain {symbol.value}: use add_future"
            )
        return algo._add_security(
            SecurityType.FUTURE,
            symbol,
            resolution,
            symbol.id.market,
            fill_forward,
            leverage,
            extended_market_hours,
            DataNormalizationMode.RAW,
        )

    @property
    def future_chain_provider(self) -> FutureChainProvider:
        return FutureChainProvider(self)

    def future_chain(self, symbol: Any, flatten: bool = False) -> FuturesChain:
        """The chain's contracts listed today, priced from the chain's universe file."""
        algo: Any = self
        canonical = _canonical_future(symbol)
        now = algo.time
        chain = FuturesChain(canonical, now)
        market, ticker = canonical.id.market, canonical.id.symbol
        for row in listed_contracts(algo._data_folder, market, ticker, now.date()):
            contract_symbol = Symbol.create_future(ticker, market, row.expiry)
            contract = FuturesContract(contract_symbol, now)
            contract.universe_row = row
            chain.contracts[contract_symbol] = contract
        return chain

    def futures_chains(self, symbols: Any, flatten: bool = False) -> FuturesChains:
        """The chains of several futures, by canonical symbol."""
        chains = FuturesChains()
        for symbol in symbols:
            chain = self.future_chain(symbol, flatten)
            chains[chain.symbol] = chain
        return chains

    futures_chain = future_chain
    FuturesChains = futures_chains
    AddFuture = add_future
    AddFutureContract = add_future_contract
    FutureChainProvider = future_chain_provider
    FutureChain = FuturesChain = future_chain
