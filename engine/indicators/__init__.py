"""LEAN-compatible technical indicators (pure Python floats; no pandas in update paths).

Modules: ``base`` (IndicatorBase, IndicatorDataPoint, events, MovingAverageType), ``window``
(RollingWindow), ``averages``, ``rolling`` (sum/max/min/variance...), ``oscillators``, ``volatility``,
``trend``, ``volume``, ``pairs`` (Beta, Correlation), ``swing`` (MassIndex, Wilder's swing indices),
``breadth`` (advance/decline ratios, ArmsIndex/TRIN), ``extensions`` (IndicatorExtensions),
``bench``. The ``self.sma(...)`` QCAlgorithm helpers are ``engine.algorithm.indicator_helpers``.

Verification (``engine/tests/indicators``, rtol = atol = 1e-9): ``test_talib_agreement.py`` compares
each indicator TA-Lib has with TA-Lib on a random walk, ``test_real_spy_minute.py`` SMA, EMA, RSI,
MACD, BB, ATR, ADX, Stochastic and intraday VWAP on LEAN's real SPY minute bars (2013-10-07..11),
``test_swing_indices.py`` MassIndex (TA-Lib EMAs) and the swing indices (numpy of LEAN's formula),
``test_breadth.py`` the breadth indicators on hand-made bars, ``test_reference_values.py`` HMA,
Keltner, Ichimoku, VWAPs, Beta and Correlation with TA-Lib building blocks or the ``ta`` package
configured to LEAN's definitions.

Deliberate LEAN differences from the usual textbook/library definitions (kept for parity):

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
    AdvanceDeclineRatio,
    AdvanceDeclineVolumeRatio,
    ArmsIndex,
)
from engine.indicators.extensions import CompositeIndicator, IndicatorExtensions
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
from engine.indicators.pairs import Beta, Correlation
from engine.indicators.python_indicator import PythonIndicator
from engine.indicators.rolling import (
    Delay,
    Maximum,
    MeanAbsoluteDeviation,
    Minimum,
    StandardDeviation,
    Sum,
    Variance,
)
from engine.indicators.swing import MassIndex, WilderAccumulativeSwingIndex, WilderSwingIndex
from engine.indicators.time_series import AutoRegressiveIntegratedMovingAverage
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
