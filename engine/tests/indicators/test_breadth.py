"""Advance/decline ratios and the Arms index (TRIN) on hand-made bars of two symbols, worked out from
LEAN's AdvanceDeclineIndicator.cs / ArmsIndex.cs: a period's bars become the previous period's when
the first bar of the next one arrives; values need every symbol's bar of the current period."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.indicators import AdvanceDeclineRatio, AdvanceDeclineVolumeRatio, ArmsIndex
from engine.model import Market, SecurityType, Symbol, TradeBar

A = Symbol("AAA", SecurityType.EQUITY, Market.USA)
B = Symbol("BBB", SecurityType.EQUITY, Market.USA)
C = Symbol("CCC", SecurityType.EQUITY, Market.USA)
T0 = datetime(2013, 10, 7, 9, 30)
MINUTE = timedelta(minutes=1)


def bar(symbol, minute: int, close: float, volume: float) -> TradeBar:
    return TradeBar(T0 + minute * MINUTE, symbol, close, close, close, close, volume, MINUTE)


def feed(indicator, bars) -> None:
    for b in bars:
        indicator.update(b)


def test_trin_from_two_periods():
    trin, adr, advr = ArmsIndex(), AdvanceDeclineRatio(), AdvanceDeclineVolumeRatio()
    for indicator in (trin, adr, advr):
        indicator.add(A)
        indicator.add(B)
    first = [bar(A, 0, 10, 100), bar(B, 0, 20, 200)]
    for indicator in (trin, adr, advr):
        feed(indicator, first)
        assert not indicator.is_ready
    second = [bar(A, 1, 11, 150), bar(B, 1, 19, 300)]
    for indicator in (trin, adr, advr):
        indicator.update(second[0])
        assert indicator.is_ready  # the first period is now the previous one
    assert adr.current.value == 0 and adr.samples == 3  # still waiting for B's bar
    for indicator in (trin, adr, advr):
        indicator.update(second[1])
    assert adr.current.value == 1.0  # one advancing / one declining
    assert advr.current.value == 0.5  # 150 / 300
    assert trin.current.value == 2.0
    assert trin.ad_ratio.current.value == 1.0 and trin.name == "TRIN"


def test_no_decliners_and_removed_symbols():
    adr = AdvanceDeclineRatio()
    for symbol in (A, B, C):
        adr.add(symbol)
    adr.remove(C)
    feed(adr, [bar(A, 0, 10, 1), bar(B, 0, 20, 1), bar(A, 1, 11, 1), bar(B, 1, 21, 1)])
    assert adr.current.value == 2.0  # decline == 0: the advance count
    adr.reset()
    assert not adr.is_ready and adr.current.value == 0


def test_advance_decline_difference_and_mcclellan():
    from engine.indicators import (
        AdvanceDeclineDifference,
        ExponentialMovingAverage,
        McClellanOscillator,
        McClellanSummationIndex,
    )

    add, mo, msi = (
        AdvanceDeclineDifference(),
        McClellanOscillator(2, 3),
        McClellanSummationIndex(2, 3),
    )
    for indicator in (add, mo, msi):
        for symbol in (A, B, C):
            indicator.add(symbol)
    closes = {A: [10, 11, 12, 11, 12, 13, 12], B: [5, 4, 5, 6, 5, 6, 7], C: [7, 8, 7, 6, 7, 8, 9]}
    differences, oscillator, deltas = [], [], []
    fast, slow = ExponentialMovingAverage(2), ExponentialMovingAverage(3)
    for minute in range(7):
        for symbol in (A, B, C):
            b = bar(symbol, minute, closes[symbol][minute], 100)
            for indicator in (add, mo, msi):
                indicator.update(b)
        if minute:
            moves = [closes[s][minute] - closes[s][minute - 1] for s in (A, B, C)]
            differences.append(sum(m > 0 for m in moves) - sum(m < 0 for m in moves))
            fast.update(T0 + minute * MINUTE, differences[-1])
            slow.update(T0 + minute * MINUTE, differences[-1])
            deltas.append(fast.current.value - slow.current.value)  # EMAs are 0 until ready
            if slow.is_ready:
                oscillator.append(deltas[-1])
            assert add.current.value == differences[-1]
    assert mo.is_ready and mo.current.value == pytest.approx(oscillator[-1])
    # each time's first bar adds the oscillator's last value (that of the previous time) to the
    # sum; the value is that sum plus the current oscillator: every oscillator value once
    assert msi.current.value == pytest.approx(sum(deltas))
