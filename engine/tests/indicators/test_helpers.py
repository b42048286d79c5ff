"""QCAlgorithm helpers: ``self.sma(...)``-style registration, ``consolidate``, ``register_indicator``,
``subscription_manager`` (driven through the registry as the runner does in step 16), semantics of
``is_ready``/``samples``/``updated``/``window``, extensions, RollingWindow, and an end-to-end run."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.algorithm.imports import (
    Calendar,
    IndicatorExtensions,
    QCAlgorithm,
    Resolution,
    RollingWindow,
    SimpleMovingAverage,
    TradeBar,
    TradeBarConsolidator,
)
from engine.tests.indicators.conftest import random_walk


class Algo(QCAlgorithm):
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol


def minute_series(n: int = 60):
    return random_walk(n, start=datetime(2013, 10, 7, 9, 30), period=timedelta(minutes=1))


def feed(algo, bars):
    for bar in bars:
        algo._consolidators.update(bar)
        utc = bar.end_time + timedelta(hours=4)  # New York is UTC-4 in October 2013
        algo._consolidators.scan(int((utc - datetime(1970, 1, 1)).total_seconds()) * 10**9)


def test_helpers_register_and_update_before_on_data():
    algo = Algo()
    algo.initialize()
    s = minute_series()
    s.bars = [TradeBar(b.time, algo.spy, b.open, b.high, b.low, b.close, b.volume) for b in s.bars]
    sma = algo.sma(algo.spy, 10)
    rsi = algo.RSI(algo.spy, 14, Resolution.MINUTE)
    five = algo.sma(algo.spy, 3, timedelta(minutes=5))
    bars5 = []
    algo.consolidate(algo.spy, timedelta(minutes=5), bars5.append)
    feed(algo, s.bars)
    assert sma.is_ready and sma.samples == 60
    assert sma.current.value == pytest.approx(np.mean(s.close[-10:]))
    assert rsi.samples == 60 and rsi.is_ready
    assert len(bars5) == 12 and bars5[0].end_time == datetime(2013, 10, 7, 9, 35)
    assert five.samples == 12
    assert five.current.value == pytest.approx(np.mean([b.close for b in bars5[-3:]]))


def test_register_indicator_with_selector_and_user_consolidator():
    algo = Algo()
    algo.initialize()
    s = minute_series(30)
    s.bars = [TradeBar(b.time, algo.spy, b.open, b.high, b.low, b.close, b.volume) for b in s.bars]
    highs = SimpleMovingAverage(5)
    algo.register_indicator(algo.spy, highs, Resolution.MINUTE, lambda bar: bar.high)
    consolidator = TradeBarConsolidator(10)
    seen = []
    consolidator.data_consolidated += lambda sender, bar: seen.append(bar)
    algo.subscription_manager.add_consolidator(algo.spy, consolidator)
    weekly = algo.consolidate(algo.spy, Calendar.Weekly, lambda bar: None)
    feed(algo, s.bars)
    assert highs.current.value == pytest.approx(np.mean(s.high[-5:]))
    assert len(seen) == 3
    assert weekly.working_data.time == datetime(2013, 10, 7)
    algo.subscription_manager.remove_consolidator(algo.spy, consolidator)
    assert consolidator not in algo._consolidators.for_symbol(algo.spy)


def test_indicator_semantics_updated_event_window_and_pascal_case():
    sma = SimpleMovingAverage(3)
    got = []
    sma.updated += lambda sender, point: got.append((sender, point.value))
    t = datetime(2020, 1, 1)
    for i, v in enumerate([1.0, 2.0, 3.0, 4.0]):
        ready = sma.update(t + timedelta(days=i), v)
    assert ready and sma.IsReady and sma.Samples == 4 and sma.WarmUpPeriod == 3
    assert [v for _, v in got] == [1.0, 1.5, 2.0, 3.0] and got[0][0] is sma
    assert sma.window[0].value == 3.0 and sma[1].value == 2.0 and sma.Current.Value == 3.0
    assert sma.current.time == t + timedelta(days=3)
    sma.update(t, 100.0)  # older than the last input: ignored (forward only)
    assert sma.samples == 4
    assert sma > 2 and float(sma) == 3.0
    sma.Updated -= got.append  # removing an unknown handler is harmless
    sma.reset()
    assert not sma.is_ready and sma.samples == 0 and sma.current.value == 0.0


def test_extensions_of_plus_minus_times_over_weighted_by():
    t = datetime(2020, 1, 1)
    a, b = SimpleMovingAverage(1), SimpleMovingAverage(1)
    of = IndicatorExtensions.SMA(a, 2)
    diff, ratio, plus, times = a.minus(b), a.over(b), a.plus(10), IndicatorExtensions.Times(a, b)
    weighted = a.weighted_by(b, 2)
    for i, (x, y) in enumerate([(2.0, 1.0), (4.0, 2.0), (6.0, 4.0)]):
        a.update(t + timedelta(days=i), x)
        b.update(t + timedelta(days=i), y)
    assert of.current.value == 5.0 and of.is_ready
    assert diff.current.value == 2.0 and ratio.current.value == 1.5 and plus.current.value == 16.0
    assert times.current.value == 24.0
    assert weighted.current.value == pytest.approx((4 * 2 + 6 * 4) / 6)


def test_rolling_window():
    w = RollingWindow[float](3)
    for v in (1, 2, 3, 4):
        w.add(v)
    assert (w[0], w[2], w.count, w.size, w.is_ready, w.samples) == (4, 2, 3, 3, True, 4)
    assert list(w) == [4, 3, 2] and w.most_recently_removed == 1
    with pytest.raises(IndexError):
        w[3]
    w.reset()
    assert w.count == 0 and not w.IsReady and RollingWindow(5)[1] is None


def test_backtest_end_to_end(lean_data):
    from engine.runner.runners import BacktestRunner

    class SmaAlgo(QCAlgorithm):
        def initialize(self):
            self.set_start_date(2013, 10, 7)
            self.set_end_date(2013, 10, 8)
            self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol
            self.fast = self.sma(self.spy, 10)
            self.bars = []
            self.consolidate(self.spy, timedelta(minutes=30), self.bars.append)
            self.daily = []
            self.consolidate(self.spy, Resolution.DAILY, self.daily.append)
            self.seen = []

        def on_data(self, data):
            if (
                data.contains_key(self.spy)
                if hasattr(data, "contains_key")
                else self.spy in data.bars
            ):
                self.seen.append((self.time, self.fast.samples, data.bars[self.spy].close))

    algo = SmaAlgo()
    runner = BacktestRunner(algo, lean_data)
    runner.initialize()
    runner.run()
    assert algo.fast.is_ready
    t, samples, _ = algo.seen[0]
    assert samples == 1  # updated in step 16, before on_data
    assert algo.bars[0].end_time == datetime(2013, 10, 7, 10, 0)
    assert [(b.time, b.end_time) for b in algo.daily][:1] == [
        (datetime(2013, 10, 7, 9, 30), datetime(2013, 10, 7, 16, 0))
    ]
