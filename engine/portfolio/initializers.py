"""Security initializers and seeders (Common/Securities/FuncSecuritySeeder.cs,
BrokerageModelSecurityInitializer.cs, CompositeSecurityInitializer.cs, FuncSecurityInitializer.cs).

An initializer runs on every security the algorithm adds (``set_security_initializer``); a seeder
gives a new security a price before its first data arrives (usually from
``self.get_last_known_prices``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)


def _call_initializer(initializer: Any, security: Any) -> None:
    for name in ("initialize", "Initialize"):
        method = getattr(initializer, name, None)
        if callable(method):
            method(security)
            return
    initializer(security)


class FuncSecuritySeeder:
    """Seeds a security with every point ``seed_function(security)`` returns (one point or an
    iterable of them). Failures are logged, not raised."""

    def __init__(self, seed_function: Callable[[Any], Any]) -> None:
        self.seed_function = seed_function

    def seed_security(self, security: Any) -> bool:
        symbol = security.symbol
        try:
            result = self.seed_function(security)
            points = [] if result is None else result if isinstance(result, Iterable) else [result]
            got_data = False
            for point in points:
                if point is None:
                    continue
                got_data = True
                security.set_market_price(point)
        except Exception as exc:  # LEAN logs the failure and goes on with an unseeded security
            log.info("FuncSecuritySeeder: unable to seed the price of %s: %s", symbol, exc)
            return False
        return got_data

    SeedSecurity = seed_security


class FuncSecurityInitializer:
    """An initializer made of a function of the security."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def initialize(self, security: Any) -> None:
        self.function(security)

    Initialize = initialize


class CompositeSecurityInitializer:
    """Runs its initializers in order."""

    def __init__(self, *initializers: Any) -> None:
        self.initializers = list(initializers)

    def add_security_initializer(self, initializer: Any) -> None:
        self.initializers.append(initializer)

    def initialize(self, security: Any) -> None:
        for initializer in self.initializers:
            _call_initializer(initializer, security)

    AddSecurityInitializer = add_security_initializer
    Initialize = initialize


class BrokerageModelSecurityInitializer:
    """The brokerage model's fill, fee, slippage, settlement and buying-power models, then the
    seeder's price (LEAN's default initializer, given a seeder)."""

    def __init__(self, brokerage_model: Any = None, security_seeder: Any = None) -> None:
        self.brokerage_model = brokerage_model
        self.security_seeder = security_seeder

    def initialize(self, security: Any) -> None:
        if self.brokerage_model is not None:
            self.brokerage_model.initialize_security(security)
        if self.security_seeder is not None:
            self.security_seeder.seed_security(security)

    Initialize = initialize


def call_initializer(initializer: Any, security: Any) -> None:
    """Run an initializer object (``initialize``/``Initialize``) or a plain function."""
    _call_initializer(initializer, security)
