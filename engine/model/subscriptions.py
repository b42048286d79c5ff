"""What the algorithm asked for: one ``SubscriptionRequest`` per added security (the runner turns
them into data feeds), and the default markets/resolutions of LEAN's ``add_*`` methods."""

from __future__ import annotations

from dataclasses import dataclass

from engine.model.enums import DataNormalizationMode, Market, Resolution, SecurityType, TickType
from engine.model.symbol import Symbol

DEFAULT_MARKET = {
    SecurityType.EQUITY: Market.USA,
    SecurityType.FOREX: Market.OANDA,
    SecurityType.CRYPTO: Market.COINBASE,
    SecurityType.CFD: Market.OANDA,
    SecurityType.INDEX: Market.USA,
    SecurityType.OPTION: Market.USA,
    SecurityType.INDEX_OPTION: Market.USA,
}


@dataclass(slots=True)
class SubscriptionRequest:
    symbol: Symbol
    resolution: Resolution
    fill_forward: bool = True
    extended_market_hours: bool = False
    normalization: DataNormalizationMode = DataNormalizationMode.ADJUSTED
    leverage: float = 0.0  # 0: the brokerage model's default
    internal: bool = False  # the benchmark's own feed: not in slices, no on_data
    # a continuous future (a future chain's symbol): how it maps to contracts (LEAN's
    # DataMappingMode) and which contract depth it follows
    data_mapping_mode: int | None = None
    contract_depth_offset: int = 0

    @property
    def security_type(self) -> SecurityType:
        return self.symbol.security_type

    def tick_types(self) -> tuple[TickType, ...]:
        """LEAN's ``LookupSubscriptionConfigDataTypes`` (Engine/DataFeeds/DataManager.cs)."""
        st = self.security_type
        if st in (SecurityType.FOREX, SecurityType.CFD):
            return (TickType.QUOTE,)
        if st == SecurityType.INDEX or (self.internal and st != SecurityType.FUTURE):
            # (a continuous future's mapped contract keeps its trades and quotes internally)
            return (TickType.TRADE,)
        if st == SecurityType.EQUITY and self.resolution in (Resolution.HOUR, Resolution.DAILY):
            return (TickType.TRADE,)
        return (TickType.TRADE, TickType.QUOTE)


def as_resolution(value: object) -> Resolution:
    if value is None:
        return Resolution.MINUTE
    if isinstance(value, Resolution):
        return value
    if isinstance(value, str):
        return Resolution[value.upper()]
    return Resolution(int(value))  # type: ignore[call-overload]


def as_normalization(value: object) -> DataNormalizationMode:
    if value is None:
        return DataNormalizationMode.ADJUSTED
    if isinstance(value, str):
        import re

        return DataNormalizationMode[re.sub(r"(?<=[a-z])(?=[A-Z])", "_", value).upper()]
    return DataNormalizationMode(int(value))  # type: ignore[call-overload]
