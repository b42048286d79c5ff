"""QCAlgorithm's equity option API (Algorithm/QCAlgorithm.cs AddOption/AddOptionContract,
QCAlgorithm.OptionChain, the option chain provider and ExerciseOption)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from engine.model import DataNormalizationMode, Resolution, SecurityType, Symbol
from engine.model.subscriptions import SubscriptionRequest, as_resolution

OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


class OptionChainProvider:
    """LEAN's BacktestingOptionChainProvider: the contracts listed by the last chain file at or
    before a date (the previous trading day's at midnight), expired ones left out."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    def get_option_contract_list(self, symbol: Any, when: datetime | date) -> list[Any]:
        canonical = self._algorithm._canonical_option_of(symbol)
        rows = self._algorithm._chain_rows(canonical, when)
        day = when.date() if isinstance(when, datetime) else when
        return [r.symbol for r in rows if r.expiry >= day]

    GetOptionContractList = get_option_contract_list


class OptionsMixin:
    """``add_option``, ``add_index_option``, ``add_option_contract``, ``option_chain``,
    ``option_chain_provider`` and ``exercise_option``."""

    # -- adding options ---------------------------------------------------------------------------
    def add_option(
        self,
        underlying: Any,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        **kwargs: Any,
    ) -> Any:
        """The canonical option of ``underlying`` (a ticker or Symbol), whose chain the filter
        (``option.set_filter``) narrows each day; the underlying is added too (raw prices)."""
        target = kwargs.pop("target_option", None)
        if isinstance(resolution, str) and isinstance(underlying, Symbol):
            # add_option(underlying_symbol, target_option, resolution, market, ...)
            target, resolution, market, fill_forward, leverage = (
                resolution,
                market,
                fill_forward if isinstance(fill_forward, str) else None,
                True,
                0.0,
            )
            market = market or None
        if kwargs:
            raise TypeError(f"add_option() got unexpected arguments {sorted(kwargs)}")
        market = (market or self._default_market(SecurityType.OPTION)).lower()
        if isinstance(underlying, Symbol):
            underlying_symbol = underlying
        else:
            underlying_symbol = self._equity_symbol(str(underlying), market)
        return self._add_option_chain(
            underlying_symbol, target, resolution, market, fill_forward, leverage
        )

    def add_index_option(
        self,
        underlying: Any,
        target_option: Any = None,
        resolution: Any = None,
        market: str | None = None,
        fill_forward: bool = True,
        **kwargs: Any,
    ) -> Any:
        """An index's canonical option (``add_index_option("SPX", "SPXW")``)."""
        if target_option is not None and not isinstance(target_option, str):
            target_option, resolution = None, target_option
        market = (market or self._default_market(SecurityType.INDEX_OPTION)).lower()
        if isinstance(underlying, Symbol):
            underlying_symbol = underlying
        else:
            underlying_symbol = Symbol.create(str(underlying), SecurityType.INDEX, market)
        return self._add_option_chain(
            underlying_symbol, target_option, resolution, market, fill_forward, 0.0
        )

    def _equity_symbol(self, ticker: str, market: str) -> Symbol:
        for symbol in self.securities.keys():
            if symbol.security_type == SecurityType.EQUITY and symbol.value == ticker.upper():
                return symbol
        return Symbol.create(ticker, SecurityType.EQUITY, market)

    def _add_option_chain(
        self,
        underlying_symbol: Symbol,
        target: str | None,
        resolution: Any,
        market: str,
        fill_forward: bool,
        leverage: float,
    ) -> Any:
        from engine.algorithm.settings import UniverseSettings
        from engine.universe.kinds import UniverseEntry

        if target is not None:
            canonical = Symbol.create_canonical_option(underlying_symbol, target, market)
        else:
            canonical = Symbol.create_canonical_option(underlying_symbol, market)
        existing = self.securities.get(canonical) if canonical in self.securities else None
        if existing is not None:
            return existing
        resolution = as_resolution(
            resolution if resolution is not None else self.universe_settings.resolution
        )
        underlying = self._option_underlying(underlying_symbol, resolution, fill_forward, leverage)
        request = SubscriptionRequest(
            symbol=canonical,
            resolution=resolution,
            fill_forward=bool(fill_forward),
            normalization=DataNormalizationMode.RAW,
        )
        option = self._create_security(request)
        option.underlying = underlying
        option.is_tradable = False  # LEAN's canonical option is the chain's, never traded
        settings = UniverseSettings(self.universe_settings)
        settings.resolution = resolution
        settings.fill_forward = bool(fill_forward)
        settings.leverage = float(leverage or 0.0) or None
        settings.data_normalization_mode = DataNormalizationMode.RAW
        # LEAN's AddOption gives the chain universe no minimum time in universe: a contract
        # the filter drops leaves at the next selection
        settings.minimum_time_in_universe = timedelta(0)
        self._universes.add(
            UniverseEntry(
                "option_chain", None, name=str(canonical), option=option, settings=settings
            )
        )
        return option

    def add_option_chain_selection(self, selector: Any, chain_filter: Any, settings: Any) -> Any:
        """The option chains of an OptionUniverseSelectionModel: once a day ``selector(utc_time)``
        names canonical options and ``chain_filter`` narrows each chain."""
        from engine.algorithm.settings import UniverseSettings
        from engine.universe.kinds import UniverseEntry

        own = UniverseSettings(settings or self.universe_settings)
        own.data_normalization_mode = DataNormalizationMode.RAW
        own.minimum_time_in_universe = timedelta(0)
        entry = UniverseEntry(
            "option_chains", selector, fine=chain_filter, name="option-chains", settings=own
        )
        self._universes.add(entry)
        return entry

    def add_universe_options(self, universe: Any, option_filter: Any) -> Any:
        """LEAN's AddUniverseOptions: the option chain of each equity the universe selects,
        narrowed by ``option_filter``, selected daily after that universe (LEAN adds an
        OptionChainedUniverseSelectionModel)."""
        return self.add_chained_option_universe(universe, option_filter, None)

    def add_chained_option_universe(
        self, universe: Any, option_filter: Any, settings: Any = None
    ) -> Any:
        """The chains of an OptionChainedUniverseSelectionModel: one per equity ``universe``
        selects, narrowed by ``option_filter`` (the whole chain when None)."""
        market = self._default_market(SecurityType.OPTION)
        if option_filter is None:
            option_filter = lambda chain: chain  # noqa: E731 - LEAN's `_ => _`

        def canonicals(utc_time: Any) -> list[Symbol]:
            # the chained universe's last selection (LEAN's SelectionChanged event carries
            # CurrentSelection): a member it dropped but still held waits for its removal, its
            # chain goes now
            selected = getattr(universe, "selected", None)
            if selected is None:
                selected = getattr(universe, "members", None) or {}
            return [
                Symbol.create_canonical_option(symbol, market)
                for symbol in list(selected)
                if isinstance(symbol, Symbol) and symbol.security_type == SecurityType.EQUITY
            ]

        return self.add_option_chain_selection(canonicals, option_filter, settings)

    def chain_option(self, canonical: Symbol, settings: Any) -> Any:
        """The canonical option security of a chain a selection model names (created once)."""
        if canonical in self.securities:
            return self.securities[canonical]
        request = SubscriptionRequest(
            symbol=canonical,
            resolution=as_resolution(settings.resolution),
            fill_forward=bool(settings.fill_forward),
            normalization=DataNormalizationMode.RAW,
        )
        option = self._create_security(request)
        option.is_tradable = False
        underlying = canonical.underlying
        if underlying is not None and underlying in self.securities:
            option.underlying = self.securities[underlying]
            if underlying.security_type == SecurityType.EQUITY:
                self._use_raw_prices(option.underlying)
        return option

    def _option_underlying(
        self, symbol: Symbol, resolution: Resolution, fill_forward: bool, leverage: float
    ) -> Any:
        """The underlying security, added when missing; either way its prices are raw
        (LEAN's OptionChainUniverse sets the underlying's normalization to Raw)."""
        if symbol in self.securities and not self._is_removed(self.securities[symbol]):
            security = self.securities[symbol]
        elif symbol.security_type == SecurityType.FUTURE:
            # a future option's underlying is its future contract (LEAN's
            # AddFutureOptionContract adds it through AddFutureContract)
            security = self.add_future_contract(symbol, resolution, fill_forward, leverage)
        else:
            security = self._add_security(
                symbol.security_type,
                symbol,
                resolution,
                symbol.market,
                fill_forward,
                leverage,
                False,
                DataNormalizationMode.RAW,
            )
        if symbol.security_type == SecurityType.EQUITY:
            self._use_raw_prices(security)
        return security

    def _use_raw_prices(self, security: Any) -> None:
        """An option's underlying trades at raw prices: the security and every subscription of
        it (LEAN's OptionChainUniverse.GetSubscriptionRequests sets the underlying's
        normalization to Raw, whichever universe added it)."""
        security.set_data_normalization_mode(DataNormalizationMode.RAW)
        for request in self._subscriptions:
            if request.symbol == security.symbol:
                request.normalization = DataNormalizationMode.RAW

    def add_option_contract(
        self,
        symbol: Any,
        resolution: Any = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        extended_market_hours: bool = False,
        **kwargs: Any,
    ) -> Any:
        """One option contract (and its underlying, raw prices)."""
        if kwargs:
            raise TypeError(f"add_option_contract() got unexpected arguments {sorted(kwargs)}")
        if isinstance(symbol, tuple) and len(symbol) == 1:
            # a DataFrame row's name (an index of one level): the contract symbol it holds
            symbol = symbol[0]
        if not isinstance(symbol, Symbol) and isinstance(getattr(symbol, "symbol", None), Symbol):
            symbol = symbol.symbol  # an OptionContract stands for its symbol, as in LEAN
        if not isinstance(symbol, Symbol) or symbol.security_type not in OPTION_TYPES:
            raise ValueError(
                f"add_option_contract: {symbol!r} is not an option contract symbol "
                "(use Symbol.create_option or a symbol of option_chain())"
            )
        resolution = as_resolution(
            resolution if resolution is not None else self.universe_settings.resolution
        )
        underlying = self._option_underlying(symbol.underlying, resolution, fill_forward, leverage)
        security = self._add_security(
            symbol.security_type,
            symbol,
            resolution,
            symbol.market,
            fill_forward,
            leverage,
            extended_market_hours,
            DataNormalizationMode.RAW,
        )
        security.underlying = underlying
        return security

    def add_index_option_contract(
        self,
        symbol: Any,
        resolution: Any = None,
        fill_forward: bool = True,
        **kwargs: Any,
    ) -> Any:
        """One index option contract (and its index)."""
        return self.add_option_contract(symbol, resolution, fill_forward, **kwargs)

    def remove_option_contract(self, symbol: Any, tag: str | None = None) -> bool:
        """LEAN's RemoveOptionContract: the contract is liquidated and removed."""
        if not isinstance(symbol, Symbol) and isinstance(getattr(symbol, "symbol", None), Symbol):
            symbol = symbol.symbol
        return self.remove_security(symbol, tag)

    # -- chains -----------------------------------------------------------------------------------
    def _canonical_option_of(self, symbol: Any) -> Symbol:
        if isinstance(symbol, str):
            symbol = self._equity_symbol(symbol, self._default_market(SecurityType.OPTION))
        if symbol.security_type in OPTION_TYPES:
            canonical = symbol.canonical
            return canonical() if callable(canonical) else canonical
        if symbol.security_type in (SecurityType.INDEX, SecurityType.FUTURE):
            return Symbol.create_canonical_option(symbol, symbol.market)
        return Symbol.create_canonical_option(symbol, self._default_market(SecurityType.OPTION))

    def _chain_rows(self, canonical: Symbol, when: datetime | date) -> list[Any]:
        """The contracts of the last chain file ending by ``when`` (a file of date D ends at
        D+1 00:00), looking back up to 3 trading days as LEAN's BacktestingChainProvider."""
        from engine.universe.option_chains import chain_rows

        day = when.date() if isinstance(when, datetime) else when
        hours = self._hours_for_option(canonical)
        source = day
        for _ in range(3):
            source = hours.previous_trading_day(source)
            chain, rows = chain_rows(self._data_folder, canonical, source)
            if chain is not None:
                return rows
        return []

    def _hours_for_option(self, canonical: Symbol) -> Any:
        from engine.algorithm.securities import hours_for

        return hours_for(self, canonical)

    def option_chain(self, symbol: Any, flatten: bool = False) -> Any:
        """LEAN's ``OptionChain(symbol)``: today's chain from the last chain file (its contracts
        carry that file's prices, open interest, implied volatility and greeks)."""
        from engine.model.option_chain import OptionChain, OptionContract

        canonical = self._canonical_option_of(symbol)
        rows = self._chain_rows(canonical, self.time)
        underlying = rows[0].underlying if rows else None
        day = self.time.date()
        # in symbol order (the OSI tickers' order), as LEAN's chain lists its contracts
        contracts = {
            r.symbol: OptionContract(r.symbol, r.end_time, universe_row=r)
            for r in sorted(rows, key=lambda r: r.symbol.value)
            if r.expiry >= day
        }
        return OptionChain(canonical, self.time, underlying, contracts)

    def option_chains(self, symbols: Any, flatten: bool = False) -> Any:
        from engine.model.option_chain import OptionChains

        out = OptionChains()
        for symbol in symbols:
            chain = self.option_chain(symbol)
            dict.__setitem__(out, chain.symbol, chain)
        return out

    @property
    def option_chain_provider(self) -> OptionChainProvider:
        provider = self.__dict__.get("_option_chain_provider")
        if provider is None:
            provider = self.__dict__["_option_chain_provider"] = OptionChainProvider(self)
        return provider

    # -- exercise ---------------------------------------------------------------------------------
    def exercise_option(
        self,
        option_symbol: Any,
        quantity: int,
        asynchronous: bool = False,
        tag: str = "",
        order_properties: Any = None,
    ) -> Any:
        """LEAN's ExerciseOption: an exercise order of ``quantity`` contracts (the holdings
        change, so negative whatever the sign given), filled by the option's exercise model."""
        from engine.model import OrderType

        return self._place(
            OrderType.OPTION_EXERCISE,
            option_symbol,
            -abs(int(quantity)),
            tag,
            order_properties,
            asynchronous,
        )

    @property
    def trade_builder(self) -> Any:
        """The run's closed trades (LEAN's TradeBuilder)."""
        from engine.algorithm.trade_builder import TradeBuilderView

        return TradeBuilderView(self.__dict__.get("_trade_builder_source"), self.securities)

    # PascalCase API
    TradeBuilder = trade_builder
    ExerciseOption = exercise_option
    AddOption = add_option
    AddIndexOption = add_index_option
    AddOptionContract = add_option_contract
    AddIndexOptionContract = add_index_option_contract
    AddUniverseOptions = add_universe_options
    RemoveOptionContract = remove_option_contract
    OptionChain = option_chain
    OptionChains = option_chains
    OptionChainProvider = option_chain_provider
