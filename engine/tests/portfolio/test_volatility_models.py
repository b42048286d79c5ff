"""Volatility models against LEAN's formulas (Common/Securities/Volatility/)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.indicators import SimpleMovingAverage
from engine.model import Resolution, SecurityType, Symbol, TradeBar
from engine.portfolio.security import Security
from engine.portfolio.volatility import (
    IndicatorVolatilityModel,
    RelativeStandardDeviationVolatilityModel,
    StandardDeviationOfReturnsVolatilityModel,
    VolatilityModel,
)

PRICES = [100.0, 101.0, 99.5, 102.0, 103.5, 101.0]


def _bars(prices: list[float], span: timedelta = timedelta(days=1)) -> list[TradeBar]:
    symbol = Symbol.create("SPY", SecurityType.EQUITY, "usa")
    start = datetime(2024, 1, 2)
    return [
        TradeBar(start + i * span, symbol, p, p, p, p, 1000, span) for i, p in enumerate(prices)
    ]


def test_standard_deviation_of_returns_is_annualised_sample_deviation() -> None:
    model = StandardDeviationOfReturnsVolatilityModel(4)
    for bar in _bars(PRICES):
        model.update(None, bar)
    returns = np.array(PRICES[1:]) / np.array(PRICES[:-1]) - 1
    expected = np.std(returns[-4:], ddof=1) * math.sqrt(252)
    assert model.volatility == pytest.approx(expected, rel=1e-12)


def test_returns_model_skips_points_closer_than_its_update_frequency() -> None:
    model = StandardDeviationOfReturnsVolatilityModel(3, Resolution.DAILY)
    for bar in _bars(PRICES, timedelta(hours=12)):
        model.update(None, bar)
    daily = np.array(PRICES[::2])
    expected = np.std(daily[1:] / daily[:-1] - 1, ddof=1) * math.sqrt(252)
    assert model.volatility == pytest.approx(expected, rel=1e-12)


def test_relative_standard_deviation_is_deviation_over_mean() -> None:
    model = RelativeStandardDeviationVolatilityModel(timedelta(days=1), 3)
    for bar in _bars(PRICES):
        model.update(None, bar)
    last = np.array(PRICES[-3:])
    assert model.volatility == pytest.approx(np.std(last, ddof=1) / last.mean(), rel=1e-12)


def test_a_security_feeds_its_indicator_volatility_model() -> None:
    sma = SimpleMovingAverage(2)
    security = Security(
        Symbol.create("SPY", SecurityType.EQUITY, "usa"), resolution=Resolution.DAILY
    )
    assert security.volatility_model is VolatilityModel.NULL
    security.set_volatility_model(
        IndicatorVolatilityModel(sma, lambda sec, data, ind: ind.update(data.end_time, data.price))
    )
    for bar in _bars(PRICES[:3]):
        security.update(bar)
    assert security.volatility_model.volatility == pytest.approx((101.0 + 99.5) / 2)
