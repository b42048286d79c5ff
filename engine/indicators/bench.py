"""Indicator update cost: ``bench_updates() -> {name: updates per second}`` for SMA, EMA and RSI."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np

from engine.indicators.averages import ExponentialMovingAverage, SimpleMovingAverage
from engine.indicators.oscillators import RelativeStrengthIndex


def bench_updates(n: int = 100_000) -> dict[str, float]:
    """Updates per second of ``update(time, value)`` on a random walk (best of 3 runs)."""
    prices = (100.0 + np.cumsum(np.random.default_rng(1).normal(0, 0.1, n))).tolist()
    start = datetime(2020, 1, 1)
    times = [start + timedelta(minutes=i) for i in range(n)]
    out: dict[str, float] = {}
    for name, factory in (
        ("SMA(14)", lambda: SimpleMovingAverage(14)),
        ("EMA(14)", lambda: ExponentialMovingAverage(14)),
        ("RSI(14)", lambda: RelativeStrengthIndex(14)),
    ):
        best = float("inf")
        for _ in range(3):
            indicator = factory()
            update = indicator.update
            t0 = time.perf_counter()
            for t, p in zip(times, prices, strict=True):
                update(t, p)
            best = min(best, time.perf_counter() - t0)
        out[name] = n / best
    return out


if __name__ == "__main__":
    for key, rate in bench_updates().items():
        print(f"{key:10s} {rate:12,.0f} updates/s")
