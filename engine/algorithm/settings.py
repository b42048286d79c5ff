"""``self.settings``: algorithm settings with LEAN's defaults."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from engine.common.naming import PascalCaseAttributes


class AlgorithmSettings(PascalCaseAttributes):
    """LEAN's ``AlgorithmSettings`` (the fields the engine reads)."""

    def __init__(self) -> None:
        self.free_portfolio_value_percentage: float = 0.0025
        self.free_portfolio_value: float | None = None
        self.minimum_order_margin_portfolio_percentage: float = 0.001
        self.stale_price_time_span: timedelta = timedelta(hours=1)
        self.daily_precise_end_time: bool = True
        # daily consolidators of extended-hours subscriptions keep to the regular session
        self.daily_consolidation_use_extended_market_hours: bool = False
        self.trading_days_per_year: int | None = None  # None: 252, or 365 for crypto brokerages
        self.warmup_resolution = None
        self.liquidate_enabled: bool = True
        self.max_absolute_portfolio_target_percentage: float = 1_000_000_000.0
        self.min_absolute_portfolio_target_percentage: float = 0.0000000001
        self.rebalance_portfolio_on_insight_changes: bool | None = None
        self.rebalance_portfolio_on_security_changes: bool | None = None
        self.seed_initial_prices: bool = False
        self.automatic_indicator_warm_up: bool = False


class Schedule(PascalCaseAttributes):
    """``universe_settings.schedule``: when set with ``on(date_rule)``, a fundamental universe
    selects on the rule's dates only (LEAN ``Common/Scheduling/Schedule.cs``)."""

    def __init__(self, date_rule: Any = None) -> None:
        self.date_rule = date_rule

    def on(self, date_rule: Any) -> None:
        self.date_rule = date_rule

    @property
    def initialized(self) -> bool:
        return self.date_rule is not None

    def get(self, start: Any, end: Any) -> list[Any]:
        return list(self.date_rule.get_dates(start, end)) if self.date_rule is not None else []


class UniverseSettings(PascalCaseAttributes):
    """Defaults for securities added without explicit arguments; ``UniverseSettings(other)``
    copies another's values (LEAN's copy constructor)."""

    def __init__(self, other: UniverseSettings | None = None) -> None:
        from engine.model import DataNormalizationMode, Resolution
        from engine.model.future_enums import DataMappingMode

        self.resolution = Resolution.MINUTE
        self.leverage: float | None = None
        self.fill_forward: bool = True
        self.extended_market_hours: bool = False
        self.data_normalization_mode = DataNormalizationMode.ADJUSTED
        # continuous futures: how the chain maps to a contract and how deep (LEAN's defaults)
        self.data_mapping_mode = DataMappingMode.OPEN_INTEREST
        self.contract_depth_offset = 0
        self.minimum_time_in_universe = timedelta(days=1)
        # LEAN runs selection off the main thread when set; here it only matters where LEAN
        # refuses it (a coarse + fine universe)
        self.asynchronous: bool | None = None
        self.schedule = Schedule()
        if other is not None:
            self.__dict__.update(
                {k: v for k, v in vars(other).items() if k != "schedule"},
                schedule=Schedule(other.schedule.date_rule),
            )
