"""Exponential averages in System.Decimal's 28 digits, as LEAN's Indicators/
ExponentialMovingAverage.cs: on a price that stops moving, averages of different periods settle
on that exact price and compare equal (float averages stop a few units in the last place off it,
one above the other, and a crossover test flips on a flat price)."""

from __future__ import annotations

from datetime import datetime, timedelta

from engine.indicators import ExponentialMovingAverage, WildersMovingAverage

T0 = datetime(2021, 1, 4, 9, 31)


def feed(indicators, values) -> None:
    for value in values:
        for indicator in indicators:
            indicator.update(T0 + timedelta(minutes=indicator.samples), value)


def test_averages_of_a_flat_price_settle_on_it_exactly() -> None:
    fast, slow = ExponentialMovingAverage(80), ExponentialMovingAverage(200)
    ramp = [3650.0 + 0.37 * i for i in range(300)]
    feed([fast, slow], ramp + [3700.65] * 6000)
    assert fast.current.value == 3700.65
    assert slow.current.value == 3700.65
    assert not fast > slow and not slow > fast


def test_the_seed_and_the_steps_follow_lean() -> None:
    ema = ExponentialMovingAverage(3)
    feed([ema], [1.0, 2.0])
    assert ema.current.value == 0.0 and not ema.is_ready
    feed([ema], [3.0])
    assert ema.current.value == 2.0  # the SMA of the first three
    feed([ema], [4.0])
    assert ema.current.value == 3.0  # 4 * 0.5 + 2 * 0.5
    wilders = WildersMovingAverage(4)
    feed([wilders], [1.0, 2.0, 3.0, 4.0, 6.5])
    assert wilders.current.value == 2.5 * 0.75 + 6.5 * 0.25
    custom = ExponentialMovingAverage(3, 0.1)
    feed([custom], [1.0, 2.0, 3.0, 12.0])
    assert custom.current.value == 12.0 * 0.1 + 2.0 * 0.9
