"""The option chains of a time slice (LEAN's Engine/DataFeeds/TimeSlice.cs): every option
contract with a trade or quote bar in the slice joins the chain of its canonical symbol, with
the underlying's bar of the slice (else its last data) and the contract security's open interest
and price model."""

from __future__ import annotations

from functools import partial
from typing import Any

from engine.model import SecurityType
from engine.model.option_chain import OptionChain, OptionChains, OptionContract
from engine.pricing.price_models import OptionPriceModel, OptionPriceModelParameters

OPTION_TYPES = (SecurityType.OPTION, SecurityType.INDEX_OPTION, SecurityType.FUTURE_OPTION)


def canonical_of(symbol: Any) -> Any:
    canonical = getattr(symbol, "canonical", None)
    return canonical() if callable(canonical) else canonical


def _underlying_data(slice_: Any, securities: Any, underlying: Any) -> Any:
    bar = slice_.bars.get(underlying)
    if bar is None:
        bar = slice_.quote_bars.get(underlying)
    if bar is None and underlying in securities:
        bar = securities[underlying].get_last_data()
    return bar


def build_option_chains(securities: Any, slice_: Any) -> OptionChains:
    chains = OptionChains()
    symbols = [
        s
        for source in (slice_.bars, slice_.quote_bars)
        for s in source.keys()
        if getattr(s, "security_type", None) in OPTION_TYPES
    ]
    for symbol in dict.fromkeys(symbols):
        canonical = canonical_of(symbol)
        chain = dict.get(chains, canonical)  # its own canonical only, never a look-alike
        if chain is None:
            underlying = _underlying_data(slice_, securities, symbol.underlying)
            chain = OptionChain(canonical, slice_.time, underlying)
            dict.__setitem__(chains, canonical, chain)
        security = securities[symbol] if symbol in securities else None
        trade = slice_.bars.get(symbol)
        quote = slice_.quote_bars.get(symbol)
        if trade is not None:
            chain.trade_bars[symbol] = trade
        if quote is not None:
            chain.quote_bars[symbol] = quote
        model = getattr(security, "price_model", None)
        evaluate = getattr(model, "evaluate", None)
        contract = OptionContract(
            symbol,
            slice_.time,
            trade_bar=trade if trade is not None else _last(security, "TradeBar"),
            quote_bar=quote if quote is not None else _last(security, "QuoteBar"),
            open_interest=float(getattr(security, "open_interest", 0.0) or 0.0),
            underlying=chain.underlying,
            strike_multiplier=float(
                getattr(getattr(security, "symbol_properties", None), "strike_multiplier", 1) or 1
            ),
        )
        if evaluate is not None and security is not None:
            contract.set_option_price_model(
                partial(evaluate_price_model, evaluate, security, slice_, contract)
            )
        chain.contracts[symbol] = contract
    return chains


def evaluate_price_model(evaluate: Any, security: Any, slice_: Any, contract: Any) -> Any:
    """A price model's result: ``evaluate(security, slice, contract)``, or, for a model written
    for LEAN's current interface, ``evaluate(parameters)``."""
    import inspect

    if isinstance(getattr(evaluate, "__self__", None), OptionPriceModel):
        return evaluate(OptionPriceModelParameters(security, slice_, contract))
    try:
        params = [
            p
            for p in inspect.signature(evaluate).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
        ]
    except (TypeError, ValueError):
        params = []
    takes_three = len(params) >= 3 or any(p.kind == p.VAR_POSITIONAL for p in params)
    if takes_three:
        return evaluate(security, slice_, contract)
    return evaluate(OptionPriceModelParameters(security, slice_, contract))


def _last(security: Any, type_name: str) -> Any:
    if security is None:
        return None
    from engine.model import QuoteBar, TradeBar

    kind = TradeBar if type_name == "TradeBar" else QuoteBar
    getter = getattr(security.cache, "get_data", None)
    return getter(kind) if getter is not None else None
