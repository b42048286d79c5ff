"""Each indicator against TA-Lib on the same inputs (configured like LEAN's defaults).

``exact_from`` is the first bar where values must agree to floating-point tolerance. Indicators whose
warm-up seeding differs from TA-Lib's by design (noted per case) are compared on the last 100 bars,
after the difference has decayed away. Indicators without a TA-Lib function are in
``test_reference_values.py``; the same comparison on real SPY minute bars in ``test_real_spy_minute.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.indicators import (
    AroonOscillator,
    AverageDirectionalIndex,
    AverageTrueRange,
    BollingerBands,
    CommodityChannelIndex,
    DonchianChannel,
    DoubleExponentialMovingAverage,
    ExponentialMovingAverage,
    KaufmanAdaptiveMovingAverage,
    LinearWeightedMovingAverage,
    Maximum,
    Minimum,
    Momentum,
    MoneyFlowIndex,
    MovingAverageConvergenceDivergence,
    OnBalanceVolume,
    ParabolicStopAndReverse,
    RateOfChange,
    RateOfChangePercent,
    RelativeStrengthIndex,
    SimpleMovingAverage,
    StandardDeviation,
    Stochastic,
    TripleExponentialMovingAverage,
    Variance,
    WilliamsPercentR,
)
from engine.tests.indicators.conftest import lean_average_true_range, run

talib = pytest.importorskip("talib")

TAIL = 100


def _cases(s):
    c, h, lo, v = s.close, s.high, s.low, s.volume
    macd, signal, hist = talib.MACD(c, 12, 26, 9)
    bb_u, bb_m, bb_l = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    slowk, slowd = talib.STOCH(h, lo, c, 14, 3, 0, 3, 0)
    aroon_down, aroon_up = talib.AROON(h, lo, 14)
    return [
        ("SMA", SimpleMovingAverage(14), False, None, talib.SMA(c, 14), 13),
        ("EMA", ExponentialMovingAverage(14), False, None, talib.EMA(c, 14), 13),
        ("WMA", LinearWeightedMovingAverage(14), False, None, talib.WMA(c, 14), 13),
        ("DEMA", DoubleExponentialMovingAverage(10), False, None, talib.DEMA(c, 10), 18),
        ("TEMA", TripleExponentialMovingAverage(10), False, None, talib.TEMA(c, 10), 27),
        ("KAMA", KaufmanAdaptiveMovingAverage(10), False, None, talib.KAMA(c, 10), 10),
        ("RSI", RelativeStrengthIndex(14), False, None, talib.RSI(c, 14), 14),
        ("MOM", Momentum(10), False, None, talib.MOM(c, 10), 10),
        # LEAN's RateOfChange is TA-Lib's ROCP and LEAN's RateOfChangePercent is TA-Lib's ROC
        ("ROC", RateOfChange(10), False, None, talib.ROCP(c, 10), 10),
        ("ROCP", RateOfChangePercent(10), False, None, talib.ROC(c, 10), 10),
        ("STD", StandardDeviation(20), False, None, talib.STDDEV(c, 20, 1), 19),
        ("VAR", Variance(20), False, None, talib.VAR(c, 20, 1), 19),
        ("MAX", Maximum(20), False, None, talib.MAX(c, 20), 19),
        ("MIN", Minimum(20), False, None, talib.MIN(c, 20), 19),
        ("BB.middle", BollingerBands(20, 2), False, "middle_band", bb_m, 19),
        ("BB.upper", BollingerBands(20, 2), False, "upper_band", bb_u, 19),
        ("BB.lower", BollingerBands(20, 2), False, "lower_band", bb_l, 19),
        ("ATR", AverageTrueRange(14), True, None, lean_average_true_range(talib, h, lo, c, 14), 13),
        ("ADX", AverageDirectionalIndex(14), True, None, talib.ADX(h, lo, c, 14), 27),
        (
            "+DI",
            AverageDirectionalIndex(14),
            True,
            "positive_directional_index",
            talib.PLUS_DI(h, lo, c, 14),
            14,
        ),
        (
            "-DI",
            AverageDirectionalIndex(14),
            True,
            "negative_directional_index",
            talib.MINUS_DI(h, lo, c, 14),
            14,
        ),
        ("STO.k", Stochastic(14, 3, 3), True, "stoch_k", slowk, 17),  # TA-Lib outputs %K with %D
        ("STO.d", Stochastic(14, 3, 3), True, "stoch_d", slowd, 17),
        ("WILLR", WilliamsPercentR(14), True, None, talib.WILLR(h, lo, c, 14), 13),
        ("CCI", CommodityChannelIndex(20), True, None, talib.CCI(h, lo, c, 20), 19),
        ("MFI", MoneyFlowIndex(14), True, None, talib.MFI(h, lo, c, v, 14), 14),
        ("AROON", AroonOscillator(14, 14), True, None, talib.AROONOSC(h, lo, 14), 14),
        ("AROON.up", AroonOscillator(14, 14), True, "aroon_up", aroon_up, 14),
        ("AROON.down", AroonOscillator(14, 14), True, "aroon_down", aroon_down, 14),
        ("OBV", OnBalanceVolume(), True, None, talib.OBV(c, v), 0),
        ("DCH.upper", DonchianChannel(20), True, "upper_band", talib.MAX(h, 20), 19),
        ("DCH.lower", DonchianChannel(20), True, "lower_band", talib.MIN(lo, 20), 19),
        # MACD: TA-Lib seeds the fast EMA at bar 26 on the last 12 prices, LEAN runs it from bar 1
        ("MACD", MovingAverageConvergenceDivergence(12, 26, 9), False, None, macd, -TAIL),
        (
            "MACD.signal",
            MovingAverageConvergenceDivergence(12, 26, 9),
            False,
            "signal",
            signal,
            -TAIL,
        ),
        (
            "MACD.histogram",
            MovingAverageConvergenceDivergence(12, 26, 9),
            False,
            "histogram",
            hist,
            -TAIL,
        ),
        ("PSAR", ParabolicStopAndReverse(), True, None, talib.SAR(h, lo, 0.02, 0.2), -TAIL),
    ]


CASE_NAMES = [
    case[0]
    for case in _cases(
        __import__("engine.tests.indicators.conftest", fromlist=["x"]).random_walk(60)
    )
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_matches_talib_on_random_walk(walk, name):
    case = next(c for c in _cases(walk) if c[0] == name)
    _, indicator, bars, attr, expected, start = case
    got = run(indicator, walk, bars=bars, attr=attr)
    np.testing.assert_allclose(got[start:], expected[start:], rtol=1e-9, atol=1e-9, err_msg=name)
