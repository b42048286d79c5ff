"""How a cash book currency converts to the account currency (Common/Securities/CurrencyConversion/
SecurityCurrencyConversion.cs, ConstantCurrencyConversion.cs).

``cash.currency_conversion`` is one of these once the run's currency feeds are resolved: a chain of
one or two pair securities (``conversion_rate_securities``), each multiplied by its last data's price when it
quotes the current currency as base, divided by it otherwise; or a constant rate (the account
currency itself, stablecoins without a pair).
"""

from __future__ import annotations

from typing import Any


class ConstantCurrencyConversion:
    def __init__(self, source_currency: str, destination_currency: str, rate: float = 1.0) -> None:
        self.source_currency = source_currency
        self.destination_currency = destination_currency
        self.conversion_rate = rate
        self.conversion_rate_securities: list[Any] = []

    @staticmethod
    def identity(currency: str) -> ConstantCurrencyConversion:
        return ConstantCurrencyConversion(currency, currency, 1.0)

    def update(self) -> float:
        return self.conversion_rate

    SourceCurrency = property(lambda self: self.source_currency)
    DestinationCurrency = property(lambda self: self.destination_currency)
    ConversionRate = property(lambda self: self.conversion_rate)
    ConversionRateSecurities = property(lambda self: self.conversion_rate_securities)
    Identity = identity
    Update = update


class SecurityCurrencyConversion:
    """``steps``: ``(security, inverted)`` from the source currency to the destination one."""

    def __init__(
        self, source_currency: str, destination_currency: str, steps: list[tuple[Any, bool]]
    ) -> None:
        self.source_currency = source_currency
        self.destination_currency = destination_currency
        self.steps = steps
        self.conversion_rate = 0.0

    @property
    def conversion_rate_securities(self) -> list[Any]:
        return [security for security, _ in self.steps]

    def update(self) -> float:
        """The rate from the legs' latest prices; unchanged (0 at first) while a leg has none.

        A leg's price is its last data point's (LEAN's SecurityCurrencyConversion.cs reads
        ``GetLastData().Price``): for a crypto pair with trades and quotes that is the quote
        midpoint, not the trade close ``security.price`` answers."""
        rate = 1.0
        for security, inverted in self.steps:
            last = security.get_last_data()
            price = (last.value if last is not None else 0.0) or security.price
            if not price:
                return self.conversion_rate
            rate = rate / price if inverted else rate * price
        self.conversion_rate = rate
        return rate

    SourceCurrency = property(lambda self: self.source_currency)
    DestinationCurrency = property(lambda self: self.destination_currency)
    ConversionRate = property(lambda self: self.conversion_rate)
    ConversionRateSecurities = property(lambda self: self.conversion_rate_securities)
    Update = update
