"""Advance/decline ratios and the Arms index (TRIN) on hand-made bars of two symbols, worked out from
LEAN's AdvanceDeclineIndicator.cs / ArmsIndex.cs: a period's bars become the previous period's when
the first bar of the next one arrives; values need every symbol's bar of the current period."""

from __future__ import annotations

from datetime import datetime, timedelta

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
