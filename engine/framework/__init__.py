"""The Algorithm Framework (LEAN Algorithm.Framework): insights, alpha, portfolio construction,
execution, risk management and manual universe selection models, and ``FrameworkMixin`` (the
``set_alpha``/``emit_insights``... part of ``QCAlgorithm``)."""

from __future__ import annotations

from engine.framework.alphas import (
    AlphaModel,
    CompositeAlphaModel,
    ConstantAlphaModel,
    EmaCrossAlphaModel,
    HistoricalReturnsAlphaModel,
    MacdAlphaModel,
    NullAlphaModel,
    RsiAlphaModel,
)
from engine.framework.black_litterman import (
    BlackLittermanOptimizationPortfolioConstructionModel,
)
from engine.framework.execution import (
    BuyingPowerModelExtensions,
    ExecutionModel,
    ImmediateExecutionModel,
    NullExecutionModel,
    OrderSizing,
    PortfolioTargetCollection,
    SpreadExecutionModel,
    StandardDeviationExecutionModel,
    VolumeWeightedAveragePriceExecutionModel,
)
from engine.framework.future_selection import FutureUniverseSelectionModel
from engine.framework.insights import (
    GeneratedInsightsCollection,
    Insight,
    InsightCollection,
    InsightManager,
    InsightScore,
    InsightScoreType,
    InsightType,
)
from engine.framework.market_impact_slippage import MarketImpactSlippageModel
from engine.framework.mixin import FrameworkMixin as FrameworkMixin  # internal: not re-exported
from engine.framework.open_interest_future_selection import OpenInterestFutureUniverseSelectionModel
from engine.framework.optimizers import (
    MaximumSharpeRatioPortfolioOptimizer,
    MinimumVariancePortfolioOptimizer,
    RiskParityPortfolioOptimizer,
    UnconstrainedMeanVariancePortfolioOptimizer,
)
from engine.framework.option_chained_selection import OptionChainedUniverseSelectionModel
from engine.framework.option_selection import OptionUniverseSelectionModel
from engine.framework.pairs_trading import (
    BasePairsTradingAlphaModel,
    PearsonCorrelationPairsTradingAlphaModel,
)
from engine.framework.portfolio import (
    AccumulativeInsightPortfolioConstructionModel,
    ConfidenceWeightedPortfolioConstructionModel,
    ConfidenceWeightingPortfolioConstructionModel,
    EqualWeightingPortfolioConstructionModel,
    InsightWeightingPortfolioConstructionModel,
    NullPortfolioConstructionModel,
    PortfolioBias,
    PortfolioConstructionModel,
    SectorWeightingPortfolioConstructionModel,
)
from engine.framework.portfolio_optimization import (
    MeanVarianceOptimizationPortfolioConstructionModel,
    RiskParityPortfolioConstructionModel,
)
from engine.framework.risk import (
    CompositeRiskManagementModel,
    MaximumDrawdownPercentPerSecurity,
    MaximumDrawdownPercentPortfolio,
    MaximumSectorExposureRiskManagementModel,
    MaximumUnrealizedProfitPercentPerSecurity,
    NullRiskManagementModel,
    RiskManagementModel,
    TrailingStopRiskManagementModel,
)
from engine.framework.selection import (
    CoarseFundamentalUniverseSelectionModel,
    CompositeUniverseSelectionModel,
    CustomUniverseSelectionModel,
    ETFConstituentsUniverseSelectionModel,
    FineFundamentalUniverseSelectionModel,
    FundamentalUniverseSelectionModel,
    InceptionDateUniverseSelectionModel,
    ManualUniverseSelectionModel,
    NullUniverseSelectionModel,
    ScheduledUniverseSelectionModel,
    UniverseSelectionModel,
)
from engine.portfolio.targets import PortfolioTarget

IPortfolioTarget = PortfolioTarget  # LEAN's interface name, used in type hints

