"""Indicators TA-Lib has no single function for, against independent implementations on the same
inputs, configured to LEAN's definitions (read from LEAN's ``Indicators/*.cs``):

- HMA: TA-Lib ``WMA`` composed as ``WMA(2 * WMA(round(n/2)) - WMA(n), round(sqrt(n)))``; LEAN rounds
  with C#'s ``Math.Round`` (halves to even, as Python's ``round``), so HMA(7) uses a fast WMA(4) and
  HMA(14) a Hull WMA(4) (not the ``floor`` some libraries use).
- Keltner Channels: TA-Lib ``TYPPRICE`` / ``SMA`` / ``EMA`` / ``TRANGE``. LEAN's middle band is the
  moving average of the *typical price* (H+L+C)/3 (not the close) and its ATR is always a *simple*
  average of the true range whatever the moving average type (``ta``'s Keltner uses a high-low
  range or an EMA of the close with Wilder's ATR: not LEAN's, hence TA-Lib building blocks).
- Ichimoku: the ``ta`` package (``IchimokuIndicator``, ``visual=True`` shifts spans by 26) for
  Tenkan, Kijun, Senkou A and B; Chikou by a pandas shift. LEAN difference: Senkou B is computed
  before the bar reaches its delayed max/min, so it is the 52-bar mid of **27** bars ago (``ta``:
  26); the test shifts ``ta``'s Senkou B by one more bar. LEAN's ``Delay`` returns the first input
  until ready, so Chikou is the first close for the first 26 bars.
- Intraday VWAP: ``ta``'s ``VolumeWeightedAveragePrice`` (typical price (H+L+C)/3, LEAN's choice)
  run per calendar day of the bar's end time with an expanding window (LEAN resets each day).
- Rolling VWAP (``VolumeWeightedAveragePriceIndicator``): ``ta``'s VWAP over ``period`` bars fed
  LEAN's price ``(O+H+L+C)/4`` as high, low and close (``ta`` averages H, L, C itself).
- Beta: TA-Lib ``BETA(reference, target, n)`` (slope of simple returns; LEAN: covariance of the
  target's and the reference's simple close-to-close returns over ``n`` returns / variance of the
  reference's), and a pandas cov/var check.
- Correlation: TA-Lib ``CORREL`` and pandas ``rolling.corr``: Pearson on *prices* (closes) over
  ``n`` aligned bars (LEAN's default ``CorrelationType.Pearson``), not on returns.

Tolerance: ``rtol=atol=1e-9`` from the first bar where both sides are defined.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from engine.indicators import (
    Beta,
    Correlation,
    HullMovingAverage,
    IchimokuKinkoHyo,
    IntradayVwap,
    KeltnerChannels,
    MovingAverageType,
    VolumeWeightedAveragePriceIndicator,
)
from engine.model import Market, SecurityType, Symbol
from engine.tests.indicators.conftest import random_walk, run

talib = pytest.importorskip("talib")
ta = pytest.importorskip("ta")

TOL = {"rtol": 1e-9, "atol": 1e-9}


@pytest.mark.parametrize("period", [4, 7, 9, 14, 16, 20])
def test_hma_matches_composed_talib_wma(walk, period):
    c = walk.close
    fast, k = round(period / 2), round(math.sqrt(period))
    expected = talib.WMA(2.0 * talib.WMA(c, fast) - talib.WMA(c, period), k)
    indicator = HullMovingAverage(period)
    got = run(indicator, walk, bars=False)
    start = period + k - 2
    assert indicator.warm_up_period == period + k - 1
    np.testing.assert_allclose(got[start:], expected[start:], **TOL)
    assert np.isnan(expected[start - 1])


@pytest.mark.parametrize("ma", [MovingAverageType.SIMPLE, MovingAverageType.EXPONENTIAL])
def test_keltner_matches_talib_typical_price_and_simple_atr(walk, ma):
    h, lo, c = walk.high, walk.low, walk.close
    period, k = 20, 1.5
    typical = talib.TYPPRICE(h, lo, c)
    middle = (
        talib.SMA(typical, period) if ma == MovingAverageType.SIMPLE else talib.EMA(typical, period)
    )
    atr = talib.SMA(talib.TRANGE(h, lo, c), period)  # simple ATR even for an EMA middle band
    kc = KeltnerChannels(period, k, ma)
    got_mid = run(kc, walk)
    kc.reset()
    got_up = run(kc, walk, attr="upper_band")
    kc.reset()
    got_lo = run(kc, walk, attr="lower_band")
    np.testing.assert_allclose(got_mid[period - 1 :], middle[period - 1 :], **TOL)
    np.testing.assert_allclose(got_up[period:], (middle + k * atr)[period:], **TOL)
    np.testing.assert_allclose(got_lo[period:], (middle - k * atr)[period:], **TOL)
    assert not got_up[: period - 1].any() and not got_lo[: period - 1].any()
    assert kc.is_ready and kc.warm_up_period == period


def test_ichimoku_matches_ta_with_lean_delays(walk):
    h, lo, c = (pd.Series(x) for x in (walk.high, walk.low, walk.close))
    ref = ta.trend.IchimokuIndicator(h, lo, window1=9, window2=26, window3=52, visual=True)
    expected = {
        "tenkan": (ref.ichimoku_conversion_line().to_numpy(), 8),
        "kijun": (ref.ichimoku_base_line().to_numpy(), 25),
        "senkou_a": (ref.ichimoku_a().to_numpy(), 25 + 26),
        "senkou_b": (ref.ichimoku_b().shift(1).to_numpy(), 51 + 27),  # LEAN: one more bar of delay
        "chikou": (c.shift(26, fill_value=c.iloc[0]).to_numpy(), 0),
    }
    for attr, (values, start) in expected.items():
        ichimoku = IchimokuKinkoHyo(9, 26, 26, 52, 26, 26)
        got = run(ichimoku, walk, attr=attr)
        np.testing.assert_allclose(got[start:], values[start:], err_msg=attr, **TOL)
        if attr != "chikou":
            assert not got[:start].any(), f"{attr} is 0 until ready"
    ichimoku = IchimokuKinkoHyo()
    np.testing.assert_allclose(run(ichimoku, walk), walk.close, **TOL)  # the value is the close
    assert ichimoku.warm_up_period == 78


def test_ichimoku_ready_when_lean_is():
    series = random_walk(120)
    ichimoku = IchimokuKinkoHyo()
    ready = []
    for bar in series.bars:
        ichimoku.update(bar)
        ready.append(ichimoku.is_ready)
    # Senkou B's delayed max/min receive their 27th value on bar 78 (the 52-bar max is ready on bar 52)
    assert ready.index(True) == 77


def _intraday_reference(series) -> np.ndarray:
    """``ta``'s VWAP per calendar day (of the bar end time) with a window covering the whole day."""
    frame = pd.DataFrame(
        {
            "h": series.high,
            "l": series.low,
            "c": series.close,
            "v": series.volume,
            "day": [bar.end_time.date() for bar in series.bars],
        }
    )
    out = []
    for _, day in frame.groupby("day", sort=False):
        vwap = ta.volume.VolumeWeightedAveragePrice(
            day.h, day.l, day.c, day.v, window=len(day), fillna=True
        )
        out.append(vwap.volume_weighted_average_price().to_numpy())
    return np.concatenate(out)


