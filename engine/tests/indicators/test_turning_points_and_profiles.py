"""HilbertTransform, MAMA, SAREXT, TD sequential, pivot points, market profiles and NH/NL on small
hand-made series, each worked out from LEAN's formula (Indicators/HilbertTransform.cs,
MesaAdaptiveMovingAverage.cs, ParabolicStopAndReverseExtended.cs, TomDemarkSequential.cs,
PivotPointsHighLow.cs, MarketProfile.cs, NewHighsNewLows.cs), and their QCAlgorithm helpers."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.algorithm.imports import QCAlgorithm, Resolution
from engine.indicators import (
    HilbertTransform,
    MesaAdaptiveMovingAverage,
    NewHighsNewLows,
    NewHighsNewLowsVolume,
    ParabolicStopAndReverseExtended,
    PivotPointsHighLow,
    PivotPointType,
    TimeProfile,
    TomDemarkSequential,
    TomDemarkSequentialPhase,
    VolumeProfile,
)
from engine.model import Market, SecurityType, Symbol, TradeBar

T0 = datetime(2020, 1, 2)
DAY = timedelta(days=1)
A = Symbol("AAA", SecurityType.EQUITY, Market.USA)
B = Symbol("BBB", SecurityType.EQUITY, Market.USA)
C = Symbol("CCC", SecurityType.EQUITY, Market.USA)


def bar(i: int, high: float, low: float, close: float, volume: float = 0.0, who=A) -> TradeBar:
    return TradeBar(T0 + i * DAY, who, close, high, low, close, volume, DAY)


def hilbert_reference(x: np.ndarray, length: int, mi: float, mq: float):
    """LEAN's recurrences by array index ``n`` (sample ``n + 1``)."""
    n_total = len(x)
    d = np.zeros(n_total)
    d[length:] = x[length:] - x[:-length]
    i_out, q_out = np.zeros(n_total), np.zeros(n_total)
    for n in range(n_total):
        v2 = d[n - 1] if n - 1 >= length else 0.0
        v4 = d[n - 3] if n - 3 >= length else 0.0
        if n >= length + 2:
            i3 = i_out[n - 3] if n >= length + 5 else 0.0
            i_out[n] = 1.25 * (v4 - v2 * mi) + mi * i3
        if n >= length:
            q2 = q_out[n - 2] if n >= length + 2 else 0.0
            q_out[n] = v2 - d[n] * mq + mq * q2
    return i_out, q_out


def test_hilbert_transform_follows_lean_recurrences():
    x = 100 + np.cumsum(np.random.default_rng(3).normal(0, 1, 60))
    ht = HilbertTransform(4, 0.635, 0.338)
    in_phase, quadrature = hilbert_reference(x, 4, 0.635, 0.338)
    for n, value in enumerate(x):
        ht.update(T0 + n * DAY, float(value))
        assert ht.is_ready == (n + 1 >= 6)
        assert ht.in_phase.current.value == pytest.approx(in_phase[n], abs=1e-12)
        assert ht.quadrature.current.value == pytest.approx(quadrature[n], abs=1e-12)
    assert HilbertTransform().name == "Hilbert(7, 0.635, 0.338)"
    ht.reset()
    assert ht.samples == 0 and ht.in_phase.current.value == 0.0


def test_mama_is_zero_until_33_bars_then_follows_a_flat_price():
    mama = MesaAdaptiveMovingAverage()
    for i in range(200):
        mama.update(bar(i, 51.0, 49.0, 50.0))
        if i < 32:
            assert mama.current.value == 0.0 and not mama.is_ready
    assert mama.is_ready and mama.name == "MAMA"
    assert mama.current.value == pytest.approx(50.0, abs=1e-6)
    assert mama.fama.current.value == pytest.approx(50.0, abs=1e-3)


def test_sarext_start_long_then_reverse_short():
    sar = ParabolicStopAndReverseExtended()
    assert sar.name == "SAREXT(0,0,0.02,0.02,0.2,0.02,0.02,0.2)"
    values = []
    for i, (high, low) in enumerate([(10, 9), (11, 10), (12, 11), (10, 8)]):
        sar.update(bar(i, high, low, (high + low) / 2))
        values.append(sar.current.value)
    # bar 1 gives its close; bar 2 starts long at bar 1's low; bar 3 outputs
    # 9 + 0.02 (11 - 9); bar 4 falls through the SAR and reverses at the extreme point 12
    assert values == pytest.approx([9.5, 9.0, 9.04, -12.0])
    assert sar.is_ready


def test_td_sequential_buy_setup_then_countdown():
    closes = [10, 11, 12, 13, 14, 15, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5]
    tds = TomDemarkSequential()
    phases = []
    for i, close in enumerate(closes):
        tds.update(bar(i, close + 0.5, close - 0.5, close))
        phases.append(int(tds.current.value))
    # the flip at the 7th bar starts the buy setup, the 9th step is perfect (bar 8's low is under
    # bars 6 and 7), then the close under the low two bars back counts down
    assert phases[:6] == [0] * 6
    assert phases[6:14] == [TomDemarkSequentialPhase.BUY_SETUP] * 8
    assert phases[14] == TomDemarkSequentialPhase.BUY_SETUP_PERFECT
    assert phases[15] == TomDemarkSequentialPhase.BUY_COUNTDOWN
    assert tds.countdown_phase_step_count == 2
    assert tds.resistance_price == 15.5


