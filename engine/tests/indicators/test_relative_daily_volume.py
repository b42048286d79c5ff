"""RelativeDailyVolume against LEAN's formula (Indicators/RelativeDailyVolume.cs), worked by hand
on three days of bars, and its helper ``rdv``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.algorithm.qcalgorithm import QCAlgorithm
from engine.indicators import RelativeDailyVolume
from engine.model import Market, Resolution, SecurityType, Symbol, TradeBar

SPY = Symbol("SPY", SecurityType.EQUITY, Market.USA)
HOUR = timedelta(hours=1)


def bar(day: int, hour: int, minute: int, volume: float) -> TradeBar:
    return TradeBar(datetime(2021, 4, day, hour, minute), SPY, 1, 1, 1, 1, volume, HOUR)


def test_today_volume_over_the_average_cumulative_volume_at_that_time():
    rdv = RelativeDailyVolume(2)
    assert rdv.name == "RDV(2)"
    # days 1 and 2: not ready, 0
    for b in (bar(5, 10, 0, 100), bar(5, 11, 0, 200), bar(6, 10, 0, 300), bar(6, 11, 0, 100)):
        rdv.update(b)
        assert rdv.current.value == 0 and not rdv.is_ready
    # day 3: averages of the cumulative volume at 10:00 (100, 300) and at 11:00 (300, 400)
    rdv.update(bar(7, 10, 0, 50))
    assert rdv.is_ready
    assert rdv.current.value == pytest.approx(50 / 200)
    # 10:30 has no average of its own: the latest time before it (10:00)
    rdv.update(bar(7, 10, 30, 25))
    assert rdv.current.value == pytest.approx(75 / 200)
    rdv.update(bar(7, 11, 0, 400))
    assert rdv.current.value == pytest.approx(475 / 350)
    # after the last time with an average LEAN finds none (its search needs a later time): 0
    rdv.update(bar(7, 12, 0, 10))
    assert rdv.current.value == 0
    rdv.reset()
    assert not rdv.is_ready and rdv.samples == 0


def test_rdv_helper_name_and_default_resolution():
    algo = QCAlgorithm()
    spy = algo.add_equity("SPY", Resolution.HOUR).symbol
    indicator = algo.RDV(spy, 3)
    assert isinstance(indicator, RelativeDailyVolume) and indicator.period == 3
    assert indicator.name == "RDV(3,SPY_day)"
    assert algo.rdv(spy).name == "RDV(2,SPY_day)"
