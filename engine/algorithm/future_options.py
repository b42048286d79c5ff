"""The algorithm's future options API (LEAN's Algorithm/QCAlgorithm.cs ``AddFutureOption`` and
``AddFutureOptionContract``): options whose underlying is a future contract, read from LEAN's
``futureoption/<market>/...`` files and exercised into that future."""

from __future__ import annotations

from typing import Any

from engine.errors import AlgorithmError
from engine.model import SecurityType, Symbol


class FutureOptionsMixin:
    """``add_future_option_contract``."""

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

    AddFutureOptionContract = add_future_option_contract
