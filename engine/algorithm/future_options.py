"""The algorithm's future options API (LEAN's Algorithm/QCAlgorithm.cs ``AddFutureOption`` and
``AddFutureOptionContract``): options whose underlying is a future contract, read from LEAN's
``futureoption/<market>/...`` files and exercised into that future."""

from __future__ import annotations

from typing import Any

from engine.errors import AlgorithmError
from engine.model import SecurityType, Symbol


class FutureOptionsMixin:
    """``add_future_option`` and ``add_future_option_contract``."""

    def add_future_option(self, symbol: Any, option_filter: Any = None) -> None:
        """The option chain of each contract the future's universe selects (and of the
        continuous future's mapped contract), narrowed by ``option_filter``; LEAN's
        AddFutureOption, an AddUniverseOptions over the future's chain universe."""
        algo: Any = self
        if not isinstance(symbol, Symbol) and isinstance(getattr(symbol, "symbol", None), Symbol):
            symbol = symbol.symbol
        if not isinstance(symbol, Symbol) or symbol.security_type != SecurityType.FUTURE:
            raise AlgorithmError(
                f"add_future_option needs the Symbol of a future added with add_future, "
                f"not {symbol!r}"
            )
        if not symbol.is_canonical():
            raise AlgorithmError(
                "Symbol provided must be canonical (i.e. the Symbol returned from AddFuture(), "
                "not AddFutureContract()."
            )

        def canonicals(utc_time: Any) -> list[Symbol]:
            contracts: list[Symbol] = []
            continuous = False
            for entry in algo._universes.universes:
                if entry.future is None or entry.future.symbol != symbol:
                    continue
                if entry.kind == "continuous":
                    continuous = True
                elif entry.kind == "future":
                    contracts.extend(
                        s
                        for s in list(entry.members)
                        if isinstance(s, Symbol)
                        and s.security_type == SecurityType.FUTURE
                        and not s.is_canonical()
                    )
            mapped = getattr(algo.securities.get(symbol), "mapped", None) if continuous else None
            if mapped is not None and mapped not in contracts:
                contracts.append(mapped)
            return [Symbol.create_canonical_option(c, c.id.market) for c in contracts]

        algo.add_option_chain_selection(canonicals, option_filter, None)

    def add_future_option_contract(
        self,
        symbol: Any,
        resolution: Any = None,
        fill_forward: bool = True,
        leverage: float = 0.0,
        extended_market_hours: bool = False,
    ) -> Any:
        """One future option contract; its future contract is added too when missing."""
        algo: Any = self
        if not isinstance(symbol, Symbol) and isinstance(getattr(symbol, "symbol", None), Symbol):
            symbol = symbol.symbol  # an OptionContract stands for its symbol, as in LEAN
        if not isinstance(symbol, Symbol) or symbol.security_type != SecurityType.FUTURE_OPTION:
            raise AlgorithmError(
                f"add_future_option_contract needs a future option contract Symbol, not {symbol!r}"
            )
        return algo.add_option_contract(
            symbol, resolution, fill_forward, leverage, extended_market_hours
        )

    AddFutureOption = add_future_option
    AddFutureOptionContract = add_future_option_contract