def test_intraday_vwap_resets_daily_like_ta_per_day():
    # 5-minute bars over ~50 hours: the VWAP must restart on each new date of the bar end time
    series = random_walk(600, seed=3, period=timedelta(minutes=5))
    days = {bar.end_time.date() for bar in series.bars}
    assert len(days) == 3
    got = run(IntradayVwap(), series)
    np.testing.assert_allclose(got, _intraday_reference(series), **TOL)


@pytest.mark.parametrize("period", [5, 20])
def test_rolling_vwap_matches_ta_on_ohlc4(walk, period):
    ohlc4 = pd.Series((walk.open + walk.high + walk.low + walk.close) / 4.0)
    expected = ta.volume.VolumeWeightedAveragePrice(
        ohlc4, ohlc4, ohlc4, pd.Series(walk.volume), window=period
    ).volume_weighted_average_price()
    indicator = VolumeWeightedAveragePriceIndicator(period)
    got = run(indicator, walk)
    np.testing.assert_allclose(got[period - 1 :], expected.to_numpy()[period - 1 :], **TOL)
    assert indicator.is_ready and indicator.warm_up_period == period


AAPL = Symbol("AAPL", SecurityType.EQUITY, Market.USA)


def _pair_run(indicator, target, reference) -> np.ndarray:
    out = np.empty(len(target.bars))
    for i, (a, b) in enumerate(zip(target.bars, reference.bars, strict=True)):
        indicator.update(a)
        indicator.update(b)
        out[i] = indicator.current.value
    return out


