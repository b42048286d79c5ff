"""LEAN-compatible technical indicators (pure Python floats; no pandas in update paths).

Modules: ``base`` (IndicatorBase, IndicatorDataPoint, events, MovingAverageType), ``window``
(RollingWindow), ``averages``, ``rolling`` (sum/max/min/variance...), ``oscillators``, ``volatility``,
``trend``, ``volume``, ``pairs`` (Beta, Correlation, Covariance), ``swing`` (MassIndex, Wilder's
swing indices), ``breadth`` (advance/decline ratio and difference, ArmsIndex/TRIN, McClellan),
``extensions`` (IndicatorExtensions), ``bar_shapes`` (Heikin-Ashi, BOP, IBS, A/D), ``ranges``
(mid point/price, NATR, log return, average range, choppiness, acceleration bands, zig-zag, FRAMA,
price spike), ``regression`` (LSMA, regression channel, time-series forecast), ``price_oscillators``
(APO, PPO, CMO, TRIX, AO, DPO, ULTOSC, KER), ``momentum`` (DeMarker, DO, Fisher, KST, Momersion,
stochastic RSI, TSI, RVI, Connors RSI, PSO), ``smoothers`` (ZLEMA, T3, ALMA, McGinley, RMA, VIDYA),
``volume_flow`` (CMF, VWMA, force index, EMV, SOBV, Klinger), ``composites`` (ADXR, Coppock,
Vortex), ``trend_signals`` (Schaff, SuperTrend, squeeze, WaveTrend, Chande-Kroll), ``risk`` (RSV,
TDD, Sharpe, Sortino), ``filtered`` (FilteredIdentity), ``cycles`` (Hilbert transform, MAMA),
``turning_points`` (SAREXT, TD sequential, pivot points high/low), ``new_highs_lows`` (NH/NL),
``profiles`` (volume and time profiles), ``bench``. The ``self.sma(...)``
QCAlgorithm helpers are ``engine.algorithm.indicator_helpers``, ``extra_indicator_helpers`` and
``oscillator_helpers``; indicator names follow LEAN's ``create_indicator_name``.

Verification (``engine/tests/indicators``, rtol = atol = 1e-9): ``test_talib_agreement.py`` compares
each indicator TA-Lib has with TA-Lib on a random walk, ``test_real_spy_minute.py`` SMA, EMA, RSI,
MACD, BB, ATR, ADX, Stochastic and intraday VWAP on LEAN's real SPY minute bars (2013-10-07..11),
``test_swing_indices.py`` MassIndex (TA-Lib EMAs) and the swing indices (numpy of LEAN's formula),
``test_breadth.py`` the breadth indicators on hand-made bars, ``test_reference_values.py`` HMA,
Keltner, Ichimoku, VWAPs, Beta and Correlation with TA-Lib building blocks or the ``ta`` package
configured to LEAN's definitions.

Deliberate LEAN differences from the usual textbook/library definitions (kept for parity):

- EMA: 0 until ``period`` values were seen, then seeded with their SMA (LEAN's current
  ExponentialMovingAverage.cs); TA-Lib has no value before the seed.
- ATR: the first bar's ``high - low`` counts as a true range (LEAN's AverageTrueRange.cs on
  TrueRange since 2025), so the ATR is ready after ``period`` bars; TA-Lib starts at the second bar.
- MACD: the fast EMA runs from the first bar (TA-Lib seeds it at bar ``slow`` on the last ``fast``
  prices); equal once the seeds decay. Parabolic SAR: LEAN's start-up differs from TA-Lib's likewise.
- RateOfChange is TA-Lib's ROCP (fraction); RateOfChangePercent is TA-Lib's ROC (percent).
- HMA: ``WMA(2 * WMA(round(n/2)) - WMA(n), round(sqrt(n)))`` with C#'s banker's rounding (HMA(7) has
  a fast WMA(4); HMA(14) a Hull WMA(4)), not ``floor``.
- Keltner Channels: the middle band is the MA of the typical price (H+L+C)/3, not of the close, and
  the ATR is always a simple average of the true range (the MA type only changes the middle band);
  bands are 0 until the middle band is ready.
- Ichimoku: Senkou B is the 52-bar mid of 27 bars ago (LEAN computes it before the current bar
  reaches its delayed max/min), Senkou A of 26 bars ago; Tenkan/Kijun/Senkou are 0 until ready;
  Chikou is a ``Delay`` (the first close until 26 closes were seen); ``is_ready`` ignores Chikou.
- ``Delay`` returns its first input until ready (not 0).
- Intraday VWAP uses the typical price (H+L+C)/3 (ticks: price) and resets on each new date of the
  input's end time; the rolling ``VolumeWeightedAveragePriceIndicator`` uses (O+H+L+C)/4.
- Beta: covariance of simple close-to-close returns over ``period`` returns / variance of the
  reference's (ready after ``period + 1`` aligned bars). Correlation: Pearson on the closes (prices,
  not returns) over ``period`` aligned bars; 0 when undefined.
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
from engine.indicators.bar_shapes import (
    AccumulationDistribution,
    AccumulationDistributionOscillator,
    BalanceOfPower,
    ChaikinOscillator,
    HeikinAshi,
    InternalBarStrength,
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
from engine.indicators.breadth import (
    AdvanceDeclineDifference,
    AdvanceDeclineRatio,
    AdvanceDeclineVolumeRatio,
    ArmsIndex,
    McClellanOscillator,
    McClellanSummationIndex,
)
from engine.indicators.composites import (
    AverageDirectionalMovementIndexRating,
    CoppockCurve,
    Vortex,
)
from engine.indicators.cycles import (
    HilbertTransform,
    MesaAdaptiveMovingAverage,
)
from engine.indicators.extensions import CompositeIndicator, IndicatorExtensions
from engine.indicators.filtered import FilteredIdentity
from engine.indicators.filters import SwissArmyKnife, SwissArmyKnifeTool
from engine.indicators.momentum import (
    ConnorsRelativeStrengthIndex,
    DeMarkerIndicator,
    DerivativeOscillator,
    FisherTransform,
    KnowSureThing,
    Momersion,
    PremierStochasticOscillator,
    RelativeVigorIndex,
    RelativeVigorIndexSignal,
    StochasticRelativeStrengthIndex,
    TrueStrengthIndex,
)
from engine.indicators.new_highs_lows import (
    NewHighsNewLows,
    NewHighsNewLowsVolume,
)
from engine.indicators.option_greeks import (  # noqa: E402
    Delta,
    Gamma,
    GreeksIndicators,
    ImpliedVolatility,
    OptionGreekIndicatorsHelper,
    OptionGreeksIndicatorBase,
    OptionIndicatorBase,
    Rho,
    Theta,
    Vega,
)
from engine.indicators.option_price_model import (  # noqa: E402
    IndicatorBasedOptionPriceModel,
    IndicatorBasedOptionPriceModelProvider,
)
from engine.indicators.oscillators import (
    AroonOscillator,
    CommodityChannelIndex,
    Momentum,
    MomentumPercent,
    MoneyFlowIndex,
    MovingAverageConvergenceDivergence,
    RateOfChange,
    RateOfChangePercent,
    RateOfChangeRatio,
    RelativeStrengthIndex,
    Stochastic,
    WilliamsPercentR,
)
from engine.indicators.pairs import Beta, Correlation, Covariance
from engine.indicators.price_oscillators import (
    AbsolutePriceOscillator,
    AwesomeOscillator,
    ChandeMomentumOscillator,
    DetrendedPriceOscillator,
    KaufmanEfficiencyRatio,
    PercentagePriceOscillator,
    Trix,
    UltimateOscillator,
)
from engine.indicators.profiles import (
    MarketProfile,
    TimeProfile,
    VolumeProfile,
)
from engine.indicators.python_indicator import PythonIndicator
from engine.indicators.ranges import (
    AccelerationBands,
    AugenPriceSpike,
    AverageRange,
    ChoppinessIndex,
    FractalAdaptiveMovingAverage,
    LogReturn,
    MidPoint,
    MidPrice,
    NormalizedAverageTrueRange,
    ZigZag,
)
from engine.indicators.regression import (
    HurstExponent,
    LeastSquaresMovingAverage,
    RegressionChannel,
    TimeSeriesForecast,
)
from engine.indicators.risk import (
    RogersSatchellVolatility,
    SharpeRatio,
    SortinoRatio,
    TargetDownsideDeviation,
)
from engine.indicators.rolling import (
    Delay,
    Maximum,
    MeanAbsoluteDeviation,
    Minimum,
    StandardDeviation,
    Sum,
    Variance,
)
from engine.indicators.smoothers import (
    ArnaudLegouxMovingAverage,
    McGinleyDynamic,
    RelativeMovingAverage,
    T3MovingAverage,
    VariableIndexDynamicAverage,
    ZeroLagExponentialMovingAverage,
)
from engine.indicators.swing import MassIndex, WilderAccumulativeSwingIndex, WilderSwingIndex
from engine.indicators.time_series import AutoRegressiveIntegratedMovingAverage
from engine.indicators.trend import (
    AverageDirectionalIndex,
    IchimokuKinkoHyo,
    ParabolicStopAndReverse,
)
from engine.indicators.trend_signals import (
    ChandeKrollStop,
    SchaffTrendCycle,
    SqueezeMomentum,
    SuperTrend,
    WaveTrendOscillator,
)
from engine.indicators.turning_points import (
    ParabolicStopAndReverseExtended,
    PivotPoint,
    PivotPointsHighLow,
    PivotPointType,
    TomDemarkSequential,
    TomDemarkSequentialPhase,
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
    RelativeDailyVolume,
    VolumeWeightedAveragePriceIndicator,
)
from engine.indicators.volume_flow import (
    ChaikinMoneyFlow,
    EaseOfMovementValue,
    ForceIndex,
    KlingerVolumeOscillator,
    SmoothedOnBalanceVolume,
    VolumeWeightedMovingAverage,
)
from engine.indicators.window import RollingWindow

__all__ = [
    "Delta",
    "Gamma",
    "GreeksIndicators",
    "ImpliedVolatility",
    "IndicatorBasedOptionPriceModel",
    "IndicatorBasedOptionPriceModelProvider",
    "OptionGreekIndicatorsHelper",
    "OptionGreeksIndicatorBase",
    "OptionIndicatorBase",
    "Rho",
    "Theta",
    "Vega",
    "HilbertTransform",
    "MesaAdaptiveMovingAverage",
    "NewHighsNewLows",
    "NewHighsNewLowsVolume",
    "MarketProfile",
    "TimeProfile",
    "VolumeProfile",
    "ParabolicStopAndReverseExtended",
    "PivotPoint",
    "PivotPointType",
    "PivotPointsHighLow",
    "TomDemarkSequential",
    "TomDemarkSequentialPhase",
    "HurstExponent",
    "AugenPriceSpike",
    "AdvanceDeclineDifference",
    "McClellanOscillator",
    "McClellanSummationIndex",
    "Covariance",
    "FractalAdaptiveMovingAverage",
    "ZigZag",
    "KlingerVolumeOscillator",
    "ConnorsRelativeStrengthIndex",
    "PremierStochasticOscillator",
    "VariableIndexDynamicAverage",
    "ChandeKrollStop",
    "RogersSatchellVolatility",
    "SharpeRatio",
    "SortinoRatio",
    "TargetDownsideDeviation",
    "SchaffTrendCycle",
    "SqueezeMomentum",
    "SuperTrend",
    "WaveTrendOscillator",
    "Vortex",
    "DeMarkerIndicator",
    "DerivativeOscillator",
    "FisherTransform",
    "KnowSureThing",
    "Momersion",
    "RelativeVigorIndex",
    "RelativeVigorIndexSignal",
    "StochasticRelativeStrengthIndex",
    "TrueStrengthIndex",
    "TimeSeriesForecast",
    "McGinleyDynamic",
    "RelativeMovingAverage",
    "SmoothedOnBalanceVolume",
    "ChaikinOscillator",
    "AverageDirectionalMovementIndexRating",
    "CoppockCurve",
    "AccelerationBands",
    "AverageRange",
    "ChoppinessIndex",
    "AbsolutePriceOscillator",
    "AwesomeOscillator",
    "ChandeMomentumOscillator",
    "DetrendedPriceOscillator",
    "KaufmanEfficiencyRatio",
    "PercentagePriceOscillator",
    "Trix",
    "UltimateOscillator",
    "ArnaudLegouxMovingAverage",
    "T3MovingAverage",
    "ZeroLagExponentialMovingAverage",
    "ChaikinMoneyFlow",
    "EaseOfMovementValue",
    "ForceIndex",
    "VolumeWeightedMovingAverage",
    "AccumulationDistribution",
    "AccumulationDistributionOscillator",
    "BalanceOfPower",
    "HeikinAshi",
    "InternalBarStrength",
    "FilteredIdentity",
    "LogReturn",
    "MidPoint",
    "MidPrice",
    "NormalizedAverageTrueRange",
    "LeastSquaresMovingAverage",
    "RegressionChannel",
    "AdvanceDeclineRatio",
    "AdvanceDeclineVolumeRatio",
    "ArmsIndex",
    "MomentumPercent",
    "MassIndex",
    "WilderAccumulativeSwingIndex",
    "WilderSwingIndex",
    "AroonOscillator",
    "AutoRegressiveIntegratedMovingAverage",
    "AverageDirectionalIndex",
    "AverageTrueRange",
    "BarIndicator",
    "Beta",
    "BollingerBands",
    "CommodityChannelIndex",
    "Component",
    "CompositeIndicator",
    "ConstantIndicator",
    "Correlation",
    "Delay",
    "DonchianChannel",
    "DoubleExponentialMovingAverage",
    "Event",
    "ExponentialMovingAverage",
    "FunctionalIndicator",
    "HullMovingAverage",
    "IchimokuKinkoHyo",
    "Identity",
    "Indicator",
    "IndicatorBase",
    "IndicatorDataPoint",
    "IndicatorExtensions",
    "IntradayVwap",
    "KaufmanAdaptiveMovingAverage",
    "KeltnerChannels",
    "LinearWeightedMovingAverage",
    "Maximum",
    "MeanAbsoluteDeviation",
    "Minimum",
    "Momentum",
    "MoneyFlowIndex",
    "MovingAverageConvergenceDivergence",
    "MovingAverageType",
    "OnBalanceVolume",
    "RelativeDailyVolume",
    "SwissArmyKnife",
    "SwissArmyKnifeTool",
    "ParabolicStopAndReverse",
    "PythonIndicator",
    "RateOfChange",
    "RateOfChangePercent",
    "RateOfChangeRatio",
    "RelativeStrengthIndex",
    "RollingWindow",
    "SimpleMovingAverage",
    "StandardDeviation",
    "Stochastic",
    "Sum",
    "TradeBarIndicator",
    "TriangularMovingAverage",
    "TripleExponentialMovingAverage",
    "TrueRange",
    "Variance",
    "VolumeWeightedAveragePriceIndicator",
    "WildersMovingAverage",
    "WilliamsPercentR",
    "as_indicator",
]