def test_pivot_points_high_then_low():
    pphl = PivotPointsHighLow(1)
    seen = []
    pphl.new_pivot_point_formed += lambda sender, point: seen.append(point.pivot_point_type)
    values = []
    for i, (high, low) in enumerate([(1, 0), (3, 2), (2, 1), (5, 0.5), (6, 3)]):
        pphl.update(bar(i, high, low, low))
        values.append(pphl.current.value)
    assert values == [0, 0, PivotPointType.HIGH, 0, PivotPointType.LOW]
    assert seen == [PivotPointType.HIGH, PivotPointType.LOW]
    assert [p.value for p in pphl.get_high_pivot_points_array()] == [3.0]
    assert pphl.get_low_pivot_points_array()[0].end_time == T0 + 4 * DAY


def test_volume_and_time_profiles():
    vp, tp = VolumeProfile(2), TimeProfile(2)
    assert (vp.name, tp.name) == ("VP(2,0.7,0.05)", "TP(2,0.7,0.05)")
    for i, (close, volume) in enumerate([(10.01, 100), (10.02, 300), (10.07, 50)]):
        vp.update(bar(i, close, close, close, volume))
        tp.update(bar(i, close, close, close, volume))
    # closes round up to 0.05: 10.05, 10.05, 10.10; the first bar left the window of two
    assert vp.volume_per_price == {10.05: 300.0, 10.1: 50.0}
    assert (vp.current.value, vp.poc_volume) == (10.05, 300.0)
    assert vp.value_area_volume == pytest.approx(245.0)
    assert (vp.value_area_low, vp.value_area_high) == (10.05, 10.05)
    assert (vp.profile_low, vp.profile_high) == (10.05, 10.1)
    # a tie of one bar each goes to the price nearest the middle of the list (index 0 of 2)
    assert (tp.current.value, tp.poc_volume) == (10.05, 1.0)
    assert (tp.value_area_low, tp.value_area_high) == (10.05, 10.1)
    with pytest.raises(ValueError):
        VolumeProfile("x", 2, 0.7, 0)


def test_new_highs_new_lows_counts_each_period():
    nhnl, nhnlv = NewHighsNewLows("nhnl", 2), NewHighsNewLowsVolume("nhnlv", 2)
    for indicator in (nhnl, nhnlv):
        for who in (A, B, C):
            indicator.add(who)
    rows = [
        [(1, 1, 10), (1, 1, 10), (1, 1, 10)],
        [(1, 0.9, 10), (1, 0.9, 10), (1, 0.9, 10)],
        [(2, 0.5, 30), (1, 0.3, 20), (1, 0.2, 10)],
    ]
    for minute, row in enumerate(rows):
        for who, (high, low, volume) in zip((A, B, C), row, strict=True):
            for indicator in (nhnl, nhnlv):
                indicator.update(bar(minute, high, low, low, volume, who))
        assert nhnl.is_ready == (minute == 2)
    # every low is under the two previous lows; only AAA's high tops the previous highs
    assert nhnl.current.value == 1 - 3
    assert nhnl.ratio.current.value == pytest.approx(1 / 3)
    assert nhnlv.current.value == pytest.approx(30 / 60)


class Algo(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self.ibm = self.add_equity("IBM", Resolution.MINUTE).symbol


def test_helpers_create_lean_named_indicators():
    algo = Algo()
    algo.initialize()
    algo.settings.automatic_indicator_warm_up = False
    spy = algo.spy
    assert algo.HT(spy, 7, 0.635, 0.338).name == "Hilbert(7, 0.635, 0.338)"
    assert algo.mama(spy).name == "MAMA(0.5,0.05,SPY_min)"
    assert algo.MAMA(spy, 0.4, 0.1).name == "MAMA(0.4,0.1,SPY_min)"
    assert algo.sarext(spy).name == "SAREXT(0.0,0.0,0.02,0.02,0.2,0.02,0.02,0.2,SPY_min)"
    assert algo.tds(spy).name == "TDS(SPY_min)"
    pphl = algo.pphl(spy, 3, 4, 10, Resolution.MINUTE)
    assert isinstance(pphl, PivotPointsHighLow) and pphl.name == "PPHL(3,4,SPY_min)"
    assert algo.vp(spy).name == "VP(2,0.70,0.05,SPY_day)"
    assert algo.TP(spy, 3, 0.6, 0.1, Resolution.MINUTE).name == "TP(3,0.6,0.1,SPY_min)"
    nhnl = algo.nhnl([spy, algo.ibm], 5)
    assert isinstance(nhnl, NewHighsNewLows) and nhnl.name == "NH/NL(5,min)"
    assert algo.NHNLV([spy, algo.ibm], 5, Resolution.DAILY).name == "NH/NL Volume(5,day)"
    with pytest.raises(ValueError):
        algo.nhnl([], 5)
