"""``SequentialConsolidator`` and ``DollarVolumeRenkoConsolidator`` (LEAN Common/Data/Consolidators)."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.consolidators import SequentialConsolidator, TradeBarConsolidator
from engine.consolidators.timeless import DollarVolumeRenkoConsolidator
from engine.model import SecurityType, Symbol, TradeBar

SPY = Symbol.create("SPY", SecurityType.EQUITY, "usa")


def _minute_bars(closes: list[float], volume: float = 100.0) -> list[TradeBar]:
    start = datetime(2024, 1, 2, 9, 30)
    minute = timedelta(minutes=1)
    return [
        TradeBar(start + i * minute, SPY, c, c + 1, c - 1, c, volume, minute)
        for i, c in enumerate(closes)
    ]


def test_the_second_consolidates_the_first_bars():
    seq = SequentialConsolidator(TradeBarConsolidator(2), TradeBarConsolidator(2))
    out = []
    seq.data_consolidated += lambda sender, bar: out.append(bar)
    for bar in _minute_bars([10, 11, 12, 13, 14, 15, 16, 17]):
        seq.update(bar)
    assert [(b.open, b.high, b.low, b.close, b.volume) for b in out] == [
        (10, 14, 9, 13, 400),
        (14, 18, 13, 17, 400),
    ]
    assert out[0].end_time == datetime(2024, 1, 2, 9, 34) and seq.current is out[-1]


def test_dollar_volume_bars_hold_a_fixed_traded_value():
    consolidator = DollarVolumeRenkoConsolidator(5000)
    out = []
    consolidator.data_consolidated += lambda sender, bar: out.append(bar)
    for bar in _minute_bars([10.0, 20.0, 30.0], volume=100.0):  # values 1000, 2000, 3000
        consolidator.update(bar)
    assert len(out) == 1 and out[0].volume == 5000 and out[0].close == 30.0
