"""APO/PPO, CMO, TRIX, Awesome, DPO, Ultimate oscillator and Kaufman efficiency ratio on short
hand-made series, against LEAN's formulas (Indicators/*.cs) computed by hand or with numpy."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    AbsolutePriceOscillator,
    AwesomeOscillator,
    ChandeMomentumOscillator,
    DetrendedPriceOscillator,
    KaufmanEfficiencyRatio,
    PercentagePriceOscillator,
    Trix,
    UltimateOscillator,
)
from engine.model import TradeBar

T0 = datetime(2020, 1, 1)
CLOSES = [10.0, 10.5, 10.2, 10.8, 11.5, 11.1, 11.9, 12.4, 12.0, 12.6, 13.1, 12.7]


def feed(indicator, values=CLOSES):
    out = []
    for i, v in enumerate(values):
        indicator.update(T0 + timedelta(days=i), v)
        out.append(indicator.current.value)
    return out


def test_apo_and_ppo_are_simple_average_differences():
    apo, ppo = AbsolutePriceOscillator(2, 4), PercentagePriceOscillator(2, 4)
    feed(apo)
    feed(ppo)
    fast, slow = np.mean(CLOSES[-2:]), np.mean(CLOSES[-4:])
    assert apo.current.value == pytest.approx(fast - slow)
    assert ppo.current.value == pytest.approx(100 * (fast - slow) / slow)
    assert apo.is_ready and apo.name == "APO(2,4)" and ppo.name == "PPO(2,4)"


def test_chande_momentum_oscillator_uses_sums_then_wilder_averages():
    period = 3
    cmo = ChandeMomentumOscillator(period)
    values = feed(cmo)
    moves = np.diff(CLOSES)
    gain = moves[:period].clip(min=0).sum() / period
    loss = (-moves[:period]).clip(min=0).sum() / period
    assert values[:period] == [0.0] * period
    assert values[period] == pytest.approx(100 * (gain - loss) / (gain + loss))
    for move in moves[period:]:
        gain = (gain * (period - 1) + max(move, 0)) / period
        loss = (loss * (period - 1) + max(-move, 0)) / period
    assert values[-1] == pytest.approx(100 * (gain - loss) / (gain + loss))


def _ema_chain(values, period):
    out, k = [], 2 / (period + 1)
    for i, v in enumerate(values):
        out.append(np.mean(values[: i + 1]) if i < period else v * k + out[-1] * (1 - k))
    return out[period - 1 :]  # the next EMA starts once this one is ready


def test_trix_is_the_one_bar_change_of_a_triple_ema():
    trix = Trix(2)
    values = feed(trix)
    e3 = _ema_chain(_ema_chain(_ema_chain(CLOSES, 2), 2), 2)
    assert trix.is_ready
    assert values[-1] == pytest.approx(100 * (e3[-1] - e3[-2]) / e3[-2])


def test_awesome_oscillator_and_dpo():
    ao = AwesomeOscillator(2, 3)
    mids = []
    for i, c in enumerate(CLOSES):
        ao.update(TradeBar(T0 + timedelta(days=i), None, c, c + 0.5, c - 0.3, c, 100))
        mids.append(c + 0.1)
    assert ao.name == "AO(2,3,Simple)"
    assert ao.current.value == pytest.approx(np.mean(mids[-2:]) - np.mean(mids[-3:]))
    dpo = DetrendedPriceOscillator(4)  # lag 4 // 2 + 1 = 3
    values = feed(dpo)
    assert values[-1] == pytest.approx(CLOSES[-4] - np.mean(CLOSES[-4:]))


def test_ultimate_oscillator():
    p = (2, 3, 4)
    ult = UltimateOscillator(*p)
    rows = [(c, c + 0.4, c - 0.6) for c in CLOSES]
    for i, (c, h, low) in enumerate(rows):
        ult.update(TradeBar(T0 + timedelta(days=i), None, c, h, low, c, 10))
        if i < 4:
            assert ult.current.value == 50.0
    bp = [c - min(low, rows[i][0]) for i, (c, h, low) in enumerate(rows[1:])]
    tr = [max(h, rows[i][0]) - min(low, rows[i][0]) for i, (c, h, low) in enumerate(rows[1:])]
    a = [sum(bp[-n:]) / sum(tr[-n:]) for n in p]
    assert ult.current.value == pytest.approx(100 * (4 * a[0] + 2 * a[1] + a[2]) / 7)


def test_kaufman_efficiency_ratio_spans_period_moves():
    ker = KaufmanEfficiencyRatio(4)
    values = feed(ker)
    assert values[:4] == CLOSES[:4]  # the input until the five-value window is full
    window = CLOSES[-5:]
    path = np.abs(np.diff(window)).sum()
    assert values[-1] == pytest.approx(abs(window[-1] - window[0]) / path)
    assert ker.warm_up_period == 5
