"""Heikin-Ashi, balance of power, internal bar strength, accumulation/distribution (and its
oscillator), mid point / mid price, NATR and log return on hand-made bars, against the formulas of
LEAN's Indicators/*.cs worked out by hand or with numpy."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import (
    AccumulationDistribution,
    AccumulationDistributionOscillator,
    BalanceOfPower,
    ExponentialMovingAverage,
    FilteredIdentity,
    HeikinAshi,
    InternalBarStrength,
    LogReturn,
    MidPoint,
    MidPrice,
    NormalizedAverageTrueRange,
)
from engine.model import Market, SecurityType, Symbol, Tick, TickType, TradeBar

SPY = Symbol("SPY", SecurityType.EQUITY, Market.USA)
T0 = datetime(2013, 10, 7)
DAY = timedelta(days=1)
# open, high, low, close, volume
ROWS = [
    (10.0, 12.0, 9.0, 11.0, 1000.0),
    (11.0, 11.5, 10.0, 10.5, 1500.0),
    (10.5, 13.0, 10.5, 12.5, 800.0),
    (12.5, 12.5, 12.5, 12.5, 100.0),
    (12.0, 14.0, 11.0, 13.0, 2000.0),
    (13.0, 13.5, 12.0, 12.2, 1200.0),
]


def bars() -> list[TradeBar]:
    return [TradeBar(T0 + i * DAY, SPY, *row, DAY) for i, row in enumerate(ROWS)]


def test_heikin_ashi_candles():
    ha = HeikinAshi()
    b = bars()
    ha.update(b[0])
    assert not ha.is_ready
    assert ha.open.current.value == pytest.approx((10 + 11) / 2)
    assert ha.close.current.value == pytest.approx((10 + 12 + 9 + 11) / 4)
    assert ha.high.current.value == 12 and ha.low.current.value == 9
    ha.update(b[1])
    assert ha.is_ready
    open_ = (10.5 + 10.5) / 2  # previous HA open and close
    close = (11 + 11.5 + 10 + 10.5) / 4
    assert ha.open.current.value == pytest.approx(open_)
    assert ha.current.value == pytest.approx(close)
    assert ha.high.current.value == pytest.approx(max(11.5, open_, close))
    assert ha.low.current.value == pytest.approx(min(10.0, open_, close))
    assert ha.volume.current.value == 1500.0


def test_balance_of_power_and_internal_bar_strength():
    bop, ibs = BalanceOfPower(), InternalBarStrength()
    values = []
    for b in bars():
        bop.update(b)
        ibs.update(b)
        values.append((bop.current.value, ibs.current.value))
    assert values[0] == pytest.approx(((11 - 10) / 3, (11 - 9) / 3))
    assert values[3] == (0.0, 0.5)  # a bar without range
    assert bop.is_ready and ibs.is_ready and ibs.name == "IBS()"


def test_accumulation_distribution_and_oscillator():
    ad, adosc = AccumulationDistribution(), AccumulationDistributionOscillator(2, 3)
    expected, line = [], 0.0
    for _open, h, low, c, v in ROWS:
        if h > low:
            line += ((c - low) - (h - c)) / (h - low) * v
        expected.append(line)
    fast, slow = ExponentialMovingAverage(2), ExponentialMovingAverage(3)
    for i, b in enumerate(bars()):
        ad.update(b)
        adosc.update(b)
        fast.update(b.end_time, expected[i])
        slow.update(b.end_time, expected[i])
        assert ad.current.value == pytest.approx(expected[i])
        want = fast.current.value - slow.current.value if i >= 2 else 0.0
        assert adosc.current.value == pytest.approx(want)
    assert adosc.is_ready and adosc.name == "ADOSC(2,3)"


def test_midpoint_midprice():
    mid, price = MidPoint(3), MidPrice(3)
    for i, b in enumerate(bars()):
        mid.update(b)
        price.update(b)
        window = ROWS[max(0, i - 2) : i + 1]
        closes = [r[3] for r in window]
        assert mid.current.value == pytest.approx((max(closes) + min(closes)) / 2)
        highs, lows = [r[1] for r in window], [r[2] for r in window]
        assert price.current.value == pytest.approx((max(highs) + min(lows)) / 2)
        assert mid.is_ready == (i >= 2)


def test_normalized_average_true_range():
    period = 3
    natr = NormalizedAverageTrueRange(period)
    b = bars()
    for x in b:
        natr.update(x)
    true_ranges = [
        max(h, pc) - min(low, pc)
        for (_, h, low, _, _), (_, _, _, pc, _) in zip(ROWS[1:], ROWS[:-1], strict=True)
    ]
    # simple mean of the first ``period`` true ranges, then Wilder's smoothing
    atr = sum(true_ranges[:period]) / period
    for tr in true_ranges[period:]:
        atr = (atr * (period - 1) + tr) / period
    assert natr.is_ready
    assert natr.current.value == pytest.approx(atr / ROWS[-1][3] * 100)


def test_log_return():
    logr = LogReturn(2)
    closes = [r[3] for r in ROWS]
    for i, x in enumerate(bars()):
        logr.update(x)
        base = closes[max(0, i - 2)]
        assert logr.current.value == pytest.approx(math.log(closes[i] / base))
    assert logr.is_ready
    assert np.isclose(logr.current.value, math.log(12.2 / 12.5))


def test_filtered_identity_keeps_the_last_accepted_value():
    trades_only = FilteredIdentity("f", lambda d: d.tick_type == TickType.TRADE)
    quote = Tick(T0, SPY, TickType.QUOTE, bid_price=1.0, ask_price=1.2)
    trades_only.update(quote)
    assert trades_only.current.value == 0.0 and not trades_only.is_ready
    trades_only.update(Tick(T0 + DAY, SPY, TickType.TRADE, 5.0, 10))
    trades_only.update(Tick(T0 + 2 * DAY, SPY, TickType.QUOTE, bid_price=7.0, ask_price=7.2))
    assert trades_only.current.value == 5.0 and trades_only.is_ready