@pytest.fixture(scope="module")
def pair():
    target = random_walk(300, seed=11, symbol=AAPL)
    reference = random_walk(300, seed=7)
    # make the target partly follow the reference so beta and correlation are far from 0
    mixed = target.close * 0.5 + reference.close * 0.5
    for bar, close in zip(target.bars, mixed, strict=True):
        bar.close = float(close)
        bar.high = max(bar.high, bar.close)
        bar.low = min(bar.low, bar.close)
    target.close = mixed
    return target, reference


@pytest.mark.parametrize("period", [5, 20])
def test_beta_matches_talib_and_pandas(pair, period):
    target, reference = pair
    spy = reference.bars[0].symbol
    beta = Beta(AAPL, spy, period)
    got = _pair_run(beta, target, reference)
    expected = talib.BETA(reference.close, target.close, period)
    returns = pd.DataFrame({"t": target.close, "r": reference.close}).pct_change()
    by_pandas = (
        returns.t.rolling(period).cov(returns.r) / returns.r.rolling(period).var()
    ).to_numpy()
    np.testing.assert_allclose(got[period:], expected[period:], **TOL)
    np.testing.assert_allclose(got[period:], by_pandas[period:], **TOL)
    assert beta.is_ready and beta.warm_up_period == period + 1
    assert 0.2 < np.mean(got[period:]) < 2.0


@pytest.mark.parametrize("period", [5, 20])
def test_correlation_matches_talib_and_pandas_on_prices(pair, period):
    target, reference = pair
    spy = reference.bars[0].symbol
    corr = Correlation(AAPL, spy, period)
    got = _pair_run(corr, target, reference)
    expected = talib.CORREL(target.close, reference.close, period)
    by_pandas = pd.Series(target.close).rolling(period).corr(pd.Series(reference.close)).to_numpy()
    np.testing.assert_allclose(got[period - 1 :], expected[period - 1 :], rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(got[period - 1 :], by_pandas[period - 1 :], **TOL)
    assert corr.is_ready and corr.warm_up_period == period


def test_sma_of_decimal_prices_is_exact_as_lean_decimal_sum():
    """LEAN sums in System.Decimal: a mean equal to a price is not below it. A float running sum
    over these closes drifts to 145.4129015879999 < 145.412901588."""
    from datetime import datetime, timedelta
    from decimal import Decimal

    from engine.indicators.averages import SimpleMovingAverage

    closes = [145.43019412, 145.39560906, 145.412901588, 145.38696279, 145.447486652]
    closes += [145.37831652, 145.43019412, 145.412901588, 145.43884038, 145.39560906]
    closes += [145.412901588, 145.40425532, 145.42154786]
    sma = SimpleMovingAverage(10)
    t = datetime(2013, 10, 7, 10)
    running = []
    for i, close in enumerate(closes):
        sma.update(t + timedelta(minutes=i), close)
        running.append(sma.current.value)
    for i in range(9, len(closes)):
        window = closes[i - 9 : i + 1]
        exact = float(sum(Decimal(repr(v)) for v in window) / 10)
        assert running[i] == exact
    sma.reset()
    sma.update(t, float("inf"))
    for i in range(1, 11):
        sma.update(t + timedelta(minutes=i), 1.0)
    assert sma.current.value != sma.current.value  # NaN, as a float sum would give, not an error