__all__ = [
    "OptionChainedUniverseSelectionModel",
    "OptionUniverseSelectionModel",
    "BuyingPowerModelExtensions",
    "BlackLittermanOptimizationPortfolioConstructionModel",
    "BasePairsTradingAlphaModel",
    "PearsonCorrelationPairsTradingAlphaModel",
    "AlphaModel",
    "CompositeAlphaModel",
    "ConstantAlphaModel",
    "EmaCrossAlphaModel",
    "HistoricalReturnsAlphaModel",
    "MacdAlphaModel",
    "NullAlphaModel",
    "RsiAlphaModel",
    "ExecutionModel",
    "ImmediateExecutionModel",
    "NullExecutionModel",
    "PortfolioTargetCollection",
    "OrderSizing",
    "SpreadExecutionModel",
    "StandardDeviationExecutionModel",
    "VolumeWeightedAveragePriceExecutionModel",
    "Insight",
    "InsightCollection",
    "InsightManager",
    "InsightScore",
    "InsightScoreType",
    "InsightType",
    "GeneratedInsightsCollection",
    "AccumulativeInsightPortfolioConstructionModel",
    "SectorWeightingPortfolioConstructionModel",
    "MeanVarianceOptimizationPortfolioConstructionModel",
    "RiskParityPortfolioConstructionModel",
    "MaximumSharpeRatioPortfolioOptimizer",
    "MinimumVariancePortfolioOptimizer",
    "RiskParityPortfolioOptimizer",
    "UnconstrainedMeanVariancePortfolioOptimizer",
    "ConfidenceWeightedPortfolioConstructionModel",
    "ConfidenceWeightingPortfolioConstructionModel",
    "EqualWeightingPortfolioConstructionModel",
    "InsightWeightingPortfolioConstructionModel",
    "NullPortfolioConstructionModel",
    "PortfolioBias",
    "PortfolioConstructionModel",
    "CompositeRiskManagementModel",
    "MaximumDrawdownPercentPerSecurity",
    "MaximumDrawdownPercentPortfolio",
    "MaximumSectorExposureRiskManagementModel",
    "MaximumUnrealizedProfitPercentPerSecurity",
    "NullRiskManagementModel",
    "RiskManagementModel",
    "TrailingStopRiskManagementModel",
    "CompositeUniverseSelectionModel",
    "CoarseFundamentalUniverseSelectionModel",
    "CustomUniverseSelectionModel",
    "ETFConstituentsUniverseSelectionModel",
    "FineFundamentalUniverseSelectionModel",
    "FundamentalUniverseSelectionModel",
    "InceptionDateUniverseSelectionModel",
    "ScheduledUniverseSelectionModel",
    "ManualUniverseSelectionModel",
    "FutureUniverseSelectionModel",
    "OpenInterestFutureUniverseSelectionModel",
    "NullUniverseSelectionModel",
    "UniverseSelectionModel",
    "IPortfolioTarget",
    "MarketImpactSlippageModel",
]

EXPORTS = list(__all__)  # what AlgorithmImports re-exports

# LEAN's Python algorithms import framework models from the folders of LEAN's Algorithm.Framework
# (``from Alphas.ConstantAlphaModel import ConstantAlphaModel``, ``from Portfolio.X import *``): a
# LEAN package -> its modules, each named after the class it defines. ``AlgorithmImports.install``
# registers every ``Package.Module`` with AlgorithmImports' names (a LEAN framework file starts
# with ``from AlgorithmImports import *``), so the one implementation here serves both imports.
LEAN_MODULES: dict[str, list[str]] = {
    "Alphas": [n for n in EXPORTS if n.endswith("AlphaModel") and n != "AlphaModel"],
    "Portfolio": [
        n
        for n in EXPORTS
        if n.endswith(("PortfolioConstructionModel", "PortfolioOptimizer"))
        and n not in ("PortfolioConstructionModel",)
    ],
    "Execution": [n for n in EXPORTS if n.endswith("ExecutionModel") and n != "ExecutionModel"],
    "Risk": [
        n
        for n in EXPORTS
        if n.startswith("Maximum")
        or (n.endswith("RiskManagementModel") and n != "RiskManagementModel")
    ],
    "Selection": [
        n
        for n in EXPORTS
        if n.endswith(("UniverseSelectionModel", "Universe")) and n != "UniverseSelectionModel"
    ],
    # LEAN's Common/Orders/Slippage/VolumeShareSlippageModel.py, the Python twin of the C# model
    "Orders.Slippage": ["VolumeShareSlippageModel"],
}
