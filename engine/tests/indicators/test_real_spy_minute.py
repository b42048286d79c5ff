"""Indicators on LEAN's real SPY minute bars (2013-10-07..11, 1,950 regular-hours bars, adjusted
prices) against TA-Lib on the same arrays, rtol = atol = 1e-9 (skipped without the LEAN sample data).

Same configuration and LEAN differences as ``test_talib_agreement.py``: MACD is compared once
TA-Lib's later EMA seed has decayed (last 500 bars). The intraday VWAP (reset each New York day,
typical price) is checked against a pandas per-day cumulative sum.

ADX / +DI / -DI: real prices move in cents, so bars with ``high - prev high == prev low - low > 0``
occur (a tie). LEAN (``AverageDirectionalIndex.cs``) gives such a bar +DM, TA-Lib gives it neither
+DM nor -DM. They are compared with a numpy transcription of TA-Lib's ADX that is first shown to
reproduce TA-Lib with TA-Lib's tie rule, then run with LEAN's.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from engine.data import read_trade_bars
from engine.indicators import (
    AverageDirectionalIndex,
    AverageTrueRange,
    BollingerBands,
    ExponentialMovingAverage,
    IntradayVwap,
    MovingAverageConvergenceDivergence,
    RelativeStrengthIndex,
    SimpleMovingAverage,
    Stochastic,
)
from engine.model import TradeBar
from engine.tests.indicators.conftest import SPY, Series, lean_average_true_range, run

talib = pytest.importorskip("talib")


@pytest.fixture(scope="module")
def spy(lean_data) -> Series:
    arrays = read_trade_bars(
        lean_data, "equity", "usa", "SPY", "minute", "2013-10-07", "2013-10-11"
    )
    assert len(arrays.close) == 5 * 390
    ends = pd.to_datetime(arrays.end, utc=True).tz_convert("America/New_York").tz_localize(None)
    period = timedelta(minutes=1)
    o, h, lo, c, v = (
        np.asarray(x, dtype=float)
        for x in (arrays.open, arrays.high, arrays.low, arrays.close, arrays.volume)
    )
    bars = [
        TradeBar(end.to_pydatetime() - period, SPY, o[i], h[i], lo[i], c[i], v[i], period)
        for i, end in enumerate(ends)
    ]
    return Series(bars, o, h, lo, c, v)


def _cases(s):
    c, h, lo = s.close, s.high, s.low
    macd, signal, hist = talib.MACD(c, 12, 26, 9)
    bb_u, bb_m, bb_l = talib.BBANDS(c, 20, 2.0, 2.0, 0)
    slowk, slowd = talib.STOCH(h, lo, c, 14, 3, 0, 3, 0)
    return [
        ("SMA", lambda: SimpleMovingAverage(20), False, None, talib.SMA(c, 20), 19),
        ("EMA", lambda: ExponentialMovingAverage(20), False, None, talib.EMA(c, 20), 19),
        ("RSI", lambda: RelativeStrengthIndex(14), False, None, talib.RSI(c, 14), 14),
        ("MACD", lambda: MovingAverageConvergenceDivergence(12, 26, 9), False, None, macd, -500),
        (
            "MACD.signal",
            lambda: MovingAverageConvergenceDivergence(12, 26, 9),
            False,
            "signal",
            signal,
            -500,
        ),
        (
            "MACD.histogram",
            lambda: MovingAverageConvergenceDivergence(12, 26, 9),
            False,
            "histogram",
            hist,
            -500,
        ),
        ("BB.middle", lambda: BollingerBands(20, 2), False, "middle_band", bb_m, 19),
        ("BB.upper", lambda: BollingerBands(20, 2), False, "upper_band", bb_u, 19),
        ("BB.lower", lambda: BollingerBands(20, 2), False, "lower_band", bb_l, 19),
        (
            "ATR",
            lambda: AverageTrueRange(14),
            True,
            None,
            lean_average_true_range(talib, h, lo, c, 14),
            13,
        ),
        ("STO.k", lambda: Stochastic(14, 3, 3), True, "stoch_k", slowk, 17),
        ("STO.d", lambda: Stochastic(14, 3, 3), True, "stoch_d", slowd, 17),
    ]


CASE_NAMES = [
    "SMA",
    "EMA",
    "RSI",
    "MACD",
    "MACD.signal",
    "MACD.histogram",
    "BB.middle",
    "BB.upper",
    "BB.lower",
    "ATR",
    "STO.k",
    "STO.d",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_matches_talib_on_spy_minute_bars(spy, name):
    _, factory, bars, attr, expected, start = next(c for c in _cases(spy) if c[0] == name)
    got = run(factory(), spy, bars=bars, attr=attr)
    assert not np.isnan(expected[start:]).any()
    np.testing.assert_allclose(got[start:], expected[start:], rtol=1e-9, atol=1e-9, err_msg=name)


def test_intraday_vwap_on_spy_minute_bars(spy):
    got = run(IntradayVwap(), spy)
    frame = pd.DataFrame(
        {
            "pv": (spy.high + spy.low + spy.close) / 3.0 * spy.volume,
            "v": spy.volume,
            "day": [bar.end_time.date() for bar in spy.bars],
        }
    )
    grouped = frame.groupby("day")
    expected = (grouped.pv.cumsum() / grouped.v.cumsum()).to_numpy()
    assert frame.day.nunique() == 5
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


def _adx_reference(h, lo, c, n: int, *, tie_to_plus: bool):
    """TA-Lib's ADX/+DI/-DI algorithm (Wilder sums seeded over the first ``n - 1`` moves) in numpy,
    with either TA-Lib's (``up > down``) or LEAN's (``up >= down``) rule for +DM."""
    up, down = h[1:] - h[:-1], lo[:-1] - lo[1:]
    plus_wins = (up >= down) if tie_to_plus else (up > down)
    plus = np.where((up > 0) & plus_wins, up, 0.0)
    minus = np.where((down > 0) & (down > up), down, 0.0)
    tr = np.maximum(h[1:] - lo[1:], np.maximum(np.abs(h[1:] - c[:-1]), np.abs(lo[1:] - c[:-1])))
    size = len(h)
    pdi, mdi, dx, adx = (np.full(size, np.nan) for _ in range(4))
    sp, sm, st = plus[: n - 1].sum(), minus[: n - 1].sum(), tr[: n - 1].sum()
    for i in range(n, size):
        sp, sm, st = sp - sp / n + plus[i - 1], sm - sm / n + minus[i - 1], st - st / n + tr[i - 1]
        pdi[i], mdi[i] = 100.0 * sp / st, 100.0 * sm / st
        dx[i] = 100.0 * abs(pdi[i] - mdi[i]) / (pdi[i] + mdi[i])
    adx[2 * n - 1] = dx[n : 2 * n].mean()
    for i in range(2 * n, size):
        adx[i] = (adx[i - 1] * (n - 1) + dx[i]) / n
    return adx, pdi, mdi


def test_adx_on_spy_minute_bars_with_lean_tie_rule(spy):
    h, lo, c, n = spy.high, spy.low, spy.close, 14
    up, down = h[1:] - h[:-1], lo[:-1] - lo[1:]
    assert ((up == down) & (up > 0)).sum() > 10  # ties exist on real cent prices
    talib_rule = _adx_reference(h, lo, c, n, tie_to_plus=False)
    for ref, lib in zip(
        talib_rule,
        (talib.ADX(h, lo, c, n), talib.PLUS_DI(h, lo, c, n), talib.MINUS_DI(h, lo, c, n)),
        strict=True,
    ):
        np.testing.assert_allclose(ref[n:], lib[n:], rtol=1e-9, atol=1e-9)
    lean_rule = _adx_reference(h, lo, c, n, tie_to_plus=True)
    for attr, ref, start in zip(
        (None, "positive_directional_index", "negative_directional_index"),
        lean_rule,
        (2 * n - 1, n, n),
        strict=True,
    ):
        got = run(AverageDirectionalIndex(n), spy, attr=attr)
        np.testing.assert_allclose(
            got[start:], ref[start:], rtol=1e-9, atol=1e-9, err_msg=str(attr)
        )
    assert not np.allclose(lean_rule[1][n:], talib.PLUS_DI(h, lo, c, n)[n:], rtol=1e-9, atol=1e-9)
    # LEAN's ADX is 50 while +DI + -DI == 0 (the first ``n`` bars)
    assert (run(AverageDirectionalIndex(n), spy)[:n] == 50.0).all()
