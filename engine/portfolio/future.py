"""``Future``: the security of a future chain (its canonical symbol, ``/ES``) or of one contract
(LEAN's Common/Securities/Future/Future.cs). A chain's security is not tradable; its
``set_filter`` chooses the contracts the chain's universe adds each day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.common.naming import PascalCaseAttributes
from engine.model.future_enums import SettlementType
from engine.model.future_filter import ContractFilter
from engine.portfolio.future_holding import FutureHolding
from engine.portfolio.security import Security


@dataclass(frozen=True)
class FutureSubscriptionConfig(PascalCaseAttributes):
    symbol: Any
    security_type: Any
    market: str
    resolution: Any
    extended_market_hours: bool
    data_normalization_mode: Any
    data_mapping_mode: Any
    contract_depth_offset: int
    exchange_time_zone: str
    data_time_zone: str


class Future(Security):
    """A future chain or contract."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.holdings = FutureHolding(self)
        frontier = getattr(self.settlement_model, "set_local_date_time_frontier", None)
        if frontier is not None:  # the first daily settlement is on the next exchange date
            frontier(self.local_time)
        self.contract_filter = ContractFilter(None)
        self.settlement_type = SettlementType.CASH
        self.mapped: Any = None  # the contract a continuous future's data comes from
        if self.is_future_chain:
            self.is_tradable = False

    @property
    def is_future_chain(self) -> bool:
        return bool(self.symbol.is_canonical())

    @property
    def is_future_contract(self) -> bool:
        return not self.symbol.is_canonical()

    @property
    def expiry(self) -> datetime:
        return self.symbol.id.date

    @property
    def subscription_data_config(self) -> FutureSubscriptionConfig:
        """The chain's feed configuration (LEAN's ``SubscriptionDataConfig``): symbol, market,
        resolution, extended hours, normalization, mapping mode and time zones."""
        return FutureSubscriptionConfig(
            symbol=self.symbol,
            security_type=self.symbol.security_type,
            market=self.symbol.id.market,
            resolution=self.resolution,
            extended_market_hours=self.is_extended_market_hours,
            data_normalization_mode=self.data_normalization_mode,
            data_mapping_mode=getattr(self, "data_mapping_mode", None),
            contract_depth_offset=getattr(self, "contract_depth_offset", 0),
            exchange_time_zone=self.exchange_hours.time_zone,
            data_time_zone=self.exchange_hours.data_time_zone,
        )

    def set_filter(self, *args: Any) -> None:
        """``set_filter(min_expiry, max_expiry)`` (timedeltas or days) or ``set_filter(fn)``
        with ``fn(FutureFilterUniverse) -> FutureFilterUniverse``."""
        self.contract_filter = ContractFilter.from_arguments(*args)

    SetFilter = set_filter
    IsFutureChain = is_future_chain
    IsFutureContract = is_future_contract
    Expiry = expiry
    ContractFilter = property(lambda self: self.contract_filter)
    Mapped = property(lambda self: self.mapped)
    SettlementType = property(lambda self: self.settlement_type)
    SubscriptionDataConfig = subscription_data_config
