"""``self.settings``: algorithm settings with LEAN's defaults."""

from __future__ import annotations

from datetime import timedelta

from engine.common.naming import PascalCaseAttributes


class AlgorithmSettings(PascalCaseAttributes):
    """LEAN's ``AlgorithmSettings`` (the fields the engine reads)."""

    def __init__(self) -> None:
        self.free_portfolio_value_percentage: float = 0.0025
        self.free_portfolio_value: float | None = None
        self.minimum_order_margin_portfolio_percentage: float = 0.001
        self.stale_price_time_span: timedelta = timedelta(hours=1)
        self.daily_precise_end_time: bool = True
        self.trading_days_per_year: int | None = None  # None: 252, or 365 for crypto brokerages
        self.warmup_resolution = None
        self.liquidate_enabled: bool = True
        self.max_absolute_portfolio_target_percentage: float = 1_000_000_000.0
        self.min_absolute_portfolio_target_percentage: float = 0.0000000001
        self.rebalance_portfolio_on_insight_changes: bool | None = None
        self.rebalance_portfolio_on_security_changes: bool | None = None
        self.seed_initial_prices: bool = False
        self.automatic_indicator_warm_up: bool = False


class UniverseSettings(PascalCaseAttributes):
    """Defaults for securities added without explicit arguments."""

    def __init__(self) -> None:
        from engine.model import DataNormalizationMode, Resolution

        self.resolution = Resolution.MINUTE
        self.leverage: float | None = None
        self.fill_forward: bool = True
        self.extended_market_hours: bool = False
        self.data_normalization_mode = DataNormalizationMode.ADJUSTED
        self.minimum_time_in_universe = timedelta(days=1)
        # LEAN runs selection off the main thread when set; here it only matters where LEAN
        # refuses it (a coarse + fine universe)
        self.asynchronous: bool | None = None
