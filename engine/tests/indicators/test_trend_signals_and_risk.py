"""SuperTrend, squeeze momentum, WaveTrend, Schaff trend cycle, Rogers-Satchell volatility, target
downside deviation, Sharpe and Sortino ratios, and LEAN's warm-up of EMA (0 until ready) and ATR
(the first bar's range counts), against LEAN's formulas (Indicators/*.cs)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    AverageTrueRange,
    ExponentialMovingAverage,
    MovingAverageType,
    RogersSatchellVolatility,
    SchaffTrendCycle,
    SharpeRatio,
    SortinoRatio,
    SqueezeMomentum,
    SuperTrend,
    TargetDownsideDeviation,
    WaveTrendOscillator,
)
from engine.model import TradeBar

T0 = datetime(2020, 1, 1)
rng = np.random.default_rng(5)
CLOSES = list(100 + np.cumsum(rng.normal(0, 1, 90)))
OPENS = [c + x for c, x in zip(CLOSES, rng.normal(0, 0.3, 90), strict=True)]
HIGHS = [max(o, c) + abs(x) for o, c, x in zip(OPENS, CLOSES, rng.normal(0, 0.5, 90), strict=True)]
LOWS = [min(o, c) - abs(x) for o, c, x in zip(OPENS, CLOSES, rng.normal(0, 0.5, 90), strict=True)]


def bars():
    return [
        TradeBar(T0 + timedelta(days=i), None, o, h, low, c, 1000)
        for i, (o, h, low, c) in enumerate(zip(OPENS, HIGHS, LOWS, CLOSES, strict=True))
    ]


def feed_values(indicator, values=CLOSES):
    for i, v in enumerate(values):
        indicator.update(T0 + timedelta(days=i), v)
    return indicator


def test_ema_is_zero_until_ready_and_atr_counts_the_first_range():
    ema = ExponentialMovingAverage(3)
    values = []
    for i, v in enumerate(CLOSES[:4]):
        ema.update(T0 + timedelta(days=i), v)
        values.append(ema.current.value)
    assert values[:2] == [0.0, 0.0]
    assert values[2] == pytest.approx(np.mean(CLOSES[:3]))
    atr = AverageTrueRange(3, MovingAverageType.SIMPLE)
    b = bars()
    for x in b[:3]:
        atr.update(x)
    ranges = [HIGHS[0] - LOWS[0]] + [
        max(HIGHS[i], CLOSES[i - 1]) - min(LOWS[i], CLOSES[i - 1]) for i in (1, 2)
    ]
    assert atr.is_ready and atr.current.value == pytest.approx(np.mean(ranges))


def test_super_trend_follows_its_trailing_bands():
    period, multiplier = 5, 2.0
    st = SuperTrend(period, multiplier)
    atr = AverageTrueRange(period)
    prev_upper = prev_lower = prev_close = 0.0
    prev_super = None
    for b in bars():
        st.update(b)
        if not atr.update(b):
            prev_close = b.close
            assert st.current.value == 0.0
            continue
        mid = (b.high + b.low) / 2
        basic_lower = mid - multiplier * atr.current.value
        basic_upper = mid + multiplier * atr.current.value
        lower = basic_lower if basic_lower > prev_lower or prev_close < prev_lower else prev_lower
        upper = basic_upper if basic_upper < prev_upper or prev_close > prev_upper else prev_upper
        if prev_super is None or prev_super == prev_upper:
            value = upper if b.close <= upper else lower
        else:
            value = lower if b.close >= lower else upper
        prev_close, prev_super, prev_lower, prev_upper = b.close, value, lower, upper
        assert st.current.value == pytest.approx(value)


def test_squeeze_wavetrend_and_schaff_get_ready_with_values_in_range():
    sm, wto, stc = (
        SqueezeMomentum(10, 2, 10, 1.5),
        WaveTrendOscillator(5, 8, 3),
        SchaffTrendCycle(5, 6, 12),
    )
    for b in bars():
        sm.update(b)
        wto.update(b)
        stc.update(b.end_time, b.close)
    assert sm.is_ready and sm.current.value in (1.0, -1.0)
    assert wto.is_ready and wto.signal.is_ready
    assert stc.is_ready and 0.0 <= stc.current.value <= 100.0
    assert sm.name == "SM(10,2,10,1.5)" and stc.name == "SchaffTrendCycle(5,6,12)"


def test_rogers_satchell_volatility():
    rsv = RogersSatchellVolatility(5)
    for b in bars():
        rsv.update(b)
    terms = [
        math.log(h / c) * math.log(h / o) + math.log(low / c) * math.log(low / o)
        for o, h, low, c in zip(OPENS[-5:], HIGHS[-5:], LOWS[-5:], CLOSES[-5:], strict=True)
    ]
    assert rsv.current.value == pytest.approx(math.sqrt(sum(terms) / 5))


def test_target_downside_deviation_sharpe_and_sortino():
    period, mar = 6, 0.001
    closes = np.array(CLOSES)
    returns = closes[1:] / closes[:-1] - 1
    tdd = feed_values(TargetDownsideDeviation(period, mar))
    downside = np.minimum(0.0, returns[-period:] - mar)
    assert tdd.name == "TDD(6,0.001)"
    assert tdd.current.value == pytest.approx(math.sqrt(np.mean(downside**2)))
    sharpe = feed_values(SharpeRatio(period, 0.01))
    window = returns[-period:]
    assert sharpe.name == "SR(6,0.01)" and sharpe.is_ready
    assert sharpe.current.value == pytest.approx((window.mean() - 0.01) / window.std())
    sortino = feed_values(SortinoRatio(period, mar))
    assert sortino.current.value == pytest.approx(
        (window.mean() - mar) / math.sqrt(np.mean(downside**2))
    )


def test_chande_kroll_stop_and_vidya():
    from engine.indicators import (
        ChandeKrollStop,
        ChandeMomentumOscillator,
        VariableIndexDynamicAverage,
    )

    cks = ChandeKrollStop(3, 2.0, 2)
    atr = AverageTrueRange(3)
    highs, lows = [], []
    for b in bars():
        cks.update(b)
        atr.update(b)
        highs.append(max(HIGHS[max(0, len(highs) - 2) : len(highs) + 1]) - 2 * atr.current.value)
        lows.append(min(LOWS[max(0, len(lows) - 2) : len(lows) + 1]) + 2 * atr.current.value)
    assert cks.short_stop.current.value == pytest.approx(max(highs[-2:]))
    assert cks.long_stop.current.value == pytest.approx(min(lows[-2:]))
    assert cks.current.value == CLOSES[-1]
    vidya, cmo = VariableIndexDynamicAverage(4), ChandeMomentumOscillator(4)
    value = 0.0
    for i, c in enumerate(CLOSES):
        t = T0 + timedelta(days=i)
        vidya.update(t, c)
        cmo.update(t, c)
        if i < 4:
            value = c
            continue
        weight = 2 / 5 * abs(cmo.current.value / 100)
        value = c * weight + value * (1 - weight)
    assert vidya.current.value == pytest.approx(value)


def test_connors_rsi_and_premier_stochastic():
    from engine.indicators import (
        ConnorsRelativeStrengthIndex,
        PremierStochasticOscillator,
        RelativeStrengthIndex,
        Stochastic,
    )

    crsi = feed_values(ConnorsRelativeStrengthIndex(3, 2, 5))
    rsi, streak_rsi = RelativeStrengthIndex(3), RelativeStrengthIndex(2)
    streak, changes = 0, []
    for i, c in enumerate(CLOSES):
        t = T0 + timedelta(days=i)
        rsi.update(t, c)
        if i:
            move = c - CLOSES[i - 1]
            if (streak > 0 and move < 0) or (streak < 0 and move > 0):
                streak = 0
            streak += 1 if move > 0 else -1 if move < 0 else 0
            changes.append(move / CLOSES[i - 1])
        streak_rsi.update(t, float(streak))
    rank = 100 * sum(1 for r in changes[-6:-1] if r < changes[-1]) / 5
    expected = (rsi.current.value + streak_rsi.current.value + rank) / 3
    assert crsi.current.value == pytest.approx(expected)
    pso, stoch = PremierStochasticOscillator(4, 3), Stochastic(4, 4, 4)
    first, second = ExponentialMovingAverage(3), ExponentialMovingAverage(3)
    for b in bars():
        pso.update(b)
        stoch.update(b)
        if stoch.fast_stoch.is_ready and first.update(
            b.end_time, 0.1 * (stoch.fast_stoch.current.value - 50)
        ):
            second.update(b.end_time, first.current.value)
    e = math.exp(second.current.value)
    assert pso.current.value == pytest.approx((e - 1) / (e + 1))
