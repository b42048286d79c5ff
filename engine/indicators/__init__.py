"""LEAN-compatible technical indicators (pure Python floats; no pandas in update paths).

Modules: ``base`` (IndicatorBase, IndicatorDataPoint, events, MovingAverageType), ``window``
(RollingWindow), ``averages``, ``rolling`` (sum/max/min/variance...), ``oscillators``, ``volatility``,
``trend``, ``volume``, ``pairs`` (Beta, Correlation), ``extensions`` (IndicatorExtensions),
``helpers`` (the ``self.sma(...)`` QCAlgorithm helpers), ``bench``.
"""

from __future__ import annotations

from engine.indicators.averages import (
    DoubleExponentialMovingAverage,
    ExponentialMovingAverage,
    HullMovingAverage,
    KaufmanAdaptiveMovingAverage,
    LinearWeightedMovingAverage,
    SimpleMovingAverage,
    TriangularMovingAverage,
    TripleExponentialMovingAverage,
    WildersMovingAverage,
    as_indicator,
)
from engine.indicators.base import (
    BarIndicator,
    Component,
    ConstantIndicator,
    Event,
    FunctionalIndicator,
    Identity,
    Indicator,
    IndicatorBase,
    IndicatorDataPoint,
    MovingAverageType,
    TradeBarIndicator,
)
from engine.indicators.extensions import CompositeIndicator, IndicatorExtensions
from engine.indicators.oscillators import (
    AroonOscillator,
    CommodityChannelIndex,
    Momentum,
    MoneyFlowIndex,
    MovingAverageConvergenceDivergence,
    RateOfChange,
    RateOfChangePercent,
    RateOfChangeRatio,
    RelativeStrengthIndex,
    Stochastic,
    WilliamsPercentR,
)
from engine.indicators.pairs import Beta, Correlation
from engine.indicators.rolling import (
    Delay,
    Maximum,
    MeanAbsoluteDeviation,
    Minimum,
    StandardDeviation,
    Sum,
    Variance,
)
from engine.indicators.trend import (
    AverageDirectionalIndex,
    IchimokuKinkoHyo,
    ParabolicStopAndReverse,
)
from engine.indicators.volatility import (
    AverageTrueRange,
    BollingerBands,
    DonchianChannel,
    KeltnerChannels,
    TrueRange,
)
from engine.indicators.volume import (
    IntradayVwap,
    OnBalanceVolume,
    VolumeWeightedAveragePriceIndicator,
)
from engine.indicators.window import RollingWindow

__all__ = [
    "AroonOscillator", "AverageDirectionalIndex", "AverageTrueRange", "BarIndicator", "Beta", "BollingerBands",
    "CommodityChannelIndex", "Component", "CompositeIndicator", "ConstantIndicator", "Correlation", "Delay",
    "DonchianChannel", "DoubleExponentialMovingAverage", "Event", "ExponentialMovingAverage",
    "FunctionalIndicator", "HullMovingAverage", "IchimokuKinkoHyo", "Identity", "Indicator", "IndicatorBase",
    "IndicatorDataPoint", "IndicatorExtensions", "IntradayVwap", "KaufmanAdaptiveMovingAverage",
    "KeltnerChannels", "LinearWeightedMovingAverage", "Maximum", "MeanAbsoluteDeviation", "Minimum", "Momentum",
    "MoneyFlowIndex", "MovingAverageConvergenceDivergence", "MovingAverageType", "OnBalanceVolume",
    "ParabolicStopAndReverse", "RateOfChange", "RateOfChangePercent", "RateOfChangeRatio",
    "RelativeStrengthIndex", "RollingWindow", "SimpleMovingAverage", "StandardDeviation", "Stochastic", "Sum",
    "TradeBarIndicator", "TriangularMovingAverage", "TripleExponentialMovingAverage", "TrueRange", "Variance",
    "VolumeWeightedAveragePriceIndicator", "WildersMovingAverage", "WilliamsPercentR", "as_indicator",
]
