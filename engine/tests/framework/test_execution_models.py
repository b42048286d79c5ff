"""Execution models added for LEAN's regression algorithms, against LEAN's rules
(Algorithm.Framework/Execution/*.py, Common/.../OrderSizing.cs), on hand-made securities."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from engine.framework import (
    OrderSizing,
    SpreadExecutionModel,
    StandardDeviationExecutionModel,
    VolumeWeightedAveragePriceExecutionModel,
)
from engine.framework.execution import IntradayVwap
from engine.model.data import TradeBar


def _security(price=100.0, bid=99.9, ask=100.1, volume=1000.0, is_open=True):
    return SimpleNamespace(
        symbol="A",
        price=price,
        bid_price=bid,
        ask_price=ask,
        volume=volume,
        conversion_rate=1.0,
        symbol_properties=SimpleNamespace(lot_size=1.0, contract_multiplier=1.0),
        exchange=SimpleNamespace(exchange_open=is_open),
    )


def test_order_sizing_caps_value_and_volume():
    security = _security(price=50.0, volume=1234.0)
    assert OrderSizing.get_order_size_for_maximum_value(security, 20000, 1000) == 400
    assert OrderSizing.get_order_size_for_maximum_value(security, 20000, -150) == -150
    assert OrderSizing.get_order_size_for_percent_volume(security, 0.01, -500) == -12
    assert OrderSizing.get_order_size_for_maximum_value(_security(price=0.0), 1, 5) == 0


def test_spread_is_favorable_within_the_accepted_spread_while_open():
    model = SpreadExecutionModel(0.005)
    assert model.spread_is_favorable(_security(bid=99.8, ask=100.2))  # 0.4%
    assert not model.spread_is_favorable(_security(bid=99.6, ask=100.2))  # 0.6%
    assert not model.spread_is_favorable(_security(is_open=False))
    assert not model.spread_is_favorable(_security(bid=0.0))


def test_standard_deviation_model_needs_the_price_beyond_the_band():
    model = StandardDeviationExecutionModel(deviations=2)
    data = {
        "security": _security(bid=95.0, ask=105.0),
        "sma": SimpleNamespace(current=SimpleNamespace(value=100.0)),
        "std": SimpleNamespace(current=SimpleNamespace(value=2.0)),
    }
    assert model.price_is_favorable(data, 10)  # bid 95 < 100 - 4
    assert model.price_is_favorable(data, -10)  # ask 105 > 100 + 4
    data["std"].current.value = 3.0
    assert not model.price_is_favorable(data, 10) and not model.price_is_favorable(data, -10)


def _bar(day: int, minute: int, high: float, low: float, close: float, volume: float):
    return TradeBar(datetime(2024, 1, day, 10, minute), "A", close, high, low, close, volume)


def test_intraday_vwap_weights_typical_prices_and_resets_each_day():
    vwap = IntradayVwap()
    vwap.update(_bar(2, 0, 12, 9, 9, 100))  # typical 10
    vwap.update(_bar(2, 1, 22, 19, 19, 300))  # typical 20
    assert vwap.value == pytest.approx((10 * 100 + 20 * 300) / 400) and vwap.is_ready
    vwap.update(_bar(3, 0, 33, 30, 30, 50))  # next day: starts over
    assert vwap.value == pytest.approx(31)


def test_vwap_model_buys_below_and_sells_above_the_vwap():
    model = VolumeWeightedAveragePriceExecutionModel()
    data = {"security": _security(bid=99.0, ask=101.0), "vwap": SimpleNamespace(value=100.0)}
    assert model.price_is_favorable(data, 5) and model.price_is_favorable(data, -5)
    data["vwap"].value = 102.0
    assert model.price_is_favorable(data, 5) and not model.price_is_favorable(data, -5)
