"""The framework's ``FutureUniverseSelectionModel`` (LEAN's
Algorithm.Framework/Selection/FutureUniverseSelectionModel.py over Extensions.CreateFutureChain):
every refresh interval the model's selector names the future chains to hold; a new chain is added
as ``add_future`` adds one, with the model's ``filter`` as its contract filter; a chain no longer
named leaves with its universes (its contracts and the chain's security are removed)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from engine.model import SecurityType, Symbol


def _user_filter(model: Any) -> Any:
    for name in ("Filter", "filter"):
        method = getattr(model, name, None)
        if callable(method):
            return method
    return lambda universe: universe


def refresh_future_model(algo: Any, manager: Any, entry: Any, day: date, set_time: Any) -> bool:
    """Refresh the model's chains at ``day``'s midnight when due; True when it ran."""
    model = entry.selector
    at = datetime(day.year, day.month, day.day)
    state = entry.points if isinstance(entry.points, dict) else {}
    entry.points = state
    due = state.get("next_refresh")
    if due is not None and at < due:
        return False
    set_time(at)
    interval = getattr(model, "refresh_interval", None) or timedelta(days=1)
    state["next_refresh"] = at + interval
    chains: dict[Symbol, list[Any]] = state.setdefault("chains", {})
    wanted: list[Symbol] = []
    for symbol in model.future_chain_symbol_selector(algo.utc_time) or ():
        if not isinstance(symbol, Symbol) or symbol.security_type != SecurityType.FUTURE:
            raise ValueError("futureChainSymbolSelector must return future symbols.")
        canonical = symbol.canonical
        if canonical not in wanted:
            wanted.append(canonical)
    settings = getattr(model, "universe_settings", None) or algo.universe_settings
    for canonical in wanted:
        if canonical in chains:
            continue
        before = list(manager.universes)
        security = algo.add_future(
            canonical.id.symbol,
            settings.resolution,
            canonical.id.market,
            settings.fill_forward,
            settings.leverage or 0.0,
            settings.extended_market_hours,
        )
        security.set_filter(_user_filter(model))
        chains[canonical] = [u for u in manager.universes if u not in before]
    for canonical in [c for c in chains if c not in wanted]:
        for universe in chains.pop(canonical):
            for symbol in list(universe.members):
                manager.drop_member(universe, symbol, at)
            if universe in manager.universes:
                manager.universes.remove(universe)
        algo.remove_security(canonical)
    return True
